"""Related papers: for each paper, the papers most similar to it by title and abstract, and a few of
its words for a "more like this" search, which finds papers featured after it too.

- Text is analysed as the search index analyses it (search/analysis.py: lunr.js's tokenizer, stop
  words and stemmer), a title's words counting TITLE_BOOST times. A paper is a TF-IDF vector: each
  term's count times lunr's idf, ln(1 + (N - df + 0.5) / (df + 0.5)); only its TOP_TERMS heaviest
  terms are kept, then it is scaled to length 1. Similarity is the cosine: the dot product of two
  such vectors. (Raw counts read better than dampened ones, 1 + ln tf: a paper about sparse
  attention says "sparse" six times, and its list is then about sparsity rather than about the
  diffusion its title also names. Keeping 15, 20 or 30 terms gave lists as good; fewer is faster.)
- A paper's list holds only papers first featured on or before its own first day, and its weights
  come from those papers alone (N and df count the papers first featured up to that day). So a new
  day never changes an older paper's list, nor therefore its page, and a daily update gives what a
  clean build gives. Papers featured later are what the "more like this" search is for.
- Papers are compared a block of BLOCK at a time, as sparse matrices (scipy.sparse): a block of
  vectors times the transpose of all gives every similarity of the block's papers, exact, computed
  only for the pairs that share a kept term; equals rank in document order. The blocks are shared
  among the cores (forked workers read the matrices as they are): many times faster than pure Python,
  term by term over an inverted index. The text work around it (the analysis, the "more like this"
  words) runs on every core (cores.parallel_map). benchmarks/build.py measures related() on its own
  (related_s, related_peak_mib).
- A day's lists depend only on the texts featured up to that day, so a build remembers each day's
  lists under a fingerprint of those texts (Memory) and the next computes only the days whose
  fingerprint it has not seen: on a daily update, the new day's. A changed text changes the
  fingerprint of its first day and of every later day, so what is remembered is what a clean build
  would compute. The vectors are remembered as the matrix's rows (Rows), numbered columns and
  weights, so that a daily update joins arrays rather than making the matrix again from dictionaries
  and reading and writing those, both slow over a large archive.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import heapq
import math
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy
    import scipy.sparse

from .archive import Archive, Paper
from .cores import parallel_map
from .search import analysis
from .search.analysis import term, tokens

TITLE_BOOST = 3  # a title's word counts as often as this in the abstract
TOP_TERMS = 15  # the terms kept of a paper's vector: bounds the work, and the noise
BLOCK = 256  # papers compared at a time: the similarities of a block are held at once, at most BLOCK x papers
PARALLEL_BLOCKS = 8  # blocks worth a pool of workers (a daily update compares one)
MORE_TERMS = 4  # words for the "more like this" search, at most
# A word fit to type into the search: letters and digits, inner punctuation allowed, not a number
# alone (which the search would take for an arXiv id, or which matches everywhere).
_TYPEABLE = re.compile(r"[a-z0-9]+(?:['._/+][a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9._/+']+")
# What the tokenizer leaves of a hyphenated word's first half ("non-parametric"): no search on its own.
_PREFIXES = frozenset({"non", "pre", "co", "re", "de", "un", "semi", "sub", "post", "anti", "inter", "intra"})
_TRIM = re.compile(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+\Z")  # lunr.js's trimmer, as analysis.term's


@dataclass(frozen=True)
class Related:
    papers: tuple[str, ...]  # slugs, most similar first
    terms: tuple[str, ...]  # words for a "more like this" search, as a reader would type them


Vector = dict[str, float]  # a paper's kept terms and their weights, heaviest first, at length 1


@dataclass(frozen=True)
class Rows:
    """Vectors as rows of the matrix (_matrix): each row's terms as column numbers (Memory.columns)
    and their weights, heaviest first, the rows one after another."""
    columns: numpy.ndarray  # int32
    weights: numpy.ndarray  # float64
    sizes: numpy.ndarray  # int64: the terms of each row


@dataclass(frozen=True)
class Day:
    """What a day's papers (those first featured that day) were found, by slug: their lists, and their
    vectors in document order, which the days after compare with."""
    lists: dict[str, Related]
    vectors: Rows


@dataclass
class Memory:
    """Days an earlier run computed (earlier) and this run's (used), by their fingerprint; the
    document frequencies as of the newest day, with its fingerprint (df: read, then replaced); and
    each term's column in the remembered rows (only ever added to)."""
    earlier: dict[str, Day] = field(default_factory=dict)
    used: dict[str, Day] = field(default_factory=dict)
    df: tuple[str, dict[str, int]] | None = None
    columns: dict[str, int] = field(default_factory=dict)


