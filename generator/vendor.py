"""Front-end libraries from npm (package.json pins them) that pages load, shipped by the build:
copied from node_modules into docs/vendor/, which MkDocs publishes as it is."""
from __future__ import annotations

from pathlib import Path

from .errors import InputError

# Where `npm ci` put them: beside the generator's own code, as .venv holds its Python libraries.
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
FOLDER = "vendor"  # under docs/ and the site

# KaTeX typesets the math in abstracts (javascripts/math.js loads it on pages that have some).
# Only the WOFF2 fonts: every browser that runs KaTeX reads them, and it asks for no other format.
KATEX = ("katex/dist/katex.min.js", "katex/dist/katex.min.css", "katex/dist/fonts/*.woff2")


def vendor_files() -> dict[str, bytes]:
    """{path under docs/: content} of the libraries' files."""
    files = {}
    for pattern in KATEX:
        found = sorted(NODE_MODULES.glob(pattern))
        if not found:
            raise InputError(NODE_MODULES / pattern, "is missing", "run 'npm ci' (make does) to install the "
                             "front-end libraries package.json pins")
        for path in found:
            files[f"{FOLDER}/{path.relative_to(NODE_MODULES).as_posix().replace('/dist/', '/')}"] = path.read_bytes()
    return files
