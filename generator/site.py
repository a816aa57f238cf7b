"""The site build: MkDocs over docs/ (whole, or only the pages that changed), sitemaps, serving.

MkDocs runs in a child process while the caller indexes the archive for search (`building`): one
takes a core each, so the search index costs a build little wall time. A full build runs
`mkdocs build --strict` into a new folder that replaces site/ only once it is complete, taking the
search index along. When site/ was last built by the same MkDocs, theme and configuration, the
build is incremental instead: the HTML of pages whose Markdown was removed is deleted, and
`mkdocs build --dirty` renders only the Markdown files newer than their HTML. The generator
rewrites only Markdown whose content changed, so a daily update renders the new day, its papers and
the indexes that list them, and the result equals a full build.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from xml.sax.saxutils import escape

from .errors import InputError
from .project import Project

URLS_PER_SITEMAP = 10_000  # the protocol allows 50,000 per file; smaller files fetch faster


@dataclass
class Build:
    incremental: bool  # only changed pages rendered (mkdocs build --dirty)
    mkdocs_seconds: float = 0.0  # how long MkDocs took, known once the build is done


@contextlib.contextmanager
def building(project: Project, removed: list[Path]) -> Iterator[Build]:
    """Build site/ from docs/ with MkDocs in a child process while the `with` block runs (the caller
    writes the search index into site/pagefind/ meanwhile). removed are the Markdown files the
    generator just deleted."""
    stamp_file = project.cache / "site-build"
    stamp = _stamp(project)
    incremental = project.site.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp
    stamp_file.unlink(missing_ok=True)  # a build that fails half-way must not pass for complete
    if incremental:
        target = project.site
        for source in removed:  # a Markdown page's HTML, or a static file MkDocs copied as it is
            relative = source.relative_to(project.docs)
            _remove_page(project.site / (_page_path(relative) if relative.suffix == ".md" else relative))
    else:
        target = project.cache / "site-next"
        shutil.rmtree(target, ignore_errors=True)
        project.site.mkdir(exist_ok=True)  # holds the search index until the new site is complete
    # A dirty build logs a warning of its own, so only the full build can be --strict.
    mode = ["--dirty"] if incremental else ["--strict"]
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", *mode,
           "--config-file", str(project.mkdocs_yml), "--site-dir", str(target)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = Build(incremental)
    started = time.time()
    with tempfile.TemporaryFile("w+") as log:  # a file, not a pipe: nobody reads it until the end
        mkdocs = subprocess.Popen(cmd, cwd=project.root, stdout=log, stderr=log, text=True, env=env)

        def finish() -> None:  # notes when MkDocs itself ends, whether before the caller's block or after
            mkdocs.wait()
            build.mkdocs_seconds = time.time() - started
        waiter = threading.Thread(target=finish)
        waiter.start()
        try:
            yield build
        except BaseException:
            mkdocs.kill()
            raise
        finally:
            waiter.join()
        log.seek(0)
        if mkdocs.returncode != 0:
            detail = log.read().strip().splitlines()
            raise InputError(project.mkdocs_yml, "mkdocs build failed: " + " | ".join(detail[-5:]),
                             "fix what MkDocs reports")
    compact_pages(target, since=started)
    if not incremental:
        search = project.site / "pagefind"
        if search.is_dir():
            search.rename(target / "pagefind")
        old = project.cache / "site-old"
        shutil.rmtree(old, ignore_errors=True)
        project.site.rename(old)
        target.rename(project.site)
        shutil.rmtree(old)
    write_sitemaps(project)
    stamp_file.parent.mkdir(exist_ok=True)
    stamp_file.write_text(stamp)


_LINE_BREAK_SPACE = re.compile(rb"[ \t\r]*\n[ \t\r\n]*")


def compact_pages(site: Path, since: float) -> None:
    """Collapse each run of white space holding a line break, in the pages MkDocs just wrote, to one
    line break, since Material's templates indent heavily and every page repeats it. HTML renders
    such a run as one space either way, and no inline script of the theme's spans lines; pages
    with <pre> or <textarea>, where white space shows, are left whole. Not a full minifier: the
    ones tried decode entities, writing a title's &lt;script&gt; back as <script> inside <title>,
    which browsers read as text but other parsers may not."""
    for page in site.rglob("*.html"):
        if page.stat().st_mtime >= since:
            html = page.read_bytes()
            if b"<pre" not in html and b"<textarea" not in html:
                page.write_bytes(_LINE_BREAK_SPACE.sub(b"\n", html))


def _stamp(project: Project) -> str:
    """What every page's HTML depends on besides its own Markdown: config, theme overrides, versions,
    and this module, which post-processes the pages."""
    digest = hashlib.sha256(f"mkdocs {version('mkdocs')} material {version('mkdocs-material')}".encode())
    digest.update(Path(__file__).read_bytes())
    for path in [project.mkdocs_yml, *sorted((project.root / "overrides").rglob("*"))]:
        if path.is_file():
            digest.update(str(path.relative_to(project.root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _page_path(markdown: Path) -> Path:
    """Where MkDocs (with directory URLs) writes a Markdown file's page."""
    if markdown.name == "index.md":
        return markdown.parent / "index.html"
    return markdown.with_suffix("") / "index.html"


def _remove_page(html: Path) -> None:
    html.unlink(missing_ok=True)
    if html.parent.is_dir() and not any(html.parent.iterdir()):
        html.parent.rmdir()


def write_sitemaps(project: Project) -> None:
    """sitemap.xml as a sitemap index over files of at most URLS_PER_SITEMAP pages each: one file
    cannot list more than 50,000 URLs, and the archive outgrows that."""
    base = project.site_url().rstrip("/") + "/"
    urls = sorted(base + _url(p.relative_to(project.docs)) for p in project.docs.rglob("*.md"))
    folder = project.site / "sitemaps"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    names = []
    for n, start in enumerate(range(0, max(len(urls), 1), URLS_PER_SITEMAP), 1):
        names.append(f"sitemaps/sitemap-{n}.xml")
        body = "".join(f"<url><loc>{escape(u)}</loc></url>\n" for u in urls[start:start + URLS_PER_SITEMAP])
        (project.site / names[-1]).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n', encoding="utf-8")
    index = "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in names)
    (project.site / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{index}</sitemapindex>\n',
        encoding="utf-8")
    (project.site / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' own, superseded by the index


def _url(markdown: Path) -> str:
    page = _page_path(markdown).parent.as_posix()
    return "" if page == "." else page + "/"


def serve_site(project: Project, host: str, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project.site))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {project.site} on http://{host}:{port}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
