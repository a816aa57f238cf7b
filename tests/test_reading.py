"""Reading here as on Hugging Face's Daily Papers page, and more: links out, the day's order, abstracts
that read well, citations, feeds in view. In real Chromium, on the bundled archive and on a day imported
from the Hugging Face API."""
import json
import re
import urllib.parse

import pytest

from conftest import built_once, FIXTURES, load_yaml, REPO
from generator import tex
from generator.taxonomy import load_taxonomy
from html_page import read_page

API_DAY = "2025-12-10"  # after the bundled archive's last day
MATH = {  # a third paper the API lists that day: TeX, math and a link in its abstract
    "paper": {
        "id": "2512.00002", "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}, {"name": "Grace Hopper"},
                                        {"name": "Edsger Dijkstra"}],
        "publishedAt": "2025-12-01T00:00:00.000Z", "title": "Sorting in $O(n \\log n)$ Steps, Revisited",
        "summary": "We sort ``in place'' with 95\\% fewer swaps --- and $O(n \\log n)$\ncomparisons. "
                   "Code: https://example.org/sort_~v2.",
        "upvotes": 7, "githubRepo": "https://github.com/example/sort"},
    "publishedAt": f"{API_DAY}T10:00:00.000Z",
}


@pytest.fixture(scope="session")
def reading(tmp_path_factory):
    """The bundled archive and a day from the API, built."""
    def make(p):
        import shutil
        shutil.copytree(REPO / "digests", p.digests)
        listing = json.loads((FIXTURES / "api/2025-11-18.json").read_text()) + [MATH]
        source = p.root / f"{API_DAY}.json"
        source.write_text(json.dumps(listing))
        p.ok("import", str(source))
        p.ok("build")
    return built_once(tmp_path_factory, "reading", make)


def test_a_paper_with_an_arxiv_id_links_to_arxiv_its_pdf_hugging_face_and_its_code(reading, visit):
    page, errors = visit(reading.root / "site", f"/days/{API_DAY}/")
    card = page.locator("article.dpa-paper").filter(has_text="Schema for In-Context Learning")
    links = {a.inner_text(): a.get_attribute("href") for a in card.locator(".dpa-out a").all()}
    assert links == {"arXiv": "https://arxiv.org/abs/2510.13905", "PDF": "https://arxiv.org/pdf/2510.13905",
                     "Hugging Face": "https://huggingface.co/papers/2510.13905", "Code": "https://github.com/example/sa-icl"}
    assert "Pan Chen, Shaohong Chen" in card.inner_text()  # a hidden author is hidden from a Hub profile, not here
    card.locator("h2 a").click()
    page.wait_for_url("**/papers/schema-for-in-context-learning/")
    paper = page.locator("article.dpa-paper")
    assert {a.inner_text() for a in paper.locator(".dpa-out a").all()} == {"arXiv", "PDF", "Hugging Face", "Code"}
    assert paper.locator(".dpa-authors").inner_text() == "Pan Chen, Shaohong Chen"
    assert errors == []


def test_a_paper_from_page_text_links_to_searches_for_its_exact_title(bundled, visit):
    page, errors = visit(bundled.root / "site", "/papers/the-consciousness-prior/")
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator(".dpa-out a").all()}
    arxiv, hf = urllib.parse.urlsplit(links["Find on arXiv"]), urllib.parse.urlsplit(links["Find on Hugging Face"])
    assert (arxiv.scheme, arxiv.netloc, hf.scheme, hf.netloc) == ("https", "arxiv.org", "https", "huggingface.co")
    assert urllib.parse.parse_qs(arxiv.query)["query"] == ['"The Consciousness Prior"']
    assert urllib.parse.parse_qs(hf.query)["q"] == ['"The Consciousness Prior"']
    assert errors == []


def test_only_http_links_reach_a_page(reading):
    hrefs = [h for p in (reading.root / "site").glob("**/index.html") for h, _ in read_page(p).links]
    assert hrefs and not [h for h in hrefs if re.match(r"[a-z]+:", h) and not h.startswith(("https:", "http:"))]


