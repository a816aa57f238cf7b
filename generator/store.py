"""The store: one canonical YAML digest per day under digests/, and the slug registry.

Digests are committed and edited by hand, so loading validates every field and names
the file and line of anything wrong. Writes are all-or-nothing: every file is written
to a temporary name first and renamed into place only when all of them are ready.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .model import ARXIV_KEY, FIELD_NAMES, SLUG, TITLE_KEY, STORED_FIELDS, Digest, Entry, FieldError, Kind, clean_text, entry_data, kind, required, shown, validate, visible
from .parse_cache import Parsed
from .slugs import RESERVED, SlugRegistry
from .writer import write_files

# The C loader and dumper are many times faster (PyYAML's wheels carry them).
_Loader = yaml.CSafeLoader
_Dumper = yaml.CSafeDumper

REGISTRY = "slugs.yaml"
JOURNAL = ".import-journal.json"  # the renames of an import under way (writer.write_files)
KEY_PREFIXES = (ARXIV_KEY, TITLE_KEY)
DIGEST_NAME = re.compile(r"\d{4}-\d{2}-\d{2}\.yaml")
HEADER = ("# Daily Papers digest. Edit by hand as you like (fix a title, add tags), "
          "but never change a slug: it is the paper's permanent URL.\n")


class _NotPlainData(yaml.constructor.ConstructorError):
    """An alias or merge key: refused, since eight nested merges of ten aliases each take minutes
    and gigabytes to expand, and a digest written by hand never needs one."""


class _LineLoader(_Loader):
    """Records each mapping's line as the key '__line__', for error messages; refuses aliases and
    merge keys."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:  # met before: an alias
            raise _NotPlainData(None, None, "an alias (*name) repeats a value", node.start_mark)
        try:
            return super().construct_object(node, deep)
        except (AttributeError, IndexError, KeyError, TypeError):  # PyYAML's own, on '!!int _' and the like
            raise yaml.constructor.ConstructorError(None, None, f"{node.tag} cannot be read from {shown(node.value)}",
                                                    node.start_mark) from None

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        for key, _ in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise _NotPlainData(None, None, "a merge key (<<) copies values", key.start_mark)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)
    except _NotPlainData as e:
        mark = e.problem_mark
        raise InputError(path, f"is not plain data: {e.problem}", "write each value out in full: digests and "
                         "tags.yaml take no anchors, aliases or merge keys", mark.line + 1 if mark else None) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise InputError(path, f"is not valid YAML ({e.problem or e.context})",
                         "fix the syntax there (quote a value holding ': ' or '#')",
                         mark.line + 1 if mark else None) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(path, f"cannot be read ({e})", "check the file") from None
    except (ValueError, RecursionError) as e:  # a date like 2025-02-30; a number of thousands of digits
        raise InputError(path, f"holds a value that cannot be read ({_short(str(e))})",
                         "correct it (a real day like 2025-02-28; a number of a sensible size)") from None


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def digest_path(root: Path, date: dt.date) -> Path:
    return root / f"{date.isoformat()}.yaml"


def digest_files(root: Path) -> list[Path]:
    """The digests under root; a YAML file named otherwise (2025-11-19.yml, 2025-1-19.yaml) would be
    skipped without a word, so it is an error."""
    files = sorted(p for p in root.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.name != REGISTRY)
    for path in files:
        if not DIGEST_NAME.fullmatch(path.name):
            raise InputError(path, "is not named as a digest (YYYY-MM-DD.yaml)",
                             "rename it to its day, e.g. 2025-11-19.yaml, or move it out of digests/")
    return files


def load_digests(root: Path, parsed: Parsed | None = None) -> list[Digest]:
    """Every digest under root, oldest first."""
    return [parsed.load(p, load_digest) if parsed else load_digest(p) for p in digest_files(root)]


