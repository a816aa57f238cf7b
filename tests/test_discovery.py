"""Discovery: the top papers of each week, month and year, in real Chromium on the bundled archive."""
import re

import pytest

from conftest import load_yaml, REPO, SEEDS
from html_page import read_page


def most_upvoted(days):
    """The bundled digests' most upvoted paper over these days: the first of a day's listing among equals."""
    best = None
    for day in sorted(days, reverse=True):  # the newest day's papers come first among equals
        for paper in load_yaml((REPO / f"digests/{day}.yaml").read_text())["papers"]:
            if paper.get("upvotes") is not None and (best is None or paper["upvotes"] > best["upvotes"]):
                best = paper
    return best["title"]


@pytest.mark.parametrize("period, days, previous, following", [
    ("2025-W47", ["2025-11-18"], "Week 44 of 2025", "Week 50 of 2025"),
    ("2025-11", ["2025-11-18"], "October 2025", "December 2025"),
    ("2025", ["2025-03-10", "2025-03-11", "2025-10-31", "2025-11-18", "2025-12-09"], None, None),
])
def test_a_periods_top_page_lists_its_most_upvoted_paper_first(bundled, visit, period, days, previous, following):
    page, errors = visit(bundled.root / "site", f"/top/{period}/")
    first = page.locator("article.dpa-paper").first
    assert first.locator("h2").inner_text() == most_upvoted(days)
    votes = [int(v.split()[0]) for v in page.locator("article.dpa-paper .dpa-meta strong").all_inner_texts()]
    assert votes == sorted(votes, reverse=True) and len(votes) <= 25
    nav = page.locator("nav.dpa-daynav").first
    for name, rel in [(previous, "prev"), (following, "next")]:
        link = nav.locator(f"a[rel={rel}]")
        assert (link.inner_text().strip("←→ ").startswith(name) if name else link.count() == 0)
    if previous:
        nav.locator("a[rel=prev]").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith(f"Top papers: {previous}")
    assert errors == []


def test_a_period_without_upvotes_says_so_rather_than_ranking(project):
    project.ok("import", str(SEEDS / "004_3c1f7518a6081a0f.txt"), "--date", "2025-03-10")  # page text, no counts
    project.ok("build")
    week = project.root / "site/top/2025-W11/index.html"
    assert "recorded no upvotes" in read_page(week).text and "dpa-paper" not in week.read_text()
    assert ("../../days/2025-03-10/", "Monday, 10 March 2025") in read_page(week).links


def test_a_period_ranks_only_the_papers_with_a_count_recorded_in_it(bundled):
    """The bundled March digests recorded no upvotes: later days' counts do not rank them."""
    march = read_page(bundled.root / "site/top/2025-03/index.html")
    assert "recorded no upvotes, so its 278 papers have no ranking" in march.text
    assert not [href for href, _ in march.links if href.startswith("../../papers/")]
    w47 = read_page(bundled.root / "site/top/2025-W47/index.html").text
    assert re.search(r"The (\d+) most upvoted of the 76 papers .* (\d+) papers with no upvotes recorded", w47)


def test_the_home_page_shows_this_weeks_and_this_months_top_papers(bundled):
    home = read_page(bundled.root / "site/index.html")
    assert ("top/2025-W50/", "Week 50 of 2025, 8–14 December 2025") in home.links
    assert ("top/2025-12/", "December 2025") in home.links
    assert most_upvoted(["2025-12-09"]) in home.text


def test_a_papers_upvotes_are_the_most_any_digest_recorded():
    from generator.model import Entry, merge
    records = [Entry(title="T", abstract="A", upvotes=n) for n in (3, 9, None, 5)]  # newest first
    assert merge(records).upvotes == 9


def test_a_paper_page_shows_related_papers_and_more_like_this(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/sparsed-sparse-attention-for-diffusion-language-models/")
    related = page.locator("h2:text('Related papers') + ul a")
    assert related.count() == 5
    titles = related.all_inner_texts()
    assert any("Sparse" in t or "sparse" in t for t in titles), titles
    more = page.get_by_role("link", name=re.compile("^More like this: "))
    more.click()
    page.wait_for_url("**/search/?q=*")
    # Results are shown one by one as their records arrive; the list names its query once complete.
    page.wait_for_function("document.querySelector('.dpa-search-page__results').dataset.query")
    assert page.locator(".dpa-search-page__results li").count() >= 2
    related_first = titles[0]
    page.go_back()
    page.get_by_role("link", name=related_first, exact=True).click()
    page.wait_for_url("**/papers/**")
    assert page.locator("h1").inner_text() == related_first
    assert errors == []
