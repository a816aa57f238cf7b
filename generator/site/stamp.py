"""The build stamp: what every page's HTML depends on besides its own Markdown.

site/ can be updated in place only if it was built against the same stamp; anything else (a new
release of the engine: MkDocs, Material or the hook, see mkdocs_engine.release; mkdocs.yml,
overrides/, hooks/) needs a full build. The stamp's file also lists
the hand-written files of docs/ the build had, so the next one can remove what was built from those
gone since (folders.remove_gone).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..project import Project
from ..writer import files_under
from .mkdocs_engine import release


@dataclass(frozen=True)
class BuildStamp:
    project: Project
    value: str
    sources: tuple[str, ...]  # the hand-written files of docs/, as paths under it

    @classmethod
    def of(cls, project: Project) -> BuildStamp:
        sha = hashlib.sha256(release().encode())
        theme = [p for folder in ("overrides", "hooks") for p in sorted((project.root / folder).rglob("*"))
                 if "__pycache__" not in p.parts]  # bytecode MkDocs writes as it loads the hook
        for path in [project.mkdocs_yml, *theme]:
            if path.is_file():
                sha.update(str(path.relative_to(project.root)).encode() + b"\0" + path.read_bytes())
        return cls(project, sha.hexdigest(), hand_written(project))

    @property
    def _file(self) -> Path:
        return self.project.cache / "site-build"

    def _recorded(self) -> tuple[str, list[str]] | None:
        """The stamp the last complete build recorded, and the hand-written files it had (None from
        before they were recorded)."""
        try:
            value, _, sources = self._file.read_text(encoding="utf-8").partition("\n")
            listed = json.loads(sources)
        except (OSError, ValueError):
            return None
        return (value, listed) if isinstance(listed, list) else None

    def matches_site(self) -> bool:
        """site/ exists and was completed by a build with this stamp (a stamp without the list of
        hand-written files, from before it was kept, makes one full build)."""
        recorded = self._recorded()
        return self.project.site.is_dir() and recorded is not None and recorded[0] == self.value

    def gone(self) -> list[str]:
        """The hand-written files the last complete build had that docs/ no longer has."""
        recorded = self._recorded()
        return sorted({str(path) for path in recorded[1]} - set(self.sources)) if recorded else []

    def forget(self) -> None:
        self._file.unlink(missing_ok=True)

    def record(self) -> None:
        self._file.parent.mkdir(exist_ok=True)
        self._file.write_text(self.value + "\n" + json.dumps(self.sources, ensure_ascii=False) + "\n",
                              encoding="utf-8")


def hand_written(project: Project) -> tuple[str, ...]:
    """The files of docs/ the generator does not write (urls.GENERATED): a few pages, scripts and
    stylesheets, so listing them costs nothing beside the papers' pages, which are not looked at."""
    if not project.docs.is_dir():
        return ()
    names = sorted(name for name in os.listdir(project.docs) if name not in urls.GENERATED)
    return tuple(path for name in names for path in
                 (sorted(files_under(project.docs, name)) if (project.docs / name).is_dir() else [name]))
