"""Search: the archive analysed as lunr does (`analysis`), written as an index split by term
(`index`) into the site, for docs/javascripts/search-engine.js to query in the browser."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..writer import sync_tree
from .index import index_files


@dataclass
class Indexed:
    files: int
    bytes: int
    written: int  # files whose content changed
    bytes_written: int


def build_search_index(archive: Archive, target: Path) -> Indexed:
    """Bring the index folder `target` up to date: files whose content changed are replaced (never
    written into: a full build's folder holds links to the published files), stale ones removed."""
    files = index_files(archive)
    target.mkdir(parents=True, exist_ok=True)
    managed = tuple(sorted({p.split("/")[0] for p in files} | {p.name for p in target.iterdir()}))
    written, _ = sync_tree(target, files, managed)
    for folder, subfolders, names in os.walk(target, topdown=False):  # a replaced segment's folders
        if not subfolders and not names and folder != str(target):
            os.rmdir(folder)
    sizes = {target / path: len(text.encode("utf-8")) for path, text in files.items()}
    return Indexed(len(files), sum(sizes.values()), len(written), sum(sizes[p] for p in written))
