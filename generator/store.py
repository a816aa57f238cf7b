"""The store: one canonical YAML digest per day under digests/, and the slug registry.

Digests are committed and edited by hand, so loading validates every field and names
the file and line of anything wrong. Writes are all-or-nothing: every file is written
to a temporary name first and renamed into place only when all of them are ready.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .model import Digest, Entry, Organization, clean_text

# The C loader and dumper are many times faster; fall back to pure Python where absent.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

REGISTRY = "slugs.yaml"
DIGEST_NAME = re.compile(r"\d{4}-\d{2}-\d{2}\.yaml")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADER = ("# Daily Papers digest. Edit by hand as you like (fix a title, add tags), "
          "but never change a slug: it is the paper's permanent URL.\n")
FIELD_ORDER = ("slug", "title", "arxiv_id", "authors", "author_names", "organization",
               "published", "upvotes", "withdrawn", "github", "project_page", "tags", "keywords",
               "abstract", "ai_summary")
URL = re.compile(r"https?://[^\s<>\"']+")


class _LineLoader(_Loader):
    """Records each mapping's line as the key '__line__', for error messages."""


def _construct_mapping(loader, node, deep=False):
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise InputError(path, f"is not valid YAML ({e.problem or e.context})",
                         "fix the syntax there (quote a value holding ': ' or '#')",
                         mark.line + 1 if mark else None) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(path, f"cannot be read ({e})", "check the file") from None


def digest_path(root: Path, date: dt.date) -> Path:
    return root / f"{date.isoformat()}.yaml"


def digest_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*.yaml") if DIGEST_NAME.fullmatch(p.name))


def load_digests(root: Path) -> list[Digest]:
    """Every digest under root, oldest first."""
    return [load_digest(p) for p in digest_files(root)]


def load_digest(path: Path) -> Digest:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "is not a digest", "it must be a mapping with 'date' and 'papers'", 1)
    _no_unknown(path, data, {"date", "source", "papers"})
    date = data.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise InputError(path, f"'date' must be a day like 2025-11-18, not {date!r}", "correct it", data["__line__"])
    if path.name != f"{date.isoformat()}.yaml":
        raise InputError(path, f"holds the digest of {date}", f"rename it to {date}.yaml", data["__line__"])
    papers = data.get("papers")
    if not isinstance(papers, list) or not papers:
        raise InputError(path, "'papers' must be a non-empty list", "list the day's papers under 'papers:'",
                         data["__line__"])
    entries = [_entry(path, p) for p in papers]
    return Digest(date=date, entries=entries, source=data.get("source"))


def _no_unknown(path: Path, data: dict, known: set[str]) -> None:
    for key in data:
        if key != "__line__" and key not in known:
            raise InputError(path, f"unknown field '{key}'", f"use one of: {', '.join(sorted(known))}",
                             data["__line__"])


def _entry(path: Path, data: Any) -> Entry:
    if not isinstance(data, dict):
        raise InputError(path, f"a paper must be a mapping of fields, not {data!r}",
                         "write it as '- title: …' with its fields indented below")
    line = data["__line__"]
    _no_unknown(path, data, set(FIELD_ORDER))

    def text(key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not clean_text(value):
            hint = f"quote it: {key}: '{value}'" if isinstance(value, (int, float)) else f"give the paper's {key}"
            raise InputError(path, f"'{key}' must be non-empty text", hint, line)
        return clean_text(value)

    def count(key: str) -> int | None:
        value = data.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise InputError(path, f"'{key}' must be a whole number, not {value!r}", "correct or remove it", line)
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InputError(path, f"'{key}' must be a list of names", f"write it as {key}: [a, b]", line)
        return tuple(clean_text(v) for v in value)

    def day(key: str) -> dt.date | None:
        value = data.get(key)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise InputError(path, f"'{key}' must be a day like 2025-10-14, not {value!r}", "correct it", line)
        return value

    def url(key: str) -> str | None:
        value = text(key)
        if value is not None and not URL.fullmatch(value):  # never a javascript: or data: link
            raise InputError(path, f"'{key}' must be an http(s) URL, not {value!r}", "correct or remove it", line)
        return value

    slug = text("slug", required=True)
    if not SLUG.fullmatch(slug):
        raise InputError(path, f"'{slug}' is not a slug", "slugs are lowercase words joined by '-'", line)
    org = data.get("organization")
    if org is not None:
        if not isinstance(org, dict) or not all(isinstance(org.get(k), str) for k in ("handle", "name")):
            raise InputError(path, "'organization' needs a 'handle' and a 'name'",
                             "write it as organization: {handle: apple, name: Apple}", line)
        org = Organization(handle=clean_text(org["handle"]), name=clean_text(org["name"]))
    return Entry(
        slug=slug,
        title=text("title", required=True),
        abstract=text("abstract", required=True),
        arxiv_id=text("arxiv_id"),
        authors=count("authors"),
        author_names=strings("author_names"),
        organization=org,
        published=day("published"),
        upvotes=count("upvotes"),
        tags=strings("tags"),
        keywords=strings("keywords"),
        ai_summary=text("ai_summary"),
        github=url("github"),
        project_page=url("project_page"),
        withdrawn=day("withdrawn"),
        line=line,
    )


def dump_digest(digest: Digest) -> str:
    """A digest as canonical YAML: fixed field order, empty fields left out."""
    papers = []
    for e in digest.entries:
        record: dict[str, Any] = {}
        for name in FIELD_ORDER:
            value = getattr(e, name)
            if value is None or value == ():
                continue
            if isinstance(value, Organization):
                value = {"handle": value.handle, "name": value.name}
            elif isinstance(value, tuple):
                value = list(value)
            record[name] = value
        papers.append(record)
    body = {"date": digest.date, **({"source": digest.source} if digest.source else {}), "papers": papers}
    return HEADER + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def load_registry(root: Path) -> dict[str, list[str]]:
    """slug -> every identity key ever matched to it. A slug in here is never given to another paper."""
    path = root / REGISTRY
    if not path.exists():
        return {}
    data = _load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in data.items() if k != "__line__"):
        raise InputError(path, "is not a slug registry", "it maps each slug to a list of keys; restore it from git")
    data.pop("__line__")
    return data


def dump_registry(registry: dict[str, list[str]]) -> str:
    header = "# Every paper URL ever published: slug -> the keys (arXiv id, normalised title) it answers to.\n" \
             "# Written by 'python -m generator import'. Never remove or rename a slug.\n"
    body = {slug: sorted(set(keys)) for slug, keys in sorted(registry.items())}
    return header + yaml.dump(body, Dumper=_Dumper, allow_unicode=True, width=1000)


def with_fields(entry: Entry, other: Entry) -> Entry:
    """entry, with the fields it lacks taken from other (used when a paper is imported again)."""
    missing = {f.name: getattr(other, f.name) for f in fields(Entry)
               if getattr(entry, f.name) in (None, ()) and getattr(other, f.name) not in (None, ())}
    return replace(entry, **missing)
