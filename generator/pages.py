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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import bibtex, stats, tex, top, urls
from .archive import Archive, Day, Paper
from .cores import parallel_map
from .dates import longdate, month_name, shortdate
from .keys import Keys
from .model import ARXIV_ID, Entry
from .related import Related
from .slugs import org_slug

# A tag's or organisation's page shows its newest papers; the rest are on one page per month, so that no page
# grows without bound and a new day rewrites only the current month's page.
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


@dataclass
class Page:
    """A page to render: its template, its address, and what the template is given besides its root
    (which the address fixes). Its key is made of exactly that (keys.Keys.page), so a page is made
    again whenever anything it can show changed."""

    template: str
    address: str
    context: dict[str, Any]
    keyed: bool = True  # False: an index of the whole archive, a few pages, rendered every time

    @property
    def given(self) -> dict[str, Any]:
        return {"root": urls.root(self.address), **self.context}


@dataclass(frozen=True)
class Card:
    """card(paper): a paper's entry as a page at root lists it (with the day it was last featured, on
    a tag's or organisation's page). A paper is listed on its days and in its tags, so each entry is
    rendered once per depth of page and kind of list (`done`, shared by every page), not per page."""

    root: str
    featured: bool
    macro: Callable[[Paper, str, bool], str] = field(repr=False)  # how, not what: out of the page's key
    done: dict[tuple[str, bool, str], str] = field(repr=False)

    def __call__(self, paper: Paper) -> str:
        key = (self.root, self.featured, paper.slug)
        if key not in self.done:
            self.done[key] = self.macro(paper, self.root, self.featured)
        return self.done[key]


Cards = Callable[..., Card]  # cards(address, featured=False): the card of the page at address


@dataclass(frozen=True)
class DayNav:
    """A day as its page shows it, beside its papers: its date and its neighbours'."""

    date: dt.date
    previous: dt.date | None
    next: dt.date | None


@dataclass(frozen=True)
class Neighbour:
    """A period's previous or next, as its page links it."""

    key: str
    name: str


@dataclass(frozen=True)
class DayCount:
    """A day as a period's page lists it: its date and how many papers were featured."""

    date: dt.date
    papers: int


@dataclass(frozen=True)
class TopPage:
    """A period (top.Period) as its page shows it."""

    kind: str
    name: str
    previous: Neighbour | None
    next: Neighbour | None
    days: list[DayCount]
    papers: int  # featured in it
    top: list[top.Featured]
    unranked: int


def render_pages(archive: Archive, site_url: str, keys: Keys, similar: dict[str, Related]) -> dict[str, str]:
    """The generated pages whose inputs changed (keys.page), as {path under docs/: Markdown}; similar
    holds each paper's related papers (related.related)."""
    env = environment()
    cards = _cards(env)
    periods = top.periods(archive)
    pages = itertools.chain(_day_pages(archive, cards), _paper_pages(archive, site_url, similar),
                            _tag_pages(archive, cards), _org_pages(archive, cards), _top_pages(periods),
                            _index_pages(archive, periods))
    jobs = [page for page in pages if _needed(page, keys)]
    templates = {name: env.get_template(name) for name in sorted({page.template for page in jobs})}
    # On every core: forked workers share the archive and the templates as they are.
    texts = parallel_map(lambda page: templates[page.template].render(page.given), jobs)
    return dict(sorted((urls.source(page.address), text) for page, text in zip(jobs, texts)))


def _needed(page: Page, keys: Keys) -> bool:
    path = urls.source(page.address)
    return keys.page(path, page.template, page.given) if page.keyed else keys.needs(path, None)


def _day_pages(archive: Archive, cards: Cards) -> Iterator[Page]:
    """Each day's papers, most upvoted first, DAY_PAGE to a page."""
    for day in archive.days:
        ranked = day.by_upvotes
        parts = [ranked[start:start + DAY_PAGE] for start in range(0, len(ranked), DAY_PAGE)]
        for n, papers in enumerate(parts, 1):
            address = urls.day(day.date, n)
            yield Page("day.md.j2", address, dict(
                day=DayNav(day.date, day.previous, day.next), papers=papers, count=len(ranked), page=n,
                pages=len(parts), card=cards(address)))


def _paper_pages(archive: Archive, site_url: str, similar: dict[str, Related]) -> Iterator[Page]:
    for paper in archive.papers.values():
        more = similar[paper.slug]
        related = [(slug, archive.papers[slug].entry.title) for slug in more.papers]  # as the page lists them
        yield Page("paper.md.j2", urls.paper(paper.slug), dict(paper=paper, site_url=site_url, related=related,
                                                                more_like_this=" ".join(more.terms)))


