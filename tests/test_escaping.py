"""Text from digests is data: in the built HTML it shows as typed and never becomes markup."""
import re

import pytest

from conftest import FIXTURES
from html_page import read_page
from generator.readers import read_text
from generator.readers.pagetext import parse

ENTRIES = parse(read_text(FIXTURES / "hostile.txt"), FIXTURES / "hostile.txt").entries
TITLES = [e.title for e, _ in ENTRIES]


def slug_of(hostile, title):
    day = read_page(hostile.root / "site/days/2025-06-02/index.html")
    return next(h.split("/")[-2] for h, t in day.links if t == title)


@pytest.mark.parametrize("title", TITLES)
def test_hostile_title_shows_as_typed_everywhere(hostile, title):
    slug = slug_of(hostile, title)  # the day page's link text is the title, verbatim
    paper = read_page(hostile.root / f"site/papers/{slug}/index.html")
    assert paper.h1 == [title]
    assert paper.title == f"{title} - Daily Papers Archive"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_no_markup_from_a_digest_survives(hostile):
    pages = sorted((hostile.root / "site").rglob("*.html"))
    assert len(pages) > 10
    for html in pages:
        text = html.read_text()
        page = read_page(html)
        assert not any("alert(" in s for s in page.scripts), html
        for injected in ["<script>alert", "<img src=x", "<iframe", "<style>body", "<i>Evil",
                         "<b>tags", "<strong>bold", "<em>emphasis", "<em>Stars", "<table", 'href="javascript:',
                         "<!-- not a comment"]:
            if injected == "<table" and html.parent.name == "stats":
                assert text.count(injected) == 3, html  # its own: the numbers of its three charts
                continue
            assert injected not in text, (html, injected)


def test_markdown_and_template_syntax_show_as_typed(hostile):
    pages = [hostile.root / "site/days/2025-06-02/index.html", *(hostile.root / "site/papers").glob("*/index.html")]
    text = " ".join(read_page(p).text for p in pages)  # titles and the rest on the day, abstracts on papers
    for fragment in ["{{ 7*7 }} {% if true %}Template{% endif %} Syntax ${x}",
                     "Template syntax must show as typed: {{ config }} {# comment #} {%raw%}.",
                     "# Not a heading, | not | a | table |, *not emphasis*, <!-- not a comment",
                     "**bold**, _emphasis_, `code`, <b>tags</b> & entities &amp; and a [link](javascript:alert(1)).",
                     "<i>Evil</i> Org", "C# and F#: Trailing Hashes #"]:
        assert fragment in text


def test_titles_that_slugify_alike_get_distinct_pages(hostile):
    assert slug_of(hostile, "Attention!") == "attention"
    assert slug_of(hostile, "Attention?") == "attention-2"
    assert slug_of(hostile, "../../etc/passwd") == "etc-passwd"
    assert slug_of(hostile, "!!!").startswith("paper-")
