"""Search, as readers use it: the header box and /search/?q=…, real Pagefind in real Chromium."""
import json
import re

import pytest

from conftest import REPO
from test_browser import HOSTILE


def header_search(page, query: str):
    page.keyboard.press("/")  # the shortcut focuses the header box
    page.keyboard.type(query)
    page.wait_for_selector(".md-search__output .md-search-result__item")
    page.wait_for_function(
        "document.querySelector('.md-search .md-search-result__meta').textContent.includes('matching')")
    return page.locator(".md-search__output .dpa-result__title")


def test_a_papers_own_title_finds_it_first(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    titles = header_search(page, "Extending Context Window of Large Language Models via Positional Interpolation")
    assert titles.first.inner_text() == \
        "Extending Context Window of Large Language Models via Positional Interpolation"
    meta = page.locator(".md-search__output .dpa-result__meta").first.inner_text()
    assert "Featured" in meta and "Long Context" in meta
    page.locator(".md-search__output .md-search-result__link").first.click()
    page.wait_for_url("**/papers/extending-context-window-of-large-language-models-via-positional-interpolation/")
    assert errors == []


@pytest.mark.parametrize("query, title", [
    ("PAROAttention", "PAROAttention: Pattern-Aware ReOrdering for Efficient Sparse and Quantized Attention "
                      "in Visual Generation Models"),  # a method name
    ("the consciousness prior", "The Consciousness Prior"),
])
def test_titles_and_method_names_rank_their_paper_first(bundled, visit, query, title):
    page, errors = visit(bundled.root / "site", "/")
    assert header_search(page, query).first.inner_text() == title
    assert errors == []


def test_a_word_from_one_abstract_finds_that_paper(bundled, visit):
    # "Outlandish" is the name of a dataset, in one abstract and no title.
    abstracts = [p["abstract"] for f in (REPO / "digests").glob("2*.yaml")
                 for p in __import__("yaml").safe_load(f.read_text())["papers"]]
    assert len({a for a in abstracts if "Outlandish" in a}) == 1
    page, errors = visit(bundled.root / "site", "/search/?q=Outlandish")
    page.wait_for_selector(".dpa-search-page__results .dpa-result__title")
    assert page.locator(".dpa-search-page__results .dpa-result__title").all_inner_texts() == \
        ["How new data permeates LLM knowledge and how to dilute it"]
    assert "1 matching paper" in page.locator(".dpa-search-page__meta").inner_text()
    assert "outlandish" in page.locator(".dpa-search-page__results mark").first.inner_text().lower()
    assert errors == []


def results(page) -> list[tuple[str, str]]:
    page.wait_for_function("document.querySelector('.dpa-search-page__meta').textContent.includes('matching')")
    items = page.locator(".dpa-search-page__results .dpa-result")
    return [(i.locator(".dpa-result__title").inner_text(), i.locator(".dpa-result__meta").inner_text())
            for i in items.all()]


def count(page) -> int:
    return int(re.match(r"(\d+)", page.locator(".dpa-search-page__meta").inner_text())[1])


def test_a_tag_filter_narrows_the_results_and_lives_in_the_url(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=attention")
    results(page)
    everything = count(page)
    page.select_option("select[name=tag]", "Interpretability")
    page.wait_for_url(re.compile(r"tag=Interpretability"))
    page.wait_for_function(f"!document.querySelector('.dpa-search-page__meta').textContent.startsWith('{everything} ')")
    narrowed = results(page)
    assert 0 < count(page) < everything
    assert all("Interpretability" in meta for _, meta in narrowed)
    # The URL reproduces the same search, shared or reloaded.
    shared, _ = visit(bundled.root / "site", "/search/?q=attention&tag=Interpretability")
    assert results(shared) == narrowed
    assert shared.locator("select[name=tag]").input_value() == "Interpretability"
    assert errors == []


def test_sorting_by_newest_and_by_upvotes(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=sparse&sort=newest")
    days = [re.search(r"Featured (\d+ \w+ \d{4})", meta)[1] for _, meta in results(page)]
    import datetime as dt
    parsed = [dt.datetime.strptime(d, "%d %b %Y") for d in days]
    assert len(parsed) > 5 and parsed == sorted(parsed, reverse=True)
    assert page.locator("select[name=sort]").input_value() == "newest"
    assert errors == []


def test_filters_without_a_query_list_a_year(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?year=2025&organization=Apple")
    assert [t for t, _ in results(page)] == [
        "LinEAS: End-to-end Learning of Activation Steering with a Distributional Loss"]
    assert errors == []


def test_hostile_title_in_results_is_text(hostile, visit):
    page, errors = visit(hostile.root / "site", "/")
    titles = header_search(page, "Hostile Title")
    assert titles.first.inner_text() == HOSTILE
    assert page.evaluate("document.querySelectorAll('.md-search-result script, .md-search-result img').length") == 0
    page.goto(page.url.split("#")[0] + "search/?q=Image%20Tag")
    assert results(page)[0][0] == "<img src=x onerror=alert(1)> Image Tag"
    assert errors == []


def test_phone_width_and_dark_palette(bundled, browser):
    from conftest import serve
    server = serve(bundled.root / "site")
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme="dark")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"http://127.0.0.1:{server.server_port}/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("consciousness prior")
    first = page.locator(".md-search__output .dpa-result__title").first
    first.wait_for()
    assert first.is_visible() and first.inner_text() == "The Consciousness Prior"
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
    server.shutdown()
    assert errors == []


def test_one_search_and_one_index(bundled):
    site = bundled.root / "site"
    assert not (site / "search" / "search_index.json").exists()  # Material's built-in search is off
    assert (site / "pagefind" / "pagefind.js").exists()
    html = (site / "index.html").read_text()
    assert html.count('class="md-search__input"') == 1 and "search.worker" not in html
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 433  # papers only: no day or tag pages
