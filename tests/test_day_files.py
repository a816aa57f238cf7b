"""A day's files for other tools: its JSON copy, every field of every paper, stored gzipped
(api/days/<day>.json.gz, sent as it is, as GitHub Pages sends it), and its BibTeX, made in the browser
from that copy byte for byte as generator/bibtex.py makes it: by the day page's button, and by the 404
page at the day's old addresses (days/<day>.bib, api/days/<day>.json), which must keep reaching their
content. On the bundled archive and the hostile digest, built with real MkDocs, in real Chromium."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, serve
from generator import bibtex, urls
from generator.archive import Archive, Day, Paper
from generator.links import day_copy
from generator.model import FIELD_NAMES, Entry, is_empty
from generator.pipeline import load_archive
from generator.project import Project
from html_page import read_page
from test_bibtex import HOSTILE_TITLES

DAY = dt.date(2025, 11, 18)


def loaded(project: Project, tmp_path: Path) -> Archive:
    """A built project's archive, loaded from a copy (loading writes a cache beside the digests)."""
    copy = Project(tmp_path / "copy")
    shutil.copytree(project.digests, copy.digests)
    shutil.copy(project.taxonomy, copy.taxonomy)
    return load_archive(copy)


@pytest.fixture(scope="module")
def built(bundled) -> Project:
    """The bundled archive's project, built (the fixture's, read as the generator reads a project)."""
    return Project(bundled.root)


@pytest.fixture(scope="module")
def archive(built, tmp_path_factory) -> Archive:
    return loaded(built, tmp_path_factory.mktemp("archive"))


def stored(project: Project, day: dt.date) -> bytes:
    return (project.site / urls.day_json(day)).read_bytes()


def browser_bib(page, day: dict) -> str:
    """What javascripts/bibtex.js makes of a day's JSON copy, in the page's Chromium."""
    return page.evaluate("async (day) => (await import('/javascripts/bibtex.js')).dayBib(day)", day)


def test_a_days_json_copy_is_gzipped_without_a_name_or_time_and_holds_every_field_of_its_papers(built, archive):
    assert not list((built.site / "api/days").glob("*.json"))  # only the gzipped copy
    for day in archive.days:
        data = stored(built, day.date)
        assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == bytes(4)  # deflate, no name, no time
        copy = json.loads(gzip.decompress(data))
        assert copy["date"] == day.date.isoformat() and [p["slug"] for p in copy["papers"]] == [p.slug for p in day.papers]
        for paper, record in zip(day.papers, copy["papers"]):
            held = {f for f in FIELD_NAMES if f != "slug" and not is_empty(getattr(paper.entry, f))}
            assert held | {"tags"} >= set(record) - {"slug", "days"} >= held
            assert (record["title"], record["abstract"]) == (paper.entry.title, paper.entry.abstract)
            assert record.get("author_names", []) == list(paper.entry.author_names)
            assert record.get("tags", []) == [t.slug for t in paper.tags]  # the tagger's too, not only the digest's
            assert record["days"] == [d.isoformat() for d in paper.days]


def test_the_day_page_links_its_json_copy_and_no_bib_file_is_published(built):
    page = read_page(built.site / urls.html(urls.day(DAY)))
    assert ("../../" + urls.day_json(DAY), "JSON (gzip)") in page.links
    assert not list(built.site.glob("days/*.bib"))


def test_the_server_sends_the_gzipped_copy_as_stored_as_github_pages_does(built):
    port = serve(built.site).server_port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{urls.day_json(DAY)}") as response:
        assert response.headers["Content-Type"] == "application/gzip"
        assert response.headers["Content-Encoding"] is None
        assert response.read() == stored(built, DAY)


def test_the_browser_makes_each_days_bibtex_as_bibtex_py_does(built, archive, visit):
    page, errors = visit(built.site, "/")
    site_url = built.site_url()
    for day in archive.days:
        copy = json.loads(gzip.decompress(stored(built, day.date)))
        assert browser_bib(page, copy) == bibtex.entries(day.papers, site_url), day.date
    assert errors == []


