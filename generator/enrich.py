"""Enrich: papers imported from page text name no arXiv id, so their pages have no arXiv or PDF
link, often no authors, and a BibTeX entry without them. Each such paper is looked up by its title
on Hugging Face's paper search (GET /api/papers/search?q=TITLE) and takes the id, author names and
links of the one result whose title is exactly its own (model.normalise_title), nothing less.

The search answers as the daily listing does: a JSON list of items, each with a `paper` ({"id",
"title", "authors": [{"name"}], "summary", "githubRepo"?, "projectPage"?, ...}) beside fields of its
own ("title", "publishedAt", ...), which huggingface_hub's list_papers reads into PaperInfo; an item
that is a bare paper is read too. A paper keeps its slug (its permanent URL) and every field its
digests hold: only what they lack is filled in, and the registry learns the id, so that a later
fetch of the paper finds the same slug.
"""
from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fetch, store
from .errors import InputError
from .fetch import AskedToWait, check_request, get_text, malformed
from .importer import Importer
from .parse_cache import Parsed
from .model import (ARXIV_ID, ARXIV_KEY, STORED_FIELDS, TITLE_KEY, Digest, Entry, FieldError, clean_text,
                    normalise_title, shown, validate)

SEARCH_PATH = "/api/papers/search"
SOURCE = "Hugging Face's paper search"  # where the papers' new fields came from, as the importer is told

_FIELDS = {f.name: f for f in STORED_FIELDS}


@dataclass(frozen=True)
class Lookup:
    """A paper listed without an arXiv id (on `days`, oldest first), to be looked up once."""

    slug: str
    days: tuple[dt.date, ...]
    title: str  # what is searched for: the title its newest day lists
    titles: frozenset[str]  # every normalised title it answers to (the registry's too): an exact match is one

    def __str__(self) -> str:
        return f"{self.days[0]} {self.slug}"


@dataclass(frozen=True)
class Found:
    """The one paper of the search results with exactly the title looked up."""

    arxiv_id: str
    author_names: tuple[str, ...] = ()
    github: str | None = None
    project_page: str | None = None


@dataclass(frozen=True)
class Ambiguous:
    """Several papers with exactly the title looked up: none is taken."""

    arxiv_ids: tuple[str, ...]


@dataclass
class Summary:
    """What a run did: a line for each paper adopted or not adopted though matched, in order, and
    the counts; the failed lookups, to be shown as errors."""

    looked_up: int = 0
    adopted: int = 0
    unmatched: int = 0  # no result with exactly the paper's title
    refused: int = 0  # matched, but not adopted (several papers with the title, or an id held by another slug)
    lines: list[str] = field(default_factory=list)
    failed: list[tuple[Lookup, InputError]] = field(default_factory=list)
    not_looked_up: int = 0  # left when the run stopped early
    stopped: str = ""  # why it stopped early

    def __str__(self) -> str:
        text = (f"looked up {self.looked_up}, adopted {self.adopted}, no exact match {self.unmatched}, "
                f"failed {len(self.failed)}")
        if self.refused:
            text += f", not adopted {self.refused}"
        if self.stopped:
            text += f"; stopped early ({self.stopped}): {self.not_looked_up} not looked up, run the command again later"
        return text