def load_memory(path: Path) -> Memory:
    """What dump_memory wrote, or nothing if there is none or it cannot be read."""
    try:
        days, df, columns = pickle.loads(path.read_bytes())
    except Exception:  # none yet, or broken in any way (unpickling damaged bytes can raise almost anything)
        return Memory()
    return Memory(days, df=df, columns=columns) if isinstance(days, dict) and isinstance(columns, dict) else Memory()


def dump_memory(memory: Memory) -> bytes:
    """The days this run used, the frequencies and the columns, for the next run: a pickle, which a
    daily update reads and writes faster than JSON, and smaller."""
    return pickle.dumps((dict(sorted(memory.used.items())), memory.df, memory.columns),
                        protocol=pickle.HIGHEST_PROTOCOL)


def _fingerprints(papers: list[Paper], days: list[range], count: int) -> list[str]:
    """Per day: a fingerprint of its lists' inputs, that is of this module's rules and of every
    title and abstract first featured up to that day."""
    chain = hashlib.sha256(Path(__file__).read_bytes() + Path(analysis.__file__).read_bytes() + str(count).encode())
    found = []
    for docs in days:
        chain.update(f"\0{papers[docs.start].days[0]}".encode())
        for d in docs:
            chain.update(f"\0{papers[d].slug}\0{papers[d].entry.title}\0{papers[d].entry.abstract}".encode())
        found.append(chain.copy().hexdigest())
    return found


class _Analyser:
    """Terms and their words, each token analysed once."""

    def __init__(self) -> None:
        self.terms: dict[str, str] = {}  # token -> its term, "" for none (a stop word, punctuation)
        self.words: dict[str, str] = {}  # token -> itself trimmed

    def term(self, token: str) -> str:
        if (found := self.terms.get(token)) is None:
            found = self.terms[token] = term(token) or ""
        return found

    def counts(self, paper: Paper) -> dict[str, int]:
        """The paper's terms, each with its count (a title's counting TITLE_BOOST times)."""
        counts: dict[str, int] = {}
        for text, weight in ((paper.entry.title, TITLE_BOOST), (paper.entry.abstract, 1)):
            for token, n in Counter(tokens(text)).items():
                if found := self.term(token):
                    counts[found] = counts.get(found, 0) + n * weight
        return counts

    def words_for(self, paper: Paper, wanted: set[str]) -> dict[str, str]:
        """Each wanted term's commonest word in the paper's text, lower-cased (the first of equals)."""
        seen: dict[str, Counter[str]] = {t: Counter() for t in wanted}
        for text in (paper.entry.title, paper.entry.abstract):
            for token in tokens(text):
                if (found := self.term(token)) in seen:
                    if (word := self.words.get(token)) is None:
                        word = self.words[token] = _TRIM.sub("", token)
                    seen[found][word] += 1
        return {t: c.most_common(1)[0][0] for t, c in seen.items() if c}


def _vector(counts: dict[str, int], df: dict[str, int], n: int, logs: list[float]) -> Vector:
    """The TOP_TERMS heaviest terms with their weights, heaviest first, at length 1. lunr's idf is
    ln(1 + (n - df + 0.5) / (df + 0.5)) = ln(n + 1) - ln(df + 0.5); logs[df] is the latter."""
    top_idf = math.log(n + 1)
    top = heapq.nlargest(TOP_TERMS, [(tf * (top_idf - logs[df[t]]), t) for t, tf in counts.items()])
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return {t: w / norm for w, t in top}


