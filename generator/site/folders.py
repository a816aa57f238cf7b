"""site/ and its staging folder: what a build removes from site/, and how a full build replaces it."""
from __future__ import annotations

import shutil
from pathlib import Path

from .. import urls
from ..project import Project


def remove_built(project: Project, removed: list[Path]) -> None:
    """Delete what MkDocs had built from files since removed from docs/: a page's HTML, or a file
    it copied as it is; a page's folder goes with it once empty."""
    for source in removed:
        built = project.site / urls.built(source.relative_to(project.docs).as_posix())
        built.unlink(missing_ok=True)
        if built.name == "index.html" and built.parent.is_dir() and not any(built.parent.iterdir()):
            built.parent.rmdir()


def staging(project: Project) -> Path:
    """An empty folder for a full build, beside site/; site/ holds the search index meanwhile."""
    target = project.cache / "site-next"
    shutil.rmtree(target, ignore_errors=True)
    project.site.mkdir(exist_ok=True)
    return target


def publish(project: Project, staged: Path) -> None:
    """Replace site/ with a completed full build, taking the search index along."""
    index = project.site / urls.SEARCH_INDEX
    if index.is_dir():
        index.rename(staged / urls.SEARCH_INDEX)
    old = project.cache / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    project.site.rename(old)
    staged.rename(project.site)
    shutil.rmtree(old)
