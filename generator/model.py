"""The data model: what a digest holds, and how papers are told apart.

`Entry` is the one definition of a paper's fields. Each stored field carries its `Kind` (how it is
validated and written) and its merge rule; the store's YAML, the JSON copy and the merging of a
paper's records across digests are all derived from it, so a new field is one line here (plus the
reader that fills it and the template that shows it).
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import re
import reprlib
import unicodedata
from collections.abc import Callable, Sequence
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
    USER = "user"  # a Hugging Face user name: pages link to its profile, so it is part of a URL
    DAY = "day"
    NAMES = "names"  # a list of short texts
    ORGANIZATION = "organization"


class Merge(enum.Enum):
    """How a paper's records on several days combine into one."""

    FIRST = "first"  # the newest record's value; if it has none, the next newest that has one
    UNION = "union"  # every record's values, in order of first appearance
    MAX = "max"  # the largest value any record has: a paper's upvotes, as high as any digest saw them


def _stored(kind: Kind, *, merge: Merge = Merge.FIRST, required: bool = False, default: Any = None,
            corrected: bool = False, max_length: tuple[int, str] | None = None) -> Any:
    """corrected: the source corrects this field after the fact, so a newer answer for a day replaces
    the held value (see `refreshed`); other fields keep what the digest holds, hand edits included.
    max_length: the most characters the text may have, and how long the source's are (said when refused)."""
    metadata = {"kind": kind, "merge": merge, "required": required, "corrected": corrected, "max_length": max_length}
    if required:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


