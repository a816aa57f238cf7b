"""Faults readers would meet: feed entries that share one timestamp, text XML forbids in a feed,
and a search index that failed to load once and so never again until the page was reloaded."""
import functools
import http.server
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET

import feedparser
import pytest

from conftest import SEEDS
from generator.serve import SiteHandler

ATOM = "{http://www.w3.org/2005/Atom}"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LOAD_FAILED = "Search could not load; type again to retry"


def test_each_entry_of_a_tag_feed_has_its_own_updated_in_the_feeds_order(bundled):
    site = bundled.root / "site"
    sharing = 0  # feeds in which several papers were last featured on one day
    for path in sorted((site / "feeds" / "tags").glob("*.xml")):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path.name, feed.bozo_exception)
        stamps = [e.updated_parsed for e in feed.entries]
        assert len({e.updated for e in feed.entries}) == len(feed.entries), path.name
        assert stamps == sorted(stamps, reverse=True), path.name
        assert feed.feed.updated == feed.entries[0].updated, path.name
        days = []
        featured = json.loads((site / "api" / "papers.json").read_text())  # slug -> days
        for entry in feed.entries:  # each stamp is on the day its paper was last featured
            slug = entry.link.rstrip("/").rsplit("/", 1)[1]
            days.append(featured[slug][-1])
            assert entry.updated.startswith(days[-1] + "T00:00:"), (path.name, entry.updated, days[-1])
        sharing += len(days) > len(set(days))
    assert sharing > 10
    archive = feedparser.parse((site / "feeds" / "archive.xml").read_bytes())
    assert [e.updated for e in archive.entries][:2] == ["2025-12-09T00:00:00Z", "2025-11-18T00:00:00Z"]
    assert archive.feed.updated == "2025-12-09T00:00:00Z"


def test_one_days_papers_get_stamps_that_are_the_same_in_every_build(project):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    project.ok("build")
    first = project.snapshot("site/feeds")
    feed = feedparser.parse(first["tags/large-language-models.xml"])
    stamps = [e.updated for e in feed.entries]  # one day's papers, in that day's order
    assert len(stamps) > 10 and stamps[0] == "2025-11-18T00:00:49Z" and stamps[1] == "2025-11-18T00:00:48Z"
    assert len(set(stamps)) == len(stamps) and stamps == sorted(stamps, reverse=True)
    assert all(s.startswith("2025-11-18T00:00:") for s in stamps)
    for folder in ("site", "docs/feeds"):
        shutil.rmtree(project.root / folder)
    project.ok("build")
    assert project.snapshot("site/feeds") == first


def test_no_character_that_xml_forbids_reaches_a_feed(project):
    """The store cleans a digest's text as it loads it; tags.yaml's is taken as written. Either way
    every feed must stay XML that a reader can parse."""
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    digest = project.digests / "2025-11-18.yaml"
    text = digest.read_text()
    assert "  title: Schema for In-Context Learning\n" in text
    digest.write_text(text.replace("  title: Schema for In-Context Learning\n",
                                   '  title: "A\\ufffeB\\uffffC"\n', 1))
    taxonomy = project.root / "tags.yaml"
    text = taxonomy.read_text()
    description = "  description: Prompt design, prompt tuning and how wording changes what models do.\n"
    assert description in text
    taxonomy.write_text(text.replace(description,
                                     '  description: "Prompt\\uffff design,\\x01prompt tuning\\ufffe."\n'))
    project.ok("build")
    feeds = sorted((project.root / "site" / "feeds").rglob("*.xml"))
    assert len(feeds) > 10
    for path in feeds:
        text = path.read_text(encoding="utf-8")
        assert not NOT_XML.search(text), path.name
        ET.fromstring(path.read_bytes())  # raises on anything that is not well-formed XML
    feed = ET.parse(project.root / "site" / "feeds" / "tags" / "prompting.xml").getroot()
    assert feed.findtext(f"{ATOM}subtitle") == "Prompt design, prompt tuning."
    titles = [e.findtext(f"{ATOM}title") for path in feeds for e in ET.parse(path).getroot().iter(f"{ATOM}entry")
              if e.findtext(f"{ATOM}id").endswith("/papers/schema-for-in-context-learning/")]
    assert titles and all("".join(title.split()) == "ABC" for title in titles)  # in whichever tag's feed it is


