"""The reading list (docs/javascripts/reading-list.js, docs/reading-list.md), as a reader uses it: stars
kept in the browser's local storage, /reading-list/ with its exports and import, in real Chromium on a
laptop's screen and a phone's."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import serve
from test_search import AXE

DAY = "/days/2025-11-18/"
FIRST = ("minference-1-0-accelerating-pre-filling-for-long-context-llms-via-dynamic-sparse",
         "MInference 1.0: Accelerating Pre-filling for Long-Context LLMs via Dynamic Sparse Attention")
THIRD = ("how-new-data-permeates-llm-knowledge-and-how-to-dilute-it",
         "How new data permeates LLM knowledge and how to dilute it")
KEY = "dpa-reading-list"
SCREENS = {
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3},
}


@pytest.fixture
def reader(tab):
    """Open a page of a served site in a browser as new (a tab with no local storage yet) on a screen;
    returns (page, errors seen, the site's address)."""
    def open_page(site: Path, path: str, screen: str = "laptop", prefix: str = ""):
        page, errors = tab(record=("pageerror", "console"), accept_downloads=True, **SCREENS[screen])
        base = f"http://127.0.0.1:{serve(site).server_port}{prefix}"
        page.goto(base + path, wait_until="load")
        return page, errors, base

    return open_page


def card(page, title: str):
    return page.locator(".dpa-list > article.dpa-paper").filter(has=page.locator(f"h2 a:text-is({json.dumps(title)})"))


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") or "{}")


def status(page):
    """The list page's live message (the search dialog in the header has one too)."""
    return page.locator("[data-dpa-reading-list]").get_by_role("status")


def press(locator, screen: str) -> None:
    locator.tap() if screen == "phone" else locator.click()


def downloaded(page, button) -> tuple[str, str]:
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reader_stars_exports_clears_and_imports_the_list_back(bundled, reader, tmp_path, screen):
    page, errors, base = reader(bundled.root / "site", DAY, screen)
    expect(page.get_by_role("navigation", name="Site").get_by_role("link", name="Reading list", exact=True)) \
        .to_be_visible()  # in the nav before any star, without a count
    for slug, title in (FIRST, THIRD):
        star = card(page, title).get_by_role("button", name="Star")
        expect(star).to_have_attribute("aria-pressed", "false")
        press(star, screen)
        expect(star).to_have_attribute("aria-pressed", "true")
        assert star.get_attribute("title").startswith("Unstar")
    papers = stored(page)
    assert set(papers) == {FIRST[0], THIRD[0]}
    assert papers[THIRD[0]]["title"] == THIRD[1] and papers[THIRD[0]]["url"] == f"papers/{THIRD[0]}/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", papers[THIRD[0]]["starred"])
    assert page.locator(".dpa-list button[aria-pressed=true]").count() == 2

    page.reload()  # the stars survive a reload, and the tab leads to the list
    assert page.locator(".dpa-list button[aria-pressed=true]").count() == 2
    expect(card(page, FIRST[1]).get_by_role("button", name="Star")).to_have_attribute("aria-pressed", "true")
    tab = page.get_by_role("link", name="Reading list (2)")
    expect(tab).to_be_in_viewport()  # in the tabs, on screen at a phone's width too
    press(tab, screen)
    page.wait_for_url("**/reading-list/")
    expect(page.get_by_role("link", name="Reading list (2)")).to_have_attribute("aria-current", "page")
    listed = page.get_by_role("list", name="Starred papers").get_by_role("link")
    expect(listed).to_have_text([THIRD[1], FIRST[1]], ignore_case=False)  # newest star first
    assert listed.first.get_attribute("href") == f"{base}/papers/{THIRD[0]}/"

    name, bib = downloaded(page, page.get_by_role("button", name="Export BibTeX"))
    assert name == "reading-list.bib"
    assert f"@misc{{{FIRST[0]},\n" in bib and f"@misc{{{THIRD[0]},\n" in bib  # each paper page's own entry
    assert "title = {How new data permeates {LLM} knowledge" in bib and "note = {Featured in Hugging Face Daily Papers" in bib
    expect(status(page)).to_have_text("Exported 2 entries to reading-list.bib.")
    name, exported = downloaded(page, page.get_by_role("button", name="Export JSON"))
    assert name == "reading-list.json"
    assert json.loads(exported)["papers"] == stored(page)
    (tmp_path / "mine.json").write_text(exported)

    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator(".dpa-reading-list__count")).to_contain_text("No starred papers yet")
    expect(page.get_by_role("button", name="Export BibTeX")).to_be_disabled()
    with page.expect_file_chooser() as chooser:
        press(page.get_by_role("button", name="Import JSON"), screen)
    chooser.value.set_files(tmp_path / "mine.json")
    expect(listed).to_have_text([THIRD[1], FIRST[1]])
    expect(status(page)).to_have_text("Imported 2 papers from mine.json: 2 new.")
    assert stored(page) == json.loads(exported)["papers"]
    expect(page.get_by_role("link", name="Reading list (2)")).to_be_visible()
    assert errors == []