def hostile_paper(n: int, title: str, **fields) -> Paper:
    return Paper(slug=f"paper-{n}", entry=Entry(title=title, abstract="An abstract.", **fields), tags=[],
                 days=[dt.date(2025, 6, 2), dt.date(2025, 6, 9)])


NAMES = ("Smith, John", "Ben and Jerry", "X AND Y", "Alexander Mandy", "Éand Étienne", "Ölaf andÖ",
         "日本 and 語", "{Brace} \\Back $x$ 100%", "Ann_Lee ~ ^")
IDS = ("2510.13905", "2510.13905v2", "hep-th/9901001", "math.GT/0309136", "２５１０.１３９０５", "2510.139",
       "not an id", "arXiv:2510.13905", None)


def test_the_browser_makes_bibtex_as_bibtex_py_does_for_hostile_titles_names_and_ids(built, visit):
    papers = [hostile_paper(n, title, arxiv_id=IDS[n % len(IDS)], author_names=NAMES[:n % (len(NAMES) + 1)],
                            authors=len(NAMES) + 1 if n % 2 else None,
                            published=[None, dt.date(2024, 12, 30), dt.date(999, 1, 1)][n % 3])
              for n, title in enumerate(HOSTILE_TITLES * 2)]
    day = Day(date=dt.date(2025, 6, 2), papers=papers)
    page, errors = visit(built.site, "/")
    made = browser_bib(page, json.loads(day_copy(day)))
    assert made == bibtex.entries(papers, built.site_url())
    assert all(f in made for f in ("and others", "{Smith, John}", "eprint = {２５１０.１３９０５}", "year = {999}",
                                   "note = {Featured"))
    assert errors == []


def test_the_hostile_digests_day_bibtex_from_the_browser_is_bibtex_py_s(hostile, visit, tmp_path):
    hostile = Project(hostile.root)
    day = loaded(hostile, tmp_path).days[0]
    page, errors = visit(hostile.site, "/")
    copy = json.loads(gzip.decompress(stored(hostile, day.date)))
    assert browser_bib(page, copy) == bibtex.entries(day.papers, hostile.site_url())
    assert errors == []


def test_the_day_pages_bibtex_button_downloads_the_days_bib_file(built, archive, visit):
    page, errors = visit(built.site, "/" + urls.day(DAY))
    with page.expect_download() as download:
        page.get_by_role("button", name="BibTeX of the day's papers").click()
    assert download.value.suggested_filename == f"{DAY}.bib"
    day = next(d for d in archive.days if d.date == DAY)
    assert Path(download.value.path()).read_bytes() == bibtex.entries(day.papers, built.site_url()).encode()
    assert errors == []


def test_an_old_day_bib_address_shows_and_downloads_that_days_bibtex(built, archive, visit):
    page, errors = visit(built.site, "/" + urls.day_bib(DAY))
    expected = bibtex.entries(next(d for d in archive.days if d.date == DAY).papers, built.site_url())
    assert page.locator("pre.dpa-bib").text_content() == expected
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Download {DAY}.bib").click()
    assert Path(download.value.path()).read_bytes() == expected.encode()
    assert [e for e in errors if "404" not in e] == []  # the 404 status itself is logged by Chromium


def test_an_old_day_json_address_leads_to_the_gzipped_copy_and_the_day(built, visit):
    page, errors = visit(built.site, "/" + urls.old_day_json(DAY))
    note = page.locator("[data-dpa-arxiv-lookup]")
    note.filter(has_text="gzip").wait_for()
    port = serve(built.site).server_port
    hrefs = note.locator("a").evaluate_all("links => links.map((a) => a.href)")
    assert hrefs == [f"http://127.0.0.1:{port}/{urls.day_json(DAY)}", f"http://127.0.0.1:{port}/{urls.day(DAY)}"]
    assert "| gunzip" in note.inner_text()
    other, _ = visit(built.site, "/" + urls.old_day_json(dt.date(2001, 1, 1)))  # no such day: a plain 404
    other.wait_for_load_state("networkidle")
    assert "does not exist" in other.locator("[data-dpa-arxiv-lookup]").inner_text()
    assert [e for e in errors if "404" not in e] == []
