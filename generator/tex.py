r"""Abstracts as readers expect them: the TeX that arXiv abstracts carry decoded, inline math typeset.

text() gives plain reading text (meta descriptions, search snippets, feeds): TeX outside math
decoded, math and URLs as typed. html() gives the same text escaped, http(s) URLs as nofollow links,
and each math segment as <span class="dpa-math">\(TeX\)</span>, the TeX escaped: \( \) are
among KaTeX auto-render's default delimiters, but a page had best render each .dpa-math alone with
delimiters [{left: "\\(", right: "\\)", display: false}], so that a stray $$ or \[ elsewhere
is never typeset. has_math() says whether a page needs KaTeX. The stored digest keeps the original.

A small table-driven decoder rather than a library: pylatexenc 2.11 (latex2text) and latexcodec 3.0.1
both read the bare % of "50% accuracy" as a comment and drop the rest of the abstract, turn the ~ of
a URL into a space and --> into –>, latexcodec raises on a lone backslash, and both take 11-13 ms an
abstract (50,000 abstracts: ten minutes). This one leaves what it does not know as typed, and an
abstract with no TeX is returned as it is after a few substring tests. Its time is linear in the
abstract, whatever it holds: nothing looks ahead to the end of the text once per quote, $, \( or URL
(benchmarks/tex.py measures it on hostile input).
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from markupsafe import Markup, escape

# Anything text() might change; an abstract with none of these is returned as it is. (str.__contains__
# is memchr-fast; a regex alternation of the same is much slower.)
_TRIGGERS = ("\\", "$", "`", "~", "--", "''")

# Math and links, found before any TeX is decoded so that neither is touched by it. Both regexes are
# only tried at a backslash, a dollar or a "://": an alternation searched along the whole text is
# slow in Python's re.
_BARE_URL = re.compile(r"""(?i:https?)://(?:[^\s<>"{}\\`^|]|\\[_%&#~$])+""")
_SPECIAL = re.compile(
    r"""
    (?P<esc>\\[\\$])                                             # \\ or \$: never a delimiter
  | (?P<url>\\url\{(?P<url_arg>[^{}\s]*)\})
  | (?P<href>\\href\{(?P<href_url>[^{}\s]*)\}\{(?P<href_label>(?:[^{}]|\{[^{}]*\})*)\})
  | \\\((?P<inline>.+?)\\\)
  | \\\[(?P<display>.+?)\\\]
  | \$\$(?P<dollars>[^$]+?)\$\$
  | (?P<dollar>\$)
    """,
    re.X,
)
# The body of a $…$ candidate: up to the next dollar that is not escaped.
_DOLLAR_BODY = re.compile(r"(?:[^$\\]|\\.)+")
_URL_ESCAPE = re.compile(r"\\([_%&#~$])")  # "\_" in a URL is the author's escape, not part of it
_URL_TRAIL = ".,;:!?)]'\""  # sentence punctuation after a URL is not part of it
_URL_HOST = re.compile(r"(?i)https?://[\w\[]")
# What must follow "://" for _URL_HOST to hold once the URL is unescaped ("\_" is "_"): tested before
# _BARE_URL, so that a run of "http://." is not matched to its end once for each of them.
_HOST_START = re.compile(r"[\w\[]|\\_")

# The TeX outside math; one pass, so nothing it produces is decoded again. Tried only where
# _TEX_START finds a character that can begin one of its alternatives.
_TEX_START = re.compile(r"[{\\`'\"<~-]")
_ACCENT_BASE = r"(?:[A-Za-z]|\\[ij](?![A-Za-z]))"
_TEX = re.compile(
    r"""
    (?P<decl>\{\\(?P<decl_name>em|it|bf|sc|tt|rm|sf|sl|up|md|itshape|bfseries|scshape|ttfamily
        |upshape|slshape|normalfont)(?![A-Za-z])\s*(?P<decl_body>(?:[^{}]|\{[^{}]*\})*)\})
  | (?P<arg>\\(?:emph|textit|textbf|texttt|textsc|textrm|textsf|textsl|textup|textmd|textnormal
        |underline|mbox|hbox|text)\s*\{(?P<arg_body>(?:[^{}]|\{[^{}]*\})*)\})
  | (?P<accent>(?P<acc_open>\{)?\\(?P<acc>['`^"~=.])
        (?P<acc_base>"""
    + _ACCENT_BASE
    + r"""|\{\s*"""
    + _ACCENT_BASE
    + r"""\s*\})(?(acc_open)\})
    )
  | (?P<lacc>(?P<lacc_open>\{)?\\(?P<lacc_name>[cvuHkrdb])
        (?:\s+(?P<lacc_b1>[A-Za-z])|\s*\{\s*(?P<lacc_b2>"""
    + _ACCENT_BASE
    + r""")\s*\})(?(lacc_open)\})
    )
  | (?P<accent_alone>\\(?P<acc_char>[~^'`"])\{\})
  | (?P<braced>\{\\(?P<braced_name>[A-Za-z]+)\s*\})
  | (?P<word>\\(?P<word_name>[A-Za-z]+)(?:\{\}|(?P<word_space>[ ]))?)
  | (?P<sym>\\(?P<sym_char>[^A-Za-z]))
  | (?P<quote>``|''|`|'|")
  | (?P<asis><!--|<-+>?|-+>|-{4,})                            # arrows, rules and HTML comments stay as typed
  | (?P<dash>---|--)
  | (?P<tie>~)
    """,
    re.X,
)

