"""The search index's segments (generator/search/index.py `layout`): sealed runs of papers that a
daily update never rewrites, merged as the archive grows, so that no day rewrites more than a
tenth of the index once it is large."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO
from generator.archive import Archive
from generator.pipeline import load_archive
from generator.project import Project
from generator.search import build_search_index
from generator.search import index as search_index
from generator.search.index import REWRITE_SHARE, SEGMENT_STEP, documents, layout

DAY = 40  # papers a day, about


def rewritten(before: list[tuple[int, int]], after: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The segments a day makes anew: the newest (its weights use the whole archive's average
    lengths, so it is made again every day) and every one it did not have sealed before."""
    return [span for span in after if span not in before[:-1]]


def test_a_daily_update_rewrites_at_most_a_tenth_of_a_large_archives_segments():
    # Day after day up to 150,000 papers: once the archive holds more than REWRITE_SHARE steps
    # (from the day after its 10th step of 2,048 papers is sealed: 20,560 papers), no day makes
    # segments anew for more than a tenth of the papers, the days a sealed segment merges into a
    # larger one included.
    worst, most = 0.0, 0
    yesterday = layout(0)
    for count in range(DAY, 150_001, DAY):
        today = layout(count)
        if count > REWRITE_SHARE * SEGMENT_STEP + DAY:
            worst = max(worst, sum(end - start for start, end in rewritten(yesterday, today)) / count)
        most = max(most, len(today))
        yesterday = today
    print(f"\nworst day: {worst:.2%} of the papers; at most {most} segments")
    assert worst <= 1 / REWRITE_SHARE
    assert most <= 32  # a query fetches a chunk per word per segment


def test_segments_cover_the_papers_in_order_and_a_sealed_one_only_ever_merges_whole():
    yesterday = layout(0)
    for count in range(1, 60_000, 7):
        today = layout(count)
        assert [start for start, _ in today] == [0] + [end for _, end in today[:-1]] and today[-1][1] == count
        *sealed, (newest, _) = today
        assert all(end % SEGMENT_STEP == 0 for _, end in sealed) and 0 < count - newest <= SEGMENT_STEP
        for start, end in yesterday[:-1]:  # each of yesterday's sealed segments is within one of today's
            assert any(a <= start and end <= b for a, b in sealed)
        yesterday = today


def test_a_small_archive_is_two_segments_as_before():
    assert layout(1) == [(0, 1)]
    assert layout(SEGMENT_STEP) == [(0, SEGMENT_STEP)]
    assert layout(5 * SEGMENT_STEP + 1) == [(0, 5 * SEGMENT_STEP), (5 * SEGMENT_STEP, 5 * SEGMENT_STEP + 1)]


def index_folder(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


@pytest.fixture(scope="module")
def bundled() -> Archive:
    return load_archive(Project(REPO))


def first(archive: Archive, count: int) -> Archive:
    """The archive as it stood when it held its first `count` papers (as far as the index sees it)."""
    return Archive(days=[], papers={p.slug: p for p in documents(archive)[:count]}, tags=archive.tags)


def named_segments(index: Path) -> dict[tuple[int, int], str]:
    return {(s["start"], s["end"]): s["name"] for s in json.loads((index / "manifest.json").read_text())["segments"]}


def test_day_after_day_the_index_keeps_its_sealed_segments_and_equals_a_clean_build(bundled, tmp_path, monkeypatch):
    # The bundled papers, twelve a day, in steps of 12 papers (standing for 2,048): the index grows to
    # 36 steps, its sealed segments merging. Each day keeps the folder of every sealed segment it
    # had, makes the newest anew, leaves no folder behind, and ends as a clean build.
    monkeypatch.setattr(search_index, "SEGMENT_STEP", 12)
    target = tmp_path / "index"
    total = len(bundled.papers)
    build_search_index(first(bundled, 12), target)
    merged = False
    for count in [*range(24, total, 12), total]:
        before = named_segments(target)
        build_search_index(first(bundled, count), target)
        after = named_segments(target)
        assert list(after) == layout(count)
        made = rewritten(list(before), list(after))
        assert all(after[span] == before[span] for span in after if span not in made)  # kept as it was
        assert made[-1] == layout(count)[-1] and after[made[-1]] != before.get(made[-1])  # the newest, made anew
        merged = merged or any(end - start > 12 for start, end in rewritten(list(before), list(after))[:-1])
        assert sorted(p.name for p in (target / "segments").iterdir()) == sorted(after.values())
    assert merged  # the run saw sealed segments merge
    clean = tmp_path / "clean"
    build_search_index(first(bundled, total), clean)
    assert index_folder(target) == index_folder(clean)
