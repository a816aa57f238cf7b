"""Front-end libraries from npm (package.json pins them) that pages load, shipped by the build: KaTeX
copied from node_modules into docs/vendor/, which MkDocs publishes as it is; lunr.js into the search
index (search/index.py minifies it)."""
from __future__ import annotations

from pathlib import Path

from .errors import InputError

# Where `npm ci` put them: beside the generator's own code, as .venv holds its Python libraries.
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
FOLDER = "vendor"  # under docs/ and the site

# KaTeX typesets the math in abstracts (javascripts/math.js loads it on pages that have some).
# Only the WOFF2 fonts: every browser that runs KaTeX reads them, and it asks for no other format.
KATEX = ("katex/dist/katex.min.js", "katex/dist/katex.min.css", "katex/dist/fonts/*.woff2")
# lunr.js runs a reader's query on the search page against the index search/ writes, analysed as it does.
LUNR = "lunr/lunr.js"


def _found(pattern: str) -> list[Path]:
    found = sorted(NODE_MODULES.glob(pattern))
    if not found:
        raise InputError(NODE_MODULES / pattern, "is missing", "run 'npm ci' (make does) to install the "
                         "front-end libraries package.json pins")
    return found


def vendor_files() -> dict[str, bytes]:
    """{path under docs/: content} of KaTeX's files."""
    return {f"{FOLDER}/{path.relative_to(NODE_MODULES).as_posix().replace('/dist/', '/')}": path.read_bytes()
            for pattern in KATEX for path in _found(pattern)}


def lunr_source() -> str:
    """lunr.js as npm ships it, unminified."""
    return _found(LUNR)[0].read_text("utf-8")
