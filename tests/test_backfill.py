"""`fetch` over many days against a local server that plays the Hugging Face API with real-shaped
listings: a backfill of a range, killed and resumed, and the daily run that catches up and lets the
last week's counts settle. The tests never reach the network."""
import datetime as dt
import http.server
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable

import pytest

from benchmarks.listings import listing
from conftest import load_yaml, Project, REPO
from generator import backfill, fetch
from generator.slugs import org_slug

SINCE, UNTIL = dt.date(2025, 9, 1), dt.date(2025, 10, 31)  # 61 days, 16 of them weekends


class FakeApi:
    """/api/daily_papers?date=… answered from `items(day)`; `fault(day, n)` may answer the n-th request
    of a day instead (a status, headers and body), or stall. Records every request."""

    def __init__(self, items: Callable[[dt.date], list], fault=lambda day, n: None):
        self.items, self.fault = items, fault
        self.asked: list[tuple[dt.date, float]] = []
        self.stall = threading.Event()  # set when the test ends: a stalled answer gives up then
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                day = dt.date.fromisoformat(urllib.parse.parse_qs(url.query)["date"][0])
                api.asked.append((day, time.monotonic()))
                answer = api.fault(day, sum(d == day for d, _ in api.asked))
                if answer == "stall":
                    api.stall.wait(30)
                    return
                code, headers, body = answer or (200, {}, json.dumps(api.items(day)).encode())
                self.send_response(code)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def days_asked(self) -> list[dt.date]:
        return [day for day, _ in self.asked]

    def close(self):
        self.stall.set()
        self.server.shutdown()


@pytest.fixture
def serve_api():
    started = []

    def start(*args, **kwargs) -> FakeApi:
        started.append(FakeApi(*args, **kwargs))
        return started[-1]
    yield start
    for api in started:
        api.close()


@pytest.fixture(autouse=True)
def short_pauses(monkeypatch):
    """fetch's retries, with pauses short enough for a test (the command runs in this process)."""
    monkeypatch.setattr(fetch, "PATIENCE", fetch.Patience(backoff_s=0.05))


YESTERDAY = dt.date(2026, 6, 30)


@pytest.fixture
def ago(monkeypatch):
    """The daily run's yesterday, fixed (so no test straddles midnight): ago(n) is n days before it."""
    monkeypatch.setattr(backfill, "yesterday", lambda: YESTERDAY)
    return lambda n: YESTERDAY - dt.timedelta(days=n)


def held(project: Project) -> dict[dt.date, list[dict]]:
    """Each digest's papers, by day."""
    return {dt.date.fromisoformat(p.stem): load_yaml(p.read_text())["papers"]
            for p in sorted(project.digests.glob("????-??-??.yaml"))}


def ids(papers: list[dict]) -> list[str]:
    return [p["arxiv_id"] for p in papers]


def listed_ids(day: dt.date) -> list[str]:
    return [item["paper"]["id"] for item in listing(day)]


def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5]


# 1. A backfill of a range.

RATE_LIMITED, FAILING, STALLING = dt.date(2025, 9, 10), dt.date(2025, 9, 17), dt.date(2025, 10, 8)


def flaky(day: dt.date, n: int):
    """One 429 asking for a second's wait, one 500, and one answer that stalls past --timeout."""
    if n == 1 and day == RATE_LIMITED:
        return 429, {"Retry-After": "1"}, b'{"error": "rate limited"}'
    if n == 1 and day == FAILING:
        return 500, {}, b"Internal Server Error"
    if n == 1 and day == STALLING:
        return "stall"
    return None


def test_a_backfill_imports_every_day_of_the_range_exactly_as_listed(project, serve_api):
    api = serve_api(listing, flaky)
    out = project.ok("fetch", "--since", str(SINCE), "--until", str(UNTIL), "--api-url", api.url, "--timeout", "1")

    days = weekdays(SINCE, UNTIL)
    digests = held(project)
    assert list(digests) == days  # every weekday once, no file for a weekend
    assert all(ids(digests[day]) == listed_ids(day) for day in days)
    papers = sum(len(listed_ids(day)) for day in days)
    assert f"fetched {len(days)} days ({papers:,} papers: {papers:,} new, 0 known), 16 empty, 0 failed" in out

    asked = defaultdict(list)
    for day, when in api.asked:
        asked[day].append(when)
    assert list(asked) == [SINCE + dt.timedelta(days=n) for n in range(61)]  # each day in turn
    assert len(asked[RATE_LIMITED]) == 2 and asked[RATE_LIMITED][1] - asked[RATE_LIMITED][0] >= 1  # Retry-After
    assert len(asked[FAILING]) == 2 and len(asked[STALLING]) == 2
    assert all(len(times) == 1 for day, times in asked.items() if day not in (RATE_LIMITED, FAILING, STALLING))
    project.ok("check")

    api.asked.clear()
    again = project.ok("fetch", "--since", str(SINCE), "--until", str(UNTIL), "--api-url", api.url)
    assert all(day.weekday() >= 5 for day in api.days_asked())  # no day it holds: only the empty ones
    assert "fetched 0 days (0 papers: 0 new, 0 known), 16 empty, 0 failed" in again


