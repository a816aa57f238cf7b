"""Hugging Face's signals kept from the API's listing (comments, submitter, GitHub stars, thumbnail, the
listing's TeX title), and what a reader sees of them on the built site."""
import copy
import json
import re
from html import unescape

import feedparser
import pytest

from conftest import built_once, FIXTURES, load_yaml
from html_page import read_page
from test_accessibility import SERIOUS, STILL, report
from test_search import AXE

DAY = "2025-11-18"
THUMBNAIL = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.05577.png"
TEX_TITLE = "LLM$\\times$MapReduce: Simplified Long-Sequence Processing using Large Language Models"
TEX_SLUG = "llm-times-mapreduce-simplified-long-sequence-processing-using-large-language"
HOSTILE_TITLE = '<script>alert(1)</script> & $x<y$ "quoted"'
# An item as the API gives it: the listing's title keeps the TeX that the paper's strips.
TEX = {
    "paper": {"id": "2410.05577", "authors": [{"_id": "a1", "name": "Zihan Zhou", "hidden": False}],
              "publishedAt": "2024-10-07T12:00:00.000Z", "title": "LLMtimesMapReduce: Simplified Long-Sequence "
              "Processing using Large Language Models", "summary": "Enlarging the context window of LLMs.",
              "upvotes": 60, "githubRepo": "https://github.com/thunlp/LLMxMapReduce", "githubStars": 1234},
    "publishedAt": f"{DAY}T10:00:00.000Z", "title": TEX_TITLE, "thumbnail": THUMBNAIL, "numComments": 1,
    "submittedBy": {"_id": "u1", "fullname": "AK", "name": "akhaliq", "type": "user", "isPro": False},
}
# Bad data of every new kind: each value is left out with a note, the paper kept.
HOSTILE = {
    "paper": {"id": "2410.00002", "title": "Hostile", "summary": "Its abstract.", "githubStars": -5,
              "githubRepo": "https://github.com/a/b\nc", "ai_keywords": [""]},
    "title": HOSTILE_TITLE, "thumbnail": "data:image/png;base64,iVBORw0KGgo=", "numComments": "2",
    "submittedBy": {"name": 'x" onmouseover="alert(1)'},
}


def listing(tmp_path, *items, day=DAY, folder="in"):
    path = tmp_path / folder / f"{day}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(list(items)))
    return path


def stored(project, day=DAY):
    return {p["arxiv_id"]: p for p in load_yaml((project.digests / f"{day}.yaml").read_text())["papers"]}


def meta(html: str) -> dict[str, str]:
    return {m[0]: unescape(m[1]) for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)}


def test_the_listing_keeps_hugging_faces_signals_and_refuses_bad_ones(project, tmp_path):
    fixture = json.loads((FIXTURES / "api" / f"{DAY}.json").read_text())
    out = project.ok("import", str(listing(tmp_path, *fixture, TEX, HOSTILE)))
    papers = stored(project)
    tex = papers["2410.05577"]
    assert tex["title"] == TEX_TITLE  # the listing's, not the paper's stripped one
    assert (tex["comments"], tex["submitted_by"], tex["github_stars"], tex["thumbnail"]) == (1, "akhaliq", 1234, THUMBNAIL)
    assert papers["2511.00001"]["title"] == "A Paper Only The API Lists"  # no title in the listing: the paper's
    hostile = papers["2410.00002"]
    assert hostile["title"] == HOSTILE_TITLE
    assert not {"submitted_by", "thumbnail", "comments", "github", "github_stars", "keywords"} & hostile.keys()
    assert "item 4: 'submitted_by' must be a Hugging Face user name, not 'x\" onmouseover=\"alert(1)', left out" in out
    assert "item 4: 'thumbnail' must be an http(s) URL, not 'data:image/p" in out
    assert "item 2: 'thumbnail' must be an http(s) URL, not 'javascript:alert(1)', left out" in out
    assert "item 4: 'github_stars' must be a whole number, not -5, left out" in out
    assert "item 4: 'comments' must be a whole number, not '2', left out" in out


