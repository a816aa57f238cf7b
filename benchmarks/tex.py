#!/usr/bin/env python3
"""TeX decoding benchmark: is generator/tex.py linear in its input, whatever the input?

A build renders each abstract several times (tex.text for descriptions, snippets and feeds,
tex.html for its page, tex.has_math), so one abstract the decoder takes quadratic time over stalls
the whole build. For each hostile shape below, an input of 100 KB and one of 1 MB (the shape's
unit repeated) is decoded as a build does, text() + html() + has_math(), and the best of a few runs
is timed. The ratio time(1 MB) / time(100 KB) is about 10 for a linear decoder and about 100 for
a quadratic one.

Beside the working tree's decoder it times an older one, read from git (--old, a revision: by
default the commit before the decoder was made linear), so the two can be compared side by side.
An old decoder's run that would take longer than --budget seconds if it were quadratic (projected
from the size before) is not made: the table says so.

    .venv/bin/python benchmarks/tex.py
    .venv/bin/python benchmarks/tex.py --old none          # the working tree's decoder only
    .venv/bin/python benchmarks/tex.py --sizes 100000 1000000 5000000
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import tex  # noqa: E402
from record import Measure, record, slug  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OLD = "011144bf8d4cdead83639c8c4d93467dfb2bfda1"  # the last commit whose decoder was quadratic

# Each shape: (start, unit, end), the unit repeated to the input's size. What could make a decoder
# rescan the rest of the text for each unit.
SHAPES = {
    "quotes": ("", "``a'' `b' \"c\" ''d'' ``e\" ", ""),  # an opening quote looks for its closing one
    "quotes never closed": ("", "``a `b ", ""),  # ... and finds none
    "dollars": ("", "$x$ $5 and $ \\$ $$y$$ ", ""),  # a $ looks for the next one
    "braces, backslashes": ("", "{\\em a} \\emph{b {\\bf c \\'e \\alpha\\\\ \\% \\{ ", ""),  # unclosed groups
    "unclosed \\( on one line": ("", "\\(a \\[b ", "\n\\) \\]"),  # closed on the next line only
    "host-less URLs, no spaces": ("", "http://.", ""),  # each looks for its end, then has no host
    "a URL, then brackets": ("http://a.org/x", ")]", ""),  # sentence punctuation, or the URL's own?
    "all of them": ("", "``a'' $x$ {\\em b} \\\\ \"c\" `d' \\(e http://.http://f.org/g)) -- h~i ", "\n\\)"),
}


def load(revision: str) -> ModuleType | None:
    """generator/tex.py as it was at a git revision, imported by path; None if git has no such file."""
    try:
        source = subprocess.run(["git", "show", f"{revision}:generator/tex.py"], cwd=REPO, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp(prefix="dpa-tex-bench-")) / "tex_old.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("tex_old", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hostile(shape: str, size: int) -> str:
    start, unit, end = SHAPES[shape]
    body = size - len(start) - len(end)
    return start + (unit * (body // len(unit) + 1))[:body] + end


def timed(decoder: ModuleType, text: str, runs: int) -> float:
    """Seconds to decode text as a build does, the best of runs."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        decoder.text(text)
        decoder.html(text)
        decoder.has_math(text)
        best = min(best, time.perf_counter() - started)
    return best


def measure(decoder: ModuleType, shape: str, sizes: list[int], runs: int, budget: float) -> list[float | None]:
    """Seconds for each size; None where the run would take longer than budget if the decoder were
    quadratic, as projected from the size before (the first from a run at a tenth of its size)."""
    times: list[float | None] = []
    before: float | None = timed(decoder, hostile(shape, sizes[0] // 10), 1)
    before_size = sizes[0] // 10
    for size in sizes:
        if before is None or before * (size / before_size) ** 2 > budget:
            times.append(None)
            before = None
            continue
        text = hostile(shape, size)
        t = timed(decoder, text, 1)
        if runs > 1 and t * runs < budget:
            t = min(t, timed(decoder, text, runs - 1))
        times.append(t)
        before, before_size = t, size
    return times


def show(t: float | None, budget: float) -> str:
    return f"> {budget:.0f} s (not run)" if t is None else f"{t * 1000:,.0f} ms" if t < 10 else f"{t:,.1f} s"


def ratio(times: list[float | None]) -> str:
    first, last = times[0], times[-1]
    return "-" if first is None or last is None or first == 0 else f"{last / first:.1f}"


def measures(shape: str, sizes: list[int], results: list[tuple[str, list[float | None]]]) -> list[Measure]:
    """A shape's row as measures: each decoder's milliseconds at each size it ran, and its ratio."""
    name = slug(shape)
    out: list[Measure] = [(f"{decoder}.{name}_ms@{size}", t * 1000, "ms")
                          for decoder, times in results for size, t in zip(sizes, times) if t is not None]
    out += [(f"{decoder}.{name}_ratio@{sizes[-1]}/{sizes[0]}", times[-1] / times[0], "ratio")
            for decoder, times in results if times[0] and times[-1] is not None]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                    help="input sizes in characters, smallest first (default: 100000 1000000)")
    ap.add_argument("--old", default=OLD, help=f"git revision of the decoder to compare with, or 'none' (default: {OLD[:12]})")
    ap.add_argument("--runs", type=int, default=3, help="runs per measure, the best one counts (default: 3)")
    ap.add_argument("--budget", type=float, default=120, help="longest a single old run may take, in seconds (default: 120)")
    args = ap.parse_args()
    old = None if args.old == "none" else load(args.old)
    if args.old != "none" and old is None:
        print(f"(no generator/tex.py at git revision {args.old}: the working tree's decoder only)")
    decoders = [("new", tex)] + ([("old", old)] if old else [])
    sizes = [f"{s / 1e6:g} MB" if s >= 1_000_000 else f"{s / 1e3:g} KB" for s in args.sizes]
    ratio_name = f"{sizes[-1]} / {sizes[0]}"
    header = ["shape"] + [f"{name} {size}" for name, _ in decoders for size in sizes] \
        + [f"{name} {ratio_name}" for name, _ in decoders]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---|" * (len(header) - 1))
    rows: list[Measure] = []
    for shape in SHAPES:
        # the working tree's decoder is always run to the end: that it finishes is the point
        results = [measure(decoder, shape, args.sizes, args.runs, args.budget if name == "old" else float("inf"))
                   for name, decoder in decoders]
        cells = [show(t, args.budget) for times in results for t in times] + [ratio(times) for times in results]
        print(f"| {shape} | " + " | ".join(cells) + " |", flush=True)
        rows += measures(shape, args.sizes, [(name, times) for (name, _), times in zip(decoders, results)])
    print(f"\n(linear: {ratio_name} is about {args.sizes[-1] / args.sizes[0]:g}; quadratic: about "
          f"{(args.sizes[-1] / args.sizes[0]) ** 2:g})")
    record("tex", rows)


if __name__ == "__main__":
    main()
