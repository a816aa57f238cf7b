"""Top papers: the archive's periods (ISO weeks, months, years) and the most upvoted papers featured
in each, by the upvotes its own days' digests recorded: a paper featured again months later is ranked
in each period by that period's count, not by the one it reached since."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .archive import Archive, Day, Paper
from .dates import month_name, span

TOP = 25  # papers on a period's page
KINDS = ("week", "month", "year")


@dataclass
class Featured:
    """A paper as a period saw it: its day there and the count that day's digest recorded."""

    paper: Paper
    day: dt.date  # its day in the period that recorded that count (the newest of equals, or of none)
    upvotes: int | None  # the most its days in the period recorded, as last fetched

    @cached_property
    def shown(self) -> Paper:
        """The paper with this period's count, for a card or a title list to show the count it is ranked by."""
        return dataclasses.replace(self.paper, entry=dataclasses.replace(self.paper.entry, upvotes=self.upvotes))


@dataclass
class Period:
    kind: str  # "week", "month" or "year"
    key: str  # its address part: "2025-W47", "2025-11", "2025"
    name: str  # "Week 47 of 2025, 17–23 November"
    days: list[Day] = field(default_factory=list)  # featured days in it, newest first
    previous: Period | None = None  # the one before it with featured days
    next: Period | None = None

    @cached_property  # asked for by its page, its key and the index of periods: sorted once
    def papers(self) -> list[Featured]:
        """Every paper featured in it, once: most upvoted first, then newest (a day's own order within it)."""
        seen: dict[str, Featured] = {}
        for day in self.days:  # newest first
            for paper in day.papers:
                count = day.upvotes.get(paper.slug)
                held = seen.get(paper.slug)
                if held is None or (count is not None and (held.upvotes is None or count > held.upvotes)):
                    seen[paper.slug] = Featured(paper, day.date, count)
        return sorted(seen.values(), key=lambda f: -(f.upvotes or 0))

    @cached_property
    def top(self) -> list[Featured]:
        """The most upvoted of those with upvotes: a paper with none recorded (a digest from page text)
        or 0 is not ranked, rather than put in an order that means nothing."""
        return [f for f in self.papers if f.upvotes][:TOP]

    @property
    def unranked(self) -> int:
        """How many of its papers have no upvotes recorded in it (none, or 0)."""
        return sum(1 for f in self.papers if not f.upvotes)


def _week(date: dt.date) -> tuple[str, str]:
    year, week, weekday = date.isocalendar()
    monday = date - dt.timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", f"Week {week} of {year}, {span(monday, monday + dt.timedelta(days=6))}"


_KEYS: dict[str, Callable[[dt.date], tuple[str, str]]] = {
    "week": _week,
    "month": lambda date: (f"{date:%Y-%m}", month_name(date)),
    "year": lambda date: (f"{date.year}", f"{date.year}"),
}


def periods(archive: Archive) -> dict[str, list[Period]]:
    """Each kind's periods that have featured days, newest first, linked to their neighbours."""
    found: dict[str, list[Period]] = {}
    for kind in KINDS:
        by_key: dict[str, Period] = {}
        for day in archive.days:  # newest first
            key, name = _KEYS[kind](day.date)
            by_key.setdefault(key, Period(kind, key, name)).days.append(day)
        listed = list(by_key.values())
        for newer, older in zip(listed, listed[1:]):
            newer.previous, older.next = older, newer
        found[kind] = listed
    return found
