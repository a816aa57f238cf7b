"""Abstracts read well: arXiv's TeX shows as readers expect, math is typeset, URLs are safe links."""
from __future__ import annotations

import html
import random
import re
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from generator import tex
from conftest import load_yaml

DIGESTS = Path(__file__).resolve().parent.parent / "digests"
NBSP = "\u00a0"


def bundled_abstracts() -> list[str]:
    abstracts = []
    for path in sorted(DIGESTS.glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):  # slugs.yaml is not a digest
            abstracts += [p["abstract"] for p in data.get("papers") or [] if p.get("abstract")]
    return abstracts


ABSTRACTS = bundled_abstracts()
TEX_HINTS = ("\\", "$", "`", "~", "--", "''")


# --- text(): what a meta description, a search snippet or a feed shows -------------------------

TEXT_CASES = [
    # escaped characters, and the bare ones that are no TeX at all
    ("accuracy of 95\\% (up from 50%)", "accuracy of 95% (up from 50%)"),
    ("Q\\&As and R\\&D", "Q&As and R&D"),
    ("the \\_ in snake\\_case, issue \\#3, costs \\$5", "the _ in snake_case, issue #3, costs $5"),
    ("a set \\{a, b\\}", "a set {a, b}"),
    # quotes
    ("``space neurons'' and ``time neurons''", "“space neurons” and “time neurons”"),
    ("generalisation `regimes' in which", "generalisation ‘regimes’ in which"),
    ("the model's output and the models' outputs", "the model's output and the models' outputs"),
    ("say ``I don't know'').", "say “I don't know”)."),
    ("`mixed heads' -- which are a model's", "‘mixed heads’ – which are a model's"),
    ("a mild ''informative'' condition", "a mild “informative” condition"),
    ('between ``An astronaut rides a horse" and', "between “An astronaut rides a horse” and"),
    ("(or \"unlearn'') a skill", "(or “unlearn”) a skill"),
    ('the "blackboard" stays straight', 'the "blackboard" stays straight'),
    # dashes
    ("pages 3--5 and a framework--paired", "pages 3–5 and a framework–paired"),
    ("information ---the blackboard--- and", "information —the blackboard— and"),
    ("an aside -- like this -- here", "an aside – like this – here"),
    ("a --> b, b <-- a, a <--> b, a rule ----", "a --> b, b <-- a, a <--> b, a rule ----"),
    ("a well-known single hyphen", "a well-known single hyphen"),
    # ~ is a tie in TeX, but "~6" after a space or a bracket means "about"
    ("as in Fig.~3 and Section~2", f"as in Fig.{NBSP}3 and Section{NBSP}2"),
    ("fast tuning (~6 minutes), by ~3%", "fast tuning (~6 minutes), by ~3%"),
    ("lower density (~20%-30%)", "lower density (~20%-30%)"),
    ("\\~{} is a tilde", "~ is a tilde"),
    # accents and letters
    ("Erd\\H{o}s and Schr\\\"odinger", "Erdős and Schrödinger"),
    ("na\\\"{\\i}ve and na\\\"ive", "naïve and naïve"),
    ("caf\\'e, caf\\'{e}, caf{\\'e}, caf{\\'{e}}", "café, café, café, café"),
    ("\\`a la, h\\^otel, Espa\\~na, Fran\\c{c}ais, Fran\\c cais", "à la, hôtel, España, Français, Français"),
    ("\\v{S}koda, \\u{a}, \\={o}, \\.{z}, \\k{a}, \\r{u}", "Škoda, ă, ō, ż, ą, ů"),
    ("Stra\\ss e, \\o{}ystein, \\AA{}ngstr\\\"om, \\l{}\\'od\\'z", "Straße, øystein, Ångström, łódź"),
    # formatting commands keep their text
    ("certain {\\em reconstruction-based} tasks", "certain reconstruction-based tasks"),
    ("\\emph{this}, \\textit{that}, \\textbf{bold}, {\\bf old} and \\texttt{code}",
     "this, that, bold, old and code"),
    ("\\emph{nested \\textbf{twice}} and \\emph{caf\\'e}", "nested twice and café"),
    ("based on \\textit{how and where internal computation", "based on \\textit{how and where internal computation"),
    # words and symbols
    ("and so on\\ldots{} and \\dots more", "and so on… and … more"),
    ("the temperature {\\tau} controls", "the temperature τ controls"),
    ("(\\eg, SAM), \\ie, Smith \\etal. showed", "(e.g., SAM), i.e., Smith et al. showed"),
    ("10\\,000 samples", "10\u202f000 samples"),
    # \url{} and \href{} keep what a reader needs
    ("code at \\url{https://github.com/a/b_c}.", "code at https://github.com/a/b_c."),
    ("see \\href{https://example.org}{our site}", "see our site"),
    # math is kept as typed, TeX and all
    ("with $O(n^{2})$ cost -- and $\\alpha$~5", f"with $O(n^{{2}})$ cost – and $\\alpha${NBSP}5"),
    ("metrics \\(\\scoreGamma\\) and \\(\\scoreDelta\\)'s", "metrics \\(\\scoreGamma\\) and \\(\\scoreDelta\\)'s"),
    ("$a--b$ and $x~y$", "$a--b$ and $x~y$"),
    # URLs are kept as typed: no dash, no tie in them
    ("code: https://x.org/~user/a--b_c.", "code: https://x.org/~user/a--b_c."),
    ("code: https://github.com/a\\_b.", "code: https://github.com/a_b."),
    # what the decoder does not know stays as typed
    ("a \\foo{bar} macro and \\cite{x}", "a \\foo{bar} macro and \\cite{x}"),
    ("a lone backslash at the end \\", "a lone backslash at the end \\"),
    ("{BERT} keeps its braces, { and } too", "{BERT} keeps its braces, { and } too"),
]