def _rows(vectors: list[Vector], columns: dict[str, int]) -> Rows:
    """The vectors as rows, numbering terms not yet in columns after those that are."""
    # Imported here, not at the top: numpy is slow to import, and every other command (import, check) would wait.
    import numpy as np
    found = [columns.setdefault(t, len(columns)) for vector in vectors for t in vector]
    return Rows(np.array(found, dtype=np.int32),
                np.fromiter((w for vector in vectors for w in vector.values()), dtype=np.float64, count=len(found)),
                np.array([len(vector) for vector in vectors], dtype=np.int64))


def _matrix(rows: list[Rows], width: int) -> scipy.sparse.csr_array:
    """The rows, one after another, as a sparse matrix of width columns. A row's order is kept (a
    score adds its terms in that order), so which number a term's column has changes no score."""
    import numpy as np
    import scipy.sparse
    sizes = np.concatenate([r.sizes for r in rows])
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    return scipy.sparse.csr_array((np.concatenate([r.weights for r in rows]), np.concatenate([r.columns for r in rows]),
                                   indptr), shape=(len(sizes), width))


def _similar(matrix: scipy.sparse.csr_array, limits: list[int], docs: list[int], count: int) -> list[list[int]]:
    """For each of docs: the count documents below its limit most similar to it, most similar first,
    equals in document order. Blocks are compared on every core when there are PARALLEL_BLOCKS (the
    forked workers read the matrices as they are: parallel_map sends them only block numbers)."""
    compare = functools.partial(_similar_block, matrix, matrix.T.tocsr(), limits, docs, count)
    blocks = parallel_map(compare, range(0, len(docs), BLOCK), smallest=PARALLEL_BLOCKS)
    return [found for block in blocks for found in block]


def _similar_block(matrix: scipy.sparse.csr_array, transposed: scipy.sparse.csr_array, limits: list[int],
                   docs: list[int], count: int, start: int) -> list[list[int]]:
    """_similar for the BLOCK of its docs from start."""
    import numpy as np
    found = []
    block = docs[start:start + BLOCK]
    scores = (matrix[block] @ transposed).tocsr()
    for row, doc in enumerate(block):
        span = slice(scores.indptr[row], scores.indptr[row + 1])
        others, score = scores.indices[span], scores.data[span]
        keep = (others < limits[doc]) & (others != doc)
        others, score = others[keep], score[keep]
        if len(score) > count:  # the count best, and any equal to the last of them
            best = score >= np.partition(score, -count)[-count]
            others, score = others[best], score[best]
        found.append(others[np.lexsort((others, -score))][:count].tolist())
    return found


@dataclass
class _Work:
    """What the forked workers of parallel_map read."""
    papers: list[Paper]  # in document order
    analyser: _Analyser
    counts: list[dict[str, int] | None] = field(default_factory=list)  # each paper's terms, if needed
    vectors: list[Vector | None] = field(default_factory=list)  # each paper's, if computed this run
    found: dict[int, list[int]] = field(default_factory=dict)  # document -> its related documents

    def counts_of(self, doc: int) -> dict[str, int]:
        found = self.counts[doc]
        return found if found is not None else self.analyser.counts(self.papers[doc])


_WORK: _Work | None = None


def _counts(doc: int) -> dict[str, int]:
    assert _WORK is not None
    return _WORK.analyser.counts(_WORK.papers[doc])


def _words(doc: int) -> tuple[str, ...]:
    """A paper's "more like this" words."""
    assert _WORK is not None
    work = _WORK
    vector = work.vectors[doc]
    assert vector is not None
    words = work.analyser.words_for(work.papers[doc], set(vector))
    return _more_like_this(vector, [work.counts_of(d) for d in work.found[doc]], words)


