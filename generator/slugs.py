"""Permanent paper slugs: made once from the title, then only ever looked up."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from slugify import slugify

from .model import ARXIV_KEY

MAX_LENGTH = 80
HASH_LENGTH = 8  # hex digits of "paper-<hash>", the slug of a title with no letters or digits
# Names a paper page must not take: papers/index.md would be /papers/ itself.
RESERVED = frozenset({"index"})


class SlugRegistry:
    """Which slug answers to which identity key (arXiv id or normalised title)."""

    def __init__(self, registry: dict[str, list[str]]):
        self.registry = {slug: list(keys) for slug, keys in registry.items()}
        self.by_key = {key: slug for slug, keys in self.registry.items() for key in keys}

    def find(self, keys: tuple[str, ...]) -> str | None:
        """The slug of the paper these keys identify, if known. A known arXiv id is the identity: a
        title matches only when one of the two papers has no id (page text has none), so two
        papers with different ids and the same title stay two papers."""
        has_id = _has_id(keys)
        for key in keys:
            slug = self.by_key.get(key)
            if slug and (key.startswith(ARXIV_KEY) or not has_id or not _has_id(self.registry[slug])):
                return slug
        return None

    def remember(self, slug: str, keys: tuple[str, ...]) -> None:
        """Record that slug answers to keys too (a corrected title, a newly learnt arXiv id)."""
        known = self.registry.setdefault(slug, [])
        for key in keys:
            if key not in self.by_key:
                self.by_key[key] = slug
                known.append(key)

    def assign(self, title: str, keys: tuple[str, ...]) -> str:
        """The slug for a paper not seen before: its title's, with -2, -3… if that is taken."""
        base = slugify(title, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
        if not base:  # a title with no letters or digits
            base = "paper-" + hashlib.sha1(keys[0].encode()).hexdigest()[:HASH_LENGTH]
        slug, n = base, 2
        while slug in self.registry or slug in RESERVED:
            slug, n = f"{base}-{n}", n + 1
        self.registry[slug] = []
        self.remember(slug, keys)
        return slug


def _has_id(keys: Iterable[str]) -> bool:
    return any(k.startswith(ARXIV_KEY) for k in keys)
