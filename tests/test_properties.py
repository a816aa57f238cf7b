"""Property-based tests: the page-text and JSON readers and the YAML loader, fed generated input.

Each test takes real input (the seeds, the API fixture, a committed digest), mutates it with
Hypothesis and runs the library in process. Whatever the input, only two outcomes are allowed:

- refused: an InputError whose message is one line, and nothing written (the digests folder as it
  was, whether it started empty or holding a day);
- accepted: every paper has a title with a visible character. For an import: the store reloads what
  was written and writes it back byte for byte, `check` passes on the project, and importing the
  same file again changes nothing. For a digest that `check` accepts: the store writes it out and
  reads back the same digest.

Any other exception is a traceback a maintainer would see, and fails the test.

`make test` runs the "quick" profile: a fixed number of examples per test, derandomized (the same
examples every run, so CI is deterministic). A longer, random run, many more examples each:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -p no:cacheprovider tests/test_properties.py

(50,000 examples per test, about five minutes each on one core; `-n 2` runs them side by side).
HYPOTHESIS_EXAMPLES=N sets the number of examples per test, in either profile.
A failing example found by a long run is kept in .cache/hypothesis/ and tried first next time.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis import event, given
from hypothesis.database import DirectoryBasedExampleDatabase

from conftest import FIXTURES, REPO, SEED_DAYS, SEEDS
from generator import pipeline, store
from generator.errors import InputError
from generator.importer import import_files
from generator.parse_cache import Parsed
from generator.project import Project
from generator.readers import pagetext
from generator.readers.pagetext import FURNITURE
from generator.taxonomy import load_taxonomy

# --- profiles ---------------------------------------------------------------------------------

_COMMON: dict[str, Any] = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
# quick: what `make test` runs (each test gives its number of examples); the same examples every run.
settings.register_profile("quick", derandomize=True, database=None, **_COMMON)
# long: random, 50,000 examples per test; failing examples are kept and replayed first next time.
settings.register_profile("long", max_examples=50_000, **_COMMON,
                          database=DirectoryBasedExampleDatabase(str(REPO / ".cache" / "hypothesis")))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")


def profile(quick_examples: int) -> settings:
    """The chosen profile's settings, with quick_examples examples in the quick profile (the tests
    differ in cost per example), or HYPOTHESIS_EXAMPLES in any."""
    chosen = settings.get_profile(PROFILE)
    examples = int(os.environ.get("HYPOTHESIS_EXAMPLES", 0)) or (
        quick_examples if PROFILE == "quick" else chosen.max_examples)
    return settings(chosen, max_examples=examples)


# --- what every outcome must satisfy ----------------------------------------------------------

# Controls, format characters (zero-width, bidi marks, tags), spaces and separators, surrogates. An
# unassigned code point (Cn) counts as visible: browsers draw it as a box, and which code points are
# unassigned depends on the Unicode version of the Python that runs the test.
HIDDEN = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"})


def visible(text: object) -> bool:
    """Text with at least one character a reader can see."""
    return isinstance(text, str) and any(
        not ch.isspace() and unicodedata.category(ch) not in HIDDEN for ch in text)


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file in folder (hidden ones too), or None if there is no folder."""
    if not folder.exists():
        return None
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_one_line(error: InputError) -> None:
    """The CLI prints the error as one line (tests/test_bad_input.py counts lines the same way)."""
    text = f"error: {error}"
    assert len(text.strip().splitlines()) == 1, repr(text)


def assert_digests_sound(root: Path, parsed: Parsed) -> None:
    """Every digest under root/digests has visible titles and survives the store's round trip; what
    the import handed the next command for a day it wrote (parsed, which reads a day it holds nothing
    for) is what reading the file gives, each paper at its line; and the project passes `check`."""
    digests = root / "digests"
    for path in store.digest_files(digests):
        text = path.read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=yaml.CSafeLoader)  # the raw data, before the store cleans it
        for paper in raw["papers"]:
            assert visible(paper["title"]), f"{path.name}: invisible title {paper['title']!r}"
        digest = store.load_digest(path)  # the store accepts what import wrote
        assert store.dump_digest(digest) == text, f"{path.name} is not canonical"
        kept = parsed.load(path, store.load_digest)
        assert kept == digest and [e.line for e in kept.entries] == [e.line for e in digest.entries], path.name
    archive = pipeline.check(Project(root))
    for paper in archive.papers.values():
        assert visible(paper.entry.title), f"{paper.slug}: invisible title {paper.entry.title!r}"


