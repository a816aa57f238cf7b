"""A tag's name makes its URL (/tags/<slug>/): a name that cannot make one is refused in one line."""
import pytest

from conftest import SEEDS

GOOD = "- name: Attention\n  description: Attention mechanisms.\n  match: [attention]\n"


@pytest.mark.parametrize("name", ['"!!!"', '"---"', '"…"', '"🙂"'])
def test_a_tag_name_without_letters_or_digits_is_refused(project, name):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    (project.root / "tags.yaml").write_text(GOOD + f"- name: {name}\n  description: Odd.\n  match: [odd]\n",
                                            encoding="utf-8")
    for command in ("check", "generate"):
        result = project.run(command)
        assert result.code == 1, result
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert result.err.startswith("error: ") and "tags.yaml:4: " in result.err, result.err
        assert "has no letters or digits to make its URL from" in result.err and "same URL" not in result.err
        assert "name it with at least one word" in result.err
    assert not (project.root / "docs" / "tags").exists()


def test_two_names_with_one_url_still_name_the_first(project):
    project.ok("import", str(SEEDS / "000_04d1aa04de2bd716.txt"), "--date", "2025-11-18")
    (project.root / "tags.yaml").write_text(GOOD + "- name: ATTENTION!\n  description: Again.\n  match: [x]\n")
    result = project.run("check")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result
    assert "tags.yaml:4: tag 'ATTENTION!' has the same URL as 'Attention'" in result.err
