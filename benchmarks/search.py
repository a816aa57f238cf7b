#!/usr/bin/env python3
"""Search benchmark: the search index split by term (generator/search/), built and queried in a browser.

For each size it makes a synthetic archive (benchmarks/make_archive.py: every paper has a made-up
word of its own, its marker, so a search for it has one right answer), imports and builds it with
the project, serves the site on loopback and drives real headless Chromium (/usr/bin/chromium).
Each measure below runs in a cold browser context (empty cache):

- build: import and build seconds; the search index's seconds, files and bytes, from the build's
  "indexed … for search" line (it runs beside MkDocs, on the other core); the build's peak memory
  (the whole process tree, MkDocs included). The index is also built once more on its own (archive
  loaded, then indexed into a scratch folder) for its own seconds and peak memory;
- header box: the home page loads, the query is typed into the header's search box, and a timer in
  the page runs from the first keystroke until the first result is on screen (in the DOM). Then
  we wait for the results to settle (no change for SETTLE_MS) and read the first result's title.
  Everything fetched after the page's load event is counted: requests, and response bodies as the
  browser received them;
- the search page: a cold load of /search/?q=<query>, timed from navigation start (the page's
  performance.timeOrigin) until the first result is on screen, and its first result once settled;
- a daily update: one more synthetic day (40 papers, after the archive's last) imported and built;
  the share of the index's bytes that build rewrote, and its seconds.

Marker queries have a right answer (the paper made for the marker); common phrases have none.

KB fetched: the benchmark's server (common.serve, like generator/serve.py) sends files uncompressed,
while GitHub Pages gzips HTML, CSS, JS and JSON. So both are printed: "raw", the bytes the browser
received, and "gz", an estimate of what GitHub Pages would send: each fetched file gzipped from
disk (level 6) when GitHub Pages compresses its type, else its raw size. Targets compare with gz.

    .venv/bin/python benchmarks/search.py                      # 1,000, 10,000 and 50,000 papers
    .venv/bin/python benchmarks/search.py --sizes 1000         # one size
    .venv/bin/python benchmarks/search.py --digests DIR [--markers FILE]   # any folder of page text
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import os
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, generator, run_measured, serve  # noqa: E402
from make_archive import make_archive  # noqa: E402
from record import Measure, record  # noqa: E402

from generator.project import scaffold  # noqa: E402

PHRASES = ["sparse attention", "language models", "in-context learning", "diffusion", "reinforcement learning"]
# The common phrases misspelt as readers type them: a word that matches nothing is corrected.
TYPOS = ["sparse atention", "langauge models", "difusion", "reinforcment learning"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HEADER_INPUT = ".md-search__input"
HEADER_RESULT = ".md-search__output .md-search-result__item"
HEADER_TITLE = ".md-search__output .dpa-result__title"
PAGE_RESULT = PAGE_TITLE = ".dpa-search-page__results .dpa-result__title"
TIMEOUT_S = 20  # a query without a result on screen by then counts as given up
SETTLE_MS = 400  # results unchanged this long: the query's final results
GZIPPED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".webmanifest"}  # GitHub Pages

# In-page timer: t0 at the first keystroke (header box) or navigation start (0, the search page);
# t1 when an element matching sel is first in the DOM; last at the DOM's latest change.
WATCH = """sel => {
  const bench = window.__bench = {t0: null, t1: null, last: 0};
  const seen = () => {
    bench.last = performance.now();
    if (bench.t1 === null && document.querySelector(sel)) bench.t1 = bench.last;
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, characterData: true});
}"""
ARM_KEYS = """() => document.addEventListener("keydown", () => {
  window.__bench.t0 ??= performance.now();
  window.__bench.typed = performance.now();
}, {capture: true})"""
SETTLED = f"window.__bench.t1 !== null && performance.now() - window.__bench.last > {SETTLE_MS}"

INDEXED = re.compile(r"indexed (\d+) papers for search in ([\d.]+) s: (\d+) files, ([\d,]+) bytes; "
                     r"(\d+) files \(([\d,]+) bytes\) rewritten")
# The index built on its own: the archive loaded as a build loads it, then indexed into a scratch folder.
INDEX_ALONE = """
import sys, tempfile, time
from pathlib import Path
from generator.pipeline import TAG_CACHE, load_archive
from generator.project import Project
from generator.search import build_search_index
project = Project(Path(sys.argv[1]))
archive = load_archive(project, tag_cache=project.cache / TAG_CACHE)
started = time.perf_counter()
with tempfile.TemporaryDirectory() as scratch:
    build_search_index(archive, Path(scratch))
