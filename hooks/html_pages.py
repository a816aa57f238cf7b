"""MkDocs hook: the generator's pages are HTML already, so Python-Markdown is skipped for them;
every page is written without the white space its templates leave between lines; and a build makes only
the pages it must: a full build's share when it is split over processes (on_files), a daily update's
changed pages (on_config).

A page whose front matter says `html: true` (every page the generator writes: generator/templates)
holds only raw HTML blocks, which Python-Markdown passes through unchanged but slowly: converting
them took most of MkDocs' time at 50,000 papers (benchmarks/build.py), and setting Python-Markdown
up for each page, even with nothing to convert, a fifth of what was left. tests/test_site.py builds the
site without this hook and finds the same pages, white space aside: a builder that runs no hooks
makes the same site, slower and a few bytes a page larger (the blank lines Python-Markdown needs
around raw HTML blocks).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import zlib
from typing import Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc

_LINE_BREAK_SPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
_KEEP_SPACE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.DOTALL | re.IGNORECASE)
PART = "DPA_MKDOCS_PART"  # set by generator/site/mkdocs_run.py
_dirty = False  # a `build --dirty`
_changed = ""  # the folder of changed files it reads from


def on_startup(command: str, dirty: bool, **_: Any) -> None:
    global _dirty
    _dirty = command == "build" and dirty


def on_config(config: Any, **_: Any) -> Any:
    """A `--dirty` build reads its pages from a folder holding only the files it has to make: those
    at the top of docs/ (the nav's and the hand-written pages, always made), and those in folders
    (days, papers, tags) newer than what they built, or not built yet. MkDocs would skip the others,
    but only after making a file object of each: 2.4 s a daily update at 100,000 papers, for a
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
    """The time of what a file under docs/ built (MkDocs' rule: papers/<slug>.md to
    papers/<slug>/index.html, other files to themselves), or 0 if it built nothing yet."""
    stem, _, extension = path.rpartition(".")
    if extension == "md":
        head, _, name = stem.rpartition("/")
        path = f"{head}/index.html" if name in ("index", "README") else f"{stem}/index.html"
    try:
        return os.stat(os.path.join(site, path)).st_mtime
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
    """In a full build split over processes (generator/site/mkdocs_run.py sets PART to "i/n"), keep
    each process to its share: the pages at the top (the nav's and the hand-written) are made by
    every process, those in folders (days, papers, tags) by the process their path hashes to, and
    the other files (theme assets, stylesheets, the JSON copy, feeds) copied by the first. The
    others are marked excluded, not removed: a link to one still resolves."""
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
