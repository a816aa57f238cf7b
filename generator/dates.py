"""How the site says a day and a month, on every page and chart alike."""
from __future__ import annotations

import datetime as dt


def shortdate(date: dt.date) -> str:
    """"18 Nov 2025"."""
    return f"{date.day} {date:%b %Y}"


def longdate(date: dt.date) -> str:
    """"Tuesday, 18 November 2025"."""
    return f"{date:%A}, {date.day} {date:%B %Y}"


def month_name(date: dt.date) -> str:
    """"November 2025"."""
    return f"{date:%B %Y}"


def today() -> dt.date:
    """Today in UTC, as Hugging Face dates its listings: a digest dated after it is of a day not begun."""
    return dt.datetime.now(dt.timezone.utc).date()


def span(first: dt.date, last: dt.date) -> str:
    """"17–23 November 2025", "27 October – 2 November 2025", "29 December 2025 – 4 January 2026":
    a year or month is named once when both days share it, and both when they do not."""
    if first.year != last.year:
        return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day}–{last.day} {last:%B %Y}"
