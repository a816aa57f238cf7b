"""The taxonomy (tags.yaml) and the tagger that applies it to papers."""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from .cores import parallel_map
from .errors import InputError
from .model import clean_text
from .store import _load_yaml  # one YAML reader, with line numbers, for every committed file

ABSTRACT_HITS = 2  # one passing mention in an abstract is not what a paper is about
WORD = re.compile(r"\w+")
NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    description: str
    phrases: tuple[tuple[str, ...], ...]  # each a sequence of words; lowercase unless an acronym


def _words(phrase: str) -> tuple[str, ...]:
    """An acronym (all capitals, like 'RL') matches only in capitals; other phrases in any case."""
    words = tuple(WORD.findall(phrase))
    return words if phrase.upper() == phrase else tuple(w.lower() for w in words)


class Tagger:
    """Counts the taxonomy's phrases in a text: whole words, plurals too, acronyms in capitals only.

    Fast at archive scale: a text's words are counted once (in C), single-word phrases are looked
    up in those counts, and only multi-word phrases whose first word occurs are counted, as substrings."""

    def __init__(self, tags: list[Tag], known: dict[str, list[str]] | None = None):
        self.tags = tags
        self.by_slug = {t.slug: t for t in tags}
        # Tag slugs by a hash of title and abstract, worked out by an earlier build (load_tag_cache);
        # `used` keeps those this run needed, for the next. Re-tagging 50,000 papers takes 5 s.
        self.known = known or {}
        self.used: dict[str, list[str]] = {}
        self.words: dict[str, list[int]] = {}  # lowercase word form -> tag indexes
        self.acronyms: dict[str, list[int]] = {}  # exact form -> tag indexes
        self.phrases: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}  # first word -> multi-word phrases
        for i, tag in enumerate(tags):
            for words in tag.phrases:
                acronym = any(w != w.lower() for w in words)
                if len(words) == 1:
                    for form in _plurals(words[0]):
                        (self.acronyms if acronym else self.words).setdefault(form, []).append(i)
                else:  # searched for as " w1 w2 " in the text's words joined by single spaces
                    forms = tuple(f" {' '.join(words[:-1])} {last} " for last in _plurals(words[-1]))
                    self.phrases.setdefault(words[0], []).append((i, forms, acronym))

    def _hits(self, text: str) -> list[int]:
        """How often each tag's phrases occur in text, by tag index."""
        spaced = f" {NON_WORD.sub(' ', text)} "  # its words, joined by single spaces
        lowered = spaced.lower()
        original, lower = Counter(spaced.split()), Counter(lowered.split())
        counts = [0] * len(self.tags)
        for word in lower.keys() & self.words.keys():
            for i in self.words[word]:
                counts[i] += lower[word]
        for word in original.keys() & self.acronyms.keys():
            for i in self.acronyms[word]:
                counts[i] += original[word]
        for word in (lower.keys() | original.keys()) & self.phrases.keys():
            for i, forms, acronym in self.phrases[word]:
                source = spaced if acronym else lowered
                counts[i] += sum(source.count(form) for form in forms)
        return counts

    def tag(self, title: str, abstract: str) -> list[Tag]:
        key = _key(title, abstract)
        slugs = self.known.get(key)
        if slugs is None:
            slugs = self._slugs((title, abstract))
        self.used[key] = slugs
        return [self.by_slug[s] for s in slugs]

    def prepare(self, texts: list[tuple[str, str]]) -> None:
        """Work out the tags of every (title, abstract) not known yet, on every core: a build with
        no cache (a clean one) tags 50,000 papers."""
        todo = {_key(*text): text for text in texts}
        todo = {key: text for key, text in todo.items() if key not in self.known}
        self.known.update(zip(todo, parallel_map(self._slugs, list(todo.values()))))

    def _slugs(self, text: tuple[str, str]) -> list[str]:
        in_title, in_abstract = self._hits(text[0]), self._hits(text[1])
        return [t.slug for t, a, b in zip(self.tags, in_title, in_abstract) if a or b >= ABSTRACT_HITS]


def _key(title: str, abstract: str) -> str:
    return hashlib.sha1(f"{title}\0{abstract}".encode()).hexdigest()


def _plurals(word: str) -> tuple[str, ...]:
    return word, word + "s", word + "es"


def load_taxonomy(path: Path) -> list[Tag]:
    data = _load_yaml(path)
    if not isinstance(data, list) or not data:
        raise InputError(path, "is not a taxonomy", "it must be a list of tags, each with name, description, match")
    tags: list[Tag] = []
    seen: dict[str, str] = {}  # slug -> the name that took it
    for item in data:
        line = item.get("__line__") if isinstance(item, dict) else None
        if not isinstance(item, dict) or set(item) - {"name", "description", "match", "__line__"}:
            raise InputError(path, "a tag has only 'name', 'description' and 'match'", "remove other fields", line)
        name, description, match = item.get("name"), item.get("description"), item.get("match")
        if not isinstance(name, str) or not name.strip() or not isinstance(description, str):
            raise InputError(path, "a tag needs a 'name' and a one-line 'description'", "add them", line)
        if not isinstance(match, list) or not match or not all(isinstance(m, str) and m.strip() for m in match):
            raise InputError(path, f"tag '{name}' needs 'match': a list of phrases", "add the phrases", line)
        slug = slugify(name)
        if not slug:
            raise InputError(path, f"tag '{name}' has no letters or digits to make its URL from",
                             "a tag's URL is /tags/<its name's words>/: name it with at least one word", line)
        if slug in seen:
            raise InputError(path, f"tag '{name}' has the same URL as '{seen[slug]}'", "give it a distinct name", line)
        seen[slug] = name
        phrases = tuple(_words(m) for m in match if WORD.search(m))
        tags.append(Tag(name=clean_text(name), slug=slug, description=clean_text(description), phrases=phrases))
    return tags


def _tagging_version(taxonomy: Path) -> str:
    """What a paper's tags depend on besides its text: the taxonomy and this module's rules."""
    return hashlib.sha256(taxonomy.read_bytes() + b"\0" + Path(__file__).read_bytes()).hexdigest()


def load_tag_cache(cache: Path, taxonomy: Path) -> dict[str, list[str]]:
    """The tags an earlier build worked out, if it used the same taxonomy and rules; else none."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _tagging_version(taxonomy):
        return {}
    return data.get("tags") or {}


def dump_tag_cache(tagger: Tagger, taxonomy: Path) -> str:
    """The cache file's text: the tags this run used, for the next."""
    return json.dumps({"version": _tagging_version(taxonomy), "tags": dict(sorted(tagger.used.items()))},
                      separators=(",", ":")) + "\n"
