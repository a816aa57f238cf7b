"""Importing digests into the store: which day, merging, and URLs that never move."""

from conftest import load_yaml, REPO, SEED_DAYS, SEEDS

S000 = str(SEEDS / "000_04d1aa04de2bd716.txt")


def page_text(*papers: tuple[str, str], header: str = "Nov 18") -> str:
    body = "\n\n".join(f"{t}\n\n{a}\n\n  • 3 authors\n·\nNov 1" for t, a in papers)
    return f"Daily Papers\n\n{header}\n\n{body}\n"


def slugs(project, day: str) -> dict[str, str]:
    data = load_yaml((project.digests / f"{day}.yaml").read_text())
    return {p["title"]: p["slug"] for p in data["papers"]}


def test_bundled_digests_are_the_seeds_imported_with_the_projects_command(project):
    project.import_seeds()
    # digests/README.md describes the format; every other file there is what the import wrote.
    assert project.snapshot() == {p.name: p.read_bytes() for p in sorted((REPO / "digests").iterdir())
                                  if p.name != "README.md"}


def test_import_reports_day_papers_read_new_and_known(project):
    out = project.ok("import", S000, "--date", "2025-11-18")
    assert out == "2025-11-18: 76 papers read from 000_04d1aa04de2bd716.txt, 76 new, 0 already known\n"
    out = project.ok("import", str(SEEDS / "001_dc2955ea02dcb850.txt"), "--date", "2025-12-09")
    assert "39 papers read" in out and "33 new, 6 already known" in out


def test_date_from_the_file_name(project, tmp_path):
    source = tmp_path / "daily-2025-11-18.txt"
    source.write_text(page_text(("A Title", "An abstract.")), encoding="utf-8")
    project.ok("import", str(source))
    assert (project.digests / "2025-11-18.yaml").exists()


def test_no_date_is_refused_showing_the_header_date_found(project):
    result = project.run("import", S000)
    assert result.code == 1
    assert "Nov 18" in result.err and "--date" in result.err and "000_04d1aa04de2bd716.txt" in result.err
    assert not project.digests.exists()


def test_a_date_that_contradicts_the_header_is_refused(project):
    result = project.run("import", S000, "--date", "2025-11-19")
    assert result.code == 1 and "Nov 18" in result.err and "2025-11-19" in result.err
    assert not project.digests.exists()


def test_importing_the_same_file_twice_changes_nothing(project):
    project.ok("import", S000, "--date", "2025-11-18")
    before = project.snapshot()
    out = project.ok("import", S000, "--date", "2025-11-18")
    assert "0 new, 76 already known" in out and "nothing changed" in out
    assert project.snapshot() == before


def test_a_second_import_for_a_day_merges_without_losing_a_paper(project, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(page_text(("Paper One", "Abstract one."), ("Paper Two", "Abstract two.")), encoding="utf-8")
    second.write_text(page_text(("Paper Two", "Abstract two."), ("Paper Three", "Abstract three.")), encoding="utf-8")
    project.ok("import", str(first), "--date", "2025-11-18")
    out = project.ok("import", str(second), "--date", "2025-11-18")
    assert "2 papers read" in out and "1 new, 1 already known" in out
    assert list(slugs(project, "2025-11-18")) == ["Paper One", "Paper Two", "Paper Three"]


def test_a_paper_twice_in_one_digest_is_one_paper(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(page_text(("Same Paper", "Abstract."), ("Same  paper", "Abstract.")), encoding="utf-8")
    out = project.ok("import", str(source))
    assert "2 papers read" in out and "1 new, 1 already known" in out
    assert list(slugs(project, "2025-11-18")) == ["Same Paper"]


def test_titles_that_slugify_alike_get_a_deterministic_suffix(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(page_text(("Attention!", "One."), ("Attention?", "Two."), ("ATTENTION.", "Three.")),
                      encoding="utf-8")
    project.ok("import", str(source))
    assert list(slugs(project, "2025-11-18").values()) == ["attention", "attention-2", "attention-3"]


def test_urls_never_move_as_the_archive_grows(project, tmp_path):
    early = tmp_path / "2025-11-16.txt"
    early.write_text(page_text(("Sparse Attention", "First."), header="Nov 16"), encoding="utf-8")
    project.ok("import", str(early))
    before = slugs(project, "2025-11-16")
    # A later day brings a title that slugifies alike, and the same paper again.
    later = tmp_path / "2025-11-17.txt"
    later.write_text(page_text(("Sparse-Attention", "Second."), ("Sparse Attention", "First."), header="Nov 17"),
                     encoding="utf-8")
    project.ok("import", str(later))
    for name, day in SEED_DAYS.items():
        project.ok("import", str(SEEDS / name), "--date", day)
    assert slugs(project, "2025-11-16") == before == {"Sparse Attention": "sparse-attention"}
    assert slugs(project, "2025-11-17") == {"Sparse-Attention": "sparse-attention-2",
                                            "Sparse Attention": "sparse-attention"}


def test_a_corrected_title_keeps_its_url(project, tmp_path):
    project.ok("import", S000, "--date", "2025-11-18")
    path = project.digests / "2025-11-18.yaml"
    path.write_text(path.read_text().replace("title: Schema for In-Context Learning",
                                             "title: Schemas for In-Context Learning (corrected)"))
    project.ok("generate")
    page = (project.root / "docs/papers/schema-for-in-context-learning.md").read_text()
    assert "Schemas for In-Context Learning (corrected)" in page
    # The page text, imported again with its old title, still finds the same paper.
    out = project.ok("import", S000, "--date", "2025-11-18")
    assert "0 new, 76 already known" in out
    assert slugs(project, "2025-11-18")["Schemas for In-Context Learning (corrected)"] == \
        "schema-for-in-context-learning"
    # A new paper under the old title's slug gets a suffix: the published URL stays with its paper.
    source = tmp_path / "2025-11-19.txt"
    source.write_text(page_text(("Schema for In-Context-Learning!", "Another paper."), header="Nov 19"),
                      encoding="utf-8")
    project.ok("import", str(source))
    assert slugs(project, "2025-11-19") == {"Schema for In-Context-Learning!": "schema-for-in-context-learning-2"}


def test_titles_without_letters_or_shaped_like_paths_get_safe_slugs(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(page_text(("!!!", "No letters."), ("../../etc/passwd", "A path."), ("index", "Reserved.")),
                      encoding="utf-8")
    project.ok("import", str(source))
    got = list(slugs(project, "2025-11-18").values())
    assert got[0].startswith("paper-") and got[1:] == ["etc-passwd", "index-2"]
    again = tmp_path / "2025-11-19.txt"
    again.write_text(page_text(("???", "Also no letters."), header="Nov 19"), encoding="utf-8")
    project.ok("import", str(again))
    assert slugs(project, "2025-11-19")["???"] not in got  # distinct, and the same on every run
