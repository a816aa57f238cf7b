"""Text cannot stall a build: an abstract, a title or an AI summary longer than the model allows is
refused in one line, by every reader and in a digest edited by hand, before anything is written.
(That decoding TeX takes time linear in the text is measured by benchmarks/tex.py.)"""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, load_yaml
from generator import tex
from generator.model import MAX_AI_SUMMARY, MAX_TITLE
from test_bad_input import assert_refused

PAGE = "Daily Papers\n\nNov 18\n\n{title}\n\n{abstract}\n\n  • 3 authors\n·\nNov 1\n"  # the abstract is line 7
# arXiv's TeX at its most demanding, many times over: quotes, math, groups, escapes.
HOSTILE = "``a'' $x$ {\\em b} \\\\ \"c\" `d' \\(e\\) \\$5 -- "


def text_of(length: int, unit: str = "lorem ipsum ") -> str:
    """Text of exactly `length` characters, as the store keeps it (no space at either end)."""
    return (unit * (length // len(unit) + 1))[: length - 1] + "."


def listing(tmp_path, **paper):
    """The API fixture's listing with its first paper's fields replaced."""
    items = json.loads((FIXTURES / "api" / "2025-11-18.json").read_text())
    items[0]["paper"].update(paper)
    path = tmp_path / "2025-11-18.json"
    path.write_text(json.dumps(items))
    return path


def test_a_too_long_abstract_in_page_text_is_refused_and_nothing_is_written(project, tmp_path):
    page = tmp_path / "2025-11-18.txt"
    page.write_text(PAGE.format(title="A Title", abstract=text_of(25_000)))
    assert_refused(project.run("import", str(page)), "2025-11-18.txt:7", "'abstract' is 25,000 characters",
                   "20,000", "shorten it")
    assert not project.digests.exists()


def test_a_too_long_title_in_page_text_is_refused(project, tmp_path):
    page = tmp_path / "2025-11-18.txt"
    page.write_text(PAGE.format(title=text_of(MAX_TITLE + 1), abstract="An abstract."))
    assert_refused(project.run("import", str(page)), "2025-11-18.txt:5", "'title' is 1,001 characters", "1,000")
    assert not project.digests.exists()


def test_a_too_long_abstract_in_a_json_listing_is_refused_and_nothing_is_written(project, tmp_path):
    path = listing(tmp_path, summary=text_of(25_000))
    assert_refused(project.run("import", str(path)), "2025-11-18.json", "item 1", "'abstract' is 25,000 characters",
                   "20,000")
    assert not project.digests.exists()


def test_a_too_long_ai_summary_in_a_listing_is_left_out_with_a_note_and_the_paper_kept(project, tmp_path):
    path = listing(tmp_path, ai_summary=text_of(MAX_AI_SUMMARY + 1))
    out = project.ok("import", str(path))
    assert "2 papers read" in out and "item 1: 'ai_summary' is 5,001 characters" in out
    digest = (project.digests / "2025-11-18.yaml").read_text()
    assert "Schema for In-Context Learning" in digest and "SA-ICL" not in digest


@pytest.mark.parametrize("field, value, expected", [
    ("abstract", text_of(25_000), ["'abstract' is 25,000 characters", "20,000"]),
    ("title", text_of(MAX_TITLE + 1), ["'title' is 1,001 characters", "1,000"]),
    ("ai_summary", text_of(MAX_AI_SUMMARY + 1), ["'ai_summary' is 5,001 characters", "5,000"]),
])
def test_a_too_long_text_in_a_digest_edited_by_hand_is_refused_by_check_and_generate(project, tmp_path, field,
                                                                                       value, expected):
    page = tmp_path / "2025-11-18.txt"
    page.write_text(PAGE.format(title="A Title", abstract="An abstract."))
    project.ok("import", str(page))
    path = project.digests / "2025-11-18.yaml"
    text = path.read_text()
    if field == "ai_summary":
        text = text.replace("  abstract: An abstract.\n", f"  abstract: An abstract.\n  ai_summary: {value}\n")
    else:
        text = text.replace({"abstract": "  abstract: An abstract.\n", "title": "  title: A Title\n"}[field],
                            f"  {field}: {value}\n")
    path.write_text(text)
    before = project.snapshot()
    assert_refused(project.run("check"), "2025-11-18.yaml:5", *expected, "shorten it")
    assert_refused(project.run("generate"), "2025-11-18.yaml:5", *expected)
    assert project.snapshot() == before
    assert not (project.root / "docs" / "papers").exists()


def test_an_abstract_within_the_bound_is_imported_and_rendered_whole(project, tmp_path):
    abstract = text_of(19_000, HOSTILE)
    page = tmp_path / "2025-11-18.txt"
    page.write_text(PAGE.format(title="A Title", abstract=abstract))
    project.ok("import", str(page))
    project.ok("check")
    project.ok("generate")
    rendered = "".join(p.read_text() for p in (project.root / "docs").rglob("a-title*.md"))
    assert str(tex.html(abstract)) in rendered


def test_an_abstract_within_the_bound_in_a_json_listing_is_imported(project, tmp_path):
    abstract = text_of(19_000)
    project.ok("import", str(listing(tmp_path, summary=abstract)))
    digest = load_yaml((project.digests / "2025-11-18.yaml").read_text())
    assert digest["papers"][0]["abstract"] == abstract