def load_digest(path: Path) -> Digest:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "is not a digest", "it must be a mapping with 'date' and 'papers'", 1)
    _no_unknown(path, data, {"date", "source", "papers"})
    date = data.get("date")
    if isinstance(date, dt.datetime):  # YAML reads 2025-11-18 10:00:00 as one: said as written, not as a repr
        raise InputError(path, f"'date' must be a day like 2025-11-18, not a date and time ({date})",
                         f"write the day alone: date: {date.date()}", data["__line__"])
    if not isinstance(date, dt.date):
        raise InputError(path, f"'date' must be a day like 2025-11-18, not {shown(date)}", "correct it", data["__line__"])
    if path.name != f"{date.isoformat()}.yaml":
        raise InputError(path, f"holds the digest of {date}", f"rename it to {date}.yaml", data["__line__"])
    papers = data.get("papers")
    if not isinstance(papers, list) or not papers:
        raise InputError(path, "'papers' must be a non-empty list", "list the day's papers under 'papers:'",
                         data["__line__"])
    entries = [_entry(path, p) for p in papers]
    source = data.get("source")
    if source is not None and not (isinstance(source, str) and visible(source) and source == clean_text(source)):
        raise InputError(path, f"'source' must be the name of the file the digest came from, not {shown(source)}",
                         "correct it or remove the line", data["__line__"])
    return Digest(date=date, entries=entries, source=source)


def _no_unknown(path: Path, data: dict, known: set[str]) -> None:
    for key in data:
        if key != "__line__" and key not in known:
            raise InputError(path, f"unknown field '{key}'", f"use one of: {', '.join(sorted(known))}",
                             data["__line__"])


def _entry(path: Path, data: Any) -> Entry:
    if not isinstance(data, dict):
        raise InputError(path, f"a paper must be a mapping of fields, not {shown(data)}",
                         "write it as '- title: …' with its fields indented below")
    line = data["__line__"]
    _no_unknown(path, data, set(FIELD_NAMES))
    values: dict[str, Any] = {}
    for f in STORED_FIELDS:
        value = data.get(f.name)
        if value is None and not (required(f) or kind(f) is Kind.SLUG):  # a stored paper always has its slug
            continue
        try:
            values[f.name] = validate(f, value)
        except FieldError as e:
            raise InputError(path, e.message, e.hint, line) from None
    entry = Entry(**values, line=line)
    entry.fingerprint, entry.keys  # worked out now, to be kept with the parsed digest
    return entry


def dump_digest(digest: Digest) -> str:
    """A digest as canonical YAML: the model's field order, empty fields left out."""
    body = {"date": digest.date, **({"source": digest.source} if digest.source else {}),
            "papers": [entry_data(e) for e in digest.entries]}
    return HEADER + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def as_loaded(digest: Digest, text: str) -> Digest:
    """What load_digest reads back from text, which dump_digest made of digest, without parsing it:
    the same values (every field was validated as the store loads it), each entry at the line its
    "- " starts (the papers are the YAML's only unindented list)."""
    lines = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("- ")]
    assert len(lines) == len(digest.entries), "dump_digest writes each paper at a '- ' line of its own"
    entries = [dataclasses.replace(entry, line=line) for entry, line in zip(digest.entries, lines)]
    for entry in entries:
        entry.fingerprint, entry.keys  # as _entry: kept with the parsed digest
    return Digest(date=digest.date, entries=entries, source=digest.source or None)


def load_registry(root: Path, parsed: Parsed | None = None) -> dict[str, list[str]]:
    """slug -> every identity key ever matched to it. A slug in here is never given to another paper."""
    path = root / REGISTRY
    if not path.exists():
        return {}
    return parsed.load(path, _read_registry) if parsed else _read_registry(path)


def _read_registry(path: Path) -> dict[str, list[str]]:
    data = _load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in data.items() if k != "__line__"):
        raise InputError(path, "is not a slug registry", "it maps each slug to a list of keys; restore it from git")
    data.pop("__line__")
    for slug, keys in data.items():
        if not SLUG.fullmatch(slug) or not all(k.startswith(KEY_PREFIXES) for k in keys):
            raise InputError(path, f"holds '{_short(slug)}', which is not a slug with identity keys",
                             "slugs are lowercase words joined by '-', keys 'arxiv:…' or 'title:…'; "
                             "restore the file from git")
    return data


