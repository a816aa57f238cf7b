"""Writing files: all or nothing, and never touching a file whose content is unchanged."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK


def write_files(files: dict[Path, str]) -> list[Path]:
    """Write all files or none; files whose content is unchanged are left alone. Returns those written."""
    changed = {p: text for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text}
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in changed.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; these files are for everyone to read
            staged.append((Path(tmp), path))
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
        candidates = target.rglob("*.md") if target.is_dir() else [target] if target.is_file() else []
        removed += [p for p in candidates if p not in wanted]
    for path in removed:
        path.unlink()
    return written, sorted(removed)
