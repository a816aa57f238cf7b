"""Pages: the archive rendered through the Jinja2 templates into Markdown files for docs/.

Everything taken from a digest reaches the page inside raw HTML blocks, HTML-escaped by
Jinja's autoescape, so Python-Markdown never parses it: no title or abstract can add
Markdown structure, HTML or script. Page titles go into front matter escaped too, since
Material prints them unescaped into <title> and the header.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import itertools
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from . import bibtex, stats, tex, top, urls
from .archive import Archive, Day, Paper
from .cores import parallel_map
from .dates import longdate, month_name, shortdate
from .keys import Keys
from .model import ARXIV_ID, Entry
from .related import Related
from .slugs import org_slug

# A tag's or organisation's page shows its newest papers; the rest are on one page per month, so that at 50,000
# papers no page grows without bound and a new day rewrites only the current month's page.
NEWEST = 50
HOME_LARGEST_TAGS = 12  # the home page's tag pills
HOME_LATEST_PAPERS = 10  # titles of the latest digest on the home page
HOME_RECENT_DAYS = 10
HOME_TOP = 5  # of the latest week's and month's top papers
# Papers a day's page lists; a longer day goes on over pages of its own (urls.day), so that no page
# grows without bound. Real days list far fewer.
DAY_PAGE = 300
DESCRIPTION_LENGTH = 155  # characters of an abstract's first sentences that describe a page: what search results show


def environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["shortdate"] = shortdate
    env.filters["longdate"] = longdate
    # A YAML (JSON) string of HTML-escaped text: safe in front matter and in Material's <title>.
    env.filters["yamlstr"] = lambda s: Markup(json.dumps(html.escape(str(s)), ensure_ascii=False))
    env.filters["lead"] = lead
    env.filters["byline"] = byline
    env.filters["org_slug"] = org_slug
    env.tests["arxiv_id"] = lambda text: bool(ARXIV_ID.fullmatch(text))
    env.filters["tex_text"], env.filters["tex_html"], env.filters["has_math"] = tex.text, tex.html, tex.has_math
    env.filters["any_math"] = lambda texts: any(tex.has_math(text) for text in texts)
    env.filters["short_count"] = short_count
    env.filters["grouped"] = lambda n: f"{n:,}"  # 1,234
    env.filters["bibtex"] = bibtex.entry
    # A search link's query: spaces as "+" and ":,()" as they are, which every search reads the same
    # and which Jinja's urlencode writes as three bytes each (a card carries its title twice).
    env.filters["query"] = lambda text: urllib.parse.quote_plus(text, safe=":,()")
    env.globals["url"] = urls
    return env


def lead(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """An abstract's first sentences, about `limit` characters: a page's description."""
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if out and len(out) + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    if len(out) > limit + 100:  # one very long sentence
        out = out[:limit].rsplit(" ", 1)[0] + "…"
    return out


def short_count(n: int) -> str:
    """A count as GitHub writes stars: 999, 1.2k, 12.3k, 123k, 1.2M. Cut, never rounded up: 1,999 is
    1.9k, and nothing reads 1000k."""
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if n >= size:
            whole, tenth = divmod(n * 10 // size, 10)
            return f"{whole}{unit}" if tenth == 0 or whole >= 100 else f"{whole}.{tenth}{unit}"
    return str(n)


def byline(entry: Entry, names: int) -> list[str]:
    """Who and when, as a paper's meta line says it after its organisation: the first `names`
    authors (or, with names=0 or none known, how many there are), the day it was published."""
    parts = []
    count = max(len(entry.author_names), entry.authors or 0)  # the API may name fewer than it counts
    if names and entry.author_names:
        parts.append(", ".join(entry.author_names[:names]) + (" et al." if count > names else ""))
    elif entry.author_names or entry.authors is not None:
        parts.append(f"{count} author{'s' if count != 1 else ''}")
    if entry.published:
        parts.append(f"published {shortdate(entry.published)}")
    return parts


@dataclass
class Month:
    key: str  # "2025-11": its address part
    name: str  # "November 2025"
    days: list[Day] = field(default_factory=list)  # in the archive's calendar
    papers: list[Paper] = field(default_factory=list)  # on a tag's month page

    @property
    def count(self) -> int:
        """Different papers featured on its days (a paper featured twice is one paper)."""
        return _different(self.days)


@dataclass
class Year:
    year: int
    months: list[Month]

    @property
    def papers(self) -> int:
        return _different([d for m in self.months for d in m.days])


def _different(days: list[Day]) -> int:
    return len({p.slug for d in days for p in d.papers})


def _month(date: dt.date) -> Month:
    return Month(key=f"{date:%Y-%m}", name=month_name(date))


def render_pages(archive: Archive, site_url: str, keys: Keys, similar: dict[str, Related]) -> dict[str, str]:
    """The generated pages whose inputs changed (keys.needs), as {path under docs/: Markdown}; similar
    holds each paper's related papers (related.related)."""
    env = environment()
    paper_key = keys.papers
    jobs: list[tuple[str, Template, str, dict[str, Any]]] = []  # (path, template, root, context)

    def render(template: Template, address: str, key: object | None, **context: Any) -> None:
        """key: what the page shows, as a value whose repr says it all; None: render it always."""
        path = urls.source(address)
        if keys.needs(path, key):
            jobs.append((path, template, urls.root(address), context))

    card = _cards(env)
    day_t = env.get_template("day.md.j2")
    for day in archive.days:
        ranked = day.by_upvotes
        parts = [ranked[start:start + DAY_PAGE] for start in range(0, len(ranked), DAY_PAGE)]
        for n, papers in enumerate(parts, 1):
            address = urls.day(day.date, n)
            render(day_t, address, (day.date, day.previous, day.next, len(ranked), n, len(parts),
                                    [paper_key[p.slug] for p in papers]),
                   day=day, papers=papers, count=len(ranked), page=n, pages=len(parts), card=card(address))

    paper_t = env.get_template("paper.md.j2")
    titles = {slug: paper.entry.title for slug, paper in archive.papers.items()}
    for paper in archive.papers.values():
        more = similar[paper.slug]
        related = [(slug, titles[slug]) for slug in more.papers]  # as the page lists them
        render(paper_t, urls.paper(paper.slug), (paper_key[paper.slug], related, more.terms),
               paper=paper, site_url=site_url, related=related, more_like_this=" ".join(more.terms))

    tag_t, org_t, month_t = (env.get_template(name) for name in ("tag.md.j2", "org.md.j2", "month.md.j2"))
    archive_months = [_month(date) for date in sorted({d.date.replace(day=1) for d in archive.days})]

    def by_month(papers: list[Paper], since: str, address: Callable[[str], str], **context: str) -> list[Month]:
        """The month pages of a tag's or organisation's papers, by the month each was last featured.
        A month page stays when its papers have gone (re-tagged, or featured again later): its address
        was published. So there is one for every month of the archive from `since` ("2025-11") on."""
        months = _tag_months(papers)
        listed = {m.key for m in months}
        for month in months + [m for m in archive_months if m.key not in listed and m.key >= since]:
            render(month_t, address(month.key), (month.key, [paper_key[p.slug] for p in month.papers], context),
                   month=month, **context)
        return months

    for tag, papers in archive.tags:
        months = by_month(papers, "", lambda key: urls.tag_month(tag.slug, key), kind="Tag", name=tag.name,
                          description=tag.description, back=urls.tag(tag.slug))
        render(tag_t, urls.tag(tag.slug), (tag.slug, len(papers), [paper_key[p.slug] for p in papers[:NEWEST]],
                                           [(m.key, len(m.papers)) for m in months]),
               tag=tag, papers=papers, newest=NEWEST, months=[(m, urls.tag_month(tag.slug, m.key)) for m in months],
               card=card(urls.tag(tag.slug), featured=True))

    for org, papers in archive.orgs:
        months = []
        if org.named > NEWEST:  # else all are on its page
            months = by_month(papers, f"{org.since:%Y-%m}", lambda key: urls.org_month(org.slug, key),
                              kind="Organisation", name=org.name, back=urls.org(org.slug),
                              description=f"Papers from {org.name} featured in Hugging Face Daily Papers.")
        render(org_t, urls.org(org.slug), (org, len(papers), [paper_key[p.slug] for p in papers[:NEWEST]],
                                           [(m.key, len(m.papers)) for m in months]),
               org=org, papers=papers, newest=NEWEST, months=[(m, urls.org_month(org.slug, m.key)) for m in months],
               card=card(urls.org(org.slug), featured=True))

    top_t = env.get_template("top.md.j2")
    periods = top.periods(archive)
    for kind_periods in periods.values():
        for period in kind_periods:
            address = urls.top(period.key)
            # Its cards show each paper's day and count in the period, which its paper key does not hold.
            render(top_t, address, (period.key, period.name, [(d.date, len(d.papers)) for d in period.days],
                                    [(paper_key[f.paper.slug], f.day, f.upvotes) for f in period.top],
                                    len(period.papers), period.unranked,
                                    period.previous and period.previous.key, period.next and period.next.key),
                   period=period)

    # The indexes: a few pages, rendered every time.
    render(env.get_template("tops.md.j2"), urls.TOP, None, periods=periods)
    largest = sorted(archive.tags, key=lambda tag_papers: (-len(tag_papers[1]), tag_papers[0].name))
    render(env.get_template("tags.md.j2"), urls.TAGS, None, tags=largest)
    render(env.get_template("orgs.md.j2"), urls.ORGS, None,
           orgs=sorted(archive.orgs, key=lambda org_papers: (-len(org_papers[1]), org_papers[0].name.casefold())))
    render(env.get_template("archive.md.j2"), urls.ARCHIVE, None, days=archive.days, calendar=_calendar(archive),
           papers=len(archive.papers), featured=sum(len(d.papers) for d in archive.days),
           heat_maps=stats.heat_maps(archive.days, urls.root(urls.ARCHIVE)), legend=stats.legend())
    render(env.get_template("stats.md.j2"), urls.STATS, None, charts=stats.charts(archive), days=archive.days,
           papers=len(archive.papers))
    render(env.get_template("home.md.j2"), urls.HOME, None, latest=archive.days[0] if archive.days else None,
           days=archive.days, papers=len(archive.papers), tags=archive.tags, orgs=len(archive.orgs),
           largest=largest[:HOME_LARGEST_TAGS], latest_papers=HOME_LATEST_PAPERS, recent_days=HOME_RECENT_DAYS,
           tops=[periods[kind][0] for kind in ("week", "month") if periods[kind]], home_top=HOME_TOP)
    # On every core: forked workers share the archive and the templates as they are.
    texts = parallel_map(lambda job: job[1].render(root=job[2], **job[3]), jobs)
    return dict(sorted((path, text) for (path, *_), text in zip(jobs, texts)))


