"""The built site (real MkDocs + Material) of the bundled archive, as a reader finds it."""
import re
import shutil
import socket
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

from conftest import load_yaml, new_project, REPO
from generator import urls
from generator.site.linkcheck import check_links
from html_page import read_page

DAYS = ["2025-12-09", "2025-11-18", "2025-10-31", "2025-03-11", "2025-03-10"]


def page(project, url: str):
    return read_page(project.root / "site" / url.strip("/") / "index.html")


def test_every_page_exists(bundled):
    site = bundled.root / "site"
    for url in ["", "archive", "tags", "about", *(f"days/{d}" for d in DAYS)]:
        assert (site / url / "index.html").exists(), url
    assert len(list((site / "papers").glob("*/index.html"))) == 433
    assert len(list((site / "tags").glob("*/index.html"))) == len(load_yaml((REPO / "tags.yaml").read_text()))


NAV = ["Home", "Archive", "Top", "Tags", "Organisations", "Stats", "Search", "Reading list", "About"]


def test_the_nav_stays_small(bundled):
    nav = [text for href, text in page(bundled, "days/2025-11-18").links if text in NAV]
    assert nav == NAV
    html = (bundled.root / "site/days/2025-11-18/index.html").read_text()
    tabs = html[html.index('<ul class="md-tabs__list">'):]
    assert tabs[:tabs.index("</ul>")].count("<li") == len(NAV)  # every kind of page, and no day or paper
    assert "md-sidebar" not in html  # and no sidebar repeats it


# What the theme adds to a paper page: tests/test_theme_bytes.py.


def test_day_page(bundled):
    day = page(bundled, "days/2025-11-18")
    assert day.h1 == ["Daily Papers: Tuesday, 18 November 2025"]
    assert "76 papers" in day.text
    links = dict(day.links)
    assert links["../../papers/schema-for-in-context-learning/"] == "Schema for In-Context Learning"
    assert links["../../days/2025-10-31/"] == "← 31 Oct 2025" and links["../../days/2025-12-09/"] == "9 Dec 2025 →"
    assert "0 upvotes · 7 authors · published 14 Oct 2025" in day.text
    assert "2 upvotes · 8 authors · published 13 Apr 2025" in day.text
    assert "1 upvote · Apple · published 11 Mar 2025" in day.text
    assert day.details == 0  # abstracts.js adds each paper's abstract, folded (tests/test_browser.py)...
    assert "In-Context Learning (ICL) enables" not in day.text  # ...and fetches it from its paper's page when opened
    assert any(h.startswith("../../tags/") for h, _ in day.links)


def test_first_and_last_days_link_only_one_way(bundled):
    assert not any(h.startswith("../../days/") and "→" in t for h, t in page(bundled, "days/2025-12-09").links)
    assert not any(h.startswith("../../days/") and "←" in t for h, t in page(bundled, "days/2025-03-10").links)
    assert any(h.startswith("../../days/") and "←" in t for h, t in page(bundled, "days/2025-12-09").links)


def test_paper_page_lists_every_day_it_was_featured(bundled):
    # "The Consciousness Prior" appears in three digests.
    paper = page(bundled, "papers/the-consciousness-prior")
    assert paper.h1 == ["The Consciousness Prior"]
    assert paper.title == "The Consciousness Prior - Daily Papers Archive"
    featured = [h for h, _ in paper.links if h.startswith("../../days/")]
    assert featured == ["../../days/2025-10-31/", "../../days/2025-03-11/", "../../days/2025-03-10/"]
    assert "A new prior is proposed for learning representations" in paper.text
    assert "https://daily-papers-archive.github.io/papers/the-consciousness-prior/" in paper.text
    assert any(h.startswith("../../tags/") for h, _ in paper.links)


def test_home_page(bundled):
    home = page(bundled, "")
    assert re.search(r"433 papers featured on 5 days, in 29 tags ?, from 4 organisations and more", home.text)
    assert "Latest digest: Tuesday, 9 December 2025" in home.text
    days = [h for h, _ in home.links if h.startswith("days/")]
    assert days[0] == "days/2025-12-09/" and set(days) == {f"days/{d}/" for d in DAYS}
    assert sum(1 for h, _ in home.links if h.startswith("tags/")) >= 10


def test_archive_page(bundled):
    archive = page(bundled, "archive")
    text = archive.text
    assert text.index("December 2025") < text.index("November 2025") < text.index("March 2025")
    # Each count is of different papers: March's two days list 51 and 234, 7 of them on both.
    assert "December 2025 39 papers" in text and "March 2025 278 papers" in text
    assert "433 papers, featured 466 times (some on more than one day)" in text
    # The heat map's cells, then the list below it.
    assert [h for h, _ in archive.links if h.startswith("../days/")] == [f"../days/{d}/" for d in DAYS] * 2


def test_tags_cover_the_archive(bundled):
    tags = page(bundled, "tags")
    tag_links = [h for h, _ in tags.links if re.fullmatch(r"\.\./tags/[a-z0-9-]+/", h)]
    assert len(tag_links) >= 10
    tagged = sum(1 for p in (bundled.root / "site/papers").glob("*/index.html")
                 if any(h.startswith("../../tags/") for h, _ in read_page(p).links))
    assert tagged / 433 >= 0.9
    assert re.search(r"In-Context Learning \d+ How models learn", tags.text)