def enrich_papers(root: Path, api_url: str, timeout: float, parsed: Parsed | None = None) -> Summary:
    """Look up every paper without an arXiv id, one request at a time, and adopt each exact match.
    A failed lookup is noted and the run goes on. What was found is written after each day's papers
    are looked up (all of a write's files, or none): a run over a large archive takes minutes, and
    one that is stopped keeps what it found; the next run looks up only the papers still without an
    id. Run under the project's lock (pipeline.session)."""
    origin = check_request(api_url, timeout)
    importer = Importer(root, parsed)
    lookups = papers_to_look_up(importer.digests.values(), importer.registry.registry)
    summary = Summary()
    pending: dict[dt.date, list[Entry]] = {}  # adopted, not yet written
    in_a_row = 0
    for n, lookup in enumerate(lookups):
        if in_a_row == fetch.PATIENCE.give_up_after:
            summary.stopped = f"{in_a_row} lookups failed in a row"
        if summary.stopped:
            summary.not_looked_up = len(lookups) - n
            break
        if n and lookup.days[0] != lookups[n - 1].days[0]:
            _write(importer, pending)
        summary.looked_up += 1
        url = search_url(api_url, lookup.title)
        try:
            answer = exact_match(get_text(url, origin, timeout), url, lookup.titles)
        except AskedToWait as e:
            summary.failed.append((lookup, e))
            summary.stopped = "the API asked for a break"
        except InputError as e:
            summary.failed.append((lookup, e))
            in_a_row += 1
        else:
            in_a_row = 0
            if answer is None:
                summary.unmatched += 1
            else:
                _adopt(lookup, answer, importer, pending, summary)
    _write(importer, pending)
    return summary


def papers_to_look_up(digests: Iterable[Digest], registry: dict[str, list[str]]) -> list[Lookup]:
    """The papers no digest gives an arXiv id and the registry knows none for, each once, in the
    order of their first day (digests oldest first)."""
    listed: dict[str, list[tuple[dt.date, Entry]]] = {}
    for digest in sorted(digests, key=lambda d: d.date):
        for entry in digest.entries:
            listed.setdefault(entry.slug or "", []).append((digest.date, entry))
    lookups = []
    for slug, records in listed.items():
        keys = registry.get(slug, [])
        if any(e.arxiv_id for _, e in records) or any(k.startswith(ARXIV_KEY) for k in keys):
            continue
        titles = {normalise_title(e.title) for _, e in records}
        titles.update(k.removeprefix(TITLE_KEY) for k in keys if k.startswith(TITLE_KEY))
        lookups.append(Lookup(slug=slug, days=tuple(dict.fromkeys(day for day, _ in records)),
                              title=records[-1][1].title, titles=frozenset(titles)))
    return lookups


def search_url(api_url: str, title: str) -> str:
    return f"{api_url.rstrip('/')}{SEARCH_PATH}?q={urllib.parse.quote(title, safe='')}"


def exact_match(text: str, url: str, titles: frozenset[str]) -> Found | Ambiguous | None:
    """The search result whose normalised title is one of `titles`: one paper, several, or none.
    An answer that is not a list of papers with titles, or a match without an arXiv id, is malformed."""
    try:
        items = json.loads(text)
    except (ValueError, RecursionError) as e:  # not JSON; a number of thousands of digits; nesting too deep
        raise malformed(url, f"not JSON: {type(e).__name__}") from None
    if not isinstance(items, list):
        raise malformed(url, f"expected a list of papers, not {shown(items)}")
    found: dict[str, Found] = {}
    for n, item in enumerate(items, 1):
        paper = item.get("paper", item) if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            raise malformed(url, f"result {n} is not a paper: {shown(item)}")
        # The item's title keeps TeX that the paper's strips ("LLM$\times$MapReduce", "LLMtimesMapReduce"):
        # either may be the one the page showed.
        named = [t for t in (paper.get("title"), item.get("title")) if isinstance(t, str)]
        if not named:
            raise malformed(url, f"result {n} has no title")
        if not any(normalise_title(clean_text(t)) in titles for t in named):
            continue
        arxiv_id = paper.get("id")
        if not (isinstance(arxiv_id, str) and ARXIV_ID.fullmatch(arxiv_id)):
            raise malformed(url, f"result {n} has the title but no arXiv id ({shown(arxiv_id)})")
        found.setdefault(arxiv_id, Found(
            arxiv_id=arxiv_id, author_names=_optional("author_names", _names(_value("authors", paper, item))) or (),
            github=_optional("github", _value("githubRepo", paper, item)),
            project_page=_optional("project_page", _value("projectPage", paper, item))))
    if len(found) > 1:
        return Ambiguous(tuple(found))
    return next(iter(found.values()), None)


