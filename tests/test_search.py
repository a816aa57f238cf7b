"""Search, as readers use it: the header box and /search/?q=…, real Pagefind in real Chromium."""
import datetime as dt
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


def featured(meta: str) -> dt.date:
    return dt.datetime.strptime(re.search(r"Featured (\d+ \w+ \d{4})", meta)[1], "%d %b %Y").date()


def upvotes(meta: str) -> int:
    found = re.search(r"([\d,]+) upvotes?", meta)
    return int(found[1].replace(",", "")) if found else 0


def all_results(page) -> list[tuple[str, str]]:
    """Every result of the search page, pressing "More results" until there are no more."""
    results(page)
    more = page.locator("[data-dpa-search-more]")
    while more.is_visible():
        shown = page.locator(".dpa-search-page__results .dpa-result").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('.dpa-search-page__results .dpa-result').length > {shown}")
    return results(page)


def test_sorting_by_newest_and_by_upvotes(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=sparse&sort=newest")
    days = [featured(meta) for _, meta in all_results(page)]
    assert len(days) > 20 and days == sorted(days, reverse=True)
    assert page.locator("select[name=sort]").input_value() == "newest"
    page, _ = visit(bundled.root / "site", "/search/?q=sparse&sort=upvotes")
    votes = [upvotes(meta) for _, meta in all_results(page)]
    assert len(votes) == len(days) and votes == sorted(votes, reverse=True) and votes[0] > votes[-1]
    assert errors == []


@pytest.mark.parametrize("sort", ["newest"])  # merging sorted lists; relevance: the next test
def test_an_index_in_several_bundles_searches_as_one(bundled, split_index, visit, sort):
    """A large archive's index comes in bundles that the browser merges: same answers, same order."""
    assert json.loads((split_index / "pagefind/bundles.json").read_text()).keys() == {"0", "1", "2"}
    query = f"/search/?q=sparse&sort={sort}"
    whole, errors = visit(bundled.root / "site", query)
    split, split_errors = visit(split_index, query)
    expected, got = all_results(whole), all_results(split)
    if sort == "newest":
        assert [featured(m) for _, m in got] == [featured(m) for _, m in expected]
    elif sort == "upvotes":
        assert [upvotes(m) for _, m in got] == [upvotes(m) for _, m in expected]
    assert sorted(got) == sorted(expected) and len(got) > 20
    assert errors == split_errors == []


def test_a_title_ranks_its_paper_first_across_bundles(split_index, visit):
    page, errors = visit(split_index, "/")
    assert header_search(page, "PAROAttention").first.inner_text() == (
        "PAROAttention: Pattern-Aware ReOrdering for Efficient Sparse and Quantized Attention "
        "in Visual Generation Models")
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
    assert errors == []


def test_one_search_and_one_index(bundled):
    site = bundled.root / "site"
    assert not (site / "search" / "search_index.json").exists()  # Material's built-in search is off
    assert json.loads((site / "pagefind" / "bundles.json").read_text()).keys() == {"0"}
    html = (site / "index.html").read_text()
    assert html.count("data-dpa-search>") == 1 and "search.worker" not in html  # search.js fills the one box
    entry = json.loads((site / "pagefind" / "0" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 433  # papers only: no day or tag pages