@pytest.mark.parametrize(("abstract", "expected"), TEXT_CASES)
def test_text_reads_as_expected(abstract, expected):
    assert tex.text(abstract) == expected


@pytest.mark.parametrize(
    "plain",
    [
        "An abstract with no TeX at all: 50% of the model's outputs, e.g. x-y, and a URL https://x.org.",
        "It costs $5 and $10, and 20% more.",
        "",
    ],
)
def test_plain_text_comes_back_as_it_is(plain):
    assert tex.text(plain) == plain


# --- html(): what a paper page shows --------------------------------------------------------------


def test_html_is_markup_and_escapes_everything_it_did_not_make():
    out = tex.html('<script>alert("x")</script> & <b>bold</b> \'q\'')
    assert isinstance(out, Markup)
    assert "<script" not in out and "<b>" not in out
    assert out == escape('<script>alert("x")</script> & <b>bold</b> \'q\'')


def test_html_escapes_what_tex_decoding_produces():
    assert tex.html("R\\&D \\textless{}tag\\textgreater{}") == "R&amp;D &lt;tag&gt;"
    assert tex.html("``<SEG> as prompt''") == "“&lt;SEG&gt; as prompt”"


def test_http_and_https_urls_are_links():
    out = tex.html("Code: https://github.com/yue-zhongqi/diti. Data at http://x.org/d")
    assert out == (
        'Code: <a href="https://github.com/yue-zhongqi/diti" rel="nofollow noopener">'
        "https://github.com/yue-zhongqi/diti</a>. Data at "
        '<a href="http://x.org/d" rel="nofollow noopener">http://x.org/d</a>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(1)",
        "see javascript://alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "\\url{javascript:alert(1)}",
        "\\href{javascript:alert(1)}{click}",
        "ftp://x.org/file",
        "xhttps://x.org",
        "https://",
        "https://.",
    ],
)
def test_no_other_scheme_becomes_a_link(hostile):
    assert "<a " not in tex.html(hostile)


@pytest.mark.parametrize(
    ("abstract", "href"),
    [
        ("at https://x.org/a.", "https://x.org/a"),
        ("at https://x.org/a, and", "https://x.org/a"),
        ("(see https://x.org/a)", "https://x.org/a"),
        ("(see https://x.org/a).", "https://x.org/a"),
        ("at https://x.org/a!?;:", "https://x.org/a"),
        ("``https://x.org/a''", "https://x.org/a"),
        ('"https://x.org/a"', "https://x.org/a"),
        ("[https://x.org/a]", "https://x.org/a"),
        ("https://en.wikipedia.org/wiki/Set_(mathematics).", "https://en.wikipedia.org/wiki/Set_(mathematics)"),
        ("(https://en.wikipedia.org/wiki/Set_(mathematics))", "https://en.wikipedia.org/wiki/Set_(mathematics)"),
        ("https://x.org/~user/a_b--c?q=1&r=2#frag", "https://x.org/~user/a_b--c?q=1&amp;r=2#frag"),
        ("\\url{https://x.org/a_b}", "https://x.org/a_b"),
        ("https://github.com/a\\_b\\%20c", "https://github.com/a_b%20c"),
        ("HTTPS://X.ORG/A", "HTTPS://X.ORG/A"),
    ],
)
def test_trailing_punctuation_is_not_part_of_a_link(abstract, href):
    links = re.findall(r'<a href="([^"]*)" rel="nofollow noopener">([^<]*)</a>', tex.html(abstract))
    assert links == [(href, href)]