print(f"{time.perf_counter() - started:.3f}")
"""

# Targets, set for 50,000 papers: (label, key in a size's results, the most the figure may be).
TARGETS = [("header p50 ms", "header_p50_ms", 150), ("header p95 ms", "header_p95_ms", 300),
           ("/search/?q= p50 ms", "page_p50_ms", 300), ("KB fetched at the median (gz)", "header_p50_kb_gz", 60),
           ("index seconds (in the build)", "index_s", 40), ("index peak MiB (on its own)", "alone_peak_mib", 1536),
           ("daily update rewrites % of index bytes", "daily_rewritten_pct", 5)]


# --- building -------------------------------------------------------------------------------------

def indexed(out: str) -> dict:
    """The build's "indexed … for search" line: seconds, files, bytes, and what this build rewrote."""
    m = INDEXED.search(out)
    if not m:
        sys.exit(f"no 'indexed … for search' line in the build's output:\n{out}")
    papers, seconds, files, size, written, size_written = m.groups()
    return {"papers": int(papers), "seconds": float(seconds), "files": int(files),
            "bytes": int(size.replace(",", "")), "files_written": int(written),
            "bytes_written": int(size_written.replace(",", ""))}


def build(project: Path, digests: list[Path]) -> dict:
    """Import the digests into a new project and build it."""
    scaffold(REPO, project)
    t_import, mem_import, _ = run_measured(generator(project, "import", *map(str, digests)))
    t_build, mem_build, out = run_measured(generator(project, "build"))
    index = indexed(out)
    return {"papers": index["papers"], "import_s": t_import, "build_s": t_build, "index_s": index["seconds"],
            "index_files": index["files"], "index_bytes": index["bytes"],
            "import_peak_mib": mem_import / 2**20, "build_peak_mib": mem_build / 2**20}


def index_alone(project: Path) -> dict:
    """The search index built by itself (its own seconds; the peak of loading the archive and indexing it)."""
    seconds, peak, out = run_measured([sys.executable, "-c", INDEX_ALONE, str(project)])
    return {"alone_index_s": float(out.split()[-1]), "alone_s": seconds, "alone_peak_mib": peak / 2**20}


def next_day(project: Path, folder: Path) -> Path:
    """One more synthetic day of 40 new papers, the day after the project's latest digest."""
    latest = max(dt.date.fromisoformat(p.stem) for p in (project / "digests").glob("????-??-??.yaml"))
    day = latest + dt.timedelta(days=1)
    make_archive(folder, days=1, per_day=40, start=day, seed=day.toordinal())
    return folder / f"{day.isoformat()}.txt"


def daily_update(project: Path, work: Path) -> dict:
    """Import the next day and build again: the share of the index's bytes rewritten, and the seconds."""
    t_import, _, _ = run_measured(generator(project, "import", str(next_day(project, work / "next-day"))))
    t_build, _, out = run_measured(generator(project, "build"))
    index = indexed(out)
    return {"daily_import_s": t_import, "daily_build_s": t_build, "daily_index_s": index["seconds"],
            "daily_files_written": index["files_written"], "daily_bytes_written": index["bytes_written"],
            "daily_rewritten_pct": 100 * index["bytes_written"] / index["bytes"]}


# --- in the browser -------------------------------------------------------------------------------

def queries(markers: Path | None, count: int) -> list[tuple[str, str | None]]:
    """Up to `count` marker queries (with the title that must come first), then the common phrases
    and the same misspelt."""
    rows = []
    if markers and markers.exists():
        rows = [line.split("\t") for line in markers.read_text(encoding="utf-8").splitlines() if line]
    picked = random.Random(7).sample(rows, min(count, len(rows)))
    return [(row[0], row[1]) for row in picked] + [(p, None) for p in PHRASES + TYPOS]


@functools.lru_cache(maxsize=None)
def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def sent_by_pages(site: Path, url: str, raw: int) -> int:
    """What GitHub Pages would send for this response: the file gzipped, if it gzips its type."""
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if path.suffix not in GZIPPED or not path.is_file():
        return raw
    return min(raw, gzipped_size(path))


