"""Nothing lost, nothing broken: the archive under bad input, faults and concurrency, through the real
commands. Each test names the class of fault it keeps fixed."""
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import load_yaml, new_project, Project, REPO, SEEDS
from generator import store
from generator.parse_cache import Parsed
from test_build import tree

S000 = str(SEEDS / "000_04d1aa04de2bd716.txt")
PAGE = "Daily Papers\n\nNov 18\n\n{title}\n\n{abstract}\n\n  • 3 authors\n·\nNov 1 2\n"


def papers(project, day="2025-11-18"):
    return load_yaml((project.digests / f"{day}.yaml").read_text())["papers"]


def listing(tmp_path, **paper):
    path = tmp_path / "2025-11-18.json"
    path.write_text(json.dumps([{"paper": {"id": "2408.00001", "title": "T", "summary": "S", **paper}}]))
    return path


def one_line_error(result, *expected):
    assert result.code == 1, result
    assert len(result.err.strip().splitlines()) == 1 and result.err.startswith("error: "), result.err
    for text in expected:
        assert text in result.err, result.err


# 1. The importer accepts only what the store loads: a bad optional field is left out, and said so.
@pytest.mark.parametrize("field, value", [
    ("githubRepo", 'https://x" onmouseover="alert(1)'),
    ("githubRepo", "https://x y"), ("githubRepo", "https://x\ty"), ("githubRepo", "https://x'y"),
    ("githubRepo", "https://x<y"), ("githubRepo", "https://x\ny"), ("githubRepo", "https://x\u00a0y"),
    ("projectPage", "javascript:alert(1)"), ("upvotes", True), ("upvotes", -1),
    ("authors", [{"name": "\x01\x02"}]), ("ai_keywords", ["\x07"]), ("ai_keywords", "not a list"),
    ("authors", "not a list"), ("organization", {"name": 5}), ("publishedAt", "2025-02-30"),
])
def test_import_leaves_out_what_the_store_would_refuse(project, tmp_path, field, value):
    out = project.ok("import", str(listing(tmp_path, **{field: value})))
    assert "1 new" in out and "left out" in out
    assert project.ok("check").startswith("ok: 1 digests, 1 papers")
    (paper,) = papers(project)
    assert paper["title"] == "T" and not {"github", "project_page", "upvotes", "author_names", "keywords",
                                          "organization", "published"} & set(paper)


def test_a_bad_required_field_refuses_the_listing(project, tmp_path):
    one_line_error(project.run("import", str(listing(tmp_path, title="\x01\x02"))), "item 1", "title")
    assert not project.digests.exists()


