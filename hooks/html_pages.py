"""MkDocs hook: the generator's pages are HTML already, so Python-Markdown is skipped for them;
every page is written without the white space its templates leave between lines; and a build makes only
the pages it must: a full build's share when it is split over processes, a daily update's
changed pages (on_files).

A page whose front matter says `html: true` (every page the generator writes: generator/templates)
holds only raw HTML blocks, which Python-Markdown passes through unchanged but slowly: converting
them took most of MkDocs' time at 50,000 papers (benchmarks/build.py), and setting Python-Markdown
up for each page, even with nothing to convert, a fifth of what was left. tests/test_site.py builds the
site without this hook and finds the same pages, white space aside: a builder that runs no hooks
makes the same site, slower and a few bytes a page larger (the blank lines Python-Markdown needs
around raw HTML blocks).
"""
from __future__ import annotations

import os
import re
import zlib
from typing import Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc

_LINE_BREAK_SPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
_KEEP_SPACE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE)
PART = "DPA_MKDOCS_PART"  # set by generator/site/mkdocs_run.py


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if page.meta.get("html") is True:
        html = markdown.strip()  # what Python-Markdown makes of it
        page.render = lambda *_: _rendered(page, html)  # in place of Page.render, for this page
        return ""  # else the page would hold its text twice until the build ends (MkDocs keeps every page)
    return markdown


def _rendered(page: Any, html: str) -> None:
    """What Page.render leaves on a page whose Markdown is raw HTML blocks: that HTML as its content,
    no table of contents, no title from a heading (the front matter names it) and, as the HTML is not
    parsed, no anchors other pages' links could be checked against."""
    page.content = html
    page.toc = get_toc([])
    page.present_anchor_ids = set()


def compact(html: str) -> str:
    """Each run of white space holding a line break made one line break. HTML renders such a run as
    one space either way, and no inline script of the theme's spans lines; inside <pre> and
    <textarea> (a paper's BibTeX entry), where white space shows, it is kept. Not a full minifier: the
    ones tried decode entities, writing a title's &lt;script&gt; back as <script> inside <title>,
    which browsers read as text but other parsers may not."""
    parts = _KEEP_SPACE.split(html)  # the kept elements at odd indexes
    return "".join(part if i % 2 else _LINE_BREAK_SPACE.sub("\n", part) for i, part in enumerate(parts))


def on_post_page(output: str, **_: Any) -> str:
    return compact(output)


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:  # 404.html
    return compact(output_content) if template_name.endswith(".html") else output_content


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Keep this build to the pages it has to make. The pages at the top (the nav's and the
    hand-written) are always made. The pages in folders (days, papers, tags) are made as follows.
    - In a full build split over processes (generator/site/mkdocs_run.py sets PART to "i/n"), a
      process makes those whose path hashes to i, and only the first copies the other files (theme
      assets, stylesheets, the JSON copy, feeds).
    - In a `--dirty` build, only those newer than their HTML are made. MkDocs would skip the others
      anyway, but only after making a page object of each: seconds at 100,000 pages, for a daily
      update that changes a hundred.
    A full build has emptied its site folder first, so there every page is newer than its HTML.
    The others are marked excluded, not removed: a link to one still resolves."""
    part = os.environ.get(PART)
    i, n = (int(x) for x in part.split("/")) if part else (0, 1)
    docs, site = config.docs_dir + os.sep, config.site_dir + os.sep
    for file in files:
        if file.is_documentation_page():
            keep = "/" not in file.src_uri or (zlib.crc32(file.src_uri.encode()) % n == i and _modified(file, docs, site))
        else:
            keep = i == 0
        if not keep:
            file.inclusion = InclusionLevel.EXCLUDED
    return files


def _modified(page: Any, docs: str, site: str) -> bool:
    """MkDocs' File.is_modified (newer than its HTML, or not built) on plain strings, for a page
    built to a folder of its name (papers/<slug>.md to papers/<slug>/index.html): File's paths took
    1.5 s a build at 50,000 papers."""
    stem, _, extension = page.src_uri.rpartition(".")
    if extension != "md" or stem.rpartition("/")[2] in ("index", "README"):
        return page.is_modified()
    try:
        built = os.stat(f"{site}{stem}/index.html").st_mtime
    except OSError:
        return True
    return os.stat(docs + page.src_uri).st_mtime > built
