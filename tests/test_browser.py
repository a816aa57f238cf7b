"""A reader's visit in real headless Chromium (Debian's, driven by playwright)."""
from playwright.sync_api import expect

from conftest import FIXTURES
from generator.readers import read_text
from generator.readers.pagetext import parse

HOSTILE = parse(read_text(FIXTURES / "hostile.txt"), FIXTURES / "hostile.txt").entries[0][0].title


def test_day_page_in_chromium(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    assert page.locator("h1").inner_text() == "Daily Papers: Tuesday, 18 November 2025"
    assert page.locator("article.dpa-paper").count() == 76 == page.locator("article.dpa-paper details").count()
    first = page.locator("article.dpa-paper").filter(has_text="Schema for In-Context Learning")
    abstract = first.locator("details p")
    assert not abstract.is_visible()  # folded by default
    first.locator("summary").click()
    abstract.filter(has_text="In-Context Learning (ICL)").wait_for()  # fetched from the paper's page
    assert abstract.is_visible()
    first.locator("h2 a").click()
    page.wait_for_url("**/papers/schema-for-in-context-learning/")
    assert page.locator("h1").inner_text() == "Schema for In-Context Learning"
    assert errors == []


def test_paper_page_in_chromium(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/the-consciousness-prior/")
    assert page.title() == "The Consciousness Prior - Daily Papers Archive"
    assert page.locator("ul.dpa-days li").count() == 3
    page.locator("ul.dpa-days a").first.click()
    page.wait_for_url("**/days/2025-10-31/")
    assert errors == []


def test_hostile_title_is_text_in_chromium(hostile, visit):
    for path in ["/days/2025-06-02/", "/papers/title-script-alert-title-script-hostile-title/"]:
        page, errors = visit(hostile.root / "site", path)
        assert errors == []  # no alert() dialog, no script error
        assert HOSTILE in page.locator("article").first.inner_text()
        found = "article script:not([src^='../../javascripts/']), article img, article iframe"
        assert page.evaluate(f"document.querySelectorAll(\"{found}\").length") == 0  # but the site's own scripts
    assert page.title() == f"{HOSTILE} - Daily Papers Archive"
    assert page.locator("h1").inner_text() == HOSTILE


def test_header_icons_are_drawn_from_the_sprite(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/the-consciousness-prior/")
    page.keyboard.press("/")
    page.keyboard.type("prior")  # the search box's clear button shows once there is text
    expect(page.locator(".md-search__options button[type=reset]")).to_be_visible()
    shown = page.evaluate("""[...document.querySelectorAll('header svg use')]
        .filter((use) => use.closest('svg').getBoundingClientRect().width > 0)
        .map((use) => [use.getAttribute('href'), use.getBBox().width])""")
    names = {href.split("#")[1] for href, _ in shown}
    assert {"library", "weather-night", "magnify", "close"} <= names, shown
    assert all(width > 0 for _, width in shown), shown  # a symbol the sprite lacks draws nothing
    assert errors == []


def test_the_palette_toggle_switches_and_is_remembered(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/the-consciousness-prior/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.get_by_title("Switch to dark mode").click()  # built by theme.js, from mkdocs.yml's palettes
    assert page.evaluate(scheme) == "slate"
    page.locator("ul.dpa-days a").first.click()
    page.wait_for_url("**/days/2025-10-31/")
    assert page.evaluate(scheme) == "slate" and page.get_by_title("Switch to light mode").is_visible()
    assert errors == []
