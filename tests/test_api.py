"""The API importer and the daily fetch, against a local server that plays the Hugging Face API."""
import datetime as dt
import json
import http.server
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, load_yaml, SEEDS
from generator import fetch
from html_page import read_page

LISTING = FIXTURES / "api" / "2025-11-18.json"


def papers(project, day):
    return {p["title"]: p for p in load_yaml((project.digests / f"{day}.yaml").read_text())["papers"]}


def test_json_listing_fields(project):
    out = project.ok("import", str(LISTING))
    assert "2025-11-18: 2 papers read from 2025-11-18.json, 2 new" in out
    got = papers(project, "2025-11-18")
    schema = got["Schema for In-Context Learning"]
    assert schema["arxiv_id"] == "2510.13905" and schema["author_names"] == ["Pan Chen", "Shaohong Chen"]
    assert schema["authors"] == 2 and schema["upvotes"] == 12 and str(schema["published"]) == "2025-10-14"
    assert schema["ai_summary"].startswith("SA-ICL") and schema["keywords"] == ["in-context learning", "schema"]
    assert schema["github"] == "https://github.com/example/sa-icl"
    assert (schema["comments"], schema["submitted_by"]) == (2, "someone")
    assert schema["thumbnail"] == "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.13905.png"
    only = got["A Paper Only The API Lists"]
    assert only["organization"] == {"handle": "apple", "name": "Apple"}
    assert str(only["withdrawn"]) == "2025-11-20"
    assert "project_page" not in only and "thumbnail" not in only  # a javascript: URL is never kept


def test_a_page_text_paper_is_matched_by_title_keeps_its_url_and_is_enriched(project):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    registry = load_yaml((project.digests / "slugs.yaml").read_text())
    assert registry["schema-for-in-context-learning"] == ["title:schema for in-context learning"]
    out = project.ok("import", str(LISTING))
    assert "1 new, 1 already known" in out
    assert papers(project, "2025-11-18")["Schema for In-Context Learning"]["slug"] == "schema-for-in-context-learning"
    registry = load_yaml((project.digests / "slugs.yaml").read_text())
    assert registry["schema-for-in-context-learning"] == ["arxiv:2510.13905", "title:schema for in-context learning"]
    project.ok("build")
    page = read_page(project.root / "site/papers/schema-for-in-context-learning/index.html")
    links = dict(page.links)
    assert links["https://arxiv.org/abs/2510.13905"] == "arXiv"
    assert links["https://arxiv.org/pdf/2510.13905"] == "PDF"
    assert links["https://huggingface.co/papers/2510.13905"] == "Hugging Face"
    assert links["https://github.com/example/sa-icl"] == "Code"
    assert "Summary written by AI" in page.text and "SA-ICL extracts schemas" in page.text
    assert "In-Context Learning (ICL) enables" in page.text  # the abstract stays the abstract
    withdrawn = read_page(project.root / "site/papers/a-paper-only-the-api-lists/index.html")
    assert "Withdrawn on 20 Nov 2025" in withdrawn.text


@pytest.mark.parametrize("body, expected", [
    ('{"not": "a list"}', "not a daily papers listing"),
    ("[{\"paper\": {\"id\": \"1\", \"summary\": \"x\"}}]", "item 1: paper.title is missing"),
    ("[{\"title\": \"no paper\"}]", "item 1 has no 'paper'"),
    ("[1, 2", "not valid JSON"),
    ("[]", "lists no papers for 2025-11-18"),
])
def test_bad_listings_are_refused(project, tmp_path, body, expected):
    path = tmp_path / "2025-11-18.json"
    path.write_text(body)
    result = project.run("import", str(path))
    assert result.code == 1 and expected in result.err and "2025-11-18.json" in result.err
    assert not project.digests.exists()