@pytest.mark.parametrize("name", ["akhaliq", "Some.One_2", "a-b"])
def test_a_hugging_face_user_name_is_kept(project, tmp_path, name):
    project.ok("import", str(listing(tmp_path, {**TEX, "submittedBy": {"name": name}})))
    assert stored(project)["2410.05577"]["submitted_by"] == name


@pytest.mark.parametrize("name", ["../admin", "a/b", "-a", ".a", "a b", "a?b=1", "a#b", "ä", "a" * 97,
                                  "javascript:alert(1)", "<b>"])
def test_a_submitter_that_is_no_user_name_is_refused(project, tmp_path, name):
    out = project.ok("import", str(listing(tmp_path, {**TEX, "submittedBy": {"name": name}})))
    assert "'submitted_by' must be a Hugging Face user name" in out and "left out" in out
    assert "submitted_by" not in stored(project)["2410.05577"]


def test_a_re_import_of_the_day_keeps_the_signals_and_the_larger_counts(project, tmp_path):
    project.ok("import", str(listing(tmp_path, TEX, folder="first")))
    newer = copy.deepcopy(TEX)
    newer["numComments"] = 5  # grew
    newer["paper"]["githubStars"] = 1000  # the API's count fell back: the larger stays
    newer["thumbnail"] = THUMBNAIL.replace(".png", "-v2.png")  # corrected
    del newer["submittedBy"]  # missing from this answer: the one held stays
    assert "1 already known" in project.ok("import", str(listing(tmp_path, newer, folder="second")))
    tex = stored(project)["2410.05577"]
    assert (tex["comments"], tex["github_stars"], tex["submitted_by"]) == (5, 1234, "akhaliq")
    assert tex["thumbnail"] == THUMBNAIL.replace(".png", "-v2.png")


def test_a_paper_imported_with_the_stripped_title_keeps_its_slug(project, tmp_path):
    """Imported before the listing's title was read: the same paper, matched by its arXiv id."""
    before = copy.deepcopy(TEX)
    del before["title"]
    project.ok("import", str(listing(tmp_path, before, folder="first")))
    slug = stored(project)["2410.05577"]["slug"]
    assert slug == "llmtimesmapreduce-simplified-long-sequence-processing-using-large-language"
    assert "0 new, 1 already known" in project.ok("import", str(listing(tmp_path, TEX, folder="second")))
    assert stored(project)["2410.05577"]["slug"] == slug
    later = "2025-11-19"  # featured again: the newest record's title is the paper's
    assert "0 new, 1 already known" in project.ok("import", str(listing(tmp_path, TEX, day=later)))
    assert stored(project, later)["2410.05577"] == {**stored(project)["2410.05577"], "title": TEX_TITLE}
    registry = load_yaml((project.digests / "slugs.yaml").read_text())
    assert registry[slug] == ["arxiv:2410.05577", "title:" + TEX_TITLE.lower(),
                              "title:llmtimesmapreduce: simplified long-sequence processing using large language models"]
    project.ok("generate")
    page = (project.root / "docs/papers" / f"{slug}.md").read_text()
    assert '<h1>LLM<span class="dpa-math">\\(\\times\\)</span>MapReduce: Simplified' in page


@pytest.fixture(scope="session")
def signals(tmp_path_factory):
    """The API fixture's day with the TeX and hostile items added, built."""
    def make(p):
        fixture = json.loads((FIXTURES / "api" / f"{DAY}.json").read_text())
        p.ok("import", str(listing(p.root, *fixture, TEX, HOSTILE)))
        p.ok("build")
    return built_once(tmp_path_factory, "signals", make)


def paper_html(project, slug):
    return (project.root / "site/papers" / slug / "index.html").read_text()


def test_the_paper_page_shows_its_comments_submitter_and_stars(signals):
    page = read_page(signals.root / f"site/papers/{TEX_SLUG}/index.html")
    assert ("https://huggingface.co/papers/2410.05577", "1 comment") in page.links
    assert ("https://huggingface.co/akhaliq", "akhaliq") in page.links
    assert "60 upvotes · 1 comment · 1 author · published 7 Oct 2024 · submitted by akhaliq" in page.text
    html = paper_html(signals, TEX_SLUG)
    assert '<a href="https://github.com/thunlp/LLMxMapReduce">Code <span role="img" aria-label="1,234 GitHub stars">★ 1.2k' \
           '</span></a>' in html
    schema = read_page(signals.root / "site/papers/schema-for-in-context-learning/index.html")
    assert ("https://huggingface.co/papers/2510.13905", "2 comments") in schema.links
    assert ("https://github.com/example/sa-icl", "Code") in schema.links  # no stars known: no count
    assert "comment" not in read_page(signals.root / "site/papers/a-paper-only-the-api-lists/index.html").text


