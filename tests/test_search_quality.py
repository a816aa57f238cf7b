"""The search finds what lunr.js would: the index's text analysis is lunr.js's, and over an archive
of about 2,000 papers our engine ranks as a full lunr.js index does (the issue: "lunr itself is the
reference"). tests/search_reference.js runs lunr.js in Node; it and these tests print what differs."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, new_project
from generator import vendor
from generator.pipeline import load_archive
from generator.project import Project
from generator.search import analysis
from generator.search.index import FIELDS, documents, field_texts, index_files

sys.path.insert(0, str(REPO / "benchmarks"))
from make_archive import make_archive  # noqa: E402

SCRIPT = Path(__file__).resolve().parent / "search_reference.js"
LUNR_JS = vendor.NODE_MODULES / vendor.LUNR  # the unminified source the site ships
SYNTHETIC_START = dt.date(2024, 1, 1)  # before the bundled archive's days, so no day is shared


def node(mode: str, where: Path, data: object, tmp: Path) -> Any:
    (tmp / "input.json").write_text(json.dumps(data), encoding="utf-8")
    proc = subprocess.run(["node", str(SCRIPT), mode, str(where), str(tmp / "input.json")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_lunr_js_and_our_analysis_agree_on_the_whole_bundled_vocabulary(tmp_path: Path) -> None:
    """Every token of every indexed field of every bundled paper: lunr.js's tokenizer splits each
    text as `analysis.tokens` does, and trimmer, stop-word filter and stemmer give `analysis.term`.
    Were any to differ, a word in a paper would be indexed under a term the browser never asks for.
    (lunr.py's own stemmer, say, would fail here: it turns "day" into "dai", lunr.js keeps "day".)"""
    texts = [text for paper in documents(load_archive(Project(REPO))) for text in field_texts(paper)]
    # and texts that are not printable ASCII, which analysis.tokens splits another way
    texts += ["Self-Attention\u2003and\u00a0KV-cache — 日本語 text", "tab\there", "a -- b", "-leading trailing- ",
              "line\u2028separator\x1cfile separator", "ÉCOLE Straße İstanbul"]
    ours = [analysis.tokens(text) for text in texts]
    vocabulary = sorted({token for tokens in ours for token in tokens})
    lunr = node("analyse", LUNR_JS, {"texts": texts, "tokens": vocabulary}, tmp_path)

    split_apart = [(text, mine, theirs) for text, mine, theirs in zip(texts, ours, lunr["tokens"]) if mine != theirs]
    stemmed_apart = [(token, analysis.term(token), lunr["terms"][token]) for token in vocabulary
                     if analysis.term(token) != lunr["terms"][token]]
    print(f"\n{len(texts)} field texts, {sum(map(len, ours))} tokens, {len(vocabulary)} distinct")
    assert not split_apart, f"{len(split_apart)} texts split differently, e.g. {split_apart[:3]}"
    assert not stemmed_apart, f"{len(stemmed_apart)} tokens (token, ours, lunr.js), e.g. {stemmed_apart[:10]}"


@pytest.fixture(scope="session")
def large_index(tmp_path_factory) -> tuple[Path, list]:
    """The bundled digests plus a synthetic archive (benchmarks/make_archive.py) imported with the
    real CLI: about 2,050 papers, just over one segment's 2,048 so that the index is cut in two as a large
    archive's is. Only the search index is written (no MkDocs build): about 2 seconds."""
    p = new_project(tmp_path_factory.mktemp("large"))
    shutil.copytree(REPO / "digests", p.digests)
    make_archive(p.root / "synthetic", days=42, per_day=40, start=SYNTHETIC_START)
    p.ok("import", *sorted(str(f) for f in (p.root / "synthetic").glob("*.txt")))
    archive = load_archive(Project(p.root))
    folder = p.root / "index"
    for path, data in index_files(archive).files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder, documents(archive)


def queries(papers: list) -> list[str]:
    """Queries as readers type them, picked by a fixed seed from the bundled (real) papers; the
    synthetic ones are there to compete. Full titles, method names ("DeepSeek-V3" of "DeepSeek-V3:
    ..."), rare abstract words (in 2 to 5 papers), two- and three-word topics from titles."""
    rng = random.Random(2025)
    real = [p for p in papers if p.days[0] >= dt.date(2025, 1, 1)]  # the bundled days are all in 2025
    titles = sorted({p.entry.title for p in real if '"' not in p.entry.title})  # no quotes: no phrases
    methods = sorted({t.split(":")[0] for t in titles if ":" in t and len(t.split(":")[0].split()) == 1})

    papers_with = Counter(term for p in papers for term in analysis.analyse(p.entry.abstract)[1])
    rare = sorted({token for p in real for token in analysis.tokens(p.entry.abstract)
                   if re.fullmatch("[a-z]{4,}", token) and 2 <= papers_with[analysis.term(token)] <= 5})

    def runs(length: int) -> list[str]:
        """Adjacent words of a title, none a stop word or punctuation."""
        found = set()
        for title in titles:
            words = analysis.tokens(title)
            for i in range(len(words) - length + 1):
                run = words[i:i + length]
                if all(re.fullmatch("[a-z][a-z0-9]+", w) and analysis.term(w) for w in run):
                    found.add(" ".join(run))
        return sorted(found)

    return (rng.sample(titles, 15) + rng.sample(methods, 15) + rng.sample(rare, 15)
            + rng.sample(runs(2), 15) + rng.sample(runs(3), 15))


def test_our_engine_ranks_as_a_full_lunr_js_index_does(large_index, tmp_path: Path) -> None:
    """lunr.js's own builder over the same documents (same fields, boosts and texts), every word
    required as in ours, is the reference. Over 75 queries, ours has the same first result in at
    least 95% of them, and on average at least 9 of the reference's top 10 in its own top 10.
    (lunr.js, not lunr.py: lunr.py's pipeline differs, and lunr.js is what readers run.)"""
    folder, papers = large_index
    asked = queries(papers)
    data = {"fields": FIELDS, "documents": [field_texts(p) for p in papers], "queries": asked}
    results = node("compare", folder, data, tmp_path)

    assert all(r["reference_count"] for r in results), [r["query"] for r in results if not r["reference_count"]]
    first = [r for r in results if r["ours"][:1] == r["reference"][:1]]
    overlap = [len(set(r["ours"]) & set(r["reference"])) / len(r["reference"]) for r in results]
    same_first, top10 = len(first) / len(results), 10 * sum(overlap) / len(results)
    figures = (f"{len(papers)} papers, {len(results)} queries: same first result in {same_first:.1%}, "
               f"on average {top10:.2f} of the reference's top 10 in ours")
    print("\n" + figures)
    differing = [r for r, o in zip(results, overlap) if r not in first or o < 1]
    for r in differing:
        print(json.dumps(r))
    assert same_first >= 0.95 and top10 >= 9, f"{figures}; differing: {differing[:5]}"
