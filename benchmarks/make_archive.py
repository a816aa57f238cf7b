#!/usr/bin/env python3
"""Make a synthetic archive of Daily Papers digests, of any size, for the benchmarks.

Follows the team's recipe: one file per day in the page-text layout of seeds/000_*.txt, named
YYYY-MM-DD.txt; titles and abstract sentences recombined from the real seeds in this repository;
every paper carries a made-up word of its own (its marker) in its title and abstract, so a search
for it has exactly one right answer; about 4% of entries re-appear on a later day; about 10% have
no metadata block. Deterministic: the same arguments always give the same files.

    python benchmarks/make_archive.py --days 1250 --per-day 40 --out /tmp/archive --markers /tmp/markers.tsv
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SYLLABLES = ["ka", "ro", "vex", "li", "mor", "tan", "qui", "zu", "pel", "dri", "on", "sa", "gor", "ny", "fle", "bax"]
HEADER = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
          "byAK and the research community"]


def seed_vocabulary() -> tuple[list[str], list[str]]:
    """Titles and abstract sentences of the real seed digests."""
    titles, sentences = set(), set()
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 300:
                sentences.update(s for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 30)
            elif 20 < len(line) < 200 and not line.startswith(("•", "Get trending", "Subscribe", "byAK")):
                titles.add(line)
    return sorted(titles), sorted(sentences)


def marker(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + str(n)


def page_date(day: dt.date, digest_day: dt.date) -> str:
    return f"{day:%b} {day.day}" + (f", {day.year}" if day.year != digest_day.year else "")


def make_archive(out: Path, days: int, per_day: int, start: dt.date, seed: int = 1) -> list[tuple[str, str, str]]:
    """Write the digests of `days` days in a row; returns (marker, title, first day) for every distinct paper."""
    return write_days(out, [start + dt.timedelta(days=d) for d in range(days)], per_day, seed)


def write_days(out: Path, dates: list[dt.date], per_day: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """Write a digest for each of dates, oldest first (re-appearances come back on later ones);
    returns (marker, title, first day) for every distinct paper."""
    rng = random.Random(seed)
    titles, sentences = seed_vocabulary()
    out.mkdir(parents=True, exist_ok=True)
    shown: list[tuple[str, str, tuple | None]] = []  # (title, abstract, metadata) for re-appearances
    markers = []
    for day in dates:
        lines = [*HEADER, f"{day:%b} {day.day}"]
        for _ in range(per_day):
            if shown and rng.random() < 0.04:
                title, abstract, meta = rng.choice(shown)
            else:
                word = marker(rng, len(markers) + 1)
                title = f"{word}: {rng.choice(titles)}"
                abstract = f"We introduce {word}. " + " ".join(rng.sample(sentences, rng.randint(5, 9)))
                published = day - dt.timedelta(days=rng.choice([0, 1, 2, 3, 7, 30, 200, 500]))
                who = rng.choice([f"  • {rng.randint(1, 30)} authors", "apple Apple", "stanfordnlp Stanford NLP"])
                votes = rng.choice(["", "", f" {rng.randint(1, 300)}"])
                meta = (who, published, votes) if rng.random() < 0.9 else None
                shown.append((title, abstract, meta))
                markers.append((word, title, day.isoformat()))
            lines += [title, abstract]
            if meta:  # rendered for the day it appears on: the page omits only that day's year
                who, published, votes = meta
                lines.append(f"{who}\n·\n{page_date(published, day)}{votes}")
        (out / f"{day.isoformat()}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return markers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=25)
    ap.add_argument("--per-day", type=int, default=40)
    ap.add_argument("--start", default="2023-05-04", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--markers", type=Path, help="write 'marker<TAB>title<TAB>first day' rows here")
    a = ap.parse_args()
    markers = make_archive(a.out, a.days, a.per_day, a.start, a.seed)
    if a.markers:
        a.markers.write_text("".join(f"{m}\t{t}\t{d}\n" for m, t, d in markers), encoding="utf-8")
    print(f"{a.days} digests, {len(markers)} distinct papers, in {a.out}")


if __name__ == "__main__":
    main()
