"""The search index: Pagefind, fed one small record per paper made from the archive's own data.

Only paper pages are indexed, so day and tag pages (which repeat every title) never crowd out
the paper a reader is looking for. Each record is a few lines of HTML carrying the title (weighted
above the abstract), filters, sort keys and the metadata results show; Pagefind's CLI indexes the
folder of records in one run. This is far lighter than letting it parse the full Material pages
(benchmarks/search.py measures both), and avoids the Python API, which waits 0.1 s per record.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .archive import Archive
from .errors import InputError
from .pages import environment


def build_search_index(archive: Archive, site: Path) -> None:
    """Write site/pagefind/ for the archive, replacing any previous index whole."""
    template = environment().get_template("search_record.html.j2")
    # Beside site/ (same file system, so the rename is atomic) and never inside what is published.
    with tempfile.TemporaryDirectory(prefix=".search-", dir=site.parent) as work:
        records, output = Path(work) / "records", Path(work) / "pagefind"
        for paper in archive.papers.values():
            page = records / "papers" / paper.slug / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(template.render(paper=paper), encoding="utf-8")
        cmd = [sys.executable, "-m", "pagefind", "--site", str(records), "--output-path", str(output),
               "--force-language", "en", "--silent"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise InputError("pagefind", f"indexing failed: {(result.stderr or result.stdout).strip()}",
                             "check that 'pagefind[bin]' is installed (make site installs it)")
        target = site / "pagefind"
        if target.exists():
            shutil.rmtree(target)
        output.rename(target)
