"""Pages: the archive rendered through the Jinja2 templates into Markdown files for docs/.

Everything taken from a digest reaches the page inside raw HTML blocks, HTML-escaped by
Jinja's autoescape, so Python-Markdown never parses it: no title or abstract can add
Markdown structure, HTML or script. Page titles go into front matter escaped too, since
Material prints them unescaped into <title> and the header.
"""
from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .archive import Archive

# A tag's page shows its newest papers; the rest are on one page per month, so that at 50,000
# papers no page grows without bound and a new day rewrites only the current month's page.
TAG_NEWEST = 50
# The generated part of docs/; everything else there is written by hand.
GENERATED = ("index.md", "archive.md", "days", "papers", "tags", "feeds", "api")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["shortdate"] = lambda d: f"{d.day} {d:%b %Y}"
    env.filters["longdate"] = lambda d: f"{d:%A}, {d.day} {d:%B %Y}"
    # A YAML (JSON) string of HTML-escaped text: safe in front matter and in Material's <title>.
    env.filters["yamlstr"] = lambda s: Markup(json.dumps(html.escape(str(s)), ensure_ascii=False))
    env.filters["lead"] = lead
    return env


def lead(text: str, limit: int = 200) -> str:
    """An abstract's first sentences, about `limit` characters: a page's description."""
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if out and len(out) + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    if len(out) > limit + 100:  # one very long sentence
        out = out[:limit].rsplit(" ", 1)[0] + "…"
    return out


def render_pages(archive: Archive, site_url: str) -> dict[str, str]:
    """Every generated page, as {path under docs/: Markdown}."""
    env = environment()
    site_url = site_url.rstrip("/") + "/"
    pages: dict[str, str] = {}

    # A paper is listed on its days and in its tags: render its entry once, not on every page.
    macros = env.get_template("_macros.md.j2").module
    card = _once(lambda paper: macros.card(paper, "../../"))

    day_t = env.get_template("day.md.j2")
    for day in archive.days:
        pages[f"days/{day.date}.md"] = day_t.render(day=day, card=card)

    paper_t = env.get_template("paper.md.j2")
    for paper in archive.papers.values():
        pages[f"papers/{paper.slug}.md"] = paper_t.render(paper=paper, site_url=site_url)

    tag_t, month_t = env.get_template("tag.md.j2"), env.get_template("tag_month.md.j2")
    for tag, papers in archive.tags:
        months = _tag_months(papers)
        pages[f"tags/{tag.slug}/index.md"] = tag_t.render(tag=tag, papers=papers, months=months,
                                                          newest=TAG_NEWEST, card=card)
        for month in months:
            pages[f"tags/{tag.slug}/{month['key']}.md"] = month_t.render(tag=tag, month=month)
    pages["tags/index.md"] = env.get_template("tags.md.j2").render(tags=archive.tags)

    pages["archive.md"] = env.get_template("archive.md.j2").render(
        days=archive.days, calendar=_calendar(archive))
    largest = sorted(((t, len(p)) for t, p in archive.tags), key=lambda tn: (-tn[1], tn[0].name))[:12]
    pages["index.md"] = env.get_template("home.md.j2").render(
        latest=archive.days[0] if archive.days else None, days=archive.days,
        papers=len(archive.papers), tags=archive.tags, largest=largest)
    return dict(sorted(pages.items()))


def _calendar(archive: Archive) -> list[tuple[int, list[dict]]]:
    """Years, then months, then days, newest first (archive.days already is)."""
    years = []
    for year, year_days in itertools.groupby(archive.days, key=lambda d: d.date.year):
        months = []
        for month, month_days in itertools.groupby(year_days, key=lambda d: d.date.month):
            month_days = list(month_days)
            months.append({"key": f"{year}-{month:02d}", "name": f"{dt.date(year, month, 1):%B %Y}",
                           "days": month_days, "count": sum(len(d.papers) for d in month_days)})
        years.append((year, months))
    return years


def _tag_months(papers: list) -> list[dict]:
    """A tag's papers (newest first) grouped by the month they were last featured."""
    months = []
    for (year, month), group in itertools.groupby(papers, key=lambda p: (p.days[-1].year, p.days[-1].month)):
        months.append({"key": f"{year}-{month:02d}", "name": f"{dt.date(year, month, 1):%B %Y}", "papers": list(group)})
    return months


def _once(render):
    """render(paper), remembered by slug."""
    done: dict[str, str] = {}

    def cached(paper):
        if paper.slug not in done:
            done[paper.slug] = render(paper)
        return done[paper.slug]
    return cached
