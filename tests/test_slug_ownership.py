"""A slug belongs to one paper: check and build refuse a digest edited by hand so that a slug names
another paper (moved, swapped, a reserved name registered by hand, one arXiv id on two papers),
each with one line naming both places; hand edits that keep each paper its slug still pass."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, Project

LISTING = Path(__file__).resolve().parent / "fixtures" / "api" / "2025-11-18.json"
SCHEMA = "schema-for-in-context-learning"  # on 2025-11-18: from page text, then arXiv 2510.13905 from the API
API_ONLY = "a-paper-only-the-api-lists"  # arXiv 2511.00001, listed by the API alone


@pytest.fixture
def archive(project: Project) -> Project:
    """The bundled digests, the 2025-11-18 listing imported over them so that two papers have ids."""
    shutil.copytree(REPO / "digests", project.digests)
    project.ok("import", str(LISTING), "--date", "2025-11-18")
    return project


def digest(project: Project, day: str) -> Path:
    return project.digests / f"{day}.yaml"


def slugs(project: Project, day: str) -> dict[str, int]:
    """slug -> the line its paper starts on, as a hand editor sees the file."""
    lines = digest(project, day).read_text().splitlines()
    return {m.group(1): n for n, line in enumerate(lines, 1) if (m := re.fullmatch(r"- slug: (\S+)", line))}


def nth(project: Project, day: str, n: int) -> tuple[str, int]:
    return list(slugs(project, day).items())[n]


def edit_line(project: Project, day: str, line: int, new: str) -> None:
    path = digest(project, day)
    lines = path.read_text().splitlines()
    lines[line - 1] = new
    path.write_text("\n".join(lines) + "\n")


def give_id(project: Project, day: str, line: int, arxiv_id: str) -> None:
    """An arxiv_id line added under the paper starting on `line`: its own and earlier lines stay put."""
    path = digest(project, day)
    lines = path.read_text().splitlines()
    lines.insert(line, f"  arxiv_id: '{arxiv_id}'")
    path.write_text("\n".join(lines) + "\n")


def refused(project: Project, *expected: str) -> str:
    """check and build both fail with one line holding every expected text; nothing is generated."""
    for command in ("check", "build"):
        result = project.run(command)
        assert result.code == 1, result
        assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("error: "), result.err
        for text in expected:
            assert text in result.err, result.err
    assert not (project.root / "docs" / "papers").exists()
    return result.err


def test_a_slug_moved_onto_another_days_paper_is_refused(archive):
    theirs, their_line = nth(archive, "2025-03-11", 0)
    mine, my_line = nth(archive, "2025-12-09", 0)
    edit_line(archive, "2025-12-09", my_line, f"- slug: {theirs}")
    err = refused(archive, f"2025-12-09.yaml:{my_line}:", f"slug '{theirs}' is the URL of the paper at "
                  f"2025-03-11.yaml:{their_line}", f"registered to '{mine}'")
    assert err.index("2025-12-09.yaml") < err.index("2025-03-11.yaml")  # where to fix it first


def test_a_slug_moved_onto_a_paper_with_an_arxiv_id_is_refused(archive):
    """The id names the paper: the schema paper given another day's slug is still arXiv 2510.13905."""
    at = slugs(archive, "2025-11-18")
    theirs, their_line = nth(archive, "2025-03-11", 0)
    edit_line(archive, "2025-11-18", at[SCHEMA], f"- slug: {theirs}")
    refused(archive, f"2025-11-18.yaml:{at[SCHEMA]}:", f"slug '{theirs}' is the URL of the paper at "
            f"2025-03-11.yaml:{their_line}", f"arXiv id 2510.13905 is registered to '{SCHEMA}'")


def test_a_slug_given_to_a_paper_added_by_hand_is_refused(archive):
    """A paper copied in by hand with another paper's slug, its own id and title: the slug is arXiv 2511.00001's."""
    at = slugs(archive, "2025-11-18")
    path = digest(archive, "2025-12-09")
    path.write_text(path.read_text() + f"- slug: {API_ONLY}\n  title: My Own Paper\n  arxiv_id: '2599.99999'\n"
                    "  abstract: Written by hand.\n")
    line = len(path.read_text().splitlines()) - 3
    refused(archive, f"2025-12-09.yaml:{line}:", f"slug '{API_ONLY}' is the URL of arXiv:2511.00001 "
            f"(2025-11-18.yaml:{at[API_ONLY]})", "arXiv:2599.99999")


