"""Writing files: all or nothing, and never touching a file whose content is unchanged.

Files are written beside their targets under temporary names and renamed into place only when all
are written. Where several files must change together (a digest and the slug registry), a journal
listing the renames is written first, so that a command killed half-way through the renames is
completed by the next one (`recover`); temporary files a killed command left are removed.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from .errors import InputError
from .faults import crash_point

_TEMPORARY = re.compile(r"\..+\.\d+\.tmp")  # what _temporary() names


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _unchanged(path: Path, data: bytes) -> bool:
    # Bytes, not text: decoding every page to compare it would cost several times the reading.
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_files(files: Mapping[Path, str | bytes], journal: Path | None = None) -> list[Path]:
    """Write all files or none (text as UTF-8); files whose content is unchanged are left alone.
    Returns those written. With a journal, the renames are recorded first, so a kill during them is
    completed by `recover`."""
    encoded = ((p, text if isinstance(text, bytes) else text.encode("utf-8")) for p, text in files.items())
    changed = {p: data for p, data in encoded if not _unchanged(p, data)}
    staged: list[tuple[Path, Path]] = []
    try:
        for folder in {p.parent for p in changed}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in changed.items():
            tmp = _temporary(path)
            tmp.write_bytes(data)
            staged.append((tmp, path))
        if journal and len(staged) > 1:
            crash_point("journal-staged")
            journal.parent.mkdir(parents=True, exist_ok=True)
            record = _temporary(journal)
            record.write_text(json.dumps([[str(t), str(p)] for t, p in staged]), encoding="utf-8")
            os.replace(record, journal)  # from here on, the change is made: by us, or by the next command
            crash_point("journal-written")
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
        crash_point(f"renamed {path.name}")
    if journal:
        journal.unlink(missing_ok=True)
    return sorted(changed)


def recover(journal: Path, folder: Path) -> None:
    """Finish the renames a killed write_files journaled, then remove the temporary files it left in
    folder. Only while no other command runs (the project's lock)."""
    if journal.exists():
        for tmp, path in json.loads(journal.read_text(encoding="utf-8")):
            if Path(tmp).exists():
                os.replace(tmp, path)
        journal.unlink()
    if folder.is_dir():
        for leftover in folder.iterdir():
            if _TEMPORARY.fullmatch(leftover.name):
                leftover.unlink()


def gzipped(text: str) -> bytes:
    """A file the site serves as stored, gzip-compressed: the same bytes every build (no timestamp or
    file name), at level 6 (9 saves about a percent, in several times as long)."""
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def files_under(root: Path, name: str = "") -> Iterator[str]:
    """The files under root/name, as paths relative to root (strings: a Path object a file is slow on a large site)."""
    skip = len(str(root)) + 1
    for folder, _, names in os.walk(root / name):
        relative = folder[skip:]
        yield from (f"{relative}/{n}" if relative else n for n in names)


def sync_tree(root: Path, files: Mapping[str, str | bytes], managed: tuple[str, ...],
              kept: Collection[str] = ()) -> tuple[list[Path], list[Path]]:
    """Make root hold exactly `files` and `kept` (relative paths: files known to be as wanted already)
    within the managed paths, leaving other files (hand-written pages) alone; what a killed run left
    there goes too. Returns (written, removed)."""
    for path in (root, *(root / name for name in managed)):  # a link would let writes and deletions out
        if path.is_symlink():
            raise InputError(path, "is a symbolic link", "generated files are written only inside the "
                             "project: remove the link (the generator makes the folder itself)")
    written = write_files({root / rel: text for rel, text in files.items()})
    # Paths as strings: a Path object for every file of a large site would slow a daily update.
    wanted = {os.path.join(root, rel) for rel in files} | {os.path.join(root, rel) for rel in kept}
    removed = []
    for name in managed:
        target = os.path.join(root, name)
        if os.path.isfile(target):
            candidates = [target]
        else:  # os.walk: much faster than Path.rglob over a large site; it follows no link
            candidates = [os.path.join(folder, f) for folder, _, names in os.walk(target) for f in names]
        removed += [Path(p) for p in candidates if p not in wanted]
    for path in removed:
        path.unlink()
    return written, sorted(removed)
