"""Search, as readers use it: the header box and /search/?q=…, our index in real Chromium."""
import datetime as dt
import json
import re

import pytest
from playwright.sync_api import expect

from conftest import built_once, FIXTURES, load_yaml, Project, REPO
from generator.search.analysis import analyse
from test_browser import HOSTILE

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def enriched(recent, tmp_path_factory) -> Project:
    """The three newest bundled days, with the API's listing of one of them: arXiv ids, an organisation."""
    def make(p: Project) -> None:
        p.digests.mkdir()
        for f in recent.digests.glob("*.yaml"):
            (p.digests / f.name).write_bytes(f.read_bytes())
        p.ok("import", str(FIXTURES / "api" / "2025-11-18.json"))
        p.ok("build")
    return built_once(tmp_path_factory, "enriched", make)


def header_search(page, query: str):
    page.keyboard.press("/")  # the shortcut focuses the header box
    page.keyboard.type(query)
    page.wait_for_function(f"document.querySelector('.md-search .md-search-result__list').dataset.query === "
                           f"{json.dumps(query.strip())}")
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
    ("Outland", "How new data permeates LLM knowledge and how to dilute it"),  # a word still being typed
])
def test_titles_method_names_and_words_being_typed_find_their_paper_first(bundled, visit, query, title):
    page, errors = visit(bundled.root / "site", "/")
    assert header_search(page, query).first.inner_text() == title
    assert errors == []


def test_a_word_from_one_abstract_finds_that_paper_and_is_marked(bundled, visit):
    # "Outlandish" is the name of a dataset, in one abstract and no title.
    abstracts = [p["abstract"] for f in (REPO / "digests").glob("2*.yaml")
                 for p in load_yaml(f.read_text())["papers"]]
    assert len({a for a in abstracts if "Outlandish" in a}) == 1
    page, errors = visit(bundled.root / "site", "/search/?q=Outlandish")
    page.wait_for_selector(".dpa-search-page__results .dpa-result__title")
    assert page.locator(".dpa-search-page__results .dpa-result__title").all_inner_texts() == \
        ["How new data permeates LLM knowledge and how to dilute it"]
    assert "1 matching paper" in page.locator(".dpa-search-page__meta").inner_text()
    assert errors == []


