"""The data model: what a digest holds, and how papers are told apart."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Organization:
    handle: str  # the Hugging Face account, e.g. "apple"
    name: str  # its display name, e.g. "Apple"


@dataclass(frozen=True)
class Entry:
    """One paper as a digest lists it."""

    title: str
    abstract: str
    authors: int | None = None  # how many, when the page says "N authors"
    organization: Organization | None = None
    published: dt.date | None = None
    upvotes: int | None = None
    arxiv_id: str | None = None
    author_names: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # tags set by hand in the digest; the tagger adds more
    keywords: tuple[str, ...] = ()  # the API's ai_keywords
    ai_summary: str | None = None  # written by AI (the API's ai_summary): shown as such, never as the abstract
    github: str | None = None  # code repository URL
    project_page: str | None = None
    withdrawn: dt.date | None = None
    slug: str | None = None  # the permanent URL part, given once by the store
    line: int | None = None  # where the entry starts in its source, for error messages

    @property
    def keys(self) -> tuple[str, ...]:
        """Every identity this entry can be matched by, strongest first."""
        title_key = f"title:{normalise_title(self.title)}"
        return (f"arxiv:{self.arxiv_id}", title_key) if self.arxiv_id else (title_key,)


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
