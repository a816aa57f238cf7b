"""Atom feeds: the whole archive (one entry per day) and one per tag (one entry per paper)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import escape

from . import tex, urls
from .archive import Archive, Paper
from .pages import byline, environment, lead

DAYS_IN_FEED = 30
PAPERS_IN_FEED = 50
# A day's entry lists this many of its papers, most upvoted first, and links its page for the rest:
# most days list fewer, and a feed reader fetches the whole feed (every entry) on every check.
PAPERS_IN_DAY_ENTRY = 100
AUTHORS_IN_FEED = 3  # names before "et al.", as a day page's cards give them

# What XML 1.0 forbids in a document: C0 controls but tab, newline and return; lone surrogates;
# U+FFFE and U+FFFF. Digests are cleaned when loaded (model.clean_text), but tags.yaml and anything
# else a feed shows are not: a feed reader refuses the whole feed for one such character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class FeedEntry:
    url: str
    title: str  # text, as are summary's (the template gives both as HTML, see feed.xml.j2)
    updated: dt.datetime  # in UTC; distinct within a feed, and in the feed's order (newest first)
    summary: str
    html: str  # the content, as HTML text (the template escapes it once more, as Atom's type="html" wants)


def render_feeds(archive: Archive, site_url: str) -> dict[str, str]:
    """{path under docs/: Atom XML}. MkDocs copies them into the site as they are."""
    env = environment()
    env.filters["atomtime"] = lambda t: f"{t:%Y-%m-%dT%H:%M:%SZ}"
    env.filters["as_html"] = lambda text: escape(text, quote=False)  # HTML showing the text as typed
    template = env.get_template("feed.xml.j2")
    if not archive.days:
        return {}
    feeds = {}
    days = archive.days[:DAYS_IN_FEED]
    entries = [FeedEntry(
        url=site_url + urls.day(d.date), title=f"Daily Papers, {d.date:%A} {d.date.day} {d.date:%B %Y}",
        updated=_midnight(d.date), summary=f"{len(d.papers)} papers, most upvoted first.",
        html=_day_html(d.by_upvotes, site_url + urls.day(d.date), site_url)) for d in days]
    feeds[urls.feed(urls.ARCHIVE)] = _xml_text(template.render(
        feed_url=site_url + urls.feed(urls.ARCHIVE), page_url=site_url, site_url=site_url,
        updated=entries[0].updated, title="Daily Papers Archive",
        subtitle="Every Hugging Face Daily Papers digest, a day per entry.", entries=entries))
    for tag, papers in archive.tags:
        if papers:
            entries = _paper_entries(papers, site_url)
            feeds[urls.feed(urls.tag(tag.slug))] = _xml_text(template.render(
                feed_url=site_url + urls.feed(urls.tag(tag.slug)), page_url=site_url + urls.tag(tag.slug),
                site_url=site_url, updated=entries[0].updated, title=f"Daily Papers Archive: {tag.name}",
                subtitle=tag.description, entries=entries))
    return feeds


def _paper_entries(papers: list[Paper], site_url: str) -> list[FeedEntry]:
    """A tag's newest papers (newest day first, a day's own order within it), each stamped with the
    day it was last featured: midnight UTC plus a few seconds, the more the earlier it comes among
    that day's papers in the feed. So every entry's atom:updated is distinct, sorts as the feed does
    and stays on its day, and a paper's stamp changes only when its day or its place that day does."""
    entries = []
    seen: dict[dt.date, int] = {}  # a day -> how many of its papers are in the feed so far
    for paper in papers[:PAPERS_IN_FEED]:  # so the offsets stay within the day's first minute
        day = paper.days[-1]
        place = seen.get(day, 0)
        seen[day] = place + 1
        entries.append(FeedEntry(
            url=site_url + urls.paper(paper.slug), title=tex.text(paper.entry.title),
            updated=_midnight(day) + dt.timedelta(seconds=PAPERS_IN_FEED - 1 - place),
            summary=lead(tex.text(paper.entry.abstract)),
            html=f"{_paragraph(_meta(paper))}<p>{tex.html(paper.entry.abstract)}</p>"))
    return entries


def _day_html(papers: list[Paper], day_url: str, site_url: str) -> str:
    """A day's papers as its page lists them (most upvoted first): each title linked to its page, with
    its upvotes, first authors and the abstract's first sentence, so that a feed reader shows enough to
    choose what to open. Past PAPERS_IN_DAY_ENTRY, a link to the day's page names how many more it has."""
    items = "".join(f'<li><a href="{site_url}{urls.paper(p.slug)}">{escape(tex.text(p.entry.title), quote=False)}</a>'
                    f'{_line(_meta(p))}{_line(escape(_first_sentence(p.entry.abstract), quote=False))}</li>'
                    for p in papers[:PAPERS_IN_DAY_ENTRY])
    more = len(papers) - PAPERS_IN_DAY_ENTRY
    rest = f'<p><a href="{day_url}">{more} more paper{"s" if more != 1 else ""} on the day\'s page</a></p>' \
        if more > 0 else ""
    return f"<ol>{items}</ol>{rest}"


def _meta(paper: Paper) -> str:
    """Upvotes (and a withdrawal) and the first authors, escaped HTML: what a day page's card says of
    the paper before its abstract."""
    e = paper.entry
    parts = ["<strong>Withdrawn</strong>"] if e.withdrawn else []
    if e.upvotes is not None:
        parts.append(f"{e.upvotes} upvote{'s' if e.upvotes != 1 else ''}")
    if e.author_names or e.authors is not None:  # then byline's first part is the authors'
        parts.append(escape(byline(e, AUTHORS_IN_FEED)[0], quote=False))
    return " · ".join(parts)


def _line(html: str) -> str:
    return f"<br>{html}" if html else ""


def _paragraph(html: str) -> str:
    return f"<p>{html}</p>" if html else ""


def _first_sentence(abstract: str) -> str:
    """The abstract's first sentence as text, cut as a page's description is when it runs on."""
    return lead(re.split(r"(?<=[.!?])\s+", tex.text(abstract).strip(), maxsplit=1)[0])


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def _xml_text(xml: str) -> str:
    """The feed without any character XML 1.0 forbids."""
    return _NOT_XML.sub("", xml)
