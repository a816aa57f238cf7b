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
