"""The search index: the archive's papers analysed as lunr does, written as small static files that
the browser fetches only as a query needs them (ARCHITECTURE.md's "The search index" shows them).

- Papers are numbered in the order first featured, so a new day's papers take the next numbers,
  "newest" is the reverse order, and a year is a range of numbers.
- Postings (per term and field: document-number gaps, each with lunr's BM25 term-frequency part)
  are sorted by term and cut into chunks of about CHUNK_BYTES; the manifest lists the key that
  starts each chunk, so one word costs one chunk per segment. Word positions, needed only for a
  quoted phrase (in any field with words), sit in a parallel chunk of their own.
- The vocabulary, for the browser to correct a misspelt word (lunr's edit distance): each term
  without digits and its count of papers, in a file per first letter (`vocabulary_key`).
- The papers are in two segments: all but the newest (1 to SEGMENT_STEP) papers, and those. A
  daily update rewrites the small segment; the large one only once SEGMENT_STEP papers have arrived
  since it was last cut (or when one of its papers is edited). The browser adds lunr's inverse
  document frequency over both. Scores are lunr's but for two approximations: a field's average
  length leaves out papers without it (see `_averages`), and the large segment keeps its own.
- Display records (title, address, day first featured, tags, organisation, upvotes, the opening of
  the abstract) come RECORDS_PER_FILE to a file: a page of results costs a few small fetches.
- Every file but the manifest and lunr.js is stored gzip-compressed (`stored`): GitHub Pages counts
  a site's bytes as stored and would gzip JSON on the wire anyway, so the index takes far less
  room and a query fetches the same bytes; the browser inflates them (DecompressionStream).
- A segment's files sit in a folder named by their content's hash, so a manifest read before a
  deploy can never pair with chunks cut after it; the manifest gives each filter file's hash too.
- Filters and sorts: a file per tag, one for organisations and one of upvotes, fetched only when a
  reader filters or sorts by them; years are ranges in the manifest.
"""
from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rjsmin

from ..archive import Archive, Paper
from ..taxonomy import Tag
from .. import tex, urls, vendor
from ..writer import gzipped
from . import analysis
from .analysis import analyse

FORMAT = 3
# Field, boost, and the text lunr analyses for it. A title outweighs an abstract; an organisation's
# name ranks its papers above those that merely mention it; an arXiv id finds its paper.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("abstract", 1), ("organization", 8), ("authors", 2),
                                       ("arxiv", 10))
PHRASE_FIELDS = (0, 1, 2, 3)  # title, abstract, organisation and authors keep word positions, for quoted phrases
K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.Builder's defaults)
QUANTUM = 100  # the BM25 term-frequency part (0 to K1 + 1) is stored in hundredths
CHUNK_BYTES = 32_000  # JSON bytes before gzip: a chunk per word per segment is a query's main cost
SEGMENT_STEP = 2_048  # papers in the newest segment: from 0 to this many
RECORDS_PER_FILE = 8
SNIPPET_CHARS = 240  # of the abstract, shown under a result's title

MANIFEST = "manifest.json"
# Where each kind of file lives in the index folder; the browser reads these patterns from the manifest.
SEGMENT = "segments/{segment}/"
PATHS = {
    "terms": SEGMENT + "terms/{chunk}.json.gz",
    "positions": SEGMENT + "positions/{chunk}.json.gz",
    "vocabulary": SEGMENT + "vocabulary/{key}.json.gz",  # key: vocabulary_key
    "records": SEGMENT + "records/{file}.json.gz",  # file: (document - the segment's start) // RECORDS_PER_FILE
    "tag": "tags/{slug}.json.gz",
    "organizations": "organizations.json.gz",
    "upvotes": "upvotes.json.gz",
    "lunr": "lunr.js",
}
COMPRESSED = ".gz"


def _in_segment(kind: str, **values: object) -> str:
    """A segment file's path inside its segment's folder."""
    return PATHS[kind].removeprefix(SEGMENT).format(**values)


