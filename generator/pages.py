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

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .archive import Archive

# The generated part of docs/; everything else there is written by hand.
GENERATED = ("index.md", "archive.md", "days", "papers", "tags")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["shortdate"] = lambda d: f"{d.day} {d:%b %Y}"
    env.filters["longdate"] = lambda d: f"{d:%A}, {d.day} {d:%B %Y}"
    # A YAML (JSON) string of HTML-escaped text: safe in front matter and in Material's <title>.
    env.filters["yamlstr"] = lambda s: Markup(json.dumps(html.escape(str(s)), ensure_ascii=False))
    return env


def render_pages(archive: Archive, site_url: str) -> dict[str, str]:
    """Every generated page, as {path under docs/: Markdown}."""
    env = environment()
    site_url = site_url.rstrip("/") + "/"
    pages: dict[str, str] = {}

    day_t = env.get_template("day.md.j2")
    for day in archive.days:
        pages[f"days/{day.date}.md"] = day_t.render(day=day)

    paper_t = env.get_template("paper.md.j2")
    for paper in archive.papers.values():
        pages[f"papers/{paper.slug}.md"] = paper_t.render(paper=paper, site_url=site_url)

    tag_t = env.get_template("tag.md.j2")
    for tag, papers in archive.tags:
        pages[f"tags/{tag.slug}.md"] = tag_t.render(tag=tag, papers=papers)
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
