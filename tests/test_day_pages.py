"""A day's page has a bound: a day listing more papers than pages.DAY_PAGE goes on over pages of its
own, so that a day of thousands of papers never makes one page of megabytes."""
import re

from conftest import REPO
from generator import pages
from generator.site.linkcheck import check_links

DAY = "2025-11-20"


def page_text(n: int) -> str:
    """A Daily Papers page of n papers, the k-th with k upvotes."""
    papers = "\n\n".join(f"Paper Number {k} on Paging\n\nWe study paging number {k}.\n\n  • 3 authors\n·\nNov 1 {k}"
                         for k in range(1, n + 1))
    return f"Daily Papers\n\nNov 20\n\n{papers}\n"


def listed(site, address: str) -> tuple[str, list[str]]:
    """A built day page's <h1> and the titles its cards list, in order."""
    html = (site / address / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1>(.*?)</h1>", html)[1]
    return h1, re.findall(r"<h2[^>]*><a[^>]*>(Paper Number \d+ on Paging)</a>", html)


def test_a_long_day_goes_on_over_pages_each_listing_every_paper_once(project, tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "DAY_PAGE", 4)  # the generator runs in this process (and its forks)
    (tmp_path / f"{DAY}.txt").write_text(page_text(10), encoding="utf-8")
    project.ok("import", str(tmp_path / f"{DAY}.txt"))
    project.ok("build")
    site = project.root / "site"

    shown = [listed(site, address) for address in (f"days/{DAY}", f"days/{DAY}-page-2", f"days/{DAY}-page-3")]
    assert [len(titles) for _, titles in shown] == [4, 4, 2]
    assert [t for _, titles in shown for t in titles] == [f"Paper Number {k} on Paging" for k in range(10, 0, -1)]
    assert shown[1][0] == "Daily Papers: Thursday, 20 November 2025, page 2 of 3"
    assert not (site / "days" / f"{DAY}-page-4").exists()

    second = (site / "days" / f"{DAY}-page-2" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="dpa-daynav" aria-label="Pages of this day">(.*?)</nav>', second)[1]
    assert re.findall(r">(\d)</a>", nav) == ["1", "2", "3"]
    assert re.search(r'aria-current="page"[^>]*>2</a>', nav)
    assert "<title>Daily Papers, 20 Nov 2025, page 2 of 3 - " in second
    assert check_links(site).broken == []


def test_every_day_of_the_bundled_archive_fits_on_one_page():
    """Its day pages were published whole: the bound never moves a paper of theirs to a page 2."""
    counts = [(REPO / "digests" / path.name).read_text(encoding="utf-8").count("\n- slug: ")
              for path in sorted((REPO / "digests").glob("20*.yaml"))]
    assert counts and max(counts) < pages.DAY_PAGE
