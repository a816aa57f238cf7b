"""Search: the archive analysed as lunr does (`analysis`), written as an index split by term
(`index`) into the site, for docs/javascripts/search-engine.js to query in the browser."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..archive import Archive
from ..writer import files_under, sync_tree
from .index import MANIFEST, index_files, segment_name


@dataclass
class Indexed:
    files: int
    bytes: int
    written: int  # files whose content changed
    bytes_written: int


def build_search_index(archive: Archive, target: Path) -> Indexed:
    """Bring the index folder `target` up to date: files whose content changed are replaced (never
    written into: a full build's folder holds links to the published files), stale ones removed,
    and a segment whose papers are unchanged is kept as it is, once its files prove to be intact."""
    target.mkdir(parents=True, exist_ok=True)
    try:
        built = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        built = None
    made = index_files(archive, built if isinstance(built, dict) else None)
    if not all(_intact(target / folder) for folder in made.kept):
        made = index_files(archive)
    files = made.files
    kept = {str(target / folder) for folder in made.kept}
    top = {p.split("/")[0] for p in files} | {p.name for p in target.iterdir()}
    segments = target / "segments"
    managed = [name for name in top if name != "segments"] + [
        f"segments/{p.name}" for p in (segments.iterdir() if segments.is_dir() else []) if str(p) not in kept]
    written, _ = sync_tree(target, files, tuple(sorted(managed)))
    # A replaced segment's folders, its own too: listed again, as its subfolders went a step before.
    for folder, _, _ in os.walk(target, topdown=False):
        if folder != str(target) and not os.listdir(folder):
            os.rmdir(folder)
    sizes = {target / path: len(data) for path, data in files.items()}
    kept_sizes = [os.path.getsize(os.path.join(folder, name)) for top_folder in kept
                  for folder, _, names in os.walk(top_folder) for name in names]
    return Indexed(len(files) + len(kept_sizes), sum(sizes.values()) + sum(kept_sizes),
                   len(written), sum(sizes[p] for p in written))


def _intact(folder: Path) -> bool:
    """Whether a segment's folder holds exactly the files its name (their hash) was made from."""
    start = folder.name.split("-")[0]
    try:
        files = {}
        for path in files_under(folder):  # strings: Path objects for 7,000 files took half a second
            with open(folder / path, "rb") as f:
                files[path] = f.read()
    except OSError:
        return False
    return bool(files) and segment_name(files, int(start)) == folder.name
