"""Feeds a reader can read in a feed reader: a day's entry lists its papers as the day's page does
(most upvoted first, with upvotes, first authors and the abstract's first sentence), a tag feed's
entry carries its paper's abstract, and every feed is Atom that a validator would pass. Read with
feedparser, as a feed reader does, from the bundled archive's build and the hostile one's."""
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser

import feedparser
import pytest

from generator.feeds import PAPERS_IN_DAY_ENTRY
from test_publishing import published  # noqa: F401 (a fixture)

SITE_URL = "https://daily-papers-archive.github.io/"
ATOM = "{http://www.w3.org/2005/Atom}"
XML = "{http://www.w3.org/XML/1998/namespace}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")
LINE = re.compile(r"<br ?/?>")  # as the feed has it, or as feedparser gives it
CARD = re.compile(r'<h2 class="dpa-title"><a href="\.\./\.\./papers/([^/"]+)/">.*?<p class="dpa-meta">(.*?)</p>', re.S)
TAG = re.compile(r"<[^>]+>")


def feed_items(content: str) -> list[tuple[str, str, str, str]]:
    """A day entry's papers: (link, title, meta line or "", first sentence)."""
    items = []
    for link, title, rest in re.findall(r'<li><a href="([^"]+)">(.*?)</a>(.*?)</li>', content, re.S):
        lines = LINE.split(rest)[1:]
        assert 1 <= len(lines) <= 2, rest
        items.append((link, title, lines[0] if len(lines) == 2 else "", lines[-1]))
    return items


def text(html: str) -> str:
    return " ".join(unescape(TAG.sub("", html)).split())


def card_meta(html: str) -> list[str]:
    """A day page card's meta line, as the parts a feed repeats: its organisation and publication day
    are the paper page's to give."""
    return [text(part) for part in html.split(" · ")
            if part and not part.startswith('<a href="../../orgs/') and not part.startswith("published ")]


def paper_abstract(bundled, slug: str) -> str:
    """The abstract's HTML as the paper's page renders it."""
    page = (bundled.root / "site" / "papers" / slug / "index.html").read_text()
    found = re.search(r'<p class="dpa-abstract">(.*?)</p>', page, re.S)
    assert found, slug
    return found[1]