def title(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def settle(page, first_sel: str) -> tuple[float | None, float | None, str | None]:
    """Wait for the first result and for the results to settle: (t1, last change, first title)."""
    try:
        page.wait_for_function("window.__bench.t1 !== null", timeout=TIMEOUT_S * 1000)
    except Exception:  # the reader gave up waiting
        return None, None, None
    try:
        page.wait_for_function(SETTLED, timeout=TIMEOUT_S * 1000)
    except Exception:  # still changing: take the results as they are
        pass
    bench = page.evaluate("window.__bench")
    first = page.locator(first_sel).first
    return bench["t1"], bench["last"], title(first.inner_text()) if first.count() else None


def header_query(browser, url: str, site: Path, query: str) -> dict:
    """The home page, then the query typed into the header box: timed, and what was fetched."""
    context = browser.new_context()  # cold: empty cache
    page = context.new_page()
    page.goto(url, wait_until="networkidle")  # loaded, and nothing more on its way (the favicon)
    page.evaluate(WATCH, HEADER_RESULT)
    page.evaluate(ARM_KEYS)
    fetched, failed = [], []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    page.locator(HEADER_INPUT).click()
    page.keyboard.type(query)
    t1, last, first = settle(page, HEADER_TITLE)
    t0, typed = page.evaluate("[window.__bench.t0, window.__bench.typed]")
    raw = [r.sizes()["responseBodySize"] for r in fetched]
    gz = [sent_by_pages(site, r.url, size) for r, size in zip(fetched, raw)]
    context.close()
    return {"ms": None if t1 is None else t1 - t0, "settled_ms": None if t1 is None else last - t0,
            "after_typing_ms": None if t1 is None else t1 - typed,
            "first": first, "requests": len(fetched) + len(failed), "raw": sum(raw), "gz": sum(gz)}


def page_query(browser, url: str, query: str) -> dict:
    """A cold load of the search page with the query in its address: timed from navigation start."""
    context = browser.new_context()
    context.add_init_script(f"({WATCH})({PAGE_RESULT!r})")  # before the page's own scripts
    page = context.new_page()
    page.goto(f"{url}search/?q={quote(query)}", wait_until="commit")
    t1, last, first = settle(page, PAGE_TITLE)
    context.close()
    return {"ms": t1, "settled_ms": last if t1 is not None else None, "first": first}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def summary(prefix: str, qs: list[tuple[str, str | None]], rows: list[dict]) -> dict:
    """p50 / p95 ms, settled p50, right paper first (markers), given up; KB and requests if counted."""
    times = [r["ms"] for r in rows if r["ms"] is not None]
    wanted = [(want, r["first"]) for (_, want), r in zip(qs, rows) if want]
    out = {f"{prefix}_p50_ms": percentile(times, 0.5), f"{prefix}_p95_ms": percentile(times, 0.95),
           f"{prefix}_settled_p50_ms": percentile([r["settled_ms"] for r in rows if r["ms"] is not None], 0.5),
           f"{prefix}_after_typing_p50_ms": percentile([r.get("after_typing_ms") for r in rows
                                                        if r.get("after_typing_ms") is not None], 0.5),
           f"{prefix}_right": sum(1 for want, first in wanted if first == title(want)),
           f"{prefix}_markers": len(wanted), f"{prefix}_gave_up": len(rows) - len(times),
           f"{prefix}_wrong": [q for (q, want), r in zip(qs, rows) if want and r["first"] != title(want)]}
    if "raw" in rows[0]:
        for key in ("raw", "gz"):
            kb = [r[key] / 1024 for r in rows]
            out[f"{prefix}_p50_kb_{key}"], out[f"{prefix}_max_kb_{key}"] = statistics.median(kb), max(kb)
        out[f"{prefix}_p50_requests"] = statistics.median(r["requests"] for r in rows)
        out[f"{prefix}_max_requests"] = max(r["requests"] for r in rows)
    return out


def browse(browser, site: Path, qs: list[tuple[str, str | None]]) -> dict:
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_port}/"
    load = os.getloadavg()[0]
    try:
        header = [header_query(browser, url, site, q) for q, _ in qs]
        page = [page_query(browser, url, q) for q, _ in qs]
    finally:
        server.shutdown()
    # Timings are only as good as a quiet machine: the load average shows whether it was.
    return {**summary("header", qs, header), **summary("page", qs, page), "load": (load, os.getloadavg()[0])}


# --- reporting ------------------------------------------------------------------------------------

