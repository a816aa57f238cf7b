"""Where a project's parts live, relative to its root folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def digests(self) -> Path:
        return self.root / "digests"

    @property
    def taxonomy(self) -> Path:
        return self.root / "tags.yaml"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        """What a build keeps for the next (build stamp, tags worked out): not committed."""
        return self.root / ".cache"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

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