def test_two_slugs_swapped_within_a_day_are_refused(archive):
    (first, first_line), (second, second_line) = nth(archive, "2025-12-09", 0), nth(archive, "2025-12-09", 1)
    edit_line(archive, "2025-12-09", first_line, f"- slug: {second}")
    edit_line(archive, "2025-12-09", second_line, f"- slug: {first}")
    refused(archive, f"2025-12-09.yaml:{first_line}:", f"slugs '{second}' and '{first}' are swapped",
            f"2025-12-09.yaml:{second_line}")


def test_a_hand_registered_index_slug_is_refused(archive):
    """papers/index.md would be /papers/ itself: registered by hand, it is still no paper's slug."""
    registry = archive.digests / "slugs.yaml"
    text = registry.read_text()
    registry.write_text(text + "index:\n- title:my index\n")
    registered = len(text.splitlines()) + 1
    _, line = nth(archive, "2025-10-31", 2)
    edit_line(archive, "2025-10-31", line, "- slug: index")
    refused(archive, f"2025-10-31.yaml:{line}:", "slug 'index' is reserved", f"slugs.yaml:{registered}")


@pytest.mark.parametrize("day", ["2025-03-11", "2025-12-09"])  # listed before the id's own paper, and after
def test_one_arxiv_id_on_two_papers_is_refused(archive, day):
    at = slugs(archive, "2025-11-18")
    other, line = nth(archive, day, 0)
    give_id(archive, day, line, "2510.13905")
    refused(archive, f"{day}.yaml:{line}:", f"2025-11-18.yaml:{at[SCHEMA]}", "2510.13905", other)


def test_one_new_arxiv_id_on_two_papers_is_refused(archive):
    """Neither paper had the id: the registry names neither, and still two papers cannot be one."""
    (_, first), (_, second) = nth(archive, "2025-03-11", 0), nth(archive, "2025-12-09", 0)
    give_id(archive, "2025-03-11", first, "2501.00001")
    give_id(archive, "2025-12-09", second, "2501.00001")
    refused(archive, f"2025-12-09.yaml:{second}:", "arXiv:2501.00001 is given to two papers",
            f"2025-03-11.yaml:{first}")


def test_a_title_corrected_into_another_papers_is_refused(archive):
    """No ids on either side: the title is the identity, and this one is another slug's."""
    theirs, their_line = nth(archive, "2025-03-11", 0)
    their_title = digest(archive, "2025-03-11").read_text().splitlines()[their_line]
    mine, my_line = nth(archive, "2025-12-09", 0)
    edit_line(archive, "2025-12-09", my_line + 1, their_title)
    refused(archive, f"2025-12-09.yaml:{my_line}:", f"2025-03-11.yaml:{their_line}", f"title is registered to '{theirs}'")


def test_hand_edits_that_keep_each_paper_its_slug_pass(archive):
    """A corrected title (with an id and without), a paper listed on a second day, an id added by hand,
    a paper that gained its id from the API (the fixture): check passes, each paper keeps its page,
    and so they do after the next import registers the new titles."""
    at = slugs(archive, "2025-11-18")
    edit_line(archive, "2025-11-18", at[SCHEMA] + 1, "  title: Schema for In-Context Learning, Corrected")
    page_text, line = nth(archive, "2025-12-09", 0)
    edit_line(archive, "2025-12-09", line + 1, "  title: A Title Corrected By Hand")
    _, line = nth(archive, "2025-10-31", 1)
    give_id(archive, "2025-10-31", line, "2510.99999")
    again, line = nth(archive, "2025-03-11", 0)
    block = digest(archive, "2025-03-11").read_text().splitlines()[line - 1:nth(archive, "2025-03-11", 1)[1] - 1]
    path = digest(archive, "2025-12-09")
    path.write_text(path.read_text() + "\n".join(block) + "\n")
    for _ in range(2):
        assert archive.ok("check").startswith("ok: 5 digests, 434 papers")  # the second listing is one paper
        archive.ok("generate")
        papers = archive.root / "docs" / "papers"
        assert "A Title Corrected By Hand" in (papers / f"{page_text}.md").read_text()
        assert "Corrected" in (papers / f"{SCHEMA}.md").read_text()
        assert (papers / f"{again}.md").exists() and (papers / f"{API_ONLY}.md").exists()
        assert len(list(papers.glob("*.md"))) == 434  # every paper its page: none merged into another
        archive.ok("import", str(LISTING), "--date", "2025-11-18")
