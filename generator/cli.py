"""The maintainer's commands: import, fetch, generate, build, serve, check.

Quiet on success (one line of what was done), errors as one line on stderr, exit 1.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from . import store
from .archive import Archive, build_archive
from .errors import InputError
from .fetch import DEFAULT_API, fetch_digest
from .feeds import render_feeds
from .importer import import_digests, import_files
from .links import render_links
from .pages import GENERATED, render_pages
from .project import Project
from .search import build_search_index
from .site import building, serve_site
from .taxonomy import Tagger, dump_tag_cache, load_tag_cache, load_taxonomy
from .writer import sync_tree, write_files


class Command(click.Group):
    """Turns InputError into a one-line message and exit status 1, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("--date", f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-11-18") from None


@click.group(cls=Command)
@click.option("--project", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The project folder (holding digests/, tags.yaml, mkdocs.yml).")
@click.pass_context
def main(ctx, root: Path) -> None:
    """Daily Papers Archive: digests in, a static site out."""
    ctx.obj = Project(root)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", help="The digest's day, YYYY-MM-DD (else taken from the file name).")
@click.pass_obj
def import_(project: Project, files: tuple[Path, ...], date: str | None) -> None:
    """Import Daily Papers page text into digests/ (one YAML file per day)."""
    reports, written = import_files(list(files), project.digests, _date(date))
    for report in reports:
        click.echo(str(report))
    if not written:
        click.echo("nothing changed")


@main.command()
@click.option("--date", help="The day to fetch, YYYY-MM-DD (default: yesterday, UTC).")
@click.option("--api-url", default=DEFAULT_API, show_default=True, help="The API's base URL.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for the API.")
@click.pass_obj
def fetch(project: Project, date: str | None, api_url: str, timeout: float) -> None:
    """Download a day's listing from the Hugging Face API and import it."""
    day = _date(date) or dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1)
    digest = fetch_digest(api_url, day, timeout)
    reports, written = import_digests([("the API", digest)], project.digests)
    for report in reports:
        click.echo(str(report))
    if not written:
        click.echo("nothing changed")


def load_archive(project: Project, tag_cache: Path | None = None) -> Archive:
    """The archive from digests/ and tags.yaml; with tag_cache, papers whose text an earlier build
    tagged keep those tags, and the cache is brought up to date."""
    taxonomy = load_taxonomy(project.taxonomy)
    tagger = Tagger(taxonomy, load_tag_cache(tag_cache, project.taxonomy) if tag_cache else None)
    archive = build_archive(store.load_digests(project.digests), tagger, project.digests)
    if tag_cache:
        write_files({tag_cache: dump_tag_cache(tagger, project.taxonomy)})
    return archive


def _generate(project: Project) -> tuple[Archive, list[Path]]:
    """Write docs/; returns the archive and the Markdown files removed."""
    started = time.perf_counter()
    archive = load_archive(project, tag_cache=project.cache / "tags.json")
    site_url = project.site_url()
    pages = render_pages(archive, site_url)
    files = {**pages, **render_feeds(archive, site_url), **render_links(archive, site_url)}
    written, removed = sync_tree(project.docs, files, GENERATED)
    click.echo(f"generated {len(pages)} pages ({len(archive.papers)} papers, {len(archive.days)} days): "
               f"{len(written)} written, {len(removed)} removed, in {time.perf_counter() - started:.1f} s")
    return archive, removed


def _build(project: Project) -> None:
    archive, removed = _generate(project)
    started = time.perf_counter()
    with building(project, removed) as build:  # MkDocs renders meanwhile, on the other core
        rebuilt, bundles = build_search_index(archive, project.site)
        indexed = time.perf_counter() - started
    click.echo(f"indexed {len(archive.papers)} papers for search in {indexed:.1f} s "
               f"({rebuilt} of {bundles} search bundles rebuilt)")
    click.echo(f"built {project.site} ({'only changed pages' if build.incremental else 'in full'}) "
               f"in {time.perf_counter() - started:.1f} s (MkDocs {build.mkdocs_seconds:.1f} s, "
               "the search index beside it)")


@main.command()
@click.pass_obj
def generate(project: Project) -> None:
    """Write the Markdown pages into docs/ (only those whose content changed)."""
    _generate(project)


@main.command()
@click.pass_obj
def build(project: Project) -> None:
    """Generate the pages, build the site into site/ and index it for search."""
    _build(project)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.pass_obj
def serve(project: Project, host: str, port: int) -> None:
    """Build the site, then serve it."""
    _build(project)
    serve_site(project, host, port)


@main.command()
@click.pass_obj
def check(project: Project) -> None:
    """Validate digests/ and tags.yaml without writing anything."""
    archive = load_archive(project)
    registry = store.load_registry(project.digests)
    for slug in archive.papers:
        if slug not in registry:
            raise InputError(project.digests / store.REGISTRY, f"slug '{slug}' is used by a digest but not registered",
                             "import papers with 'python -m generator import' rather than adding slugs by hand")
    click.echo(f"ok: {len(archive.days)} digests, {len(archive.papers)} papers, {len(archive.tags)} tags")
