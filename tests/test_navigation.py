"""The site's navigation (mkdocs.yml's nav, printed by overrides/main.html): from every kind of page a
reader reaches every kind of page in one click, on a laptop's screen and in one tap on a phone's, in
real Chromium on the bundled archive.

One step means: the link is on screen as the page loads, whole and not covered (no scrolling, sideways
or down, and nothing to open first: the site has no drawer, its tabs are the navigation at every
width), and one click or tap on it opens the right page."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from conftest import serve

# page kind -> its address in the bundled archive
PAGES = {
    "home": "/",
    "archive": "/archive/",
    "day": "/days/2025-11-18/",
    "paper": "/papers/extending-context-window-of-large-language-models-via-positional-interpolation/",
    "tag": "/tags/attention/",
    "organisation": "/orgs/apple/",
    "top": "/top/",
    "stats": "/stats/",
    "search": "/search/",
    "reading list": "/reading-list/",
}
# where a reader goes -> (the link's text, the address it opens, that page's heading)
DESTINATIONS = {
    "home": ("Home", "/", "Daily Papers Archive"),
    "days": ("Archive", "/archive/", "Archive"),
    "top": ("Top", "/top/", "Top papers"),
    "tags": ("Tags", "/tags/", "Tags"),
    "organisations": ("Organisations", "/orgs/", "Organisations"),
    "stats": ("Stats", "/stats/", "Statistics"),
    "search": ("Search", "/search/", "Search"),
    "reading list": ("Reading list", "/reading-list/", "Reading list"),
}
SCREENS = {
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3},
}


@pytest.fixture
def reader(bundled, tab):
    """A new browser (empty local storage: nothing starred yet) on a screen, at a page of the bundled site."""
    base = f"http://127.0.0.1:{serve(bundled.root / 'site').server_port}"

    def open_browser(screen: str, kind: str):
        """A kind of page (PAGES) open on a screen: (page, the errors it raises)."""
        page, errors = tab(record=("pageerror",), **SCREENS[screen])
        page.goto(base + PAGES[kind], wait_until="load")
        return page, errors

    return base, open_browser


def site_nav(page):
    """The site's navigation, found as a screen reader finds it: a landmark, by its name."""
    return page.get_by_role("navigation", name="Site")


def one_step(page, link, screen: str) -> None:
    """Follow a link the way a reader would without scrolling: it must be on screen, whole, already."""
    expect(link).to_be_in_viewport(ratio=1)
    link.tap() if screen == "phone" else link.click()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_is_one_step_away(reader, kind, screen):
    """On every kind of page each tab is on screen, whole, takes a click or tap (playwright's trial:
    it would land on the link, nothing covers it) and leads to its page."""
    base, open_browser = reader
    page, errors = open_browser(screen, kind)
    for name, (text, address, _) in DESTINATIONS.items():
        link = site_nav(page).get_by_role("link", name=text, exact=True)
        expect(link, f"{kind} page, {screen}: no link to {name}").to_have_count(1)
        expect(link).to_be_in_viewport(ratio=1)
        link.tap(trial=True) if screen == "phone" else link.click(trial=True)
        assert urljoin(page.url, link.get_attribute("href")) == base + address, f"{kind} page: {name}"
    assert errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_each_tab_opens_its_page(reader, screen):
    """Followed for real, from a day page, each tab opens its page, and back returns."""
    base, open_browser = reader
    page, errors = open_browser(screen, "day")
    for name, (text, address, heading) in DESTINATIONS.items():
        one_step(page, site_nav(page).get_by_role("link", name=text, exact=True), screen)
        page.wait_for_url(base + address)
        expect(page.locator("h1").first, f"{screen}: {name}").to_have_text(heading)
        page.go_back(wait_until="load")
        assert page.url == base + PAGES["day"]
    assert errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_reading_list_is_in_the_nav_before_any_star_and_counts_them_after(reader, screen):
    base, open_browser = reader
    page, errors = open_browser(screen, "day")
    assert page.evaluate("localStorage.getItem('dpa-reading-list')") is None  # nothing starred
    expect(site_nav(page).get_by_role("link", name="Reading list", exact=True)).to_be_in_viewport(ratio=1)
    star = page.locator(".dpa-list > article.dpa-paper").first.get_by_role("button", name="Star")
    star.tap() if screen == "phone" else star.click()
    counted = site_nav(page).get_by_role("link", name=re.compile(r"^Reading list \(1\)$"))
    one_step(page, counted, screen)
    page.wait_for_url(base + "/reading-list/")
    expect(page.get_by_role("list", name="Starred papers").get_by_role("link")).to_have_count(1)
    assert errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_tabs_take_a_click_after_the_page_scrolls_a_little(reader, screen):
    """A reader who scrolled a line down still sees the tabs, and a click on one follows it."""
    base, open_browser = reader
    page, errors = open_browser(screen, "day")
    page.evaluate("scrollTo(0, 12)")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # scroll handled
    link = site_nav(page).get_by_role("link", name="Tags", exact=True)
    expect(link).to_be_in_viewport(ratio=1)
    box = link.bounding_box()
    assert box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y) if screen == "phone" else page.mouse.click(x, y)  # where the reader sees it
    page.wait_for_url(base + "/tags/", timeout=5_000)
    assert errors == []
