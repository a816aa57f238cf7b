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
- Not all pairs: each paper is posted under its kept terms (an inverted index), and a paper is
  compared only with the papers posted under its own kept terms, by adding up their products term
  by term. A term kept by more than COMMON of the papers so far (and COMMON_FLOOR) is not read: it
  counts only for the SHORTLIST papers that scored best on the other terms. That bounds a paper's
  work on any archive; on 50,000 synthetic papers no term is that common and every list is exact.
- The comparisons run on every core (cores.parallel_map): 50,000 papers take about 35 s on two.
- A day's lists depend only on the texts featured up to that day, so a build remembers each day's
  lists under a fingerprint of those texts (Memory) and the next computes only the days whose
  fingerprint it has not seen: on a daily update, the new day's. A changed text changes the
  fingerprint of its first day and of every later day, so what is remembered is what a clean build
  would compute.
"""
from __future__ import annotations

import gc
import hashlib
import heapq
import json
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .archive import Archive, Paper
from .cores import parallel_map
from .search import analysis
from .search.analysis import term, tokens

TITLE_BOOST = 3  # a title's word counts as often as this in the abstract
TOP_TERMS = 15  # the terms kept of a paper's vector: bounds the work, and the noise
COMMON = 0.05  # a term kept by more than this share of the papers so far (and by COMMON_FLOOR) is common:
COMMON_FLOOR = 1_000  # its papers are not read, it counts only for the SHORTLIST best scored without it
SHORTLIST = 100
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


DayLists = dict[str, Related]  # a day's papers (those first featured that day) by slug


@dataclass
class Memory:
    """Days' lists an earlier run computed (earlier), and those this run used, by fingerprint."""
    earlier: dict[str, DayLists] = field(default_factory=dict)
    used: dict[str, DayLists] = field(default_factory=dict)


def load_memory(path: Path) -> Memory:
    """What dump_memory wrote, or nothing if there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Memory({fingerprint: {slug: Related(tuple(found), tuple(terms)) for slug, (found, terms) in lists.items()}
                       for fingerprint, lists in data.items()})
    except (OSError, ValueError, TypeError, AttributeError):
        return Memory()


def dump_memory(memory: Memory) -> str:
    return json.dumps({fingerprint: {slug: [r.papers, r.terms] for slug, r in lists.items()}
                       for fingerprint, lists in sorted(memory.used.items())}, separators=(",", ":")) + "\n"


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


def _split(text: str) -> list[str]:
    """analysis.tokens, faster for printable ASCII text, where JavaScript's white space (with '-',
    lunr.js's separator) is Python's: the space alone."""
    if text.isascii() and text.isprintable():
        return text.lower().replace("-", " ").split()
    return tokens(text)


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
            for token, n in Counter(_split(text)).items():
                if found := self.term(token):
                    counts[found] = counts.get(found, 0) + n * weight
        return counts

    def words_for(self, paper: Paper, wanted: set[str]) -> dict[str, str]:
        """Each wanted term's commonest word in the paper's text, lower-cased (the first of equals)."""
        seen: dict[str, Counter[str]] = {t: Counter() for t in wanted}
        for text in (paper.entry.title, paper.entry.abstract):
            for token in _split(text):
                if (found := self.term(token)) in seen:
                    if (word := self.words.get(token)) is None:
                        word = self.words[token] = _TRIM.sub("", token)
                    seen[found][word] += 1
        return {t: c.most_common(1)[0][0] for t, c in seen.items() if c}


def _vector(counts: dict[str, int], df: dict[str, int], n: int, logs: list[float]) -> dict[str, float]:
    """The TOP_TERMS heaviest terms with their weights, heaviest first, at length 1. lunr's idf is
    ln(1 + (n - df + 0.5) / (df + 0.5)) = ln(n + 1) - ln(df + 0.5); logs[df] is the latter."""
    top_idf = math.log(n + 1)
    top = heapq.nlargest(TOP_TERMS, [(tf * (top_idf - logs[df[t]]), t) for t, tf in counts.items()])
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return {t: w / norm for w, t in top}


class _Index:
    """Every paper's vector, and the papers posted under each term, in document order."""

    def __init__(self, vectors: list[dict[str, float]], limits: list[int]):
        self.vectors = vectors
        self.limits = limits  # per document: the documents first featured up to its day are those below
        self.postings: dict[str, tuple[list[int], list[float]]] = {}
        for doc, vector in enumerate(vectors):
            for t, w in vector.items():
                if (posted := self.postings.get(t)) is None:
                    self.postings[t] = ([doc], [w])
                else:
                    posted[0].append(doc)
                    posted[1].append(w)

    def similar(self, doc: int, count: int) -> list[int]:
        """The count documents below doc's limit most similar to doc, most similar first."""
        vector, limit = self.vectors[doc], self.limits[doc]
        spans = []
        for t, w in vector.items():
            docs, weights = self.postings[t]
            spans.append((len(docs) if docs[-1] < limit else bisect_left(docs, limit), t, w))
        spans.sort()  # rarest first
        common = max(COMMON_FLOOR, COMMON * limit)
        scores: dict[int, float] = {}
        get = scores.get
        late: list[tuple[int, str, float]] = []
        for i, (end, t, w) in enumerate(spans):
            if i and end > common:  # the rarest term is read whatever its length, for some candidates
                late = spans[i:]
                break
            docs, weights = self.postings[t]
            for other, x in zip(islice(docs, end), islice(weights, end)):
                scores[other] = get(other, 0.0) + w * x
        scores.pop(doc, None)
        if late:
            vectors = self.vectors
            shortlist = {other: scores[other] for other in heapq.nlargest(SHORTLIST, scores, key=scores.__getitem__)}
            scores = {}
            for other, score in shortlist.items():
                theirs = vectors[other]
                for _, t, w in late:
                    if (theirs_w := theirs.get(t)) is not None:
                        score += w * theirs_w
                scores[other] = score
        return heapq.nlargest(count, scores, key=scores.__getitem__)  # equals: the first scored


