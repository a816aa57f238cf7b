"""Accessibility: axe-core (node_modules, pinned in package.json) over every kind of page the site has,
in the light palette and the dark, in real Chromium. A violation axe rates critical or serious fails;
the others (moderate, minor: mostly best practice) are left to judgement.

The pages are found by address, not by their markup, so what is added to a page later is checked too."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import serve
from test_search import AXE, header_search

PAPER = "/papers/extending-context-window-of-large-language-models-via-positional-interpolation/"
DAY = "/days/2025-11-18/"
# page type -> its address in the bundled archive
PAGES = {
    "home": "/",
    "archive": "/archive/",
    "stats": "/stats/",
    "day": DAY,
    "paper": PAPER,
    "tags index": "/tags/",
    "tag": "/tags/attention/",
    "tag month": "/tags/attention/2025-11/",
    "search with results": "/search/?q=sparse+attention",
    "header search open": DAY,
    "about": "/about/",
    "404": "/no/such/page/",
}
PALETTES = {"light": "default", "dark": "slate"}  # Chromium's prefers-color-scheme -> Material's scheme
SERIOUS = ("critical", "serious")
# Material fades colours in (the header's, the search dialog's): axe would read a colour half-way.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def prepare(page, kind: str) -> None:
    """Bring the page to the state a reader sees it in: results shown, an abstract unfolded."""
    folded = page.locator("details[data-dpa-abstract]")
    if folded.count():  # a list of papers: unfold one abstract as a reader would
        folded.first.locator("summary").click()
        page.wait_for_selector("details[data-dpa-abstract][data-state=loaded]")
    if kind == "search with results":
        page.wait_for_selector(".dpa-search-page__results .dpa-result__title")
    elif kind == "header search open":
        assert header_search(page, "sparse attention").count() > 0


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}".replace("\n", " / "))
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_axe_violations(bundled, tab, kind, palette):
    server = serve(bundled.root / "site")
    page, errors = tab(record=("pageerror",), color_scheme="dark" if palette == "dark" else "light")
    page.goto(f"http://127.0.0.1:{server.server_port}{PAGES[kind]}", wait_until="load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == PALETTES[palette]
    prepare(page, kind)
    page.add_style_tag(content=STILL)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in found["violations"] if v["impact"] in SERIOUS]
    assert not serious, f"{kind}, {palette}:\n{report(serious)}"
    assert errors == []


def test_the_404_page_says_so_in_its_title(bundled, visit):
    page, _ = visit(bundled.root / "site", PAGES["404"])
    response = page.reload()
    assert response.status == 404
    assert page.title().startswith("Page not found")
    assert page.locator("h1").inner_text().endswith("Page not found")


@pytest.mark.parametrize("kind", ["home", "paper", "404"])
def test_a_skip_link_comes_first_and_leads_past_the_header(bundled, visit, kind):
    page, _ = visit(bundled.root / "site", PAGES[kind])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    expect(skip).to_have_css("opacity", "1")  # shown on focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the next stop is in the page's content, not the header or the tabs
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), \
        page.evaluate("document.activeElement.outerHTML")


def test_the_search_dialog_is_named(bundled, visit):
    page, _ = visit(bundled.root / "site", DAY)
    header_search(page, "sparse attention")
    dialog = page.get_by_role("dialog", name="Search")
    assert dialog.count() == 1 and dialog.locator("input").first.evaluate("e => e === document.activeElement")


def test_the_test_covers_what_it_names(bundled):
    """The addresses above exist (a 404 aside): a renamed page would otherwise be checked as the 404."""
    site = bundled.root / "site"
    for kind, path in PAGES.items():
        if kind != "404":
            assert (site / path.split("?")[0].strip("/") / "index.html").is_file(), json.dumps(kind)
