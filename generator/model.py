"""The data model: what a digest holds, and how papers are told apart.

`Entry` is the one definition of a paper's fields. Each stored field carries its `Kind` (how it is
validated and written) and its merge rule; the store's YAML, the JSON copy and the merging of a
paper's records across digests are all derived from it, so a new field is one line here (plus the
reader that fills it and the template that shows it).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Organization:
    handle: str  # the Hugging Face account, e.g. "apple"
    name: str  # its display name, e.g. "Apple"


class Kind(enum.Enum):
    """What a stored field holds: how the store validates it and how it is written out."""

    SLUG = "slug"
    TEXT = "text"
    URL = "url"  # http(s) only: never a javascript: or data: link
    COUNT = "count"  # a whole number, 0 or more
    DAY = "day"
    NAMES = "names"  # a list of short texts
    ORGANIZATION = "organization"


class Merge(enum.Enum):
    """How a paper's records on several days combine into one."""

    FIRST = "first"  # the newest record's value; if it has none, the next newest that has one
    UNION = "union"  # every record's values, in order of first appearance


def _stored(kind: Kind, *, merge: Merge = Merge.FIRST, required: bool = False, default: Any = None) -> Any:
    metadata = {"kind": kind, "merge": merge, "required": required}
    if required:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One paper as a digest lists it. Fields are in the order a digest's YAML writes them."""

    slug: str | None = _stored(Kind.SLUG)  # the permanent URL part, given once by the store
    title: str = _stored(Kind.TEXT, required=True)
    arxiv_id: str | None = _stored(Kind.TEXT)
    authors: int | None = _stored(Kind.COUNT)  # how many, when the page says "N authors"
    author_names: tuple[str, ...] = _stored(Kind.NAMES, default=())
    organization: Organization | None = _stored(Kind.ORGANIZATION)
    published: dt.date | None = _stored(Kind.DAY)
    upvotes: int | None = _stored(Kind.COUNT)
    withdrawn: dt.date | None = _stored(Kind.DAY)
    github: str | None = _stored(Kind.URL)  # code repository
    project_page: str | None = _stored(Kind.URL)
    # Tag slugs set by hand in the digest; the tagger adds more. Every record's count.
    tags: tuple[str, ...] = _stored(Kind.NAMES, merge=Merge.UNION, default=())
    keywords: tuple[str, ...] = _stored(Kind.NAMES, default=())  # the API's ai_keywords
    abstract: str = _stored(Kind.TEXT, required=True)
    # Written by AI (the API's ai_summary): shown as such, never as the abstract.
    ai_summary: str | None = _stored(Kind.TEXT)
    line: int | None = field(default=None, compare=False)  # where it starts in its source, for errors

    @property
    def keys(self) -> tuple[str, ...]:
        """Every identity this entry can be matched by, strongest first."""
        title_key = f"title:{normalise_title(self.title)}"
        return (ARXIV_KEY + self.arxiv_id, title_key) if self.arxiv_id else (title_key,)


ARXIV_KEY = "arxiv:"  # an identity key made from an arXiv id; "title:" makes one from a title
STORED_FIELDS: tuple[dataclasses.Field, ...] = tuple(f for f in dataclasses.fields(Entry) if "kind" in f.metadata)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in STORED_FIELDS)


def kind(f: dataclasses.Field) -> Kind:
    return f.metadata["kind"]


def required(f: dataclasses.Field) -> bool:
    return f.metadata["required"]


def is_empty(value: Any) -> bool:
    return value is None or value == ()


def merge(records: Sequence[Entry]) -> Entry:
    """One entry from several records of a paper, the one that wins first."""
    values: dict[str, Any] = {}
    for f in STORED_FIELDS:
        found = [getattr(r, f.name) for r in records if not is_empty(getattr(r, f.name))]
        if f.metadata["merge"] is Merge.UNION:
            values[f.name] = tuple(dict.fromkeys(v for value in found for v in value))
        elif found:
            values[f.name] = found[0]
    return dataclasses.replace(records[0], **values)


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry's stored fields as plain data (dates stay dates), empty ones left out: what the
    digest's YAML and the JSON copy hold."""
    data: dict[str, Any] = {}
    for f in STORED_FIELDS:
        value = getattr(entry, f.name)
        if is_empty(value):
            continue
        if isinstance(value, Organization):
            value = {"handle": value.handle, "name": value.name}
        elif isinstance(value, tuple):
            value = list(value)
        data[f.name] = value
    return data


@dataclass
class Digest:
    """One day's list of papers."""

    date: dt.date
    entries: list[Entry] = field(default_factory=list)
    source: str | None = None  # the file it was imported from, for provenance


_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc


def normalise_title(title: str) -> str:
    """A title's identity: Unicode NFKC, case folded, white space collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", title).casefold()).strip()


def clean_text(text: str) -> str:
    """Text as stored: NFC, no control characters, white space collapsed to single spaces."""
    if text.isprintable() and "  " not in text and text.strip() == text and unicodedata.is_normalized("NFC", text):
        return text  # already clean, as every field of a stored digest is: the fast path for loading
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