def test_a_card_names_its_first_authors_and_a_page_all(reading):
    card = read_page(reading.root / f"site/days/{API_DAY}/index.html").text
    assert "Ada Lovelace, Alan Turing, Grace Hopper et al." in card and "Dijkstra" not in card
    paper = read_page(reading.root / "site/papers/sorting-in-o-n-log-n-steps-revisited/index.html").text
    assert "Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra" in paper


def test_a_day_lists_its_most_upvoted_papers_first_and_eight_fit_a_laptop_screen(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    page.set_viewport_size({"width": 1280, "height": 800})
    votes = [int(v.split()[0]) for v in page.locator("article.dpa-paper .dpa-meta strong:not(.dpa-withdrawn)").all_inner_texts()]
    assert len(votes) > 70 and votes == sorted(votes, reverse=True) and votes[0] > votes[-1]  # one has no count
    # Ties keep the page's order: the digest lists these two 0-upvote papers in this order.
    titles = page.locator("article.dpa-paper h2").all_inner_texts()
    listed = [tex.text(p["title"]) for p in load_yaml((REPO / "digests/2025-11-18.yaml").read_text())["papers"]]
    zero = [t for t, v in zip(titles, votes) if v == 0]
    assert len(zero) > 2 and zero == sorted(zero, key=listed.index)
    on_screen = page.evaluate("""[...document.querySelectorAll('article.dpa-paper')]
        .filter((a) => a.getBoundingClientRect().bottom <= innerHeight).length""")
    assert on_screen >= 8
    bottom = page.locator("nav.dpa-daynav").last
    assert bottom.get_by_role("link", name="← 31 Oct 2025").is_visible()  # the previous day at the bottom too
    assert errors == []


def test_an_abstract_opens_in_place_from_a_light_control(bundled, visit):
    page, errors = visit(bundled.root / "site", "/days/2025-11-18/")
    card = page.locator("article.dpa-paper").first
    summary = card.locator("summary")
    assert summary.bounding_box()["width"] < 200  # a link-like control, not a bar across the card
    summary.click()
    card.locator("details[data-state='loaded']").wait_for()
    assert card.locator("details p").inner_text().startswith("The computational challenges of Large Language Model (LLM) inference")
    assert errors == []


def test_the_home_page_lists_the_latest_papers_with_their_upvotes(bundled):
    home = read_page(bundled.root / "site/index.html").text
    assert re.search(r"Verbalized Sampling: How to Mitigate Mode Collapse and Unlock LLM Diversity \d+ upvotes?", home)


def test_abstracts_read_as_typeset_with_math_and_links(reading, visit):
    page, errors = visit(reading.root / "site", "/papers/sorting-in-o-n-log-n-steps-revisited/")
    abstract = page.locator(".dpa-abstract")
    abstract.locator(".katex").first.wait_for()  # KaTeX, fetched because the page has math
    text = abstract.inner_text()
    assert "We sort “in place” with 95% fewer swaps — and" in text and "\\%" not in text and "``" not in text
    link = abstract.get_by_role("link")
    assert link.get_attribute("href") == "https://example.org/sort_~v2" and link.inner_text() == "https://example.org/sort_~v2"
    assert link.get_attribute("rel") == "nofollow noopener"
    style = abstract.evaluate("(p) => [getComputedStyle(p).textAlign, p.getBoundingClientRect().width, "
                              "parseFloat(getComputedStyle(p).fontSize)]")
    assert style[0] in ("left", "start") and style[1] / style[2] < 45  # about 75 characters a line
    stored = (reading.digests / f"{API_DAY}.yaml").read_text()
    assert "95\\% fewer swaps" in stored  # the digest keeps what arXiv gave
    assert errors == []


def test_math_is_typeset_in_an_abstract_opened_on_a_day_page_and_katex_loads_only_there(reading, visit):
    page, errors = visit(reading.root / "site", f"/days/{API_DAY}/")
    card = page.locator("article.dpa-paper").filter(has_text="Revisited")
    card.locator("h2 .katex").first.wait_for()  # its title has math, so KaTeX comes with the page
    card.locator("summary").click()
    card.locator("details .katex").first.wait_for()
    other, _ = visit(reading.root / "site", "/papers/the-consciousness-prior/")
    assert other.locator("script[src*='math.js'], link[href*='katex']").count() == 0
    assert errors == []


def test_every_paper_page_offers_its_bibtex_to_copy_and_to_download(reading, visit):
    page, errors = visit(reading.root / "site", "/papers/schema-for-in-context-learning/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entry = page.locator("pre.dpa-bib").inner_text()
    assert entry.startswith("@misc{schema-for-in-context-learning,") and "eprint = {2510.13905}" in entry
    page.get_by_role("button", name="Copy BibTeX").click()
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == entry
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .bib").click()
    assert download.value.suggested_filename == "schema-for-in-context-learning.bib"
    assert open(download.value.path(), encoding="utf-8").read() == entry
    assert errors == []


def test_feeds_are_linked_where_readers_look(bundled):
    for address, feed in [("", "feeds/archive.xml"), ("archive/", "../feeds/archive.xml"),
                          ("tags/attention/", "../../feeds/tags/attention.xml")]:
        page = read_page(bundled.root / "site" / address / "index.html")
        assert (feed, "Atom feed of " + ("this tag's new papers" if "tags" in address else "every new day")) in page.links
        assert (bundled.root / "site" / address / feed).resolve().is_file()


def test_tags_are_listed_largest_first_and_a_tag_shows_each_papers_day(bundled):
    counts = [int(n) for n in re.findall(r'<span class="dpa-count">(\d+)</span>',
                                         (bundled.root / "site/tags/index.html").read_text())]
    assert len(counts) == len(load_taxonomy(REPO / "tags.yaml")) and counts == sorted(counts, reverse=True)
    tag = read_page(bundled.root / "site/tags/in-context-learning/index.html")
    days = [t for h, t in tag.links if h.startswith("../../days/")]
    assert days and all(re.fullmatch(r"Featured \d+ \w{3} 2025", t) for t in days)


@pytest.mark.parametrize("log", [False, True])
def test_make_serve_serves_like_the_host_and_prints_a_line_per_request_only_when_asked(bundled, log, capfd):
    import threading
    import urllib.error
    import urllib.request
    from generator.serve import site_server
    server = site_server(bundled.root / "site", "127.0.0.1", 0, log)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert urllib.request.urlopen(f"{base}/days/2025-11-18/").status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/papers/2510.13905/")  # an arXiv-id address: the 404 page leads on
        assert missing.value.code == 404 and b"api/arxiv/" in missing.value.read()
    finally:
        server.shutdown()
        server.server_close()
    printed = capfd.readouterr().err  # the whole process's: match these requests' own lines, not any "404"
    assert ('"GET /days/2025-11-18/ HTTP/1.1" 200' in printed) is log
    assert ('"GET /papers/2510.13905/ HTTP/1.1" 404' in printed) is log


def test_an_organisation_links_to_its_page_which_lists_its_papers(reading, visit):
    page, errors = visit(reading.root / "site", f"/days/{API_DAY}/")
    card = page.locator("article.dpa-paper").filter(has_text="A Paper Only The API Lists")
    card.get_by_role("link", name="Apple", exact=True).click()
    page.wait_for_url("**/orgs/apple/")
    assert page.locator("h1").inner_text() == "Apple"
    titles = page.locator("article.dpa-paper h2").all_inner_texts()
    # The bundled archive's Apple paper and the API's, newest first.
    assert titles[0] == "A Paper Only The API Lists" and len(titles) == 2
    page.get_by_role("link", name="All organisations").click()
    page.wait_for_url("**/orgs/")
    assert page.locator("ul.dpa-taglist li").first.inner_text().startswith("Apple 2")  # most papers first
    assert errors == []


def test_an_organisations_page_stays_when_a_later_digest_names_another(project, tmp_path):
    listing = json.loads((FIXTURES / "api/2025-11-18.json").read_text())
    project.ok("import", str(FIXTURES / "api/2025-11-18.json"))
    listing[1]["paper"]["organization"] = {"name": "apple-research", "fullname": "Apple Research"}  # a renamed account
    later = tmp_path / "2025-11-25.json"
    later.write_text(json.dumps(listing))
    project.ok("import", str(later))
    project.ok("build")
    old = read_page(project.root / "site/orgs/apple/index.html")
    assert old.h1 == ["Apple"] and "0 papers" in old.text  # its address was published: it stays
    assert read_page(project.root / "site/orgs/apple-research/index.html").h1 == ["Apple Research"]
