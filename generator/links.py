"""Links that travel: the machine-readable copy of the digests, and the arXiv-id lookup.

One JSON file per day holds every field of that day's papers (api/days/<day>.json.gz, stored
gzipped: GitHub Pages counts a site's bytes as stored, and sends the file as it is), and a small
index says on which days each paper was featured (api/papers.json): one copy of each abstract, and
no file per paper, which would cost a tar header a paper of GitHub Pages' 1 GB. A day's BibTeX is
made from its JSON in the browser (javascripts/day-bib.js), as bibtex.py would make it.
/papers/<arXiv id>/ and the other forms people paste (a version suffix, arXiv:…, /abs/…) are led to
the paper's page by the 404 page, from one small index file per arXiv month.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import defaultdict
from typing import Any

from . import urls
from .archive import Archive, Day, Paper
from .keys import Keys
from .model import entry_data
from .writer import gzipped

NEW_STYLE_ID = re.compile(r"\d{4}\.\d{4,5}")  # new-style ids: YYMM.number; the 404 page looks for these


def render_links(archive: Archive, keys: Keys) -> dict[str, str | bytes]:
    """{path under docs/: content} of the JSON copy and the arXiv-id indexes: a day's file only if
    its papers changed (keys.needs); the indexes, small, every time."""
    files: dict[str, str | bytes] = {}
    for day in archive.days:
        path = urls.day_json(day.date)
        if keys.needs(path, (day.date, [keys.papers[p.slug] for p in day.papers])):
            files[path] = gzipped(day_copy(day))
    keys.needs(urls.PAPERS_INDEX, None)
    files[urls.PAPERS_INDEX] = _json({slug: archive.papers[slug].days for slug in sorted(archive.papers)})
    by_month: dict[str, dict[str, str]] = defaultdict(dict)
    for paper in archive.papers.values():
        arxiv_id = paper.entry.arxiv_id
        if arxiv_id and NEW_STYLE_ID.fullmatch(arxiv_id):
            by_month[urls.arxiv_index(arxiv_id)][arxiv_id] = urls.paper(paper.slug)
    for path, ids in by_month.items():
        keys.needs(path, None)
        files[path] = _json(dict(sorted(ids.items())))
    return files


def day_copy(day: Day) -> str:
    """A day's JSON copy, before it is gzipped: its date, and its papers in the digest's order."""
    return _json({"date": day.date, "papers": [_paper(p) for p in day.papers]})


def _paper(paper: Paper) -> dict[str, Any]:
    """The digest's fields, with all the paper's tags and the days it was featured."""
    entry = dataclasses.replace(paper.entry, tags=tuple(t.slug for t in paper.tags))
    return {"slug": paper.slug, **entry_data(entry), "days": paper.days}


def _json(data: Any) -> str:
    # Compact: the copy is a sizeable share of the site.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{value!r} has no JSON form")