def stored(path: str, text: str) -> bytes:
    """A file's bytes as written into the site: gzip-compressed where its path ends COMPRESSED."""
    return gzipped(text) if path.endswith(COMPRESSED) else text.encode("utf-8")


def field_texts(paper: Paper) -> tuple[str, ...]:
    entry = paper.entry
    return (entry.title, entry.abstract, entry.organization.name if entry.organization else "",
            " ".join(entry.author_names), entry.arxiv_id or "")


def documents(archive: Archive) -> list[Paper]:
    """The papers in document-number order: first featured, then by slug."""
    return sorted(archive.papers.values(), key=lambda p: (p.days[0], p.slug))


def vocabulary_key(term: str) -> str | None:
    """The vocabulary file a term is listed in: its first letter (a to z), "_" for any other; None
    for a term not listed (with a digit, or of fewer than 3 characters: no typo is corrected to it)."""
    if len(term) < 3 or any(c.isdigit() for c in term):
        return None
    return term[0] if "a" <= term[0] <= "z" else "_"


def _key(term: str) -> bytes:
    return term.encode("utf-16-be")  # JavaScript compares strings by UTF-16 code units


# per field, term -> [(document number, positions)], in document order
Postings = list[dict[str, list[tuple[int, list[int]]]]]


@dataclass
class _Segment:
    """A run of papers analysed: their postings, and each field's length (in terms) for each paper."""
    start: int
    postings: Postings
    lengths: list[list[int]]  # [field][document - start]
    papers: Counter[str]  # term -> how many papers hold it, in any field


def _analyse(papers: list[Paper], start: int) -> _Segment:
    postings: Postings = [defaultdict(list) for _ in FIELDS]
    lengths: list[list[int]] = [[] for _ in FIELDS]
    counts: Counter[str] = Counter()
    for doc, paper in enumerate(papers, start):
        terms: set[str] = set()
        for f, text in enumerate(field_texts(paper)):
            length, positions = analyse(text)
            lengths[f].append(length)  # lunr counts every paper's every field, empty ones too
            field = postings[f]
            for found, where in positions.items():
                field[found].append((doc, where))
            terms.update(positions)
        counts.update(terms)  # here, from each paper's terms: far cheaper than from the postings
    return _Segment(start, postings, lengths, counts)


def _length_totals(segment: _Segment) -> list[list[int]]:
    """Per field: the total length, and how many papers have the field (kept in the manifest, so a
    segment that is reused still counts in the archive's averages)."""
    return [[sum(lengths), sum(1 for length in lengths if length)] for lengths in segment.lengths]


def _averages(totals: list[list[list[int]]]) -> list[float]:
    """Each field's average length over the papers that have it, from segments' `_length_totals`.
    lunr averages over every paper, so a field most papers lack (organisation, authors, arXiv id)
    would look long wherever it is present and weigh almost nothing: an organisation's name would
    not find its papers first."""
    averages = []
    for f in range(len(FIELDS)):
        length, present = sum(t[f][0] for t in totals), sum(t[f][1] for t in totals)
        averages.append(length / present if present else 1.0)
    return averages


@functools.cache
def _tf_part(tf: int, length: int, average: float) -> int:
    """lunr's BM25 weight without the idf and boosts (which the browser applies), in QUANTUM steps."""
    part = (K1 + 1) * tf / (K1 * (1 - B + B * length / average) + tf)
    return max(1, round(part * QUANTUM))