def test_tag_page_lists_papers_newest_first(bundled):
    tag = page(bundled, "tags/in-context-learning")
    papers = [h.split("/")[-2] for h, _ in tag.links if h.startswith("../../papers/")]
    assert len(papers) >= 10
    last_day = {}
    for slug in papers:
        featured = [h for h, _ in page(bundled, f"papers/{slug}").links if h.startswith("../../days/")]
        last_day[slug] = featured[0]
    order = [last_day[s] for s in papers]
    assert order == sorted(order, reverse=True)


def test_every_link_resolves(bundled, hostile):
    for project in (bundled, hostile):
        links = check_links(project.root / "site")
        assert links.broken == []
    assert check_links(bundled.root / "site").checked > 12_000  # every href and src, head and body


def test_regenerating_gives_identical_pages_and_rewrites_none(bundled):
    docs = bundled.root / "docs"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*.md")}
    out = bundled.ok("generate")
    assert "0 written, 0 removed" in out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*.md")} == before


def test_the_same_digests_give_byte_identical_pages(bundled, tmp_path):
    other = new_project(tmp_path)
    shutil.copytree(REPO / "digests", other.digests)
    other.ok("generate")
    assert other.snapshot("docs") == bundled.snapshot("docs")


def test_a_changed_digest_rewrites_only_what_shows_it(project):
    shutil.copytree(REPO / "digests", project.digests)
    project.ok("generate")
    docs = project.root / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    path = project.digests / "2025-11-18.yaml"
    path.write_text(path.read_text().replace("upvotes: 2\n", "upvotes: 3\n", 1))
    out = project.ok("generate")
    changed = {str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_file() and p.stat().st_mtime_ns != before[p]}
    assert "papers/how-new-data-permeates-llm-knowledge-and-how-to-dilute-it.md" in changed
    assert "days/2025-11-18.md" in changed and "days/2025-12-09.md" not in changed
    assert "api/days/2025-11-18.json.gz" in changed
    assert "tags/large-language-models/2025-11.md" in changed  # its row shows the upvotes
    assert f"{len(changed)} written" in out and len(changed) <= 10


def test_an_update_renders_only_what_changed_and_equals_a_clean_generate(project, tmp_path):
    """generate renders only pages whose inputs changed (pages.render_pages' keys): whatever changes,
    docs/ ends as a clean generate of the same digests and tags would make it."""
    shutil.copytree(REPO / "digests", project.digests)
    project.ok("generate")
    docs = project.root / "docs"

    def equals_a_clean_generate(n: int) -> None:
        clean = new_project(tmp_path / f"clean-{n}")
        shutil.copytree(project.digests, clean.digests)
        shutil.copy(project.root / "tags.yaml", clean.root / "tags.yaml")
        clean.ok("generate")
        assert clean.snapshot("docs") == project.snapshot("docs")

    digest = project.digests / "2025-10-31.yaml"
    digest.write_text(digest.read_text().replace("upvotes: 0\n", "upvotes: 7\n", 1))  # a paper on 3 days
    project.ok("generate")
    equals_a_clean_generate(1)
    tags = project.root / "tags.yaml"
    tags.write_text(tags.read_text().replace("name: Prompting\n", "name: Prompt Design\n"))  # on many pages
    project.ok("generate")
    equals_a_clean_generate(2)
    (docs / "papers/the-consciousness-prior.md").write_text("edited by hand")  # a generated file is the generator's
    (docs / "days/2025-03-10.md").unlink()
    assert "2 written" in project.ok("generate")
    equals_a_clean_generate(3)


def test_generated_pages_are_ignored_by_git(bundled):
    ignored = (REPO / ".gitignore").read_text().split()
    for name in urls.GENERATED:
        path = bundled.root / "docs" / name
        assert path.exists(), name  # the list names what the generator writes...
        assert (f"/docs/{name}/" if path.is_dir() else f"/docs/{name}") in ignored  # ...and git ignores it
    assert "/site/" in ignored
    written = {p.relative_to(bundled.root / "docs").parts[0] for p in (bundled.root / "docs").rglob("*")}
    assert written - set(urls.GENERATED) == {"about.md", "search.md", "reading-list.md", "stylesheets", "javascripts"}


def test_mkdocs_config_is_plain_with_light_and_dark_palettes():
    config = load_yaml((REPO / "mkdocs.yml").read_text())  # plain YAML: no python tags
    assert config["site_url"].startswith("https://")
    assert [list(item) for item in config["nav"]] == [[name] for name in NAV]
    assert {p["scheme"] for p in config["theme"]["palette"]} == {"default", "slate"}


