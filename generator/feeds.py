"""Atom feeds: the whole archive (one entry per day) and one per tag (one entry per paper)."""
from __future__ import annotations

from html import escape

from .archive import Archive, Paper
from .pages import environment, lead

DAYS_IN_FEED = 30
PAPERS_IN_FEED = 50


def render_feeds(archive: Archive, site_url: str) -> dict[str, str]:
    """{path under docs/: Atom XML}. MkDocs copies them into the site as they are."""
    template = environment().get_template("feed.xml.j2")
    base = site_url.rstrip("/") + "/"
    if not archive.days:
        return {}
    feeds = {}
    days = archive.days[:DAYS_IN_FEED]
    feeds["feeds/archive.xml"] = template.render(
        feed_url=f"{base}feeds/archive.xml", page_url=base, site_url=base, updated=days[0].date,
        title="Daily Papers Archive", subtitle="Every Hugging Face Daily Papers digest, a day per entry.",
        entries=[{"url": f"{base}days/{d.date}/", "title": f"Daily Papers, {d.date:%A} {d.date.day} {d.date:%B %Y}",
                  "updated": d.date, "summary": f"{len(d.papers)} papers.",
                  "html": "<ul>" + "".join(f'<li><a href="{base}papers/{p.slug}/">{escape(p.title)}</a></li>'
                                           for p in d.papers) + "</ul>"} for d in days])
    for tag, papers in archive.tags:
        if papers:
            feeds[f"feeds/tags/{tag.slug}.xml"] = template.render(
                feed_url=f"{base}feeds/tags/{tag.slug}.xml", page_url=f"{base}tags/{tag.slug}/", site_url=base,
                updated=papers[0].days[-1], title=f"Daily Papers Archive: {tag.name}", subtitle=tag.description,
                entries=[_paper_entry(p, base) for p in papers[:PAPERS_IN_FEED]])
    return feeds


def _paper_entry(paper: Paper, base: str) -> dict:
    return {"url": f"{base}papers/{paper.slug}/", "title": paper.title, "updated": paper.days[-1],
            "summary": lead(paper.abstract), "html": f"<p>{escape(paper.abstract)}</p>"}