def fmt(value, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def against_targets(r: dict) -> str:
    """Each target beside its figure (the targets are set for 50,000 papers)."""
    met = lambda key, limit: r[key] is not None and r[key] <= limit  # noqa: E731
    marks = [f"{label} {fmt(r[key], 1)} (≤ {limit:,}: {'ok' if met(key, limit) else 'MISSED'})"
             for label, key, limit in TARGETS]
    both = r["header_right"] == r["header_markers"] and r["page_right"] == r["page_markers"]
    marks.append(f"right paper first for every marker query: {'ok' if both else 'MISSED'}")
    return "\n   ".join(marks)


def print_size(label: str, r: dict) -> None:
    print(f"\n== {label} ({r['papers']:,} papers): import {r['import_s']:.1f} s, build {r['build_s']:.1f} s "
          f"(search index {r['index_s']:.1f} s beside MkDocs: {r['index_files']:,} files, "
          f"{r['index_bytes']:,} bytes); peak memory: import {r['import_peak_mib']:,.0f} MiB, "
          f"build {r['build_peak_mib']:,.0f} MiB (MkDocs included)")
    print(f"   index on its own: {r['alone_index_s']:.1f} s to index; archive loaded and indexed in "
          f"{r['alone_s']:.1f} s at {r['alone_peak_mib']:,.0f} MiB peak")
    print(f"   header box: first keystroke to first result p50 {fmt(r['header_p50_ms'])} ms, "
          f"p95 {fmt(r['header_p95_ms'])} ms (from the last keystroke p50 {fmt(r['header_after_typing_p50_ms'])} ms; "
          f"results settled p50 {fmt(r['header_settled_p50_ms'])} ms); fetched after load: "
          f"p50 {r['header_p50_kb_gz']:,.1f} KB gz ({r['header_p50_kb_raw']:,.1f} KB raw), "
          f"max {r['header_max_kb_gz']:,.1f} KB gz ({r['header_max_kb_raw']:,.1f} KB raw), "
          f"requests p50 {r['header_p50_requests']:.0f} max {r['header_max_requests']}; "
          f"right first {r['header_right']}/{r['header_markers']}, gave up {r['header_gave_up']}")
    print(f"   /search/?q= cold: navigation start to first result p50 {fmt(r['page_p50_ms'])} ms, "
          f"p95 {fmt(r['page_p95_ms'])} ms (settled p50 {fmt(r['page_settled_p50_ms'])} ms); "
          f"right first {r['page_right']}/{r['page_markers']}, gave up {r['page_gave_up']}")
    print(f"   (load average {r['load'][0]:.1f} before the browser queries, {r['load'][1]:.1f} after)")
    for where in ("header", "page"):
        if r[f"{where}_wrong"]:
            print(f"   {where}: wrong or no first result for {', '.join(r[f'{where}_wrong'])}")
    print(f"   daily update (40 papers): import {r['daily_import_s']:.1f} s + build {r['daily_build_s']:.1f} s "
          f"(index {r['daily_index_s']:.1f} s); rewrote {r['daily_files_written']:,} index files, "
          f"{r['daily_bytes_written']:,} bytes = {r['daily_rewritten_pct']:.1f}% of the index")
    print(f"   targets (set for 50,000 papers):\n   {against_targets(r)}", flush=True)


COLUMNS = [  # (heading, the figure for one size, the target at 50,000 papers)
    ("papers (distinct)", lambda r: f"{r['label']} ({r['papers']:,})", "50,000"),
    ("import / build s", lambda r: f"{r['import_s']:.0f} / {r['build_s']:.0f}", ""),
    ("index s (alone)", lambda r: f"{r['index_s']:.1f} ({r['alone_index_s']:.1f})", "≤ 40"),
    ("index files / MB", lambda r: f"{r['index_files']:,} / {r['index_bytes'] / 1e6:.1f}", ""),
    ("peak MiB build (index alone)", lambda r: f"{r['build_peak_mib']:,.0f} ({r['alone_peak_mib']:,.0f})", "(≤ 1,536)"),
    ("header p50 / p95 ms (p50 from last key)",
     lambda r: f"{fmt(r['header_p50_ms'])} / {fmt(r['header_p95_ms'])} ({fmt(r['header_after_typing_p50_ms'])})",
     "≤ 150 / ≤ 300"),
    ("KB fetched p50 / max, gz (raw)", lambda r: f"{r['header_p50_kb_gz']:.0f} / {r['header_max_kb_gz']:.0f} "
                                                f"({r['header_p50_kb_raw']:.0f} / {r['header_max_kb_raw']:.0f})",
     "≤ 60 at p50"),
    ("requests p50 / max", lambda r: f"{r['header_p50_requests']:.0f} / {r['header_max_requests']}", ""),
    ("header right first", lambda r: f"{r['header_right']}/{r['header_markers']}", "all"),
    ("/search/?q= p50 / p95 ms", lambda r: f"{fmt(r['page_p50_ms'])} / {fmt(r['page_p95_ms'])}", "≤ 300 at p50"),
    ("page right first", lambda r: f"{r['page_right']}/{r['page_markers']}", "all"),
    ("daily update: % index bytes / s", lambda r: f"{r['daily_rewritten_pct']:.1f}% / "
                                                   f"{r['daily_import_s'] + r['daily_build_s']:.0f}", "≤ 5%"),
]


def print_table(results: list[dict]) -> None:
    print("\n| " + " | ".join(h for h, _, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for r in results:
        print("| " + " | ".join(show(r) for _, show, _ in COLUMNS) + " |")
    print("| target | " + " | ".join(t for _, _, t in COLUMNS[1:]) + " |")
    print("(KB: gz = each fetched file gzipped (level 6) as GitHub Pages would send it; raw = as this "
          "uncompressed local server sent it. Build peak: the whole build, MkDocs included; index alone: "
          "the archive loaded and indexed in a process of its own.)")


# A size's figures recorded (benchmarks/record.py): key in its results -> unit.
RECORDED = {
    "papers": "papers", "import_s": "s", "build_s": "s", "index_s": "s", "index_files": "files",
    "index_bytes": "B", "import_peak_mib": "MiB", "build_peak_mib": "MiB",
    "alone_index_s": "s", "alone_s": "s", "alone_peak_mib": "MiB",
    **{f"{where}_{key}": unit for where in ("header", "page") for key, unit in
       [("p50_ms", "ms"), ("p95_ms", "ms"), ("settled_p50_ms", "ms"), ("right", "queries"),
        ("markers", "queries"), ("gave_up", "queries")]},
    "header_after_typing_p50_ms": "ms", "header_p50_kb_gz": "KB", "header_max_kb_gz": "KB",
    "header_p50_kb_raw": "KB", "header_max_kb_raw": "KB", "header_p50_requests": "requests",
    "header_max_requests": "requests", "daily_import_s": "s", "daily_build_s": "s", "daily_index_s": "s",
    "daily_files_written": "files", "daily_bytes_written": "B", "daily_rewritten_pct": "%",
}


def measures(label: str, r: dict) -> list[Measure]:
    """A size's figures, named by its label (papers asked for, or "digests"), for benchmarks/results/search.jsonl."""
    return [(f"{key}@{label}", r[key], unit) for key, unit in RECORDED.items() if r[key] is not None]


# --- main -----------------------------------------------------------------------------------------

def run_size(label: str, digests: list[Path], markers: Path | None, work: Path, args, browser) -> dict:
    project = work / f"project-{label}"
    r = {"label": label if label == "digests" else f"{int(label):,}", **build(project, digests)}
    r.update(index_alone(project))
    r.update(browse(browser, project / "site", queries(markers, args.queries)))
    r.update(daily_update(project, work / label))
    print_size(label, r)
    record("search", measures(label, r))
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000], help="papers per archive")
    ap.add_argument("--digests", type=Path, help="benchmark this folder of page-text digests instead")
    ap.add_argument("--markers", type=Path,
                    help="with --digests: marker<TAB>title<TAB>day rows for right-answer queries")
    ap.add_argument("--queries", type=int, default=20, help="marker queries per archive (plus 5 phrases and 4 misspelt)")
    ap.add_argument("--work", type=Path, help="keep the archives and sites here")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-search-bench-"))
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        if args.digests:
            results.append(run_size("digests", sorted(args.digests.glob("*.txt")), args.markers, work, args, browser))
        else:
            for n in args.sizes:
                archive = work / f"archive-{n}"
                rows = make_archive(archive, days=max(1, n // 40), per_day=40, start=dt.date(2023, 5, 4))
                markers = work / f"markers-{n}.tsv"
                markers.write_text("".join(f"{m}\t{t}\t{d}\n" for m, t, d in rows), encoding="utf-8")
                results.append(run_size(str(n), sorted(archive.glob("*.txt")), markers, work, args, browser))
        browser.close()
    print_table(results)
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
