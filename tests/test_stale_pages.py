"""A daily update removes at once whatever the build before made from a source that is gone: a
hand-written page or file deleted from docs/, and a search-index segment the update replaced. The
site then equals a clean build, so the cached site/ in CI never keeps publishing them."""
import json
from pathlib import Path

from conftest import NEW_DAY, Project
from test_build import built_copy, clean_build, equals_clean_build, tree

NOTES = "# Notes\n\nA hand-written page, linked from nowhere.\n"


def folders(site: Path) -> set[str]:
    """A built site's folders: tree() lists files only, so an empty folder left behind shows here."""
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_dir()}


def with_hand_written(recent: Project, folder: Path, files: dict[str, str]) -> Project:
    """A copy of the built project, with hand-written files added to docs/ and built."""
    p = built_copy(recent, folder)
    for name, text in files.items():
        (p.root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (p.root / "docs" / name).write_text(text, encoding="utf-8")
    assert "(only changed pages)" in p.ok("build")
    return p


def test_a_deleted_hand_written_page_leaves_the_site_at_the_next_daily_update(recent, tmp_path):
    p = with_hand_written(recent, tmp_path / "p", {"notes.md": NOTES, "guides/howto.md": NOTES})
    assert (p.root / "site/notes/index.html").is_file() and (p.root / "site/guides/howto/index.html").is_file()
    (p.root / "docs/notes.md").unlink()
    (p.root / "docs/guides/howto.md").unlink()
    (p.root / "docs/guides").rmdir()

    assert "(only changed pages)" in p.ok("build")
    assert not (p.root / "site/notes").exists() and not (p.root / "site/guides").exists()
    clean = clean_build(p.digests, tmp_path / "clean")
    assert tree(p.root / "site") == tree(clean.root / "site")
    assert folders(p.root / "site") == folders(clean.root / "site")


def test_a_deleted_hand_written_script_or_stylesheet_leaves_the_site_too(recent, tmp_path):
    p = with_hand_written(recent, tmp_path / "p", {"javascripts/x.js": "let x = 1;\n",
                                                   "stylesheets/x.css": "p { color: red; }\n",
                                                   "extra/y.css": "p { color: blue; }\n"})
    assert (p.root / "site/javascripts/x.js").is_file() and (p.root / "site/extra/y.css").is_file()
    for name in ("javascripts/x.js", "stylesheets/x.css", "extra/y.css"):
        (p.root / "docs" / name).unlink()

    assert "(only changed pages)" in p.ok("build")
    assert not (p.root / "site/javascripts/x.js").exists() and not (p.root / "site/stylesheets/x.css").exists()
    assert not (p.root / "site/extra").exists()  # the folder it leaves empty goes too
    assert (p.root / "site/javascripts/cite.js").is_file()  # the scripts still in docs/ stay
    clean = clean_build(p.digests, tmp_path / "clean")
    assert tree(p.root / "site") == tree(clean.root / "site")
    assert folders(p.root / "site") == folders(clean.root / "site")


def test_a_daily_update_that_replaces_a_search_segment_leaves_no_folder_of_the_old_one(recent, recent_and_new_day,
                                                                                     tmp_path):
    # The three days' papers are the newest segment, which every new day replaces.
    daily = built_copy(recent, tmp_path / "daily")
    index = daily.root / "site/search-index"
    before = [s["name"] for s in json.loads((index / "manifest.json").read_text())["segments"]]
    source = tmp_path / "2025-12-10.txt"
    source.write_text(NEW_DAY, encoding="utf-8")
    daily.ok("import", str(source))
    assert "(only changed pages)" in daily.ok("build")

    after = [s["name"] for s in json.loads((index / "manifest.json").read_text())["segments"]]
    assert after != before
    assert sorted(p.name for p in (index / "segments").iterdir()) == sorted(after)
    equals_clean_build(daily, recent_and_new_day)
    assert folders(daily.root / "site") == folders(recent_and_new_day.root / "site")