def test_the_text_around_a_link_is_still_decoded():
    assert tex.html("code (https://x.org/a) -- see ``it''") == (
        'code (<a href="https://x.org/a" rel="nofollow noopener">https://x.org/a</a>) – see “it”'
    )


def test_a_link_cannot_break_out_of_its_attribute():
    out = tex.html("https://x.org/a'onmouseover='alert(1)")
    assert "'" not in out.split(">")[0]
    out = tex.html('https://x.org/"><script>alert(1)</script>')
    assert "<script" not in out


def test_href_label_is_the_link_text():
    assert tex.html("\\href{https://x.org}{our \\emph{site}}") == (
        '<a href="https://x.org" rel="nofollow noopener">our site</a>'
    )


# --- math: typeset by KaTeX, only where it really is math ----------------------------------------


def math_spans(out: str) -> list[str]:
    return re.findall(r'<span class="dpa-math">\\\((.*?)\\\)</span>', out)


def test_inline_math_is_kept_escaped_for_katex():
    out = tex.html("if $a<b$ and $x^2 & y$ then \\(\\alpha\\)")
    assert math_spans(out) == ["a&lt;b", "x^2 &amp; y", "\\alpha"]
    assert tex.has_math("if $a<b$ then")


def test_math_is_not_decoded_as_text():
    assert math_spans(tex.html("$a--b~c `` \\% \\'e$")) == ["a--b~c `` \\% \\&#39;e"]


@pytest.mark.parametrize(
    "money",
    [
        "It costs $5 and $10.",
        "between $5-$10 a day",
        "US$20,000 and US$30,000",
        "a $ sign alone, and one at the end $",
        "$ x$ has a space after the opening dollar",
        "$x $ has a space before the closing dollar",
        "escaped \\$x\\$ dollars",
        "$$",
        "$$$$",
        "\\( \\)",
        "\\(unclosed",
    ],
)
def test_dollars_that_are_not_math(money):
    assert not tex.has_math(money)
    assert "dpa-math" not in tex.html(money)


def test_escaped_dollar_is_a_dollar():
    assert tex.text("a \\$5 fee") == "a $5 fee"
    assert tex.html("a \\$5 fee and $x$") == 'a $5 fee and <span class="dpa-math">\\(x\\)</span>'


def test_money_before_math_does_not_swallow_it():
    assert math_spans(tex.html("it costs $5, or $x$ per unit")) == ["x"]


def test_display_math_is_typeset_inline():
    assert math_spans(tex.html("so $$E=mc^2$$ and \\[a+b\\]")) == ["E=mc^2", "a+b"]


def test_has_math_is_what_html_emits():
    for abstract in ["plain", "$x$", "$5 and $10", "\\(x\\)", "\\(", "$$x$$", *ABSTRACTS]:
        assert tex.has_math(abstract) == ("dpa-math" in tex.html(abstract))


# --- hostile input never raises, never makes markup -------------------------------------------------

HOSTILE = [
    "{unbalanced brace",
    "unbalanced} brace",
    "\\emph{unclosed",
    "{\\em unclosed",
    "\\'",
    "\\",
    "$",
    "text $",
    "\\$",
    "\\\\",
    "\\(",
    "\\)",
    "\\url{",
    "\\href{https://x.org}{",
    "``",
    "''",
    "`",
    "'",
    '"',
    "~",
    "--",
    "\\c",
    "\\\"{\\i",
    "$\\$",
    "https://",
    "\\(\\)",
    "$$\\(x$$",
    "<script>alert(1)</script> & <b>bold</b>",
    "\\emph{<img src=x onerror=alert(1)>}",
    "\\href{javascript:alert(1)}{a link}",
]


def shows_as_text(abstract):
    """What a reader sees of an abstract on its page: no markup but our links and math spans, and
    (without math) the very text a meta description or a search snippet shows."""
    page = str(tex.html(abstract))
    ours = re.sub(r'<a href="https?://[^"<>]*" rel="nofollow noopener">|</a>|<span class="dpa-math">|</span>',
                  "", page)
    assert "<" not in ours and ">" not in ours, abstract
    assert tex.has_math(abstract) == ("dpa-math" in page)
    if not tex.has_math(abstract):
        assert html.unescape(re.sub(r"<[^>]+>", "", page)) == tex.text(abstract), abstract


@pytest.mark.parametrize("abstract", HOSTILE)
def test_hostile_input_shows_as_text(abstract):
    shows_as_text(abstract)


