"""The keyboard on pages listing papers (docs/javascripts/reading-list.js), in real Chromium: j/k move
between papers, o or Enter opens one, [ and ] go to the previous and next day, s stars, ? lists the keys;
"/" is still the search box's."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

DAY = "/days/2025-11-18/"
FOCUSED = "[...document.querySelectorAll('.dpa-list > article.dpa-paper')].indexOf(document.activeElement)"


def focused(page) -> int:
    """The index of the card holding focus, -1 if none does."""
    return page.evaluate(FOCUSED)


def title(page, index: int) -> str:
    return page.locator(".dpa-list > article.dpa-paper h2 a").nth(index).inner_text()


def stored(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('dpa-reading-list')") or "{}")


def test_j_and_k_move_between_papers_and_o_opens_one(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    assert focused(page) == -1
    page.keyboard.press("j")
    assert focused(page) == 0  # the first paper on screen
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused(page) == 2
    page.keyboard.press("k")
    assert focused(page) == 1
    card = page.locator(".dpa-list > article.dpa-paper").nth(1)
    assert card.evaluate("c => getComputedStyle(c).outlineStyle") != "none"  # the focus shows
    for _ in range(20):
        page.keyboard.press("j")
    assert focused(page) == 21
    expect(page.locator(".dpa-list > article.dpa-paper").nth(21)).to_be_in_viewport()  # scrolled to it
    for _ in range(30):
        page.keyboard.press("k")
    assert focused(page) == 0  # stops at the first
    page.keyboard.press("j")
    wanted = title(page, 1)
    page.keyboard.press("o")
    page.wait_for_url("**/papers/instruction-following-without-instruction-tuning/")
    assert page.locator("h1").inner_text() == wanted
    assert errors == []


def test_enter_opens_the_focused_paper_but_not_a_focused_link(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("j")
    page.keyboard.press("Tab")  # into the card: its title link
    assert page.evaluate("document.activeElement.closest('h2') !== null")
    page.keyboard.press("j")  # from a link in a card: the next card
    assert focused(page) == 1
    page.keyboard.press("Enter")
    page.wait_for_url("**/papers/instruction-following-without-instruction-tuning/")
    assert errors == []


def test_brackets_go_to_the_previous_and_next_day(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("]")
    page.wait_for_url("**/days/2025-12-09/")
    page.keyboard.press("[")
    page.wait_for_url("**/days/2025-11-18/")
    page.keyboard.press("[")
    page.wait_for_url("**/days/2025-10-31/")
    assert errors == []


def test_s_stars_the_focused_paper_and_does_not_open_search(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("s")  # no paper focused: nothing to star, and no search either
    assert stored(page) == {}
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("s")
    slug = "instruction-following-without-instruction-tuning"
    assert list(stored(page)) == [slug]
    star = page.locator(".dpa-list > article.dpa-paper").nth(1).get_by_role("button", name="Star")
    expect(star).to_have_attribute("aria-pressed", "true")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert focused(page) == 1  # focus stays on the paper
    page.keyboard.press("s")
    assert stored(page) == {}
    expect(star).to_have_attribute("aria-pressed", "false")
    assert errors == []


def test_slash_still_opens_search_and_typing_there_is_not_a_shortcut(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("j")
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("js[?o")
    expect(box).to_have_value("js[?o")
    assert stored(page) == {} and page.url.endswith(DAY)
    assert page.get_by_role("dialog", name="Keyboard shortcuts").count() == 0
    assert errors == []


def test_modifier_keys_are_left_to_the_browser(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("j")
    for key in ["Control+j", "Alt+j", "Meta+s", "Control+s"]:
        page.keyboard.press(key)
    assert focused(page) == 0 and stored(page) == {}
    assert errors == []


def test_question_mark_lists_the_keys_and_escape_closes_them(bundled, visit):
    page, errors = visit(bundled.root / "site", DAY)
    page.keyboard.press("j")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    keys = dialog.locator("kbd").all_inner_texts()
    assert keys == ["j", "k", "o", "s", "[", "]", "/", "?"]
    assert "Next paper" in dialog.inner_text()
    page.keyboard.press("j")  # the page's keys wait while the list is open
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page) == 0  # back where the reader was
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert errors == []


@pytest.mark.parametrize("path, next_page", [
    ("/tags/attention/", None),
    ("/orgs/apple/", None),
    ("/top/2025-W47/", "**/top/2025-W50/"),
])
def test_the_keys_work_on_tag_organisation_and_top_pages(bundled, visit, path, next_page):
    page, errors = visit(bundled.root / "site", path)
    page.keyboard.press("j")
    assert focused(page) == 0
    page.keyboard.press("s")
    assert len(stored(page)) == 1
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    if next_page:
        page.keyboard.press("]")
        page.wait_for_url(next_page)
    else:
        page.keyboard.press("]")  # no next day here: nothing happens
        assert page.url.endswith(path)
    assert errors == []


def test_s_stars_a_papers_own_page(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/the-consciousness-prior/")
    page.keyboard.press("s")
    assert list(stored(page)) == ["the-consciousness-prior"]
    page.keyboard.press("?")
    keys = page.get_by_role("dialog", name="Keyboard shortcuts").locator("kbd").all_inner_texts()
    assert keys == ["s", "/", "?"]  # only the keys this page has
    assert errors == []