def _segment_files(segment: _Segment, averages: list[float]) -> tuple[list[str], dict[str, str]]:
    """The segment's term and position chunks: (the key that starts each chunk, {path in the
    segment's folder: text})."""
    files: dict[str, str] = {}
    starts: list[str] = []
    chunk_terms: dict[str, str] = {}
    chunk_positions: dict[str, str] = {}
    size = 0
    previous = ""

    def flush() -> None:
        n = len(starts) - 1
        files[_in_segment("terms", chunk=n)] = _object(chunk_terms)
        files[_in_segment("positions", chunk=n)] = _object(chunk_positions)
        chunk_terms.clear()
        chunk_positions.clear()

    for term in sorted(set().union(*segment.postings), key=_key):
        weights, places = [], []
        for f, field in enumerate(segment.postings):
            docs = field.get(term, [])
            flat: list[int] = []
            spots: list[int] = []
            last = 0
            lengths, average, start = segment.lengths[f], averages[f], segment.start
            phrases = f in PHRASE_FIELDS
            for doc, positions in docs:
                tf = len(positions)
                flat += (doc - last, _tf_part(tf, lengths[doc - start], average))
                last = doc
                if phrases:  # per paper: how many, the first, then gaps
                    spots.append(tf)
                    spots.append(positions[0])
                    if tf > 1:
                        spots += (b - a for a, b in zip(positions, positions[1:]))
            weights.append(flat)
            places.append(spots)
        if not starts or size >= CHUNK_BYTES:
            if starts:
                flush()
            starts.append(_separator(previous, term) if starts else "")
            size = 0
        chunk_terms[term] = encoded = _compact(_trim(weights))
        if any(places):
            chunk_positions[term] = _compact(_trim(places))
        size += len(encoded) + len(term) + 4
        previous = term
    if starts:
        flush()
    return starts, files


def _vocabulary(segment: _Segment) -> dict[str, str]:
    """The segment's vocabulary files: each listed term (vocabulary_key) and its count of papers."""
    vocabulary: dict[str, list[str]] = defaultdict(list)
    for term in sorted(set().union(*segment.postings), key=_key):
        if (listed := vocabulary_key(term)) is not None:
            vocabulary[listed].append(f"{_compact(term)}:{segment.papers[term]}")
    return {_in_segment("vocabulary", key=listed): "{" + ",".join(entries) + "}\n"
            for listed, entries in sorted(vocabulary.items())}


def _separator(before: str, term: str) -> str:
    """The shortest prefix of term that sorts after `before`: the key that starts term's chunk."""
    for end in range(1, len(term) + 1):
        if _key(term[:end]) > _key(before):
            return term[:end]
    return term


def _trim(lists: list[list[int]]) -> list[list[int]]:
    while lists and not lists[-1]:
        lists = lists[:-1]
    return lists


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _object(encoded: dict[str, str]) -> str:
    """A JSON object from values already encoded, in the order given."""
    return "{" + ",".join(f"{_compact(k)}:{v}" for k, v in encoded.items()) + "}\n"


def _gaps(docs: Iterable[int]) -> list[int]:
    out, last = [], 0
    for doc in docs:
        out.append(doc - last)
        last = doc
    return out


def _snippet(abstract: str) -> str:
    if len(abstract) <= SNIPPET_CHARS:
        return abstract
    cut = abstract[:SNIPPET_CHARS]
    return cut[:cut.rfind(" ")].rstrip(" ,;:") + "…" if " " in cut else cut + "…"


