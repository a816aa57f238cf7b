"""Import: source files in, canonical digests (and slug registry) out, all or nothing."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import store
from .dates import today
from .errors import InputError
from .model import Digest, refreshed
from .parse_cache import Parsed
from .readers import hfapi, read_text
from .readers.pagetext import PageDate, parse
from .slugs import OrgAddresses, SlugRegistry, org_slug
from .writer import write_files

FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass
class Report:
    date: dt.date
    source: str  # where the papers came from: a file name, or the API
    read: int = 0
    new: int = 0  # papers the archive had never seen
    known: int = 0  # papers already in the archive (on this day or another)
    notes: list[str] = field(default_factory=list)  # what the reader left out

    def __str__(self) -> str:
        text = f"{self.date}: {self.read} papers read from {self.source}, {self.new} new, {self.known} already known"
        return f"{text} ({'; '.join(self.notes)})" if self.notes else text


def digest_date(path: Path, header: PageDate | None, date: dt.date | None, header_line: int | None = None) -> dt.date:
    """The day a source file is the digest of: --date, else a YYYY-MM-DD in its name. Never a guess."""
    if date:
        return date
    if m := FILE_DATE.search(path.name):
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            raise InputError(path, f"'{m[0]}' in the file name is not a real date",
                             "rename the file or pass --date YYYY-MM-DD") from None
    seen = f"its header says '{header}' but no year" if header else "it names no date"
    raise InputError(path, f"cannot tell which day this digest is: {seen}",
                     "pass --date YYYY-MM-DD (or put YYYY-MM-DD in the file name)", header_line)


def read_source(path: Path, date: dt.date | None) -> Digest:
    """One source file as a digest: the API's JSON (.json) or the page's text (anything else)."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return hfapi.parse(text, path, digest_date(path, None, date))
    page = parse(text, path)
    day = digest_date(path, page.header, date, page.header_line)
    if page.header and (page.header.month, page.header.day) != (day.month, day.day):
        raise InputError(path, f"its header says '{page.header}' but the digest date is {day}",
                         "check that this is the right file, or pass the matching --date", page.header_line)
    return page.digest(day)


def import_files(paths: list[Path], root: Path, date: dt.date | None = None,
                 parsed: Parsed | None = None, allow_future: bool = False) -> tuple[list[Report], list[Path]]:
    """Read every file, merge each into its day's digest, and write them all only if all were read.
    A digest dated after today (UTC) is refused unless allow_future: it would be the home page's
    latest day, and a mistyped year is the likelier cause."""
    if date and len(paths) > 1:
        raise InputError(paths[1], "--date applies to one file only",
                         "import files of different days one at a time, or name them YYYY-MM-DD.txt")
    incoming = [(path.name, read_source(path, date)) for path in paths]
    for path, (_, digest) in zip(paths, incoming):
        if not allow_future and digest.date > today():
            raise InputError(path, f"is dated {digest.date}, a day that has not begun yet (today is {today()} in UTC)",
                             "check the date (--date or the file name), or pass --allow-future if it is meant")
    return import_digests(incoming, root, parsed)


def import_digests(incoming: list[tuple[str, Digest]], root: Path,
                   parsed: Parsed | None = None) -> tuple[list[Report], list[Path]]:
    """Merge digests into the store; every file is written, or none. parsed: what earlier commands read."""
    return Importer(root, parsed).add(incoming)


class Importer:
    """The store opened for imports: the digests and the registry are read once, and each `add` is
    written as it comes (a backfill adds a day at a time, and keeps every day it added if killed).
    An `add` refused as a whole (InputError) changes nothing; one that fails while writing leaves
    it out of step with the files, and it is not used again."""

    def __init__(self, root: Path, parsed: Parsed | None = None) -> None:
        self.root, self.parsed = root, parsed
        self.digests = {d.date: d for d in store.load_digests(root, parsed)}
        self.registry = SlugRegistry(store.load_registry(root, parsed))
        if parsed:
            parsed.save()
        self.orgs = OrgAddresses()  # an organisation's address is refused here, not first by the next build
        for d in self.digests.values():  # hand-corrected titles in the digests answer for their slugs too
            for e in d.entries:
                if e.slug:  # always, in a loaded digest
                    self.registry.remember(e.slug, e.keys)
                if e.organization:  # a clash among these is check's to report; import refuses new ones
                    self.orgs.held.setdefault(org_slug(e.organization.handle), e.organization.handle)

    def add(self, incoming: list[tuple[str, Digest]]) -> tuple[list[Report], list[Path]]:
        """Merge digests into the store, and write every file they change, or none."""
        reports, touched = [], set()
        claims = OrgAddresses(dict(self.orgs.held))  # before anything is merged: a refusal changes nothing
        for source, new in incoming:
            for entry in new.entries:
                if entry.organization:
                    claims.claim(entry.organization.handle, source, entry.line)
        self.orgs = claims
        for source, new in incoming:
            digest = self.digests.setdefault(new.date, Digest(date=new.date, entries=[], source=new.source))
            report = Report(date=new.date, source=source, notes=new.notes)
            _merge(digest, new, self.registry, report)
            reports.append(report)
            touched.add(new.date)

        root, parsed = self.root, self.parsed
        files = {store.digest_path(root, day): store.dump_digest(self.digests[day]) for day in sorted(touched)}
        canonical = store.canonical_registry(self.registry.registry)
        files[root / store.REGISTRY] = store.dump_registry(canonical)
        written = write_files(files, journal=root / store.JOURNAL)  # the digests and registry change together
        if parsed:  # the next command finds what was written as read, without parsing it again
            parsed.remember(root / store.REGISTRY, files[root / store.REGISTRY].encode("utf-8"), canonical)
            for day in sorted(touched):
                path = store.digest_path(root, day)
                parsed.remember(path, files[path].encode("utf-8"), store.as_loaded(self.digests[day], files[path]))
            parsed.save()
        return reports, written


def _merge(digest: Digest, incoming: Digest, registry: SlugRegistry, report: Report) -> None:
    """Add incoming's papers to digest; a paper it already lists takes the newer answer's corrections
    and counts (model.refreshed) and keeps the rest."""
    position = {e.slug: i for i, e in enumerate(digest.entries)}
    for entry in incoming.entries:
        report.read += 1
        slug = registry.find(entry.keys)
        if slug is None:
            slug = registry.assign(entry.title, entry.keys)
            report.new += 1
        else:
            registry.remember(slug, entry.keys)
            report.known += 1
        entry = replace(entry, slug=slug, line=None)
        if slug in position:
            i = position[slug]
            digest.entries[i] = refreshed(digest.entries[i], entry)
        else:
            position[slug] = len(digest.entries)
            digest.entries.append(entry)
