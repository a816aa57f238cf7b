"""Bad input: one line naming the file (and line) and the fix, exit 1, nothing written."""
import pytest

from conftest import SEEDS

GOOD = "Daily Papers\n\nNov 18\n\nA Title\n\nAn abstract.\n\n  • 3 authors\n·\nNov 1\n"


def assert_refused(result, *expected):
    assert result.code == 1, result
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith("error: ") and "Traceback" not in result.err
    for text in expected:
        assert text in result.err, result.err


@pytest.mark.parametrize("content, expected", [
    (b"", ["bad.txt", "is empty"]),
    (b"   \n\n", ["bad.txt", "is empty"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["bad.txt", "binary"]),
    ("Daily Papers\n\nNov 18\n\nCaf\xe9 au lait\n".encode("latin-1"), ["bad.txt:5", "not UTF-8", "save the file as UTF-8"]),
    (b"new\n\nSubscribe\n\nDaily Papers\n\nNov 18\n", ["bad.txt", "no papers found"]),
    (GOOD.encode() + b"\nA Truncated Title\n", ["bad.txt:13", "has no abstract"]),
    (b"Nov 18\n\nA Title\n\nAn abstract.\n\n  \xe2\x80\xa2 3 authors\n\nAnother Title\n",
     ["bad.txt:7", "incomplete metadata block"]),
    (b"Nov 18\n\nA Title\n\nAn abstract.\n\n  \xe2\x80\xa2 3 authors\n\xc2\xb7\nsoon\n", ["bad.txt:9", "expected a date"]),
    ((GOOD + "\n" + "x" * 400 + "\n\nOrphan abstract.\n").encode(), ["bad.txt:13", "expected a paper title"]),
])
def test_bad_page_text_is_refused_and_nothing_is_written(project, tmp_path, content, expected):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert_refused(project.run("import", str(bad), "--date", "2025-11-18"), *expected)
    assert not project.digests.exists()


def test_a_missing_file_or_a_folder(project, tmp_path):
    assert_refused(project.run("import", str(tmp_path / "nope.txt"), "--date", "2025-11-18"),
                   "nope.txt", "cannot be read")
    assert_refused(project.run("import", str(tmp_path), "--date", "2025-11-18"), "is a folder")


@pytest.mark.parametrize("date", ["2025-13-01", "18/11/2025", "yesterday"])
def test_a_bad_date(project, date):
    assert_refused(project.run("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", date),
                   "--date", date, "YYYY-MM-DD")
    assert not project.digests.exists()


def test_one_bad_file_among_several_writes_nothing(project, tmp_path):
    good, bad = tmp_path / "2025-11-18.txt", tmp_path / "2025-11-19.txt"
    good.write_text(GOOD)
    bad.write_text("Nov 19\n\nOnly A Title\n")
    assert_refused(project.run("import", str(good), str(bad)), "2025-11-19.txt:3")
    assert not project.digests.exists()


def test_a_bad_import_leaves_existing_digests_untouched(project, tmp_path):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    before = project.snapshot()
    bad = tmp_path / "bad.txt"
    bad.write_text(GOOD + "\nTruncated\n")
    assert_refused(project.run_process("import", str(bad), "--date", "2025-11-18"), "bad.txt")
    assert project.snapshot() == before


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t.replace("papers:\n", "papers:\n  - [oops\n", 1), ["2025-11-18.yaml:", "not valid YAML"]),
    (lambda t: t.replace("  title: Schema for In-Context Learning\n", "", 1), ["2025-11-18.yaml:5", "'title'"]),
    (lambda t: t.replace("  authors: 7\n", "  authors: seven\n", 1), ["2025-11-18.yaml:5", "'authors'"]),
    (lambda t: t.replace("  authors: 7\n", "  author: 7\n", 1), ["2025-11-18.yaml:5", "unknown field 'author'"]),
    (lambda t: t.replace("date: 2025-11-18", "date: 2025-11-19", 1), ["2025-11-18.yaml", "rename it"]),
    (lambda t: t.replace("  authors: 7\n", "  authors: 7\n  tags: [no-such-tag]\n", 1),
     ["2025-11-18.yaml:5", "unknown tag 'no-such-tag'", "tags.yaml"]),
])
def test_a_malformed_digest_is_refused_by_check_and_generate(project, edit, expected):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    path = project.digests / "2025-11-18.yaml"
    path.write_text(edit(path.read_text()))
    assert_refused(project.run("check"), *expected)
    assert_refused(project.run("generate"), *expected)
    assert not (project.root / "docs" / "papers").exists()


@pytest.mark.parametrize("taxonomy, expected", [
    ("- name: Broken\n  match: [x\n", ["tags.yaml:", "not valid YAML"]),
    ("- name: No Phrases\n  description: Nothing to match.\n", ["tags.yaml:1", "'match'"]),
    ("- name: A\n  description: a\n  match: [a]\n- name: a\n  description: b\n  match: [b]\n",
     ["tags.yaml:4", "same URL"]),
    ("just text\n", ["tags.yaml", "not a taxonomy"]),
])
def test_a_malformed_taxonomy_is_refused(project, taxonomy, expected):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    (project.root / "tags.yaml").write_text(taxonomy)
    assert_refused(project.run("check"), *expected)
    assert_refused(project.run("generate"), *expected)


def test_check_refuses_a_slug_added_by_hand(project):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    assert project.ok("check").startswith("ok: 1 digests, 76 papers")
    digest = project.digests / "2025-11-18.yaml"
    digest.write_text(digest.read_text().replace("slug: schema-for-in-context-learning\n",
                                                 "slug: my-own-slug\n", 1))
    result = project.run("check")
    assert result.code == 1
    assert "2025-11-18.yaml:" in result.err and "slug 'my-own-slug' is not registered in slugs.yaml" in result.err
    assert project.run("build").code == 1  # nor is it built: its page would vanish at the next import


def test_date_names_the_day_of_one_file_only(project, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text((SEEDS / "000_04d1aa04de2bd716.txt").read_text())
    assert_refused(project.run("import", str(first), str(second), "--date", "2025-11-18"),
                   "b.txt", "--date applies to one file only")
