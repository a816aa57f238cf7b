"""Reader for the Hugging Face API's daily papers listing (GET /api/daily_papers?date=YYYY-MM-DD).

A list of items, each with a `paper` (its arXiv id, title, summary, authors, ...) and fields about the
listing itself. Read loosely: unknown fields are ignored, optional ones may be missing; a missing
required one (the paper's id, title or summary) is an error naming the item.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Digest, Entry, Organization, clean_text


def parse(text: str, path: Path | str, date: dt.date) -> Digest:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, f"is not valid JSON ({e.msg})", "check that it is the API's response", e.lineno) from None
    if not isinstance(items, list):
        raise InputError(path, "is not a daily papers listing (expected a JSON list of items)",
                         "save the response of /api/daily_papers?date=YYYY-MM-DD")
    if not items:
        raise InputError(path, f"lists no papers for {date}", "the day may not be published yet; try again later")
    return Digest(date=date, entries=[_entry(item, n, path) for n, item in enumerate(items, 1)],
                  source=Path(path).name)


def _entry(item: Any, n: int, path: Path | str) -> Entry:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        raise InputError(path, f"item {n} has no 'paper'", "each item of the listing is {\"paper\": {...}, ...}")

    def text(key: str) -> str | None:
        value = paper.get(key)
        return clean_text(value) if isinstance(value, str) and clean_text(value) else None

    def required(key: str) -> str:
        value = text(key)
        if value is None:
            raise InputError(path, f"item {n}: paper.{key} is missing or empty", "the listing is incomplete")
        return value

    def day(value: Any) -> dt.date | None:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date() if isinstance(value, str) else None
        except ValueError:
            return None

    def url(value: Any) -> str | None:
        return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None

    names = [a.get("name") for a in paper.get("authors") or [] if isinstance(a, dict)]
    authors = tuple(clean_text(a) for a in names if isinstance(a, str) and a.strip())
    org = paper.get("organization") or item.get("organization")
    organization = None
    if isinstance(org, dict) and isinstance(org.get("name"), str):
        organization = Organization(handle=clean_text(org["name"]),
                                    name=clean_text(org.get("fullname") or org["name"]))
    upvotes = paper.get("upvotes")
    keywords = paper.get("ai_keywords") or []
    return Entry(
        title=required("title"),
        abstract=required("summary"),
        arxiv_id=required("id"),
        authors=len(authors) or None,
        author_names=authors,
        organization=organization,
        published=day(paper.get("publishedAt")),
        upvotes=upvotes if isinstance(upvotes, int) and upvotes >= 0 else None,
        keywords=tuple(clean_text(k) for k in keywords if isinstance(k, str) and k.strip()),
        ai_summary=text("ai_summary"),
        github=url(paper.get("githubRepo")),
        project_page=url(paper.get("projectPage")),
        withdrawn=day(paper.get("withdrawnAt")),
    )
