"""A benchmark's figures as data: each run appends one row per measure to benchmarks/results/<benchmark>.jsonl.

A row is one JSON object on a line, keys sorted, so the files diff cleanly and keep the history:

    {"commit": "9f147a5-dirty", "date": "2026-12-07T19:40:00Z", "machine": "Linux x86_64, 2 cores, 7.8 GiB",
     "measure": "search.header_p50_ms@50000", "unit": "ms", "value": 98.0}

commit is the working tree's short sha, with "-dirty" when it holds uncommitted changes; machine is
what the figures depend on most (system, cores, memory), so rows from different machines are told apart.
A measure's name is "<benchmark>.<what>@<size>", stable from run to run.

The environment variable DPA_RESULTS_DIR sends the rows to another folder (the tests point it at a
scratch one); unset, they go to benchmarks/results/.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"

Measure = tuple[str, float, str]  # (name after the benchmark's, value, unit)


def slug(words: str) -> str:
    """A label as printed ("paper pages", "braces, backslashes") as part of a measure's name."""
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def commit() -> str:
    """The working tree's short sha, "-dirty" if it has changes; "unknown" outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True).stdout
    try:
        sha = git("rev-parse", "--short", "HEAD").strip()
        # The results files themselves change as a run records: they do not make the code dirty.
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!benchmarks/results")
        return sha + ("-dirty" if changed.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    """System, architecture, cores and total memory: stable for one machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory:.1f} GiB"


def rows(benchmark: str, measures: Iterable[Measure], date: str, sha: str, where: str) -> list[str]:
    """The lines to append: one JSON object per measure, keys sorted."""
    return [json.dumps({"commit": sha, "date": date, "machine": where, "measure": f"{benchmark}.{name}",
                        "unit": unit, "value": round(value, 6)}, sort_keys=True, ensure_ascii=False)
            for name, value, unit in measures]


def record(benchmark: str, measures: Iterable[Measure]) -> Path:
    """Append the measures of one run to <results>/<benchmark>.jsonl; returns the file."""
    folder = Path(os.environ.get("DPA_RESULTS_DIR") or RESULTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{benchmark}.jsonl"
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = rows(benchmark, measures, date, commit(), machine())
    with path.open("a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    print(f"({len(lines)} measures appended to {path})", file=sys.stderr)
    return path
