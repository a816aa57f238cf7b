#!/usr/bin/env python3
"""Build benchmark: a clean build, a run of daily updates, and MkDocs' own floor, measured in one run.

For each size it makes a real-shaped archive of about 40 papers a weekday (weekends list nothing),
ending on a fixed past day (END, so that import takes every day, and a day's papers are the same at
every size): the API's JSON listings of benchmarks/listings.py (real lengths of titles, abstracts,
author lists, AI summaries and keywords, arXiv ids), with one weekday in PAGE_TEXT_EVERY (5%) as
Daily Papers page text from benchmarks/make_archive.py instead (no arXiv id, author names, AI
summary or keywords; about 4% re-appearances). The maintainer's archive is fetched from the API
(`fetch`, a backfill for the history); page text stays for the days pasted by hand, as the bundled
digests are. Page-text papers are the smaller, so a small share keeps the bytes a paper on the safe
side while the build still meets both kinds. Then it measures, each as a separate process with its
peak memory:
  - import of every digest (one `import` command for all the files), and a clean
    `python -m generator build` (generation, MkDocs, search index);
  - the daily run: --daily more weekdays (JSON listings, as `fetch` saves them), each imported and
    built as the maintainer's daily update; for each day, its import and build as a share of the
    clean import and build, and the share of the search index's bytes it rewrote: the bytes of the
    files under site/search-index/ it added or changed (by content), over the index's bytes before
    that day, and apart from them the bytes of the files it removed;
  - the floor: MkDocs alone, same theme and config, on as many minimal one-paragraph pages;
  - the clean build's site/ as GitHub Pages counts it (at most 1 GB): the size of a tar of it, as
    actions/upload-pages-artifact makes one (GNU tar of `.` in site/), computed from the file sizes:
    a 512-byte header per folder and file (a name over 100 bytes takes a long-name entry too),
    each file's bytes padded to a multiple of 512, 1,024 zero bytes at the end, all padded to tar's
    10,240-byte record. Split by part of the site (`site_part`), with the headers and padding as a
    part of their own, each in bytes per paper (distinct papers, as the build reports them).
After each size it prints the table so far, a column per size, then each of the issue's targets as
met or not (the tar's split by part beside the figures of the latest run recorded in
benchmarks/results/build.jsonl for the same measure and size).

    .venv/bin/python benchmarks/build.py                  # 50,000 and 100,000 papers, 60 daily updates
    .venv/bin/python benchmarks/build.py --papers 2000 --daily 3
    .venv/bin/python benchmarks/build.py --papers 100000  # the size the 1 GB target is set for
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, generator, generator_unlimited, run_measured  # noqa: E402
from generator import urls  # noqa: E402
from generator.project import scaffold  # noqa: E402
from generator.site.linkcheck import check_links  # noqa: E402
from listings import PER_DAY_LATER, write_listing  # noqa: E402
from make_archive import write_days  # noqa: E402
from record import RESULTS, Measure, record, slug  # noqa: E402

PHASES = {"generate": r"generated .* in ([\d.]+) s", "site": r"built .* in ([\d.]+) s \(",
          "mkdocs": r"\(MkDocs ([\d.]+) s", "search": r"for search in ([\d.]+) s"}
# The targets of the issue "100,000 papers on one GitHub Pages site": a tar of 1 GB at 100,000 papers.
TARGETS = {"tar per paper": 10_000, "build/floor": 1.3, "peak": 4 * 2**30, "daily/full": 0.10, "gen/mkdocs": 0.10,
           "index rewritten": 0.10}
END = dt.date(2026, 11, 27)  # the last day of the daily run, a Friday
PAPERS_A_DAY = 40  # on average: the listings' latest years (PER_DAY_LATER), and each page-text day
PAGE_TEXT_EVERY = 20
BLOCK, RECORD = 512, 20 * 512  # a tar block; GNU tar writes whole records of 20 blocks

PAPER_PAGES, DAY_PAGES, LIST_PAGES = "paper pages", "day pages", "tag, archive and home pages"
SEARCH_INDEX, JSON, FEEDS = "search index", "JSON", "feeds and sitemaps"
REST, TAR_OVERHEAD = "theme assets and the rest", "headers and padding"


def _top(path: str) -> str:
    """The top-level folder or file of site/ that a path (or an address) lies in."""
    return path.split("/", 1)[0]


# A top-level folder or file of site/ -> its part. Any other folder or page the generator makes
# (urls.GENERATED) is a list page; what is not named here (theme assets, hand-written pages) is REST.
SITE_PARTS = {
    **{_top(urls.built(name)): LIST_PAGES for name in urls.GENERATED},
    _top(urls.paper("x")): PAPER_PAGES,
    _top(urls.day(dt.date.min)): DAY_PAGES,
    urls.SEARCH_INDEX: SEARCH_INDEX,
    _top(urls.PAPERS_INDEX): JSON,
    _top(urls.feed("x")): FEEDS,
    urls.SITEMAP: FEEDS,
    _top(urls.sitemap_part(1)): FEEDS,
}
PARTS = [PAPER_PAGES, DAY_PAGES, LIST_PAGES, SEARCH_INDEX, JSON, FEEDS, REST, TAR_OVERHEAD]


def site_part(path: str) -> str:
    """The part of the site a file belongs to, from its path in site/ ("papers/<slug>/index.html")."""
    return SITE_PARTS.get(_top(path), REST)


def _padded(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


def _headers(name: str) -> int:
    """A member's header bytes in GNU tar's format: one block, and for a name longer than the header's
    100 bytes a long-name entry before it (its own header, then the name, NUL-terminated, padded)."""
    length = len(name.encode())
    return BLOCK + (BLOCK + _padded(length + 1) if length > 100 else 0)


def tar_parts(site: Path) -> dict[str, tuple[int, int]]:
    """Part -> (bytes, files) of a tar of site/ (`tar -C site -cf - .`); TAR_OVERHEAD holds every byte
    of the tar that is no file's content. Their sum is the tar's size, to the byte."""
    parts = {part: [0, 0] for part in PARTS}
    overhead = 2 * BLOCK  # the end-of-archive marker
    for folder, _, names in os.walk(site):
        inside = Path(folder).relative_to(site).as_posix()
        prefix = "./" if inside == "." else f"./{inside}/"
        overhead += _headers(prefix)  # a folder's entry
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))  # following links, as Pages' tar does
            part = parts[site_part(prefix[2:] + name)]
            part[0] += size
            part[1] += 1
            overhead += _headers(prefix + name) + _padded(size) - size
    overhead += -(sum(b for b, _ in parts.values()) + overhead) % RECORD
    parts[TAR_OVERHEAD] = [overhead, 0]
    return {part: (b, f) for part, (b, f) in parts.items()}


RELATED = """
import sys, time
from pathlib import Path
from generator import pipeline, related
from generator.project import Project
archive = pipeline.load_archive(Project(Path(sys.argv[1])))
started = time.perf_counter()
if sys.argv[2] == "related":
    related.related(archive)
