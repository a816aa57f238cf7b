"""The daily update: only what changed is rewritten, and the result equals a clean build."""
import gzip
import json
import pickle
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import NEW_DAY, load_yaml, new_project, Project, REPO
from generator.site import folders
from generator.site import sitemaps as site_module
from generator import pipeline
from generator.pipeline import load_archive
from generator.project import Project as Paths
from generator.search import build_search_index
from generator.search import index as search_index

def tree(folder: Path) -> dict[str, bytes]:
    """A built site's files, the search index's included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def built_copy(built: Project, folder: Path) -> Project:
    """A copy of a built project (its file times kept, as MkDocs --dirty compares them), to change
    and build again without touching the shared one."""
    shutil.copytree(built.root, folder, symlinks=True)
    return Project(folder)


def equals_clean_build(daily: Project, clean: Project) -> None:
    """daily's site is, file for file, that of `clean`, a clean build of the same digests."""
    assert tree(daily.digests) == tree(clean.digests), "the clean build was made from other digests"
    assert tree(daily.root / "site") == tree(clean.root / "site")


def clean_build(digests: Path, folder: Path) -> Project:
    clean = new_project(folder)
    shutil.copytree(digests, clean.digests)
    assert "(in full)" in clean.ok("build")
    return clean


def test_daily_update_rewrites_only_what_changed_and_equals_a_clean_build(recent, recent_and_new_day, tmp_path):
    daily = built_copy(recent, tmp_path / "daily")
    docs_before, site_before = mtimes(daily.root / "docs"), mtimes(daily.root / "site")

    source = tmp_path / "2025-12-10.txt"
    source.write_text(NEW_DAY, encoding="utf-8")
    daily.ok("import", str(source))
    out = daily.ok("build")
    assert "(only changed pages)" in out
    # The recent days are one segment of the index: the new day rewrites it, and not the records of
    # papers it leaves alone.
    assert re.search(r"search in [\d.]+ s: \d+ files, [\d,]+ bytes; \d+ files \([\d,]+ bytes\) rewritten", out)

    docs_after = mtimes(daily.root / "docs")
    rewritten = {p for p in docs_after if docs_before.get(p) != docs_after[p]}
    assert {"days/2025-12-10.md", "days/2025-12-09.md",  # the new day, and its neighbour's next link
            "papers/a-paper-new-on-december-tenth.md", "papers/the-consciousness-prior.md",
            "index.md", "archive.md", "tags.md"} <= rewritten
    assert "days/2025-11-18.md" not in rewritten and "papers/schema-for-in-context-learning.md" not in rewritten
    # The re-featured paper's abstract differs from the one it had: the related lists of papers first
    # featured after it may change with it (40-odd of 166 here). Papers before it, and everything else, stay.
    assert len([p for p in rewritten if not p.startswith("papers/")]) < 40
    # Unchanged pages keep their file times in the built site too.
    site_after = mtimes(daily.root / "site")
    assert site_after["papers/schema-for-in-context-learning/index.html"] == \
        site_before["papers/schema-for-in-context-learning/index.html"]
    assert site_after["days/2025-12-09/index.html"] != site_before["days/2025-12-09/index.html"]

    equals_clean_build(daily, recent_and_new_day)


def test_a_daily_update_that_fails_while_generating_makes_the_next_build_full(recent, recent_and_new_day, tmp_path,
                                                                               monkeypatch):
    """A daily update indexes for search into site/ itself, in a process of its own, as soon as the
    archive is loaded: if generating then fails, site/ no longer passes for complete."""
    daily = built_copy(recent, tmp_path / "daily")
    source = tmp_path / "2025-12-10.txt"
    source.write_text(NEW_DAY, encoding="utf-8")
    daily.ok("import", str(source))

    def disk_full(*_, **__):
        raise OSError("No space left on device")
    monkeypatch.setattr(pipeline, "render_pages", disk_full)
    with pytest.raises(OSError):
        pipeline.build(Paths(daily.root))
    monkeypatch.undo()
    assert "(in full)" in daily.ok("build")
    equals_clean_build(daily, recent_and_new_day)


def test_bad_input_leaves_the_next_build_incremental(recent, tmp_path):
    """Nothing is built from a digest that fails to load: site/ stays as complete as it was."""
    p = built_copy(recent, tmp_path / "p")
    digest = p.digests / "2025-11-18.yaml"
    text = digest.read_text(encoding="utf-8")
    digest.write_text(text.replace("date: 2025-11-18", "date: 2025-11-31", 1), encoding="utf-8")
    assert p.run_process("build").code == 1
    digest.write_text(text, encoding="utf-8")
    assert "(only changed pages)" in p.ok("build")


def test_removed_pages_leave_the_incremental_site_too(recent, tmp_path):
    daily = built_copy(recent, tmp_path / "daily")
    (daily.digests / "2025-10-31.yaml").unlink()  # its papers seen on no other day go with it
    assert "(only changed pages)" in daily.ok("build")
    clean = clean_build(daily.digests, tmp_path / "clean")
    assert not (daily.root / "site/days/2025-10-31").exists()
    assert not (daily.root / "site/papers/the-consciousness-prior").exists()
    assert tree(daily.root / "site") == tree(clean.root / "site")