def check_slugs(digests: list[Digest], registry: dict[str, list[str]], root: Path) -> None:
    """Every slug a digest gives is registered, not reserved, names one paper in its digest, and
    belongs to the paper it is given to: a slug moved to another paper (or two swapped, or one arXiv
    id on two papers) would merge two papers into one page and take the other's URL away.
    One pass over the digests with dict lookups: the registry's reverse map (key -> slug) is made
    only when a paper's keys are not its slug's (a title corrected by hand, not yet imported)."""
    # Values alone, no places: made for every paper on every build; a place is looked up on refusal.
    ids: dict[str, str] = {}  # slug -> an arXiv id it was given with
    owners: dict[str, str] = {}  # arXiv id -> the slug it was given with
    found: SlugRegistry | None = None
    for digest in digests:
        path = digest_path(root, digest.date)
        lines: dict[str, int | None] = {}  # slug -> the line of its paper in this digest
        for entry in digest.entries:
            slug = entry.slug or ""
            if slug not in registry:
                raise InputError(path, f"slug '{slug}' is not registered in {REGISTRY}",
                                 "a slug is never made or renamed by hand: restore it, or import the paper "
                                 "with 'python -m generator import'", entry.line)
            if slug in RESERVED:
                raise InputError(path, f"slug '{slug}' is reserved (registered at {_registered_at(root, slug)}): "
                                 f"papers/{slug}.md would be /papers/ itself, not a paper's page",
                                 "a slug is never made by hand: restore this paper's slug and "
                                 f"{REGISTRY} from git", entry.line)
            if slug in lines:
                raise InputError(path, f"slug '{slug}' is given to two papers (lines {lines[slug]} and {entry.line})",
                                 "a paper is listed once a day: merge the two, or restore the slug from git", entry.line)
            lines[slug] = entry.line
            if entry.arxiv_id:
                owner = owners.setdefault(entry.arxiv_id, slug)
                if owner != slug:
                    raise InputError(path, f"arXiv:{entry.arxiv_id} is given to two papers: '{slug}' here and "
                                     f"'{owner}' at {_first(digests, root, owner, entry.arxiv_id)}",
                                     "a paper has one arXiv id and one slug: correct the id, or restore both "
                                     "papers from git", entry.line)
            if entry.keys[0] not in registry[slug]:  # its id (or, with none, its title) is not its slug's
                found = found or SlugRegistry(registry)
                _check_owner(entry, path, digests, found, root)
            if entry.arxiv_id:
                known = ids.setdefault(slug, entry.arxiv_id)
                if known != entry.arxiv_id:
                    raise InputError(path, f"slug '{slug}' is given to arXiv:{entry.arxiv_id} here and to "
                                     f"arXiv:{known} at {_first(digests, root, slug, known)}",
                                     "two papers never share a slug: restore the slug from git", entry.line)


def _first(digests: list[Digest], root: Path, slug: str, arxiv_id: str) -> str:
    """Where the paper with this slug and arXiv id is first listed, for a refusal's message."""
    return next(_place(root, digest_path(root, d.date), e.line) for d in digests for e in d.entries
                if e.slug == slug and e.arxiv_id == arxiv_id)


def _check_owner(entry: Entry, path: Path, digests: list[Digest], registry: SlugRegistry, root: Path) -> None:
    """Refuse a paper whose slug the registry gives to another paper: its keys find another slug
    (the importer would give it that one), or the slug's arXiv id is not its id and its title is
    not the slug's either. A title corrected by hand, or an id the paper gained, still finds its
    own slug or none, and passes. Only on the rare paper whose first key is not its slug's."""
    slug = entry.slug or ""
    keys = registry.registry[slug]
    mine = registry.find(entry.keys)
    ids = [k.removeprefix(ARXIV_KEY) for k in keys if k.startswith(ARXIV_KEY)]
    if mine == slug or (mine is None and not (entry.arxiv_id and ids and entry.keys[1] not in keys)):
        return
    # The second place: where the slug's own paper is listed, else where its registry entry is.
    others = [(d, e) for d in digests for e in d.entries if e is not entry]
    theirs = next(((d, e) for d, e in others if registry.find(e.keys) == slug), None)
    hint = ("a slug is a paper's permanent URL and belongs to it alone: give this paper its own slug back "
            "(restore it from git), or correct the id or title that names another paper")
    if mine not in (None, slug):
        by_id = entry.arxiv_id and registry.by_key.get(entry.keys[0]) == mine
        what = f"arXiv id {entry.arxiv_id}" if by_id else "title"
        if theirs and theirs[1].slug == mine:
            raise InputError(path, f"slugs '{slug}' and '{mine}' are swapped between this paper and the one at "
                             f"{_place(root, digest_path(root, theirs[0].date), theirs[1].line)}",
                             "give each paper its own slug back (restore both from git)", entry.line)
        listed = next(((d, e) for d, e in others if e.slug == mine), None)
        if theirs:  # and where the paper its keys name is listed: a moved slug, or a title made another's
            problem = f"slug '{slug}' is the URL of the paper at " \
                      f"{_place(root, digest_path(root, theirs[0].date), theirs[1].line)}; " \
                      f"this paper's {what} is registered to '{mine}'" + (
                          f", the paper at {_place(root, digest_path(root, listed[0].date), listed[1].line)}"
                          if listed else "")
        elif listed:
            problem = f"slug '{slug}' is not this paper's: its {what} is registered to '{mine}', the paper at " \
                      f"{_place(root, digest_path(root, listed[0].date), listed[1].line)}"
        else:
            problem = f"slug '{slug}' is another paper's ({_registered_at(root, slug)}); " \
                      f"this paper's {what} is registered to '{mine}'"
        raise InputError(path, problem, hint, entry.line)
    place = _place(root, digest_path(root, theirs[0].date), theirs[1].line) if theirs else _registered_at(root, slug)
    raise InputError(path, f"slug '{slug}' is the URL of arXiv:{', arXiv:'.join(ids)} ({place}), not of this "
                     f"paper (arXiv:{entry.arxiv_id}, and its title is not the slug's either)", hint, entry.line)