def day_entries(built) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """The archive feed's days, each as (day, its papers as feed_items gives them), checked against the
    built day page: the same papers in its order (the first PAPERS_IN_DAY_ENTRY, then a link to the page
    naming how many more), each with the upvotes and authors its card gives and the abstract's first
    sentence."""
    site = built.root / "site"
    feed = feedparser.parse((site / "feeds" / "archive.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    days = []
    for entry in feed.entries:
        day = entry.link.removeprefix(SITE_URL)
        cards = CARD.findall((site / day / "index.html").read_text())
        content = entry.content[0].value
        items = feed_items(content)
        assert len(items) == min(len(cards), PAPERS_IN_DAY_ENTRY) and len(cards) > 10, day
        assert [link for link, *_ in items] == [f"{SITE_URL}papers/{slug}/" for slug, _ in cards[:len(items)]], day
        more = len(cards) - len(items)
        assert (f'<a href="{entry.link}">{more} more papers on the day\'s page</a>' in content) == (more > 0), day
        for (link, title, meta, sentence), (slug, card) in zip(items, cards):
            assert text(title), link
            assert [text(part) for part in meta.split(" · ") if part] == card_meta(card), link
            abstract = paper_abstract(built, slug)
            sentence = text(sentence)
            assert re.search(r"[.!?…]$", sentence) and len(sentence) < 260, (link, sentence)
            if "dpa-math" not in abstract:  # else its math is typeset on the page, typed in the feed
                assert text(abstract).startswith(sentence.removesuffix("…")), (link, sentence)
        days.append((day, items))
    return days


def test_a_days_entry_lists_its_papers_as_the_days_page_does(bundled):
    days = day_entries(bundled)
    assert [day for day, _ in days][:2] == ["days/2025-12-09/", "days/2025-11-18/"]  # the newest day first
    newest = days[0][1]
    upvotes = [int(m[1]) if (m := re.match(r"(\d+) upvotes?", text(meta))) else 0 for _, _, meta, _ in newest]
    assert upvotes == sorted(upvotes, reverse=True) and upvotes[0] > upvotes[-1]  # most upvoted first
    assert "Verbalized Sampling: How to Mitigate Mode Collapse" in newest[0][1]
    assert any(re.fullmatch(r"\d+ upvotes · \d+ authors", text(meta)) for _, _, meta, _ in newest)
    assert max(len(items) for _, items in days) == PAPERS_IN_DAY_ENTRY  # 2025-03-10 lists more: a link says so


def test_a_days_entry_names_the_first_authors(published):
    """The bundled digests count authors; an API import names them, as the day's card does."""
    items = dict(day_entries(published))["days/2025-11-18/"]
    named = [text(meta) for _, _, meta, _ in items if "et al." in meta]
    assert named == ["12 upvotes · Pan Chen, Shaohong Chen et al."]  # the two names the API gives of its authors


def test_a_tag_feeds_entry_carries_the_papers_abstract_and_meta(bundled):
    """The abstract as the paper's page renders it (tex.html), under the card's upvotes and authors."""
    feed = feedparser.parse((bundled.root / "site/feeds/tags/in-context-learning.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) > 10
    metas = 0  # entries with a line of upvotes and authors above the abstract
    for entry in feed.entries:
        slug = entry.link.removeprefix(f"{SITE_URL}papers/").rstrip("/")
        content = entry.content[0].value
        abstract = paper_abstract(bundled, slug)
        assert unescape(f"<p>{abstract}</p>") in unescape(content), slug  # the same, feedparser's entities aside
        paragraphs = re.findall(r"<p>(.*?)</p>", content, re.S)
        assert 1 <= len(paragraphs) <= 2, slug
        if len(paragraphs) == 2:
            meta = r"\d+ upvotes?|<strong>Withdrawn</strong>|\d+ authors?$|[^·]+ et al\.$"
            assert re.match(meta, paragraphs[0]), slug
            metas += 1
    assert metas > 5


class ContentHtml(HTMLParser):
    """What an entry's HTML content holds that a validator or a feed reader would object to."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.unsafe: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "iframe", "object", "embed", "form"):
            self.unsafe.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append(name)
            if name in ("href", "src"):
                self.refs.append(value or "")


END_TAG = re.compile(r"</[A-Za-z][\w-]*\s*>")  # what W3C's validator takes for HTML in a text construct


class AnyMarkup(HTMLParser):
    """Whether HTML holds any markup at all (a tag, a comment, a declaration), or only text."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(tag)

    def handle_endtag(self, tag):
        self.found.append(f"/{tag}")

    def handle_comment(self, data):
        self.found.append("<!--")

    def handle_decl(self, decl):
        self.found.append("<!")


def markup(html: str) -> list[str]:
    parser = AnyMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.mark.parametrize("archive", ["bundled", "hostile"])
def test_every_feed_is_atom_a_validator_passes(archive, request):
    """What W3C's feed validator checks or warns on: well-formed Atom 1.0 in a declared language, each
    feed and entry with one id, title and updated (RFC 3339), an author, unique ids, every address
    absolute (no xml:base), no text construct holding what reads as an HTML end tag, the content escaped
    HTML with no script or relative links. An entry's title and summary (digest text, which may type a
    tag) are HTML that is text only: a typed tag reaches a reader as the text typed. The hostile
    archive's digest types tags in its titles and abstracts."""
    built = request.getfixturevalue(archive)
    feeds = sorted((built.root / "site" / "feeds").rglob("*.xml"))
    assert len(feeds) > (10 if archive == "bundled" else 2)
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0 and parsed.version == "atom10", (path.name, parsed.get("bozo_exception"))
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed" and not any("base" in name for name in root.attrib), path.name
        assert root.get(f"{XML}lang") == "en", path.name
        for name in ("id", "title", "updated", "author"):
            assert len(root.findall(f"{ATOM}{name}")) == 1, (path.name, name)
        for name in ("title", "subtitle"):  # the site's own words (tags.yaml), as text
            element = root.find(f"{ATOM}{name}")
            assert element.get("type", "text") == "text" and not END_TAG.search(element.text), (path.name, name)
        assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated")), path.name
        links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links["self"] == SITE_URL + path.relative_to(built.root / "site").as_posix()
        entries = root.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert entries and len(set(ids)) == len(ids), path.name
        for entry, id_ in zip(entries, ids):
            for name in ("id", "title", "updated", "summary", "content"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (path.name, id_, name)
            assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated")), (path.name, id_)
            assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate"]
            for name in ("title", "summary"):
                element = entry.find(f"{ATOM}{name}")
                assert element.get("type") == "html" and len(element) == 0, (path.name, id_, name)
                assert markup(element.text) == [], (path.name, id_, name, element.text)
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html" and len(content) == 0, (path.name, id_)  # escaped, no markup
            html = ContentHtml()
            html.feed(content.text)
            html.close()
            assert html.unsafe == [], (path.name, id_, html.unsafe)
            refs = html.refs + [id_] + [link.get("href") for link in entry.findall(f"{ATOM}link")]
            assert all(ref.startswith(("https://", "http://")) for ref in refs), (path.name, id_, refs)
        for link in root.iter(f"{ATOM}link"):
            assert link.get("href").startswith(SITE_URL), (path.name, link.get("href"))


def test_a_title_or_abstract_that_types_tags_reads_as_typed(hostile):
    """A feed reader (feedparser) shows the hostile digest's title and abstract as they were typed."""
    feed = feedparser.parse((hostile.root / "site/feeds/tags/computer-vision.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    [entry] = [e for e in feed.entries if "Image Tag" in e.title]
    assert entry.title_detail.type == entry.summary_detail.type == "text/html"
    assert unescape(entry.title) == "<img src=x onerror=alert(1)> Image Tag"
    assert unescape(entry.summary).startswith("An abstract with <style>body{display:none}</style> a style element")