def test_stale_files_are_removed_beside_mkdocs_without_touching_its_folders(recent, tmp_path):
    """An incremental build removes stale files while `mkdocs build --dirty` writes: a page folder
    MkDocs has made but not yet filled stays; a page gone from docs/ goes, folder and all."""
    p = built_copy(recent, tmp_path / "p")
    slug = sorted((p.root / "docs/papers").glob("*.md"))[0].stem
    (p.root / "site/papers" / slug / "index.html").unlink()  # as MkDocs is about to write it
    gone = p.root / "site/papers/a-page-no-longer-in-docs"
    gone.mkdir()
    (gone / "index.html").write_text("stale")
    folders.remove_stale(Paths(p.root))
    assert (p.root / "site/papers" / slug).is_dir()
    assert not gone.exists()


@pytest.fixture
def segmented(tmp_path, monkeypatch) -> tuple[Project, Path]:
    """The bundled digests in a project of their own, and their search index, cut into segments of 150
    papers (standing for 2,048): the 433 papers make a large segment of 300 and a newest one of 133."""
    monkeypatch.setattr(search_index, "SEGMENT_STEP", 150)
    p = new_project(tmp_path)
    shutil.copytree(REPO / "digests", p.digests)
    target = tmp_path / "search-index"
    first = build_search_index(load_archive(Paths(p.root)), target)
    assert first.written == first.files
    return p, target


def segments(index: Path) -> list[dict]:
    return json.loads((index / "manifest.json").read_text())["segments"]


def same_as_a_clean_index(p: Project, index: Path) -> bool:
    clean = p.root / "clean-index"
    build_search_index(load_archive(Paths(p.root)), clean)
    return {path: f.read_bytes() for path, f in files(index).items()} == \
        {path: f.read_bytes() for path, f in files(clean).items()}


def test_a_new_day_rewrites_only_the_newest_segment_of_the_search_index(segmented):
    p, target = segmented
    assert build_search_index(load_archive(Paths(p.root)), target).written == 0  # nothing changed
    before = mtimes(target)
    large, newest = segments(target)

    source = p.root / "2025-12-10.txt"
    source.write_text(NEW_DAY.split("The Consciousness Prior")[0], encoding="utf-8")  # only the new paper
    p.ok("import", str(source))
    after = build_search_index(load_archive(Paths(p.root)), target)
    now_segments = segments(target)
    assert [(s["start"], s["end"]) for s in now_segments] == [(0, 300), (300, 434)]
    # The large segment's folder is untouched; the newest one's is new (its name is its content's
    # hash), so a browser holding yesterday's manifest never reads today's chunks.
    assert now_segments[0]["name"] == large["name"] and now_segments[1]["name"] != newest["name"]
    now = mtimes(target)
    assert {p: t for p, t in now.items() if large["name"] in p} == {p: t for p, t in before.items() if large["name"] in p}
    assert not any(newest["name"] in p for p in now) and any(now_segments[1]["name"] in p for p in now)
    assert after.bytes_written < after.bytes / 2
    assert same_as_a_clean_index(p, target)  # the large segment was kept, not made again


def test_a_paper_featured_again_leaves_the_large_segment_as_it_was(segmented, monkeypatch):
    # A paper's later days show nowhere in the index: its segment is not analysed again for them
    # (at 50,000 papers that would take a daily update a minute).
    p, target = segmented
    large = segments(target)[0]["name"]
    analysed = []
    analyse = search_index._analyse
    monkeypatch.setattr(search_index, "_analyse", lambda papers, start: analysed.append(start) or analyse(papers, start))
    paper = load_yaml((p.digests / "2025-03-10.yaml").read_text())["papers"][0]
    source = p.root / "2025-12-10.txt"
    source.write_text(f"Daily Papers\n\nDec 10\n\n{paper['title']}\n\n{paper['abstract']}\n", encoding="utf-8")
    assert "1 already known" in p.ok("import", str(source))
    archive = load_archive(Paths(p.root))
    assert [str(d) for d in archive.papers[paper["slug"]].days] == ["2025-03-10", "2025-12-10"]
    build_search_index(archive, target)
    assert analysed == [300] and segments(target)[0]["name"] == large
    assert same_as_a_clean_index(p, target)


def test_an_edit_to_a_paper_of_the_large_segment_makes_it_again(segmented):
    # Upvotes are not indexed text, but a result shows them: the large segment is made again.
    p, target = segmented
    large = segments(target)[0]["name"]
    digest = p.digests / "2025-03-10.yaml"
    first_title = "  title: Exploring Diffusion Time-steps for Unsupervised Representation Learning\n"
    digest.write_text(digest.read_text().replace(first_title, first_title + "  upvotes: 7\n", 1))
    build_search_index(load_archive(Paths(p.root)), target)
    assert segments(target)[0]["name"] != large
    assert same_as_a_clean_index(p, target)


