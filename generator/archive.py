"""The archive: digests joined into papers, days and tags, ready for the page templates."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Digest, Entry, Organization
from .taxonomy import Tag, Tagger


@dataclass
class Paper:
    """A paper, once, however many digests list it."""

    slug: str
    title: str
    abstract: str
    authors: int | None
    organization: Organization | None
    published: dt.date | None
    upvotes: int | None
    arxiv_id: str | None
    author_names: tuple[str, ...]
    tags: list[Tag]
    keywords: tuple[str, ...] = ()
    ai_summary: str | None = None
    github: str | None = None
    project_page: str | None = None
    withdrawn: dt.date | None = None
    days: list[dt.date] = field(default_factory=list)  # every day it was featured, oldest first


@dataclass
class Day:
    date: dt.date
    papers: list[Paper]
    previous: dt.date | None = None
    next: dt.date | None = None


@dataclass
class Archive:
    days: list[Day]  # newest first
    papers: dict[str, Paper]  # by slug
    tags: list[tuple[Tag, list[Paper]]]  # every tag, in taxonomy order; its papers newest first


def build_archive(digests: list[Digest], tagger: Tagger, digests_root: Path = Path("digests")) -> Archive:
    """Join digests (any order) into one archive. A paper's fields come from its newest record,
    with fields that record lacks taken from older ones; its tags are the tagger's and every
    record's own."""
    taxonomy = tagger.tags
    tags_by_slug = tagger.by_slug
    records: dict[str, list[tuple[dt.date, Entry]]] = defaultdict(list)
    for digest in sorted(digests, key=lambda d: d.date):
        for entry in digest.entries:
            for tag in entry.tags:
                if tag not in tags_by_slug:
                    raise InputError(digests_root / f"{digest.date}.yaml", f"unknown tag '{tag}'",
                                     f"use a tag slug from tags.yaml ({', '.join(sorted(tags_by_slug))}) "
                                     "or add the tag there", entry.line)
            records[entry.slug].append((digest.date, entry))

    papers = {slug: _paper(slug, recs, tagger) for slug, recs in records.items()}

    ordered = sorted(digests, key=lambda d: d.date, reverse=True)
    days = []
    for i, digest in enumerate(ordered):
        seen: dict[str, Paper] = {}
        for entry in digest.entries:
            seen.setdefault(entry.slug, papers[entry.slug])
        days.append(Day(date=digest.date, papers=list(seen.values()),
                        next=ordered[i - 1].date if i > 0 else None,
                        previous=ordered[i + 1].date if i + 1 < len(ordered) else None))

    by_tag: dict[str, list[Paper]] = defaultdict(list)
    for day in days:  # newest day first, and a day's own order within it
        for paper in day.papers:
            if paper.days[-1] == day.date:  # list each paper once, at its latest appearance
                for tag in paper.tags:
                    by_tag[tag.slug].append(paper)
    tags = [(t, by_tag[t.slug]) for t in taxonomy]
    return Archive(days=days, papers=papers, tags=tags)


def _paper(slug: str, records: list[tuple[dt.date, Entry]], tagger: Tagger) -> Paper:
    newest_first = [e for _, e in reversed(records)]

    def first(name: str):
        return next((getattr(e, name) for e in newest_first if getattr(e, name) not in (None, ())), None)

    title, abstract = newest_first[0].title, newest_first[0].abstract
    chosen = {t for e in newest_first for t in e.tags} | {t.slug for t in tagger.tag(title, abstract)}
    tags = [t for t in tagger.tags if t.slug in chosen]
    return Paper(
        slug=slug, title=title, abstract=abstract,
        authors=first("authors"), organization=first("organization"), published=first("published"),
        upvotes=first("upvotes"), arxiv_id=first("arxiv_id"), author_names=first("author_names") or (),
        tags=tags, keywords=first("keywords") or (), ai_summary=first("ai_summary"), github=first("github"),
        project_page=first("project_page"), withdrawn=first("withdrawn"), days=sorted({d for d, _ in records}),
    )
