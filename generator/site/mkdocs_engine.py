"""MkDocs, the engine that renders docs/ into the site: all the build knows of it, and the one module
of the generator that imports it (tests/test_engine_seam.py checks), so another engine replaces
this module, mkdocs.yml and hooks/html_pages.py.

- `MkDocsRun`: MkDocs in child processes. A full build starts one `mkdocs build` per core the build
  may use, each with PART ("i/n") set, and each built into a folder of its own; the shares are then
  moved into the first's. An incremental build (`--dirty`, a few hundred pages) is one process. The
  caller indexes the archive for search meanwhile.
- The hook: the `on_*` event functions, which MkDocs loads from hooks/html_pages.py. The generator's
  pages are HTML already, so Python-Markdown is skipped for them; every page is written without the
  white space its templates leave between lines; and a build makes only the pages it must: a full
  build's share when it is split over processes (on_files), a daily update's changed pages
  (on_config).
- `release`: the MkDocs and Material a site was built with, and this module's code, for the build
  stamp (stamp.py).
Where MkDocs writes a page (papers/<slug>.md to papers/<slug>/index.html) is urls.built's rule, as
every address is defined there; tests/test_engine_seam.py holds it to MkDocs' own File.

A page whose front matter says `html: true` (every page the generator writes: generator/templates)
holds only raw HTML blocks, which Python-Markdown passes through unchanged but slowly: converting
them took most of MkDocs' time at 50,000 papers (benchmarks/build.py), and setting Python-Markdown
up for each page, even with nothing to convert, much of what was left. tests/test_site.py builds the
site without the hook and finds the same pages, white space aside: a builder that runs no hooks
makes the same site, slower and a few bytes a page larger (the blank lines Python-Markdown needs
around raw HTML blocks).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc

from .. import urls
from ..cores import cores
from ..errors import BuildError
from ..project import Project
from . import folders

LOG_LINES_SHOWN = 5  # of MkDocs' output, in the one-line error of a failed build
PART = "DPA_MKDOCS_PART"  # "i/n": this MkDocs process makes the i-th of n shares of a full build
# The folder holding the generator: MkDocs, run in a project's folder, imports the hook from it.
_CODE = Path(__file__).resolve().parent.parent.parent


def release() -> str:
    """What every built page depends on from the engine: MkDocs', Material's and the hook's code,
    the path rule it takes from urls.py included."""
    code = hashlib.sha256(Path(__file__).read_bytes() + Path(urls.__file__).read_bytes()).hexdigest()
    return f"mkdocs {version('mkdocs')} material {version('mkdocs-material')} hook {code}"


# Running MkDocs.

@dataclass
class _Process:
    process: subprocess.Popen
    log: IO[str]  # a file, not a pipe: nobody reads it until the end
    site: Path  # where it writes


@dataclass
class MkDocsRun:
    processes: list[_Process]
    started: float  # time.time()
    ended: float = 0.0
    waiter: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        # Notes when MkDocs itself ends, whether before the caller's own work or after.
        self.waiter = threading.Thread(target=self._wait)
        self.waiter.start()

    def _wait(self) -> None:
        for p in self.processes:
            p.process.wait()
        self.ended = time.time()

    @classmethod
    def start(cls, project: Project, target: Path, incremental: bool) -> MkDocsRun:
        # A dirty build logs a warning of its own, so only the full build can be --strict.
        mode = ["--dirty"] if incremental else ["--strict"]
        n = 1 if incremental else cores()
        started = time.time()
        path = os.pathsep.join([str(_CODE), *filter(None, [os.environ.get("PYTHONPATH")])])
        processes: list[_Process] = []
        try:
            for i in range(n):
                site = target if i == 0 else folders.part_site(project, i)
                # Not --quiet: it would hide the warnings that --strict counts. The log is a file.
                cmd = [sys.executable, "-m", "mkdocs", "build", *mode,
                       "--config-file", str(project.mkdocs_yml), "--site-dir", str(site)]
                log = tempfile.TemporaryFile("w+")
                env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path,
                       **({PART: f"{i}/{n}"} if n > 1 else {})}
                processes.append(_Process(subprocess.Popen(cmd, cwd=project.root, stdout=log, stderr=log,
                                                           text=True, env=env), log, site))
        except BaseException:
            for p in processes:
                p.process.kill()
            raise
        return cls(processes, started)

    def kill(self) -> None:
        for p in self.processes:
            p.process.kill()
        self.waiter.join()
        for p in self.processes:
            p.log.close()

    def finish(self) -> float:
        """Wait for MkDocs; returns the seconds it took, or raises BuildError with what it said."""
        self.waiter.join()
        failed = []
        for p in self.processes:
            with p.log:
                p.log.seek(0)
                if p.process.returncode != 0:
                    failed = p.log.read().strip().splitlines()
        if failed:
            raise BuildError("mkdocs build failed: " + " | ".join(failed[-LOG_LINES_SHOWN:]))
        moving = time.time()
        for p in self.processes[1:]:
            _move_into(p.site, self.processes[0].site)
        return self.ended - self.started + time.time() - moving


def _move_into(part: Path, site: Path) -> None:
    """Move a share's pages into the first share's site; the pages every share built (those at the
    top, the same in each) are already there."""
    for folder, _, names in os.walk(part):
        relative = os.path.relpath(folder, part)
        os.makedirs(os.path.join(site, relative), exist_ok=True)
        for name in names:
            destination = os.path.join(site, relative, name)
            if not os.path.exists(destination):
                os.rename(os.path.join(folder, name), destination)
    shutil.rmtree(part)


# The hook: MkDocs calls these in each process MkDocsRun starts.

_LINE_BREAK_SPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
_KEEP_SPACE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE)
_dirty = False  # a `build --dirty`
_changed = ""  # the folder of changed files it reads from


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    global _dirty
    _dirty = command == "build" and dirty


def on_config(config: Any, **_: Any) -> Any:
    """A `--dirty` build reads its pages from a folder holding only the files it has to make: those
    at the top of docs/ (the nav's and the hand-written pages, always made), and those in folders
    (days, papers, tags) newer than what they built, or not built yet. MkDocs would skip the others,
    but only after making a file object of each, every file of the archive for a daily update's
    hundred pages. The files are copied with their times, which is what --dirty compares. The
    generator's pages link by URL; a hand-written page may link a file by its path (`days/….md`),
    which MkDocs resolves among the files it has, so the files such pages link are copied too (and,
    unchanged, not made)."""
    global _changed
    if _dirty:
        _changed = tempfile.mkdtemp(prefix="dpa-changed-docs-")
        copied = _copy_changed(config.docs_dir, config.site_dir, _changed)
        for page in [path for path in copied if path.endswith(".md")]:
            with open(os.path.join(_changed, page), encoding="utf-8") as f:
                text = f.read()
            if not text.startswith("---\nhtml: true\n"):
                for target in _linked(page, text):
                    if target not in copied and os.path.isfile(os.path.join(config.docs_dir, target)):
                        _copy(config.docs_dir, _changed, target)
                        copied.add(target)
        config.docs_dir = _changed
    return config


def on_post_build(**_: Any) -> None:
    if _changed:
        shutil.rmtree(_changed, ignore_errors=True)


def on_build_error(**_: Any) -> None:
    on_post_build()


def _copy_changed(docs: str, site: str, into: str, folder: str = "") -> set[str]:
    """Copy the files of docs/ (under folder) that are at its top or newer than what they built;
    returns their paths."""
    copied = set()
    with os.scandir(os.path.join(docs, folder)) as entries:
        for entry in entries:
            path = f"{folder}{entry.name}"
            if entry.is_dir():
                copied |= _copy_changed(docs, site, into, f"{path}/")
            elif not folder or entry.stat().st_mtime > _built_time(site, path):
                _copy(docs, into, path)
                copied.add(path)
    return copied


def _copy(docs: str, into: str, path: str) -> None:
    os.makedirs(os.path.dirname(os.path.join(into, path)), exist_ok=True)
    shutil.copy2(os.path.join(docs, path), os.path.join(into, path))


# A Markdown link's or image's target, inline ("](days/x.md#top)") or by reference ("[a]: days/x.md").
_LINK = re.compile(r"\]\(\s*<?([^)\s>#?]+)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>#?]+)", re.MULTILINE)


def _linked(page: str, text: str) -> set[str]:
    """The paths under docs/ that a Markdown page's relative links name (more, never fewer, than
    MkDocs resolves: a link in a code block counts too)."""
    folder = os.path.dirname(page)
    found = set()
    for match in _LINK.finditer(text):
        target = match[1] or match[2]
        if "://" not in target and not target.startswith(("/", "mailto:")):
            found.add(os.path.normpath(os.path.join(folder, target)).replace(os.sep, "/"))
    return found


def _built_time(site: str, path: str) -> float:
    """The time of what a file under docs/ built, or 0 if it built nothing yet."""
    try:
        return os.stat(os.path.join(site, urls.built(path))).st_mtime
    except OSError:
        return 0.0


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if page.meta.get("html") is True:
        html = markdown.strip()  # what Python-Markdown makes of it
        page.render = lambda *_: _rendered(page, html)  # in place of Page.render, for this page
        return ""  # else the page would hold its text twice until the build ends (MkDocs keeps every page)
    return markdown


def _rendered(page: Any, html: str) -> None:
    """What Page.render leaves on a page whose Markdown is raw HTML blocks: that HTML as its content,
    no table of contents, no title from a heading (the front matter names it) and, as the HTML is not
    parsed, no anchors other pages' links could be checked against."""
    page.content = html
    page.toc = get_toc([])
    page.present_anchor_ids = set()