@dataclasses.dataclass
class Source:
    """A file to import: its name, its bytes, the --date given (if any), and the digests folder it
    is imported into (file name -> bytes; empty: no folder)."""

    name: str
    data: bytes
    date: dt.date | None
    before: dict[str, bytes]

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example: enough to reproduce
        return (f"Source(name={self.name!r}, date={self.date!r}, before={sorted(self.before)}, "
                f"data={self.data!r})")


def check_import(source: Source) -> str:
    """Import source into a fresh project; assert the properties. Returns 'refused' or 'accepted'."""
    with tempfile.TemporaryDirectory(prefix="dpa-properties-") as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "tags.yaml", root / "tags.yaml")
        digests = root / "digests"
        if source.before:
            digests.mkdir()
            for name, data in source.before.items():
                (digests / name).write_bytes(data)
        path = root / source.name
        path.write_bytes(source.data)
        before = snapshot(digests)
        try:
            import_files([path], digests, source.date, parsed=Parsed(root / "parsed"))
        except InputError as e:
            assert_one_line(e)
            assert snapshot(digests) == before, "a refused import changed digests/"
            return "refused"
        assert_digests_sound(root, Parsed(root / "parsed"))
        after = snapshot(digests)
        _, written = import_files([path], digests, source.date)
        assert written == [], f"importing the same file again rewrote {written}"
        assert snapshot(digests) == after
        return "accepted"


# --- generated text -----------------------------------------------------------------------------

# Characters that have broken readers elsewhere: controls, line and paragraph separators, invisible
# and format characters, BOMs and non-characters, fillers that look blank, the page's own markers.
NASTY = ("\x00\x01\x08\t\x0b\x0c\x1c\x1d\x1e\x1f\x7f\x80\x85\x9f\xa0\xad\u034f\u061c\u115f\u1160\u180e"
         "\u2000\u200a\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202e\u202f\u205f\u2060\u2061\u2064"
         "\u2066\u2069\u2800\u3000\u3164\ufe0f\ufeff\uffa0\ufff9\ufffc\ufffd\ufffe\uffff"
         "\U0001d173\U0001f600\U000e0001\U000e0020\U000e007f\U000f0000\U0010ffff"
         "·•\u2022\u00b7\u0301\u0308\ufb01\u212b\u1e9b\u0130\u0131\u00df"
         "\"'`\\#:&*!|>%@{}[],-?<=\r\n")
chars = st.one_of(st.sampled_from(NASTY), st.characters(codec="utf-8"), st.sampled_from("aZ09 .:-"))
nasty_text = st.text(chars, max_size=12)
huge_digits = st.sampled_from([10, 19, 20, 400, 4300, 4301, 5000]).map(lambda n: "9" * n)
blank_like = st.text(st.sampled_from(" \t\xa0\u2000\u2028\u2029\u3000\u200b\u200c\u200d\u200e\u2060"
                                     "\ufeff\xad\x00\x0b\x0c\x1e\x85\u3164\u2800\u034f\U000e0020"), min_size=1, max_size=4)
# Text that cleaning keeps but that shows nothing: format characters (zero-width, bidi, tags), and
# private-use characters and noncharacters, which the store refuses as a title (a reader must too).
invisible_text = st.text(st.sampled_from("\u200c\u200d\u200e\u200f\u202a\u202e\u2061\u2066\u061c\u180e"
                                         "\U000e0001\U000e0020\ue000\U000f0000\U0001fffe"), min_size=1, max_size=3)
EDITS = st.sampled_from([0, 0, 1, 1, 1, 2, 2, 3, 4, 6, 8])  # how many edits: mostly few, so that some input stays valid
DAYS = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@st.composite
def page_dates(draw: st.DrawFn) -> str:
    """A date line as the page has them ('Oct 14', 'Jun 6, 2023 4'), real or not."""
    month = draw(st.sampled_from(["Jan", "Feb", "Mar", "Nov", "Dec", "Foo", "jan", "MAR"]))
    day = draw(st.sampled_from(["1", "18", "29", "30", "31", "0", "00", "32", "99", "9"]))
    year = draw(st.sampled_from(["", ", 2023", ", 2024", ", 0000", ", 0001", ", 9999", ", 2025"]))
    votes = draw(st.one_of(st.just(""), st.integers(0, 10**9).map(lambda n: f" {n}"), huge_digits.map(" ".__add__)))
    return f"{month} {day}{year}{votes}"