# The most characters a text field may hold: far above what its source gives, low enough that no
# one paper stalls a build, which decodes and renders each abstract several times. An abstract
# longer than this is most likely pasted text that is not its abstract (or data that is no paper).
MAX_ABSTRACT = 20_000
MAX_TITLE = 1_000
MAX_AI_SUMMARY = 5_000


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One paper as a digest lists it. Fields are in the order a digest's YAML writes them."""

    slug: str | None = _stored(Kind.SLUG)  # the permanent URL part, given once by the store
    title: str = _stored(Kind.TEXT, required=True, max_length=(MAX_TITLE, "a title is one line"))
    arxiv_id: str | None = _stored(Kind.TEXT)
    authors: int | None = _stored(Kind.COUNT)  # how many, when the page says "N authors"
    author_names: tuple[str, ...] = _stored(Kind.NAMES, default=())
    organization: Organization | None = _stored(Kind.ORGANIZATION, corrected=True)
    published: dt.date | None = _stored(Kind.DAY)
    upvotes: int | None = _stored(Kind.COUNT, merge=Merge.MAX)
    comments: int | None = _stored(Kind.COUNT, merge=Merge.MAX)  # on its Hugging Face page
    submitted_by: str | None = _stored(Kind.USER)  # who put it on Daily Papers
    withdrawn: dt.date | None = _stored(Kind.DAY)
    github: str | None = _stored(Kind.URL, corrected=True)  # code repository
    github_stars: int | None = _stored(Kind.COUNT, merge=Merge.MAX)
    project_page: str | None = _stored(Kind.URL, corrected=True)
    thumbnail: str | None = _stored(Kind.URL, corrected=True)  # Hugging Face's image of it, for link previews
    # Tag slugs set by hand in the digest; the tagger adds more. Every record's count.
    tags: tuple[str, ...] = _stored(Kind.NAMES, merge=Merge.UNION, default=())
    keywords: tuple[str, ...] = _stored(Kind.NAMES, default=(), corrected=True)  # the API's ai_keywords
    abstract: str = _stored(Kind.TEXT, required=True,
                            max_length=(MAX_ABSTRACT, "arXiv's are at most 1,920"))
    # Written by AI (the API's ai_summary): shown as such, never as the abstract.
    ai_summary: str | None = _stored(Kind.TEXT, corrected=True,
                                     max_length=(MAX_AI_SUMMARY, "Hugging Face's are a sentence or two"))
    line: int | None = field(default=None, compare=False, repr=False)  # where it starts in its source, for errors

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of every field. Held with the entry, so the parse cache (parse_cache.Parsed) keeps it too:
        a daily update would otherwise hash every paper of the archive again."""
        return hashlib.blake2b(repr(self).encode()).hexdigest()

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """Every identity this entry can be matched by, strongest first. Kept like the fingerprint:
        an import matches the day's papers against every stored one's."""
        title_key = TITLE_KEY + normalise_title(self.title)
        return (ARXIV_KEY + self.arxiv_id, title_key) if self.arxiv_id else (title_key,)


ARXIV_KEY = "arxiv:"  # an identity key made from an arXiv id
# arXiv's two forms of id ("2510.13905", "hep-th/9901001"), with or without a version. The store takes
# any text as an id; pages link to arXiv and cite it only when it is one of these.
ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
TITLE_KEY = "title:"  # one made from a title
STORED_FIELDS: tuple[dataclasses.Field, ...] = tuple(f for f in dataclasses.fields(Entry) if "kind" in f.metadata)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in STORED_FIELDS)


def kind(f: dataclasses.Field) -> Kind:
    return f.metadata["kind"]


def required(f: dataclasses.Field) -> bool:
    return f.metadata["required"]


def is_empty(value: Any) -> bool:
    return value is None or value == ()


_UNION = [f for f in STORED_FIELDS if f.metadata["merge"] is Merge.UNION]


def merge(records: Sequence[Entry]) -> Entry:
    """One entry from several records of a paper, the one that wins first."""
    if len(records) == 1 and all(len(set(v)) == len(v) for v in (getattr(records[0], f.name) for f in _UNION)):
        return records[0]  # most papers: nothing to merge, and a daily update merges every paper
    values: dict[str, Any] = {}
    for f in STORED_FIELDS:
        found = [getattr(r, f.name) for r in records if not is_empty(getattr(r, f.name))]
        if f.metadata["merge"] is Merge.UNION:
            values[f.name] = tuple(dict.fromkeys(v for value in found for v in value))
        elif f.metadata["merge"] is Merge.MAX and found:
            values[f.name] = max(found)
        elif found:
            values[f.name] = found[0]
    return dataclasses.replace(records[0], **values)


_CORRECTED = [f.name for f in STORED_FIELDS if f.metadata["corrected"]]


def refreshed(held: Entry, answer: Entry) -> Entry:
    """A day's entry once a newer answer for that day lists it again: the fields the source corrects
    take the answer's value where it has one, counts the larger, and everything else (the slug, a
    title corrected by hand) stays as held."""
    newer = {name: getattr(answer, name) for name in _CORRECTED if not is_empty(getattr(answer, name))}
    return merge([dataclasses.replace(held, **newer), answer])


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
    notes: list[str] = field(default_factory=list)  # what the reader left out and why, for the maintainer


_SPACE = re.compile(r"\s+")  # Unicode white space, line and paragraph separators included
# Control characters (category Cc), often a line break or tab in disguise: as a space.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Removed: invisible characters that copied text carries (soft hyphen, zero-width space, word
# joiner, BOM), so that a line of them is an empty line, not a paper; and lone surrogates and the
# two noncharacters XML forbids, which break a feed, a YAML file or a page.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\ud800-\udfff\ufffe\uffff]")


def normalise_title(title: str) -> str:
    """A title's identity: Unicode NFKC, case folded, white space collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", title).casefold()).strip()


def clean_text(text: str) -> str:
    """Text as stored: NFC, no control or invisible characters, white space collapsed to single spaces."""
    if text.isprintable() and "  " not in text and text.strip() == text and not _INVISIBLE.search(text) \
            and unicodedata.is_normalized("NFC", text):
        return text  # already clean, as every field of a stored digest is: the fast path for loading
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


