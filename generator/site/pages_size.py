"""The site's size as GitHub Pages counts it, checked before the site is published: a site over
Pages' limit fails the build, rather than the deployment after it.

GitHub Pages publishes the tar that actions/upload-pages-artifact makes of site/ (GNU tar of `.` in
it, following links, leaving out dotfiles), so the size counted is that tar's: each folder and file
takes a 512-byte header (a name over 100 bytes a long-name entry too), each file's bytes are padded
to whole 512-byte blocks, and the tar ends in two zero blocks, padded to a whole 10,240-byte record.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..errors import BuildError
from ..project import Project

# GitHub's documentation: "Published GitHub Pages sites may be no larger than 1 GB", without saying
# which gigabyte: the decimal one, the smaller, so that a site this check passes is never refused.
LIMIT = 1_000_000_000
WARN_AT = 0.9  # of LIMIT: past it, every build says how close the site is
BLOCK, RECORD = 512, 20 * 512  # a tar block; GNU tar writes whole records of 20 blocks
NAME_FIELD = 100  # bytes of a name a tar header holds; a longer one takes a long-name entry before it


def tar_bytes(site: Path, placed: Mapping[str, Path] | None = None) -> int:
    """The size of the tar of site/ that GitHub Pages publishes, from the file sizes, to the byte;
    with each folder in placed counted as if it were in site/ under its name (a full build's search
    index, written beside the site until both are complete)."""
    members = _folder(site, "./") + sum(_folder(folder, f"./{name}/") for name, folder in (placed or {}).items())
    return _rounded(members + 2 * BLOCK, RECORD)


def _folder(folder: Path | str, name: str) -> int:
    """A folder's bytes in the tar: its own header, then each file's and folder's in it (name is the
    folder's name in the tar, ending in "/")."""
    total = _header(name)
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):  # the action's --exclude=.[^/]*, which takes .git and .github too
                continue
            if entry.is_dir():  # following links, as the action's tar does (--dereference)
                total += _folder(entry.path, f"{name}{entry.name}/")
            else:
                total += _header(name + entry.name) + _rounded(entry.stat().st_size, BLOCK)
    return total


def _header(name: str) -> int:
    """A member's header bytes: one block, and for a long name a long-name entry before it (its own
    header, then the name, NUL-terminated, padded to whole blocks)."""
    length = len(os.fsencode(name))
    return BLOCK + (BLOCK + _rounded(length + 1, BLOCK) if length > NAME_FIELD else 0)


def _rounded(size: int, unit: int) -> int:
    return -(-size // unit) * unit


@dataclass(frozen=True)
class PagesSize:
    """A built site's size as GitHub Pages counts it, under its limit."""

    site: Path  # the site as published, for messages
    bytes: int
    limit: int

    def warning(self) -> str | None:
        """One line once the site is past WARN_AT of the limit, else None."""
        if self.bytes <= self.limit * WARN_AT:
            return None
        return (f"warning: {self.site}: {_mb(self.bytes)} as GitHub Pages counts it, "
                f"{self.bytes / self.limit:.0%} of its {_limit(self.limit)} limit, past which the build fails; "
                f"{_SMALLER}")


_SMALLER = "make the site smaller (fewer days in digests/, or less on each page) or publish it where no such limit applies"


def check(project: Project, target: Path, index: Path, limit: int | None = None) -> PagesSize:
    """The size of the site a build made in target, with its search index (in target, or beside it
    until published), against limit (LIMIT unless given); raises BuildError if it is over: called
    before the site is published, so a full build leaves the published site as it was."""
    limit = LIMIT if limit is None else limit
    placed = {urls.SEARCH_INDEX: index} if index.is_dir() and not index.is_relative_to(target) else {}
    size = tar_bytes(target, placed)
    if size > limit:
        raise BuildError(f"{project.site}: {_mb(size)} as GitHub Pages counts it, over its {_limit(limit)} limit, "
                         f"so it would not deploy; {_SMALLER}")
    return PagesSize(project.site, size, limit)


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _limit(limit: int) -> str:
    return f"{limit // 10**9:,} GB" if limit % 10**9 == 0 else _mb(limit)