def test_a_star_on_a_papers_page_and_removing_from_the_list(bundled, reader):
    page, errors, _ = reader(bundled.root / "site", "/papers/the-consciousness-prior/")
    star = page.locator("article.dpa-paper--page").get_by_role("button", name="Star")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    assert stored(page)["the-consciousness-prior"]["title"] == "The Consciousness Prior"
    page.get_by_role("link", name="Reading list (1)").click()
    page.get_by_role("button", name="Remove “The Consciousness Prior”").click()
    expect(page.locator(".dpa-reading-list__count")).to_contain_text("No starred papers yet")
    expect(status(page)).to_have_text("Removed “The Consciousness Prior”.")
    assert stored(page) == {}
    page.go_back()
    expect(star).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("navigation", name="Site").get_by_role("link", name="Reading list", exact=True)) \
        .to_have_count(1)  # its count gone with the last star
    assert errors == []


def test_stars_follow_changes_made_in_another_tab(bundled, reader):
    page, errors, base = reader(bundled.root / "site", DAY)
    other = page.context.new_page()
    other.goto(f"{base}/papers/{THIRD[0]}/")
    other.locator("article.dpa-paper--page").get_by_role("button", name="Star").click()
    expect(card(page, THIRD[1]).get_by_role("button", name="Star")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="Reading list (1)")).to_be_visible()
    assert errors == []


def test_an_imported_file_is_data_not_markup(bundled, reader, tmp_path):
    """An imported file's titles go on the page as text, its URLs are not used (a paper's is made from
    its slug) and entries whose key is not a slug are dropped."""
    hostile = "<img src=x onerror=alert(1)>{Title}"
    (tmp_path / "list.json").write_text(json.dumps({"papers": {
        "the-consciousness-prior": {"title": hostile, "url": "javascript:alert(1)", "starred": "not a date"},
        "../../etc": {"title": "x"}, "Bad Slug": {"title": "y"}, "ok-but-not-an-object": 3}}))
    page, errors, base = reader(bundled.root / "site", "/reading-list/")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import JSON").click()
    chooser.value.set_files(tmp_path / "list.json")
    link = page.get_by_role("list", name="Starred papers").get_by_role("link")
    expect(link).to_have_text(hostile)
    assert link.get_attribute("href") == f"{base}/papers/the-consciousness-prior/"
    assert page.locator("article img").count() == 0
    papers = stored(page)
    assert list(papers) == ["the-consciousness-prior"] and papers["the-consciousness-prior"]["url"] == "papers/the-consciousness-prior/"
    (tmp_path / "junk.json").write_text("not json")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import JSON").click()
    chooser.value.set_files(tmp_path / "junk.json")
    expect(status(page)).to_have_text("junk.json is not a reading list (a JSON file exported here).")
    assert list(stored(page)) == ["the-consciousness-prior"]
    assert errors == []


def test_the_list_works_under_a_base_path(bundled, reader, tmp_path):
    """A copy served under /some/where/ (a project's GitHub Pages): slugs, links and fetches follow."""
    (tmp_path / "some").mkdir()
    (tmp_path / "some" / "where").symlink_to(bundled.root / "site", target_is_directory=True)
    page, errors, base = reader(tmp_path, "/some/where/tags/attention/", prefix="")
    first = page.locator(".dpa-list > article.dpa-paper").first
    slug = first.locator("h2 a").get_attribute("href").split("/")[-2]
    first.get_by_role("button", name="Star").click()
    assert list(stored(page)) == [slug] and stored(page)[slug]["url"] == f"papers/{slug}/"
    page.get_by_role("link", name="Reading list (1)").click()
    page.wait_for_url(f"{base}/some/where/reading-list/")
    _, bib = downloaded(page, page.get_by_role("button", name="Export BibTeX"))
    assert bib.startswith(f"@misc{{{slug},")
    assert "made from the list" not in status(page).inner_text()  # fetched from the paper's page
    assert errors == []


def test_export_falls_back_to_an_entry_made_from_the_list(bundled, reader):
    page, errors, base = reader(bundled.root / "site", "/reading-list/")
    page.evaluate(f"""localStorage.setItem({json.dumps(KEY)}, JSON.stringify({{
        "no-such-paper": {{title: "Gone {{away}}", url: "papers/no-such-paper/", starred: "2025-01-02T00:00:00.000Z"}}}}))""")
    page.reload()
    _, bib = downloaded(page, page.get_by_role("button", name="Export BibTeX"))
    assert bib == f"@misc{{no-such-paper,\n  title = {{Gone \\textbraceleft{{}}away\\textbraceright{{}}}},\n" \
                  f"  url = {{{base}/papers/no-such-paper/}}\n}}\n"  # its braces escaped as bibtex.py does
    expect(status(page)).to_contain_text("1 made from the list")
    errors[:] = [e for e in errors if "404" not in e]  # the missing page's fetch is logged
    assert errors == []


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_serious_axe_violations_with_stars_and_the_list(bundled, tab, palette):
    server = serve(bundled.root / "site")
    page, _ = tab(color_scheme=palette)
    base = f"http://127.0.0.1:{server.server_port}"
    for path in [DAY, "/papers/the-consciousness-prior/", "/reading-list/"]:
        page.goto(base + path)
        stars = page.locator("button[data-dpa-star]")
        if stars.count():
            stars.first.click()  # one pressed, the others not
        if path == DAY:
            page.keyboard.press("j")
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
                   for v in found["violations"] if v["impact"] in ("critical", "serious")]
        assert not serious, f"{path}, {palette}: {serious}"
