"""Reading the Daily Papers page text: all three layouts of the seeds, field by field."""
import datetime as dt

import pytest

from conftest import SEEDS
from generator.errors import InputError
from generator.model import Organization, normalise_title
from generator.readers import read_text
from generator.readers.pagetext import parse

D = dt.date


def read(name: str, day: str):
    path = SEEDS / name
    return parse(read_text(path), path), parse(read_text(path), path).digest(D.fromisoformat(day))


def entry(digest, title):
    return next(e for e in digest.entries if e.title == title)


def test_blank_line_layout_with_metadata():
    page, digest = read("000_04d1aa04de2bd716.txt", "2025-11-18")
    assert str(page.header) == "Nov 18"
    assert len(digest.entries) == 76
    first = digest.entries[0]
    assert first.title == "Schema for In-Context Learning"
    assert first.abstract.startswith("In-Context Learning (ICL) enables transformer-based")
    assert first.abstract.endswith("enhancing human-like reasoning in LLMs.")
    assert (first.authors, first.published, first.upvotes) == (7, D(2025, 10, 14), 0)
    second = entry(digest, "How new data permeates LLM knowledge and how to dilute it")
    assert (second.authors, second.published, second.upvotes) == (8, D(2025, 4, 13), 2)  # "Apr 13 2"
    dated = entry(digest, "The Emergence of Essential Sparsity in Large Pre-trained Models: The Weights that Matter")
    assert dated.published == D(2023, 6, 6)  # "Jun 6, 2023": the year is given
    voted = entry(digest, "MInference 1.0: Accelerating Pre-filling for Long-Context LLMs via Dynamic Sparse Attention")
    assert (voted.published, voted.upvotes) == (D(2024, 7, 2), 4)  # "Jul 2, 2024 4"


def test_organisation_line_instead_of_author_count():
    _, digest = read("000_04d1aa04de2bd716.txt", "2025-11-18")
    apple = [e for e in digest.entries if e.organization]
    assert [e.organization for e in apple] == [Organization("apple", "Apple")]
    assert apple[0].title == "LinEAS: End-to-end Learning of Activation Steering with a Distributional Loss"
    assert apple[0].authors is None and apple[0].upvotes == 1 and apple[0].published == D(2025, 3, 11)
    _, d001 = read("001_dc2955ea02dcb850.txt", "2025-12-09")
    assert {e.organization.name for e in d001.entries if e.organization} == {"Stanford NLP", "Spiral Works"}


def test_entries_without_metadata_in_a_file_that_has_it():
    _, digest = read("000_04d1aa04de2bd716.txt", "2025-11-18")
    bare = [e for e in digest.entries if e.authors is None and e.organization is None]
    assert len(bare) == 1 and bare[0].published is None and bare[0].upvotes is None
    _, d001 = read("001_dc2955ea02dcb850.txt", "2025-12-09")
    assert sum(1 for e in d001.entries if e.authors is None and e.organization is None) == 3


def test_layout_without_any_metadata():
    page, digest = read("002_8ab6e94608b8bff3.txt", "2025-03-11")
    assert str(page.header) == "Mar 11"
    assert len(digest.entries) == 51
    assert all(e.authors is None and e.published is None and e.upvotes is None for e in digest.entries)
    assert digest.entries[0].title.startswith("Dual Process Learning: Controlling Use of In-Context")
    assert digest.entries[-1].title == ("The mechanistic basis of data dependence and abrupt learning "
                                        "in an in-context classification task")


def test_layout_without_blank_lines_and_title_glued_to_subscribe():
    page, digest = read("004_3c1f7518a6081a0f.txt", "2025-03-10")
    assert page.header is None
    assert len(digest.entries) == 234
    assert digest.entries[0].title == "Exploring Diffusion Time-steps for Unsupervised Representation Learning"
    assert digest.entries[0].abstract.startswith("Representation learning is all about discovering")
    assert digest.entries[-1].title == "Adaptive Length Image Tokenization via Recurrent Allocation"


def test_page_furniture_is_never_a_paper():
    furniture = {"new", "Subscribe", "Daily Papers", "byAK and the research community",
                 "Get trending papers in your email inbox!", "Get trending papers in your email inbox once a day!"}
    for path in sorted(SEEDS.glob("*.txt")):
        page = parse(read_text(path), path)
        titles = {e.title for e, _ in page.entries}
        assert not titles & furniture
        assert not any(t.startswith("Subscribe") for t in titles)


def test_the_five_seeds_hold_466_entries_and_433_papers():
    entries = [e for p in sorted(SEEDS.glob("*.txt")) for e, _ in parse(read_text(p), p).entries]
    assert len(entries) == 466
    assert len({normalise_title(e.title) for e in entries}) == 433


@pytest.mark.parametrize("page_date, digest_day, expected", [
    ("Oct 14", "2025-11-18", "2025-10-14"),  # no year: the digest's
    ("Dec 30", "2026-01-02", "2025-12-30"),  # no year, but that would be after the digest: the year before
    ("Nov 18", "2025-11-18", "2025-11-18"),  # the digest's own day
    ("Mar 4, 2019", "2025-11-18", "2019-03-04"),  # a year given is kept
    ("Feb 29", "2025-03-01", "2024-02-29"),  # only the year before has that day... and is before the digest
])
def test_publication_year_rules(tmp_path, page_date, digest_day, expected):
    path = tmp_path / "d.txt"
    path.write_text(f"A Title\n\nAn abstract.\n\n  • 2 authors\n·\n{page_date}\n", encoding="utf-8")
    digest = parse(read_text(path), path).digest(D.fromisoformat(digest_day))
    assert digest.entries[0].published == D.fromisoformat(expected)


def test_an_impossible_date_is_an_error_naming_its_line(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("A Title\nAn abstract.\n  • 2 authors\n·\nFeb 30\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        parse(read_text(path), path)
    assert e.value.line == 5 and "Feb 30" in str(e.value)