_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
# Letters: like TeX, a space after them is gobbled ("Stra\ss e" is "Straße").
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}
# Words and symbols: the space after them is kept, as a reader of "\ldots and" expects.
_WORDS = {
    "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textasciitilde": "~", "textasciicircum": "^", "textbackslash": "\\", "textbar": "|",
    "textless": "<", "textgreater": ">", "textbullet": "•", "textdegree": "°", "S": "§", "P": "¶",
    "dag": "†", "ddag": "‡", "pounds": "£", "euro": "€", "copyright": "©", "textregistered": "®",
    "texttrademark": "™", "LaTeX": "LaTeX", "TeX": "TeX",
    # the macros of CVPR-style papers, often left in their abstracts
    "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t.", "etc": "etc.", "vs": "vs.",
    "cf": "cf.",
    # symbols written outside math
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "infty": "∞", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔", "ell": "ℓ", "partial": "∂",
    "nabla": "∇", "in": "∈", "circ": "∘", "degree": "°",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ",
    "Psi": "Ψ", "Omega": "Ω",
}
_SYMBOLS = {
    "%": "%", "&": "&", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " ",
    ",": "\u202f", "\\": " ", "-": "", "/": "", "@": "", "!": "",
}
_TIE_AFTER = ".,;:)}]$"  # "Fig.~3", "$n$~layers" are ties; "(~6 minutes)" and " ~3%" mean "about"
_OPENING_BEFORE = " ([{-–—/\u00a0"  # where '' opens a quotation rather than closes one


class _Segment(NamedTuple):
    kind: str  # "text", "math", "link", "href", "literal"
    start: int  # span in the abstract: text, raw math, or an \href's label
    end: int
    value: str  # the TeX of math, the URL of a link, the text of a literal