def test_cards_stay_as_they_were(signals):
    day = (signals.root / f"site/days/{DAY}/index.html").read_text()
    assert "comment" not in day and "akhaliq" not in day and "★" not in day


def test_the_thumbnail_is_the_link_previews_image(signals):
    tags = meta(paper_html(signals, TEX_SLUG))
    assert tags["og:image"] == THUMBNAIL and tags["twitter:card"] == "summary_large_image"
    assert "twitter:image" not in tags  # Twitter/X falls back to og:image
    refused = meta(paper_html(signals, "a-paper-only-the-api-lists"))  # its javascript: thumbnail was left out
    assert "og:image" not in refused and refused["twitter:card"] == "summary"


def test_a_tex_title_is_typeset_on_the_page_and_text_in_its_head(signals):
    html = paper_html(signals, TEX_SLUG)
    assert '<h1>LLM<span class="dpa-math">\\(\\times\\)</span>MapReduce: Simplified' in html
    assert "<title>LLM$\\times$MapReduce: Simplified" in html and 'content="LLM$\\times$MapReduce: Simplified' in html
    assert 'javascripts/math.js" defer></script>' in html  # KaTeX for the title, though the abstract has no math
    day = (signals.root / f"site/days/{DAY}/index.html").read_text()
    assert '">LLM<span class="dpa-math">\\(\\times\\)</span>MapReduce' in day and "javascripts/math.js" in day


def test_a_hostile_listing_title_stays_text(signals):
    slug = stored(signals)["2410.00002"]["slug"]
    html = paper_html(signals, slug)
    assert "<script>alert" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; $x&lt;y$ &quot;quoted&quot; - Daily Papers Archive</title>" in html
    h1 = read_page(signals.root / f"site/papers/{slug}/index.html").h1
    assert h1 == ['<script>alert(1)</script> & \\(x<y\\) "quoted"']  # text, its math for KaTeX
    assert meta(html)["og:title"] == HOSTILE_TITLE


def test_feeds_give_the_titles_as_text(signals):
    feed = feedparser.parse((signals.root / "site/feeds/archive.xml").read_bytes())
    assert not feed.bozo
    content = feed.entries[0].content[0].value
    assert ">LLM$\\times$MapReduce: Simplified" in content and "dpa-math" not in content
    assert "<script>" not in content and "&lt;script&gt;alert(1)" in content


def test_a_tex_title_reads_as_typeset_in_chromium(signals, visit):
    page, errors = visit(signals.root / "site", f"/papers/{TEX_SLUG}/")
    h1 = page.locator("h1")
    h1.locator(".katex").first.wait_for()
    assert "$" not in h1.inner_text() and "\\times" not in h1.inner_text() and "×" in h1.inner_text()
    assert page.title() == "LLM$\\times$MapReduce: Simplified Long-Sequence Processing using Large Language Models" \
                           " - Daily Papers Archive"
    page, _ = visit(signals.root / "site", f"/days/{DAY}/")
    card = page.locator("article.dpa-paper").filter(has_text="MapReduce")
    card.locator("h2 .katex").first.wait_for()
    assert "$" not in card.locator("h2").inner_text()
    assert errors == []


def test_the_signals_pass_axe(signals, visit):
    """What the signals add (the stars' label, the links, a typeset title) adds no serious violation."""
    page, errors = visit(signals.root / "site", f"/papers/{TEX_SLUG}/")
    page.locator("h1 .katex").first.wait_for()
    page.add_style_tag(content=STILL)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in found["violations"] if v["impact"] in SERIOUS]
    assert not serious, report(serious)
    assert page.get_by_role("link", name="Code 1,234 GitHub stars").get_attribute("href") == \
        "https://github.com/thunlp/LLMxMapReduce"
    assert errors == []
