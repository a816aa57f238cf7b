"""The build stamp: what every page's HTML depends on besides its own Markdown.

site/ can be updated in place only if it was built against the same stamp; anything else (a new
MkDocs or Material, mkdocs.yml, overrides/, hooks/) needs a full build.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..project import Project


@dataclass(frozen=True)
class BuildStamp:
    project: Project
    value: str

    @classmethod
    def of(cls, project: Project) -> BuildStamp:
        sha = hashlib.sha256(f"mkdocs {version('mkdocs')} material {version('mkdocs-material')}".encode())
        theme = [p for folder in ("overrides", "hooks") for p in sorted((project.root / folder).rglob("*"))
                 if "__pycache__" not in p.parts]  # bytecode MkDocs writes as it loads the hook
        for path in [project.mkdocs_yml, *theme]:
            if path.is_file():
                sha.update(str(path.relative_to(project.root)).encode() + b"\0" + path.read_bytes())
        return cls(project, sha.hexdigest())

    @property
    def _file(self) -> Path:
        return self.project.cache / "site-build"

    def matches_site(self) -> bool:
        """site/ exists and was completed by a build with this stamp."""
        return self.project.site.is_dir() and self._file.is_file() and self._file.read_text() == self.value

    def forget(self) -> None:
        self._file.unlink(missing_ok=True)

    def record(self) -> None:
        self._file.parent.mkdir(exist_ok=True)
        self._file.write_text(self.value)
