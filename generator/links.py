"""Links that travel: arXiv-id addresses that lead to a paper's page, and a machine-readable copy.

/papers/<arXiv id>/ is a small redirect page for every paper whose id is known; other forms people
paste (a version suffix, arXiv:…, /abs/…) are resolved by the 404 page from api/arxiv.json.
/api/days/YYYY-MM-DD.json and /api/papers/<slug>.json hold the fields of the canonical digests.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from . import urls
from .archive import Archive, Paper
from .model import entry_data
from .pages import environment

ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")  # new-style ids: safe as a folder name, never a slug (slugs have no dot)


def render_links(archive: Archive, site_url: str) -> dict[str, str]:
    """{path under docs/: content} of the redirect pages and the JSON copy."""
    files: dict[str, str] = {}
    redirect = environment().get_template("redirect.html.j2")
    ids = {}
    for paper in archive.papers.values():
        files[urls.json_copy(urls.paper(paper.slug))] = _json(_paper(paper, site_url))
        arxiv_id = paper.entry.arxiv_id
        if arxiv_id and ARXIV_ID.fullmatch(arxiv_id):
            ids[arxiv_id] = urls.paper(paper.slug)
            address = urls.arxiv(arxiv_id)
            files[urls.html(address)] = redirect.render(
                url=site_url + urls.paper(paper.slug), target=urls.root(address) + urls.paper(paper.slug),
                title=paper.entry.title)
    for day in archive.days:
        files[urls.json_copy(urls.day(day.date))] = _json({
            "date": day.date, "url": site_url + urls.day(day.date), "papers": [_paper(p, site_url) for p in day.papers]})
    files[urls.ARXIV_INDEX] = _json(dict(sorted(ids.items())))
    return files


def _paper(paper: Paper, site_url: str) -> dict[str, Any]:
    """The digest's fields, with the paper's address, all its tags and the days it was featured."""
    entry = dataclasses.replace(paper.entry, tags=tuple(t.slug for t in paper.tags))
    return {"slug": paper.slug, "url": site_url + urls.paper(paper.slug), **entry_data(entry), "days": paper.days}


def _json(data: Any) -> str:
    # Compact: at 50,000 papers the copy is a sizeable share of the site.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{value!r} has no JSON form")
