"""Every paper can be cited: its BibTeX entry, read by a real BibTeX parser (bibtexparser, with
pylatexenc turning the LaTeX back into text, as a reference manager does), gives the paper's own
title, authors, year and address, under a key that no other paper has and no build changes."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from conftest import FIXTURES, REPO
from generator import bibtex, urls
from generator.archive import Archive, Paper
from generator.model import Entry
from generator.pipeline import load_archive
from generator.project import Project
from generator.readers import read_text
from generator.readers.pagetext import parse

SITE_URL = Project(REPO).site_url()
SPECIALS = "\\{}$&%#_~^"  # TeX's special characters
HOSTILE_TITLES = [e.title for e, _ in parse(read_text(FIXTURES / "hostile.txt"), FIXTURES / "hostile.txt").entries] + [
    "Unbalanced } closing { opening {{ and }}} more",
    "All of them: \\ { } $ & % # _ ~ ^ in a row\\",
    '@misc{injected, title = "quoted", author = {me}} and, commas',
    "\\textbf{Not bold} $x^2$ 100% R&D #1 snake_case ~home ^caret",
    "Ends with a backslash \\",
    "Zürich, Ελληνικά and 日本語: UTF-8 stays",
]


def _latex_to_text() -> LatexNodes2Text:
    """bibtexparser's own decoder, taught three LaTeX kernel symbols that pylatexenc lacks (it drops
    \\textbraceleft and \\textbraceright, and prints \\textasciicircum as "ˆ", U+02C6): as LaTeX prints them."""
    context = get_default_latex_context_db()
    context.add_context_category("latex-kernel", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),  # bibtexparser's default context has this too
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ])
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


LATEX_TO_TEXT = _latex_to_text()


def decoder() -> LatexDecodingMiddleware:
    return LatexDecodingMiddleware(decoder=LATEX_TO_TEXT)


def as_printed(title: str) -> str:
    """A title as LaTeX prints it: a title's "--" is TeX for a dash, and left so (arXiv's own
    export does the same), so it prints as one."""
    return title.replace("---", "\u2014").replace("--", "\u2013")


def read(bib: str, decode: bool = True) -> bibtexparser.Library:
    """A .bib text as a reference manager reads it; nothing in it may fail to parse."""
    library = bibtexparser.parse_string(bib, append_middleware=[decoder()] if decode else [])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def only(bib: str, decode: bool = True) -> dict[str, str]:
    library = read(bib, decode)
    assert len(library.entries) == 1, bib
    found = library.entries[0]
    return {"ENTRYTYPE": found.entry_type, "ID": found.key, **{f.key: f.value for f in found.fields}}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    """The bundled archive, loaded from a copy (loading writes a cache beside the digests)."""
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "digests", root / "digests")
    shutil.copy(REPO / "tags.yaml", root / "tags.yaml")
    return load_archive(Project(root))


def paper(title: str = "A Paper", **fields) -> Paper:
    return Paper(slug="a-paper", entry=Entry(title=title, abstract="An abstract.", **fields), tags=[],
                 days=[dt.date(2025, 6, 2), dt.date(2025, 6, 9)])


def test_every_bundled_paper_has_an_entry_that_parses_under_its_slug(archive: Archive) -> None:
    for slug, p in archive.papers.items():
        cited = only(bibtex.entry(p, SITE_URL))
        assert (cited["ENTRYTYPE"], cited["ID"]) == ("misc", slug) == ("misc", bibtex.key(p))
        assert cited["title"] == as_printed(p.entry.title)


def test_keys_are_unique_across_the_archive_in_one_bib_file(archive: Archive) -> None:
    library = read(bibtex.entries(archive.papers.values(), SITE_URL), decode=False)
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) == len(archive.papers)  # a duplicate key would be a failed block


def test_a_paper_without_an_arxiv_id_is_cited_at_its_permanent_address(archive: Archive) -> None:
    assert archive.papers
    for p in archive.papers.values():
        cited = only(bibtex.entry(p, SITE_URL))
        assert cited["url"] == SITE_URL + urls.paper(p.slug)
        assert cited["note"] == f"Featured in Hugging Face Daily Papers on {p.days[0].isoformat()}"
        assert cited["year"] == str((p.entry.published or p.days[0]).year)
        assert "eprint" not in cited and "author" not in cited  # no names known: no author field


def test_a_paper_with_an_arxiv_id_is_cited_as_arxiv_cites_it() -> None:
    cited = only(bibtex.entry(paper(arxiv_id="2510.13905", published=dt.date(2024, 12, 30)), SITE_URL))
    assert cited["eprint"] == "2510.13905"
    assert cited["archivePrefix"] == "arXiv"
    assert cited["url"] == "https://arxiv.org/abs/2510.13905"
    assert cited["year"] == "2024"  # published, not featured


def test_the_year_is_the_first_featured_days_when_publication_is_unknown() -> None:
    assert only(bibtex.entry(paper(), SITE_URL))["year"] == "2025"


def test_something_else_in_the_arxiv_id_field_is_never_pasted_into_the_entry() -> None:
    cited = only(bibtex.entry(paper(arxiv_id="1234}, note = {x"), SITE_URL))
    assert "eprint" not in cited and cited["url"] == SITE_URL + "papers/a-paper/"


def test_authors_are_each_one_name_as_written() -> None:
    names = ("Jörg Über", "Smith, John", "Anderson and Sons", "Mary Ann_Lee", "Anna AND Bob")
    bib = bibtex.entry(paper(author_names=names, authors=5), SITE_URL)
    library = bibtexparser.parse_string(bib, append_middleware=[SeparateCoAuthors()])  # split, as written
    assert [LATEX_TO_TEXT.latex_to_text(name) for name in library.entries[0]["author"]] == list(names)


def test_authors_left_out_of_a_list_are_others() -> None:
    cited = only(bibtex.entry(paper(author_names=("Ada Lovelace", "Alan Turing"), authors=40), SITE_URL))
    assert cited["author"] == "Ada Lovelace and Alan Turing and others"  # styles print "et al."


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_any_title_parses_and_reads_back_as_typed(title: str) -> None:
    cited = only(bibtex.entry(paper(title), SITE_URL))
    assert cited["title"] == title
    assert cited["ID"] == "a-paper" and cited["year"] == "2025"  # the title did not swallow the fields after it


def test_tex_special_characters_are_escaped() -> None:
    raw = only(bibtex.entry(paper("a " + " ".join(SPECIALS)), SITE_URL), decode=False)["title"]
    assert raw == ("a \\textbackslash{} \\textbraceleft{} \\textbraceright{} \\$ \\& \\% \\# \\_ "
                   "\\textasciitilde{} \\textasciicircum{}")


def test_words_with_inner_capitals_keep_their_case_in_sentence_case_styles() -> None:
    title = '"Scaling" LLMs with DeepSeek-V3 in \\LaTeX (GPT)'
    raw = only(bibtex.entry(paper(title), SITE_URL), decode=False)["title"]
    # BibTeX lowercases what is not braced; "{\" would be an accented letter, whose case it changes.
    # A capital after a quote or bracket is the word's first letter: '"Scaling"' is left to the style.
    assert raw == '"Scaling" {LLMs} with {DeepSeek-V3} in {{\\textbackslash{}LaTeX}} {(GPT)}'


def test_a_days_bib_file_has_each_of_its_papers(archive: Archive) -> None:
    day = archive.days[0]
    library = read(bibtex.entries(day.papers, SITE_URL))
    assert [e.key for e in library.entries] == [p.slug for p in day.papers]


def test_entries_are_the_same_on_every_build(archive: Archive, tmp_path: Path) -> None:
    again = tmp_path / "again"  # a fresh load, from its own copy of the digests
    shutil.copytree(REPO / "digests", again / "digests")
    shutil.copy(REPO / "tags.yaml", again / "tags.yaml")
    reloaded = load_archive(Project(again))
    assert bibtex.entries(reloaded.papers.values(), SITE_URL) == bibtex.entries(archive.papers.values(), SITE_URL)