@st.composite
def page_lines(draw: st.DrawFn) -> str:
    """One line for page text: random, blank-looking, page furniture or metadata."""
    return draw(st.one_of(
        nasty_text,
        blank_like,
        invisible_text,
        st.sampled_from(sorted(FURNITURE)),
        st.sampled_from(["·", "  • 3 authors", "• 1 author", "apple Apple", "apple", "Subscribe", "SubscribeA Title",
                         "A Title", "An abstract.", "Nov 18", "Dec 9", "Mar 11", "Oct 31"]),
        huge_digits.map(lambda d: f"  • {d} authors"),
        page_dates(),
        st.integers(0, 100_000).map(lambda n: "x" * n),
    ))


SEED_LINES = {name: (SEEDS / name).read_text(encoding="utf-8").split("\n") for name in SEED_DAYS}
# Where each entry of a seed starts (its title line, 0-based), and the seed's end.
SEED_ENTRIES = {name: [(entry.line or 1) - 1 for entry, _ in pagetext.parse("\n".join(lines), SEEDS / name).entries]
                + [len(lines)] for name, lines in SEED_LINES.items()}
LINE_ENDS = ["\n", "\n", "\n", "\r\n", "\r"]


@st.composite
def mutated_lines(draw: st.DrawFn, lines: list[str], make_line: st.SearchStrategy[str]) -> list[str]:
    """lines with a few random edits: lines inserted, deleted, duplicated, swapped, cut or
    overwritten, characters inserted, digits made huge, lines made very long."""
    lines = list(lines)
    for _ in range(draw(EDITS)):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "chars", "replace", "cut",
                                   "digits", "long"]))
        if not lines:
            lines.append(draw(make_line))
            continue
        i = draw(st.integers(0, len(lines) - 1))
        if op == "insert":
            lines.insert(draw(st.integers(0, len(lines))), draw(make_line))
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "chars":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(nasty_text) + lines[i][at:]
        elif op == "replace":
            lines[i] = draw(make_line)
        elif op == "cut":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] if draw(st.booleans()) else lines[i][at:]
        elif op == "digits":
            digits = draw(huge_digits)
            lines[i] = re.sub(r"\d+", digits, lines[i], count=1) if re.search(r"\d", lines[i]) \
                else f"{lines[i]} {digits}"
        else:  # long
            lines[i] = lines[i] * draw(st.sampled_from([2, 10, 100])) if lines[i] else "y" * 20_000
    return lines


def encode(draw: st.DrawFn, text: str) -> bytes:
    """text as a file's bytes: UTF-8 mostly, now and then with a BOM, stray bytes or another codec."""
    how = draw(st.sampled_from(["utf-8"] * 15 + ["utf-8-sig", "bytes", "latin-1", "utf-16", "binary"]))
    if how == "utf-8-sig":
        return text.encode("utf-8-sig")
    if how == "bytes":
        data = text.encode("utf-8")
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if how == "latin-1":
        return text.encode("latin-1", errors="replace")
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "binary":
        return draw(st.binary(max_size=200))
    return text.encode("utf-8")


@st.composite
def file_name_and_date(draw: st.DrawFn, day: str, suffix: str) -> tuple[str, dt.date | None]:
    """How the import learns the day: the file name, --date, both, neither, or a wrong one."""
    how = draw(st.sampled_from(["name"] * 12 + ["date", "both", "neither", "other", "unreal"]))
    if how == "name":
        return f"{day}{suffix}", None
    if how == "date":
        return f"page{suffix}", dt.date.fromisoformat(day)
    if how == "both":
        return f"{draw(DAYS).isoformat()}{suffix}", dt.date.fromisoformat(day)
    if how == "neither":
        return f"page{suffix}", None
    if how == "other":
        return f"{draw(DAYS).isoformat()}{suffix}", None
    return f"{draw(st.sampled_from(['2025-02-30', '2025-13-01', '0000-01-01', '2025-00-10']))}{suffix}", None