def compact(html: str) -> str:
    """Each run of white space holding a line break made one line break. HTML renders such a run as
    one space either way, and no inline script of the theme's spans lines; inside <pre> and
    <textarea> (a paper's BibTeX entry), where white space shows, it is kept. Not a full minifier: the
    ones tried decode entities, writing a title's &lt;script&gt; back as <script> inside <title>,
    which browsers read as text but other parsers may not."""
    parts = _KEEP_SPACE.split(html)  # the kept elements at odd indexes
    return "".join(part if i % 2 else _LINE_BREAK_SPACE.sub("\n", part) for i, part in enumerate(parts))


def on_post_page(output: str, **_: Any) -> str:
    return compact(output)


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:  # 404.html
    return compact(output_content) if template_name.endswith(".html") else output_content


def on_files(files: Any, **_: Any) -> Any:
    """In a full build split over processes (MkDocsRun sets PART to "i/n"), keep each process to its
    share: the pages at the top (the nav's and the hand-written) are made by every process, those in
    folders (days, papers, tags) by the process their path hashes to, and the other files (theme
    assets, stylesheets, the JSON copy, feeds) copied by the first. The others are marked excluded,
    not removed: a link to one still resolves."""
    part = os.environ.get(PART)
    if not part:
        return files
    i, n = (int(x) for x in part.split("/"))
    for file in files:
        if file.is_documentation_page():
            keep = "/" not in file.src_uri or zlib.crc32(file.src_uri.encode()) % n == i
        else:
            keep = i == 0
        if not keep:
            file.inclusion = InclusionLevel.EXCLUDED
    return files
