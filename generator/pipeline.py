"""The pipeline, as the commands run it: digests and taxonomy into an archive, the archive into
docs/ (generate), docs/ into site/ beside the search index (build)."""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import pickle
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import js_constants, store, urls
from .archive import Archive, build_archive
from .cores import Beside
from .dates import today
from .feeds import render_feeds
from .keys import Keys
from .links import render_links
from .pages import render_pages
from .parse_cache import Parsed
from .project import Project
from .related import Related, dump_memory, load_memory, related
from .search import Indexed, build_search_index
from .site import SiteBuild, building, folders, prepare
from .site.pages_size import PagesSize
from .taxonomy import Tagger, dump_tag_cache, load_tag_cache, load_taxonomy
from .vendor import vendor_files
from .writer import recover, sync_tree, write_files

TAG_CACHE = "tags.pickle"  # under the project's cache folder
PARSED = "digests"  # likewise, a folder: parse_cache.Parsed
RELATED = "related.pickle"  # likewise: each day's related papers (related.Memory)
PAGE_KEYS = "keys.pickle"  # likewise: each generated file's key (keys.py), and the file as written
LOCK = "lock"  # likewise


@contextlib.contextmanager
def session(project: Project, waiting: Callable[[], None]) -> Iterator[None]:
    """One command's hold on the project. Commands run one at a time (an exclusive lock on the
    project; waiting() is called first if another command holds it), and each starts by completing
    or undoing what a command killed earlier left: an import's journaled renames, temporary files,
    a build's staging folders."""
    project.cache.mkdir(parents=True, exist_ok=True)
    with open(project.cache / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        recover(project.digests / store.JOURNAL, project.digests)
        folders.recover(project)
        yield


def parsed(project: Project) -> Parsed:
    """The digests and registry as earlier commands read them (parse_cache.Parsed)."""
    return Parsed(project.cache / PARSED)


def load_archive(project: Project, tag_cache: Path | None = None) -> Archive:
    """The archive from digests/ and tags.yaml; with tag_cache, papers whose text an earlier build
    tagged keep those tags, and the cache is brought up to date."""
    read = parsed(project)
    digests = store.load_digests(project.digests, read)
    store.check_slugs(digests, store.load_registry(project.digests, read), project.digests)
    read.save()
    taxonomy = load_taxonomy(project.taxonomy)
    tagger = Tagger(taxonomy, load_tag_cache(tag_cache, project.taxonomy) if tag_cache else None)
    archive = build_archive(digests, tagger, project.digests)
    if tag_cache:
        write_files({tag_cache: dump_tag_cache(tagger, project.taxonomy)})
    return archive


def future_digests(project: Project, archive: Archive) -> list[str]:
    """A warning line for each digest dated after today (UTC), oldest first: import refuses one, but a
    digest edited by hand is taken as written, and it would be the home page's latest day and week."""
    now = today()
    return [f"warning: {store.digest_path(project.digests, day.date)}: dated {day.date}, after today ({now} in UTC), "
            "so the home page shows it as the latest digest; correct its date if that is a mistake"
            for day in reversed(archive.days) if day.date > now]


def check(project: Project) -> Archive:
    """The archive, validated (digests, slugs, taxonomy), writing nothing."""
    return load_archive(project)


@dataclass
class Generated:
    archive: Archive
    pages: int  # Markdown pages, rendered or kept
    written: list[Path]  # files under docs/ whose content changed
    removed: list[Path]  # files under docs/ no longer generated
    seconds: float


def generate(project: Project, loaded: Callable[[Archive], None] = lambda _: None) -> Generated:
    """Write docs/: only files whose content changed, and remove those no longer generated. Pages
    and JSON files whose inputs are unchanged since they were written are not even made (keys.py).
    loaded(archive) is called once the archive is loaded, before anything is written."""
    started = time.perf_counter()
    archive = load_archive(project, tag_cache=project.cache / TAG_CACHE)
    js_constants.write(project)  # before loaded(): a build's stamp of hand-written files sees it
    loaded(archive)
    site_url = project.site_url()
    record = project.cache / PAGE_KEYS
    known = _known_files(project.docs, record)
    keys = Keys.of(archive, site_url, {path: key for path, (key, *_) in known.items()})
    pages = render_pages(archive, site_url, keys, _related(archive, project.cache / RELATED))
    files: dict[str, str | bytes] = {**pages, **render_feeds(archive, site_url), **render_links(archive, keys),
                                     **vendor_files()}
    written, removed = sync_tree(project.docs, files, urls.GENERATED, kept=keys.keys.keys() - files.keys())
    _record_files(project.docs, record, keys.keys, files.keys(), known)
    return Generated(archive, sum(p.endswith(".md") for p in keys.keys), written, removed,
                     time.perf_counter() - started)


def _related(archive: Archive, remembered: Path) -> dict[str, Related]:
    """Every paper's related papers, remembering each day's between builds in the file remembered."""
    memory = load_memory(remembered)
    found = related(archive, memory=memory)
    if memory.used.keys() != memory.earlier.keys():  # days computed, or gone: else the file says it already
        write_files({remembered: dump_memory(memory)})
    return found


def _return_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim). Python frees what
    generating made, but the C allocator keeps its pages: most of the builder's memory after
    generating, which it would otherwise hold while MkDocs and the search index run."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): its allocator is left to itself
        return
    libc.malloc_trim(0)