def _tag_pages(archive: Archive, cards: Cards) -> Iterator[Page]:
    """Each tag's newest papers, and its month pages."""
    every_month = _archive_months(archive)
    for tag, papers in archive.tags:
        months = _tag_months(papers)
        yield from _month_pages(months, every_month, "", lambda key: urls.tag_month(tag.slug, key), kind="Tag",
                                name=tag.name, description=tag.description, back=urls.tag(tag.slug))
        address = urls.tag(tag.slug)
        yield Page("tag.md.j2", address, dict(
            tag=tag, papers=papers[:NEWEST], count=len(papers), newest=NEWEST,
            months=[(m.name, len(m.papers), urls.tag_month(tag.slug, m.key)) for m in months],
            card=cards(address, featured=True)))


def _org_pages(archive: Archive, cards: Cards) -> Iterator[Page]:
    """Each organisation's newest papers, and its month pages if it has more."""
    every_month = _archive_months(archive)
    for org, papers in archive.orgs:
        months = []
        if org.named > NEWEST:  # else all are on its page
            months = _tag_months(papers)
            yield from _month_pages(months, every_month, f"{org.since:%Y-%m}", lambda key: urls.org_month(org.slug, key),
                                    kind="Organisation", name=org.name, back=urls.org(org.slug),
                                    description=f"Papers from {org.name} featured in Hugging Face Daily Papers.")
        address = urls.org(org.slug)
        yield Page("org.md.j2", address, dict(
            org=org, papers=papers[:NEWEST], count=len(papers), newest=NEWEST,
            months=[(m.name, len(m.papers), urls.org_month(org.slug, m.key)) for m in months],
            card=cards(address, featured=True)))


def _month_pages(months: list[Month], every_month: list[Month], since: str, address: Callable[[str], str],
                 **context: str) -> Iterator[Page]:
    """The month pages of a tag's or organisation's papers (`months`, by the month each was last
    featured). A month page stays when its papers have gone (re-tagged, or featured again later): its
    address was published. So there is one for every month of the archive from `since` ("2025-11") on."""
    listed = {m.key for m in months}
    for month in months + [m for m in every_month if m.key not in listed and m.key >= since]:
        yield Page("month.md.j2", address(month.key), dict(month=month, **context))


def _top_pages(periods: dict[str, list[top.Period]]) -> Iterator[Page]:
    """Each period's most upvoted papers."""
    for kind_periods in periods.values():
        for period in kind_periods:
            yield Page("top.md.j2", urls.top(period.key), dict(period=TopPage(
                period.kind, period.name, _neighbour(period.previous), _neighbour(period.next),
                [DayCount(d.date, len(d.papers)) for d in period.days], len(period.papers), period.top,
                period.unranked)))


def _neighbour(period: top.Period | None) -> Neighbour | None:
    return Neighbour(period.key, period.name) if period else None


def _index_pages(archive: Archive, periods: dict[str, list[top.Period]]) -> Iterator[Page]:
    """The indexes: a few pages of the whole archive, rendered every time."""
    def index(template: str, address: str, **context: Any) -> Page:
        return Page(template, address, context, keyed=False)
    yield index("tops.md.j2", urls.TOP, periods=periods)
    largest = sorted(archive.tags, key=lambda tag_papers: (-len(tag_papers[1]), tag_papers[0].name))
    yield index("tags.md.j2", urls.TAGS, tags=largest)
    yield index("orgs.md.j2", urls.ORGS,
                orgs=sorted(archive.orgs, key=lambda org_papers: (-len(org_papers[1]), org_papers[0].name.casefold())))
    yield index("archive.md.j2", urls.ARCHIVE, days=archive.days, calendar=_calendar(archive),
                papers=len(archive.papers), featured=sum(len(d.papers) for d in archive.days),
                heat_maps=stats.heat_maps(archive.days, urls.root(urls.ARCHIVE)), legend=stats.legend())
    yield index("stats.md.j2", urls.STATS, charts=stats.charts(archive), days=archive.days, papers=len(archive.papers))
    yield index("home.md.j2", urls.HOME, latest=archive.days[0] if archive.days else None, days=archive.days,
                papers=len(archive.papers), tags=archive.tags, orgs=len(archive.orgs),
                largest=largest[:HOME_LARGEST_TAGS], latest_papers=HOME_LATEST_PAPERS, recent_days=HOME_RECENT_DAYS,
                tops=[periods[kind][0] for kind in ("week", "month") if periods[kind]], home_top=HOME_TOP)


def _cards(env: Environment) -> Cards:
    """cards(address, featured): the Card of a page at that address, all sharing what is rendered."""
    macro = env.get_template("_macros.md.j2").module.card  # type: ignore[attr-defined]
    done: dict[tuple[str, bool, str], str] = {}
    return lambda address, featured=False: Card(urls.root(address), featured, macro, done)


def _archive_months(archive: Archive) -> list[Month]:
    return [_month(date) for date in sorted({d.date.replace(day=1) for d in archive.days})]


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
