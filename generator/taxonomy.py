"""The taxonomy (tags.yaml) and the tagger that applies it to papers."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from .errors import InputError
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

    def __init__(self, tags: list[Tag]):
        self.tags = tags
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
        in_title, in_abstract = self._hits(title), self._hits(abstract)
        return [t for t, a, b in zip(self.tags, in_title, in_abstract) if a or b >= ABSTRACT_HITS]


def _plurals(word: str) -> tuple[str, ...]:
    return word, word + "s", word + "es"


def load_taxonomy(path: Path) -> list[Tag]:
    data = _load_yaml(path)
    if not isinstance(data, list) or not data:
        raise InputError(path, "is not a taxonomy", "it must be a list of tags, each with name, description, match")
    tags, seen = [], {}
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
        if not slug or slug in seen:
            raise InputError(path, f"tag '{name}' has the same URL as '{seen.get(slug, name)}'",
                             "give it a distinct name", line)
        seen[slug] = name
        phrases = tuple(_words(m) for m in match if WORD.search(m))
        tags.append(Tag(name=name.strip(), slug=slug, description=description.strip(), phrases=phrases))
    return tags