def _valid_head(lines: list[str], name: str, day: str) -> list[str]:
    """The longest head of lines (at most 60) that imports cleanly."""
    for n in range(min(60, len(lines)), 0, -1):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, name)
            path.write_text("\n".join(lines[:n]), encoding="utf-8")
            try:
                import_files([path], Path(tmp, "digests"), dt.date.fromisoformat(day))
            except InputError:
                continue
            return lines[:n]
    raise AssertionError(f"no head of {name} imports")


@functools.cache
def digests_after(name: str, data: bytes, day: str) -> dict[str, bytes]:
    """The digests folder after importing data: a folder to import into that already holds a day."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, name)
        path.write_bytes(data)
        import_files([path], Path(tmp, "digests"), dt.date.fromisoformat(day))
        return snapshot(Path(tmp, "digests")) or {}


@functools.cache
def seed_head(seed: str) -> dict[str, bytes]:
    """The digests folder after importing the head of a seed (a few of its papers)."""
    lines = _valid_head(SEED_LINES[seed], seed, SEED_DAYS[seed])
    return digests_after(seed, "\n".join(lines).encode(), SEED_DAYS[seed])


def digests_before(seed: str) -> st.SearchStrategy[dict[str, bytes]]:
    """The digests folder an import starts from: none, or one holding the first papers of a seed
    (imported from page text) or the API fixture's day (2025-11-18, from JSON)."""
    return st.sampled_from(["none", "seed", "api"]).map(lambda start: {
        "none": dict, "seed": lambda: seed_head(seed),
        "api": lambda: digests_after(LISTING.name, LISTING.read_bytes(), "2025-11-18")}[start]())


@st.composite
def page_texts(draw: st.DrawFn) -> Source:
    """A slice of a seed (from its top, or anywhere), mutated, encoded, named, maybe imported into a
    folder that already holds that seed's first papers."""
    seed = draw(st.sampled_from(sorted(SEED_DAYS)))
    lines, starts = SEED_LINES[seed], SEED_ENTRIES[seed]
    if draw(st.integers(0, 4)) == 0:  # any slice
        start = draw(st.integers(0, len(lines) - 1))
        chunk = lines[start:start + draw(st.integers(1, 40))]
    else:  # a few whole entries, after the page's header or not
        k = draw(st.integers(0, len(starts) - 2))
        body = lines[starts[k]:starts[min(k + draw(st.integers(1, 5)), len(starts) - 1)]]
        chunk = (lines[:starts[0]] if draw(st.integers(0, 3)) else []) + body
    chunk = draw(mutated_lines(chunk, page_lines()))
    ends = draw(st.sampled_from(LINE_ENDS))
    text = ends.join(chunk) + draw(st.sampled_from(["", "\n", ends + ends]))
    name, date = draw(file_name_and_date(SEED_DAYS[seed], draw(st.sampled_from([".txt", ".txt", ".TXT", ""]))))
    return Source(name=name, data=encode(draw, text), date=date, before=draw(digests_before(seed)))


# --- generated JSON -------------------------------------------------------------------------------

LISTING = FIXTURES / "api" / "2025-11-18.json"
LISTING_DATA = json.loads(LISTING.read_text(encoding="utf-8"))
API_KEYS = ["paper", "id", "title", "summary", "authors", "name", "publishedAt", "upvotes", "ai_summary",
            "ai_keywords", "githubRepo", "projectPage", "withdrawnAt", "organization", "fullname", "_id"]
date_texts = st.one_of(
    st.sampled_from(["2025-11-18", "2025-11-18T10:00:00.000Z", "2025-02-30T00:00:00Z", "2025-11-18T25:00:00Z",
                     "Z", "", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2025-11-18T10:00:00+25:00",
                     "2025-11-18T10:00:00-23:59", "+2025-11-18", "2025-W47-2", "20251118", "2025-11-18 10:00",
                     "2025-11-18T10:00:00.000ZZ", "９９９９-12-31"]),
    DAYS.map(dt.date.isoformat))
url_texts = st.sampled_from(["https://github.com/a/b", "http://x", "javascript:alert(1)", "https://", "data:,x",
                             "https://a b", "https://a\u2028b", "HTTPS://X.ORG", "https://x/\"><script>", "//x.org"])