print(time.perf_counter() - started)
"""


def phases(out: str) -> dict[str, float]:
    return {name: float(re.search(pattern, out)[1]) for name, pattern in PHASES.items()}


def floor(work: Path, pages: int) -> tuple[float, int]:
    """MkDocs with the same theme and config on `pages` one-paragraph pages, outside the nav."""
    project = scaffold(REPO, work / "floor").root
    for n in range(pages):
        page = project / "docs" / "p" / f"{n}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Page {n}\n\nOne paragraph of text for page {n}, as short as a page can be.\n")
    for name in ("index.md", "archive.md"):
        (project / "docs" / name).write_text(f"# {name}\n\nA paragraph.\n")
    (project / "docs" / "tags").mkdir()
    (project / "docs" / "tags" / "index.md").write_text("# Tags\n\nA paragraph.\n")
    seconds, peak, _ = run_measured([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict",
                                     "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                                    env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return seconds, peak


def weekdays(end: dt.date, count: int) -> list[dt.date]:
    """The last `count` weekdays up to end, oldest first."""
    out: list[dt.date] = []
    day = end
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day -= dt.timedelta(days=1)
    return out[::-1]


def make_digests(folder: Path, clean: list[dt.date], daily: list[dt.date]) -> tuple[list[Path], list[Path]]:
    """The files to import: for the clean build, a JSON listing a day but page text every
    PAGE_TEXT_EVERY-th; for the daily run, JSON listings, as `fetch` saves them."""
    text_days = set(clean[PAGE_TEXT_EVERY // 2::PAGE_TEXT_EVERY])
    write_days(folder, sorted(text_days), per_day=PAPERS_A_DAY)
    files = {day: folder / f"{day.isoformat()}.txt" if day in text_days
             else write_listing(folder, day, per_day=PER_DAY_LATER) for day in clean + daily}
    return [files[day] for day in clean], [files[day] for day in daily]


def index_state(site: Path) -> dict[str, tuple[int, bytes]]:
    """Each file of the search index -> (bytes, a hash of its content)."""
    folder = site / urls.SEARCH_INDEX
    return {path.relative_to(folder).as_posix(): (size, hashlib.blake2b(data, digest_size=16).digest())
            for path in folder.rglob("*") if path.is_file()
            for data in [path.read_bytes()] for size in [len(data)]}


def index_rewrite(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> tuple[float, float]:
    """The shares of the index's bytes before that a build wrote (files added or changed, their new
    bytes) and removed."""
    total = sum(size for size, _ in before.values())
    written = sum(size for name, (size, digest) in after.items() if before.get(name, (0, b""))[1] != digest)
    removed = sum(size for name, (size, _) in before.items() if name not in after)
    return written / total, removed / total


def daily_update(project: Path, digest: Path, full: float, index: dict[str, tuple[int, bytes]]) -> dict:
    """One day of the daily run: import its listing, build; times, peak, and what it rewrote."""
    t_import, m_import, _ = run_measured(generator(project, "import", str(digest)))
    t_build, m_build, out = run_measured(generator_unlimited(project, "build"))
    assert "only changed pages" in out, out
    after = index_state(project / "site")
    written, removed = index_rewrite(index, after)
    markdown = [int(n) for n in re.search(r"(\d+) written, (\d+) removed", out).groups()]
    return {"day": digest.stem, "import": t_import, "build": t_build, "peak": max(m_import, m_build),
            "phases": phases(out), "markdown": markdown, "daily/full": (t_import + t_build) / full,
            "index written": written, "index removed": removed, "index": after}


def run(papers: int, daily: int, work: Path) -> dict:
    days = max(2, round(papers / PAPERS_A_DAY))
    every = weekdays(END, days + daily)
    first, new_days = make_digests(work / f"archive-{papers}", every[:days], every[days:])
    project = scaffold(REPO, work / f"project-{papers}").root

    t_import, m_import, _ = run_measured(generator(project, "import", *map(str, first)))
    t_build, m_build, out = run_measured(generator_unlimited(project, "build"))
    clean = phases(out)
    # Markdown pages MkDocs renders (not the JSON copy); distinct papers, as re-appearances share a page
    pages, distinct = map(int, re.search(r"generated (\d+) pages \((\d+) papers", out).groups())
    tar = tar_parts(project / "site")
    # Related papers (part of generate), on their own: seconds to compute, and peak memory with the
    # archive loaded, beside the loading alone.
    repo = Path(__file__).resolve().parent.parent
    _, m_loaded, _ = run_measured([sys.executable, "-c", RELATED, str(project), "load"], cwd=repo)
    _, m_related, out_related = run_measured([sys.executable, "-c", RELATED, str(project), "related"], cwd=repo)
    t_related = float(out_related)

    full = t_import + t_build
    run_days, index = [], index_state(project / "site")
    for n, digest in enumerate(new_days, 1):
        day = daily_update(project, digest, full, index)
        index = day.pop("index")
        run_days.append(day)
        print(f"  daily update {n}/{len(new_days)} ({day['day']}): {day['import'] + day['build']:.1f} s = "
              f"{day['daily/full']:.3f} of the clean build; index {100 * day['index written']:.1f}% written, "
              f"{100 * day['index removed']:.1f}% removed", flush=True)
    started = time.perf_counter()
    links = check_links(project / "site")  # the published site after the daily run: nothing broken
    t_links = time.perf_counter() - started

    t_floor, m_floor = floor(work / f"floor-{papers}", pages)
    shutil.rmtree(work / f"floor-{papers}")

    one = run_days[0]  # the first day of the daily run, in detail
    return {
        "papers": papers, "days": days, "pages": pages,
        "import": t_import, **{f"clean {k}": v for k, v in clean.items()}, "clean build": t_build,
        "peak clean": max(m_import, m_build), "related": (t_related, m_related, m_loaded), "distinct papers": distinct, "tar": tar,
        "site bytes": sum(b for part, (b, _) in tar.items() if part != TAR_OVERHEAD),
        "site files": sum(f for _, f in tar.values()), "tar bytes": sum(b for b, _ in tar.values()),
        "daily import": one["import"], **{f"daily {k}": v for k, v in one["phases"].items()},
        "daily build": one["build"], "rewritten": one["markdown"], "daily/full": one["daily/full"],
        "daily days": run_days, "peak daily": max(d["peak"] for d in run_days),
        "links": (links.checked, len(links.broken), t_links),
        "floor": t_floor, "peak floor": m_floor,
        "gen/mkdocs": (t_import + clean["generate"]) / clean["mkdocs"],
        "build/floor": t_build / t_floor,
    }


def worst(r: dict, key: str) -> dict:
    """The day of the daily run with the largest figure for key."""
    return max(r["daily days"], key=lambda d: d[key])


def median(r: dict, key: str) -> float:
    values = sorted(d[key] for d in r["daily days"])
    return (values[(len(values) - 1) // 2] + values[len(values) // 2]) / 2


def _over(value: float, target: float) -> str:
    return "" if value <= target else " (over)"


def _day(r: dict, key: str, form: str) -> str:
    """The worst day's figure, with its date."""
    day = worst(r, key)
    return f"{form.format(day[key])} ({day['day']})"


