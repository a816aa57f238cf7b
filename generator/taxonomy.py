"""The taxonomy (tags.yaml) and the tagger that applies it to papers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from .errors import InputError
from .store import _load_yaml  # one YAML reader, with line numbers, for every committed file

ABSTRACT_HITS = 2  # one passing mention in an abstract is not what a paper is about
WORD = re.compile(r"\w+")


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
    """Finds the taxonomy's phrases in a text in one pass over its words, plurals included."""

    def __init__(self, tags: list[Tag]):
        self.tags = tags
        self.by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._cache: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for i, tag in enumerate(tags):
            for words in tag.phrases:
                self.by_first.setdefault(words[0], []).append((i, words))

    def _hits(self, text: str) -> list[int]:
        """How often each tag's phrases occur in text, by tag index."""
        original = WORD.findall(text)
        lower = [w.lower() for w in original]
        counts = [0] * len(self.tags)
        for i in range(len(original)):
            for tag_index, words in self._candidates(original[i], lower[i]):
                if self._match_at(words, original, lower, i):
                    counts[tag_index] += 1
        return counts

    def _candidates(self, word: str, lower: str) -> list[tuple[int, tuple[str, ...]]]:
        """Phrases that may start at this word; cached, as the same words recur in every abstract."""
        found = self._cache.get(word)
        if found is None:
            forms = {word, lower, *_singulars(word), *_singulars(lower)}
            found = self._cache[word] = [c for form in forms for c in self.by_first.get(form, ())]
        return found

    @staticmethod
    def _match_at(words: tuple[str, ...], original: list[str], lower: list[str], i: int) -> bool:
        if i + len(words) > len(original):
            return False
        for k, want in enumerate(words):
            source = original if want.lower() != want else lower
            got = source[i + k]
            if got != want and not (k == len(words) - 1 and want in _singulars(got)):
                return False
        return True

    def tag(self, title: str, abstract: str) -> list[Tag]:
        in_title, in_abstract = self._hits(title), self._hits(abstract)
        return [t for t, a, b in zip(self.tags, in_title, in_abstract) if a or b >= ABSTRACT_HITS]


def _singulars(word: str) -> tuple[str, ...]:
    if word.endswith("es"):
        return word[:-1], word[:-2]
    return (word[:-1],) if word.endswith("s") else ()


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
