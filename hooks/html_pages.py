"""MkDocs hook: the generator's pages are HTML already, so Python-Markdown is skipped for them.

A page whose front matter says `html: true` (every page the generator writes: generator/templates)
holds only raw HTML blocks, which Python-Markdown passes through unchanged but slowly: converting
them took most of MkDocs' time at 50,000 papers (benchmarks/build.py). tests/test_site.py builds the
site with and without this hook and finds the same pages, so a builder that runs no hooks (or reads
mkdocs.yml without this line) makes the same site, only slower.
"""
from __future__ import annotations

from typing import Any


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if page.meta.get("html") is True:
        page.dpa_html = markdown.strip()  # what Python-Markdown makes of it
        return ""
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return getattr(page, "dpa_html", html)