Recorded = dict[str, tuple[str, int, int]]  # path under docs/ -> (key, size, mtime in ns)


def _known_files(docs: Path, record: Path) -> Recorded:
    """Each file docs/ holds as the last generate wrote it (the same size and mtime), with its key."""
    known: Recorded = {}
    try:
        for path, (key, size, mtime) in pickle.loads(record.read_bytes()).items():
            try:
                stat = os.stat(os.path.join(docs, path))
            except OSError:
                continue
            if (stat.st_size, stat.st_mtime_ns) == (size, mtime):
                known[path] = (key, size, mtime)
    except Exception:  # none yet, or damaged in any way: make every file
        return {}
    return known


def _record_files(docs: Path, record: Path, keys: dict[str, str], made: Collection[str], known: Recorded) -> None:
    """Record each file's key, and its size and mtime: made now, as written; else as known. A pickle:
    much faster than JSON for a record of every generated file."""
    entries = {}
    for path, key in keys.items():
        if path in made or path not in known:
            stat = os.stat(os.path.join(docs, path))
            entries[path] = (key, stat.st_size, stat.st_mtime_ns)
        else:
            entries[path] = (key, *known[path][1:])
    write_files({record: pickle.dumps(dict(sorted(entries.items())), protocol=pickle.HIGHEST_PROTOCOL)})


@dataclass
class Built:
    generated: Generated
    incremental: bool  # only changed pages rendered
    index: Indexed  # the search index: its files, and those this build rewrote
    index_seconds: float
    mkdocs_seconds: float
    seconds: float  # MkDocs and the search index, side by side
    pages: PagesSize  # the site's size as GitHub Pages counts it


def build(project: Project) -> Built:
    """Generate docs/, then build site/ with MkDocs while indexing the archive for search. A daily
    update indexes in a process of its own while the pages are generated, on the core that
    generating leaves idle (a full build does it beside MkDocs: generating keeps both cores busy,
    and a second copy of the archive would double the build's memory)."""
    site: SiteBuild | None = None
    early: Beside[tuple[Indexed, float]] | None = None

    def loaded(archive: Archive) -> None:
        nonlocal site, early
        site = prepared = prepare(project)  # only now: bad input leaves site/ as complete as it was
        if prepared.incremental:
            early = Beside(lambda: _index(archive, prepared.index))
    try:
        generated = generate(project, loaded)
    except BaseException:
        if early:
            early.kill()
        raise
    assert site is not None
    _return_free_memory()
    started = time.perf_counter()
    with building(project, site):  # MkDocs renders meanwhile, in processes of its own
        index, indexed = early.result() if early else _index(generated.archive, site.index)
    assert site.pages is not None
    return Built(generated, site.incremental, index, indexed, site.mkdocs_seconds,
                 time.perf_counter() - started, site.pages)


def _index(archive: Archive, folder: Path) -> tuple[Indexed, float]:
    """The search index brought up to date, and the seconds it took."""
    started = time.perf_counter()
    return build_search_index(archive, folder), time.perf_counter() - started