def _segments(s: str) -> list[_Segment]:
    """The abstract cut into text to decode, math, links and literal text, in order."""
    out: list[_Segment] = []
    pos = 0  # start of the text not yet cut off
    scan = 0  # where to look for the next delimiter
    n = len(s)
    starts = []  # where a segment may start: str.find is memchr-fast, a regex search is not
    for needle in ("\\", "$", "://"):
        i = s.find(needle)
        while i >= 0:
            starts.append(i)
            i = s.find(needle, i + 1)
    starts.sort()
    # A \( or \[ opens math only if its \) or \] comes before the line ends (the regex's "." stops
    # at a line break). Where each next one is, found once and kept while still ahead: so that a
    # line of unclosed \( is not scanned to its end once for each of them.
    closer = {"(": "\\)", "[": "\\]"}
    next_close = {"(": -1, "[": -1}
    next_break = -1
    for i in starts:
        if i < scan:
            continue
        opener = s[i + 1 : i + 2] if s[i] == "\\" else ""
        if opener in closer:
            if next_close[opener] != n and next_close[opener] < i + 3:  # its body has a character at least
                found = s.find(closer[opener], i + 3)
                next_close[opener] = n if found < 0 else found
            if next_break != n and next_break < i + 2:
                found = s.find("\n", i + 2)
                next_break = n if found < 0 else found
            if next_close[opener] == n or next_break < next_close[opener]:
                continue
        m: re.Match[str] | None
        if s[i] == ":":
            scheme = 5 if s[i - 5 : i].lower() == "https" else 4 if s[i - 4 : i].lower() == "http" else 0
            j = i - scheme
            m = None
            # the scheme starts a word: "xhttps://" is no link
            if scheme and j >= pos and not (j and s[j - 1].isascii() and s[j - 1].isalnum()) \
                    and _HOST_START.match(s, i + 3):
                m = _BARE_URL.match(s, j)
        else:
            m = _SPECIAL.match(s, i)
        if m is None:
            continue
        kind = "bare" if m.re is _BARE_URL else m.lastgroup
        start, end = m.start(), m.end()
        if kind == "esc":
            scan = end  # its second character starts nothing
            continue
        if kind == "url":
            arg = _URL_ESCAPE.sub(r"\1", m.group("url_arg"))
            piece = _Segment("link", -1, -1, arg) if _URL_HOST.match(arg) else _Segment("literal", -1, -1, arg)
        elif kind == "href":
            url = _URL_ESCAPE.sub(r"\1", m.group("href_url"))
            lstart, lend = m.start("href_label"), m.end("href_label")
            piece = _Segment("href" if _URL_HOST.match(url) else "text", lstart, lend, url)
        elif kind == "bare":
            raw = m.group()
            cut = len(raw)
            # brackets in raw[:cut], counted once and kept as the cut moves back
            opened = {")": raw.count("("), "]": raw.count("[")}
            closed = {")": raw.count(")"), "]": raw.count("]")}
            while cut and raw[cut - 1] in _URL_TRAIL:
                c = raw[cut - 1]
                if c in closed:
                    # a closing bracket the URL opened is part of it: …/wiki/Set_(mathematics)
                    if opened[c] >= closed[c]:
                        break
                    closed[c] -= 1
                cut -= 1
            url = _URL_ESCAPE.sub(r"\1", raw[:cut]) if "\\" in raw else raw[:cut]
            if not _URL_HOST.match(url):
                continue
            end = start + cut
            piece = _Segment("link", -1, -1, url)
        elif kind == "dollar":
            # pandoc's rule: "$" then no space; the next unescaped "$" has no space before it and
            # no digit after it; so "$5 and $10" is money, "$x^2$" is math.
            body = _DOLLAR_BODY.match(s, start + 1)
            close = body.end() if body else -1
            if (
                body is None
                or close >= n
                or s[close] != "$"
                or s[start + 1].isspace()
                or s[close - 1].isspace()
                or (close + 1 < n and s[close + 1].isdigit())
                or "\\)" in body.group()
            ):
                continue
            end = close + 1
            piece = _Segment("math", start, end, body.group())
        else:  # \(…\), \[…\], $$…$$
            tex = m.group(kind or 0)
            if not tex.strip() or "\\)" in tex:
                continue
            piece = _Segment("math", start, end, tex)
        if start > pos:
            out.append(_Segment("text", pos, start, ""))
        out.append(piece)
        pos = scan = end
    if pos < n:
        out.append(_Segment("text", pos, n, ""))
    return out


