"""The site build: MkDocs over docs/ (whole, or only the pages that changed), beside the search index.

A build runs in steps, each in a module of its own:
- `stamp`: whether site/ can be updated in place (it was built with the same MkDocs, theme,
  configuration and post-processing) or must be built in full;
- `folders`: an incremental build first deletes the HTML of pages whose Markdown was removed; a
  full build renders into a staging folder that replaces site/ only once it is complete, taking the
  search index along, so a failed build leaves the published site as it was;
- `mkdocs_run`: MkDocs in a child process (`mkdocs build --dirty` renders only Markdown newer than
  its HTML), while the caller indexes the archive for search on the other core;
- `compact`: the white space of Material's indented templates collapsed in the pages just written;
- `sitemaps`: the sitemap index, written last.
The generator rewrites only Markdown whose content changed, so a daily update renders the new day,
its papers and the indexes that list them, and the result equals a full build.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..project import Project
from . import folders
from .compact import compact_pages
from .mkdocs_run import MkDocsRun
from .sitemaps import write_sitemaps
from .stamp import BuildStamp


@dataclass
class SiteBuild:
    incremental: bool  # only changed pages rendered (mkdocs build --dirty)
    mkdocs_seconds: float = 0.0  # how long MkDocs took, known once the build is done


@contextlib.contextmanager
def building(project: Project, removed: list[Path]) -> Iterator[SiteBuild]:
    """Build site/ from docs/ with MkDocs in a child process while the `with` block runs (the caller
    writes the search index into site/pagefind/ meanwhile). removed are the files under docs/ the
    generator just deleted."""
    stamp = BuildStamp.of(project)
    incremental = stamp.matches_site()
    stamp.forget()  # a build that fails half-way must not pass for complete
    if incremental:
        target = project.site
        folders.remove_built(project, removed)
    else:
        target = folders.staging(project)
    build = SiteBuild(incremental)
    mkdocs = MkDocsRun.start(project, target, incremental)
    try:
        yield build
    except BaseException:
        mkdocs.kill()
        raise
    build.mkdocs_seconds = mkdocs.finish()
    compact_pages(target, since=mkdocs.started)
    if not incremental:
        folders.publish(project, target)
    write_sitemaps(project)
    stamp.record()