def related(archive: Archive, count: int = 5, memory: Memory | None = None) -> dict[str, Related]:
    """Every paper's related papers (up to count) and its "more like this" words, by slug. The days
    memory holds up to the first it does not are not computed again, and when it holds the document
    frequencies as of the last of them, their papers are not even analysed; memory.used gets every
    day's lists and vectors, and memory.df the frequencies as of the newest day."""
    memory = memory if memory is not None else Memory()
    papers = sorted(archive.papers.values(), key=lambda p: (p.days[0], p.slug))  # document order
    days: list[range] = []  # document numbers, a day's at a time
    for d, paper in enumerate(papers):
        if days and paper.days[0] == papers[days[-1].start].days[0]:
            days[-1] = range(days[-1].start, d + 1)
        else:
            days.append(range(d, d + 1))
    fingerprints = _fingerprints(papers, days, count)
    known = next((i for i, f in enumerate(fingerprints) if f not in memory.earlier), len(days))  # days remembered
    memory.used = {f: memory.earlier[f] for f in fingerprints[:known]}
    if known < len(days):
        _compute(papers, days, fingerprints, known, count, memory)
    return {slug: found for day in memory.used.values() for slug, found in day.lists.items()}


def _compute(papers: list[Paper], days: list[range], fingerprints: list[str], known: int, count: int,
             memory: Memory) -> None:
    """The lists of the days from the known-th on, into memory.used; memory.df as of the newest day."""
    global _WORK
    # The frequencies as of the last day remembered, if memory holds them: then the papers of the
    # days remembered need no analysis, their vectors are remembered too, as rows.
    df_known = memory.df[1] if known and memory.df and memory.df[0] == fingerprints[known - 1] else None
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles: collections would take longer than the work
    try:
        _WORK = work = _Work(papers, _Analyser())
        # Day by day, oldest first: the papers first featured that day join the document
        # frequencies, then are weighed against all so far.
        if df_known is not None:
            resume = known
            df = Counter(df_known)
            columns = dict(memory.columns)
            rows = [memory.earlier[f].vectors for f in fingerprints[:known]]
        else:
            resume, df, columns, rows = 0, Counter(), {}, []
        first = days[resume].start
        work.counts = [None] * first + parallel_map(_counts, range(first, len(papers)))
        work.vectors = [None] * first
        logs = [math.log(d + 0.5) for d in range(len(papers) + 1)]
        for docs in days[resume:]:
            for d in docs:
                df.update(work.counts_of(d).keys())
            vectors = [_vector(work.counts_of(d), df, docs.stop, logs) for d in docs]
            work.vectors += vectors
            rows.append(_rows(vectors, columns))
        memory.df = (fingerprints[-1], dict(df))
        memory.columns = columns
        del df
        limits = [docs.stop for docs in days for _ in docs]
        todo = list(range(days[known].start, len(papers)))
        work.found = dict(zip(todo, _similar(_matrix(rows, len(columns)), limits, todo, count)))
        terms = dict(zip(todo, parallel_map(_words, todo)))
        # Every day whose rows were made now gets them: columns numbered otherwise are not kept.
        for i in range(resume, len(days)):
            lists = memory.used[fingerprints[i]].lists if i < known else {
                papers[d].slug: Related(tuple(papers[o].slug for o in work.found[d]), terms[d]) for d in days[i]}
            memory.used[fingerprints[i]] = Day(lists, rows[i])
    finally:
        _WORK = None
        if collecting:
            gc.enable()


def _more_like_this(vector: Vector, others: list[dict[str, int]], words: dict[str, str]) -> tuple[str, ...]:
    """Words for a search that finds papers like this one. The search requires every word, so they
    are the paper's kept terms ranked by their weight times how many of its related papers have them,
    each taken only while at least two of those papers (or the one there is) have every word taken;
    without related papers, the paper's two heaviest terms. The paper's own heaviest terms alone
    would not do: together they seldom find any paper but itself (tests/test_related.py checks that
    these find some of its related papers)."""
    typeable = [t for t in vector if (word := words.get(t)) and _TYPEABLE.fullmatch(word)
                and not _NUMBER.fullmatch(word) and word not in _PREFIXES]
    if not others:
        return tuple(words[t] for t in typeable[:2])
    shared = {t: sum(t in o for o in others) for t in typeable}
    need = min(2, len(others))
    chosen: list[str] = []
    having = others
    for t in sorted((t for t in typeable if shared[t] >= need), key=lambda t: -shared[t] * vector[t]):
        still = [o for o in having if t in o]
        if len(still) >= need:
            chosen.append(t)
            having = still
            if len(chosen) == MORE_TERMS:
                break
    return tuple(words[t] for t in chosen)
