#!/usr/bin/env python3
"""Build benchmark: a clean build, the daily update, and MkDocs' own floor, measured in one run.

For each size it makes a synthetic archive with benchmarks/make_archive.py (one day more than it
imports at first), then measures, each as a separate process with its peak memory:
  - import of every digest, and a clean `python -m generator build` (generation, MkDocs, search index);
  - the daily update: importing the held-back day and building again;
  - the floor: MkDocs alone, same theme and config, on as many minimal one-paragraph pages;
  - the clean build's site/ as GitHub Pages counts it (at most 1 GB): the size of a tar of it, as
    actions/upload-pages-artifact makes one (GNU tar of `.` in site/), computed from the file sizes:
    a 512-byte header per folder and file (a name over 100 bytes takes a long-name entry too),
    each file's bytes padded to a multiple of 512, 1,024 zero bytes at the end, all padded to tar's
    10,240-byte record. Split by part of the site (`site_part`), with the headers and padding as a
    part of their own, each in bytes per paper (distinct papers, as the build reports them).
After each size it prints the table so far, a column per size, with the targets beside the totals.

    .venv/bin/python benchmarks/build.py                  # 5,000 and 50,000 papers
    .venv/bin/python benchmarks/build.py --papers 5000
    .venv/bin/python benchmarks/build.py --papers 100000  # the size the 1 GB target is set for
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, generator, run_measured  # noqa: E402
from generator import urls  # noqa: E402
from generator.project import scaffold  # noqa: E402
from generator.site.linkcheck import check_links  # noqa: E402
from make_archive import make_archive  # noqa: E402
from record import Measure, record, slug  # noqa: E402

PHASES = {"generate": r"generated .* in ([\d.]+) s", "site": r"built .* in ([\d.]+) s \(",
          "mkdocs": r"\(MkDocs ([\d.]+) s", "search": r"for search in ([\d.]+) s"}
# The targets of the issue "100,000 papers on one GitHub Pages site": a tar of 1 GB at 100,000 papers.
TARGETS = {"tar per paper": 10_000, "build/floor": 1.3, "peak": 4 * 2**30, "daily/full": 0.10, "gen/mkdocs": 0.10}
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


def run(papers: int, work: Path) -> dict:
    days = max(2, papers // 40)
    archive = work / f"archive-{papers}"
    make_archive(archive, days=days + 1, per_day=40, start=dt.date(2023, 5, 4))
    digests = sorted(archive.glob("*.txt"))
    *first, new_day = digests
    project = scaffold(REPO, work / f"project-{papers}").root

    t_import, m_import, _ = run_measured(generator(project, "import", *map(str, first)))
    t_build, m_build, out = run_measured(generator(project, "build"))
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

    t_import1, m_import1, _ = run_measured(generator(project, "import", str(new_day)))
    t_daily, m_daily, out = run_measured(generator(project, "build"))
    daily = phases(out)
    assert "only changed pages" in out, out
    rewritten = [int(n) for n in re.search(r"(\d+) written, (\d+) removed", out).groups()]
    started = time.perf_counter()
    links = check_links(project / "site")  # the published site after the daily update: nothing broken
    t_links = time.perf_counter() - started

    t_floor, m_floor = floor(work / f"floor-{papers}", pages)
    shutil.rmtree(work / f"floor-{papers}")

    full = t_import + t_build
    return {
        "papers": papers, "days": days, "pages": pages,
        "import": t_import, **{f"clean {k}": v for k, v in clean.items()}, "clean build": t_build,
        "peak clean": max(m_import, m_build), "related": (t_related, m_related, m_loaded), "distinct papers": distinct, "tar": tar,
        "site bytes": sum(b for part, (b, _) in tar.items() if part != TAR_OVERHEAD),
        "site files": sum(f for _, f in tar.values()), "tar bytes": sum(b for b, _ in tar.values()),
        "daily import": t_import1, **{f"daily {k}": v for k, v in daily.items()}, "daily build": t_daily,
        "peak daily": max(m_import1, m_daily), "rewritten": rewritten,
        "links": (links.checked, len(links.broken), t_links),
        "floor": t_floor, "peak floor": m_floor,
        "gen/mkdocs": (t_import + clean["generate"]) / clean["mkdocs"],
        "build/floor": t_build / t_floor,
        "daily/full": (t_import1 + t_daily) / full,
    }


def _over(value: float, target: float) -> str:
    return "" if value <= target else " (over)"


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
        ("related papers (in generate): time; peak memory, and the archive loaded alone  [target <= 60 s, 2 GB]",
         lambda r: f"{sec(r['related'][0])}; {mib(r['related'][1])}, {mib(r['related'][2])}"),
        ("peak memory (import + build)  [target <= 4 GiB]",
         lambda r: mib(r["peak clean"]) + _over(r["peak clean"], TARGETS["peak"])),
        ("site size (clean build)", lambda r: f"{r['site bytes']:,} B in {r['site files']:,} files"),
        ("site as a tar  [target <= 10,000 B a paper: 1 GB at 100,000 papers]",
         lambda r: f"{r['tar bytes'] / 1e6:,.1f} MB, {per_paper(r, r['tar bytes'])}"
                   + _over(r["tar bytes"] / r["distinct papers"], TARGETS["tar per paper"])),
        *[(_part_label(part), lambda r, part=part: f"{per_paper(r, r['tar'][part][0])} "
           f"({r['tar'][part][0] / 1e6:,.1f} MB" + (f", {r['tar'][part][1]:,} files)" if part != TAR_OVERHEAD else ")"))
          for part in PARTS],
        ("daily update: import one digest", lambda r: sec(r["daily import"])),
        ("daily update: generate", lambda r: sec(r["daily generate"])),
        ("daily update: MkDocs --dirty (the search index made beside generate)", lambda r: sec(r["daily site"])),
        ("daily update: of which MkDocs / search index", lambda r: f"{sec(r['daily mkdocs'])} / {sec(r['daily search'])}"),
        ("daily update: total build", lambda r: sec(r["daily build"])),
        ("daily update: Markdown written / removed", lambda r: f"{r['rewritten'][0]} / {r['rewritten'][1]}"),
        ("peak memory (daily update)  [target <= 4 GiB]",
         lambda r: mib(r["peak daily"]) + _over(r["peak daily"], TARGETS["peak"])),
        ("links checked / broken (after the daily update)",
         lambda r: f"{r['links'][0]:,} / {r['links'][1]:,} in {sec(r['links'][2])}"),
        ("MkDocs floor (minimal pages)", lambda r: f"{sec(r['floor'])} at {mib(r['peak floor'])}"),
        ("(import + generate) / MkDocs  [target <= 0.10]",
         lambda r: f"{r['gen/mkdocs']:.3f}" + _over(r["gen/mkdocs"], TARGETS["gen/mkdocs"])),
        ("clean build / floor  [target <= 1.3]",
         lambda r: f"{r['build/floor']:.3f}" + _over(r["build/floor"], TARGETS["build/floor"])),
        ("daily update / full (import + build)  [target <= 0.10]",
         lambda r: f"{r['daily/full']:.3f}" + _over(r["daily/full"], TARGETS["daily/full"])),
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
              for name in ("gen/mkdocs", "build/floor", "daily/full")]]
    return [(f"{name}@{r['papers']}", value, unit) for name, value, unit in out]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, nargs="+", default=[5000, 50000],
                    help="archive sizes to measure (default: 5000 50000; 100000 is the 1 GB target's size)")
    ap.add_argument("--work", type=Path, help="keep archives and sites here (default: a temporary folder)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-build-bench-"))
    rows = []
    for n in args.papers:
        rows.append(run(n, work))
        r = rows[-1]
        print(f"{n:,} papers done: clean build {r['clean build']:.0f} s, daily {r['daily build']:.0f} s", flush=True)
        table(rows)
        record("build", measures(r))
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
