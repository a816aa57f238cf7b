"""MkDocs hook: the generator's pages are HTML already, so Python-Markdown is skipped for them;
every page is written without the white space of Material's indented templates; and a full build
can be split over several processes, one per core (on_files).

A page whose front matter says `html: true` (every page the generator writes: generator/templates)
holds only raw HTML blocks, which Python-Markdown passes through unchanged but slowly: converting
them took most of MkDocs' time at 50,000 papers (benchmarks/build.py). tests/test_site.py builds the
site without this hook and finds the same pages, white space aside: a builder that runs no hooks
makes the same site, slower and about 300 bytes a page larger.
"""
from __future__ import annotations

import os
import re
import zlib
from typing import Any

_LINE_BREAK_SPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
PART = "DPA_MKDOCS_PART"  # set by generator/site/mkdocs_run.py


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if page.meta.get("html") is True:
        page.dpa_html = markdown.strip()  # what Python-Markdown makes of it
        return ""
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return getattr(page, "dpa_html", html)


def compact(html: str) -> str:
    """Each run of white space holding a line break made one line break. HTML renders such a run as
    one space either way, and no inline script of the theme's spans lines; a page with <pre> or
    <textarea>, where white space shows, is left whole. Not a full minifier: the ones tried decode
    entities, writing a title's &lt;script&gt; back as <script> inside <title>, which browsers read
    as text but other parsers may not."""
    return html if "<pre" in html or "<textarea" in html else _LINE_BREAK_SPACE.sub("\n", html)


def on_post_page(output: str, **_: Any) -> str:
    return compact(output)


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:  # 404.html
    return compact(output_content) if template_name.endswith(".html") else output_content


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """In a full build split over several processes (generator/site/mkdocs_run.py sets PART to
    "i/n"), keep this one to its share: the pages in folders (days, papers, tags) whose path hashes
    to i, every page at the top (the nav's and the hand-written, the same in each share), and, in
    the first share only, the other files (theme assets, stylesheets, the JSON copy, feeds)."""
    part = os.environ.get(PART)
    if not part:
        return files
    i, n = (int(x) for x in part.split("/"))
    for file in list(files):
        if file.is_documentation_page():
            keep = "/" not in file.src_uri or zlib.crc32(file.src_uri.encode()) % n == i
        else:
            keep = i == 0
        if not keep:
            files.remove(file)
    return files
