"""The taxonomy (tags.yaml) and the tagger that applies it to papers."""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from .cores import parallel_map
from .errors import InputError
from .model import clean_text
from .slugs import RESERVED, tag_slug
from .store import _load_yaml  # one YAML reader, with line numbers, for every committed file

ABSTRACT_HITS = 2  # for a paper whose title names no tag: one passing mention is not what it is about
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
    """Finds the taxonomy's phrases in a text: whole words, plurals too, acronyms in capitals only;
    a phrase ending in a noun made from a verb ("hallucination", "quantization") also ends in the
    verb ("Why Language Models Hallucinate", "Quantized Models"), a title's way of naming a topic.

    Where phrases overlap, the longest counts, once, for every tag that lists it: "vision-language
    models" is a Vision-Language Models phrase, not also Large Language Models' "language model",
    and "large language model" is one mention, not one of it and one of "language model". (A tag
    that should have the longer phrase too lists it.) Read left to right, the longest phrase
    starting at a word is taken and the words it covers are not read again.

    A paper's tags are those its title names; a title that names none leaves it to the abstract,
    where the tags it mentions most count, and only if ABSTRACT_HITS times. A title says what a paper
    is about; an abstract mentions much besides (a broad tag, like language models, in passing), and
    reading both, or every tag an abstract mentions, gave a paper three tags and one tag half the archive.

    Fast at archive scale: a text is split into words once (in C), and only the words that start a
    phrase are looked at; most abstracts are never read, their titles having named a tag."""

    def __init__(self, tags: list[Tag], known: dict[str, list[str]] | None = None):
        self.tags = tags
        self.by_slug = {t.slug: t for t in tags}
        # Tag slugs by a hash of title and abstract, worked out by an earlier build (load_tag_cache);
        # `used` keeps those this run needed, for the next, so a daily update tags only its new papers.
        self.known = known or {}
        self.used: dict[str, list[str]] = {}
        self.prepared: dict[tuple[str, str], str] = {}  # (title, abstract) -> its hash, made by prepare
        # A phrase's words, the last in each of its forms -> the tags listing it: lowercase phrases
        # are looked up in the text's lowercase words, acronyms (any capital) in its words as written.
        self.lower: dict[tuple[str, ...], list[int]] = {}
        self.exact: dict[tuple[str, ...], list[int]] = {}
        # A word that starts a phrase -> the most words such a phrase has, for each table.
        self.lower_starts: dict[str, int] = {}
        self.exact_starts: dict[str, int] = {}
        for i, tag in enumerate(tags):
            for words in tag.phrases:
                acronym = any(w != w.lower() for w in words)
                table, starts = (self.exact, self.exact_starts) if acronym else (self.lower, self.lower_starts)
                for last in _forms(words[-1]):
                    phrase = (*words[:-1], last)
                    if i not in table.setdefault(phrase, []):
                        table[phrase].append(i)
                    starts[phrase[0]] = max(starts.get(phrase[0], 0), len(words))

    def _hits(self, text: str) -> list[int]:
        """How often each tag's phrases occur in text, by tag index, the longest of overlapping ones."""
        spaced = NON_WORD.sub(" ", text)
        words, lowered = spaced.split(), spaced.lower().split()  # lowercasing makes no spaces
        counts = [0] * len(self.tags)
        lower_starts, exact_starts = self.lower_starts, self.exact_starts
        candidates = [i for i, (w, lw) in enumerate(zip(words, lowered)) if lw in lower_starts or w in exact_starts]
        end = 0  # words before this one are covered by a phrase already counted
        for i in candidates:
            if i < end:
                continue
            for size in range(max(lower_starts.get(lowered[i], 0), exact_starts.get(words[i], 0)), 0, -1):
                found = self.lower.get(tuple(lowered[i:i + size]), []) + self.exact.get(tuple(words[i:i + size]), [])
                if found:
                    for t in set(found):
                        counts[t] += 1
                    end = i + size
                    break
        return counts

    def tag(self, title: str, abstract: str) -> list[Tag]:
        key = self.prepared.get((title, abstract)) or _key(title, abstract)
        slugs = self.known.get(key)
        if slugs is None:
            slugs = self._slugs((title, abstract))
        self.used[key] = slugs
        return [self.by_slug[s] for s in slugs]

    def prepare(self, texts: list[tuple[str, str]]) -> None:
        """Work out the tags of every (title, abstract) not known yet, on every core: a build with
        no cache (a clean one) tags every paper of the archive."""
        self.prepared = {text: _key(*text) for text in texts}
        todo = {key: text for text, key in self.prepared.items() if key not in self.known}
        self.known.update(zip(todo, parallel_map(self._slugs, list(todo.values()))))

    def _slugs(self, text: tuple[str, str]) -> list[str]:
        in_title = self._hits(text[0])
        if any(in_title):
            return [t.slug for t, n in zip(self.tags, in_title) if n]
        in_abstract = self._hits(text[1])
        most = max(max(in_abstract, default=0), ABSTRACT_HITS)
        return [t.slug for t, n in zip(self.tags, in_abstract) if n == most]


def _key(title: str, abstract: str) -> str:
    return hashlib.sha1(f"{title}\0{abstract}".encode()).hexdigest()


def _forms(word: str) -> tuple[str, ...]:
    """The forms a phrase's last word matches in: plurals, and for a noun made from a verb with
    -ation or -ization, the verb's ("hallucinate", "hallucinates", "hallucinated", "hallucinating").
    Other endings are left alone: "modeling" is not a form of "model"."""
    forms = [word, word + "s", word + "es"]
    for noun, verb in (("ization", "iz"), ("isation", "is"), ("ation", "at")):
        if word.endswith(noun) and word.islower() and len(word) > len(noun) + 2:
            stem = word[:-len(noun)] + verb
            forms += [stem + "e", stem + "es", stem + "ed", stem + "ing"]
            break
    return tuple(forms)


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
        slug = tag_slug(name)
        if not slug:
            raise InputError(path, f"tag '{name}' has no letters or digits to make its URL from",
                             "a tag's URL is /tags/<its name's words>/: name it with at least one word", line)
        if slug in RESERVED:
            raise InputError(path, f"tag '{name}' would have the address tags/{slug}/, the page listing every tag",
                             "give it another name", line)
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
        version, tags = pickle.loads(cache.read_bytes())
    except Exception:  # no cache yet, or one broken in any way: tag every paper
        return {}
    return tags if version == _tagging_version(taxonomy) and isinstance(tags, dict) else {}


def dump_tag_cache(tagger: Tagger, taxonomy: Path) -> bytes:
    """The cache file: the tags this run used, for the next (a pickle, read and written every build:
    JSON was slower at both)."""
    return pickle.dumps((_tagging_version(taxonomy), dict(sorted(tagger.used.items()))), protocol=pickle.HIGHEST_PROTOCOL)
