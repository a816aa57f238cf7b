"""The archive: digests joined into papers, days and tags, ready for the page templates."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Digest, Entry, merge
from .slugs import OrgAddresses, org_slug
from .taxonomy import Tag, Tagger


@dataclass
class Paper:
    """A paper, once, however many digests list it."""

    slug: str
    entry: Entry  # its fields, merged from every digest that lists it, newest first (model.merge)
    tags: list[Tag]  # the tagger's and those set by hand, in taxonomy order
    days: list[dt.date] = field(default_factory=list)  # every day it was featured, oldest first

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of what the paper is (slug, fields, tags), not of when it was featured: anything
        made from these changes only when this does. Asked only of a built archive: it is worked out
        once, for the page keys and the search index alike."""
        return hashlib.blake2b(repr((self.slug, self.entry.fingerprint, [t.slug for t in self.tags])).encode()).hexdigest()


@dataclass
class Day:
    date: dt.date
    papers: list[Paper]  # in the digest's order, as its JSON and BibTeX give them
    previous: dt.date | None = None
    next: dt.date | None = None
    # slug -> the upvotes this day's digest recorded, as last fetched (a paper's own count is the most
    # any day recorded): what a week's or month's top ranks by
    upvotes: dict[str, int | None] = field(default_factory=dict)

    @property
    def by_upvotes(self) -> list[Paper]:
        """As its page lists them: most upvoted first, as Hugging Face does; ties keep the digest's order."""
        return by_upvotes(self.papers)


@dataclass(frozen=True)
class Org:
    """An organisation a digest named: its Hugging Face account. What makes its pages comes from every
    record that ever named it, so they never go: not when a later digest names a paper's organisation
    otherwise (a renamed account), nor when its papers are featured again in a later month."""

    slug: str  # its address part (org_slug, urls.org)
    name: str  # as the newest record naming it gives it
    since: dt.date  # the first day a digest named it: its month pages start there
    named: int  # the papers any digest named it for: beyond pages.NEWEST, it has month pages


@dataclass
class Archive:
    days: list[Day]  # newest first
    papers: dict[str, Paper]  # by slug
    tags: list[tuple[Tag, list[Paper]]]  # every tag, in taxonomy order; its papers newest first
    orgs: list[tuple[Org, list[Paper]]] = field(default_factory=list)  # by slug; their papers newest first


def build_archive(digests: list[Digest], tagger: Tagger, digests_root: Path = Path("digests")) -> Archive:
    """Join digests (any order) into one archive. A paper's fields come from its newest record,
    with fields that record lacks taken from older ones; its tags are the tagger's and every
    record's own."""
    records: dict[str, list[tuple[dt.date, Entry]]] = defaultdict(list)
    for digest in sorted(digests, key=lambda d: d.date):
        path = digests_root / f"{digest.date}.yaml"
        for entry in digest.entries:
            for tag_slug in entry.tags:
                if tag_slug not in tagger.by_slug:
                    raise InputError(path, f"unknown tag '{tag_slug}'",
                                     f"use a tag slug from tags.yaml ({', '.join(sorted(tagger.by_slug))}) "
                                     "or add the tag there", entry.line)
            if entry.slug is None:
                raise InputError(path, "a paper has no slug", "import papers with 'python -m generator import'",
                                 entry.line)
            records[entry.slug].append((digest.date, entry))

    merged = {slug: merge([e for _, e in reversed(recs)]) for slug, recs in records.items()}
    tagger.prepare([(e.title, e.abstract) for e in merged.values()])
    papers = {slug: _paper(slug, merged[slug], recs, tagger) for slug, recs in records.items()}

    ordered = sorted(digests, key=lambda d: d.date, reverse=True)
    days = []
    for i, digest in enumerate(ordered):
        listed = {e.slug: papers[e.slug] for e in digest.entries if e.slug}  # a paper once a day, in page order
        days.append(Day(date=digest.date, papers=list(listed.values()),
                        next=ordered[i - 1].date if i > 0 else None,
                        previous=ordered[i + 1].date if i + 1 < len(ordered) else None,
                        upvotes={e.slug: e.upvotes for e in digest.entries if e.slug}))

    by_tag: dict[str, list[Paper]] = defaultdict(list)
    by_org: dict[str, list[Paper]] = defaultdict(list)
    for day in days:  # newest day first, and a day's own order within it
        for paper in day.papers:
            if paper.days[-1] == day.date:  # list each paper once, at its latest appearance
                for tag in paper.tags:
                    by_tag[tag.slug].append(paper)
                if paper.entry.organization:
                    by_org[org_slug(paper.entry.organization.handle)].append(paper)
    tags = [(t, by_tag[t.slug]) for t in tagger.tags]
    return Archive(days=days, papers=papers, tags=tags, orgs=_orgs(records, by_org, digests_root))


def _orgs(records: dict[str, list[tuple[dt.date, Entry]]], by_org: dict[str, list[Paper]],
          digests_root: Path) -> list[tuple[Org, list[Paper]]]:
    """Every organisation any record names (see Org), with the papers whose entry names it now."""
    named: dict[str, list[tuple[dt.date, str, str]]] = defaultdict(list)  # slug -> (day, name, paper)
    addresses = OrgAddresses()
    for paper_slug, recs in records.items():
        for date, entry in recs:
            if entry.organization:
                slug = addresses.claim(entry.organization.handle, digests_root / f"{date}.yaml", entry.line)
                named[slug].append((date, entry.organization.name, paper_slug))
    orgs = []
    for slug, seen in sorted(named.items()):
        seen.sort()
        orgs.append((Org(slug, name=seen[-1][1], since=seen[0][0], named=len({p for *_, p in seen})), by_org[slug]))
    return orgs


def by_upvotes(papers: Iterable[Paper]) -> list[Paper]:
    """Most upvoted first, as Hugging Face lists a day; ties (and papers without a count) keep their order."""
    return sorted(papers, key=lambda p: -(p.entry.upvotes or 0))


def _paper(slug: str, entry: Entry, records: list[tuple[dt.date, Entry]], tagger: Tagger) -> Paper:
    chosen = set(entry.tags) | {t.slug for t in tagger.tag(entry.title, entry.abstract)}
    return Paper(slug=slug, entry=entry, tags=[t for t in tagger.tags if t.slug in chosen],
                 days=sorted({d for d, _ in records}))
