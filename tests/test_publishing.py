"""Links that travel: Atom feeds, page meta for link previews, arXiv-id addresses, a JSON copy."""
import gzip
import json
import shutil

import feedparser
import pytest

from conftest import FIXTURES, REPO, built_once
from test_browser import HOSTILE

SITE_URL = "https://daily-papers-archive.github.io/"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The bundled archive with the API's listing of 2025-11-18 imported (arXiv ids known), built."""
    def make(p):
        shutil.copytree(REPO / "digests", p.digests)
        p.ok("import", str(FIXTURES / "api" / "2025-11-18.json"))
        p.ok("build")
    return built_once(tmp_path_factory, "published", make)


def meta(html: str) -> dict[str, str]:
    import re
    from html import unescape
    return {m[0]: unescape(m[1]) for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)}


def test_archive_feed(published):
    feed = feedparser.parse((published.root / "site/feeds/archive.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.feed.title == "Daily Papers Archive"
    assert [e.link for e in feed.entries] == [f"{SITE_URL}days/{d}/" for d in
                                              ["2025-12-09", "2025-11-18", "2025-10-31", "2025-03-11", "2025-03-10"]]
    first = feed.entries[0]
    assert first.id == first.link and first.updated.startswith("2025-12-09")
    assert "Attentiveness to Answer Choices" in first.content[0].value
    assert any(link.rel == "self" for link in feed.feed.links)


def test_tag_feed_one_entry_per_paper(published):
    feed = feedparser.parse((published.root / "site/feeds/tags/in-context-learning.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "Daily Papers Archive: In-Context Learning"
    links = [e.link for e in feed.entries]
    assert len(links) == len(set(links)) > 10 and all(link.startswith(f"{SITE_URL}papers/") for link in links)
    updated = [e.updated for e in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_feeds_are_linked_from_pages(published):
    tag = (published.root / "site/tags/in-context-learning/index.html").read_text()
    assert 'type="application/atom+xml"' in tag
    assert 'href="../../feeds/tags/in-context-learning.xml"' in tag and 'href="../../feeds/archive.xml"' in tag
    assert 'href="feeds/archive.xml"' in (published.root / "site/index.html").read_text()


def test_hostile_text_in_feeds_is_escaped(hostile):
    feed = feedparser.parse((hostile.root / "site/feeds/archive.xml").read_bytes())
    assert not feed.bozo
    assert HOSTILE in feed.entries[0].content[0].value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert "<script>" not in feed.entries[0].content[0].value


@pytest.mark.parametrize("url, title, description", [
    ("papers/the-consciousness-prior", "The Consciousness Prior", "A new prior is proposed for learning"),
    ("days/2025-11-18", "Daily Papers, 18 Nov 2025", "77 papers featured in Hugging Face Daily Papers"),
    ("tags/attention", "Tag: Attention", "Attention mechanisms"),
    ("", "Daily Papers Archive", "Every Hugging Face Daily Papers digest"),
])
def test_link_preview_meta(published, url, title, description):
    html = (published.root / "site" / url / "index.html").read_text()
    tags = meta(html)
    assert tags["og:title"] == title
    assert "twitter:title" not in tags  # Twitter/X falls back to og:title
    assert tags["description"].startswith(description)  # link previews read it: no og:description repeating it
    assert "og:description" not in tags
    assert tags["og:site_name"] == "Daily Papers Archive" and tags["twitter:card"] == "summary"
    canonical = SITE_URL + (url + "/" if url else "")
    assert f'<link rel="canonical" href="{canonical}">' in html  # previews read it: no og:url repeating it


def test_hostile_title_in_meta_stays_inside_its_attribute(hostile):
    html = (hostile.root / "site/papers/title-script-alert-title-script-hostile-title/index.html").read_text()
    assert meta(html)["og:title"] == HOSTILE
    assert "<script>alert" not in html


def test_json_copy_of_the_digests(published):
    api = published.root / "site/api"
    day = json.loads(gzip.decompress((api / "days/2025-11-18.json.gz").read_bytes()))  # stored gzipped
    assert day["date"] == "2025-11-18" and len(day["papers"]) == 77  # 76 + the API-only paper
    schema = next(p for p in day["papers"] if p["slug"] == "schema-for-in-context-learning")
    assert schema["arxiv_id"] == "2510.13905" and schema["days"] == ["2025-11-18"]
    assert schema["abstract"].startswith("In-Context Learning (ICL)")
    index = json.loads((api / "papers.json").read_text())
    assert index["the-consciousness-prior"] == ["2025-03-10", "2025-03-11", "2025-10-31"]
    assert len(index) == 434  # every paper, each once
    assert json.loads((api / "arxiv/2510.json").read_text()) == {"2510.13905": "papers/schema-for-in-context-learning/"}


def test_one_json_file_per_day_not_per_paper(published):
    """A file per paper would cost a tar header each of GitHub Pages' 1 GB (ARCHITECTURE.md: what happens when things fail)."""
    api = published.root / "site/api"
    assert sorted(p.name for p in api.iterdir()) == ["arxiv", "days", "papers.json"]
    assert not (published.root / "site/papers/2510.13905").exists()  # the 404 page leads it to the paper


@pytest.mark.parametrize("path", ["/papers/2510.13905/", "/papers/2510.13905v2/", "/2510.13905",
                                  "/abs/2510.13905v1", "/arXiv:2510.13905"])
def test_arxiv_id_addresses_lead_to_the_paper(published, visit, path):
    page, errors = visit(published.root / "site", path)
    page.wait_for_url("**/papers/schema-for-in-context-learning/")
    assert page.locator("h1").inner_text() == "Schema for In-Context Learning"
    assert [e for e in errors if "404" not in e] == []  # the 404 status itself is logged by Chromium


def test_an_unknown_id_stays_on_the_404_page_and_links_to_arxiv(published, visit):
    page, errors = visit(published.root / "site", "/papers/2501.99999/")
    note = page.locator("[data-dpa-arxiv-lookup]")
    note.locator("a[href='https://arxiv.org/abs/2501.99999']").wait_for()  # the lookup has answered
    assert "no paper with that arXiv id" in note.inner_text()
    assert page.url.endswith("/papers/2501.99999/") and page.locator("h1").inner_text() == "404 - Page not found"
    assert page.title() == "Page not found - Daily Papers Archive"
    assert [e for e in errors if "404" not in e] == []