class FakeApi(http.server.BaseHTTPRequestHandler):
    """/api/daily_papers?date=D answers per day: a listing, empty, malformed, a 500, or too late;
    any other day gets the listing too."""

    def do_GET(self):
        day = self.path.split("date=")[-1]
        if day == "2025-11-18":
            self._send(200, LISTING.read_bytes())
        elif day == "2025-11-19":
            self._send(200, b"[]")
        elif day == "2025-11-20":
            self._send(200, b"<html>Bad Gateway</html>")
        elif day == "2025-11-21":
            self._send(500, b"oops")
        elif day == "2025-11-22":
            time.sleep(3)
            self._send(200, b"[]")
        else:
            self._send(200, LISTING.read_bytes())

    def _send(self, code, body):
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up waiting, as the timeout test intends
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_fetch_imports_the_days_listing(project, api):
    out = project.ok("fetch", "--date", "2025-11-18", "--api-url", api)
    assert out.endswith("\nfetched 1 day (2 papers: 2 new, 0 known), 0 empty, 0 failed\n")
    assert "2025-11-18: 2 papers read from the API" in out and "javascript:alert(1)', left out" in out  # its notes
    assert set(papers(project, "2025-11-18")) == {"Schema for In-Context Learning", "A Paper Only The API Lists"}
    before = project.snapshot()
    assert "(2 papers: 0 new, 2 known)" in project.ok("fetch", "--date", "2025-11-18", "--api-url", api)
    assert project.snapshot() == before


def test_a_day_with_no_papers_is_not_a_failure(project, api):
    """The daily fetch of a day the API lists nothing for (a weekend) says so and exits 0, so the
    workflow goes on to build; nothing is written."""
    shutil.copytree(FIXTURES.parent.parent / "digests", project.digests)
    before = project.snapshot()
    result = project.run_process("fetch", "--date", "2025-11-19", "--api-url", api, "--timeout", "2")
    assert result.code == 0, result.err
    assert result.out == "fetched 0 days (0 papers: 0 new, 0 known), 1 empty, 0 failed\n"
    assert project.snapshot() == before


@pytest.mark.usefixtures("no_retries")
@pytest.mark.parametrize("day, expected", [
    ("2025-11-20", "not valid JSON"),
    ("2025-11-21", "the API answered 500"),
    ("2025-11-22", "cannot be reached (timed out)"),
])
def test_fetch_failures_are_clear_and_touch_nothing(project, api, day, expected):
    shutil.copytree(FIXTURES.parent.parent / "digests", project.digests)
    before = project.snapshot()
    started = time.monotonic()
    result = project.run("fetch", "--date", day, "--api-url", api, "--timeout", "1")
    assert result.code == 1 and expected in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert time.monotonic() - started < 10
    assert project.snapshot() == before


@pytest.fixture
def no_retries(monkeypatch):
    """One request a day: each fault's own message, without the pauses of retrying."""
    monkeypatch.setattr(fetch, "PATIENCE", fetch.Patience(attempts=1))


def test_fetch_without_a_network_fails_clearly(project):
    result = project.run("fetch", "--date", "2025-11-18", "--api-url", "http://127.0.0.1:9", "--timeout", "2")
    assert result.code == 1 and "cannot be reached" in result.err and "--api-url" in result.err
    assert not project.digests.exists()


def test_papers_with_different_arxiv_ids_and_one_title_stay_apart(project, tmp_path):
    items = [{"paper": {"id": f"2407.0000{n}", "title": "Same Title", "summary": f"Abstract {n}."}} for n in range(5)]
    listing = tmp_path / "2025-07-02.json"
    listing.write_text(json.dumps(items))
    assert "5 papers read from 2025-07-02.json, 5 new, 0 already known" in project.ok("import", str(listing))
    slugs = [p["slug"] for p in load_yaml((project.digests / "2025-07-02.yaml").read_text())["papers"]]
    assert slugs == ["same-title", "same-title-2", "same-title-3", "same-title-4", "same-title-5"]
    # Page text (no id) with that title is still matched to a paper, not made a sixth.
    text = tmp_path / "2025-07-03.txt"
    text.write_text("Daily Papers\n\nJul 3\n\nSame Title\n\nAbstract 0.\n")
    assert "1 new" not in project.ok("import", str(text))