def _cards(env: Environment) -> Callable[..., Callable[[Paper], str]]:
    """card(address, featured)(paper): a paper's entry as a page at that address lists it (with the day
    it was featured, on a tag's page). A paper is listed on its days and in its tags, so each entry is
    rendered once per depth of page and kind of list, not per page."""
    macro = env.get_template("_macros.md.j2").module.card  # type: ignore[attr-defined]
    done: dict[tuple[str, bool, str], str] = {}

    def for_page(address: str, featured: bool = False) -> Callable[[Paper], str]:
        root = urls.root(address)

        def card(paper: Paper) -> str:
            key = (root, featured, paper.slug)
            if key not in done:
                done[key] = macro(paper, root, featured)
            return done[key]
        return card
    return for_page


def _calendar(archive: Archive) -> list[Year]:
    """Years, then months, then days, newest first (archive.days already is)."""
    years = []
    for year, year_days in itertools.groupby(archive.days, key=lambda d: d.date.year):
        months = []
        for _, month_days in itertools.groupby(year_days, key=lambda d: d.date.month):
            days = list(month_days)
            months.append(dataclasses.replace(_month(days[0].date), days=days))
        years.append(Year(year, months))
    return years


def _tag_months(papers: list[Paper]) -> list[Month]:
    """A tag's papers (newest first) grouped by the month they were last featured."""
    return [dataclasses.replace(_month(group[0].days[-1]), papers=group)
            for group in (list(g) for _, g in itertools.groupby(papers, key=lambda p: p.days[-1].replace(day=1)))]