class Flaky:
    """A server of a copy of the site that answers 503 for one file while `failing` is set."""

    def __init__(self, site, failing_path: str):
        self.failing = threading.Event()
        self.failing.set()
        self.requests: list[tuple[str, int]] = []  # (path, status) of the failing path's requests
        flaky = self

        class Handler(SiteHandler):
            def do_GET(self):
                if self.path.split("?")[0] == failing_path:
                    flaky.requests.append((self.path, 503 if flaky.failing.is_set() else 200))
                    if flaky.failing.is_set():
                        self.send_error(503)
                        return
                super().do_GET()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def flaky_site(bundled, tab, tmp_path):
    """open(failing_path, path) -> (page, server, errors): a page of the bundled site, served with
    failing_path answering 503 until server.failing is cleared."""
    shutil.copytree(bundled.root / "site", tmp_path / "site")
    servers = []

    def open_page(failing_path: str, path: str):
        server = Flaky(tmp_path / "site", failing_path)
        servers.append(server)
        page, errors = tab(record=("pageerror", "console"))
        page.set_default_timeout(10_000)
        page.goto(server.url + path, wait_until="load")
        return page, server, errors

    yield open_page
    for server in servers:
        server.server.shutdown()
        server.server.server_close()


def unexpected(errors: list[str]) -> list[str]:
    """Errors besides Chromium's own note of each 503 answer."""
    return [e for e in errors if "503" not in e]


@pytest.mark.parametrize("failing", ["/search-index/manifest.json", "/search-index/lunr.js",
                                     "/javascripts/search-engine.js"])
def test_the_header_search_tries_again_after_the_index_failed_to_load(flaky_site, failing):
    page, server, errors = flaky_site(failing, "/days/2025-11-18/")
    page.keyboard.press("/")  # the shortcut focuses the header box and starts loading the index
    page.keyboard.type("consciousness")
    meta = page.locator(".md-search .md-search-result__meta")
    page.wait_for_function(f"document.querySelector('.md-search .md-search-result__meta').textContent === "
                           f"{json.dumps(LOAD_FAILED)}")
    assert meta.is_visible()
    assert page.locator(".md-search__output .md-search-result__item").count() == 0
    assert server.requests and all(status == 503 for _, status in server.requests)

    server.failing.clear()  # the server is back: the next keystroke loads the index
    page.keyboard.type(" prior")
    titles = page.locator(".md-search__output .dpa-result__title")
    # Results come as the reader types: wait for those of the whole query.
    page.wait_for_function("document.querySelector('.md-search .md-search-result__list').dataset.query === "
                           "'consciousness prior'")
    assert titles.first.inner_text() == "The Consciousness Prior"
    assert server.requests[-1][1] == 200
    assert unexpected(errors) == []


def test_the_search_page_tries_again_after_the_index_failed_to_load(flaky_site):
    page, server, errors = flaky_site("/search-index/manifest.json", "/search/?q=consciousness")
    meta = page.locator(".dpa-search-page__meta")
    page.wait_for_function(
        f"document.querySelector('.dpa-search-page__meta').textContent === {json.dumps(LOAD_FAILED)}")
    assert meta.is_visible()
    server.failing.clear()
    page.locator(".dpa-search-page__query").press("End")
    page.keyboard.type(" prior")
    page.wait_for_function("document.querySelector('.dpa-search-page__results').dataset.query === 'consciousness prior'")
    assert page.locator(".dpa-search-page__results .dpa-result__title").first.inner_text() == \
        "The Consciousness Prior"
    page.locator("select[name=tag]").focus()  # the filters' choices load once the index does
    page.wait_for_function("document.querySelectorAll('select[name=tag] option').length > 10")
    assert page.url.endswith("/search/?q=consciousness+prior")
    assert unexpected(errors) == []
