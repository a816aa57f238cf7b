"""The reading list (docs/javascripts/reading-list.js) keeps any paper, whatever its slug or title, in
real Chromium on a built project: a slug that every JavaScript object already has ("constructor") or
that looks like an export's field ("papers") is starred, listed and unstarred like any other; a stored
list that tries to pollute Object.prototype loads without harm; and the BibTeX entry made from the list
when a paper's page cannot be had escapes a title exactly as generator/bibtex.py does."""
from __future__ import annotations

import json
import re

import bibtexparser
import pytest
from playwright.sync_api import expect

from conftest import built_once, load_yaml, Project
from generator.bibtex import _title
from test_import import page_text
from test_reading_list import KEY, card, downloaded, reader, status, stored  # noqa: F401 (reader: a fixture)

DAY = "2025-11-18"
# Titles whose slugs are names every JavaScript object answers to, or an export's field.
NAMED = {"constructor": "Constructor", "proto": "__proto__", "papers": "Papers", "hasownproperty": "hasOwnProperty"}
STARRED = "2025-06-01T12:00:00.000Z"


@pytest.fixture(scope="session")
def prototype_named(tmp_path_factory) -> Project:
    """A project whose one day's papers have the titles of NAMED, imported and built."""
    def make(p: Project) -> None:
        source = p.root / "page.txt"
        source.write_text(page_text(*[(title, f"The paper called {title}.") for title in NAMED.values()]),
                          encoding="utf-8")
        p.ok("import", str(source), "--date", DAY)
        p.ok("build")
    return built_once(tmp_path_factory, "prototype-named", make)


def site(project: Project):
    return project.root / "site"


def test_the_papers_get_the_slugs_these_tests_are_about(prototype_named):
    papers = load_yaml((prototype_named.digests / f"{DAY}.yaml").read_text())["papers"]
    assert {p["slug"]: p["title"] for p in papers} == NAMED


@pytest.mark.parametrize("slug", NAMED)
def test_a_paper_whose_slug_objects_already_have_is_starred_listed_and_unstarred(prototype_named, reader, slug):
    title = NAMED[slug]
    page, errors, base = reader(site(prototype_named), f"/days/{DAY}/")
    star = card(page, title).get_by_role("button", name="Star")
    expect(star).to_have_attribute("aria-pressed", "false")  # not starred before it is
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    assert list(stored(page)) == [slug] and stored(page)[slug]["title"] == title
    page.reload()  # kept, and read back as the one paper it is
    expect(card(page, title).get_by_role("button", name="Star")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("link", name="Reading list (1)").click()
    page.wait_for_url("**/reading-list/")
    listed = page.get_by_role("list", name="Starred papers").get_by_role("link")
    expect(listed).to_have_text([title])
    assert listed.first.get_attribute("href") == f"{base}/papers/{slug}/"
    page.get_by_role("button", name=f"Remove “{title}”").click()
    expect(page.locator(".dpa-reading-list__count")).to_contain_text("No starred papers yet")
    assert stored(page) == {}
    page.go_back()
    expect(card(page, title).get_by_role("button", name="Star")).to_have_attribute("aria-pressed", "false")
    assert errors == []


def entry(title: str) -> dict:
    return {"title": title, "url": "javascript:alert(1)", "starred": STARRED}


POLLUTING = {"polluted": "yes", "title": "Polluted", "url": "papers/x/", "starred": STARRED}
# Lists as this browser may hold them: one written by the previous version (a plain {slug: entry},
# including the paper whose slug is "papers"), and an export kept as is, both with hostile keys.
STORED = {
    "an older version's list": '{"__proto__": %s, "constructor": %s, "papers": %s, "not a slug": %s}'
    % (json.dumps(POLLUTING), json.dumps(entry("Constructor")), json.dumps(entry("Papers")), json.dumps(entry("x"))),
    "an export": '{"format": "dpa-reading-list", "version": 1, "papers": {"__proto__": %s, "constructor": %s,'
    ' "papers": %s}, "__proto__": %s}'
    % (json.dumps(POLLUTING), json.dumps(entry("Constructor")), json.dumps(entry("Papers")), json.dumps(POLLUTING)),
}


@pytest.mark.parametrize("kind", STORED)
def test_a_hostile_stored_list_loads_its_papers_and_pollutes_nothing(prototype_named, reader, kind):
    page, errors, base = reader(site(prototype_named), f"/days/{DAY}/")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, STORED[kind]])
    page.goto(f"{base}/reading-list/", wait_until="load")
    listed = page.get_by_role("list", name="Starred papers").get_by_role("link")
    expect(listed).to_have_text(["Constructor", "Papers"])  # the same star date: by title
    assert [a.get_attribute("href") for a in listed.all()] == [f"{base}/papers/constructor/", f"{base}/papers/papers/"]
    expect(page.get_by_role("link", name="Reading list (2)")).to_be_visible()
    assert page.evaluate("({}).polluted === undefined && Object.prototype.polluted === undefined")
    page.goto(f"{base}/days/{DAY}/", wait_until="load")
    for slug, title in NAMED.items():
        pressed = "true" if slug in ("constructor", "papers") else "false"
        expect(card(page, title).get_by_role("button", name="Star")).to_have_attribute("aria-pressed", pressed)
    assert page.evaluate("({}).polluted === undefined")
    assert errors == []


# Titles with every character TeX treats specially, unbalanced braces, macros, non-ASCII, capitals
# past a word's first letter (braced) and words starting with a macro (braced twice).
HOSTILE = [
    "50% of {LLMs} are \\ wrong",
    "}{ Unbalanced \\textbf{x} %comment then more",
    "#1 & $5 a_b ~x^2 ^^M \\\\",
    "Café Ünïcode 日本語 — ΣΑΣ naïve ÉCOLE éÉ",
    "\\LaTeX{} and DeepSeek-V3 {DeepSeek}",
    "A%B  two  spaces and, AND Smith",
    "@misc{evil, title = {x}} }}}} {{{{",
    "{\\\"a} \\'{e} 100\\%",
    "~~~ ^^^ ___ $$$ &&& ### %%%",
]
# What TeX prints for each escape generator/bibtex.py writes; a bare brace prints nothing.
PRINTS = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\textasciitilde{}": "~",
          r"\textasciicircum{}": "^", r"\$": "$", r"\&": "&", r"\%": "%", r"\#": "#", r"\_": "_"}
TEX = re.compile("|".join(map(re.escape, PRINTS)) + "|[{}]")


def printed(value: str) -> str:
    return TEX.sub(lambda m: PRINTS.get(m.group(), ""), value)


def test_a_list_entry_made_without_its_page_escapes_the_title_as_the_generator_does(prototype_named, reader):
    page, errors, base = reader(site(prototype_named), "/reading-list/")
    # Slugs with no page on the site: the export makes their entries from the list.
    papers = {f"gone-{n}": {"title": title, "url": "x", "starred": STARRED} for n, title in enumerate(HOSTILE)}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(papers)])
    page.reload()
    name, bib = downloaded(page, page.get_by_role("button", name="Export BibTeX"))
    expect(status(page)).to_contain_text(f"{len(HOSTILE)} made from the list")
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == [] and len(library.entries) == len(HOSTILE)
    for found in library.entries:
        title = papers[found.key]["title"]
        assert found["title"] == _title(title)  # the very text generator/bibtex.py writes for it
        assert printed(found["title"]) == title  # which prints as the title, character for character
        assert found["url"] == f"{base}/papers/{found.key}/"
    assert [e for e in errors if "status of 404" not in e] == []  # the pages the list could not load
