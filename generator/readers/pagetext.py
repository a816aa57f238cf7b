"""Reader for the Daily Papers page as text copied from a browser.

Three layouts occur (see seeds/): entries separated by blank lines with a metadata
block after the abstract (`  • 7 authors` or `apple Apple`, then `·`, then `Oct 14 2`);
the same without any metadata; and no blank lines at all, title and abstract
alternating, with the first title glued to the `Subscribe` button. Blank lines carry
no meaning here: an entry is a title line, an abstract line, then an optional
metadata block, which is recognised by its `·` line.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..model import STORED_FIELDS, Digest, Entry, FieldError, Organization, clean_text, validate, visible

FURNITURE = frozenset({
    "new",
    "Subscribe",
    "Get trending papers in your email inbox!",
    "Get trending papers in your email inbox once a day!",
    "Daily Papers",
    "byAK and the research community",
})
MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
DATE = re.compile(r"(?P<mon>[A-Z][a-z]{2}) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<votes>\d+))?")
AUTHORS = re.compile(r"•\s*(?P<n>\d+) authors?")
SEPARATOR = "·"
# Longer than any title in the seeds (max ~150) and shorter than any abstract (min ~630): a longer
# "title" is an abstract whose title is missing, unless a metadata block closes its entry.
MAX_TITLE = 300
MAX_COUNT_DIGITS = 9  # upvotes and author counts; Python refuses to read numbers of 4,300 digits
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class PageDate:
    month: int
    day: int
    year: int | None

    def __str__(self) -> str:
        name = list(MONTHS)[self.month - 1]
        return f"{name} {self.day}" + (f", {self.year}" if self.year else "")

    def resolve(self, digest_date: dt.date) -> dt.date:
        """The page omits the current year: take the digest's, or the one before if that is later."""
        if self.year:
            return dt.date(self.year, self.month, self.day)
        for year in (digest_date.year, digest_date.year - 1):
            try:
                guess = dt.date(year, self.month, self.day)
            except ValueError:  # Feb 29 outside a leap year
                continue
            if guess <= digest_date:
                return guess
        raise ValueError(f"'{self}' is not a day in the year up to {digest_date}")


@dataclass
class Page:
    """What the page says, before its day is known."""

    path: Path
    header: PageDate | None
    header_line: int | None
    entries: list[tuple[Entry, PageDate | None]]

    def digest(self, date: dt.date) -> Digest:
        entries = []
        for entry, published in self.entries:
            try:
                entries.append(replace(entry, published=published.resolve(date) if published else None))
            except ValueError as e:
                raise InputError(self.path, f"the entry's publication date {e}",
                                 "check the date line or the digest's --date", entry.line) from None
        return Digest(date=date, entries=entries, source=self.path.name)


def _page_date(text: str, path: Path, line: int) -> PageDate | None:
    m = DATE.fullmatch(text)
    if not m or m["mon"] not in MONTHS:
        return None
    year = int(m["year"]) if m["year"] else None
    try:
        dt.date(year or 2024, MONTHS[m["mon"]], int(m["day"]))  # 2024: a leap year admits Feb 29
    except ValueError:
        raise InputError(path, f"'{text}' is not a real date", "correct the date line", line) from None
    return PageDate(MONTHS[m["mon"]], int(m["day"]), year)


def parse(text: str, path: Path) -> Page:
    """Read page text. Raises InputError, naming the line, on anything it cannot place."""
    # Only \n, \r\n and \r end a line: str.splitlines() also splits at form feeds, U+2028 and
    # others that turn up inside copied abstracts, and would make phantom papers of the pieces.
    lines = [(n, clean_text(raw)) for n, raw in enumerate(LINE_BREAK.split(text), 1)]
    lines = [(n, t) for n, t in lines if visible(t)]

    # The header: page furniture and the day's date, until the first title.
    header: PageDate | None = None
    header_line = None
    i = 0
    while i < len(lines):
        n, t = lines[i]
        if t in FURNITURE:
            i += 1
        elif t.startswith("Subscribe") and t[len("Subscribe"):][:1].isupper():
            lines[i] = (n, t[len("Subscribe"):])  # the button's text glued to the first title
            break
        elif header is None and (d := _page_date(t, path, n)):
            header, header_line = d, n
            i += 1
        else:
            break

    entries: list[tuple[Entry, PageDate | None]] = []
    while i < len(lines):
        n, title = lines[i]
        if title == SEPARATOR or AUTHORS.fullmatch(title) or (len(title) > MAX_TITLE and not _is_meta(lines, i + 2)):
            raise InputError(path, f"expected a paper title, found '{_short(title)}'",
                             "each entry is a title line, then its abstract; the title may be missing", n)
        if i + 1 >= len(lines) or _is_meta(lines, i + 1):
            raise InputError(path, f"the entry '{_short(title)}' has no abstract",
                             "add the abstract on the line after the title, or remove the truncated entry", n)
        abstract_line, abstract = lines[i + 1]
        i += 2
        entry = Entry(title=_field(path, "title", title, n), abstract=_field(path, "abstract", abstract, abstract_line),
                      line=n)
        published = None
        if _is_meta(lines, i):
            entry, published, i = _metadata(lines, i, entry, path)
        entries.append((entry, published))

    if not entries:
        raise InputError(path, "no papers found",
                         "paste the Daily Papers page text: each paper's title, then its abstract")
    return Page(path=path, header=header, header_line=header_line, entries=entries)


_FIELDS = {f.name: f for f in STORED_FIELDS}


def _field(path: Path, name: str, text: str, line: int) -> str:
    """text as the model admits it for the field (within its length, as from every reader)."""
    try:
        return validate(_FIELDS[name], text)
    except FieldError as e:
        raise InputError(path, e.message, e.hint, line) from None


def _is_meta(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether a metadata block (a who-line, then `·`) starts at line i."""
    if i >= len(lines):
        return False
    text = lines[i][1]
    return text == SEPARATOR or bool(AUTHORS.fullmatch(text)) or (
        i + 1 < len(lines) and lines[i + 1][1] == SEPARATOR)


def _metadata(lines, i, entry: Entry, path: Path) -> tuple[Entry, PageDate, int]:
    n, who = lines[i]
    if who == SEPARATOR or i + 2 >= len(lines) or lines[i + 1][1] != SEPARATOR:
        raise InputError(path, f"incomplete metadata block at '{_short(who)}'",
                         "a metadata block is '• N authors' (or 'handle Name'), '·', then a date like 'Oct 14'", n)
    date_n, date_text = lines[i + 2]
    published = _page_date(date_text, path, date_n)
    if published is None:
        raise InputError(path, f"expected a date like 'Oct 14' or 'Jun 6, 2023 4', found '{_short(date_text)}'",
                         "correct the metadata block's date line", date_n)
    votes = _upvotes(date_text, path, date_n)
    if m := AUTHORS.fullmatch(who):
        entry = replace(entry, authors=_count(m["n"], path, n))
    else:
        handle, _, name = who.partition(" ")
        entry = replace(entry, organization=Organization(handle=handle, name=name or handle))
    return replace(entry, upvotes=votes), published, i + 3


def _upvotes(date_line: str, path: Path, line: int) -> int:
    """The upvote count after a metadata block's date ("Oct 14 2"), 0 where the page shows none."""
    m = DATE.fullmatch(date_line)
    return _count(m["votes"], path, line) if m and m["votes"] else 0


def _count(digits: str, path: Path, line: int) -> int:
    if len(digits) > MAX_COUNT_DIGITS:
        raise InputError(path, f"'{_short(digits)}' is not a plausible count", "correct the metadata block", line)
    return int(digits)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
