"""Commands that write revisions: init, save, import, reextract, correct, accept."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

from articlediff.cli.context import App, emit_json, pass_app
from articlediff.cli.options import (
    allow_future_option,
    allow_private_option,
    at_option,
    jobs_option,
    json_option,
    kind_option,
    ref_option,
    timezone_option,
)
from articlediff.model import CORRECTION_KINDS, REVISION_KINDS

if TYPE_CHECKING:
    from articlediff.store import NotRefreshed

R = TypeVar("R", bound="Report")


class Report(Protocol):
    """What a writing command reports for scripts: a JSON object."""

    def to_json(self) -> dict[str, Any]: ...


def read_source(source: str, limit: int | None = None) -> tuple[bytes, str]:
    """The bytes of SOURCE (a path, or ``-`` for stdin) and a name for messages; more than
    ``limit`` bytes are refused unread (``ingest.decode.read_bounded``)."""
    from articlediff.ingest.decode import read_bounded, read_file

    if source == "-":
        return read_bounded(sys.stdin.buffer, "<stdin>", limit), "<stdin>"
    return read_file(Path(source), limit), source


def print_report(report: R, line: Callable[[R], str], as_json: bool) -> None:
    """``report`` as JSON for scripts, else its one line (a ``render.summaries`` function)."""
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(line(report))


def warn_not_refreshed(lagging: NotRefreshed | None) -> None:
    """A write landed but left the working copy behind: say so on stderr (exit status 0)."""
    if lagging is not None:
        from articlediff.render.summaries import not_refreshed_line

        click.echo(not_refreshed_line(lagging), err=True)


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=False), default=".")
@timezone_option("IANA time zone in which naive times are read, e.g. Europe/London.", "UTC")
def init(path: str, timezone: str) -> None:
    """Create a store at PATH (default: the current folder)."""
    from articlediff.store import init_store

    store, created = init_store(Path(path), timezone)
    with store:
        if created:
            zone_name = store.config.timezone
            click.echo(f"created store at {store.root} (time zone {zone_name})", err=True)
        else:
            click.echo(f"{store.root} is already a store; nothing changed", err=True)


@click.command()
@click.argument("source")
@click.option("--id", "article_id", metavar="OUTLET/SLUG", help="The article's id.")
@at_option("The revision's time (default: the text's own).")
@kind_option(REVISION_KINDS, "The kind of revision.")
@click.option("--note", default="", help="A note kept with the revision.")
@click.option("--url", metavar="URL", help="The article's address.")
@timezone_option("Read the text's own dates in this zone.")
@click.option(
    "--keep-source", is_flag=True, help="Also store the raw source under sources/ (reextract)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="For a URL: give up on the whole fetch after this long, redirects included "
    "(default 30, or ARTICLEDIFF_FETCH_TIMEOUT).",
)
@allow_private_option(
    "For a URL: also fetch from loopback, private and link-local addresses "
    "(else refused unless allowed in [fetch] of articlediff.toml)."
)
@allow_future_option
@json_option
@pass_app
def save(
    app: App,
    source: str,
    article_id: str | None,
    at: str | None,
    kind: str | None,
    note: str,
    url: str | None,
    timezone: str | None,
    keep_source: bool,
    timeout: float | None,
    allow_private: bool,
    allow_future: bool,
    as_json: bool,
) -> None:
    """Save SOURCE (a file, an http(s) URL, or - for stdin) as the article's next revision."""
    from articlediff.app import fetch
    from articlediff.app.save import save_source
    from articlediff.common.timeutil import zone
    from articlediff.render.summaries import save_line
    from articlediff.store import CONFIG_NAME

    fetched_url = None
    if fetch.is_url(source):
        store = app.store()  # a missing store fails before any network traffic
        policy = fetch.fetch_policy(store.config.table("fetch"), str(store.root / CONFIG_NAME))
        page = fetch.fetch_page(source, timeout=timeout, allow_private=allow_private, policy=policy)
        data, name, fetched_url = page.data, source, page.final_url
    else:
        store = app.store()
        data, name = read_source(source, store.config.max_source_bytes)
    report = save_source(
        store,
        data,
        name=name,
        article_id=article_id,
        at=at,
        kind=kind,
        note=note,
        url=url,
        tz=zone(timezone) if timezone else None,
        fetched_url=fetched_url,
        keep_source=keep_source,
        allow_future=allow_future,
    )
    print_report(report, save_line, as_json)
    warn_not_refreshed(report.outcome.not_refreshed)


