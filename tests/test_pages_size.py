"""The site's size as GitHub Pages counts it: the tar's size to the byte, a warning near the limit,
and a build over it that fails and publishes nothing."""
import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.project import Project as Paths
from generator.site import pages_size
from generator.site.pages_size import LIMIT, PagesSize, check, tar_bytes
from conftest import NEW_DAY
from test_build import built_copy, equals_clean_build, tree


def small_site(folder: Path) -> Path:
    """Files of sizes around a tar block, an empty file and folder, names over a tar header's 100
    bytes, and dotfiles, which the Pages action leaves out."""
    deep = folder / ("d" * 60) / ("e" * 39)  # "./ddd…/eee…/" is 103 bytes: a long name, for the folder too
    for path in (folder / "empty-folder", deep, folder / ".hidden-folder"):
        path.mkdir(parents=True)
    sizes = {"index.html": 3000, "one": 1, "block": 512, "block-and-one": 513, "empty": 0, "big.json": 70_000}
    for name, size in sizes.items():
        (folder / name).write_bytes(b"x" * size)
    (deep / ("f" * 30)).write_bytes(b"y" * 700)
    (folder / ".nojekyll").write_bytes(b"")
    (folder / ".hidden-folder" / "inside").write_bytes(b"z" * 5000)
    return folder


def python_tar(folder: Path) -> bytes:
    """A tar of folder as the Pages action makes one (GNU format, `.` as the top, dotfiles left out),
    written by Python's tarfile."""
    def visible(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
        return None if Path(member.name).name.startswith(".") and member.name != "." else member
    written = io.BytesIO()
    with tarfile.open(fileobj=written, mode="w", format=tarfile.GNU_FORMAT, dereference=True) as tar:
        tar.add(folder, arcname=".", filter=visible)
    return written.getvalue()


def test_the_size_is_that_of_the_tar_the_pages_action_makes(tmp_path, monkeypatch):
    site = small_site(tmp_path / "site")
    names = tarfile.open(fileobj=io.BytesIO(python_tar(site))).getnames()
    assert len(names) == 11 and not any("/." in name for name in names)
    assert tar_bytes(site) == len(python_tar(site))
    # The action's own command line (GNU tar), as actions/upload-pages-artifact runs it.
    action = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", "-",
                             "--exclude=.git", "--exclude=.github", "--exclude=.[^/]*", "."],
                            capture_output=True, check=True)
    assert tar_bytes(site) == len(action.stdout)
    # To the block, not only to the 10 KB record the tar is padded to.
    monkeypatch.setattr(tarfile, "RECORDSIZE", tarfile.BLOCKSIZE)
    monkeypatch.setattr(pages_size, "RECORD", pages_size.BLOCK)
    assert tar_bytes(site) == len(python_tar(site))
    (site / "one").write_bytes(b"x" * 513)
    assert tar_bytes(site) == len(python_tar(site))


def test_a_folder_placed_in_the_site_counts_as_if_it_were_there(tmp_path):
    """A full build's search index, beside the site until both are complete."""
    site, index = small_site(tmp_path / "site"), small_site(tmp_path / "index")
    placed = tar_bytes(site, {"search-index": index})
    index.rename(site / "search-index")
    assert placed == tar_bytes(site) > tar_bytes(small_site(tmp_path / "alone"))


def test_the_limit_is_a_bound_the_site_may_reach(tmp_path):
    site = small_site(tmp_path / "site")
    size = tar_bytes(site)
    assert check(Paths(tmp_path), site, site / "search-index", limit=size).bytes == size
    with pytest.raises(BuildError) as failed:
        check(Paths(tmp_path), site, site / "search-index", limit=size - 1)
    assert str(failed.value).startswith(f"{tmp_path / 'site'}: ") and "over its" in str(failed.value)


def test_the_warning_starts_past_nine_tenths_of_one_gigabyte():
    assert LIMIT == 1_000_000_000
    assert PagesSize(Path("site"), 900_000_000, LIMIT).warning() is None
    warning = PagesSize(Path("site"), 950_000_000, LIMIT).warning()
    assert warning and warning.startswith("warning: site: 950.0 MB as GitHub Pages counts it, 95% of its 1 GB limit")
    assert "\n" not in warning


def test_a_build_near_the_limit_warns_in_one_line(recent, tmp_path, monkeypatch):
    p = built_copy(recent, tmp_path / "p")
    assert "warning" not in p.run("build").err
    monkeypatch.setattr(pages_size, "LIMIT", int(tar_bytes(p.root / "site") / 0.95))
    result = p.run("build")  # in this process, with the limit set here
    assert result.code == 0
    assert result.err.startswith("warning: ") and len(result.err.strip().splitlines()) == 1
    assert f"{p.root / 'site'}: " in result.err and "95% of its" in result.err


def test_a_full_build_over_the_limit_fails_and_leaves_the_published_site_as_it_was(recent, tmp_path, monkeypatch):
    p = built_copy(recent, tmp_path / "p")
    before = tree(p.root / "site")
    config = p.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("primary: indigo", "primary: teal", 1))  # a full build
    monkeypatch.setattr(pages_size, "LIMIT", tar_bytes(p.root / "site") // 2)
    result = p.run("build")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert result.err.startswith(f"error: {p.root / 'site'}: ") and "MB as GitHub Pages counts it, over its" in result.err
    assert tree(p.root / "site") == before
    monkeypatch.undo()
    assert "(in full)" in p.ok("build") and tree(p.root / "site") != before


def test_a_daily_update_over_the_limit_makes_the_next_build_full(recent, recent_and_new_day, tmp_path, monkeypatch):
    """A daily update writes into site/ itself: failing, it leaves site/ to be built in full next time."""
    p = built_copy(recent, tmp_path / "p")
    (tmp_path / "2025-12-10.txt").write_text(NEW_DAY, encoding="utf-8")
    p.ok("import", str(tmp_path / "2025-12-10.txt"))
    monkeypatch.setattr(pages_size, "LIMIT", tar_bytes(p.root / "site") // 2)
    result = p.run("build")
    assert result.code == 1 and "over its" in result.err
    monkeypatch.undo()
    assert "(in full)" in p.ok("build")
    equals_clean_build(p, recent_and_new_day)


def test_the_project_has_no_dotfile_the_pages_action_would_leave_out(recent):
    """actions/upload-pages-artifact leaves out dotfiles: a site that needs one would break on Pages."""
    assert not [path for path in (recent.root / "site").rglob(".*")]