json_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.sampled_from([-1, 0, 2**31, 2**63, -2**63 - 1]), st.sampled_from([100, 4299]).map(lambda n: 10**n),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(chars, max_size=20), blank_like, invisible_text, date_texts, url_texts,
    st.integers(0, 5000).map(lambda n: "t" * n),
)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(API_KEYS), st.text(chars, max_size=6)),
                                                 inner, max_size=4)), max_leaves=6)


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a JSON value, outermost first."""
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((node, key))
            _slots(value, out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.append((node, i))
            _slots(value, out)
    return out


@st.composite
def mutated_listing(draw: st.DrawFn) -> Any:
    """The fixture's listing with values replaced, fields dropped or added, items repeated, values nested."""
    data: Any = copy.deepcopy(LISTING_DATA)
    for _ in range(draw(EDITS)):
        slots = _slots(data, [])
        op = draw(st.sampled_from(["replace"] * 4 + ["delete", "add", "duplicate", "wrap", "whole"]))
        if op == "whole" or not slots:
            data = draw(json_values)
            continue
        container, key = draw(st.sampled_from(slots))
        if op == "replace":
            container[key] = draw(json_values)
        elif op == "delete":
            del container[key]
        elif op == "add":
            target = container[key] if isinstance(container[key], dict) else container
            if isinstance(target, dict):
                target[draw(st.sampled_from(API_KEYS))] = draw(json_values)
            else:
                target.append(draw(json_values))
        elif op == "duplicate":
            if isinstance(container, list):
                container.insert(key, copy.deepcopy(container[key]))
            else:
                container[key] = copy.deepcopy(container)
        else:  # wrap
            container[key] = [container[key]] if draw(st.booleans()) else {"paper": container[key]}
    return data


NUMBER = re.compile(r"(?<=: )-?\d+(?=[,\n}\]])")
VALUE = re.compile(r'(?<=: )("[^"]*"|-?\d+|true|false|null)')


@st.composite
def json_texts(draw: st.DrawFn) -> str:
    """The mutated listing as JSON text, sometimes edited as text: huge numbers, deep nesting,
    truncation, stray characters, or no JSON at all."""
    data = draw(mutated_listing())
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["none"] * 4 + ["number", "deep", "deep_value", "cut", "chars", "garbage",
                                                  "constants"]))
        if op == "number":
            text = NUMBER.sub(draw(huge_digits), text, count=1) if NUMBER.search(text) \
                else VALUE.sub(draw(huge_digits), text, count=1)
        elif op == "deep":
            n = draw(st.sampled_from([10, 500, 2000, 100_000]))
            text = "[" * n + text + "]" * n
        elif op == "deep_value":  # nested lists in place of a value, near and past the recursion limit
            n = draw(st.sampled_from([3, 100, 700, 800, 900, 950, 990, 1000, 3000]))
            text = VALUE.sub("[" * n + "1" + "]" * n, text, count=draw(st.integers(1, 3)))
        elif op == "cut":
            text = text[:draw(st.integers(0, len(text)))]
        elif op == "chars":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(nasty_text) + text[at:]
        elif op == "garbage":
            text = draw(st.text(chars, max_size=200))
        elif op == "constants":
            text = VALUE.sub(draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-0", "1.0", "1e2"])),
                             text, count=draw(st.integers(1, 5)))
    return text


@st.composite
def api_listings(draw: st.DrawFn) -> Source:
    text = draw(json_texts())
    name, date = draw(file_name_and_date("2025-11-18", draw(st.sampled_from([".json", ".json", ".JSON"]))))
    # Seed 000 is the page text of the listing's day: its papers are matched by title and enriched.
    return Source(name=name, data=encode(draw, text), date=date, before=draw(digests_before("000_04d1aa04de2bd716.txt")))


# --- generated YAML -----------------------------------------------------------------------------------

