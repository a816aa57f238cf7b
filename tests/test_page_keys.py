"""A page's key is made from exactly what its template is given (keys.Keys.page), so a daily update
re-renders every page whose shown content changed, and no page when nothing did."""
import datetime as dt
import pickle

import pytest

from conftest import Project
from generator.keys import shown
from test_build import built_copy, mtimes

DIGEST = "digests/2025-11-18.yaml"
SLUG = "lineas-end-to-end-learning-of-activation-steering-with-a-distributional-loss"
TITLE = "title: 'LinEAS: End-to-end Learning of Activation Steering with a Distributional Loss'"
PAPER = f"  title: 'LinEAS: End-to-end Learning of Activation Steering with a Distributional Loss'\n"
ORG = "    handle: apple\n    name: Apple\n"
UPVOTES = "  published: 2025-03-11\n  upvotes: 1\n"

# Per page family: an edit to the digest of a field its template shows, the page, and what it shows then.
EDITS = {
    "paper": (TITLE, "title: A Title Corrected By Hand", f"papers/{SLUG}.md", "A Title Corrected By Hand"),
    "day": (UPVOTES, "  published: 2025-03-11\n  upvotes: 4321\n", "days/2025-11-18.md", "4321 upvotes"),
    "top": (UPVOTES, "  published: 2025-03-11\n  upvotes: 4321\n", "top/2025-W47.md", "4321 upvotes"),
    "organisation": (ORG, "    handle: apple\n    name: Apple Machine Learning Research\n", "orgs/apple.md",
                     "Apple Machine Learning Research"),
    "tag": (PAPER, PAPER + "  tags:\n  - agents-and-tool-use\n", "tags/agents-and-tool-use.md", SLUG),
    "tag month": (PAPER, PAPER + "  tags:\n  - agents-and-tool-use\n", "tags/agents-and-tool-use/2025-11.md", SLUG),
}


def page_keys(p: Project) -> dict[str, str]:
    """Each generated file's key, as the last generate recorded it."""
    return {path: key for path, (key, *_) in pickle.loads((p.root / ".cache/keys.pickle").read_bytes()).items()}


@pytest.mark.parametrize("family", EDITS)
def test_a_change_to_what_a_page_shows_changes_its_key_and_renders_it_again(recent, tmp_path, family):
    old, new, page, text = EDITS[family]
    p = built_copy(recent, tmp_path / "p")
    digest = p.root / DIGEST
    assert digest.read_text().count(old) == 1 and text not in (p.root / "docs" / page).read_text()
    keys = page_keys(p)
    digest.write_text(digest.read_text().replace(old, new))

    assert "(only changed pages)" in p.ok("build")
    assert page_keys(p)[page] != keys[page]
    assert text in (p.root / "docs" / page).read_text()


def test_an_unchanged_archive_rewrites_no_page(recent, tmp_path):
    p = built_copy(recent, tmp_path / "p")
    keys, before = page_keys(p), mtimes(p.root / "docs")
    assert "(only changed pages)" in p.ok("build")
    assert page_keys(p) == keys
    assert mtimes(p.root / "docs") == before


def test_a_value_a_key_cannot_say_is_refused_not_left_out():
    # A function's repr names its address, which differs from run to run: a key made of it would
    # miss what it shows, so it is refused; a template is given values, dates, papers or dataclasses.
    with pytest.raises(TypeError, match="a page's key cannot hold a function"):
        shown({"card": lambda paper: paper})
    assert shown({"b": [1, None], "a": dt.date(2025, 11, 18)}) == [("a", "2025-11-18"), ("b", [1, None])]