def test_refresh_fetches_held_days_again_and_takes_the_newer_answer(project, serve_api):
    until = SINCE + dt.timedelta(days=6)
    first = serve_api(every_day(1))
    project.ok("fetch", "--since", str(SINCE), "--until", str(until), "--api-url", first.url)
    before = held(project)
    later = serve_api(every_day(2))
    out = project.ok("fetch", "--since", str(SINCE), "--until", str(until), "--refresh", "--api-url", later.url)
    assert later.days_asked() == [SINCE + dt.timedelta(days=n) for n in range(7)]
    assert ": 14 new," in out  # two papers listed late on each of the seven days
    assert_settled(before, held(project), list(before))


def test_a_day_that_keeps_failing_is_reported_and_the_run_goes_on(project, serve_api):
    api = serve_api(listing, lambda day, n: (503, {}, b"busy") if day == FAILING else None)
    result = project.run("fetch", "--since", "2025-09-15", "--until", "2025-09-19", "--api-url", api.url)
    assert result.code == 1
    assert result.err == f"error: {api.url}/api/daily_papers?date=2025-09-17: the API answered 503 Service " \
                         "Unavailable; try again later, or check --api-url\n"
    assert "fetched 4 days" in result.out and "1 failed (2025-09-17): run the same command again" in result.out
    assert api.days_asked().count(FAILING) == fetch.PATIENCE.attempts
    assert FAILING not in held(project) and len(held(project)) == 4


def test_a_long_retry_after_stops_the_run_politely(project, serve_api):
    api = serve_api(listing, lambda day, n: (429, {"Retry-After": "3600"}, b"") if day == FAILING else None)
    result = project.run("fetch", "--since", "2025-09-15", "--until", "2025-09-19", "--api-url", api.url)
    assert result.code == 1 and "the API asks to wait 3600 s before the next request" in result.err
    assert api.days_asked() == [dt.date(2025, 9, 15), dt.date(2025, 9, 16), FAILING]  # nothing after it
    assert "stopped early (the API asked for a break)" in result.out
    assert list(held(project)) == [dt.date(2025, 9, 15), dt.date(2025, 9, 16)]


def test_a_run_stops_once_three_days_in_a_row_have_failed(project, serve_api):
    api = serve_api(listing, lambda day, n: (502, {}, b"down") if day >= FAILING else None)
    result = project.run("fetch", "--since", "2025-09-15", "--until", "2025-09-30", "--api-url", api.url)
    assert result.code == 1 and len(result.err.splitlines()) == 3
    assert sorted(set(api.days_asked())) == [dt.date(2025, 9, n) for n in (15, 16, 17, 18, 19)]
    assert "3 failed (2025-09-17, 2025-09-18, 2025-09-19)" in result.out
    assert "stopped early (3 days failed in a row)" in result.out


def test_a_killed_backfill_keeps_what_it_fetched_and_a_rerun_goes_on(project, serve_api):
    kill_at = dt.date(2025, 9, 24)
    api = serve_api(listing, lambda day, n: "stall" if day == kill_at and n == 1 else None)
    args = ["fetch", "--since", str(SINCE), "--until", str(UNTIL), "--api-url", api.url, "--timeout", "20"]
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project.root), *args], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while kill_at not in api.days_asked() and time.monotonic() < deadline:  # killed while it waits on that day
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(held(project)) == weekdays(SINCE, kill_at - dt.timedelta(days=1))

    before = len(api.asked)  # kept, not cleared: the stalled day's next request is answered
    project.ok(*args)
    rerun = api.days_asked()[before:]
    assert kill_at in rerun  # it went on from where it was killed, asking no day it held
    assert not set(rerun) & set(weekdays(SINCE, kill_at - dt.timedelta(days=1)))
    digests = held(project)
    assert list(digests) == weekdays(SINCE, UNTIL)
    every = [i for papers in digests.values() for i in ids(papers)]
    assert len(every) == len(set(every)) == sum(len(listed_ids(day)) for day in weekdays(SINCE, UNTIL))
    project.ok("check")


def test_fetch_refuses_a_range_it_cannot_take(project):
    for args, expected in [
        (["--since", "2025-09-10", "--until", "2025-09-01"], "error: --until: 2025-09-01 is before --since 2025-09-10"),
        (["--until", "2025-09-01"], "error: --until: goes with --since"),
        (["--refresh"], "error: --refresh: goes with --since"),
        (["--date", "2025-09-01", "--since", "2025-09-01"], "error: --date: fetches one day"),
        (["--since", "2025-13-01"], "error: --since: '2025-13-01' is not a date"),
        (["--since", "2025-09-01", "--until", "2999-01-01"], "error: --until: 2999-01-01 has not begun yet"),
        (["--date", "2999-01-01"], "error: --date: 2999-01-01 has not begun yet"),
    ]:
        result = project.run("fetch", *args, "--api-url", "http://127.0.0.1:9")
        assert result.code == 1 and result.err.startswith(expected), result.err
    assert not project.digests.exists()


