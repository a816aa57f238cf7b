"""Reader for the Hugging Face API's daily papers listing (GET /api/daily_papers?date=YYYY-MM-DD).

A list of items, each with a `paper` (its arXiv id, title, summary, authors, ...) and fields about the
listing itself (its title, comment count, submitter, thumbnail). Read loosely: unknown fields are
ignored, optional ones may be missing. Every value goes through the model's own validation (the
rules the store loads digests with): a bad required one (the paper's id, title or summary) is an
error naming the item; a bad optional one is left out, and the digest's notes say so.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..errors import InputError, NothingListed
from ..model import STORED_FIELDS, Digest, Entry, FieldError, required, validate, visible


def parse(text: str, path: Path | str, date: dt.date) -> Digest:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(path, f"is not valid JSON ({e.msg})", "check that it is the API's response", e.lineno) from None
    except (ValueError, RecursionError) as e:  # an integer of thousands of digits; nesting too deep to read
        raise InputError(path, f"is not a JSON listing this reader can take ({type(e).__name__})",
                         "check that it is the API's response") from None
    if not isinstance(items, list):
        raise InputError(path, "is not a daily papers listing (expected a JSON list of items)",
                         "save the response of /api/daily_papers?date=YYYY-MM-DD")
    if not items:
        raise NothingListed(path, f"lists no papers for {date}", "the day may not be published yet; try again later")
    notes: list[str] = []
    entries = [_entry(item, n, path, notes) for n, item in enumerate(items, 1)]
    return Digest(date=date, entries=entries, source=Path(path).name, notes=notes)


def _entry(item: Any, n: int, path: Path | str, notes: list[str]) -> Entry:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        raise InputError(path, f"item {n} has no 'paper'", "each item of the listing is {\"paper\": {...}, ...}")
    values: dict[str, Any] = {}
    for f in STORED_FIELDS:
        raw = _raw(f.name, item, paper)
        if raw is None or raw == []:
            if required(f):
                raise InputError(path, f"item {n}: paper.{_API_NAMES.get(f.name, f.name)} is missing or empty",
                                 "the listing is incomplete")
            continue
        try:
            values[f.name] = validate(f, raw)
        except FieldError as e:
            if required(f):
                raise InputError(path, f"item {n}: {e.message}", "the listing is malformed") from None
            notes.append(f"item {n}: {e.message}, left out")
    return Entry(**values)


# The API's names for the model's fields, where they differ.
_API_NAMES = {"arxiv_id": "id", "abstract": "summary", "author_names": "authors", "keywords": "ai_keywords",
              "github": "githubRepo", "github_stars": "githubStars", "project_page": "projectPage",
              "published": "publishedAt", "withdrawn": "withdrawnAt"}
# Fields of the listing's item rather than of its paper: {model field: the item's name for it}.
_ITEM_NAMES = {"comments": "numComments", "submitted_by": "submittedBy", "thumbnail": "thumbnail"}
_NOT_FROM_THE_API = {"slug", "tags", "authors"}  # given by the store, set by hand, counted from the names


def _raw(name: str, item: dict, paper: dict) -> Any:
    """The API's value for a model field, in the shape the field's kind takes."""
    if name in _NOT_FROM_THE_API:
        return len(paper["authors"]) if name == "authors" and isinstance(paper.get("authors"), list) \
            and paper["authors"] else None
    if name == "organization":
        org = paper.get("organization") or item.get("organization")
        if not isinstance(org, dict):
            return None
        return {"handle": org.get("name"), "name": org.get("fullname") or org.get("name")}
    if name == "title":
        # The listing's title keeps the TeX that the paper's strips ("LLM$\times$MapReduce", not
        # "LLMtimesMapReduce"): the paper's only where the listing has none.
        title = item.get("title")
        return title if isinstance(title, str) and visible(title) else paper.get("title")
    if name in _ITEM_NAMES:
        value = item.get(_ITEM_NAMES[name])
        return value.get("name") if name == "submitted_by" and isinstance(value, dict) else value
    value = paper.get(_API_NAMES.get(name, name))
    if name == "author_names" and isinstance(value, list):
        return [a.get("name") if isinstance(a, dict) else a for a in value]
    if name in ("published", "withdrawn") and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return value  # left as text, for validation to refuse with the field's name
    return value