def test_a_damaged_segment_is_made_again_not_kept(segmented):
    p, target = segmented
    damaged = target / "segments" / segments(target)[0]["name"] / "terms" / "0.json.gz"
    damaged.write_text("{}")  # not even gzip
    assert build_search_index(load_archive(Paths(p.root)), target).written == 1
    assert damaged.read_bytes() != b"{}"
    damaged.write_bytes(gzip.compress(b"{}"))  # gzip, but not what the segment's name was made from
    assert build_search_index(load_archive(Paths(p.root)), target).written == 1


def test_the_search_index_is_stored_gzipped_in_a_third_of_the_room(tmp_path):
    # GitHub Pages counts a site's bytes as stored: all but the manifest and lunr.js are gzip files,
    # which the browser inflates (the search tests in Chromium read them).
    target = tmp_path / "search-index"
    made = build_search_index(load_archive(Paths(REPO)), target)
    stored = files(target)
    assert {path for path, f in stored.items() if f.read_bytes()[:2] != b"\x1f\x8b"} == {"manifest.json", "lunr.js"}
    text = sum(len(gzip.decompress(f.read_bytes())) for path, f in stored.items() if path.endswith(".gz"))
    assert made.bytes < text / 2


def files(folder: Path) -> dict[str, Path]:
    return {str(f.relative_to(folder)): f for f in sorted(folder.rglob("*")) if f.is_file()}



def test_tags_worked_out_before_are_reused_until_the_taxonomy_changes(tmp_path):
    p = new_project(tmp_path)
    shutil.copytree(REPO / "digests", p.digests)
    p.ok("generate")
    cache = p.root / ".cache" / pipeline.TAG_CACHE
    assert len(pickle.loads(cache.read_bytes())[1]) == 433  # one entry a paper, by its text
    paper = p.root / "docs/papers/the-consciousness-prior.md"
    before = paper.read_text()
    assert "tags/consciousness/" not in before
    taxonomy = p.root / "tags.yaml"
    taxonomy.write_text(taxonomy.read_text() + "- name: Consciousness\n  description: Theories of consciousness.\n"
                        "  match: [consciousness prior]\n")
    p.ok("generate")  # a cache made with the old taxonomy must not answer for the new one
    assert "tags/consciousness/" in paper.read_text()
    taxonomy.write_text(taxonomy.read_text().rsplit("- name: Consciousness", 1)[0])
    p.ok("generate")
    assert paper.read_text() == before


def test_a_changed_config_forces_a_full_build(recent, tmp_path):
    p = built_copy(recent, tmp_path / "p")
    assert "(only changed pages)" in p.ok("build")
    config = p.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("primary: indigo", "primary: teal", 1))
    assert "(in full)" in p.ok("build")


def test_a_failed_build_leaves_the_published_site_whole(recent, tmp_path):
    p = built_copy(recent, tmp_path / "p")
    before = tree(p.root / "site")
    # A template that fails only once MkDocs renders pages, after a build in place would have emptied site/.
    (p.root / "overrides/main.html").write_text("{% extends 'base.html' %}{% block content %}{{ page.oops() }}{% endblock %}")
    result = p.run_process("build")  # end to end: the message and exit status a maintainer sees
    assert result.code == 1 and result.err.startswith("error: ") and "mkdocs build failed" in result.err
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert tree(p.root / "site") == before


def test_sitemap_index_lists_every_page_in_files_of_bounded_size(bundled, tmp_path, monkeypatch):
    sitemap = ET.parse(bundled.root / "site/sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert not (bundled.root / "site/sitemap.xml.gz").exists()  # MkDocs' own sitemap is not made at all
    files = [loc.text for loc in sitemap.findall("s:sitemap/s:loc", ns)]
    assert files == ["https://daily-papers-archive.github.io/sitemaps/sitemap-1.xml"]
    urls = [loc.text for loc in ET.parse(bundled.root / "site/sitemaps/sitemap-1.xml").getroot().findall("s:url/s:loc", ns)]
    pages = len(list((bundled.root / "docs").rglob("*.md")))
    assert len(urls) == len(set(urls)) == pages
    assert "https://daily-papers-archive.github.io/papers/the-consciousness-prior/" in urls
    assert "https://daily-papers-archive.github.io/" in urls
    assert "https://daily-papers-archive.github.io/about/" in urls  # hand-written pages too
    # Past the limit, more files: 100 URLs per file here stands for 50,000. (On a copy: the bundled
    # site is shared.)
    shutil.copytree(bundled.root / "docs", tmp_path / "docs")
    shutil.copy(bundled.root / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "site").mkdir()
    monkeypatch.setattr(site_module, "URLS_PER_SITEMAP", 100)
    site_module.write_sitemaps(tmp_path / "site", site_module.sitemap_files(Paths(tmp_path)))
    files = ET.parse(tmp_path / "site/sitemap.xml").getroot().findall("s:sitemap/s:loc", ns)
    assert len(files) == (pages + 99) // 100 > 1
    listed = [loc.text for f in files
              for loc in ET.parse(tmp_path / "site" / f.text.split(".io/")[1]).getroot().findall("s:url/s:loc", ns)]
    assert sorted(listed) == sorted(urls)