DIGEST = REPO / "digests" / "2025-12-09.yaml"
DIGEST_LINES = DIGEST.read_text(encoding="utf-8").split("\n")
PAPER_STARTS = [i for i, line in enumerate(DIGEST_LINES) if line.startswith("- slug: ")]
DIGEST_HEAD = DIGEST_LINES[:PAPER_STARTS[0]]
DIGEST_PAPERS = [DIGEST_LINES[a:b] for a, b in zip(PAPER_STARTS, PAPER_STARTS[1:] + [len(DIGEST_LINES)])]
# The committed registry, cut to this digest's papers (loading all of it would double each check).
REGISTRY = {slug: keys for slug, keys in store.load_registry(REPO / "digests").items()
            if any(p[0] == f"- slug: {slug}" for p in DIGEST_PAPERS)}
REGISTRY_TEXT = store.dump_registry(store.canonical_registry(REGISTRY)).encode()
TAG_SLUGS = [tag.slug for tag in load_taxonomy(REPO / "tags.yaml")]

yaml_values = st.one_of(
    st.sampled_from([
        "&a Anchored", "*a", "{<<: *a}", "!!binary aGVsbG8=", "!!python/object/apply:os.system [ls]", "!!set {a, b}",
        "!!str 1", "!!int '1'", "!!float 1", "!!timestamp 2025-12-09", "!!timestamp x", "!!bool x", "!!int _",
        "!!float ''", "!!int '1:'", "!!omap x", "!!null x", "!!merge x", "2025-02-30", "2025-12-09", "2025-12-10",
        "2025-12-09 10:00:00", "2025-12-09T10:00:00Z", "0000-01-01", "9999-12-31", "null", "~", "", "''", '""',
        "yes", "no", "on", "true", "0x1F", "0o17", "1_000", ".inf", "-.nan", "-1", "0", "1.5", "1e3", "12:30:00",
        "[]", "{}", "[a, b]", "[a, [b]]", "{handle: a}", "{handle: a, name: b}", "{handle: a, name: b, x: c}",
        "|\n    literal", ">\n    folded", "'quoted ''x'''", '"\\u2028"', '"\\x00"', '"\\u200b\\u00ad"', '"\\ufeff"',
        '"\\u200e"', '"\\t \\n"', '" "', "'  '", "- item", "a: b", "a #comment", "#", "%TAG", "@x", "`x",
        "javascript:alert(1)", "https://github.com/a/b", "[https://x]", "*undefined",
    ]),
    huge_digits,
    st.sampled_from([10, 500, 900, 990, 5000]).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(TAG_SLUGS + ["no-such-tag", "RL", ""]).map(lambda t: f"[{t}]"),
    st.sampled_from(sorted(REGISTRY)),
    nasty_text,
    nasty_text.map(lambda t: json.dumps(t)),  # a double-quoted YAML string with escapes
    st.one_of(blank_like, invisible_text).map(lambda t: json.dumps(t)),  # text that shows nothing
)
yaml_keys = st.one_of(
    st.sampled_from(["slug", "title", "arxiv_id", "authors", "author_names", "organization", "published", "upvotes",
                     "withdrawn", "github", "project_page", "tags", "keywords", "abstract", "ai_summary", "date",
                     "source", "papers", "__line__", "<<", "? [a]", "&k title", "*a", "'title'", '"ti\\ntle"',
                     '"\\u2028"', '"a\\x85b"', "1", "null", "[a]", "{a: 1}"]),
    nasty_text)
YAML_LINE = re.compile(r"^(?P<indent>[ \t]*(?:- )?)(?P<key>[^:\s][^:]*): ?(?P<value>.*)$")


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    """A line for a digest: a field of a paper or of the digest, a paper, or YAML syntax."""
    indent = draw(st.sampled_from(["", "  ", "- ", "    ", "\t", " ", "   - "]))
    return draw(st.one_of(
        st.builds(lambda k, v: f"{indent}{k}: {v}", yaml_keys, yaml_values),
        st.sampled_from(["---", "...", "%YAML 1.1", "%YAML 1.3", "papers:", "papers: []", "- slug: x", "-", "- ",
                         "  - a", "? a", ": b", "date: 2025-12-09", "source: x.txt", "  title: &a Same",
                         "  abstract: *a", "- <<: *a", "  <<: {title: x, abstract: y}", "&b", "*b", "!!map",
                         "---\ndate: 2025-12-09", "# a comment"]),
        nasty_text,
    ))