# 3. Concurrent commands wait for each other: no paper and no slug is lost.
def test_concurrent_imports_lose_nothing(project, tmp_path):
    entries = [(f"Concurrent Paper Number {n}", f"Abstract of paper {n}.") for n in range(10)]
    sources = []
    for k, part in enumerate((entries[:5], entries[5:])):
        text = "Daily Papers\n\nNov 18\n\n" + "".join(f"{t}\n\n{a}\n\n" for t, a in part)
        sources.append(tmp_path / f"part{k}.txt")
        sources[-1].write_text(text)
    other_day = tmp_path / "2025-11-19.txt"
    other_day.write_text("Daily Papers\n\nNov 19\n\nA Paper Of Another Day\n\nIts abstract.\n")
    command = [sys.executable, "-m", "generator", "--project", str(project.root), "import"]
    runs = [subprocess.Popen([*command, str(s), "--date", "2025-11-18"], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for s in sources]
    runs.append(subprocess.Popen([*command, str(other_day)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    assert [r.wait(timeout=60) for r in runs] == [0, 0, 0]
    assert sorted(p["title"] for p in papers(project)) == sorted(t for t, _ in entries)
    registry = load_yaml((project.digests / "slugs.yaml").read_text())
    assert len(registry) == 11 and "a-paper-of-another-day" in registry
    assert project.ok("check").startswith("ok: 2 digests, 11 papers")


# 4. The build removes what generation removed, whichever command ran it.
def test_generate_then_build_unpublishes_a_removed_paper(recent, tmp_path):
    project = Project(tmp_path / "p")
    shutil.copytree(recent.root, project.root, symlinks=True)
    digest = project.digests / "2025-11-18.yaml"
    data = load_yaml(digest.read_text())
    gone = data["papers"].pop(0)["slug"]
    digest.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert ", 1 removed" in project.ok("generate")  # its page
    project.ok("build")
    site = project.root / "site"
    assert not (site / "papers" / gone).exists() and gone not in (site / "api/papers.json").read_text()
    assert (site / "papers").is_dir()


def test_a_hand_edit_is_read_whatever_the_cache_of_parsed_digests_holds(recent, tmp_path):
    project = Project(tmp_path / "p")
    shutil.copytree(recent.root, project.root, symlinks=True)
    project.ok("generate")  # the digests as read are kept in .cache (parse_cache.Parsed), a file for each
    kept = {p.name for p in (project.root / ".cache/digests").iterdir()}
    assert kept == {f"{p.name}.pickle" for p in project.digests.glob("*.yaml")}
    digest = project.digests / "2025-11-18.yaml"
    text = digest.read_text()
    slug = load_yaml(text)["papers"][0]["slug"]
    title = load_yaml(text)["papers"][0]["title"]
    digest.write_text(text.replace(f"title: {title}", "title: A Title Corrected By Hand", 1))
    project.ok("generate")
    assert "A Title Corrected By Hand" in (project.root / "docs/papers" / f"{slug}.md").read_text()
    digest.write_text(text.replace("papers:", "papers: [", 1))  # broken: the cache's earlier reading is no excuse
    result = project.run("generate")
    assert result.code == 1 and "2025-11-18.yaml" in result.err
    for kept in (project.root / ".cache/digests").iterdir():  # a broken cache is read past
        kept.write_bytes(kept.read_bytes()[:-9])
    digest.write_text(text)
    project.ok("generate")
    assert title in (project.root / "docs/papers" / f"{slug}.md").read_text()


def test_an_import_hands_what_it_wrote_to_the_next_command_as_if_read(project, monkeypatch):
    # Parsing slugs.yaml takes seconds at 50,000 papers; the import that wrote it keeps what it holds,
    # and each day's digest as reading it back would give, without parsing it: the same papers, each
    # at its line (which error messages name), a day with a paper seen before among them.
    project.ok("import", S000, "--date", "2025-11-18")
    project.ok("import", str(SEEDS / "001_dc2955ea02dcb850.txt"), "--date", "2025-12-09")
    registry = project.digests / "slugs.yaml"
    as_read = store.load_registry(project.digests), store.load_digests(project.digests)
    monkeypatch.setattr(store, "_read_registry", lambda path: pytest.fail("parsed again"))
    monkeypatch.setattr(store, "load_digest", lambda path: pytest.fail("parsed again"))
    parsed = Parsed(project.root / ".cache/digests")
    kept = store.load_registry(project.digests, parsed), store.load_digests(project.digests, parsed)
    assert kept == as_read
    assert [[e.line for e in d.entries] for d in kept[1]] == [[e.line for e in d.entries] for d in as_read[1]]
    registry.write_text(registry.read_text().replace("\n- ", "\n- 'title:added by hand'\n- ", 1))
    with pytest.raises(pytest.fail.Exception, match="parsed again"):  # a hand edit is read, whatever was kept
        store.load_registry(project.digests, Parsed(project.root / ".cache/digests"))


# 5. Line breaks and invisible characters inside copied text never make papers.
@pytest.mark.parametrize("junk", ["\u2028", "\u2029", "\x0b", "\x0c", "\x1e", "\x85"])
def test_odd_line_breaks_inside_an_abstract_make_no_phantom_paper(project, tmp_path, junk):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(PAGE.format(title="A Real Title", abstract=f"First half of it.{junk}Second half of it."))
    assert "1 new" in project.ok("import", str(source))
    (paper,) = papers(project)
    assert paper["abstract"] == "First half of it. Second half of it."


def test_invisible_lines_are_no_paper(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text("Daily Pa\u00adpers\n\nNov 18\n\n\u200b\n\n\u200b\u200b\n\n"
                      + PAGE.format(title="A Real Title", abstract="An abstract.").split("Nov 18\n\n")[1])
    assert "1 papers read" in project.ok("import", str(source))
    assert [p["title"] for p in papers(project)] == ["A Real Title"]
    assert not any(s.startswith("paper-") for s in load_yaml((project.digests / "slugs.yaml").read_text()))


def test_a_long_title_closed_by_a_metadata_block_is_a_title(project, tmp_path):
    title = "A Title " + "Long " * 70
    source = tmp_path / "2025-11-18.txt"
    source.write_text(PAGE.format(title=title, abstract="An abstract."))
    project.ok("import", str(source))
    assert papers(project)[0]["title"] == title.strip()


def test_a_stray_nul_in_page_text_is_dropped_not_called_binary(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(PAGE.format(title="A Title\x00", abstract="An abstract."))
    project.ok("import", str(source))
    assert papers(project)[0]["title"] == "A Title"


# 6. Input no reader expected: one line, never a traceback.
@pytest.mark.parametrize("text, expected", [
    (PAGE.replace("3 authors", "9" * 5000 + " authors").format(title="T", abstract="A"), "not a plausible count"),
    (PAGE.replace("Nov 1 2", "Nov 1 " + "9" * 5000).format(title="T", abstract="A"), "not a plausible count"),
])
def test_huge_numbers_in_page_text(project, tmp_path, text, expected):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(text)
    one_line_error(project.run("import", str(source)), "2025-11-18.txt:", expected)


@pytest.mark.parametrize("body", [
    '[{"paper": {"id": "1", "title": "T", "summary": "S", "upvotes": ' + "9" * 5000 + "}}]",
    "[" * 100_000 + "]" * 100_000,
])
def test_json_no_reader_can_take(project, tmp_path, body):
    path = tmp_path / "2025-11-18.json"
    path.write_text(body)
    one_line_error(project.run("import", str(path)), "2025-11-18.json")
    assert not project.digests.exists()


def test_a_lone_surrogate_is_dropped(project, tmp_path):
    path = tmp_path / "2025-11-18.json"
    path.write_text('[{"paper": {"id": "2408.00001", "title": "A \\ud800 Title", "summary": "S"}}]')
    project.ok("import", str(path))
    assert papers(project)[0]["title"] == "A Title"
    project.ok("check")


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t.replace("date: 2025-11-18", "date: 2025-02-30"), "cannot be read"),
    (lambda t: t.replace("date: 2025-11-18", "date: !!timestamp x"), "cannot be read from"),
    (lambda t: t.replace("date: 2025-11-18", "date: !!int _"), "cannot be read from"),
    (lambda t: t.replace("source: 000_04d1aa04de2bd716.txt", "source: {a: 1}"), "'source' must be the name"),
    (lambda t: t.replace("upvotes: 2\n", "upvotes: " + "9" * 5000 + "\n", 1), "cannot be read"),
])
def test_yaml_values_no_loader_can_take(project, edit, expected):
    project.ok("import", S000, "--date", "2025-11-18")
    digest = project.digests / "2025-11-18.yaml"
    digest.write_text(edit(digest.read_text()))
    one_line_error(project.run("check"), "2025-11-18.yaml", expected)


# 8. Digests are plain data: no anchors, aliases or merge keys (a few lines of them take gigabytes).
@pytest.mark.parametrize("name", ["2025-11-18.yaml", "slugs.yaml"])
def test_a_yaml_merge_key_bomb_is_refused_at_once(project, name):
    project.ok("import", S000, "--date", "2025-11-18")
    bomb = ["a0: &a0 {x: 1}"] + [f"a{i}: &a{i}\n  <<: [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = project.digests / name
    path.write_text(path.read_text() + "\n".join(bomb) + "\n")
    started = time.monotonic()
    one_line_error(project.run("check"), name, "not plain data", "merge key")
    assert time.monotonic() - started < 5


def test_an_alias_is_refused(project):
    project.ok("import", S000, "--date", "2025-11-18")
    path = project.digests / "2025-11-18.yaml"
    lines = path.read_text().splitlines()
    first, second = [i for i, line in enumerate(lines) if line.startswith("  title: ")][:2]
    lines[first] = lines[first].replace("title: ", "title: &t ")
    lines[second] = "  title: *t"
    path.write_text("\n".join(lines) + "\n")
    one_line_error(project.run("check"), "2025-11-18.yaml", "not plain data")


# 9. check and build refuse slug problems.
def test_two_papers_given_one_slug_are_refused(project):
    project.ok("import", S000, "--date", "2025-11-18")
    path = project.digests / "2025-11-18.yaml"
    data = load_yaml(path.read_text())
    data["papers"][1]["slug"] = data["papers"][0]["slug"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    for command in ("check", "build"):
        one_line_error(project.run(command), "2025-11-18.yaml", "is given to two papers")


def test_a_registry_holding_a_path_is_refused(project, tmp_path):
    project.ok("import", S000, "--date", "2025-11-18")
    registry = project.digests / "slugs.yaml"
    registry.write_text(registry.read_text() + "../../evil:\n- 'title:evil'\n")
    source = tmp_path / "2025-11-19.txt"
    source.write_text("Daily Papers\n\nNov 19\n\nEvil\n\nAn abstract.\n")
    one_line_error(project.run("import", str(source)), "slugs.yaml", "not a slug")
    one_line_error(project.run("check"), "slugs.yaml", "not a slug")


def test_misnamed_digest_files_are_not_skipped_silently(project):
    project.ok("import", S000, "--date", "2025-11-18")
    for name in ("2025-11-19.yml", "2025-1-19.yaml"):
        shutil.copy(project.digests / "2025-11-18.yaml", project.digests / name)
        one_line_error(project.run("check"), name, "not named as a digest")
        (project.digests / name).unlink()


# 10. Feeds stay well-formed XML, whatever a title holds.
def test_characters_xml_forbids_never_reach_a_feed(project, tmp_path):
    source = tmp_path / "2025-11-18.txt"
    source.write_text(PAGE.format(title="A \uffff Title \ufffe", abstract="An abstract."))
    project.ok("import", str(source))
    assert papers(project)[0]["title"] == "A Title"
    project.ok("generate")
    feeds = sorted((project.root / "docs/feeds").rglob("*.xml"))
    assert feeds
    for feed in feeds:
        ET.parse(feed)


# 11. Generation never follows a link out of the project.
def test_a_linked_docs_folder_is_refused(project, tmp_path):
    project.ok("import", S000, "--date", "2025-11-18")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.md").write_text("keep me")
    (project.root / "docs/papers").symlink_to(outside, target_is_directory=True)
    one_line_error(project.run("generate"), "docs/papers", "symbolic link")
    assert [p.name for p in outside.iterdir()] == ["precious.md"]


# 12. A killed command leaves the project as it was or as it would have been, and nothing behind.
def leftovers(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.endswith(".tmp") or p.name.startswith(".search-") or p.name in
                  ("site-next", "site-old", "index-next", ".import-journal.json"))


def killed_at(point, project, *args):
    """The command, as its own process, killed at a named point (generator/faults.py); then the
    children it left running (MkDocs), as a real kill of the whole job would."""
    run = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project.root), *args], cwd=REPO,
                           env={**os.environ, "DPA_CRASH_AT": point}, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, err = run.communicate()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == -signal.SIGKILL, err  # it reached the point


S002 = (str(SEEDS / "002_8ab6e94608b8bff3.txt"), "--date", "2025-03-11")


@pytest.mark.parametrize("point, completed", [
    ("journal-staged", False),  # the files staged, the renames not recorded: as if never run
    ("journal-written", True),  # the renames recorded, none made: the next command makes them
    ("renamed 2025-03-11.yaml", True),  # the digest renamed, not the registry: likewise
])
def test_a_killed_import_is_before_or_after(tmp_path, point, completed):
    project = new_project(tmp_path / "p")
    project.ok("import", S000, "--date", "2025-11-18")
    before = project.snapshot()
    killed_at(point, project, "import", *S002)
    assert project.ok("check").startswith("ok: ")  # the next command completes or undoes the kill's work
    assert leftovers(project.root) == []
    if completed:
        reference = new_project(tmp_path / "r")
        reference.ok("import", S000, "--date", "2025-11-18")
        reference.ok("import", *S002)
        assert project.snapshot() == reference.snapshot() != before
    else:
        assert project.snapshot() == before


@pytest.mark.parametrize("point", ["build-indexed", "build-rendered", "build-swapping"])
def test_a_killed_build_leaves_the_published_site_and_nothing_else(recent, tmp_path, point):
    project = Project(tmp_path / "p")
    shutil.copytree(recent.root, project.root, symlinks=True)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("primary: indigo", "primary: teal", 1))  # a full build
    site, digests = tree(project.root / "site"), project.snapshot()
    killed_at(point, project, "build")
    project.ok("check")  # the next command tidies what the kill left
    assert leftovers(project.root) == []
    assert tree(project.root / "site") == site and project.snapshot() == digests
