#!/usr/bin/env python3
"""Backfill benchmark: `generator fetch --since/--until` of N days from a local API, then the site's bytes a paper.

It serves real-shaped listings (benchmarks/listings.py: weekends empty, as on the real API) from a
loopback server that counts the requests, and measures, each as a separate process with its peak
memory (the whole process tree):
  - the backfill of N days into a new project: seconds, seconds a day, requests, papers;
  - the same command again: it must ask for no day that digests/ holds (the weekends, which it
    holds nothing for, are asked again);
  - unless --no-build, one clean `generator build` of the result (the whole history imported and
    built once: the backfill and the build, their time together and the peak of either), and the
    site as GitHub Pages counts it:
    file bytes plus 512 bytes of header and padding per file, in bytes a paper (distinct papers, as
    the build reports them) and the papers that would fit in 1 GB at that rate; split by top-level
    folder or file of site/. The exact size of the tar Pages takes (generator/site/pages_size.py, the
    count `build` checks against the limit) is printed beside it.

    .venv/bin/python benchmarks/backfill.py                # 1,000 days from 2023-05-04
    .venv/bin/python benchmarks/backfill.py --days 30 --no-build
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.server
import os
import re
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, generator, run_measured  # noqa: E402
from listings import listing_json  # noqa: E402
from record import Measure, record, slug  # noqa: E402

from generator.project import scaffold  # noqa: E402
from generator.site import pages_size  # noqa: E402

PATH = "/api/daily_papers"
PER_FILE = 512  # a tar's header and padding for one file, on average, as the 1 GB budget counts them


class _Api(http.server.BaseHTTPRequestHandler):
    server: Api

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        day = parse_qs(parts.query).get("date", [""])[0] if parts.path == PATH else ""
        with self.server.lock:
            self.server.asked.append(day or self.path)
        body = self.server.answers.get(day)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Api(http.server.ThreadingHTTPServer):
    """The API's daily papers on a free loopback port, answered from memory (made before the clock
    starts, so the fetch is timed and not the recipe); every request is kept in `asked`."""

    def __init__(self, answers: dict[str, bytes]):
        super().__init__(("127.0.0.1", 0), _Api)
        self.answers, self.lock = answers, threading.Lock()
        self.asked: list[str] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def site_folders(site: Path) -> dict[str, tuple[int, int]]:
    """Top-level folder or file of site/ -> (file bytes, files)."""
    folders: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for folder, _, names in os.walk(site):
        inside = Path(folder).relative_to(site).parts
        for name in names:
            top = folders[f"{inside[0]}/" if inside else name]
            top[0] += os.path.getsize(os.path.join(folder, name))
            top[1] += 1
    return {top: (b, f) for top, (b, f) in folders.items()}


def run(days: int, start: dt.date, build: bool, work: Path) -> dict:
    until = start + dt.timedelta(days=days - 1)
    answers = {}
    for n in range(days):
        day = start + dt.timedelta(days=n)
        answers[day.isoformat()] = listing_json(day).encode()
    listed = {day for day, body in answers.items() if body != b"[]"}
    api = Api(answers)
    project = scaffold(REPO, work / f"backfill-{days}").root
    cmd = generator(project, "fetch", "--since", start.isoformat(), "--until", until.isoformat(),
                    "--api-url", api.url)
    t_fetch, m_fetch, out = run_measured(cmd)
    requests = len(api.asked)
    t_again, m_again, out_again = run_measured(cmd)
    again = api.asked[requests:]
    api.shutdown()
    digests = sum(p.stat().st_size for p in (project / "digests").rglob("*") if p.is_file())
    r = {"days": days, "start": start, "until": until, "weekdays": len(listed),
         "fetch": t_fetch, "peak fetch": m_fetch, "requests": requests, "summary": out.strip().splitlines()[-1],
         "again": t_again, "peak again": m_again, "again requests": len(again),
         "again held": sum(day in listed for day in again), "again summary": out_again.strip().splitlines()[-1],
         "digests bytes": digests, "papers": int(re.search(r"\(([\d,]+) papers", out)[1].replace(",", ""))}
    if build:
        r["build"], r["peak build"], out = run_measured(generator(project, "build"))
        assert "in full" in out, out
        r["pages"], r["distinct"] = map(int, re.search(r"generated (\d+) pages \((\d+) papers", out).groups())
        r["folders"] = site_folders(project / "site")
        r["tar"] = pages_size.tar_bytes(project / "site")
    return r


def table(r: dict) -> None:
    mib = lambda b: f"{b / 2**20:,.0f} MiB"  # noqa: E731
    rows = [
        ("days (with papers) / from – to", f"{r['days']:,} ({r['weekdays']:,}) / {r['start']} – {r['until']}"),
        ("backfill: papers", f"{r['papers']:,}"),
        ("backfill: requests", f"{r['requests']:,}"),
        ("backfill: time, a day", f"{r['fetch']:,.1f} s, {r['fetch'] / r['days'] * 1000:,.0f} ms"),
        ("backfill: peak memory", mib(r["peak fetch"])),
        ("backfill: its summary", r["summary"]),
        ("again: requests (for days held: expected 0)", f"{r['again requests']:,} ({r['again held']:,})"),
        ("again: time, peak memory", f"{r['again']:,.1f} s, {mib(r['peak again'])}"),
        ("again: its summary", r["again summary"]),
        ("digests/: bytes a paper", f"{r['digests bytes'] / r['papers']:,.0f} ({r['digests bytes'] / 1e6:,.1f} MB)"),
    ]
    if "build" in r:
        papers, folders = r["distinct"], r["folders"]
        counted = sum(b + PER_FILE * f for b, f in folders.values())
        files = sum(f for _, f in folders.values())
        rows += [
            ("clean build: time, peak memory", f"{r['build']:,.1f} s, {mib(r['peak build'])}"),
            ("backfill and clean build: time, peak memory",
             f"{r['fetch'] + r['build']:,.1f} s, {mib(max(r['peak fetch'], r['peak build']))}"),
            ("clean build: pages (papers)", f"{r['pages']:,} ({papers:,})"),
            ("site/: file bytes + 512 a file, a paper",
             f"{counted / papers:,.0f} B ({counted / 1e6:,.1f} MB in {files:,} files)"),
            ("the Pages tar (generator/site/pages_size.py), a paper", f"{r['tar'] / papers:,.0f} B ({r['tar'] / 1e6:,.1f} MB)"),
            ("papers in GitHub Pages' 1 GB at that rate", f"{pages_size.LIMIT * papers / r['tar']:,.0f}"),
        ]
        for top, (b, f) in sorted(folders.items(), key=lambda kv: -(kv[1][0] + PER_FILE * kv[1][1])):
            rows.append((f"  {top}: file bytes + 512 a file, a paper",
                         f"{(b + PER_FILE * f) / papers:,.0f} B ({b / papers:,.0f} + {PER_FILE * f / papers:,.0f}; "
                         f"{f:,} files)"))
    print(f"\n| measure | {r['days']:,} days |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


def measures(r: dict) -> list[Measure]:
    """The table's figures, for benchmarks/results/backfill.jsonl."""
    out: list[Measure] = [
        ("weekdays", r["weekdays"], "days"), ("papers", r["papers"], "papers"),
        ("fetch_requests", r["requests"], "requests"), ("fetch_s", r["fetch"], "s"),
        ("fetch_ms_a_day", r["fetch"] / r["days"] * 1000, "ms"), ("fetch_peak_mib", r["peak fetch"] / 2**20, "MiB"),
        ("again_requests", r["again requests"], "requests"), ("again_held_requests", r["again held"], "requests"),
        ("again_s", r["again"], "s"), ("again_peak_mib", r["peak again"] / 2**20, "MiB"),
        ("digests_bytes_a_paper", r["digests bytes"] / r["papers"], "B")]
    if "build" in r:
        papers = r["distinct"]
        out += [("build_s", r["build"], "s"), ("build_peak_mib", r["peak build"] / 2**20, "MiB"),
                ("fetch_and_build_s", r["fetch"] + r["build"], "s"),
                ("fetch_and_build_peak_mib", max(r["peak fetch"], r["peak build"]) / 2**20, "MiB"),
                ("pages", r["pages"], "pages"), ("distinct_papers", papers, "papers"),
                ("tar_bytes_a_paper", r["tar"] / papers, "B"),
                ("papers_in_pages_limit", pages_size.LIMIT * papers / r["tar"], "papers"),
                *[(f"site_{slug(top)}_bytes_a_paper", (b + PER_FILE * f) / papers, "B")
                  for top, (b, f) in sorted(r["folders"].items())]]
    return [(f"{name}@{r['days']}", value, unit) for name, value, unit in out]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=1000, help="days to backfill (default: 1000)")
    ap.add_argument("--start", default="2023-05-04", type=dt.date.fromisoformat,
                    help="first day, YYYY-MM-DD (default: 2023-05-04, the first day Daily Papers listed)")
    ap.add_argument("--no-build", action="store_true", help="measure the backfill only, not the site")
    ap.add_argument("--work", type=Path, help="keep the project here (default: a temporary folder)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-backfill-bench-"))
    r = run(args.days, args.start, not args.no_build, work)
    table(r)
    record("backfill", measures(r))
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
