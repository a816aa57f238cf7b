"""Atom feeds: the whole archive (one entry per day) and one per tag (one entry per paper)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from . import urls
from .archive import Archive, Paper
from .pages import environment, lead

DAYS_IN_FEED = 30
PAPERS_IN_FEED = 50


@dataclass
class FeedEntry:
    url: str
    title: str
    updated: dt.date
    summary: str
    html: str  # the content, as HTML text (the template escapes it once more, as Atom's type="html" wants)


def render_feeds(archive: Archive, site_url: str) -> dict[str, str]:
    """{path under docs/: Atom XML}. MkDocs copies them into the site as they are."""
    template = environment().get_template("feed.xml.j2")
    if not archive.days:
        return {}
    feeds = {}
    days = archive.days[:DAYS_IN_FEED]
    feeds[urls.feed(urls.ARCHIVE)] = template.render(
        feed_url=site_url + urls.feed(urls.ARCHIVE), page_url=site_url, site_url=site_url, updated=days[0].date,
        title="Daily Papers Archive", subtitle="Every Hugging Face Daily Papers digest, a day per entry.",
        entries=[FeedEntry(
            url=site_url + urls.day(d.date), title=f"Daily Papers, {d.date:%A} {d.date.day} {d.date:%B %Y}",
            updated=d.date, summary=f"{len(d.papers)} papers.",
            html="<ul>" + "".join(f'<li><a href="{site_url}{urls.paper(p.slug)}">{escape(p.entry.title)}</a></li>'
                                  for p in d.papers) + "</ul>") for d in days])
    for tag, papers in archive.tags:
        if papers:
            feeds[urls.feed(urls.tag(tag.slug))] = template.render(
                feed_url=site_url + urls.feed(urls.tag(tag.slug)), page_url=site_url + urls.tag(tag.slug),
                site_url=site_url, updated=papers[0].days[-1], title=f"Daily Papers Archive: {tag.name}",
                subtitle=tag.description, entries=[_paper_entry(p, site_url) for p in papers[:PAPERS_IN_FEED]])
    return feeds


def _paper_entry(paper: Paper, site_url: str) -> FeedEntry:
    return FeedEntry(url=site_url + urls.paper(paper.slug), title=paper.entry.title, updated=paper.days[-1],
                     summary=lead(paper.entry.abstract), html=f"<p>{escape(paper.entry.abstract)}</p>")
