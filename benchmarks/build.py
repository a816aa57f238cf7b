#!/usr/bin/env python3
"""Build benchmark: a clean build, the daily update, and MkDocs' own floor, measured in one run.

For each size it makes a synthetic archive with benchmarks/make_archive.py (one day more than it
imports at first), then measures, each as a separate process with its peak memory:
  - import of every digest, and a clean `python -m generator build` (generation, MkDocs, search index);
  - the daily update: importing the held-back day and building again;
  - the floor: MkDocs alone, same theme and config, on as many minimal one-paragraph pages.

    .venv/bin/python benchmarks/build.py                  # 5,000 and 50,000 papers
    .venv/bin/python benchmarks/build.py --papers 5000
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

from common import folder_size, generator, run_measured, scaffold  # noqa: E402
from generator.site.linkcheck import check_links  # noqa: E402
from make_archive import make_archive  # noqa: E402

PHASES = {"generate": r"generated .* in ([\d.]+) s", "site": r"built .* in ([\d.]+) s \(",
          "mkdocs": r"\(MkDocs ([\d.]+) s", "search": r"for search in ([\d.]+) s"}


def phases(out: str) -> dict[str, float]:
    return {name: float(re.search(pattern, out)[1]) for name, pattern in PHASES.items()}


def floor(work: Path, pages: int) -> tuple[float, int]:
    """MkDocs with the same theme and config on `pages` one-paragraph pages, outside the nav."""
    project = scaffold(work / "floor")
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
    project = scaffold(work / f"project-{papers}")

    t_import, m_import, _ = run_measured(generator(project, "import", *map(str, first)))
    t_build, m_build, out = run_measured(generator(project, "build"))
    clean = phases(out)
    pages = int(re.search(r"generated (\d+) pages", out)[1])  # Markdown pages MkDocs renders (not the JSON copy)
    site_bytes, site_files = folder_size(project / "site")

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
        "peak clean": max(m_import, m_build), "site bytes": site_bytes, "site files": site_files,
        "daily import": t_import1, **{f"daily {k}": v for k, v in daily.items()}, "daily build": t_daily,
        "peak daily": max(m_import1, m_daily), "rewritten": rewritten,
        "links": (links.checked, len(links.broken), t_links),
        "floor": t_floor, "peak floor": m_floor,
        "gen/mkdocs": (t_import + clean["generate"]) / clean["mkdocs"],
        "build/floor": t_build / t_floor,
        "daily/full": (t_import1 + t_daily) / full,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, nargs="+", default=[5000, 50000])
    ap.add_argument("--work", type=Path, help="keep archives and sites here (default: a temporary folder)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dpa-build-bench-"))
    rows = []
    for n in args.papers:
        rows.append(run(n, work))
        r = rows[-1]
        print(f"{n:,} papers done: clean build {r['clean build']:.0f} s, daily {r['daily build']:.0f} s", flush=True)

    mib = lambda b: f"{b / 2**20:,.0f} MiB"  # noqa: E731
    sec = lambda s: f"{s:,.1f} s"  # noqa: E731
    lines = [
        ("papers / days / pages", lambda r: f"{r['papers']:,} / {r['days']:,} / {r['pages']:,}"),
        ("import (all digests)", lambda r: sec(r["import"])),
        ("clean build: generate Markdown", lambda r: sec(r["clean generate"])),
        ("clean build: MkDocs and search index side by side", lambda r: sec(r["clean site"])),
        ("clean build: of which MkDocs / search index", lambda r: f"{sec(r['clean mkdocs'])} / {sec(r['clean search'])}"),
        ("clean build: total", lambda r: sec(r["clean build"])),
        ("peak memory (import + build)", lambda r: mib(r["peak clean"])),
        ("site size", lambda r: f"{r['site bytes']:,} B in {r['site files']:,} files"),
        ("daily update: import one digest", lambda r: sec(r["daily import"])),
        ("daily update: generate", lambda r: sec(r["daily generate"])),
        ("daily update: MkDocs --dirty and search index side by side", lambda r: sec(r["daily site"])),
        ("daily update: of which MkDocs / search index", lambda r: f"{sec(r['daily mkdocs'])} / {sec(r['daily search'])}"),
        ("daily update: total build", lambda r: sec(r["daily build"])),
        ("daily update: Markdown written / removed", lambda r: f"{r['rewritten'][0]} / {r['rewritten'][1]}"),
        ("peak memory (daily update)", lambda r: mib(r["peak daily"])),
        ("links checked / broken (after the daily update)",
         lambda r: f"{r['links'][0]:,} / {r['links'][1]:,} in {sec(r['links'][2])}"),
        ("MkDocs floor (minimal pages)", lambda r: f"{sec(r['floor'])} at {mib(r['peak floor'])}"),
        ("(import + generate) / MkDocs  [target <= 0.10]", lambda r: f"{r['gen/mkdocs']:.2f}"),
        ("clean build / floor  [target <= 1.3]", lambda r: f"{r['build/floor']:.2f}"),
        ("daily update / full (import + build)  [target <= 0.25]", lambda r: f"{r['daily/full']:.2f}"),
    ]
    print("\n| measure | " + " | ".join(f"{r['papers']:,} papers" for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for name, show in lines:
        print(f"| {name} | " + " | ".join(show(r) for r in rows) + " |")
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
