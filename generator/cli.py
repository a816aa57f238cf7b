"""The maintainer's commands: import, fetch, generate, build, serve, check.

Quiet on success (one line of what was done), errors as one line on stderr, exit 1.
"""
from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Callable, Collection
from pathlib import Path

import click

from . import backfill, pipeline
from .archive import Archive
from .errors import BuildError, InputError
from .enrich import enrich_papers
from .fetch import DEFAULT_API, check_request
from .importer import Importer, Report, import_files
from .project import Project
from .serve import open_server, serve_site


class Command(click.Group):
    """Turns our errors into a one-line message and exit status 1, without a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (InputError, BuildError) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(1)


def _date(value: str | None, option: str = "--date") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(option, f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-11-18") from None


def _waiting() -> None:
    click.echo("waiting for another command on this project to finish…", err=True)


def _session(project: Project):
    return pipeline.session(project, _waiting)


def _imported(reports: list[Report], written: list[Path]) -> None:
    for report in reports:
        click.echo(str(report))
    if not written:
        click.echo("nothing changed")


@click.group(cls=Command)
@click.option("--project", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The project folder (holding digests/, tags.yaml, mkdocs.yml).")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Daily Papers Archive: digests in, a static site out."""
    # A command holds every paper in memory at once and makes few short-lived cycles: with Python's
    # default thresholds the collector re-scans those objects over and over, a large share of a
    # command's time on a large archive.
    gc.set_threshold(50_000, 20, 100)
    ctx.obj = Project(root)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", help="The digest's day, YYYY-MM-DD (else taken from the file name).")
@click.option("--allow-future", is_flag=True, help="Import a digest dated after today (UTC), which is refused otherwise.")
@click.pass_obj
def import_(project: Project, files: tuple[Path, ...], date: str | None, allow_future: bool) -> None:
    """Import Daily Papers page text into digests/ (one YAML file per day)."""
    with _session(project):
        _imported(*import_files(list(files), project.digests, _date(date), pipeline.parsed(project), allow_future))


@main.command()
@click.option("--date", help="Fetch this one day, YYYY-MM-DD, held or not.")
@click.option("--since", help="Fetch every day from this one on (YYYY-MM-DD) that digests/ does not hold.")
@click.option("--until", help="With --since: the last day to fetch (default: yesterday, UTC).")
@click.option("--refresh", is_flag=True, help="With --since: fetch the days digests/ holds again too.")
@click.option("--api-url", default=DEFAULT_API, show_default=True, help="The API's base URL.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for each answer.")
@click.pass_obj
def fetch(project: Project, date: str | None, since: str | None, until: str | None, refresh: bool,
          api_url: str, timeout: float) -> None:
    """Download listings from the Hugging Face API and import them, a day at a time.

    With no date: every day after the newest digest through yesterday (30 days back at most), then
    the held days of the last week again, so that their lists and counts settle. Exit status 1 if a
    day failed; the days fetched are kept, and running the command again goes on from there."""
    days = _fetch_range(date, since, until, refresh)
    check_request(api_url, timeout)
    with _session(project):
        importer = Importer(project.digests, pipeline.parsed(project))
        plan = days(importer.digests.keys())
        if not (date or since) and (missed := backfill.gap(importer.digests.keys(), backfill.yesterday())):
            click.echo(f"note: digests/ holds nothing from {missed[0]} to {missed[1]}, before the {backfill.CATCH_UP_DAYS} "
                       f"days the daily run looks back: fetch them with --since {missed[0]}", err=True)
        hidden = not sys.stderr.isatty()  # click prints a hidden bar's label once; say nothing instead
        with click.progressbar(plan, label="fetching", file=sys.stderr, hidden=hidden,
                               item_show_func=lambda day: str(day or "")) as days_shown:
            summary = backfill.fetch_days(days_shown, importer, api_url, timeout)
    for report in summary.noted:
        click.echo(str(report))
    click.echo(summary)
    for _, error in summary.failed:
        click.echo(f"error: {error}", err=True)
    if summary.failed:
        sys.exit(1)


