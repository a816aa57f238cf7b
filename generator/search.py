"""The search index: Pagefind, fed one small record per paper made from the archive's own data.

Only paper pages are indexed, so day and tag pages (which repeat every title) never crowd out
the paper a reader is looking for. Each record is a few lines of HTML carrying the title (weighted
above the abstract), filters, sort keys and the metadata results show; Pagefind's CLI indexes a
folder of records in one run. This is far lighter than letting it parse the full Material pages
(benchmarks/search.py measures both), and avoids the Python API, which waits 0.1 s per record.

Pagefind holds everything it indexes in memory, about 130 KB per record: one index of 50,000
papers peaked near 6 GB. So the records are dealt into bundles of about PAPERS_PER_BUNDLE, indexed one
after another and merged back into one search in the browser (Pagefind's mergeIndex). Papers are
dealt in the order they were first featured, and a record holds nothing a later day changes (it
shows the day a paper was first featured), so a new day's papers change only the last bundle: the
daily update re-indexes one bundle, not all. The last bundle holds from half a bundle to one and a
half, never a few papers alone, so every bundle is large enough for the relevance scores of
different bundles to compare. pagefind/bundles.json lists the bundles with a hash of their records;
a build re-indexes only the bundles whose records changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from .archive import Archive
from . import urls
from .errors import BuildError
from .pages import environment

MANIFEST = "bundles.json"
# Small enough that the daily update's one bundle indexes faster than MkDocs renders beside it, and
# that Pagefind (about 130 KB a record) stays under 1.6 GB even for the last bundle, which holds up to
# one and a half; each bundle adds an index chunk per query term.
PAPERS_PER_BUNDLE = 8_000


def search_records(archive: Archive, per_bundle: int = PAPERS_PER_BUNDLE) -> dict[str, dict[str, str]]:
    """{bundle name: {slug: record HTML}}: papers in the order first featured, per_bundle to a bundle,
    the last taking the rest (from half a bundle to one and a half)."""
    template = environment().get_template("search_record.html.j2")
    papers = sorted(archive.papers.values(), key=lambda p: (p.days[0], p.slug))
    count = max(1, int(len(papers) / per_bundle + 0.5))
    bundles: dict[str, dict[str, str]] = defaultdict(dict)
    for rank, paper in enumerate(papers):
        name = str(min(rank // per_bundle, count - 1))
        bundles[name][paper.slug] = template.render(paper=paper, bundle=name)
    return dict(bundles)


def _fingerprint(records: dict[str, str]) -> str:
    sha = hashlib.sha256()
    for slug in sorted(records):
        sha.update(f"{slug}\0{records[slug]}\0".encode())
    return sha.hexdigest()


def build_search_index(archive: Archive, target: Path, scratch: Path,
                       per_bundle: int = PAPERS_PER_BUNDLE) -> tuple[int, int]:
    """Bring the index folder `target` up to date, working in `scratch` (on the same file system);
    returns (bundles rebuilt, bundles in all). Files are replaced, never written into."""
    manifest = target / MANIFEST
    try:
        built = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        built = {}
    bundles = search_records(archive, per_bundle)
    wanted = {name: _fingerprint(records) for name, records in bundles.items()}
    stale = [name for name, fingerprint in wanted.items()
             if built.get(name) != fingerprint or not (target / name / "pagefind-entry.json").exists()]

    target.mkdir(parents=True, exist_ok=True)
    for name in stale:
        _index(bundles[name], target / name, scratch)
    for leftover in target.iterdir():
        if leftover.name not in wanted and leftover.name != MANIFEST:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    # Written last: a build cut short leaves an old hash, so the next build redoes that bundle.
    written = manifest.with_name(f".{MANIFEST}.tmp")
    written.write_text(json.dumps(dict(sorted(wanted.items(), key=lambda kv: int(kv[0]))), indent=1) + "\n",
                       encoding="utf-8")
    os.replace(written, manifest)
    return len(stale), len(wanted)


def _index(records: dict[str, str], bundle: Path, scratch: Path) -> None:
    """Index one bundle's records with Pagefind's CLI into bundle/, replacing it whole."""
    # In scratch: the same file system, so the rename is atomic, and never published.
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".search-", dir=scratch) as work:
        folder, output = Path(work) / "records", Path(work) / "pagefind"
        for slug, html in records.items():
            page = folder / urls.html(urls.paper(slug))
            page.parent.mkdir(parents=True)
            page.write_text(html, encoding="utf-8")
        cmd = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output),
               "--force-language", "en", "--silent"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"the search index failed: {(result.stderr or result.stdout).strip()}; "
                             "check that 'pagefind[bin]' is installed (make site installs it)")
        if bundle.exists():
            shutil.rmtree(bundle)
        output.rename(bundle)