def _part_label(part: str) -> str:
    where = [f"{name}/" if "." not in name else name for name, p in SITE_PARTS.items() if p == part]
    return f"tar: {part}" + (f" ({', '.join(where)})" if where else "")


def table(rows: list[dict]) -> None:
    """The measures so far, a column per size."""
    mib = lambda b: f"{b / 2**20:,.0f} MiB"  # noqa: E731
    sec = lambda s: f"{s:,.1f} s"  # noqa: E731
    per_paper = lambda r, b: f"{b / r['distinct papers']:,.0f} B a paper"  # noqa: E731
    lines = [
        ("papers (distinct) / days / pages",
         lambda r: f"{r['papers']:,} ({r['distinct papers']:,}) / {r['days']:,} / {r['pages']:,}"),
        ("import (all digests)", lambda r: sec(r["import"])),
        ("clean build: generate Markdown", lambda r: sec(r["clean generate"])),
        ("clean build: MkDocs and search index side by side", lambda r: sec(r["clean site"])),
        ("clean build: of which MkDocs / search index", lambda r: f"{sec(r['clean mkdocs'])} / {sec(r['clean search'])}"),
        ("clean build: total", lambda r: sec(r["clean build"])),
        ("related papers (in generate): time; peak memory (PSS), and the archive loaded alone  [target <= 60 s, 2 GB]",
         lambda r: f"{sec(r['related'][0])}; {mib(r['related'][1])}, {mib(r['related'][2])}"),
        ("peak memory (import + build; PSS of the process tree)  [target <= 4 GiB]",
         lambda r: mib(r["peak clean"]) + _over(r["peak clean"], TARGETS["peak"])),
        ("site size (clean build)", lambda r: f"{r['site bytes']:,} B in {r['site files']:,} files"),
        ("site as a tar  [target <= 10,000 B a paper: 1 GB at 100,000 papers]",
         lambda r: f"{r['tar bytes'] / 1e6:,.1f} MB, {per_paper(r, r['tar bytes'])}"
                   + _over(r["tar bytes"] / r["distinct papers"], TARGETS["tar per paper"])),
        *[(_part_label(part), lambda r, part=part: f"{per_paper(r, r['tar'][part][0])} "
           f"({r['tar'][part][0] / 1e6:,.1f} MB" + (f", {r['tar'][part][1]:,} files)" if part != TAR_OVERHEAD else ")"))
          for part in PARTS],
        ("first daily update: import one digest", lambda r: sec(r["daily import"])),
        ("first daily update: generate", lambda r: sec(r["daily generate"])),
        ("first daily update: MkDocs --dirty (the search index made beside generate)", lambda r: sec(r["daily site"])),
        ("first daily update: of which MkDocs / search index",
         lambda r: f"{sec(r['daily mkdocs'])} / {sec(r['daily search'])}"),
        ("first daily update: total build", lambda r: sec(r["daily build"])),
        ("first daily update: Markdown written / removed", lambda r: f"{r['rewritten'][0]} / {r['rewritten'][1]}"),
        ("daily run: days", lambda r: f"{len(r['daily days']):,}"),
        ("daily run: update / full (import + build), median; worst  [target <= 0.10]",
         lambda r: f"{median(r, 'daily/full'):.3f}; {_day(r, 'daily/full', '{:.3f}')}"
                   + _over(worst(r, "daily/full")["daily/full"], TARGETS["daily/full"])),
        ("daily run: search index bytes written, median; worst  [target <= 10%]",
         lambda r: f"{100 * median(r, 'index written'):.1f}%; {_day(r, 'index written', '{:.1%}')}"
                   + _over(worst(r, "index written")["index written"], TARGETS["index rewritten"])),
        ("daily run: search index bytes removed, median; worst",
         lambda r: f"{100 * median(r, 'index removed'):.1f}%; {_day(r, 'index removed', '{:.1%}')}"),
        ("peak memory (daily run; PSS of the process tree)  [target <= 4 GiB]",
         lambda r: mib(r["peak daily"]) + _over(r["peak daily"], TARGETS["peak"])),
        ("links checked / broken (after the daily run)",
         lambda r: f"{r['links'][0]:,} / {r['links'][1]:,} in {sec(r['links'][2])}"),
        ("MkDocs floor (minimal pages)", lambda r: f"{sec(r['floor'])} at {mib(r['peak floor'])}"),
        ("(import + generate) / MkDocs  [target <= 0.10]",
         lambda r: f"{r['gen/mkdocs']:.3f}" + _over(r["gen/mkdocs"], TARGETS["gen/mkdocs"])),
        ("clean build / floor  [target <= 1.3]",
         lambda r: f"{r['build/floor']:.3f}" + _over(r["build/floor"], TARGETS["build/floor"])),
    ]
    print("\n| measure | " + " | ".join(f"{r['papers']:,} papers" for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for name, show in lines:
        print(f"| {name} | " + " | ".join(show(r) for r in rows) + " |")


def measures(r: dict) -> list[Measure]:
    """One size's figures, as printed in its column, for benchmarks/results/build.jsonl."""
    papers = r["distinct papers"]
    seconds = ["import", *[f"{when} {phase}" for when in ("clean", "daily") for phase in PHASES],
               "clean build", "daily import", "daily build", "floor"]
    out: list[Measure] = [(f"{slug(name)}_s", r[name], "s") for name in seconds]
    out += [(f"{slug(name)}_mib", r[name] / 2**20, "MiB")
            for name in ("peak clean", "peak daily", "peak floor")]
    out += [("related_s", r["related"][0], "s"), ("related_peak_mib", r["related"][1] / 2**20, "MiB"),
            ("loaded_peak_mib", r["related"][2] / 2**20, "MiB"),
            ("distinct_papers", papers, "papers"), ("pages", r["pages"], "pages"),
            ("site_bytes", r["site bytes"], "B"), ("site_files", r["site files"], "files"),
            ("tar_bytes", r["tar bytes"], "B"), ("tar_bytes_a_paper", r["tar bytes"] / papers, "B"),
            *[(f"tar_{slug(part)}_bytes_a_paper", r["tar"][part][0] / papers, "B")
              for part in PARTS],
            ("daily_markdown_written", r["rewritten"][0], "files"),
            ("daily_markdown_removed", r["rewritten"][1], "files"),
            ("links_checked", r["links"][0], "links"), ("links_broken", r["links"][1], "links"),
            ("links_s", r["links"][2], "s"),
            *[(slug(name.replace("/", " per ")), r[name], "ratio")
              for name in ("gen/mkdocs", "build/floor", "daily/full")],
            ("daily_days", len(r["daily days"]), "days"),
            ("daily_per_full_median", median(r, "daily/full"), "ratio"),
            ("daily_per_full_worst", worst(r, "daily/full")["daily/full"], "ratio"),
            *[(f"daily_index_{what}_{which}_pct", 100 * figure(r, f"index {what}"), "%")
              for what in ("written", "removed")
              for which, figure in (("median", median), ("worst", lambda r, k: worst(r, k)[k]))]]
    return [(f"{name}@{r['papers']}", value, unit) for name, value, unit in out]


def previous_runs() -> dict[str, dict]:
    """Measure -> its row in the latest run recorded in benchmarks/results/build.jsonl."""
    path = RESULTS / "build.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {row["measure"].removeprefix("build."): row for row in map(json.loads, lines)}


def targets(r: dict, previous: dict[str, dict]) -> None:
    """Each of the issue's targets, met or not, for one size."""
    met = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    papers, size = r["distinct papers"], r["papers"]

    def was(measure: str) -> str:
        before = previous.get(f"{measure}@{size}")
        return f" (was {before['value']:,.0f} B, {before['commit']} {before['date'][:10]})" if before else ""
    per_paper = r["tar bytes"] / papers
    print(f"\nTargets at {size:,} papers:")
    print(f"- tar of site/ <= {TARGETS['tar per paper']:,} B a paper: {per_paper:,.0f} B{was('tar_bytes_a_paper')}, "
          f"{met(per_paper <= TARGETS['tar per paper'])}")
    for part in PARTS:
        print(f"    {part}: {r['tar'][part][0] / papers:,.0f} B{was(f'tar_{slug(part)}_bytes_a_paper')}")
    print(f"- clean build / floor <= {TARGETS['build/floor']}: {r['build/floor']:.3f}, "
          f"{met(r['build/floor'] <= TARGETS['build/floor'])}")
    peak = max(r["peak clean"], r["peak daily"])
    print(f"- peak memory (PSS of the process tree) <= 4 GiB: {peak / 2**20:,.0f} MiB, {met(peak <= TARGETS['peak'])}")
    day = worst(r, "daily/full")
    print(f"- daily update / full <= {TARGETS['daily/full']:.2f} on every day of {len(r['daily days'])}: "
          f"worst {day['daily/full']:.3f} ({day['day']}), {met(day['daily/full'] <= TARGETS['daily/full'])}")
    day = worst(r, "index written")
    print(f"- search index rewritten <= {TARGETS['index rewritten']:.0%} on every day: worst {day['index written']:.1%} "
          f"({day['day']}; removed at worst {worst(r, 'index removed')['index removed']:.1%}), "
          f"{met(day['index written'] <= TARGETS['index rewritten'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, nargs="+", default=[50000, 100000],
                    help="archive sizes to measure (default: 50000 100000; 100000 is the 1 GB target's size)")
    ap.add_argument("--daily", type=int, default=60, help="daily updates after the clean build (default: 60)")
    ap.add_argument("--work", type=Path, help="keep archives and sites here (default: a temporary folder)")
    args = ap.parse_args()
    if args.daily < 1:
        ap.error("--daily must be at least 1")
    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-build-bench-"))
    previous, rows = previous_runs(), []
    for n in args.papers:
        rows.append(run(n, args.daily, work))
        r = rows[-1]
        print(f"{n:,} papers done: clean build {r['clean build']:.0f} s, first daily {r['daily build']:.0f} s",
              flush=True)
        table(rows)
        targets(r, previous)
        record("build", measures(r))
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
