"""What each generated file shows, as a key: a daily update makes only the files whose key changed.

A file's key hashes what it shows with everything common to all files (the generator's code and
templates, the site's URL, the tags). A paper is shown by every field it has, its tags and its days
(`Keys.papers`: its fingerprint, archive.Paper, with its days), so a page listing papers needs only
their keys. The keys of the files docs/ holds are recorded in the project's cache (pipeline.py),
with the file as written.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive

# The generator's code and templates: a change to any makes every file anew.
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.rglob("*"))
                                if p.suffix in (".py", ".j2"))).hexdigest()


@dataclass
class Keys:
    common: str
    papers: dict[str, str]  # slug -> the key of everything about the paper
    known: Mapping[str, str]  # path under docs/ -> the key of the file as docs/ holds it
    keys: dict[str, str] = field(default_factory=dict)  # path -> key, of every file asked about

    @classmethod
    def of(cls, archive: Archive, site_url: str, known: Mapping[str, str]) -> Keys:
        papers = {slug: _hash(p.fingerprint + repr(p.days)) for slug, p in archive.papers.items()}
        return cls(_hash(_CODE + site_url + repr([tag for tag, _ in archive.tags])), papers, known)

    def needs(self, path: str, shows: object | None) -> bool:
        """Whether the file at path must be made: what it shows (a value whose repr says all of it,
        with papers as their keys; None: made every time) changed since docs/ got it."""
        self.keys[path] = _hash(f"{self.common}|{shows!r}") if shows is not None else ""
        return shows is None or self.known.get(path) != self.keys[path]


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode()).hexdigest()
