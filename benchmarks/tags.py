#!/usr/bin/env python3
"""Tag coverage: how well tags.yaml sorts an archive, on the bundled one and a real-shaped one.

For each archive it prints the number of tags, the largest tag's share of papers (a tag on most
papers filters nothing), the share of papers with no tag (found by no tag page), and tags a paper.
The real-shaped archive is N weekdays from 2025-01-01 of benchmarks/listings.py (real-shaped API
listings whose titles and sentences come from the seed digests, so the taxonomy meets realistic
vocabulary), imported into a scratch project (generator.project.scaffold); 308 days make about 12,000 papers.

With --baseline REF the same papers are also tagged by tags.yaml and generator/taxonomy.py as they
are at git revision REF (read with `git show`), printed beside the working tree's figures.

    .venv/bin/python benchmarks/tags.py                      # bundled, and 308 days (~12,000 papers)
    .venv/bin/python benchmarks/tags.py --days 20 --baseline HEAD
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO, generator, run_measured  # noqa: E402
from listings import days_with_papers, write_listing  # noqa: E402
from record import Measure, record  # noqa: E402

from generator.archive import Archive  # noqa: E402
from generator.pipeline import load_archive  # noqa: E402
from generator.project import Project, scaffold  # noqa: E402

START = dt.date(2025, 1, 1)


def real_shaped(root: Path, days: int) -> Project:
    """A scratch project holding the listings of the first `days` weekdays from START."""
    project = scaffold(REPO, root / "project")
    listings = root / "listings"
    listings.mkdir()
    chosen = days_with_papers(START, START + dt.timedelta(days=days * 2))[:days]
    files = [write_listing(listings, day) for day in chosen]
    for i in range(0, len(files), 50):  # a command line of bounded length
        run_measured(generator(project.root, "import", "--allow-future", *map(str, files[i:i + 50])))
    return project


def baseline_module(ref: str, tmp: Path) -> tuple[ModuleType, Path]:
    """generator/taxonomy.py and tags.yaml at git revision ref: the module (inside the generator package,
    so its relative imports resolve) and the taxonomy file."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:generator/taxonomy.py"],
                            check=True, capture_output=True, text=True).stdout
    taxonomy = tmp / f"tags-{ref}.yaml"
    taxonomy.write_text(subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:tags.yaml"],
                                       check=True, capture_output=True, text=True).stdout, encoding="utf-8")
    path = tmp / "taxonomy_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("generator.taxonomy_baseline", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module, taxonomy


def shares(tags_of: list[list[str]], count: int) -> dict[str, object]:
    """The figures for papers whose tag slugs are tags_of, from a taxonomy of count tags."""
    n = len(tags_of)
    on = Counter(slug for slugs in tags_of for slug in set(slugs))
    widest, widest_n = on.most_common(1)[0] if on else ("-", 0)
    return {"papers": n, "tags": count, "used": len(on), "widest": widest, "widest share": widest_n / n,
            "untagged": sum(not s for s in tags_of) / n, "per paper": sum(map(len, tags_of)) / n}


def measure(archive: Archive, baseline: tuple[ModuleType, Path] | None) -> list[tuple[str, dict[str, object]]]:
    papers = sorted(archive.papers.values(), key=lambda p: p.slug)
    rows = []
    if baseline:
        module, taxonomy = baseline
        tagger = module.Tagger(module.load_taxonomy(taxonomy))
        old = [sorted(set(p.entry.tags) | {t.slug for t in tagger.tag(p.entry.title, p.entry.abstract)})
               for p in papers]
        rows.append(("baseline", shares(old, len(tagger.tags))))
    rows.append(("now", shares([[t.slug for t in p.tags] for p in papers], len(archive.tags))))
    return rows


def report(name: str, rows: list[tuple[str, dict[str, object]]]) -> None:
    for label, r in rows:
        print(f"{name:<13} {label:<9} {r['papers']:>6} papers  {r['tags']:>3} tags ({r['used']} used)  "
              f"largest {r['widest share']:6.1%} ({r['widest']})  untagged {r['untagged']:5.1%}  "
              f"{r['per paper']:.2f} tags a paper")


def measures(name: str, rows: list[tuple[str, dict[str, object]]]) -> list[Measure]:
    """The figures report() prints, for benchmarks/results/tags.jsonl."""
    keys = [("papers", "papers", "papers"), ("tags", "tags", "tags"), ("used", "tags_used", "tags"),
            ("widest share", "largest_tag_pct", "%"), ("untagged", "untagged_pct", "%"),
            ("per paper", "tags_a_paper", "tags")]
    return [(f"{label}.{measure}@{name}", value * (100 if unit == "%" else 1), unit)
            for label, r in rows for key, measure, unit in keys if isinstance(value := r[key], (int, float))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=308,
                        help="weekdays of real-shaped listings (0: none); 308 make about 12,000 papers")
    parser.add_argument("--baseline", metavar="REF",
                        help="also tag with tags.yaml and taxonomy.py at this git revision")
    args = parser.parse_args()
    measured: list[Measure] = []
    with tempfile.TemporaryDirectory() as tmp:
        baseline = baseline_module(args.baseline, Path(tmp)) if args.baseline else None
        rows = measure(load_archive(Project(REPO)), baseline)
        report("bundled", rows)
        measured += measures("bundled", rows)
        if args.days:
            rows = measure(load_archive(real_shaped(Path(tmp) / "real", args.days)), baseline)
            report("real-shaped", rows)
            measured += measures(f"real_shaped_{args.days}_days", rows)
    record("tags", measured)


if __name__ == "__main__":
    main()
