"""Top papers: the archive's periods (ISO weeks, months, years) and the most upvoted papers featured
in each. A paper's upvotes are the highest count any of its digests recorded (model.Merge.MAX)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .archive import Archive, Day, Paper
from .dates import month_name, span

TOP = 25  # papers on a period's page
KINDS = ("week", "month", "year")


@dataclass
class Period:
    kind: str  # "week", "month" or "year"
    key: str  # its address part: "2025-W47", "2025-11", "2025"
    name: str  # "Week 47 of 2025, 17–23 November"
    days: list[Day] = field(default_factory=list)  # featured days in it, newest first
    previous: Period | None = None  # the one before it with featured days
    next: Period | None = None

    @cached_property  # asked for by its page, its key and the index of periods: sorted once
    def papers(self) -> list[Paper]:
        """Every paper featured in it, once: most upvoted first, then newest (a day's own order within it)."""
        seen = {p.slug: p for d in self.days for p in d.by_upvotes}
        return sorted(seen.values(), key=lambda p: -(p.entry.upvotes or 0))

    @cached_property
    def top(self) -> list[Paper]:
        """The most upvoted of those with a count (digests from page text may have none): a paper
        without one is not ranked, rather than put in an order that means nothing."""
        return [p for p in self.papers if p.entry.upvotes is not None][:TOP]


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
