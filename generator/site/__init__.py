"""The site build: MkDocs over docs/ (whole, or only the pages that changed), beside the search index.

A build runs in steps, each in a module of its own:
- `stamp`: whether site/ can be updated in place (it was built with the same engine release,
  configuration and theme overrides) or must be built in full;
- `folders`: an incremental build deletes, beside MkDocs, what was built from generated files no
  longer in docs/, and before it what was built from hand-written files gone since the last build
  (which the stamp lists); a full build renders into a staging folder, and its search index into
  another, which replace site/ together only once both are complete, so a failed or killed full
  build leaves the published site as it was (a killed swap is put back by the next command). An
  incremental build updates site/ in place: if it fails, the next build is a full one;
- `mkdocs_engine`: all the build knows of MkDocs, and the generator's one module that imports it:
  MkDocs run in child processes, one per core for a full build (each on its share of the pages),
  one for an incremental build (`mkdocs build --dirty` renders only Markdown newer than its HTML),
  while the caller indexes the archive for search (an incremental build's caller may have started
  the index earlier, once `prepare` has said where it goes); and the hook those processes run
  (hooks/html_pages.py hands MkDocs its events);
- `sitemaps`: the sitemap index, written before a full build's site is published;
- `pages_size`: the site's size as GitHub Pages counts it, checked before it is published.
The generator rewrites only Markdown whose content changed, so a daily update renders the new day,
its papers and the indexes that list them, and the result equals a full build.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..faults import crash_point
from ..project import Project
from . import folders, pages_size
from .mkdocs_engine import MkDocsRun
from .sitemaps import sitemap_files, write_sitemaps
from .stamp import BuildStamp


@dataclass
class SiteBuild:
    incremental: bool  # only changed pages rendered (mkdocs build --dirty)
    target: Path  # where MkDocs writes: site/, or a full build's staging folder
    index: Path  # where the caller writes the search index
    stamp: BuildStamp  # recorded once the build is complete
    mkdocs_seconds: float = 0.0  # how long MkDocs took, known once the build is done
    pages: pages_size.PagesSize | None = None  # its size as GitHub Pages counts it, likewise
    gone: list[str] = field(default_factory=list)  # hand-written files of docs/ gone since the last build


def prepare(project: Project) -> SiteBuild:
    """Decide between a full and an incremental build, and where it writes. From here until the build
    completes, site/ does not pass for complete: a build that fails half-way makes the next one full."""
    stamp = BuildStamp.of(project)
    incremental = stamp.matches_site()
    gone = stamp.gone() if incremental else []
    stamp.forget()
    if incremental:
        return SiteBuild(incremental, project.site, project.site / urls.SEARCH_INDEX, stamp, gone=gone)
    return SiteBuild(incremental, *folders.stage(project), stamp)


@contextlib.contextmanager
def building(project: Project, build: SiteBuild) -> Iterator[SiteBuild]:
    """Build site/ from docs/ with MkDocs in child processes while the `with` block runs (the caller
    writes the search index into build.index meanwhile, or has started to)."""
    incremental, target, index = build.incremental, build.target, build.index
    folders.remove_gone(project, build.gone)  # before MkDocs, which may make a file of the same path
    mkdocs = MkDocsRun.start(project, target, incremental)
    with ThreadPoolExecutor(1) as tidying:
        # Beside MkDocs, which makes none of the files it removes (it walks the whole site).
        stale = tidying.submit(folders.remove_stale, project) if incremental else None
        try:
            yield build
            crash_point("build-indexed")
            listed = sitemap_files(project)  # while MkDocs still renders
            if stale:
                stale.result()
        except BaseException:
            mkdocs.kill()
            raise
    build.mkdocs_seconds = mkdocs.finish()
    write_sitemaps(target, listed)
    build.pages = pages_size.check(project, target, index)  # raises past GitHub Pages' limit: nothing published
    if not incremental:
        crash_point("build-rendered")
        folders.publish(project, target, index)
    build.stamp.record()
