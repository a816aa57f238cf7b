"""Benchmarks keep their figures as data: each run appends a row per measure it prints to
benchmarks/results/<benchmark>.jsonl (benchmarks/record.py), and the files there stay well-formed."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
KEYS = ["commit", "date", "machine", "measure", "unit", "value"]


def rows(path: Path) -> list[dict]:
    """The file's rows, each checked to be one JSON object with the row's keys, sorted, on its line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [json.loads(line) for line in lines]
    for line, row in zip(lines, out):
        assert list(row) == KEYS, line
        assert line == json.dumps(row, sort_keys=True, ensure_ascii=False)
        assert isinstance(row["value"], (int, float)) and not isinstance(row["value"], bool), line
        assert row["measure"].startswith(path.stem + ".") and "@" in row["measure"], line
        assert row["unit"] and row["machine"] and row["commit"], line
    return out


def run_tex(results: Path) -> str:
    """The TeX benchmark at its smallest: 1 KB and 10 KB inputs, the working tree's decoder, one run each."""
    proc = subprocess.run([sys.executable, "benchmarks/tex.py", "--sizes", "1000", "10000", "--old", "none",
                           "--runs", "1"], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DPA_RESULTS_DIR": str(results)})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_benchmark_run_appends_a_row_for_each_figure_it_prints(tmp_path: Path) -> None:
    out = run_tex(tmp_path)
    printed = {}  # shape -> its cells: 1 KB, 10 KB, the ratio
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] != "shape":
            printed[cells[0]] = cells[1:]
    assert len(printed) == 8

    found = rows(tmp_path / "tex.jsonl")
    by_name = {row["measure"]: row for row in found}
    assert len(by_name) == len(found) == 3 * len(printed)
    for shape, (small, large, ratio) in printed.items():
        name = re.sub(r"[^a-z0-9]+", "_", shape.lower()).strip("_")
        for size, cell in (("1000", small), ("10000", large)):
            row = by_name[f"tex.new.{name}_ms@{size}"]
            assert (row["unit"], f"{row['value']:,.0f} ms") == ("ms", cell)
        row = by_name[f"tex.new.{name}_ratio@10000/1000"]
        assert (row["unit"], f"{row['value']:.1f}") == ("ratio", ratio)

    run = found[0]
    assert dt.datetime.strptime(run["date"], "%Y-%m-%dT%H:%M:%SZ")
    assert re.fullmatch(r"[0-9a-f]{4,40}(-dirty)?", run["commit"])
    assert all((row["date"], row["commit"], row["machine"]) == (run["date"], run["commit"], run["machine"])
               for row in found)


def test_a_second_run_appends_and_keeps_the_first(tmp_path: Path) -> None:
    run_tex(tmp_path)
    first = (tmp_path / "tex.jsonl").read_text(encoding="utf-8")
    run_tex(tmp_path)
    both = (tmp_path / "tex.jsonl").read_text(encoding="utf-8")
    assert both.startswith(first) and len(rows(tmp_path / "tex.jsonl")) == 2 * len(first.splitlines())


def test_the_recorded_results_are_well_formed() -> None:
    files = sorted(RESULTS.glob("*.jsonl"))
    assert {p.stem for p in files} >= {"build", "search", "backfill"}
    for path in files:
        for row in rows(path):
            dt.date.fromisoformat(row["date"][:10])
