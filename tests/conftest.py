"""Shared fixtures: a scratch project, the real command line, a real built site, real Chromium."""
from __future__ import annotations

import fcntl
import functools
import json
import os
import http.server
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.project import scaffold
from generator.serve import site_server

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The bundled archive: seed file -> its day (digests/README.md says why 004 is 2025-03-10).
SEED_DAYS = {
    "000_04d1aa04de2bd716.txt": "2025-11-18",
    "001_dc2955ea02dcb850.txt": "2025-12-09",
    "002_8ab6e94608b8bff3.txt": "2025-03-11",
    "003_be81b5dcf9d38130.txt": "2025-10-31",
    "004_3c1f7518a6081a0f.txt": "2025-03-10",
}


def load_yaml(text: str | bytes) -> object:
    """YAML as yaml.safe_load reads it, through libyaml as the store reads digests (many times faster)."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Project:
    """A scratch copy of the project's hand-written parts, driven through the real CLI."""

    root: Path

    def run(self, *args: str) -> Result:
        """The command, in this process (click's runner): what a maintainer sees, minus the start-up.
        Anything but a clean exit is re-raised, so a traceback fails the test that caused it."""
        result = CliRunner().invoke(main, ["--project", str(self.root), *args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    def run_process(self, *args: str) -> Result:
        """The command as its own process, exactly as typed: for the few end-to-end runs."""
        proc = subprocess.run([sys.executable, "-m", "generator", "--project", str(self.root), *args],
                              cwd=REPO, capture_output=True, text=True)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.code == 0, result.err
        return result.out

    def import_seeds(self) -> None:
        """The Makefile's `make digests`, each import its own process as there."""
        for name, day in SEED_DAYS.items():
            result = self.run_process("import", str(SEEDS / name), "--date", day)
            assert result.code == 0, result.err

    @property
    def digests(self) -> Path:
        return self.root / "digests"

    def snapshot(self, folder: str = "digests") -> dict[str, bytes]:
        base = self.root / folder
        return {str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()} \
            if base.exists() else {}


def new_project(root: Path) -> Project:
    return Project(scaffold(REPO, root).root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return new_project(tmp_path)


def built_once(tmp_path_factory, name: str, make: Callable[[Project], None]) -> Project:
    """A project made by make() once for the whole test run, shared by pytest-xdist's workers too
    (the first to arrive makes it, under a lock; the others wait and read it). Tests only read it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(new_project(folder))
            done.touch()
    return Project(folder)


@pytest.fixture(scope="session")
def bundled(tmp_path_factory) -> Project:
    """The bundled archive (the committed digests), generated and built with real MkDocs."""
    def make(p: Project) -> None:
        shutil.copytree(REPO / "digests", p.digests)
        p.ok("build")
    return built_once(tmp_path_factory, "bundled", make)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Project:
    """An archive whose digest tries every injection we know of, built with real MkDocs."""
    def make(p: Project) -> None:
        p.ok("import", str(FIXTURES / "hostile.txt"), "--date", "2025-06-02")
        p.ok("build")
    return built_once(tmp_path_factory, "hostile", make)


RECENT = ("2025-10-31", "2025-11-18", "2025-12-09")  # the bundled archive's newest days: 166 papers


@pytest.fixture(scope="session")
def recent(tmp_path_factory) -> Project:
    """The bundled archive's three newest days, built: small enough to build again in each test."""
    def make(p: Project) -> None:
        p.digests.mkdir()
        for name in [f"{day}.yaml" for day in RECENT] + ["slugs.yaml"]:
            shutil.copy(REPO / "digests" / name, p.digests / name)
        assert "(in full)" in p.ok("build")
    return built_once(tmp_path_factory, "recent", make)


# A day after `recent`'s: a paper new on it, and one of `recent`'s featured again with another abstract.
NEW_DAY = """Daily Papers

Dec 10

A Paper New On December Tenth

Its abstract, about sparse attention for language models: sparse attention, twice.

  • 4 authors
·
Dec 8 5

The Consciousness Prior

A new prior is proposed for learning representations of high-level concepts.
"""


@pytest.fixture(scope="session")
def recent_and_new_day(recent, tmp_path_factory) -> Project:
    """`recent` with NEW_DAY imported, built clean: what a daily update of NEW_DAY onto `recent` must
    equal, file for file (test_build.equals_clean_build)."""
    def make(p: Project) -> None:
        shutil.copytree(recent.digests, p.digests)
        source = p.root / "2025-12-10.txt"
        source.write_text(NEW_DAY, encoding="utf-8")
        p.ok("import", str(source))
        assert "(in full)" in p.ok("build")
    return built_once(tmp_path_factory, "recent-and-new-day", make)


@functools.cache
def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """A server for a site folder, started once and kept for the test session (threads are daemons)."""
    server = site_server(folder, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


# Errors a tab records for its test: uncaught exceptions, console errors, dialogs (always dismissed).
ERRORS = ("pageerror", "console", "dialog")
# Playwright's own defaults, which a test may change on its tab (a context's options may set the first two).
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
DEFAULT_TIMEOUT = 30_000
FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Note a test that failed, so its tabs are thrown away rather than handed to the next test."""
    outcome = yield
    if outcome.get_result().failed:
        item.stash[FAILED] = True


class Tab:
    """A browser context with one page, kept for the worker's session and handed to one test at a time:
    a new context (a new renderer) costs several times what loading a page in an open tab does."""

    def __init__(self, browser, options: dict):
        self.options = options
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.errors: list[str] = []
        self.record: tuple[str, ...] = ERRORS
        self.origins: set[str] = set()  # whose storage the test may have written
        self.broken = False
        # Listeners once per tab, writing to the current test's list.
        self.page.on("pageerror", lambda e: self.note("pageerror", f"pageerror: {e}"))
        self.page.on("console", lambda m: self.note("console", f"console: {m.text}") if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.note("dialog", f"dialog: {d.message}"), d.dismiss()))
        self.page.on("crash", lambda _: setattr(self, "broken", True))
        self.context.on("request", lambda r: self.origins.add(origin(r.url)))
        self.listeners = listeners(self.page)

    def note(self, kind: str, text: str) -> None:
        if kind in self.record:
            self.errors.append(text)

    def hand_out(self, record: tuple[str, ...]):
        self.errors, self.record = [], record
        return self.page, self.errors

    def reset(self) -> None:
        """Back to what a new context with these options gives: one blank page with no history, no
        storage, cache, routes, permissions or emulation a test set, nothing a test listened for."""
        page, context = self.page, self.context
        for other in context.pages:
            if other != page:
                other.close()
        for event, added in listeners(page).items():
            for listener in added - self.listeners.get(event, set()):
                page._impl_obj.remove_listener(event, listener)  # what page.on added for a test
        page.mouse.move(0, 0)  # no :hover left on the next test's page
        page.unroute_all(behavior="ignoreErrors")
        context.unroute_all(behavior="ignoreErrors")
        context.clear_permissions()
        context.set_extra_http_headers({})
        context.set_offline(False)
        self.cdp.send("Network.emulateNetworkConditions",  # a test's own CDP session may have slowed it
                      {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        page.set_default_timeout(DEFAULT_TIMEOUT)
        page.set_default_navigation_timeout(DEFAULT_TIMEOUT)
        page.set_viewport_size(self.options.get("viewport", DEFAULT_VIEWPORT))
        page.emulate_media(media="null", color_scheme=self.options.get("color_scheme", "light"),
                           reduced_motion="no-preference", forced_colors="none")
        page.goto("about:blank")
        self.cdp.send("Page.resetNavigationHistory")  # Back can't reach the last test's pages
        for seen in self.origins:  # each served folder is its own port, so its own origin
            self.cdp.send("Storage.clearDataForOrigin", {"origin": seen, "storageTypes": "all"})
        self.origins.clear()
        context.clear_cookies()
        self.cdp.send("Network.clearBrowserCache")
        assert context.pages == [page] and page.url == "about:blank" and not context.cookies()

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # a crashed tab may take its context with it
            pass


def origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def listeners(page) -> dict[str, set]:
    """The page's listeners by event (pyee's emitter under playwright's page)."""
    emitter = page._impl_obj
    return {event: set(emitter.listeners(event)) for event in emitter.event_names()}


class Tabs:
    """The worker's idle tabs, by their context's options."""

    def __init__(self, browser):
        self.browser = browser
        self.idle: dict[str, list[Tab]] = {}

    def shelf(self, options: dict) -> list[Tab]:
        """The idle tabs made with these options."""
        return self.idle.setdefault(json.dumps(options, sort_keys=True), [])

    def take(self, options: dict, record: tuple[str, ...]):
        shelf = self.shelf(options)
        tab = shelf.pop() if shelf else Tab(self.browser, options)
        return tab, tab.hand_out(record)

    def give_back(self, tab: Tab, test_failed: bool) -> None:
        if not (test_failed or tab.broken):
            try:
                tab.reset()
                self.shelf(tab.options).append(tab)
                return
            except Exception:
                pass  # what could not be reset is not handed out again
        tab.close()

    def close(self) -> None:
        for shelf in self.idle.values():
            for tab in shelf:
                tab.close()


@pytest.fixture(scope="session")
def tabs(browser) -> Iterator[Tabs]:
    pool = Tabs(browser)
    yield pool
    pool.close()


@pytest.fixture
def tab(tabs, request):
    """tab(record=ERRORS, **context options) -> (page, errors): a blank page, as in a new browser context
    made with those options (new_context's), its own for this test; errors lists what it raises, of the
    kinds in record. Each call gives another page, in a context of its own."""
    taken: list[Tab] = []

    def take(record: tuple[str, ...] = ERRORS, **options):
        t, handed = tabs.take(options, record)
        taken.append(t)
        return handed

    yield take
    for t in taken:
        tabs.give_back(t, request.node.stash.get(FAILED, False))


@pytest.fixture
def visit(tab):
    """Open a page of a served site; returns (page, errors seen: console errors and uncaught exceptions)."""
    def open_page(site: Path, path: str):
        server = serve(site)
        page, errors = tab()
        # "load", not "networkidle" (which waits half a second more): tests wait for what they look at.
        page.goto(f"http://127.0.0.1:{server.server_port}{path}", wait_until="load")
        return page, errors

    return open_page
