"""BibTeX entries for papers: the one shown on a paper's page, and a day's `.bib` file (which
javascripts/bibtex.js makes in the browser the same way, from the day's JSON copy).

A reader pastes these into a bibliography that BibTeX, biber or a reference manager reads, so
every entry must parse whatever a title holds: TeX's special characters are escaped, and the
values keep their braces balanced. Non-ASCII text stays UTF-8, as biber, BibTeX 8-bit and every
reference manager read it; turning "é" into {\\'e} would only make the entry harder to read.
The form follows arXiv's own "Export BibTeX citation", which every reference manager imports.
"""
from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

from . import urls
from .archive import Paper
from .model import ARXIV_ID

# What prints each of TeX's special characters. Braces become macros rather than \{ and \}:
# BibTeX counts every brace, escaped or not, to find where a value ends, so a title's lone "}"
# written as \} would end the title early.
SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIALS = re.compile("[" + re.escape("".join(SPECIAL)) + "]")
_AND = re.compile(r"\band\b", re.IGNORECASE)  # BibTeX splits an author list at every "and", any case
NOTE = "Featured in Hugging Face Daily Papers on {day}"


def key(paper: Paper) -> str:
    """The citation key."""
    # The slug: unique and permanent by the store's contract, so the key is too (an author-year key
    # would need a collision rule, and a backfilled digest could shift which paper gets "b").
    return paper.slug


def entry(paper: Paper, site_url: str) -> str:
    """One paper's `@misc` entry, ending in a newline. `site_url` ends with "/"."""
    e = paper.entry
    first_day = paper.days[0]
    fields = [("title", _title(e.title))]
    if e.author_names:
        names = [_name(n) for n in e.author_names]
        if e.authors is not None and e.authors > len(names):
            names.append("others")  # styles print "et al."
        fields.append(("author", " and ".join(names)))
    fields.append(("year", str((e.published or first_day).year)))
    if e.arxiv_id and ARXIV_ID.fullmatch(e.arxiv_id):  # else cited as a paper without one
        fields += [("eprint", e.arxiv_id), ("archivePrefix", "arXiv"),
                   ("url", f"https://arxiv.org/abs/{e.arxiv_id}")]
    else:
        fields += [("url", cited_url(site_url + urls.paper(paper.slug))),
                   ("note", NOTE.format(day=first_day.isoformat()))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key(paper)},\n{body}\n}}\n"


def entries(papers: Iterable[Paper], site_url: str) -> str:
    """Several entries, a blank line apart: a day's `.bib` file."""
    return "\n".join(entry(p, site_url) for p in papers)


def _escape(text: str) -> str:
    """Text with TeX's special characters written so that they print as themselves. TeX's dashes
    ("--") are left to be dashes: in an arXiv title that is what the authors meant by them."""
    return _SPECIALS.sub(lambda m: SPECIAL[m.group()], text)


def _title(title: str) -> str:
    # A word with a capital past its first letter ("LLMs", "DeepSeek-V3") is braced so that a style
    # that sets titles in sentence case keeps it as written, as Zotero's Better BibTeX does; other
    # words are the style's to change. (Double braces round the whole title would freeze it all.)
    return " ".join(_protected(_escape(w)) if any(c.isupper() for c in [c for c in w if c.isalpha()][1:])
                    else _escape(w) for w in title.split(" "))


def _protected(escaped: str) -> str:
    # "{\" opens what BibTeX takes for one accented letter, whose letters it still changes the
    # case of: a second brace keeps the word whole.
    return f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"


def _name(name: str) -> str:
    # A comma would split the name into "Last, First"; an "and" would split it into two people.
    # Braced, it is one name, as written.
    escaped = _escape(name)
    return f"{{{escaped}}}" if "," in name or _AND.search(name) else escaped


def cited_url(url: str) -> str:
    # Only a site_url from mkdocs.yml could hold a brace, backslash or space: percent-encoded,
    # the value stays balanced and \url prints the address as it is.
    return urllib.parse.quote(url, safe="/:?#[]@!$&'()*+,;=%~")
