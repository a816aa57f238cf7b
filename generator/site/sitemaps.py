"""Sitemaps: an index over files of at most URLS_PER_SITEMAP pages each, since one file cannot list
more than 50,000 URLs and the archive outgrows that."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .. import urls
from ..project import Project
from ..writer import files_under, write_files

URLS_PER_SITEMAP = 10_000  # the protocol allows 50,000 per file; smaller files fetch faster
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_files(project: Project) -> dict[str, str]:
    """sitemap.xml and the files under sitemaps/ (paths under site/ -> text) for every page under
    docs/, generated or written by hand."""
    base = project.site_url()
    addresses = sorted(base + urls.page_address(path) for path in files_under(project.docs) if path.endswith(".md"))
    parts: dict[str, str] = {}
    for n, start in enumerate(range(0, max(len(addresses), 1), URLS_PER_SITEMAP), 1):
        body = "".join(f"<url><loc>{escape(a)}</loc></url>\n" for a in addresses[start:start + URLS_PER_SITEMAP])
        parts[urls.sitemap_part(n)] = f'{_XML}<urlset xmlns="{_NS}">\n{body}</urlset>\n'
    index = "".join(f"<sitemap><loc>{escape(base + path)}</loc></sitemap>\n" for path in parts)
    return {**parts, urls.SITEMAP: f'{_XML}<sitemapindex xmlns="{_NS}">\n{index}</sitemapindex>\n'}


def write_sitemaps(site: Path, files: dict[str, str]) -> None:
    """Write the sitemaps into site (site/, or a full build's staging folder); files that would not
    change are left as they are, and parts an archive with more pages left are removed."""
    write_files({site / path: text for path, text in files.items()})
    for path in (site / urls.sitemap_part(1)).parent.iterdir():
        if path.relative_to(site).as_posix() not in files:
            path.unlink()
