"""Links that travel: arXiv-id addresses that lead to a paper's page, and a machine-readable copy.

/papers/<arXiv id>/ is a small redirect page for every paper whose id is known; other forms people
paste (a version suffix, arXiv:…, /abs/…) are resolved by the 404 page from api/arxiv.json.
/api/days/YYYY-MM-DD.json and /api/papers/<slug>.json hold the fields of the canonical digests.
"""
from __future__ import annotations

import json
import re
from typing import Any

from .archive import Archive, Paper
from .pages import environment

ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}")  # new-style ids: safe as a folder name, never a slug (slugs have no dot)


def render_links(archive: Archive, site_url: str) -> dict[str, str]:
    base = site_url.rstrip("/") + "/"
    files: dict[str, str] = {}
    redirect = environment().get_template("redirect.html.j2")
    ids = {}
    for paper in archive.papers.values():
        files[f"api/papers/{paper.slug}.json"] = _json(_paper(paper, base))
        if paper.arxiv_id and ARXIV_ID.fullmatch(paper.arxiv_id):
            ids[paper.arxiv_id] = paper.slug
            files[f"papers/{paper.arxiv_id}/index.html"] = redirect.render(
                url=f"{base}papers/{paper.slug}/", slug=paper.slug, title=paper.title)
    for day in archive.days:
        files[f"api/days/{day.date}.json"] = _json({"date": day.date.isoformat(), "url": f"{base}days/{day.date}/",
                                                     "papers": [_paper(p, base) for p in day.papers]})
    files["api/arxiv.json"] = _json(dict(sorted(ids.items())))
    return files


def _paper(paper: Paper, base: str) -> dict[str, Any]:
    fields = {
        "slug": paper.slug, "url": f"{base}papers/{paper.slug}/", "title": paper.title,
        "arxiv_id": paper.arxiv_id, "authors": paper.authors, "author_names": list(paper.author_names),
        "organization": {"handle": paper.organization.handle, "name": paper.organization.name}
        if paper.organization else None,
        "published": paper.published.isoformat() if paper.published else None, "upvotes": paper.upvotes,
        "withdrawn": paper.withdrawn.isoformat() if paper.withdrawn else None,
        "github": paper.github, "project_page": paper.project_page,
        "tags": [t.slug for t in paper.tags], "keywords": list(paper.keywords),
        "abstract": paper.abstract, "ai_summary": paper.ai_summary,
        "days": [d.isoformat() for d in paper.days],
    }
    return {k: v for k, v in fields.items() if v not in (None, [])}


def _json(data: Any) -> str:
    # Compact: at 50,000 papers the copy is a sizeable share of the site.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
