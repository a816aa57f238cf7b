"""The parse cache: the digests and the slug registry as earlier commands read them, so that a command
reads again only the files whose bytes changed."""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .writer import write_files

T = TypeVar("T")

# The code a reading depends on: this module's, the store's that reads the files and the model's that
# the readings are made of.
_READERS = ("parse_cache.py", "store.py", "model.py")


class Parsed:
    """The digests and the registry as last read, keyed by their bytes, a file for each in a folder of
    the project's cache: parsing and checking thousands of YAML files takes seconds at scale, every
    command, for a change of one day (and one file for all took long to rewrite whenever a day was
    added). A file whose bytes changed is read again; one that fails to read is never kept; a change
    to the reading code (_READERS) starts afresh."""

    _CODE = hashlib.sha256(b"".join(Path(__file__).with_name(name).read_bytes() for name in _READERS)).digest()

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.new: dict[Path, bytes] = {}  # a kept file -> its bytes, written by save()
        self.used: set[str] = set()  # the names of the kept files asked for

    def load(self, path: Path, read: Callable[[Path], T]) -> T:
        data = path.read_bytes()
        kept = self._kept(path)
        stamp = self._stamp(data)
        try:
            held = kept.read_bytes()
            if held.startswith(stamp):
                return pickle.loads(held[len(stamp):])
        except Exception:  # none yet, or one broken in any way: read the file
            pass
        value = read(path)
        if path.read_bytes() == data:  # not changed while it was read
            self.remember(path, data, value)
        return value

    def remember(self, path: Path, data: bytes, value: object) -> None:
        """Take value as what reading path gives while it holds data: for a file this process wrote,
        so that the next command need not parse it (the slug registry is the largest file it reads)."""
        self.new[self._kept(path)] = self._stamp(data) + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Keep what was read anew, and forget the files not asked for (gone from digests/)."""
        write_files(self.new)
        self.new = {}
        for kept in self.folder.iterdir() if self.folder.is_dir() else ():
            if kept.name not in self.used:
                kept.unlink()

    def _kept(self, path: Path) -> Path:
        """Where path's reading is kept; noted as asked for, so that save() keeps it."""
        self.used.add(f"{path.name}.pickle")
        return self.folder / f"{path.name}.pickle"

    def _stamp(self, data: bytes) -> bytes:
        """What a kept reading starts with: the code that made it and a hash of the bytes it read."""
        return self._CODE + hashlib.blake2b(data).digest()