def _fetch_range(date: str | None, since: str | None, until: str | None,
                 refresh: bool) -> Callable[[Collection[dt.date]], list[dt.date]]:
    """Which days `fetch` asks for, given the days digests/ holds; bad options are refused first."""
    if date and (since or until or refresh):
        raise InputError("--date", "fetches one day; it does not go with --since, --until or --refresh",
                         "give either --date or --since (with --until and --refresh if needed)")
    if (until or refresh) and not since:
        raise InputError("--until" if until else "--refresh", "goes with --since",
                         "give the range's first day as --since YYYY-MM-DD")
    last = backfill.yesterday()
    for option, value in (("--date", date), ("--until", until)):
        if (day := _date(value, option)) and day > last + dt.timedelta(days=1):
            raise InputError(option, f"{day} has not begun yet (in UTC)", "give a day up to today; yesterday's "
                             "listing is complete, today's still growing")
    if day := _date(date, "--date"):
        return lambda held: [day]
    if first := _date(since, "--since"):
        end = _date(until, "--until") or last
        if end < first:
            raise InputError("--until", f"{end} is before --since {first}", "give a range whose first day comes first")
        return lambda held: backfill.range_plan(held, first, end, refresh)
    return lambda held: backfill.daily_plan(held, last)


def _warn_future(project: Project, archive: Archive) -> None:
    for warning in pipeline.future_digests(project, archive):
        click.echo(warning, err=True)


def _report_generated(g: pipeline.Generated) -> None:
    click.echo(f"generated {g.pages} pages ({len(g.archive.papers)} papers, {len(g.archive.days)} days): "
               f"{len(g.written)} written, {len(g.removed)} removed, in {g.seconds:.1f} s")


def _build(project: Project) -> None:
    with _session(project):
        built = pipeline.build(project)
    _warn_future(project, built.generated.archive)
    _report_generated(built.generated)
    index = built.index
    click.echo(f"indexed {len(built.generated.archive.papers)} papers for search in {built.index_seconds:.1f} s: "
               f"{index.files} files, {index.bytes:,} bytes; {index.written} files "
               f"({index.bytes_written:,} bytes) rewritten")
    click.echo(f"built {project.site} ({'only changed pages' if built.incremental else 'in full'}) "
               f"in {built.seconds:.1f} s (MkDocs {built.mkdocs_seconds:.1f} s, "
               f"the search index beside {'the generator' if built.incremental else 'it'})")
    if warning := built.pages.warning():  # close to GitHub Pages' limit
        click.echo(warning, err=True)


@main.command()
@click.pass_obj
def generate(project: Project) -> None:
    """Write the Markdown pages into docs/ (only those whose content changed)."""
    with _session(project):
        generated = pipeline.generate(project)
    _warn_future(project, generated.archive)
    _report_generated(generated)


@main.command()
@click.pass_obj
def build(project: Project) -> None:
    """Generate the pages, build the site into site/ and index it for search."""
    _build(project)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--log", is_flag=True, help="Print a line per request.")
@click.pass_obj
def serve(project: Project, host: str, port: int, log: bool) -> None:
    """Build the site, then serve it as GitHub Pages does (its 404 page for a missing address)."""
    server = open_server(project, host, port, log)
    try:
        _build(project)
    except BaseException:
        server.server_close()
        raise
    serve_site(server, project)


@main.command()
@click.pass_obj
def check(project: Project) -> None:
    """Validate digests/ and tags.yaml without writing anything."""
    with _session(project):
        archive = pipeline.check(project)
    _warn_future(project, archive)
    click.echo(f"ok: {len(archive.days)} digests, {len(archive.papers)} papers, {len(archive.tags)} tags")


@main.command()
@click.option("--api-url", default=DEFAULT_API, show_default=True, help="The API's base URL.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for each answer.")
@click.pass_obj
def enrich(project: Project, api_url: str, timeout: float) -> None:
    """Look up papers without an arXiv id (imported from page text) by title on Hugging Face, and
    fill in the id, authors and links of an exact match. Exit status 1 if a lookup failed; the
    papers found are kept, and running the command again looks up only the papers still without one."""
    check_request(api_url, timeout)
    with _session(project):
        summary = enrich_papers(project.digests, api_url, timeout, pipeline.parsed(project))
    for line in summary.lines:
        click.echo(line)
    click.echo(summary)
    for lookup, error in summary.failed:
        click.echo(f"error: {lookup}: {error}", err=True)
    if summary.failed:
        sys.exit(1)
