"""site/ and the folders a build stages beside it: what a build removes from site/, how a full build
replaces it whole, and how the next command tidies up after a build that was killed."""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from .. import urls
from ..faults import crash_point
from ..project import Project
from ..writer import files_under


def _next_site(project: Project) -> Path:
    return project.cache / "site-next"  # a full build renders here, then replaces site/


def _next_index(project: Project) -> Path:
    return project.cache / "index-next"  # a full build's search index, until the site is complete


def part_site(project: Project, n: int) -> Path:
    """Where the n-th of the MkDocs processes of a full build writes its share (MkDocsRun)."""
    return project.cache / f"site-next-part{n}"


def _part_sites(project: Project) -> list[Path]:
    return list(project.cache.glob("site-next-part*"))  # every part_site there is


def _old_site(project: Project) -> Path:
    return project.cache / "site-old"  # site/ while it is being replaced


def remove_stale(project: Project) -> None:
    """Delete from site/ what MkDocs built from generated files no longer in docs/, whichever command
    removed them: a page's HTML, or a file it copied as it is; a page's folder goes once empty (what
    hand-written files gone from docs/ built, `remove_gone` removes). Safe beside `mkdocs build
    --dirty`: it touches no file MkDocs makes, nor any folder holding one. The folder of a paper's or
    a day's page (urls.LEAF_PAGES), while the page is in docs/, is not looked into: it holds that
    page's HTML alone, and listing a folder a paper was most of this function's time."""
    expected = {urls.built(name) for name in urls.GENERATED if (project.docs / name).is_file()}
    for name in urls.GENERATED:
        expected.update(urls.built(path) for path in files_under(project.docs, name))
    holding = {folder for path in expected for folder in _folders(path)}
    own = {path.removesuffix("/index.html") for path in expected
           if path.endswith("/index.html") and path.count("/") == 2 and path.partition("/")[0] in urls.LEAF_PAGES}
    for name in urls.GENERATED:
        if (project.site / name).is_dir():
            _remove_unexpected(project.site, name, expected, holding, own)


def remove_gone(project: Project, gone: list[str]) -> None:
    """Delete from site/ what the last build made from hand-written files of docs/ gone since
    (BuildStamp.gone): a page's HTML, or a file MkDocs copied as it is, and the folders that leaves
    empty. Run before MkDocs starts, not beside it: the theme may hold a file of the same path, which
    `--dirty` then copies as the file is missing, and a hand-written page may have moved to another
    source that builds the same file (about.md to about/index.md). Only the few files named are
    looked at."""
    for source in gone:
        path = urls.built(source)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(project.site / path)
        for folder in _folders(path):
            try:
                os.rmdir(project.site / folder)
            except OSError:  # not empty: the rest of the site in it stays
                break


def _remove_unexpected(site: Path, folder: str, expected: set[str], holding: set[str], own: set[str]) -> None:
    """Remove what site/folder holds that is not expected, and the folders that leaves empty."""
    with os.scandir(site / folder) as entries:
        for entry in entries:
            path = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if path in own:
                    continue
                _remove_unexpected(site, path, expected, holding, own)
                if path not in holding and not os.listdir(entry.path):
                    os.rmdir(entry.path)
            elif path not in expected:
                os.unlink(entry.path)


def _folders(path: str) -> Iterator[str]:
    """The folders a relative path lies in ("a/b/c.html": "a/b", "a")."""
    while "/" in path:
        path = path.rpartition("/")[0]
        yield path


def stage(project: Project) -> tuple[Path, Path]:
    """Empty folders for a full build's site, and its search index (seeded with site/'s, linked not
    copied: the index replaces what changed and never writes into a file it did not make)."""
    site, index = _next_site(project), _next_index(project)
    for folder in (site, index, *_part_sites(project)):
        shutil.rmtree(folder, ignore_errors=True)
    published = project.site / urls.SEARCH_INDEX
    if published.is_dir():
        shutil.copytree(published, index, copy_function=os.link)
    return site, index


def publish(project: Project, site: Path, index: Path) -> None:
    """Replace site/ with a completed full build and its search index."""
    if index.is_dir():
        index.rename(site / urls.SEARCH_INDEX)
    old = _old_site(project)
    shutil.rmtree(old, ignore_errors=True)
    if project.site.exists():
        project.site.rename(old)
        crash_point("build-swapping")
    site.rename(project.site)  # killed between the two renames, `recover` puts the old site back
    shutil.rmtree(old, ignore_errors=True)


def recover(project: Project) -> None:
    """Undo what a killed build left: the published site put back if it was mid-swap, staging
    folders removed."""
    old = _old_site(project)
    if old.is_dir() and not project.site.exists():
        old.rename(project.site)
    for leftover in (old, _next_site(project), _next_index(project), *_part_sites(project)):
        shutil.rmtree(leftover, ignore_errors=True)
