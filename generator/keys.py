"""What each generated file shows, as a key: a daily update makes only the files whose key changed.

A file's key hashes what it shows with everything common to all files (the generator's code and
templates, the site's URL, the tags). A page's key is made from exactly what its template is given
(`Keys.page`, `shown`), so no field a template can print is left out of it. A paper is shown by
every field it has, its tags and its days (its fingerprint, archive.Paper, with its days; for the
other files `Keys.papers`). The keys of the files docs/ holds are recorded in the project's cache
(pipeline.py), with the file as written.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive import Archive, Paper

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

    def page(self, path: str, template: str, context: Mapping[str, Any]) -> bool:
        """Whether the page at path must be rendered: its template or what the template is given changed."""
        return self.needs(path, (template, shown(context)))

    def needs(self, path: str, shows: object | None) -> bool:
        """Whether the file at path must be made: what it shows (a value whose repr says all of it,
        with papers as their keys; None: made every time) changed since docs/ got it."""
        self.keys[path] = _hash(f"{self.common}|{shows!r}") if shows is not None else ""
        return shows is None or self.known.get(path) != self.keys[path]


def shown(value: object) -> object:
    """value in a form whose repr says all of it, the same in every run: a paper as its fingerprint
    and days; a dataclass as its type and the fields its repr shows (a field left out of the repr, a
    renderer or a cache, is not what it shows); a date as ISO text. Any other kind of value is refused,
    so that nothing given to a template is missed by its page's key."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Paper):  # before dataclasses: every field is in its fingerprint
        return (value.fingerprint, [day.isoformat() for day in value.days])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(shown(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [shown(item) for item in value]
    if isinstance(value, Mapping):
        return sorted((str(key), shown(item)) for key, item in value.items())
    raise TypeError(f"a page's key cannot hold a {type(value).__name__}: give its template plain values, "
                    "dates, papers or dataclasses")


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode()).hexdigest()