def test_a_large_tag_shows_its_newest_and_the_rest_by_month(bundled):
    tag = page(bundled, "tags/large-language-models")
    assert "103 papers" in tag.text
    newest = [h for h, _ in tag.links if h.startswith("../../papers/")]
    assert len(newest) == 50
    months = [h for h, _ in tag.links if re.fullmatch(r"\.\./\.\./tags/large-language-models/\d{4}-\d{2}/", h)]
    assert [m.split("/")[-2] for m in months] == ["2025-12", "2025-11", "2025-10", "2025-03"]
    listed = []
    for month in months:
        month_page = page(bundled, month.removeprefix("../../"))
        listed += [h.split("/")[-2] for h, _ in month_page.links if h.startswith("../../../papers/")]
    assert len(listed) == len(set(listed)) == 103
    # A month page's rows: title, the day last featured, and the upvotes where the digest gave them.
    december = page(bundled, "tags/large-language-models/2025-12").text
    assert re.search(r"\d+ Dec 2025 · \d+ upvotes?", december), december
    march = page(bundled, "tags/large-language-models/2025-03").text  # page text from before upvotes were kept
    assert re.search(r"\d+ Mar 2025", march) and "upvote" not in march.split("newest first")[1]
    assert [h.split("/")[-2] for h in newest] == listed[:50]


def test_the_html_pages_hook_changes_speed_not_pages(bundled, tmp_path):
    """The hook (generator/site/mkdocs_engine.py) skips Python-Markdown for the generator's pages: a
    build without it (as by a builder that runs no hooks) gives the same pages, but for the hook's
    white space compaction (compact)."""
    import subprocess
    import sys
    from generator.site.mkdocs_engine import compact
    config = load_yaml((bundled.root / "mkdocs.yml").read_text())
    assert config.pop("hooks") == ["hooks/html_pages.py"]
    config["docs_dir"] = str(bundled.root / "docs")
    config["theme"]["custom_dir"] = str(bundled.root / "overrides")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                    str(tmp_path / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")], check=True)
    with_hook = {p.relative_to(bundled.root / "site"): p.read_text() for p in (bundled.root / "site").rglob("*.html")}
    without = {p.relative_to(tmp_path / "site"): compact(p.read_text()) for p in (tmp_path / "site").rglob("*.html")}
    assert len(with_hook) > 550 and with_hook.keys() == without.keys()
    assert [p for p in with_hook if with_hook[p] != without[p]] == []


def test_pages_and_tags_made_on_every_core_are_the_ones_made_on_one(tmp_path, monkeypatch):
    from generator import pages, pipeline
    from generator.keys import Keys
    from generator.project import Project as Folder
    from generator.related import related
    shutil.copytree(REPO / "digests", new_project(tmp_path).digests)
    archive = pipeline.load_archive(Folder(tmp_path))
    similar = related(archive)
    one = pages.render_pages(archive, "https://example.org/", Keys.of(archive, "https://example.org/", {}), similar)
    from generator import cores
    monkeypatch.setattr(cores, "PARALLEL_FROM", 0)  # a pool of forked workers for the bundled archive too
    monkeypatch.setattr(cores, "cores", lambda: 3)
    many = pages.render_pages(archive, "https://example.org/", Keys.of(archive, "https://example.org/", {}), similar)
    assert many == one and len(one) == 602
    tagged = pipeline.load_archive(Folder(tmp_path))  # the tagger's work on every core too
    assert {s: p.tags for s, p in tagged.papers.items()} == {s: p.tags for s, p in archive.papers.items()}


def test_a_full_build_split_over_processes_is_the_same_site(tmp_path, monkeypatch):
    """A full build runs one MkDocs per core, each on its share of the pages (the hook's on_files);
    a daily update's MkDocs sees only the changed pages. Links from hand-written Markdown to any page
    resolve either way."""
    from generator.site import mkdocs_engine
    sites = {}
    for n in (1, 3):
        monkeypatch.setattr(mkdocs_engine, "cores", lambda: n)
        project = new_project(tmp_path / str(n))
        shutil.copytree(REPO / "digests", project.digests)
        (project.root / "docs/links.md").write_text("# Links\n\nSee [a day](days/2025-11-18.md).\n")
        project.ok("build")
        assert not list((project.root / ".cache").glob("site-next*"))  # the shares moved into the site
        site = project.root / "site"
        sites[n] = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert sites[1].keys() == sites[3].keys() and [p for p in sites[1] if sites[1][p] != sites[3][p]] == []
    assert 'href="../days/2025-11-18/"' in sites[3][Path("links/index.html")].decode()
    links = project.root / "docs/links.md"
    links.write_text(links.read_text() + "\nAnd [another](days/2025-03-10.md).\n")
    assert "only changed pages" in project.ok("build")  # mkdocs build --dirty
    assert 'href="../days/2025-03-10/"' in (project.root / "site/links/index.html").read_text()


def test_serve_on_a_port_in_use_says_so_in_one_line_before_building(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = project.run("serve", "--port", str(port))
    assert result.code == 1
    assert result.err == f"error: --port: cannot serve on 127.0.0.1:{port} (Address already in use); stop what " \
                         f"holds it, or serve on another port: --port {port + 1} (with make: make serve PORT={port + 1})\n"
    assert not (project.root / "site").exists()  # said at once, not after a build
