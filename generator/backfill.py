"""Which days to fetch from the API, and fetching them one after another into the store.

Two plans: a range (`--since/--until`, a backfill of the history), and the daily run, which catches
up every day missed since the newest digest and fetches the last week's held days again, since a
day's list and its counts keep growing for days after it is first published.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from .errors import InputError, NothingListed
from . import fetch
from .fetch import AskedToWait, fetch_digest
from .importer import Importer, Report

FIRST_DAY = dt.date(2023, 5, 4)  # the first day Daily Papers listed
CATCH_UP_DAYS = 30  # how far back the daily run looks for days it missed
SETTLE_DAYS = 7  # how long a day's list and counts keep changing enough to fetch it again


def yesterday() -> dt.date:
    """The newest day whose listing is complete enough to fetch: yesterday, in UTC."""
    return dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def range_plan(held: Collection[dt.date], since: dt.date, until: dt.date, refresh: bool) -> list[dt.date]:
    """The days of a backfill: those of the range not held yet, or all of them with refresh."""
    return [day for day in days_between(max(since, FIRST_DAY), until) if refresh or day not in held]


def daily_plan(held: Collection[dt.date], last: dt.date) -> list[dt.date]:
    """The daily run's days: every day of the last CATCH_UP_DAYS through `last` that is not held (a
    day an earlier run missed or failed on, or a weekend, which costs a request), then the held days
    of the last SETTLE_DAYS, again."""
    window = days_between(last - dt.timedelta(days=CATCH_UP_DAYS - 1), last)
    return [day for day in window if day not in held] + [day for day in window[-SETTLE_DAYS:] if day in held]


def gap(held: Collection[dt.date], last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days between the newest held one and the daily run's window, which it does not fetch."""
    newest, first = max(held, default=None), last - dt.timedelta(days=CATCH_UP_DAYS - 1)
    return (newest + dt.timedelta(days=1), first - dt.timedelta(days=1)) if newest and newest < first - \
        dt.timedelta(days=1) else None


@dataclass
class Summary:
    """What a run of fetches did: one line for the maintainer, and the reports of days with notes."""

    fetched: int = 0  # days with papers, imported
    new: int = 0
    known: int = 0
    empty: list[dt.date] = field(default_factory=list)  # days the API lists nothing for (weekends)
    failed: list[tuple[dt.date, InputError]] = field(default_factory=list)
    stopped: str = ""  # why the run stopped before its last day: the days after the last failed one were not tried
    noted: list[Report] = field(default_factory=list)  # reports of days whose reader left something out

    def __str__(self) -> str:
        papers = self.new + self.known
        text = (f"fetched {self.fetched} day{'s' * (self.fetched != 1)} ({papers:,} papers: {self.new:,} new, "
                f"{self.known:,} known), {len(self.empty)} empty, {len(self.failed)} failed")
        if self.failed:
            text += f" ({', '.join(str(day) for day, _ in self.failed)}): run the same command again to retry"
        return text + (f"; stopped early ({self.stopped})" if self.stopped else "")


def fetch_days(days: Iterable[dt.date], importer: Importer, api_url: str, timeout: float) -> Summary:
    """Fetch each day and import it as it arrives. A day that fails is noted and the run goes on,
    until the API asks for a break or fails on several days in a row (fetch.PATIENCE)."""
    summary = Summary()
    in_a_row = 0
    for day in days:
        if in_a_row == fetch.PATIENCE.give_up_after:
            summary.stopped = f"{in_a_row} days failed in a row"
            break
        try:
            digest = fetch_digest(api_url, day, timeout)
            [report], _ = importer.add([("the API", digest)])  # refuses, whole, what no build could publish
        except NothingListed:
            summary.empty.append(day)
            in_a_row = 0
        except AskedToWait as e:
            summary.failed.append((day, e))
            summary.stopped = "the API asked for a break"
            break
        except InputError as e:
            summary.failed.append((day, e))
            in_a_row += 1
        else:
            in_a_row = 0
            summary.fetched += 1
            summary.new += report.new
            summary.known += report.known
            if report.notes:
                summary.noted.append(report)
    return summary
