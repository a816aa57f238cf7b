"""Every address the site publishes, and the file under docs/ that makes it: one place for both.

Addresses are relative to the site's root, in MkDocs' directory style ("papers/<slug>/"), so the
site works wherever it is served. Python uses these functions, and so do the templates, as the
global `url` (`{{ root }}{{ url.paper(paper.slug) }}`, where `root` leads from the page being
rendered back to the site's root). A page's Markdown source is its address with ".md"; the way back,
from any Markdown file (hand-written ones too) to its address and HTML file, is MkDocs' own rule for
directory URLs (`built`): defined here, where every address is, and used by the engine's hook too
(site/mkdocs_engine.py); tests/test_engine_seam.py holds it to MkDocs' File.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse

HOME = ""
ARCHIVE = "archive/"
TAGS = "tags/"
ORGS = "orgs/"
TOP = "top/"  # the top papers of each week, month and year
STATS = "stats/"  # charts of the archive: papers per month, the largest tags over time, organisations
SEARCH = "search/"
PAPERS_INDEX = "api/papers.json"  # every paper's slug -> the days it was featured (their JSON files)
SEARCH_INDEX = "search-index"  # the folder of the search index, written straight into the site
SITEMAP = "sitemap.xml"  # an index of the files under sitemaps/

# What the generator writes under docs/ (see `source`): the rest of docs/ is written by hand.
GENERATED = ("index.md", "archive.md", "tags.md", "orgs.md", "top.md", "stats.md", "days", "papers", "tags", "orgs",
             "top", "feeds", "api", "vendor")
# Folders of pages with nothing below them: a paper's or a day's built folder holds its index.html alone.
LEAF_PAGES = ("papers", "days")


def paper(slug: str) -> str:
    """A paper's permanent page."""
    return f"papers/{slug}/"


def day(date: dt.date, page: int = 1) -> str:
    """A day's page; a day too long for one page goes on at days/<day>-page-2/ and so on (beside it,
    so that a day's folder still holds its page alone: LEAF_PAGES)."""
    return f"days/{date.isoformat()}/" if page == 1 else f"days/{date.isoformat()}-page-{page}/"


def tag(slug: str) -> str:
    """A tag's papers (slugs.tag_slug makes the slug from its name: bounded, never "index")."""
    return f"tags/{slug}/"


def tag_month(slug: str, month: str) -> str:
    """A tag's papers last featured in one month ("2025-11")."""
    return f"tags/{slug}/{month}/"


def org(slug: str) -> str:
    """An organisation's papers (slugs.org_slug makes the slug from its Hugging Face handle: one per
    organisation, bounded, never "index")."""
    return f"orgs/{slug}/"


def org_month(slug: str, month: str) -> str:
    return f"orgs/{slug}/{month}/"


def top(period: str) -> str:
    """A period's top papers: an ISO week ("2025-W47"), a month ("2025-11") or a year ("2025")."""
    return f"top/{period}/"


def feed(address: str) -> str:
    """The Atom feed of a page's list: feeds/archive.xml (a day per entry), feeds/tags/<slug>.xml."""
    return f"feeds/{address.rstrip('/')}.xml"


def day_json(date: dt.date) -> str:
    """A day's digest, every field of every paper: api/days/<day>.json.gz, the site's one JSON copy,
    stored gzipped (GitHub Pages sends it as it is: `curl -s <address> | gunzip`). The day page's
    BibTeX is made from it in the browser (javascripts/day-bib.js)."""
    return f"api/{day(date).rstrip('/')}.json.gz"


# Addresses published before, whose files are no more: the 404 page gives their content
# (javascripts/day-bib.js): a day's BibTeX, made in the browser, and a link to the gzipped JSON.
def old_day_json(date: dt.date) -> str:
    """api/days/<day>.json, the JSON copy before it was stored gzipped."""
    return day_json(date).removesuffix(".gz")


def day_bib(date: dt.date) -> str:
    """days/<day>.bib, a day's papers as BibTeX, beside its page."""
    return f"{day(date).rstrip('/')}.bib"


def arxiv_index(arxiv_id: str) -> str:
    """The arXiv ids of one month ("2510.13905" -> api/arxiv/2510.json) -> their papers' addresses,
    for the 404 page, which leads /papers/<arXiv id>/ and other pasted forms to the paper. Split by
    month: one file for the whole archive would grow too large to fetch for one lookup.
    overrides/404.html builds the same path."""
    return f"api/arxiv/{arxiv_id[:4]}.json"


def sitemap_part(n: int) -> str:
    return f"sitemaps/sitemap-{n}.xml"


def source(address: str) -> str:
    """The file under docs/ that gives an address: a page's Markdown, or a file MkDocs copies as is."""
    if address == HOME:
        return "index.md"
    if address.endswith("/"):
        return address[:-1] + ".md"
    return address


def page_address(source_path: str) -> str:
    """The address MkDocs gives a page under docs/ (the inverse of `source`, for any page)."""
    return urllib.parse.quote(built(source_path).removesuffix("index.html"))


def built(source_path: str) -> str:
    """The file MkDocs writes under site/ for a file under docs/: a page's index.html in a folder of
    its name (index.md and README.md in their own folder), any other file as it is. Written out, not
    asked of MkDocs' File: making one per file is slow over a large archive's pages."""
    if not source_path.endswith(".md"):
        return source_path
    folder, name = posixpath.split(source_path[:-len(".md")])
    return posixpath.join(folder, "index.html" if name in ("index", "README") else f"{name}/index.html")


def html(address: str) -> str:
    """The file that serves a page's address, for files written straight into the site."""
    return address + "index.html"


def root(address: str) -> str:
    """The relative way from a page's address back to the site's root ("../../" from a paper)."""
    return "../" * address.count("/")
