"""Text analysis for the search index: lunr.js 2.3.9's pipeline, so that the browser (which runs
lunr.js on the query) finds the very terms the index holds.

lunr.py 0.8.0 supplies the stop words and the Porter stemmer. Three of its parts differ from
lunr.js's, and tests/test_search_quality.py runs both over the bundled archive's whole vocabulary:
- the tokenizer: lunr.js splits on JavaScript's white space (`\\s`, which includes U+2000-U+200A,
  U+3000 and others) and '-'; lunr.py on a shorter list. Ours is a regex split, also much
  faster than lunr.py's loop over every character;
- the trimmer: lunr.js trims ASCII non-word characters from both ends (JavaScript's `\\W`); lunr.py
  keeps a token whole when punctuation sits inside it ("(3.5)") and trims Unicode's \\W;
- the stemmer's step 1c: lunr.js turns a final y into i only after a consonant ("happy" -> "happi",
  "day" stays "day"); lunr.py after any vowel in the stem ("day" -> "dai").

Two rules depart from lunr.js, and docs/javascripts/search-engine.js applies them to the query too:
- letters fold to their base (`fold`: Unicode NFKD, combining marks dropped), so Üstün is ustun;
- the trimmer keeps Greek letters and mathematical letter-like symbols (`KEPT`) as word characters,
  so τ in "τ-bench" is a word, where lunr.js would trim it to nothing.
"""
from __future__ import annotations

import re
import unicodedata

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

# JavaScript's \s (ECMA-262: WhiteSpace and LineTerminator) and '-': lunr.tokenizer.separator.
_SEPARATOR = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")
# Kept besides lunr's [A-Za-z0-9_]: Greek (and Coptic), the letter-like symbols (ℓ, ℘, ℵ's Hebrew
# letters once folded), ∂ and ∇. search-engine.js KEPT is the same list.
KEPT = "\u0370-\u03ff\u1f00-\u1fff\u2100-\u214f\u05d0-\u05d3\u2202\u2207"
_TRIM = re.compile(f"^[^A-Za-z0-9_{KEPT}]+|[^A-Za-z0-9_{KEPT}]+\\Z")


def fold(text: str) -> str:
    """The text with letters folded to their base: NFKD, combining marks (Mn) dropped, final sigma
    as sigma. ASCII is left as it is."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if unicodedata.category(c) != "Mn").replace("\u03c2", "\u03c3")


class _LunrJsStemmer(PorterStemmer):
    b: str  # the word being stemmed
    k: int  # the index of its last letter

    def step1c(self) -> None:
        # lunr.js: /^(.+?[^aeiou])y$/, which holds exactly when the letter before the final y is
        # not a vowel and at least one letter precedes that one.
        if self.ends("y") and self.k >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


_stemmer = _LunrJsStemmer()


def term(token: str) -> str | None:
    """A lower-case token's term: trimmed, None for a stop word, else stemmed. A token of punctuation
    alone becomes "", which lunr counts in a field's length (as here) and indexes (as we do not)."""
    trimmed = _TRIM.sub("", token)
    if trimmed in STOP_WORDS:
        return None
    return _stemmer.stem(trimmed) if trimmed else ""


def tokens(text: str) -> list[str]:
    """lunr.tokenizer: the text folded (`fold`), lower-cased (as JavaScript's toLowerCase) and split. In printable
    ASCII, which nearly every text is, JavaScript's white space is the space alone, and Python's split
    does it in a fifth of the time."""
    if text.isascii() and text.isprintable():
        return text.lower().replace("-", " ").split()
    return [t for t in _SEPARATOR.split(fold(fold(text).lower())) if t]


_known: dict[str, str | None] = {}  # token -> term: a plain dict, looked up for every token of the index


def analyse(text: str) -> tuple[int, dict[str, list[int]]]:
    """The text's length in terms, as lunr counts it ("" included), and each term's positions.
    Positions count every token, stop words too, as lunr.js numbers them, so that a phrase's words
    sit at consecutive positions."""
    positions: dict[str, list[int]] = {}
    length = 0
    for position, token in enumerate(tokens(text)):
        if token in _known:
            found = _known[token]
        else:
            found = _known[token] = term(token)
        if found is None:
            continue
        length += 1
        if found:
            if (where := positions.get(found)) is None:
                positions[found] = [position]
            else:
                where.append(position)
    return length, positions