def _hash(*parts: str | bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update((part.encode("utf-8") if isinstance(part, str) else part) + b"\0")
    return sha.hexdigest()[:12]


def _record(paper: Paper, tag_number: dict[str, int]) -> list[object]:
    """What a search result shows of a paper."""
    entry = paper.entry
    return [urls.paper(paper.slug), tex.text(entry.title), paper.days[0].isoformat(),
            [tag_number[t.slug] for t in paper.tags], entry.organization.name if entry.organization else "",
            entry.upvotes or 0, entry.arxiv_id or "",
            _snippet(tex.text(entry.abstract))]


def _records(papers: list[Paper], tag_number: dict[str, int]) -> dict[str, str]:
    """A segment's display records, RECORDS_PER_FILE papers to a file: {path in its folder: text}."""
    return {_in_segment("records", file=group // RECORDS_PER_FILE):
            _compact([_record(paper, tag_number) for paper in papers[group:group + RECORDS_PER_FILE]]) + "\n"
            for group in range(0, len(papers), RECORDS_PER_FILE)}


# The code that makes a segment's files from its papers, so that a segment made by other code is
# never taken for one made by this.
_CODE = _hash(*(Path(module.__file__).read_text("utf-8") for module in (analysis, sys.modules[__name__], tex, urls)
                if module.__file__))


def _source(papers: list[Paper], tag_number: dict[str, int]) -> str:
    """A hash of everything a segment's files are made from: its papers as given (their fingerprints,
    which the generator's page keys have already worked out, and the day each was first featured)
    and the tags' numbers. Not the records themselves: rendering them for every paper would slow
    every daily update. Nor a paper's later days: a paper featured again leaves its segment as it was."""
    return _hash(_CODE, repr(tag_number), *(f"{p.fingerprint} {p.days[0]}" for p in papers))


def segment_name(files: dict[str, bytes], start: int) -> str:
    """A segment's folder name: its first paper's number and its files' hash."""
    return f"{start}-" + _hash(*(part for path in sorted(files) for part in (path, files[path])))


@dataclass
class IndexFiles:
    files: dict[str, bytes]  # path in the index folder -> its bytes, as `stored` makes them
    kept: list[str]  # segment folders taken as they are from the index built before


def index_files(archive: Archive, built: dict[str, Any] | None = None) -> IndexFiles:
    """Every file of the index, by its path in the index folder. `built`, the manifest of the index
    built before, lets a segment whose papers are unchanged keep its folder (not the newest one: its
    weights use the whole archive's averages), so a daily update analyses only the newest papers."""
    papers = documents(archive)
    tags = [tag for tag, _ in archive.tags]
    segments = _segments(papers, {tag.slug: n for n, tag in enumerate(tags)}, built)
    members = _members(papers)
    files = {**segments.files, **_filter_files(papers, tags, members), PATHS["lunr"]: stored(PATHS["lunr"], lunr_js())}
    files[MANIFEST] = stored(MANIFEST, _manifest(papers, tags, members, segments.listed, files))
    return IndexFiles(files, segments.kept)


@dataclass
class _Segments:
    files: dict[str, bytes]  # the segments made anew: path in the index folder -> bytes
    kept: list[str]  # as IndexFiles.kept
    listed: list[dict[str, Any]]  # every segment, as the manifest lists it


def _segments(papers: list[Paper], tag_number: dict[str, int], built: dict[str, Any] | None) -> _Segments:
    """The two segments' files: the large one kept from `built` if its papers are unchanged."""
    count = len(papers)
    cut = (count - 1) // SEGMENT_STEP * SEGMENT_STEP if count else 0  # the newest 1 to SEGMENT_STEP papers
    built = built if built and built.get("format") == FORMAT else {}
    reusable = {(s.get("start"), s.get("end"), s.get("source")): s for s in built.get("segments", [])
                if s.get("end") != built.get("documents")}
    made = _Segments({}, [], [])
    for start, end in ((0, cut), (cut, count)):
        if start == end:
            continue
        source = _source(papers[start:end], tag_number)
        if end != count and (old := reusable.get((start, end, source))):
            made.kept.append(SEGMENT.format(segment=old["name"]).rstrip("/"))
            made.listed.append(old)
            continue
        # The large segment's weights use its own average lengths (so that a new day leaves it
        # untouched), the newest those of the whole archive: it is rewritten every day anyway.
        earlier = [s["lengths"] for s in made.listed] if end == count else []
        files, listed = _segment(papers[start:end], start, source, tag_number, earlier)
        made.files.update(files)
        made.listed.append(listed)
    return made


def _segment(papers: list[Paper], start: int, source: str, tag_number: dict[str, int],
             earlier: list[list[list[int]]]) -> tuple[dict[str, bytes], dict[str, Any]]:
    """A segment's files, by their path in the index folder, and its manifest entry. Its weights use
    the average lengths over it and the `earlier` segments' length totals."""
    segment = _analyse(papers, start)
    totals = _length_totals(segment)
    starts, own = _segment_files(segment, _averages(earlier + [totals]))
    own.update(_vocabulary(segment))
    own.update(_records(papers, tag_number))
    made = {path: stored(path, text) for path, text in own.items()}
    name = segment_name(made, start)
    folder = SEGMENT.format(segment=name)
    return {folder + path: data for path, data in made.items()}, {
        "name": name, "start": start, "end": start + len(papers), "source": source, "lengths": totals,
        "chunks": starts,
        "vocabulary": sorted(path.split("/")[1].split(".")[0] for path in own if path.startswith("vocabulary/"))}


def _filter_files(papers: list[Paper], tags: list[Tag], members: dict[str, list[int]]) -> dict[str, bytes]:
    """The files a reader's filters and sorts fetch: each tag's papers (`members`), the organisations'
    and the upvotes."""
    organizations: dict[str, list[int]] = defaultdict(list)
    for doc, paper in enumerate(papers):
        if paper.entry.organization:
            organizations[paper.entry.organization.name].append(doc)
    texts = {PATHS["tag"].format(slug=tag.slug): _compact(_gaps(members[tag.slug])) + "\n" for tag in tags}
    texts[PATHS["organizations"]] = _compact(
        [[name, len(docs), _gaps(docs)] for name, docs in sorted(organizations.items(),
                                                                   key=lambda kv: (kv[0].casefold(), kv[0]))]) + "\n"
    texts[PATHS["upvotes"]] = _compact([p.entry.upvotes or 0 for p in papers]) + "\n"
    return {path: stored(path, text) for path, text in texts.items()}


def _members(papers: list[Paper]) -> dict[str, list[int]]:
    """Each tag's papers, by document number."""
    members: dict[str, list[int]] = defaultdict(list)
    for doc, paper in enumerate(papers):
        for tag in paper.tags:
            members[tag.slug].append(doc)
    return members


def _manifest(papers: list[Paper], tags: list[Tag], members: dict[str, list[int]], segments: list[dict[str, Any]],
              files: dict[str, bytes]) -> str:
    """What the browser reads first: the index's settings, its segments, tags (with their counts, from
    `members`) and years, and the hash of each filter file (in `files`)."""
    years: dict[int, list[int]] = {}
    for doc, paper in enumerate(papers):
        years.setdefault(paper.days[0].year, [doc, doc])[1] = doc + 1
    return json.dumps({
        "format": FORMAT,
        "documents": len(papers),
        "fields": [{"name": name, "boost": boost} for name, boost in FIELDS],
        "phrase_fields": list(PHRASE_FIELDS),
        "quantum": QUANTUM,
        "records_per_file": RECORDS_PER_FILE,
        "segments": segments,
        # Filter files keep their names from day to day: a file's hash goes in its URL (?v=), so a
        # browser's cached copy is never taken for today's.
        "tags": [{"name": t.name, "slug": t.slug, "count": len(members[t.slug]),
                  "version": _hash(files[PATHS["tag"].format(slug=t.slug)])} for t in tags],
        "versions": {kind: _hash(files[PATHS[kind]]) for kind in ("organizations", "upvotes")},
        "years": [{"year": y, "start": s, "end": e} for y, (s, e) in sorted(years.items(), reverse=True)],
        "paths": PATHS,
    }, ensure_ascii=False, separators=(",", ":")) + "\n"


def lunr_js() -> str:
    """lunr.js as npm ships it (vendor.py), minified: a third of the bytes."""
    return rjsmin.jsmin(vendor.lunr_source(), keep_bang_comments=True) + "\n"
