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
    """The daily run's days: every day after the newest held one through `last` (CATCH_UP_DAYS at
    most), then the held days of the last SETTLE_DAYS, again."""
    newest = max(held, default=None)
    first = last - dt.timedelta(days=CATCH_UP_DAYS - 1)
    missed = days_between(max(first, newest + dt.timedelta(days=1)) if newest else first, last)
    settling = [day for day in days_between(last - dt.timedelta(days=SETTLE_DAYS - 1), last)
                if day in held and day not in missed]
    return missed + settling


@dataclass
class Summary:
    """What a run of fetches did: one line for the maintainer, and the reports of days with notes."""

    fetched: int = 0  # days with papers, imported
    new: int = 0
    known: int = 0
    empty: list[dt.date] = field(default_factory=list)  # days the API lists nothing for (weekends)
    failed: list[tuple[dt.date, InputError]] = field(default_factory=list)
    stopped: bool = False  # the API asked for a break: the days after the last failed one were not tried
    noted: list[Report] = field(default_factory=list)  # reports of days whose reader left something out

    def __str__(self) -> str:
        papers = self.new + self.known
        text = (f"fetched {self.fetched} day{'s' * (self.fetched != 1)} ({papers:,} papers: {self.new:,} new, "
                f"{self.known:,} known), {len(self.empty)} empty, {len(self.failed)} failed")
        if self.failed:
            text += f" ({', '.join(str(day) for day, _ in self.failed)}): run the same command again to retry"
        return text + ("; stopped early, as the API asked" if self.stopped else "")


def fetch_days(days: Iterable[dt.date], importer: Importer, api_url: str, timeout: float) -> Summary:
    """Fetch each day and import it as it arrives. A day that fails is noted and the run goes on,
    but for AskedToWait, which ends it."""
    summary = Summary()
    for day in days:
        try:
            digest = fetch_digest(api_url, day, timeout)
        except NothingListed:
            summary.empty.append(day)
        except AskedToWait as e:
            summary.failed.append((day, e))
            summary.stopped = True
            break
        except InputError as e:
            summary.failed.append((day, e))
        else:
            [report], _ = importer.add([("the API", digest)])
            summary.fetched += 1
            summary.new += report.new
            summary.known += report.known
            if report.notes:
                summary.noted.append(report)
    return summary
