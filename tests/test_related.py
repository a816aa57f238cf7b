"""Related papers (generator/related.py) on the bundled archive: about five for every paper, all
featured no later than it, the same on every run and on every core, untouched by a later day; lists
that read as related; and "more like this" words that the search, which requires every word, finds
the paper and some of its related papers by."""
from __future__ import annotations

import dataclasses
import math
import random
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from generator import cores, related as related_module
from generator.archive import Archive
from generator.pipeline import load_archive
from generator.project import Project
from generator.related import Memory, Related, dump_memory, load_memory, related
from generator.search.analysis import analyse, tokens

NEWEST = "2025-12-09"  # the bundled archive's newest day


def load(root: Path, leave_out: str | None = None) -> Archive:
    """The bundled archive from a copy (loading writes a cache beside the digests), without one day."""
    shutil.copytree(REPO / "digests", root / "digests",
                    ignore=lambda folder, names: [n for n in names if n == f"{leave_out}.yaml"])
    shutil.copy(REPO / "tags.yaml", root / "tags.yaml")
    return load_archive(Project(root))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    return load(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def lists(archive: Archive) -> dict[str, Related]:
    return related(archive)


def titles(archive: Archive, lists: dict[str, Related], title: str) -> list[str]:
    [slug] = [s for s, p in archive.papers.items() if p.entry.title == title]
    return [archive.papers[s].entry.title for s in lists[slug].papers]


def terms_of(text: str) -> set[str]:
    return set(analyse(text)[1])


def test_every_paper_has_five_related_papers_featured_no_later_than_it(archive: Archive,
                                                                       lists: dict[str, Related]) -> None:
    assert lists.keys() == archive.papers.keys()
    for slug, found in lists.items():
        first = archive.papers[slug].days[0]
        assert len(found.papers) == 5, slug  # the oldest day alone has 234 papers to choose from
        assert len(set(found.papers)) == 5 and slug not in found.papers, slug
        assert all(archive.papers[other].days[0] <= first for other in found.papers), slug


def test_the_lists_are_the_same_on_every_run_and_on_every_core(archive: Archive, lists: dict[str, Related],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert related(archive) == lists
    monkeypatch.setattr(cores, "PARALLEL_FROM", 1)  # forked workers, as at archive scale
    assert related(archive) == lists


def test_a_new_day_changes_no_earlier_papers_list(tmp_path: Path, archive: Archive, lists: dict[str, Related]) -> None:
    """What keeps a daily update from rebuilding old pages: every paper first featured before the
    newest day has the list (and words) it had before that day was added."""
    before = related(load(tmp_path, leave_out=NEWEST))
    new = {s for s, p in archive.papers.items() if str(p.days[0]) == NEWEST}
    assert new and before.keys() == archive.papers.keys() - new
    assert {s: lists[s] for s in before} == before


def record(monkeypatch: pytest.MonkeyPatch, name: str, docs) -> list[int]:
    """The document numbers that calls of related's function `name` are given (docs(*args) of a call)."""
    found: list[int] = []
    real = getattr(related_module, name)

    def recording(*args):
        found.extend(docs(*args))
        return real(*args)
    monkeypatch.setattr(related_module, name, recording)
    return found


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The papers each related() call below compares with others."""
    return record(monkeypatch, "_similar", lambda matrix, limits, docs, count: docs)


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The papers each related() call below analyses for their terms."""
    return record(monkeypatch, "_counts", lambda doc: [doc])


def test_a_daily_update_compares_only_the_new_days_papers_and_gets_a_clean_runs_lists(
        tmp_path: Path, archive: Archive, lists: dict[str, Related], compared: list[int], analysed: list[int]) -> None:
    """Each day's lists are remembered between builds (.cache/related.pickle) under a fingerprint of
    the texts they come from, with its papers' vectors and the document frequencies so far: a new
    day's papers are the only ones analysed and compared."""
    memory = Memory()
    related(load(tmp_path, leave_out=NEWEST), memory=memory)
    compared.clear()
    analysed.clear()
    (tmp_path / "related.pickle").write_bytes(dump_memory(memory))
    remembered = load_memory(tmp_path / "related.pickle")
    assert related(archive, memory=remembered) == lists
    assert len(compared) == len(analysed) == sum(str(p.days[0]) == NEWEST for p in archive.papers.values()) > 0
    analysed.clear()
    assert related(archive, memory=Memory(remembered.earlier)) == lists  # without the frequencies: all analysed
    assert len(analysed) == len(archive.papers)

    compared.clear()
    assert related(archive, memory=Memory(remembered.used)) == lists and compared == []  # nothing new: nothing to do
    assert related(archive, memory=load_memory(tmp_path / "none.pickle")) == lists  # none: all computed
    (tmp_path / "damaged.pickle").write_bytes(dump_memory(memory)[:-100])
    assert related(archive, memory=load_memory(tmp_path / "damaged.pickle")) == lists  # damaged: likewise


def test_a_changed_abstract_recomputes_its_first_day_and_every_later_day(archive: Archive, lists: dict[str, Related],
                                                                        compared: list[int]) -> None:
    """A text counts in the weights of every later day: those days' lists are computed again, and
    equal a clean run's; earlier days' are remembered."""
    memory = Memory()
    related(archive, memory=memory)
    [paper] = [p for p in archive.papers.values() if str(p.days[0]) == "2025-10-31"][:1]
    changed = dataclasses.replace(paper, entry=dataclasses.replace(paper.entry, abstract="Sparse attention kernels."))
    edited = dataclasses.replace(archive, papers={**archive.papers, paper.slug: changed})
    compared.clear()
    updated = related(edited, memory=Memory(memory.used))
    assert len(compared) == sum(str(p.days[0]) >= "2025-10-31" for p in archive.papers.values())
    assert updated == related(edited) != lists


def test_after_an_edit_the_next_day_compares_only_its_papers_and_gets_a_clean_runs_lists(
        tmp_path: Path, archive: Archive, compared: list[int]) -> None:
    """An edit computes every vector again: the rows remembered then, with their columns, serve the
    next daily update as the first run's did."""
    def edit(archive: Archive) -> Archive:
        [paper] = [p for p in archive.papers.values() if str(p.days[0]) == "2025-10-31"][:1]
        changed = dataclasses.replace(paper.entry, abstract="Quokka kernels for zyzzyva attention.")
        return dataclasses.replace(archive, papers={**archive.papers, paper.slug: dataclasses.replace(paper, entry=changed)})
    before = load(tmp_path, leave_out=NEWEST)
    memory = Memory()
    related(before, memory=memory)
    edited = Memory(memory.used, df=memory.df, columns=memory.columns)
    related(edit(before), memory=edited)
    clean = related(edit(archive))
    compared.clear()
    assert related(edit(archive), memory=Memory(edited.used, df=edited.df, columns=edited.columns)) == clean
    assert 0 < len(compared) == sum(str(p.days[0]) == NEWEST for p in archive.papers.values())


def test_a_paper_is_compared_with_papers_of_its_own_day_too(archive: Archive, lists: dict[str, Related]) -> None:
    newest = [s for s, p in archive.papers.items() if str(p.days[0]) == NEWEST]
    assert any(str(archive.papers[o].days[0]) == NEWEST for s in newest for o in lists[s].papers)


@pytest.mark.parametrize("pool", [False, True], ids=["in this process", "blocks shared among worker processes"])
def test_papers_are_compared_exactly_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch, pool: bool) -> None:
    """The sparse matrices find what comparing every pair finds: the papers below each one's limit
    that share a term with it, by cosine, equals (here: copies of a vector) in document order."""
    monkeypatch.setattr(related_module, "BLOCK", 7)  # many blocks, the last one short
    monkeypatch.setattr(related_module, "PARALLEL_BLOCKS", 2 if pool else 10**9)
    monkeypatch.setattr(cores, "cores", lambda: 2)
    rng = random.Random(7)
    vectors = []
    for _ in range(120):
        weights = {f"t{rng.randrange(30)}": rng.randint(1, 9) for _ in range(rng.randint(1, 5))}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({t: w / norm for t, w in weights.items()})
    vectors += [dict(vectors[d]) for d in (3, 3, 50, 80)]  # equals
    limits = sorted(min(len(vectors), d + rng.randint(1, 10)) for d in range(len(vectors)))
    columns: dict[str, int] = {}
    rows = [related_module._rows(vectors[start:start + 50], columns) for start in range(0, len(vectors), 50)]
    found = related_module._similar(related_module._matrix(rows, len(columns)), limits, list(range(len(vectors))), 5)
    for doc, vector in enumerate(vectors):
        scores = {other: round(sum(w * vectors[other].get(t, 0.0) for t, w in vector.items()), 9)
                  for other in range(limits[doc]) if other != doc}
        assert found[doc] == sorted((o for o in scores if scores[o] > 0), key=lambda o: (-scores[o], o))[:5], doc


def test_lists_read_as_related(archive: Archive, lists: dict[str, Related]) -> None:
    """Judged by reading the lists: a paper's neighbours share its subject, not just its words."""
    sparse = titles(archive, lists, "SparseD: Sparse Attention for Diffusion Language Models")
    assert sum("sparse" in t.lower() for t in sparse) >= 4, sparse  # FlexPrefill, MInference, Sparsifiner...
    assert sum("sparse attention" in t.lower() for t in sparse) >= 2, sparse

    lottery = titles(archive, lists, "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks")
    assert {"Stabilizing the Lottery Ticket Hypothesis",
            "Reprogramming under constraints: Revisiting efficient and reliable transferability of lottery tickets"} \
        <= set(lottery[:3]), lottery

    forgetting = titles(archive, lists, "SEFE: Superficial and Essential Forgetting Eliminator for Multimodal "
                                        "Continual Instruction Tuning")
    assert sum("forget" in t.lower() or "continual" in t.lower() for t in forgetting) >= 4, forgetting

    sinks = titles(archive, lists, "ZeroTuning: Unlocking the Initial Token's Power to Enhance Large Language Models "
                                   "Without Training")
    assert "Unveiling and Harnessing Hidden Attention Sinks: Enhancing Large Language Models without Training " \
           "through Attention Calibration" in sinks[:3], sinks
    assert sum("attention" in t.lower() for t in sinks) >= 3, sinks


def test_more_like_this_words_find_the_paper_and_some_of_its_related_papers(archive: Archive,
                                                                             lists: dict[str, Related]) -> None:
    """The search requires every word: the words, analysed as the search analyses a query, are all
    in the paper's title or abstract and all in at least two of its related papers'."""
    counts = []
    for slug, found in lists.items():
        paper = archive.papers[slug]
        assert 1 <= len(found.terms) <= 4, (slug, found.terms)
        text = f"{paper.entry.title} {paper.entry.abstract}"
        words = tokens(text)
        query = set()
        for word in found.terms:
            assert word == word.lower() and word in {re.sub(r"^[^a-z0-9_]+|[^a-z0-9_]+$", "", w) for w in words}, \
                (slug, word)
            [stem] = terms_of(word)  # one word, one term: not a stop word
            query.add(stem)
        assert query <= terms_of(text)
        having = [o for o in found.papers
                  if query <= terms_of(f"{archive.papers[o].entry.title} {archive.papers[o].entry.abstract}")]
        assert len(having) >= 2, (slug, found.terms)
        counts.append(len(found.terms))
    assert sum(counts) / len(counts) >= 1.8  # mostly two words or more: narrower than one word


def test_more_like_this_words_are_as_written_not_stems(archive: Archive, lists: dict[str, Related]) -> None:
    [sefe] = [s for s, p in archive.papers.items() if p.entry.title.startswith("SEFE:")]
    assert {"forgetting", "continual"} <= set(lists[sefe].terms), lists[sefe].terms  # stems: forget, continu
