#!/usr/bin/env python3
"""Search benchmark: our Pagefind search against Material's built-in search, on the same archive.

For each size it makes a synthetic archive (benchmarks/make_archive.py), imports and builds it with
the project, builds the same pages a second time with Material's built-in search (lunr.js), serves
both on loopback and drives real headless Chromium: for each query a cold browser context opens the
home page, types the query into the header search box, and we time (in the page) from the first
keystroke until the first result is on screen, and count the bytes fetched meanwhile. Marker queries
have one right answer (the paper the marker was made for); common phrases have none.

It also indexes the built HTML with Pagefind's CLI, to compare with indexing the generator's records.

    .venv/bin/python benchmarks/search.py                      # 1,000, 10,000 and 50,000 papers
    .venv/bin/python benchmarks/search.py --sizes 1000         # one size
    .venv/bin/python benchmarks/search.py --digests DIR [--markers FILE]   # any folder of page text
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import folder_size, generator, run_measured, scaffold, serve  # noqa: E402
from make_archive import make_archive  # noqa: E402

PHRASES = ["sparse attention", "language models", "in-context learning", "diffusion", "reinforcement learning"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# In-page timer: the first keystroke starts it, the first result element on screen stops it.
ARM = """sel => {
  window.__bench = {};
  document.addEventListener("keydown", () => { window.__bench.t0 ??= performance.now(); }, {capture: true});
  const seen = () => { if (!window.__bench.t1 && document.querySelector(sel)) window.__bench.t1 = performance.now(); };
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def build(project: Path, digests: Path) -> dict:
    scaffold(project)
    t_import, mem_import, _ = run_measured(generator(project, "import", *map(str, sorted(digests.glob("*.txt")))))
    t_build, mem_build, out = run_measured(generator(project, "build"))
    index = float(re.search(r"for search in ([\d.]+) s", out)[1])
    return {"import_s": t_import, "build_s": t_build, "index_s": index, "peak": max(mem_import, mem_build)}


def build_lunr(project: Path) -> Path:
    """The same pages, built with Material's built-in search instead of ours."""
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\n  custom_dir: overrides\n", "\n", config)
    config = config.replace("plugins: []", "plugins:\n  - search").replace("extra_javascript:\n  - javascripts/search.js\n", "")
    (project / "mkdocs-lunr.yml").write_text(config)
    site = project / "site-lunr"
    run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs-lunr.yml"),
                  "-d", str(site)])
    return site


def index_html(site: Path, work: Path) -> tuple[float, int]:
    """Pagefind's CLI over the built HTML pages, for comparison with our records."""
    seconds, peak, _ = run_measured([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path",
                                     str(work / "pagefind-html"), "--silent", "--glob", "{papers,days,tags}/**/*.html"])
    return seconds, peak


def queries(markers: Path | None, count: int) -> list[tuple[str, str | None]]:
    rows = []
    if markers and markers.exists():
        rows = [line.split("\t") for line in markers.read_text(encoding="utf-8").splitlines() if line]
    picked = random.Random(7).sample(rows, min(count, len(rows)))
    return [(m, title) for m, title, _ in picked] + [(p, None) for p in PHRASES]


def measure(browser, url: str, query: str, input_sel: str, result_sel: str, title_sel: str, timeout_s: float):
    context = browser.new_context()  # cold: empty cache
    page = context.new_page()
    page.goto(url, wait_until="load")
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(r))
    page.evaluate(ARM, result_sel)
    page.locator(input_sel).click()
    page.keyboard.type(query)
    try:
        page.wait_for_function("window.__bench.t1", timeout=timeout_s * 1000)
        ms = page.evaluate("window.__bench.t1 - window.__bench.t0")
        first = page.locator(title_sel).first.inner_text()
    except Exception:  # the reader gave up waiting
        ms, first = None, None
    size = sum(r.sizes()["responseBodySize"] for r in fetched)
    context.close()
    return ms, size, first


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def report(name: str, rows: list[tuple[str, str | None, float | None, int, str | None]], lunr_cap: float) -> dict:
    times = [ms for _, _, ms, _, _ in rows if ms is not None]
    markers = [(want, first) for _, want, _, _, first in rows if want]
    right = sum(1 for want, first in markers if first and first.strip() == want)
    timeouts = sum(1 for _, _, ms, _, _ in rows if ms is None)
    kb = [b / 1024 for _, _, _, b, _ in rows]
    return {"engine": name, "queries": len(rows),
            "p50_ms": statistics.median(times) if times else None, "p95_ms": percentile(times, 0.95) if times else None,
            "max_kb": max(kb), "p50_kb": statistics.median(kb), "right_first": f"{right}/{len(markers)}",
            "timeouts": f"{timeouts} (> {lunr_cap:.0f} s)" if timeouts else "0"}