def test_random_tex_soup_never_raises_nor_makes_markup():
    rng = random.Random(20251209)
    pieces = ["\\", "$", "{", "}", "`", "'", '"', "~", "-", "<", ">", "&", "%", "(", ")", "[", "]",
              "\\(", "\\)", "$$", "https://", "http://x.org/", "javascript:", "\\url{", "\\href{",
              "\\emph{", "{\\em ", "\\'", '\\"', "\\c", "\\ss", "a", "b", " ", ".", "0", "\\i", "\\%"]
    for _ in range(3000):
        shows_as_text("".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))))


# --- the bundled digests --------------------------------------------------------------------------


def test_the_bundled_digests_have_abstracts():
    assert len(ABSTRACTS) > 400


def test_every_bundled_abstract_renders():
    for abstract in ABSTRACTS:
        assert isinstance(tex.text(abstract), str)
        assert isinstance(tex.html(abstract), Markup)


def test_bundled_abstracts_without_tex_come_back_unchanged():
    plain = [a for a in ABSTRACTS if not any(h in a for h in TEX_HINTS)]
    assert len(plain) > 300
    for abstract in plain:
        assert tex.text(abstract) == abstract
        if "://" not in abstract:
            assert tex.html(abstract) == escape(abstract)


def test_no_tex_is_left_in_the_bundled_abstracts_outside_math():
    leftovers = re.compile(r"\\[%&_#$]|``|''|\s--\s|---|\{\\|\\\"|\\emph|\\textit")
    for abstract in ABSTRACTS:
        shown = tex.text(abstract)
        outside = re.sub(r"\\\(.*?\\\)", "", shown)
        assert not leftovers.search(outside), (abstract, shown)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("individual ``space neurons'' and ``time neurons''", "individual “space neurons” and “time neurons”"),
        ('(e.g., ``Finding the first noun in a sentence.")', "(e.g., “Finding the first noun in a sentence.”)"),
        ("generalisation `regimes' in which", "generalisation ‘regimes’ in which"),
        ("certain {\\em reconstruction-based} pretext tasks", "certain reconstruction-based pretext tasks"),
        ('an apparently na\\"{\\i}ve ensembling technique', "an apparently naïve ensembling technique"),
        ("the temperature {\\tau} controls", "the temperature τ controls"),
        ("their (95\\%) confidence intervals", "their (95%) confidence intervals"),
        ("ten Q\\&As of SNNs", "ten Q&As of SNNs"),
        ("teach them to say ``I don't know'')", "teach them to say “I don't know”)"),
        ("under a mild ''informative'' condition", "under a mild “informative” condition"),
        ("forget (or \"unlearn'') a skill", "forget (or “unlearn”) a skill"),
        ("broadcasting of information ---the \"blackboard\"", 'broadcasting of information —the "blackboard"'),
        ("a framework--paired with significance tests--for", "a framework–paired with significance tests–for"),
        ("As illustrated in Fig.~reffig:case (a)", f"As illustrated in Fig.{NBSP}reffig:case (a)"),
        ("enabling fast tuning (~6 minutes)", "enabling fast tuning (~6 minutes)"),
        ("baseline by ~3% and", "baseline by ~3% and"),
        ("without explicit spatial cues (\\eg, coordinates)", "without explicit spatial cues (e.g., coordinates)"),
        ("by 50-95\\% while preserving the model's ability", "by 50-95% while preserving the model's ability"),
        ("based on \\textit{how and where internal", "based on \\textit{how and where internal"),
    ],
)
def test_real_tex_in_the_bundled_digests_reads_well(typed, shown):
    assert any(typed in a for a in ABSTRACTS), "the bundled digests no longer have this TeX"
    assert shown in tex.text(typed)


def test_real_math_in_the_bundled_digests_is_typeset():
    with_math = [a for a in ABSTRACTS if tex.has_math(a)]
    assert with_math, "the bundled digests no longer have math"
    for abstract in with_math:
        spans = math_spans(tex.html(abstract))
        assert spans and all(s.startswith("\\") or s[0].isalnum() for s in spans)
    assert any("\\scoreDelta" in math_spans(tex.html(a)) for a in with_math)


def test_real_urls_in_the_bundled_digests_are_links():
    for abstract in ABSTRACTS:
        out = tex.html(abstract)
        for href, label in re.findall(r'<a href="([^"]*)" rel="nofollow noopener">([^<]*)</a>', out):
            assert href == label
            assert re.match(r"https?://\w", href)
            assert not href.endswith((".", ",", ")", ";", ":"))
        if "https://" in abstract or "http://" in abstract:
            assert "<a href=" in out, abstract