@dataclass
class _Work:
    """What the forked workers of parallel_map read."""
    papers: list[Paper]  # in document order
    counts: list[dict[str, int]]  # each paper's terms
    index: _Index
    analyser: _Analyser
    count: int


_WORK: _Work | None = None


def _one(doc: int) -> tuple[list[int], tuple[str, ...]]:
    """A paper's related papers (document numbers) and its "more like this" words."""
    assert _WORK is not None
    work = _WORK
    found = work.index.similar(doc, work.count)
    vector = work.index.vectors[doc]
    words = work.analyser.words_for(work.papers[doc], set(vector))
    return found, _more_like_this(vector, [work.counts[d] for d in found], words)


def related(archive: Archive, count: int = 5, memory: Memory | None = None) -> dict[str, Related]:
    """Every paper's related papers (up to count) and its "more like this" words, by slug. Days
    whose lists memory holds are not computed again; memory.used gets every day's."""
    global _WORK
    memory = memory if memory is not None else Memory()
    papers = sorted(archive.papers.values(), key=lambda p: (p.days[0], p.slug))  # document order
    days: list[range] = []  # document numbers, a day's at a time
    for d, paper in enumerate(papers):
        if days and paper.days[0] == papers[days[-1].start].days[0]:
            days[-1] = range(days[-1].start, d + 1)
        else:
            days.append(range(d, d + 1))
    fingerprints = _fingerprints(papers, days, count)
    todo = [d for docs, f in zip(days, fingerprints) if f not in memory.earlier for d in docs]
    done = {}
    if todo:
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects, no cycles: collections would take longer than the work
        try:
            analyser = _Analyser()
            counts = [analyser.counts(p) for p in papers]
            # Day by day, oldest first: the papers first featured that day join the document
            # frequencies, then are weighed against all so far.
            df: Counter[str] = Counter()
            logs = [math.log(d + 0.5) for d in range(len(papers) + 1)]
            vectors: list[dict[str, float]] = []
            limits: list[int] = []
            for docs in days:
                for d in docs:
                    df.update(counts[d].keys())
                vectors += (_vector(counts[d], df, docs.stop, logs) for d in docs)
                limits += [docs.stop] * len(docs)
            del df
            _WORK = _Work(papers, counts, _Index(vectors, limits), analyser, count)
            done = dict(zip(todo, parallel_map(_one, todo)))
        finally:
            _WORK = None
            if collecting:
                gc.enable()
    memory.used = {}
    for docs, f in zip(days, fingerprints):
        memory.used[f] = memory.earlier.get(f) or {
            papers[d].slug: Related(tuple(papers[o].slug for o in done[d][0]), done[d][1]) for d in docs}
    return {slug: found for lists in memory.used.values() for slug, found in lists.items()}


def _more_like_this(vector: dict[str, float], others: list[dict[str, int]], words: dict[str, str]) -> tuple[str, ...]:
    """Words for a search that finds papers like this one. The search requires every word, so they
    are the paper's kept terms ranked by their weight times how many of its related papers have them,
    each taken only while at least two of those papers (or the one there is) have every word taken;
    without related papers, the paper's two heaviest terms. The paper's own heaviest terms alone
    would not do: on the bundled archive, its four find no other paper for 96% of papers, these
    none for 0% (median: 9 others)."""
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
