"""Writing files: all or nothing, and never touching a file whose content is unchanged."""
from __future__ import annotations

import os
from pathlib import Path


def _unchanged(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except FileNotFoundError:
        return False


def write_files(files: dict[Path, str]) -> list[Path]:
    """Write all files or none; files whose content is unchanged are left alone. Returns those written.

    Each file is written beside its target under a temporary name, and only when all are written
    are they renamed into place, so a failure leaves every target as it was."""
    changed = {p: text for p, text in files.items() if not _unchanged(p, text)}
    staged: list[tuple[Path, Path]] = []
    try:
        for folder in {p.parent for p in changed}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, text in changed.items():
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
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
        candidates = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else [target] if target.is_file() else []
        removed += [p for p in candidates if p not in wanted]
    for path in removed:
        path.unlink()
    return written, sorted(removed)