class _Decoder:
    """Decodes spans of one abstract into `out`; quotes may open in one span and close in another."""

    def __init__(self, s: str, html: bool) -> None:
        self.s = s
        self.html = html
        self.out: list[str] = []
        self.double_open = False  # inside ``…
        self.single_open = False  # inside `…
        self.straight_at = -1  # index in out of a " that a later '' may close
        # Where the last quote of each kind is, so that "is a closing quote still to come" is one
        # comparison, not a search of the rest of the text at every opening quote.
        self.last_single = s.rfind("'")
        self.last_straight = s.rfind('"')

    def emit(self, piece: str) -> None:
        self.out.append(str(escape(piece)) if self.html else piece)

    def span(self, start: int, end: int) -> None:
        s = self.s
        last = scan = start
        while True:
            c = _TEX_START.search(s, scan, end)
            if c is None:
                break
            i = c.start()
            after = s[i + 1 : i + 2]
            # most hyphens and apostrophes are just that: skip them without trying _TEX
            if (s[i] == "-" and after != "-" and after != ">") or (
                s[i] == "'" and after != "'" and not self.single_open
            ):
                scan = i + 1
                continue
            m = _TEX.match(s, i, end)
            if m is None:
                scan = c.start() + 1
                continue
            if m.start() > last:
                self.emit(s[last : m.start()])
            self.match(m)
            last = scan = m.end()
        if last < end:
            self.emit(s[last:end])

    def match(self, m: re.Match[str]) -> None:
        kind = m.lastgroup
        s = self.s
        if kind == "decl" or kind == "arg":
            self.span(m.start(kind + "_body"), m.end(kind + "_body"))
        elif kind == "accent":
            self.emit(_accented(m.group("acc_base"), m.group("acc")))
        elif kind == "lacc":
            self.emit(_accented(m.group("lacc_b1") or m.group("lacc_b2"), m.group("lacc_name")))
        elif kind == "accent_alone":
            self.emit(m.group("acc_char"))
        elif kind == "braced":
            name = m.group("braced_name")
            self.emit(_LETTERS.get(name) or _WORDS.get(name) or m.group())
        elif kind == "word":
            name = m.group("word_name")
            if name in _LETTERS:
                self.emit(_LETTERS[name])
            elif name in _WORDS:
                word = _WORDS[name]
                if word.endswith(".") and s.startswith(".", m.end()):
                    word = word[:-1]  # "\etal." is "et al.", not "et al.."
                self.emit(word + (m.group("word_space") or ""))
            else:
                self.emit(m.group())  # a macro of the paper's own: shown as typed
        elif kind == "sym":
            self.emit(_SYMBOLS.get(m.group("sym_char"), m.group()))
        elif kind == "quote":
            self.quote(m)
        elif kind == "asis":
            self.emit(m.group())
        elif kind == "dash":
            self.emit("—" if m.group() == "---" else "–")
        else:  # tie
            before = s[m.start() - 1] if m.start() else " "
            after = s[m.end()] if m.end() < len(s) else " "
            tie = (before.isalnum() or before in _TIE_AFTER) and not after.isspace()
            self.emit("\u00a0" if tie else "~")

    def quote(self, m: re.Match[str]) -> None:
        q = m.group()
        s = self.s
        # An opening quote only where a closing one follows: `code` in Markdown style stays as typed.
        if q == "``" and (self.last_single >= m.end() or self.last_straight >= m.end()):
            self.emit("“")
            self.double_open = True
        elif q == "`" and self.last_single >= m.end():
            self.emit("‘")
            self.single_open = True
        elif q in ("``", "`"):
            self.emit(q)
        elif q == "''":
            before = s[m.start() - 1] if m.start() else " "
            after = s[m.end()] if m.end() < len(s) else " "
            if self.double_open:
                self.emit("”")
                self.double_open = False
            elif self.straight_at >= 0:  # "unlearn'': a straight quote closed the TeX way
                self.out[self.straight_at] = "“"
                self.emit("”")
                self.straight_at = -1
            elif before in _OPENING_BEFORE and not after.isspace():  # ''informative''
                self.emit("“")
                self.double_open = True
            else:
                self.emit("”")
        elif q == "'":
            before = s[m.start() - 1] if m.start() else " "
            after = s[m.end()] if m.end() < len(s) else " "
            # only the quote that closes a `…; the apostrophe of "model's" stays as typed
            if self.single_open and not (before.isalpha() and after.isalpha()):
                self.emit("’")
                self.single_open = False
            else:
                self.emit("'")
        elif self.double_open:  # ``…" closed with a straight quote
            self.emit("”")
            self.double_open = False
        else:
            self.straight_at = -1 if self.straight_at >= 0 else len(self.out)
            self.emit('"')


def _accented(base: str, accent: str) -> str:
    base = base.strip("{} ")
    if base.startswith("\\"):
        base = base[1:]  # \i and \j are dotless so that the accent replaces the dot
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


def _render(s: str, html: bool) -> str:
    dec = _Decoder(s, html)
    plain = not any(t in s for t in _TRIGGERS)  # only links to make: no TeX to look for
    for seg in _segments(s):
        if seg.kind == "text":
            if plain:
                dec.emit(s[seg.start : seg.end])
            else:
                dec.span(seg.start, seg.end)
        elif seg.kind == "math":
            if html:
                dec.out.append(f'<span class="dpa-math">\\({escape(seg.value)}\\)</span>')
            else:
                dec.out.append(s[seg.start : seg.end])
        elif seg.kind == "literal":
            dec.emit(seg.value)
        else:  # link, href
            if html:
                dec.out.append(f'<a href="{escape(seg.value)}" rel="nofollow noopener">')
            if seg.kind == "href":
                dec.span(seg.start, seg.end)
            else:
                dec.emit(seg.value)
            if html:
                dec.out.append("</a>")
    return "".join(dec.out)


def text(abstract: str) -> str:
    """Plain reading text: TeX outside math decoded, math ($…$, \\(…\\)) and URLs kept as typed."""
    if not any(t in abstract for t in _TRIGGERS):
        return abstract
    return _render(abstract, html=False)


def html(abstract: str) -> Markup:
    """text() escaped, http(s) URLs as nofollow links, math as <span class="dpa-math">\\(…\\)</span>."""
    if "://" not in abstract and not any(t in abstract for t in _TRIGGERS):
        return escape(abstract)
    return Markup(_render(abstract, html=True))


def has_math(abstract: str) -> bool:
    """Whether html() typesets any math, so the page must load KaTeX."""
    if "$" not in abstract and "\\(" not in abstract and "\\[" not in abstract:
        return False
    return any(seg.kind == "math" for seg in _segments(abstract))
