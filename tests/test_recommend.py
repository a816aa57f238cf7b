"""Papers like yours (docs/javascripts/recommend.js, on /reading-list/): ten papers like the starred ones,
worked out in the browser from the site's own files, each with why, in real Chromium on the bundled build."""
from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from html_page import read_page
from test_accessibility import STILL
from test_search import AXE

TAG = "long-context"  # a topic of the bundled archive: 17 papers
KEY = "dpa-reading-list"


def papers_of(site: Path, tag: str) -> list[str]:
    """The slugs a tag's page lists, in its order."""
    links = read_page(site / "tags" / tag / "index.html").links
    return list(dict.fromkeys(href.split("/")[-2] for href, _ in links if href.startswith("../../papers/")))


def tags_of(site: Path, slug: str) -> set[str]:
    """The tags a paper's page names."""
    links = read_page(site / "papers" / slug / "index.html").links
    return {href.split("/")[-2] for href, _ in links if href.startswith("../../tags/") and href.count("/") == 4}


def recommended(page) -> list[tuple[str, str]]:
    """(slug, why) of each paper suggested."""
    items = page.locator("[data-dpa-recommend] li")
    return [(items.nth(i).get_attribute("data-dpa-slug") or "", items.nth(i).locator(".dpa-recommend__why").inner_text())
            for i in range(items.count())]


def fetched_bytes(page) -> int:
    """Bytes of the site's files the page fetched to work the list out (bodies as served)."""
    return page.evaluate("performance.getEntriesByType('resource')"
                         ".filter(e => /\\/(search-index|papers)\\//.test(e.name)).reduce((n, e) => n + e.encodedBodySize, 0)")


def test_ten_papers_like_three_starred_ones_each_with_why_and_updated_as_stars_change(bundled, visit):
    site = bundled.root / "site"
    topic = papers_of(site, TAG)
    assert len(topic) >= 13, topic  # three to star, and ten more to find
    starred = topic[:3]
    page, errors = visit(site, "/reading-list/")
    status = page.locator("[data-dpa-recommend] [role=status]")
    expect(status).to_have_text("Star a few papers, and papers like them are suggested here.")

    titles = {slug: read_page(site / "papers" / slug / "index.html").h1[0] for slug in starred}
    stored = {slug: {"title": titles[slug], "url": f"papers/{slug}/", "starred": f"2025-12-0{n}T00:00:00.000Z"}
              for n, slug in enumerate(starred, 1)}
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(stored))})")
    page.reload()
    expect(status).to_have_text("10 papers like your 3 starred papers, most alike first.")
    found = recommended(page)
    assert len(found) == 10 and len({slug for slug, _ in found}) == 10
    assert not {slug for slug, _ in found} & set(starred)
    assert all(why.startswith(("Shares: ", "Related to ")) and len(why) > len("Shares: ") for _, why in found), found
    on_topic = [slug for slug, _ in found if TAG in tags_of(site, slug)]
    assert len(on_topic) >= 7, found
    assert sum("Long Context" in why for _, why in found) == len(on_topic)  # the why names the tag shared
    links = page.get_by_role("list", name="Papers like yours").get_by_role("link")
    assert links.first.get_attribute("href").endswith(f"/papers/{found[0][0]}/")
    assert fetched_bytes(page) < 64_000  # three pages, the manifest, a few tag and record files

    # Unstarred, a paper leaves the list the ten are like, and may be one of the ten itself.
    page.get_by_role("button", name=f"Remove “{titles[starred[0]]}”").click()
    expect(status).to_have_text("10 papers like your 2 starred papers, most alike first.")
    after = recommended(page)
    assert after != found and not {slug for slug, _ in after} & set(starred[1:])
    assert starred[0] in {slug for slug, _ in after}

    page.add_style_tag(content=STILL)  # colours as they end, not half-way through a fade
    # Focus left on the list's next Remove button: Material's focused button (white on its accent) is
    # the reading list's own question, not this one's.
    page.evaluate("document.activeElement.blur()")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    assert [(v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]]) for v in violations] == []
    assert errors == []
