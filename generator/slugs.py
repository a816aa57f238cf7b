"""The address parts the site derives: permanent paper slugs (made once from the title, then only
ever looked up), and organisations' and tags' (from a handle or a name alone)."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from slugify import slugify

from .errors import InputError
from .model import ACCOUNT_LENGTH, ARXIV_KEY, USER

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


@functools.cache
def org_slug(handle: str) -> str:
    """An organisation's address part, from its handle alone (names change; handles are its identity).
    Hugging Face's handles are ASCII letters, digits, '-', '_' and '.', in any case, which is one
    account: lowercased, they are the address as they are. Any other handle (one the page text or a
    hand edit gave), one too long for a file name, or one taking a name the site uses ("index", the
    list page) is slugified, bounded and suffixed with a hash of its identity, so that no two
    organisations share a page and the address never depends on what else the archive holds."""
    if USER.fullmatch(handle) and handle.lower() not in RESERVED:
        return handle.lower()
    identity = org_identity(handle)
    base = slugify(identity, max_length=ORG_MAX_LENGTH - 1 - HASH_LENGTH, word_boundary=True, save_order=True)
    return f"{base or 'org'}-{hashlib.sha1(identity.encode()).hexdigest()[:HASH_LENGTH]}"


def org_identity(handle: str) -> str:
    """What makes two handles one organisation: an ASCII handle in any case is one account; any
    other is itself (lowercasing can turn a non-ASCII letter into an ASCII one: an impostor's handle
    would become a real one's)."""
    return handle.lower() if handle.isascii() else handle


ORG_MAX_LENGTH = ACCOUNT_LENGTH  # an address part as long as a handle: a file name well within 255 bytes


class OrgAddresses:
    """Which organisation holds each address: a second identity given one already held (a handle
    made to look like another's suffixed address) is refused, never merged into its page."""

    def __init__(self, held: dict[str, str] | None = None) -> None:
        self.held: dict[str, str] = held or {}  # address part -> the first handle seen there

    def claim(self, handle: str, path: Path | str, line: int | None) -> str:
        """The handle's address part, or an InputError naming both handles if another holds it."""
        slug = org_slug(handle)
        other = self.held.setdefault(slug, handle)
        if org_identity(other) != org_identity(handle):
            raise InputError(path, f"organisation '{handle}' would have the address orgs/{slug}/ of '{other}'",
                             "correct the handle: it is the organisation's Hugging Face account name", line)
        return slug


def tag_slug(name: str) -> str:
    """A tag's address part, from its name: its words, at most MAX_LENGTH characters, cut at a word
    as a paper's slug is (a name of any length makes a file name); "" for a name with no word."""
    return slugify(name, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