@click.command(name="import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="PATH...")
@click.option("--start", metavar="TIME", help="Time of numbered revision 0 (and of undated files).")
@click.option("--step", metavar="DURATION", help="Time between numbered revisions, e.g. 1h or 1d.")
@click.option("--outlet", metavar="NAME", help="The outlet part of ids made from folder names.")
@click.option(
    "--allow-backfill",
    is_flag=True,
    help="Rebuild the history of articles with older revisions on a review branch.",
)
@allow_future_option
@click.option("--warc", is_flag=True, help="The PATHs are WARC files: import their captures.")
@click.option(
    "--wayback", metavar="URL", help="Import the Wayback Machine's captures of the article at URL."
)
@click.option(
    "--wayback-base",
    metavar="URL",
    help="The Wayback server (default https://web.archive.org, or ARTICLEDIFF_WAYBACK_BASE).",
)
@click.option("--id", "article_id", metavar="OUTLET/SLUG", help="With --wayback: the article's id.")
@allow_private_option("With --wayback: also fetch private and loopback addresses.")
@jobs_option
@json_option
@pass_app
def import_(
    app: App,
    paths: tuple[Path, ...],
    start: str | None,
    step: str | None,
    outlet: str | None,
    allow_backfill: bool,
    allow_future: bool,
    warc: bool,
    wayback: str | None,
    wayback_base: str | None,
    article_id: str | None,
    allow_private: bool,
    jobs: int | None,
    as_json: bool,
) -> None:
    """Import many revisions at once: folders of revision files, .jsonl files, numbered
    corpora (with --start and --step), WARC files (--warc) or the Wayback Machine's captures
    of one article (--wayback URL). Importing the same input twice adds nothing."""
    import time

    from articlediff.app.importing import import_paths
    from articlediff.render.summaries import import_summary

    if wayback or warc:
        if wayback and (warc or paths):
            raise click.UsageError("--wayback URL takes no PATH and no --warc")
        if start or step or allow_future:
            raise click.UsageError(
                "--start, --step and --allow-future do not apply to archive captures"
            )
        archive_import(
            app,
            paths,
            wayback,
            wayback_base,
            article_id,
            outlet,
            allow_private,
            allow_backfill,
            as_json,
        )
        return
    if not paths or article_id or wayback_base or allow_private:
        raise click.UsageError(
            "give PATH... (folders, .jsonl files), --warc FILE... or --wayback URL; "
            "--id, --wayback-base and --allow-private go with --wayback"
        )
    store = app.store()
    started = time.perf_counter()
    progress: list[Any] = []

    def on_progress(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if not progress:
            bar = click.progressbar(length=total, label="importing", file=sys.stderr)
            progress.append(bar.__enter__())
        progress[0].update(done - progress[0].pos)

    try:
        outcome = import_paths(
            store,
            list(paths),
            start=start,
            step=step,
            outlet=outlet,
            allow_backfill=allow_backfill,
            allow_future=allow_future,
            on_progress=on_progress,
            jobs=jobs,
        )
    finally:
        if progress:
            progress[0].__exit__(None, None, None)
    if as_json:
        emit_json(outcome.to_json())
    for line in import_summary(outcome, time.perf_counter() - started):
        click.echo(line, err=True)
    warn_not_refreshed(outcome.not_refreshed)


def archive_import(
    app: App,
    paths: tuple[Path, ...],
    wayback: str | None,
    wayback_base: str | None,
    article_id: str | None,
    outlet: str | None,
    allow_private: bool,
    allow_backfill: bool,
    as_json: bool,
) -> None:
    """``import --warc FILE...`` or ``import --wayback URL`` (``app.archives``)."""
    import time

    from articlediff.app.archives import import_warc, import_wayback
    from articlediff.app.importing import validate_outlet
    from articlediff.render.summaries import archive_summary

    if not wayback and not paths:
        raise click.UsageError("--warc needs the WARC files to read: import --warc FILE...")
    if not wayback and (article_id or wayback_base or allow_private):
        raise click.UsageError("--id, --wayback-base and --allow-private go with --wayback")
    store = app.store()
    outlet = validate_outlet(outlet) if outlet else None
    started = time.perf_counter()
    if wayback:
        result = import_wayback(
            store,
            wayback,
            base=wayback_base,
            article_id=article_id,
            outlet=outlet,
            allow_private=allow_private,
            allow_backfill=allow_backfill,
        )
    else:
        result = import_warc(store, list(paths), outlet=outlet, allow_backfill=allow_backfill)
    if as_json:
        emit_json(result.to_json())
    for line in archive_summary(result, time.perf_counter() - started):
        click.echo(line, err=True)


@click.command()
@click.argument("article_ids", nargs=-1, metavar="[ID]...")
@json_option
@pass_app
def reextract(app: App, article_ids: tuple[str, ...], as_json: bool) -> None:
    """Re-run extraction on the sources kept with save --keep-source; changes are saved as
    technical revisions (default: every article with a kept source)."""
    from articlediff.app.save import reextract as reextract_articles
    from articlediff.render.summaries import save_line

    results = reextract_articles(app.store(), article_ids)
    if as_json:
        emit_json([result.to_json() for result in results])
        return
    for result in results:
        if result.report is None:
            click.echo(f"{result.article_id} skipped: {result.skipped}", err=True)
        else:
            print_report(result.report, save_line, as_json=False)
    for result in results:
        if result.report is not None:
            warn_not_refreshed(result.report.outcome.not_refreshed)


@click.command()
@click.argument("article_id", metavar="ID")
@kind_option(CORRECTION_KINDS, "The kind of log entry.", required=True)
@click.option(
    "--text",
    required=True,
    help="What readers see, e.g. 'Correction: an earlier version misstated the toll as 23.'",
)
@ref_option(
    "--fixes",
    "fixes",
    help="The revision whose text the entry explains (default: the revision saved now).",
)
@click.option(
    "--supersedes",
    metavar="ENTRY",
    help="The id of an earlier entry (c1, c2 ...) whose wording this one replaces; the "
    "earlier entry stays in the log.",
)
@at_option("The entry's time and the revision's (default: now).")
@click.option(
    "--from-file",
    "from_file",
    metavar="FILE",
    help="Also save this text of the article (a file, or - for stdin) in the same revision.",
)
@allow_future_option
@json_option
@pass_app
def correct(
    app: App,
    article_id: str,
    kind: str,
    text: str,
    fixes: str | None,
    supersedes: str | None,
    at: str | None,
    from_file: str | None,
    allow_future: bool,
    as_json: bool,
) -> None:
    """Append an entry to the correction log of article ID, as a revision of kind correction.

    Entries get ids c1, c2 ... in order and are append-only: correct never edits or removes
    one; --supersedes replaces an earlier entry's wording in check's judgement and in the
    reader notes. Wording that check's correction-wording rule rejects is refused. With
    --from-file the article's text changes in the same revision.
    """
    from articlediff.app.correct import correct_article
    from articlediff.render.summaries import correct_line

    store = app.store()
    limit = store.config.max_source_bytes
    data, name = read_source(from_file, limit) if from_file else (None, "")
    report = correct_article(
        store,
        article_id,
        kind=kind,
        text=text,
        fixes=fixes,
        supersedes=supersedes,
        at=at,
        source=data,
        source_name=name,
        allow_future=allow_future,
    )
    if report.wording_warning:
        click.echo(f"warning: {report.wording_warning}", err=True)
    print_report(report, correct_line, as_json)
    warn_not_refreshed(report.not_refreshed)


@click.command()
@click.argument("article_id", metavar="ID")
@click.argument("ref", metavar="REF")
@click.option(
    "--reason",
    required=True,
    help="Why the change needs no note, for editors (never shown to readers).",
)
@json_option
@pass_app
def accept(app: App, article_id: str, ref: str, reason: str, as_json: bool) -> None:
    """Accept the change revision REF of article ID made: check's finding there was a false
    alarm.

    Adds an entry of kind accepted to the log (append-only, saved as a technical revision):
    check no longer fails on that revision's change and counts it as accepted; readers never
    see it. Refused for a revision check finds nothing in, or one already accepted.
    """
    from articlediff.app.accept import accept_change
    from articlediff.render.summaries import accept_line

    report = accept_change(app.store(), article_id, ref, reason=reason)
    print_report(report, accept_line, as_json)
    warn_not_refreshed(report.not_refreshed)
