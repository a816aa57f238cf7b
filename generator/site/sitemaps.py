"""Sitemaps: an index over files of at most URLS_PER_SITEMAP pages each, since one file cannot list
more than 50,000 URLs and the archive outgrows that."""
from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape

from .. import urls
from ..project import Project

URLS_PER_SITEMAP = 10_000  # the protocol allows 50,000 per file; smaller files fetch faster
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemaps(project: Project, site: Path) -> None:
    """sitemap.xml and sitemaps/ in site (site/, or a full build's staging folder) for every page
    under docs/, generated or written by hand."""
    base = project.site_url()
    addresses = sorted(base + urls.page_address(p.relative_to(project.docs).as_posix())
                       for p in project.docs.rglob("*.md"))
    parts = site / urls.sitemap_part(1)
    shutil.rmtree(parts.parent, ignore_errors=True)
    parts.parent.mkdir()
    names = []
    for n, start in enumerate(range(0, max(len(addresses), 1), URLS_PER_SITEMAP), 1):
        names.append(urls.sitemap_part(n))
        body = "".join(f"<url><loc>{escape(a)}</loc></url>\n" for a in addresses[start:start + URLS_PER_SITEMAP])
        (site / names[-1]).write_text(f'{_XML}<urlset xmlns="{_NS}">\n{body}</urlset>\n', encoding="utf-8")
    index = "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in names)
    (site / urls.SITEMAP).write_text(f'{_XML}<sitemapindex xmlns="{_NS}">\n{index}</sitemapindex>\n',
                                             encoding="utf-8")
    (site / (urls.SITEMAP + ".gz")).unlink(missing_ok=True)  # MkDocs' own, superseded by the index