def run_size(label: str, digests: Path, markers: Path | None, work: Path, args, browser) -> list[dict]:
    project = work / f"project-{label}"
    b = build(project, digests)
    site = project / "site"
    size, files = folder_size(site / "pagefind")
    print(f"\n== {label}: import {b['import_s']:.1f} s, build {b['build_s']:.1f} s "
          f"(of which search index {b['index_s']:.1f} s), peak memory {b['peak'] / 2**20:.0f} MiB; "
          f"Pagefind index {size / 2**20:.1f} MiB in {files} files", flush=True)
    html_s, html_peak = index_html(site, work / label)
    print(f"   indexing the built HTML pages instead: {html_s:.1f} s at {html_peak / 2**20:.0f} MiB peak "
          f"(records: {b['index_s']:.1f} s)", flush=True)

    qs = queries(markers, args.queries)
    results = []
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_port}/"
    rows = [(q, want, *measure(browser, url, q, ".md-search__input", ".md-search__output .md-search-result__item",
                              ".md-search__output .dpa-result__title", 30)) for q, want in qs]
    server.shutdown()
    results.append(report("Pagefind (ours)", rows, 30))
    if not args.no_lunr:
        lunr_site = build_lunr(project)
        server = serve(lunr_site)
        url = f"http://127.0.0.1:{server.server_port}/"
        lunr_qs = qs if args.lunr_queries is None else qs[:args.lunr_queries] + qs[-2:]
        rows = [(q, want, *measure(browser, url, q, ".md-search__input", ".md-search-result__item",
                                  ".md-search-result__article h1", args.lunr_timeout)) for q, want in lunr_qs]
        server.shutdown()
        results.append(report("Material built-in (lunr)", rows, args.lunr_timeout))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000], help="papers per archive")
    ap.add_argument("--digests", type=Path, help="benchmark this folder of page-text digests instead")
    ap.add_argument("--markers", type=Path, help="with --digests: marker<TAB>title rows for right-answer queries")
    ap.add_argument("--queries", type=int, default=20, help="marker queries per archive (plus 5 phrases)")
    ap.add_argument("--lunr-timeout", type=float, default=60, help="seconds before a built-in search query gives up")
    ap.add_argument("--lunr-queries", type=int, help="marker queries for the built-in search (default: all)")
    ap.add_argument("--no-lunr", action="store_true", help="skip Material's built-in search")
    ap.add_argument("--work", type=Path, help="keep the archives and sites here")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-search-bench-"))
    table = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        if args.digests:
            for row in run_size("digests", args.digests, args.markers, work, args, browser):
                table.append(("?", row))
        else:
            for n in args.sizes:
                digests = work / f"archive-{n}"
                rows = make_archive(digests, days=max(1, n // 40), per_day=40, start=dt.date(2023, 5, 4))
                (work / f"markers-{n}.tsv").write_text("".join(f"{m}\t{t}\t{d}\n" for m, t, d in rows))
                for row in run_size(str(n), digests, work / f"markers-{n}.tsv", work, args, browser):
                    table.append((n, row))
        browser.close()

    print("\n| papers | search | queries | p50 ms | p95 ms | p50 KB | max KB | right first | gave up |")
    print("|---|---|---|---|---|---|---|---|---|")
    count = lambda n: n if isinstance(n, str) else f"{n:,}"  # noqa: E731  ("?": a --digests folder's, not counted)
    for n, r in table:
        fmt = lambda v: "-" if v is None else f"{v:,.0f}"  # noqa: E731
        print(f"| {count(n)} | {r['engine']} | {r['queries']} | {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | "
              f"{r['p50_kb']:,.0f} | {r['max_kb']:,.0f} | {r['right_first']} | {r['timeouts']} |")
    ours = {n: r for n, r in table if r["engine"].startswith("Pagefind")}
    for n, r in table:
        if r["engine"].startswith("Material") and r["p50_ms"] and ours[n]["p50_ms"]:
            print(f"{count(n)} papers: built-in search p50 is {r['p50_ms'] / ours[n]['p50_ms']:.0f}x ours")
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