@st.composite
def digest_texts(draw: st.DrawFn) -> bytes:
    """A few papers of the committed digest, mutated line by line and value by value."""
    start = draw(st.integers(0, len(DIGEST_PAPERS) - 1))
    papers = DIGEST_PAPERS[start:start + draw(st.integers(1, 5))]
    lines = DIGEST_HEAD + [line for paper in papers for line in paper]
    titles = [i for i, line in enumerate(lines) if line.startswith("  title: ")]
    for _ in range(draw(st.integers(0, 3))):  # whole values and keys, keeping the line's shape
        i = draw(st.one_of(st.integers(0, len(lines) - 1),  # any line, the date or source, or a title
                           st.integers(1, len(DIGEST_HEAD) - 1), st.sampled_from(titles)))
        if m := YAML_LINE.match(lines[i]):
            if draw(st.booleans()):
                lines[i] = f"{m['indent']}{m['key']}: {draw(yaml_values)}"
            else:
                lines[i] = f"{m['indent']}{draw(yaml_keys)}: {m['value']}"
    lines = draw(mutated_lines(lines, yaml_lines()))
    text = "\n".join(lines)
    return encode(draw, text) if draw(st.integers(0, 9)) == 0 else text.encode("utf-8")


def check_digest(data: bytes, name: str) -> str:
    """A project holding one digest file: `check` refuses it with one line, or accepts it with
    visible titles, and it writes nothing."""
    with tempfile.TemporaryDirectory(prefix="dpa-properties-") as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "tags.yaml", root / "tags.yaml")
        digests = root / "digests"
        digests.mkdir()
        (digests / store.REGISTRY).write_bytes(REGISTRY_TEXT)
        (digests / name).write_bytes(data)
        before = snapshot(digests)
        try:
            archive = pipeline.check(Project(root))
        except InputError as e:
            assert_one_line(e)
            assert snapshot(digests) == before, "check wrote to digests/"
            return "refused"
        assert snapshot(digests) == before, "check wrote to digests/"
        for paper in archive.papers.values():
            assert visible(paper.entry.title), f"{paper.slug}: invisible title {paper.entry.title!r}"
        for digest in store.load_digests(digests):  # what the store accepts, it writes back as it was
            again = root / f"{digest.date}.yaml"
            again.write_text(store.dump_digest(digest), encoding="utf-8")
            reloaded = store.load_digest(again)
            assert reloaded == digest, f"{digest.date}: the store reads back other data than it wrote"
        return "accepted"


# --- the properties -------------------------------------------------------------------------------------


@profile(1000)
@given(page_texts())
def test_page_text_is_imported_or_refused_cleanly(source: Source) -> None:
    event(check_import(source))


@profile(1000)
@given(api_listings())
def test_api_json_is_imported_or_refused_cleanly(source: Source) -> None:
    event(check_import(source))


@profile(1000)
@given(digest_texts(), st.sampled_from(["2025-12-09.yaml"] * 9 + ["2025-12-10.yaml"]))
def test_a_digest_is_checked_or_refused_cleanly(data: bytes, name: str) -> None:
    event(check_digest(data, name))


registry_slugs = st.one_of(st.from_regex(store.SLUG, fullmatch=True), st.sampled_from(
    ["1", "0x1f", "1e3", "2025-12-09", "true", "yes", "no", "off", "null", "a-b", "-a", "A", "a b"]))
registry_keys = st.builds(lambda prefix, text: prefix + text, st.sampled_from([store.ARXIV_KEY, store.TITLE_KEY, ""]),
                          st.one_of(st.text(st.sampled_from(" :#'\"-?,[]{}&*!|>%@`ab1."), max_size=12),
                                    nasty_text, st.text(st.sampled_from("ab "), min_size=890, max_size=1100)))


@profile(500)  # the same examples each run, a slug long enough to be a complex key among them
@given(st.dictionaries(registry_slugs, st.lists(registry_keys, max_size=3), max_size=4))
def test_the_registry_is_written_as_pyyaml_writes_it(registry: dict[str, list[str]]) -> None:
    """store.dump_registry writes most entries itself, for speed: the result is PyYAML's, byte for byte."""
    pyyaml = yaml.dump(store.canonical_registry(registry), Dumper=yaml.CSafeDumper, allow_unicode=True, width=1000)
    assert store.dump_registry(store.canonical_registry(registry)).split("\n", 2)[2] == ("" if pyyaml == "{}\n" else pyyaml)
