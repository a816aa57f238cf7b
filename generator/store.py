"""The store: one canonical YAML digest per day under digests/, and the slug registry.

Digests are committed and edited by hand, so loading validates every field and names
the file and line of anything wrong. Writes are all-or-nothing: every file is written
to a temporary name first and renamed into place only when all of them are ready.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .model import FIELD_NAMES, STORED_FIELDS, Digest, Entry, Kind, Organization, clean_text, entry_data, kind, required

# The C loader and dumper are many times faster (PyYAML's wheels carry them).
_Loader = yaml.CSafeLoader
_Dumper = yaml.CSafeDumper

REGISTRY = "slugs.yaml"
DIGEST_NAME = re.compile(r"\d{4}-\d{2}-\d{2}\.yaml")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HEADER = ("# Daily Papers digest. Edit by hand as you like (fix a title, add tags), "
          "but never change a slug: it is the paper's permanent URL.\n")
URL = re.compile(r"https?://[^\s<>\"']+")


class _LineLoader(_Loader):
    """Records each mapping's line as the key '__line__', for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
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
    _no_unknown(path, data, set(FIELD_NAMES))
    values: dict[str, Any] = {}
    for f in STORED_FIELDS:
        value = data.get(f.name)
        if value is None:
            if required(f) or kind(f) is Kind.SLUG:  # a stored paper always has its slug
                raise InputError(path, f"'{f.name}' must be non-empty text", f"give the paper's {f.name}", line)
            continue
        values[f.name] = _VALIDATORS[kind(f)](path, line, f.name, value)
    return Entry(**values, line=line)


def _text(path: Path, line: int, key: str, value: Any) -> str:
    if not isinstance(value, str) or not clean_text(value):
        hint = f"quote it: {key}: '{value}'" if isinstance(value, (int, float)) else f"give the paper's {key}"
        raise InputError(path, f"'{key}' must be non-empty text", hint, line)
    return clean_text(value)


def _slug(path: Path, line: int, key: str, value: Any) -> str:
    slug = _text(path, line, key, value)
    if not SLUG.fullmatch(slug):
        raise InputError(path, f"'{slug}' is not a slug", "slugs are lowercase words joined by '-'", line)
    return slug


def _url(path: Path, line: int, key: str, value: Any) -> str:
    url = _text(path, line, key, value)
    if not URL.fullmatch(url):
        raise InputError(path, f"'{key}' must be an http(s) URL, not {url!r}", "correct or remove it", line)
    return url


def _count(path: Path, line: int, key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(path, f"'{key}' must be a whole number, not {value!r}", "correct or remove it", line)
    return value


def _day(path: Path, line: int, key: str, value: Any) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(path, f"'{key}' must be a day like 2025-10-14, not {value!r}", "correct it", line)
    return value


def _names(path: Path, line: int, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(path, f"'{key}' must be a list of names", f"write it as {key}: [a, b]", line)
    return tuple(clean_text(v) for v in value)


def _organization(path: Path, line: int, key: str, value: Any) -> Organization:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("handle", "name")):
        raise InputError(path, f"'{key}' needs a 'handle' and a 'name'",
                         f"write it as {key}: {{handle: apple, name: Apple}}", line)
    return Organization(handle=clean_text(value["handle"]), name=clean_text(value["name"]))


_VALIDATORS: dict[Kind, Callable[[Path, int, str, Any], Any]] = {
    Kind.SLUG: _slug, Kind.TEXT: _text, Kind.URL: _url, Kind.COUNT: _count, Kind.DAY: _day,
    Kind.NAMES: _names, Kind.ORGANIZATION: _organization,
}


def dump_digest(digest: Digest) -> str:
    """A digest as canonical YAML: the model's field order, empty fields left out."""
    body = {"date": digest.date, **({"source": digest.source} if digest.source else {}),
            "papers": [entry_data(e) for e in digest.entries]}
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