def test_matches_are_marked_in_titles_and_snippets(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=permeates knowledge")
    page.wait_for_selector(".dpa-search-page__results mark")
    first = page.locator(".dpa-search-page__results .dpa-result").first
    assert first.locator(".dpa-result__title mark").all_inner_texts() == ["permeates", "knowledge"]
    assert first.locator(".dpa-result__excerpt mark").all_inner_texts() == ["knowledge"]
    assert errors == []


def test_a_query_that_matches_nothing_says_so(bundled, visit):
    page, errors = visit(bundled.root / "site", "/")
    assert header_search(page, "zzzxqv").count() == 0
    assert page.locator(".md-search .md-search-result__meta").inner_text() == "No papers match “zzzxqv”"
    assert errors == []


@pytest.mark.parametrize("query, same_as", [
    ("constructor", None),  # a word that is also a JavaScript property name
    ("language models for", "language models"),  # a stop word at the end requires nothing
    ("2510.1390", None),  # an arXiv id half typed is not yet an id
])
def test_awkward_queries(bundled, visit, query, same_as):
    page, errors = visit(bundled.root / "site", f"/search/?q={query}")
    results(page)
    assert "could not load" not in page.locator(".dpa-search-page__meta").inner_text()
    assert "not in the archive" not in page.locator(".dpa-search-page__results").inner_text()
    if same_as:
        expected, _ = visit(bundled.root / "site", f"/search/?q={same_as}")
        assert count(page) == count(expected) > 0
    assert errors == []


def phrase_count(words: tuple[str, str]) -> int:
    """Papers of the bundled archive whose title or abstract has the two words side by side."""
    first, second = analyse(" ".join(words))[1]
    found = 0
    for f in (REPO / "digests").glob("2*.yaml"):
        for p in load_yaml(f.read_text())["papers"]:
            for text in (p["title"], p["abstract"]):
                at = analyse(text)[1]
                if any(position + 1 in at.get(second, []) for position in at.get(first, [])):
                    found += 1
                    break
    return found


def test_a_quoted_phrase_matches_as_a_phrase(bundled, visit):
    page, errors = visit(bundled.root / "site", '/search/?q="context window"')
    loose, _ = visit(bundled.root / "site", "/search/?q=context window")
    expected = phrase_count(("context", "window"))
    assert count(page) == expected and 0 < expected < count(loose)
    assert errors == []


def test_an_arxiv_id_finds_its_paper_or_leads_to_arxiv(enriched, visit):
    for query in ("2510.13905", "2510.13905v2", "arXiv:2510.13905"):
        page, errors = visit(enriched.root / "site", "/")
        assert header_search(page, query).all_inner_texts() == ["Schema for In-Context Learning"], query
        assert errors == []
    page, errors = visit(enriched.root / "site", "/search/?q=arXiv:2501.00042")
    page.wait_for_selector(".dpa-search-page__results .dpa-result__title")
    assert page.locator(".dpa-search-page__results .dpa-result__title").all_inner_texts() == \
        ["arXiv:2501.00042 is not in the archive"]
    assert page.locator(".dpa-search-page__results a").get_attribute("href") == "https://arxiv.org/abs/2501.00042"
    assert errors == []


def test_an_organisations_name_ranks_its_papers_first(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=Apple")
    theirs = ["· Apple ·" in meta for _, meta in results(page)]
    assert theirs == [True, False]  # Apple's paper, then one whose abstract says "apple"
    assert errors == []


def results(page) -> list[tuple[str, str]]:
    page.wait_for_function("/matching|No papers/.test(document.querySelector('.dpa-search-page__meta').textContent)")
    items = page.locator(".dpa-search-page__results .dpa-result")
    return [(i.locator(".dpa-result__title").inner_text(), i.locator(".dpa-result__meta").inner_text())
            for i in items.all()]


def count(page) -> int:
    results(page)
    meta = page.locator(".dpa-search-page__meta").inner_text()
    return 0 if meta.startswith("No papers") else int(re.match(r"([\d,]+)", meta)[1].replace(",", ""))


def test_a_tag_filter_narrows_the_results_and_lives_in_the_url(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=attention")
    everything = count(page)
    page.locator("select[name=tag]").focus()  # its choices load when the reader goes to it
    page.wait_for_function("document.querySelectorAll('select[name=tag] option').length > 10")
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
    total = count(page)
    items = ".dpa-search-page__results .dpa-result"
    while (shown := page.locator(items).count()) < total:
        page.locator("[data-dpa-search-more]").click()
        page.wait_for_function(f"document.querySelectorAll('{items}').length >= {min(total, shown + 20)}")
    assert page.locator("[data-dpa-search-more]").is_hidden()
    return results(page)


def test_sorting_by_relevance_newest_and_upvotes(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?q=sparse")
    relevant = all_results(page)
    assert "sparse" in relevant[0][0].lower()  # the best match has the word in its title
    page, _ = visit(bundled.root / "site", "/search/?q=sparse&sort=newest")
    newest = all_results(page)
    days = [featured(meta) for _, meta in newest]
    assert len(days) > 20 and days == sorted(days, reverse=True)
    assert page.locator("select[name=sort]").input_value() == "newest"
    page, _ = visit(bundled.root / "site", "/search/?q=sparse&sort=upvotes")
    votes = [upvotes(meta) for _, meta in all_results(page)]
    assert len(votes) == len(days) and votes == sorted(votes, reverse=True) and votes[0] > votes[-1]
    assert sorted(relevant) == sorted(newest) and relevant != newest
    assert errors == []


def test_filters_without_a_query_list_a_year_and_an_organisation(bundled, visit):
    page, errors = visit(bundled.root / "site", "/search/?year=2025&organization=Apple")
    assert [t for t, _ in results(page)] == [
        "LinEAS: End-to-end Learning of Activation Steering with a Distributional Loss"]
    assert page.locator("select[name=organization]").input_value() == "Apple"
    assert errors == []


def test_hostile_title_in_results_is_text(hostile, visit):
    page, errors = visit(hostile.root / "site", "/")
    # lunr splits words at spaces and hyphens only: the title's "</script>Hostile" is one word.
    titles = header_search(page, "Title")
    assert HOSTILE in titles.all_inner_texts()
    assert page.evaluate("document.querySelectorAll('.md-search-result script, .md-search-result img').length") == 0
    page.goto(page.url.split("#")[0] + "search/?q=Image%20Tag")
    assert results(page)[0][0] == "<img src=x onerror=alert(1)> Image Tag"
    assert errors == []


def focused(page) -> str:
    return page.evaluate("document.activeElement.classList[0]")


def test_the_search_dialog_by_keyboard(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    open_ = "document.getElementById('__search').checked"
    page.locator(".md-tabs__list a").first.focus()  # where the reader was
    titles = header_search(page, "attention")
    assert page.evaluate(open_) and titles.count() == 8
    page.keyboard.press("ArrowDown")
    assert focused(page) == "md-search-result__link"
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert second == page.locator(".md-search__output .md-search-result__link").nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused(page) == "md-search__input"
    page.keyboard.press("Escape")  # closes, and focus goes back where it was
    assert not page.evaluate(open_) and page.evaluate("document.activeElement.closest('.md-tabs__list') !== null")

    page.keyboard.press("/")
    assert page.evaluate(open_) and focused(page) == "md-search__input"
    page.keyboard.press("Shift+Tab")  # out of the dialog: it closes, with its overlay
    assert not page.evaluate(open_)
    expect(page.locator(".md-search__overlay")).to_be_hidden()

    page.keyboard.press("/")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # opens the focused result
    page.wait_for_url("**/papers/**")
    assert errors == []


def test_clearing_the_box_is_not_undone_by_a_search_on_its_way(bundled, visit):
    page, errors = visit(bundled.root / "site", "/")
    held, cleared, pending = [], [], set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    # The index's words arrive late, as on a slow network: only once the box is cleared.
    page.route("**/search-index/segments/**", lambda route: route.continue_() if cleared else held.append(route))
    page.keyboard.press("/")
    page.keyboard.type("attention")
    page.wait_for_function("document.querySelector('.md-search__input').value === 'attention'")
    for _ in range(250):  # until the search is on its way (5 s at most)
        if held:
            break
        page.wait_for_timeout(20)
    assert held
    page.locator(".md-search__options button[type=reset]").click()
    cleared.append(True)
    for route in held:
        route.continue_()
    # The search has come back once every request it made (the words, then any records) is answered,
    # and the page has drawn a frame since with none on its way.
    quiet = 0
    while quiet < 3:
        page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        quiet = 0 if pending else quiet + 1
    assert all(route.request.response() for route in held)
    assert page.locator(".md-search__output .md-search-result__item").count() == 0
    assert page.locator(".md-search .md-search-result__meta").inner_text() == "Type to start searching"
    assert errors == []


def test_the_search_dialog_and_page_pass_axe(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    header_search(page, "sparse attention")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document.querySelector('.md-header'), {resultTypes: ['violations']})")
    assert [(v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]]) for v in found["violations"]] == []
    assert page.locator(".md-search .md-search-result__meta").get_attribute("role") == "status"  # counts are announced
    page, errors = visit(bundled.root / "site", "/search/?q=sparse")
    results(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document.querySelector('[data-dpa-search-page]'), {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found["violations"]] == []
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
    # Results come as the reader types: wait for those of the whole query.
    page.wait_for_function("document.querySelector('.md-search .md-search-result__list').dataset.query === "
                           "'consciousness prior'")
    first = page.locator(".md-search__output .dpa-result__title").first
    assert first.is_visible() and first.inner_text() == "The Consciousness Prior"
    # Within the screen once the dialog has slid into place (under load, the slide can still be on).
    page.wait_for_function("(() => { const r = document.querySelector('.md-search__output .dpa-result__title')"
                           ".getBoundingClientRect(); return r.left >= 0 && r.right <= 390; })()", timeout=5000)
    context.close()
    assert errors == []


def test_one_search_and_one_index(bundled):
    site = bundled.root / "site"
    assert not (site / "search" / "search_index.json").exists()  # Material's built-in search is off
    manifest = json.loads((site / "search-index" / "manifest.json").read_text())
    assert manifest["documents"] == 433  # papers only: no day or tag pages
    html = (site / "index.html").read_text()
    # No box in the page: search.js (imported by the one module, site.js) adds the one dialog, and
    # Material's worker is not loaded.
    assert 'class="md-search' not in html and "search.worker" not in html
    assert html.count('<script src="javascripts/site.js" type="module"></script>') == 1
    assert "lunr" not in html and "search-engine" not in html  # both come only when a reader searches
