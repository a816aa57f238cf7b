"""A period's top is that period's: a week, month or year ranks the papers featured in it by the upvotes
its own days' digests recorded, shows each with its day there, and ranks no paper without upvotes."""
import json
import re

import pytest

from conftest import load_yaml, new_project
from html_page import read_page

MARCH, APRIL = "2025-03-28", "2025-04-02"  # a Friday of ISO week 13, a Wednesday of week 14


def item(arxiv_id, title, upvotes=None):
    """A paper as the API lists it; without upvotes, a listing that gives no count."""
    paper = {"id": arxiv_id, "title": title, "summary": f"The abstract of {title}."}
    if upvotes is not None:
        paper["upvotes"] = upvotes
    return {"paper": paper, "title": title}


DAYS = {
    MARCH: [item("2503.00001", "Alpha", 5), item("2503.00002", "Beta", 0), item("2503.00003", "Gamma"),
            item("2503.00004", "Delta", 8)],
    # Alpha featured again, with the count it reached since: March's top must not rank it by that.
    APRIL: [item("2503.00001", "Alpha", 90), item("2504.00005", "Epsilon", 40), item("2504.00006", "Zeta", 0)],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("top_periods"))
    listings = tmp_path_factory.mktemp("listings")
    for day, items in DAYS.items():
        (listings / f"{day}.json").write_text(json.dumps(items))
        project.ok("import", str(listings / f"{day}.json"))
    march = load_yaml((project.digests / f"{MARCH}.yaml").read_text())["papers"]
    counts = {p["title"]: p.get("upvotes") for p in march}
    assert counts == {"Alpha": 5, "Beta": 0, "Gamma": None, "Delta": 8}  # each day keeps its own record
    project.ok("build")
    return project.root / "site"


def ranked(site, period):
    """The cards of a period's page: (title, its meta line), in the page's order."""
    html = (site / f"top/{period}/index.html").read_text()
    cards = re.findall(r'<article class="dpa-paper">(.*?)</article>', html, re.S)
    return [(plain(re.search(r'<h2 class="dpa-title">(.*?)</h2>', c, re.S)[1]),
             plain(re.search(r'<p class="dpa-meta">(.*?)</p>', c, re.S)[1])) for c in cards]


def plain(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.mark.parametrize("period, expected", [
    ("2025-03", [("Delta", "Featured 28 Mar 2025 · 8 upvotes"), ("Alpha", "Featured 28 Mar 2025 · 5 upvotes")]),
    ("2025-W13", [("Delta", "Featured 28 Mar 2025 · 8 upvotes"), ("Alpha", "Featured 28 Mar 2025 · 5 upvotes")]),
    ("2025-04", [("Alpha", "Featured 2 Apr 2025 · 90 upvotes"), ("Epsilon", "Featured 2 Apr 2025 · 40 upvotes")]),
    ("2025-W14", [("Alpha", "Featured 2 Apr 2025 · 90 upvotes"), ("Epsilon", "Featured 2 Apr 2025 · 40 upvotes")]),
    ("2025", [("Alpha", "Featured 2 Apr 2025 · 90 upvotes"), ("Epsilon", "Featured 2 Apr 2025 · 40 upvotes"),
              ("Delta", "Featured 28 Mar 2025 · 8 upvotes")]),
])
def test_a_period_ranks_its_own_papers_by_its_own_counts_each_on_its_day_there(site, period, expected):
    assert ranked(site, period) == expected


@pytest.mark.parametrize("period, unranked", [("2025-03", 2), ("2025-W13", 2), ("2025-04", 1), ("2025-W14", 1),
                                              ("2025", 3)])
def test_papers_without_upvotes_are_counted_but_never_ranked(site, period, unranked):
    text = read_page(site / f"top/{period}/index.html").text
    titles = [title for title, _ in ranked(site, period)]
    assert not {"Beta", "Gamma", "Zeta"} & set(titles)  # none (0 or no count) is a card of the ranking
    assert f"The {len(titles)} most upvoted of the {len(titles) + unranked} papers" in text
    plural = "s" if unranked != 1 else ""
    assert f"{unranked} paper{plural} with no upvotes recorded (none, or 0)" in text and "not ranked" in text


@pytest.mark.parametrize("period", ["2025-03", "2025-W14", "2025"])
def test_a_periods_page_says_its_counts_are_as_last_fetched(site, period):
    assert "Upvotes are as last fetched" in read_page(site / f"top/{period}/index.html").text


def test_the_home_pages_top_of_the_week_and_month_shows_their_own_counts(site):
    home = read_page(site / "index.html").text
    # The latest week and month are April's: Alpha with April's count, nothing of March's alone.
    assert "Alpha 90 upvotes" in home and "Epsilon 40 upvotes" in home
    top = home[home.index("Top papers: Week 14"):home.index("Recent days")]
    assert "Delta" not in top and "Zeta" not in top


def test_a_days_count_fetched_again_remakes_its_periods_page(project, tmp_path):
    for day, items in DAYS.items():
        (tmp_path / f"{day}.json").write_text(json.dumps(items))
        project.ok("import", str(tmp_path / f"{day}.json"))
    project.ok("generate")
    march = project.digests / f"{MARCH}.yaml"
    # Alpha's March record grows, still short of Delta's: the same papers in the same order, and Alpha's
    # own count (April's 90) is what it was.
    march.write_text(march.read_text().replace("upvotes: 5\n", "upvotes: 6\n"))
    project.ok("generate")
    page = (project.root / "docs/top/2025-03.md").read_text()
    assert page.index(">Delta</a>") < page.index(">Alpha</a>") and "<strong>6 upvotes</strong>" in page