class FieldError(ValueError):
    """A field's value is not of its kind: what is wrong, and how to fix it (the caller says where)."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
URL = re.compile(r"https?://[^\s<>\"'\\`]+")  # never a javascript: or data: link, nothing to break out of an attribute
ACCOUNT_LENGTH = 96  # the most characters a Hugging Face account name (a user's or an organisation's) has
# A Hugging Face account name: letters, digits and "-_." only, so that it is one plain part of a URL.
USER = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{ACCOUNT_LENGTH - 1}}}")


def validate(f: dataclasses.Field, value: Any) -> Any:
    """A stored field's value, as the store loads it and every reader must give it: cleaned, or a
    FieldError. One definition of what each kind admits, for digests edited by hand and the API alike."""
    checked = _VALIDATORS[kind(f)](f.name, value)
    bound = f.metadata["max_length"]
    if bound is not None and len(checked) > bound[0]:
        raise FieldError(f"'{f.name}' is {len(checked):,} characters long, over the {bound[0]:,} it may have "
                         f"({bound[1]})", "check that it holds this paper's text alone, or shorten it")
    return checked


def shown(value: Any) -> str:
    """A value as an error message quotes it: short, whatever its size or depth."""
    return reprlib.repr(value)


def visible(text: str) -> bool:
    """Whether text shows anything: a character that is not space, a control or a format character."""
    return any(not ch.isspace() and unicodedata.category(ch) not in _UNSEEN for ch in text)


_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _text(key: str, value: Any) -> str:
    text = clean_text(value) if isinstance(value, str) else ""
    if not visible(text):
        hint = f"quote it: {key}: '{shown(value)}'" if isinstance(value, (int, float)) else f"give the paper's {key}"
        raise FieldError(f"'{key}' must be text with something to read", hint)
    return text


def _slug(key: str, value: Any) -> str:
    slug = _text(key, value)
    if not SLUG.fullmatch(slug):
        raise FieldError(f"'{slug}' is not a slug", "slugs are lowercase words joined by '-'")
    return slug


def _url(key: str, value: Any) -> str:
    url = _text(key, value)
    if not URL.fullmatch(url):
        raise FieldError(f"'{key}' must be an http(s) URL, not {shown(url)}", "correct or remove it")
    return url


def _user(key: str, value: Any) -> str:
    user = _text(key, value)
    if not USER.fullmatch(user):
        raise FieldError(f"'{key}' must be a Hugging Face user name, not {shown(user)}",
                         "a user name is letters, digits, '-', '_' and '.': correct or remove it")
    return user


def _count(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FieldError(f"'{key}' must be a whole number, not {shown(value)}", "correct or remove it")
    return value


def _day(key: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):  # YAML reads 2025-11-18 10:00:00 as one: said as written, not as a repr
        raise FieldError(f"'{key}' must be a day like 2025-10-14, not a date and time ({value})",
                         f"write the day alone: {key}: {value.date()}")
    if not isinstance(value, dt.date):
        raise FieldError(f"'{key}' must be a day like 2025-10-14, not {shown(value)}", "correct it")
    return value


def _names(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        with contextlib.suppress(FieldError):
            return tuple(_text(key, v) for v in value)
    raise FieldError(f"'{key}' must be a list of names", f"write it as {key}: [a, b]")


def _organization(key: str, value: Any) -> Organization:
    if isinstance(value, dict) and not set(value) - {"handle", "name", "__line__"}:
        with contextlib.suppress(FieldError):
            return Organization(handle=_text("handle", value.get("handle")), name=_text("name", value.get("name")))
    raise FieldError(f"'{key}' needs a 'handle' and a 'name'", f"write it as {key}: {{handle: apple, name: Apple}}")


_VALIDATORS: dict[Kind, Callable[[str, Any], Any]] = {
    Kind.SLUG: _slug, Kind.TEXT: _text, Kind.URL: _url, Kind.USER: _user, Kind.COUNT: _count, Kind.DAY: _day,
    Kind.NAMES: _names, Kind.ORGANIZATION: _organization,
}