# 2. The daily run.

def every_day(version: int) -> Callable[[dt.date], list]:
    """Real-shaped papers on every day, weekends too (so the test means the same on any weekday),
    as the API answers them `version` times later: a day's list grows and its counts rise."""
    base = dt.date(2024, 1, 1)  # a Monday: each day maps to a weekday of its own

    def items(day: dt.date) -> list:
        n = (day - base).days
        papers = listing(base + dt.timedelta(days=n // 5 * 7 + n % 5))
        papers = papers[: len(papers) - 2] if version == 1 else papers  # two papers listed late
        return [{**item, "paper": {**item["paper"], "upvotes": item["paper"]["upvotes"] + 10 * (version - 1),
                                   "ai_summary": f"Corrected {version}: {item['paper']['ai_summary']}"}}
                for item in papers]
    return items


def assert_settled(before: dict, after: dict, days: list[dt.date]) -> None:
    """The days, fetched again: the late papers added, counts risen, the corrected summary taken, slugs kept."""
    for day in days:
        assert ids(after[day]) == [item["paper"]["id"] for item in every_day(2)(day)]
        old = {p["arxiv_id"]: p for p in before[day]}
        assert len(old) == len(after[day]) - 2
        for paper in after[day]:
            if paper["arxiv_id"] in old:
                assert paper["slug"] == old[paper["arxiv_id"]]["slug"]
                assert paper["upvotes"] == old[paper["arxiv_id"]]["upvotes"] + 10
                assert paper["ai_summary"].startswith("Corrected 2: ")


def test_the_daily_run_catches_up_missed_days_and_settles_the_last_week(project, serve_api, ago):
    first = serve_api(every_day(1))
    project.ok("fetch", "--since", str(ago(12)), "--until", str(ago(5)), "--api-url", first.url)
    before = held(project)

    later = serve_api(every_day(2))
    out = project.ok("fetch", "--api-url", later.url)
    # Every day of the last thirty it lacks (the four missed days and yesterday among them), then
    # the held days of the last week again.
    assert later.days_asked() == [ago(n) for n in range(29, 12, -1)] + [ago(n) for n in range(4, -1, -1)] \
        + [ago(6), ago(5)]
    assert "fetched 24 days" in out
    after = held(project)
    assert set(after) == {ago(n) for n in range(30)}
    assert_settled(before, after, [ago(6), ago(5)])
    for n in range(7, 13):  # older days are not asked again
        assert after[ago(n)] == before[ago(n)]
    project.ok("check")


def test_a_day_the_daily_run_failed_on_is_fetched_by_the_next(project, serve_api, ago):
    flaky = serve_api(every_day(1), lambda day, n: (500, {}, b"oops") if day == ago(3) else None)
    assert project.run("fetch", "--api-url", flaky.url).code == 1
    assert ago(3) not in held(project) and ago(2) in held(project)
    fixed = serve_api(every_day(1))
    project.ok("fetch", "--api-url", fixed.url)
    assert fixed.days_asked()[0] == ago(3) and ago(3) in held(project)


def test_the_daily_run_looks_back_thirty_days_at_most_and_says_what_it_leaves(project, serve_api, ago):
    old = serve_api(every_day(1))
    project.ok("fetch", "--date", str(ago(40)), "--api-url", old.url)
    api = serve_api(lambda day: [])
    result = project.run("fetch", "--api-url", api.url)
    assert result.code == 0 and api.days_asked() == [ago(n) for n in range(29, -1, -1)]
    assert result.err == f"note: digests/ holds nothing from {ago(39)} to {ago(30)}, before the 30 days the " \
                         f"daily run looks back: fetch them with --since {ago(39)}\n"


def test_a_day_the_store_refuses_is_a_failed_day_and_the_run_goes_on(project, serve_api, tmp_path):
    """A listing naming an organisation by another's address (here that of a handle page text gave)
    is refused whole; the days after it are fetched, and the refused day is asked for again next time."""
    page = tmp_path / "2025-09-12.txt"
    page.write_text("Daily Papers\n\nSep 12\n\nA Paper From Bangs\n\nAn abstract.\n\n!!! Bangs\n·\nSep 1\n")
    project.ok("import", str(page))
    squatter, refused = org_slug("!!!"), dt.date(2025, 9, 15)

    def items(day):
        listed = listing(day)
        if day == refused:
            listed[0] = {**listed[0], "paper": {**listed[0]["paper"],
                                                "organization": {"name": squatter, "fullname": "Squatter"}}}
        return listed
    api = serve_api(items)
    result = project.run("fetch", "--since", str(refused), "--until", "2025-09-17", "--api-url", api.url)
    assert result.code == 1 and f"organisation '{squatter}' would have the address orgs/{squatter}/ of '!!!'" \
        in result.err and len(result.err.splitlines()) == 1
    assert "fetched 2 days" in result.out and "1 failed (2025-09-15)" in result.out
    assert refused not in held(project) and dt.date(2025, 9, 17) in held(project)
