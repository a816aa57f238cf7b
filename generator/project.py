"""Where a project's parts live, relative to its root folder."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import urls
from .errors import InputError


@dataclass
class Project:
    root: Path
    digests: Path = field(init=False)  # the committed digests and slugs.yaml
    taxonomy: Path = field(init=False)  # tags.yaml
    docs: Path = field(init=False)  # MkDocs' input: hand-written pages and the generated ones
    site: Path = field(init=False)  # the built site, as published
    cache: Path = field(init=False)  # what a build keeps for the next (build stamp, tags worked out): not committed
    mkdocs_yml: Path = field(init=False)

    def __post_init__(self) -> None:
        self.digests = self.root / "digests"
        self.taxonomy = self.root / "tags.yaml"
        self.docs = self.root / "docs"
        self.site = self.root / "site"
        self.cache = self.root / ".cache"
        self.mkdocs_yml = self.root / "mkdocs.yml"

    def site_url(self) -> str:
        """mkdocs.yml's site_url, ending in "/": the base of every absolute address (urls.py's
        addresses follow it), printed on paper pages as their permanent address."""
        try:
            config = yaml.safe_load(self.mkdocs_yml.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise InputError(self.mkdocs_yml, f"cannot be read ({e})", "restore it from git") from None
        url = config.get("site_url") if isinstance(config, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InputError(self.mkdocs_yml, "has no site_url", "set site_url to the address the site is served at")
        return url.rstrip("/") + "/"


def scaffold(source: Path, root: Path) -> Project:
    """A new project at root holding source's hand-written parts and no digests: mkdocs.yml, tags.yaml,
    overrides/, hooks/ and docs/ less what the generator writes there. What tests and benchmarks build in."""
    src, new = Project(source), Project(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(src.mkdocs_yml, new.mkdocs_yml)
    shutil.copy(src.taxonomy, new.taxonomy)
    for folder in ("overrides", "hooks"):
        shutil.copytree(source / folder, root / folder)
    shutil.copytree(src.docs, new.docs, ignore=lambda folder, names:
                    [n for n in names if Path(folder) == src.docs and n in urls.GENERATED])
    return new