def _value(name: str, paper: dict, item: dict) -> Any:
    """A field of the result: the paper's, else the item's (huggingface_hub reads links from either)."""
    value = paper.get(name)
    return item.get(name) if value is None else value


def _names(value: Any) -> Any:
    return [a.get("name") if isinstance(a, dict) else a for a in value] if isinstance(value, list) else value


def _optional(name: str, raw: Any) -> Any:
    """raw as the model's field `name` takes it, or None when it has none or one the field refuses
    (a javascript: link, an empty name): the paper is adopted without it."""
    if raw is None or raw == []:
        return None
    try:
        return validate(_FIELDS[name], raw)
    except FieldError:
        return None


def _adopt(lookup: Lookup, answer: Found | Ambiguous, importer: Importer, pending: dict[dt.date, list[Entry]],
           summary: Summary) -> None:
    """Take the answer into `pending` for each day the paper is listed on, unless it is not one
    paper, or its id is another slug's already (the same paper listed on another day with its id:
    merging the two would take one of two published URLs away)."""
    if isinstance(answer, Ambiguous):
        summary.refused += 1
        summary.lines.append(f"{lookup}: not adopted: {len(answer.arxiv_ids)} papers have this title exactly "
                             f"(arXiv {', '.join(answer.arxiv_ids)}); set the right arxiv_id in its digest by hand")
        return
    registry = importer.registry
    owner = registry.by_key.get(ARXIV_KEY + answer.arxiv_id)
    if owner is None:
        owner = next((e.slug for es in pending.values() for e in es if e.arxiv_id == answer.arxiv_id), None)
    if owner is not None and owner != lookup.slug:
        summary.refused += 1
        summary.lines.append(f"{lookup}: not adopted: arXiv {answer.arxiv_id} is the paper at '{owner}' already "
                             "(the same paper under two URLs: both stay, as published)")
        return
    held = [(day, e) for day in lookup.days for e in importer.digests[day].entries if e.slug == lookup.slug]
    told = [(day, _told(e, answer)) for day, e in held]
    # The importer finds each day's entry by its keys, the title's among them: a title that answers
    # to another slug (a hand-corrected title that is another paper's) would merge the two.
    strays = [found for _, e in told if (found := registry.find(e.keys)) != lookup.slug]
    if strays:
        summary.refused += 1
        summary.lines.append(f"{lookup}: not adopted: its title answers to "
                             f"{repr(strays[0]) if strays[0] else 'no slug'} in {store.REGISTRY}; check the title")
        return
    for day, entry in told:
        pending.setdefault(day, []).append(entry)
    summary.adopted += 1
    names = told[0][1].author_names if told else ()
    gained = [f"arXiv {answer.arxiv_id}"] + ([f"{len(names)} author{'s' * (len(names) != 1)}"] if names else []) \
        + (["code repository"] if any(e.github for _, e in told) else []) \
        + (["project page"] if any(e.project_page for _, e in told) else [])
    summary.lines.append(f"{lookup}: {', '.join(gained)}")


def _told(held: Entry, found: Found) -> Entry:
    """What a day's entry is told about the paper: the id, and what it lacks of the rest. The
    importer merges it in (model.refreshed), which lets a newer answer replace links: a link the
    digest holds, perhaps corrected by hand, is not sent."""
    names = () if held.author_names else found.author_names
    return Entry(slug=held.slug, title=held.title, abstract=held.abstract, arxiv_id=found.arxiv_id,
                 author_names=names, authors=len(names) if names and held.authors is None else None,
                 github=None if held.github else found.github,
                 project_page=None if held.project_page else found.project_page)


def _write(importer: Importer, pending: dict[dt.date, list[Entry]]) -> None:
    """The adopted papers into their digests and the registry, all together or none."""
    if pending:
        importer.add([(SOURCE, Digest(date=day, entries=entries)) for day, entries in sorted(pending.items())])
        pending.clear()