def _place(root: Path, path: Path, line: int | None) -> str:
    """Where a paper is listed, as an error names it: the file (under root) and line."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return f"{name}:{line}" if line else name


def _registered_at(root: Path, slug: str) -> str:
    """The registry's file and line of slug, for an error: read again, as only an error needs it."""
    line = _registered_line(root, slug)
    return f"{REGISTRY}:{line}" if line else REGISTRY


def _registered_line(root: Path, slug: str) -> int | None:
    """The line slug's entry starts on in the registry, as dump_registry writes it (plain or quoted)."""
    try:
        text = (root / REGISTRY).read_text(encoding="utf-8")
    except OSError:
        return None
    heads = (f"{slug}:", f"'{slug}':", f'"{slug}":')
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().startswith(heads)), None)


def canonical_registry(registry: dict[str, list[str]]) -> dict[str, list[str]]:
    """The registry as dump_registry writes it, and so as load_registry reads it back."""
    return {slug: sorted(set(keys)) for slug, keys in sorted(registry.items())}


def dump_registry(canonical: dict[str, list[str]]) -> str:
    """The registry file's text, from canonical_registry's form of the registry."""
    header = "# Every paper URL ever published: slug -> the keys (arXiv id, normalised title) it answers to.\n" \
             "# Written by 'python -m generator import'. Never remove or rename a slug.\n"
    return header + "".join(_registry_entry(slug, keys) for slug, keys in canonical.items())


# A key in printable ASCII, short enough for one line: nearly every key, which PyYAML writes plain
# unless ": ", " #" or a final ":" would mean something there, and else in single quotes.
_ASCII_KEY = re.compile(r"(?:arxiv|title):[\x21-\x7e](?:[\x20-\x7e]{0,900}[\x21-\x7e])?")
_RESOLVER = yaml.resolver.Resolver()


def _registry_entry(slug: str, keys: list[str]) -> str:
    """One slug's lines, as PyYAML writes them in the whole registry. Written out for the slugs and
    keys nearly every paper has (PyYAML's emitter is slow over a registry of every paper); the
    rest are PyYAML's. tests/test_properties.py holds the two equal."""
    # PyYAML writes a key of 128 characters or more as a complex one ("? slug"): slugs are kept well short of it.
    if (keys and len(slug) < 100 and SLUG.fullmatch(slug) and all(_ASCII_KEY.fullmatch(key) for key in keys)
            and _RESOLVER.resolve(yaml.ScalarNode, slug, (True, False)) == "tag:yaml.org,2002:str"):
        return f"{slug}:\n" + "".join(f"- {_quoted(key)}\n" for key in keys)
    return yaml.dump({slug: keys}, Dumper=_Dumper, allow_unicode=True, width=1000)


def _quoted(key: str) -> str:
    if ": " in key or " #" in key or key.endswith(":"):
        return "'" + key.replace("'", "''") + "'"
    return key
