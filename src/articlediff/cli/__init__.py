"""The ``articlediff`` command line: parse options, call one library function, print.

Exit codes (the contract scripts and CI rely on):

    0  success
    1  ``check`` found problems
    2  bad invocation or bad input (unreadable or binary file, bad time, unknown article
       or revision, invalid id)
    3  store problem (not a store, busy for too long, damaged)

Data goes to stdout, status and errors to stderr; every error is one line.

Each command imports the library modules it needs when it runs, so that ``--help`` and the
quick commands do not pay for the renderers, the diff engine or git.

Layer: the top. It may import every other layer, and it is the only package that imports
click.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from articlediff import __version__
from articlediff.common.formats import (
    AUDIT_FORMATS,
    CHECK_FORMATS,
    DIFF_FORMATS,
    FEED_TITLE,
    NOTES_FORMATS,
    SITE_TITLE,
)
from articlediff.common.words import plural
from articlediff.errors import ArticleDiffError, InputError, StoreError
from articlediff.model import CORRECTION_KINDS, REVISION_KINDS

if TYPE_CHECKING:
    from articlediff.app.save import SaveReport
    from articlediff.render import Part
    from articlediff.store import Store

EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_STORE = 3

F = TypeVar("F", bound=Callable[..., Any])
REF_HELP = "published, latest, rN, a commit id, or a time (the revision in effect then)."


class CommandError(click.ClickException):
    """A library error on its way out, with the exit code of its family."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # Click reads it per instance


def fail(error: ArticleDiffError) -> NoReturn:
    code = EXIT_STORE if isinstance(error, StoreError) else EXIT_INPUT
    raise CommandError(str(error), code) from None


class ArticleDiffGroup(click.Group):
    """Translates library errors into one-line messages and exit codes, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ArticleDiffError as error:
            fail(error)
        except click.UsageError as error:
            # One line instead of Click's usage block, still exit code 2.
            where = error.ctx.command_path if error.ctx else "articlediff"
            raise CommandError(f"{error.format_message()} (see '{where} --help')", 2) from None
        except KeyboardInterrupt:
            click.echo("interrupted; the store is unchanged", err=True)
            sys.exit(130)


@dataclass
class App:
    """The domain object passed through ``ctx.obj``: opens the store on first use."""

    store_path: str | None
    opened: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self.opened is None:
            from articlediff.store import Store, find_store_root

            self.opened = Store(find_store_root(self.store_path, Path.cwd()))
        return self.opened

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()


pass_app = click.make_pass_decorator(App)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(function)


def ref_option(name: str, default: str, help: str = REF_HELP) -> Callable[[F], F]:
    return click.option(name, "ref", default=default, show_default=True, metavar="REF", help=help)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def read_source(source: str, limit: int | None = None) -> tuple[bytes, str]:
    """The bytes of SOURCE (a path, or ``-`` for stdin) and a name for messages; more than
    ``limit`` bytes are refused unread (``ingest.decode.read_bounded``)."""
    from articlediff.ingest.decode import read_bounded, read_file

    if source == "-":
        return read_bounded(sys.stdin.buffer, "<stdin>", limit), "<stdin>"
    return read_file(Path(source), limit), source


def use_color(flag: bool | None) -> bool:
    """``--color``/``--no-color`` if given, else off under ``NO_COLOR``, else on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(cls=ArticleDiffGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_path",
    envvar="ARTICLEDIFF_STORE",
    metavar="PATH",
    help="The store to use (default: the store containing the current folder).",
)
@click.version_option(__version__, prog_name="articlediff")
@click.pass_context
def cli(ctx: click.Context, store_path: str | None) -> None:
    """Keep every revision of a news article in git and see, word by word, what changed.

    Exit codes: 0 success, 1 check found problems, 2 bad invocation or input,
    3 store problem.
    """
    app = App(store_path)
    ctx.obj = app
    ctx.call_on_close(app.close)


# -- keeping revisions: init, save, import, reextract, list, log, show ---------------------


@cli.command()
@click.argument("path", required=False, type=click.Path(file_okay=False), default=".")
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help="IANA time zone in which naive times are read, e.g. Europe/London.",
)
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


@cli.command()
@click.argument("source")
@click.option("--id", "article_id", metavar="OUTLET/SLUG", help="The article's id.")
@click.option("--at", metavar="TIME", help="The revision's time (default: the text's own).")
@click.option("--kind", type=click.Choice(REVISION_KINDS), help="The kind of revision.")
@click.option("--note", default="", help="A note kept with the revision.")
@click.option("--url", metavar="URL", help="The article's address.")
@click.option("--timezone", metavar="ZONE", help="Read the text's own dates in this zone.")
@click.option(
    "--keep-source", is_flag=True, help="Also store the raw source under sources/ (reextract)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="For a URL: give up after this long (default 30, or ARTICLEDIFF_FETCH_TIMEOUT).",
)
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
    as_json: bool,
) -> None:
    """Save SOURCE (a file, an http(s) URL, or - for stdin) as the article's next revision."""
    from articlediff.app import fetch
    from articlediff.app.save import save_source
    from articlediff.common.timeutil import zone

    fetched_url = None
    if fetch.is_url(source):
        store = app.store()  # a missing store fails before any network traffic
        page = fetch.fetch_page(source, timeout=timeout)
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
    )
    print_save(report, as_json)


def print_save(report: SaveReport, as_json: bool) -> None:
    from articlediff.render.summaries import save_line

    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(save_line(report))


@cli.command(name="import")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH..."
)
@click.option("--start", metavar="TIME", help="Time of numbered revision 0 (and of undated files).")
@click.option("--step", metavar="DURATION", help="Time between numbered revisions, e.g. 1h or 1d.")
@click.option("--outlet", metavar="NAME", help="The outlet part of ids made from folder names.")
@click.option(
    "--allow-backfill",
    is_flag=True,
    help="Rebuild the history of articles with older revisions on a review branch.",
)
@json_option
@pass_app
def import_(
    app: App,
    paths: tuple[Path, ...],
    start: str | None,
    step: str | None,
    outlet: str | None,
    allow_backfill: bool,
    as_json: bool,
) -> None:
    """Import many revisions at once: folders of revision files, .jsonl files, numbered
    corpora (with --start and --step). Importing the same input twice adds nothing."""
    import time

    from articlediff.app.importing import import_paths
    from articlediff.render.summaries import import_summary

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
            on_progress=on_progress,
        )
    finally:
        if progress:
            progress[0].__exit__(None, None, None)
    if as_json:
        emit_json(outcome.to_json())
    for line in import_summary(outcome, time.perf_counter() - started):
        click.echo(line, err=True)


@cli.command()
@click.argument("article_ids", nargs=-1, metavar="[ID]...")
@json_option
@pass_app
def reextract(app: App, article_ids: tuple[str, ...], as_json: bool) -> None:
    """Re-run extraction on the sources kept with save --keep-source; changes are saved as
    technical revisions (default: every article with a kept source)."""
    from articlediff.app.save import reextract as reextract_articles

    results = reextract_articles(app.store(), article_ids)
    if as_json:
        emit_json([result.to_json() for result in results])
        return
    for result in results:
        if result.report is None:
            click.echo(f"{result.article_id} skipped: {result.skipped}", err=True)
        else:
            print_save(result.report, as_json=False)


@cli.command(name="list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List every article with its revision count and first and latest times."""
    from articlediff.common.timeutil import format_short
    from articlediff.render.records import summary_record

    summaries = app.store().summaries()
    if as_json:
        emit_json([summary_record(s.article_id, s.revisions, s.first, s.latest) for s in summaries])
        return
    if not summaries:
        click.echo("no articles yet: add one with 'articlediff save FILE'", err=True)
        return
    width = max(len(summary.article_id) for summary in summaries)
    for summary in summaries:
        click.echo(
            f"{summary.article_id:<{width}}  {summary.revisions:>3} rev  "
            f"{format_short(summary.first)}  →  {format_short(summary.latest)}"
        )


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option("--since", metavar="TIME", help="Only revisions at or after TIME (or e.g. 12h ago).")
@click.option("--until", metavar="TIME", help="Only revisions at or before TIME (or e.g. 1d ago).")
@json_option
@pass_app
def log(app: App, article_id: str, since: str | None, until: str | None, as_json: bool) -> None:
    """Show the revisions of article ID, oldest first."""
    from articlediff.app.log import article_log
    from articlediff.common.timeutil import format_short

    changes = article_log(app.store(), article_id, since=since, until=until)
    if as_json:
        emit_json([change.to_json() for change in changes])
        return
    for change in changes:
        revision = change.revision
        words = f"+{change.words_added}/-{change.words_deleted}"
        note = f"  {revision.note}" if revision.note else ""
        click.echo(
            f"{revision.label:<4} {revision.short_commit}  {format_short(revision.at)}  "
            f"(recorded {format_short(revision.recorded)})  {revision.kind:<10} "
            f"{words:>11}{note}"
        )


@cli.command()
@click.argument("article_id", metavar="ID")
@ref_option("--at", "latest")
@json_option
@pass_app
def show(app: App, article_id: str, ref: str, as_json: bool) -> None:
    """Print article ID as it stood at REF, in the store's own format."""
    from articlediff.common.timeutil import format_time
    from articlediff.ingest import dump_article
    from articlediff.render.records import show_record

    revision = app.store().resolve(article_id, ref)
    if as_json:
        emit_json(show_record(revision))
        return
    click.echo(
        f"{revision.article_id} {revision.label} {format_time(revision.at)} {revision.kind}",
        err=True,
    )
    click.echo(dump_article(revision.article, revision.article_id), nl=False)


# -- reviewing changes: diff, audit, blame --------------------------------------------------


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option(
    "--from",
    "from_ref",
    default="published",
    show_default=True,
    metavar="REF",
    help="The older revision: published, latest, rN, a commit id, or a time.",
)
@click.option(
    "--to",
    "to_ref",
    default="latest",
    show_default=True,
    metavar="REF",
    help="The newer revision, as for --from.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIFF_FORMATS),
    help="Output format (default: terminal on a terminal, plain when piped).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the terminal format (default: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    metavar="N",
    help="Show changed paragraphs with N unchanged ones around them "
    "(default: 1 for terminal and plain, all for markdown and html).",
)
@click.option("--side-by-side", is_flag=True, help="HTML: old and new in two columns.")
@click.option("--stat", is_flag=True, help="Only the header and statistics.")
@click.option("--word-diff-only", is_flag=True, help="Only the body's word diff.")
@click.option("--fields-only", is_flag=True, help="Only the header and field changes.")
@pass_app
def diff(
    app: App,
    article_id: str,
    from_ref: str,
    to_ref: str,
    output_format: str | None,
    color: bool | None,
    context: int | None,
    side_by_side: bool,
    stat: bool,
    word_diff_only: bool,
    fields_only: bool,
) -> None:
    """Show word by word what changed in article ID between two revisions."""
    from articlediff.app import review
    from articlediff.common.timeutil import format_time
    from articlediff.render import render_diff

    if stat + word_diff_only + fields_only > 1:
        raise click.UsageError("use only one of --stat, --word-diff-only and --fields-only")
    part: Part = "all"
    if stat or word_diff_only or fields_only:
        part = "stat" if stat else "body" if word_diff_only else "fields"
    fmt = output_format or ("terminal" if sys.stdout.isatty() else "plain")
    if side_by_side and fmt != "html":
        raise click.UsageError("--side-by-side needs --format html")
    compared = review.diff_revisions(app.store(), article_id, from_ref, to_ref)
    if compared.same_revision:
        revision = compared.old
        click.echo(
            f"{article_id}: --from {from_ref} and --to {to_ref} are the same revision, "
            f"{revision.label} ({format_time(revision.at)}); nothing to compare",
            err=True,
        )
        if fmt != "json":
            return
    colored = fmt == "terminal" and use_color(color)
    text = render_diff(
        compared.diff,
        compared.old,
        compared.new,
        fmt,
        color=colored,
        context=context,
        side_by_side=side_by_side,
        part=part,
    )
    click.echo(text, nl=False, color=colored)


@cli.command()
@click.option("--since", metavar="TIME", help="Only revisions at or after TIME (or e.g. 12h ago).")
@click.option("--until", metavar="TIME", help="Only revisions at or before TIME (or e.g. 1d ago).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(AUDIT_FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@pass_app
def audit(app: App, since: str | None, until: str | None, output_format: str) -> None:
    """Every revision of every article in a time window, newest first."""
    from articlediff.app import review
    from articlediff.render.audit import audit_record, render_audit_csv, render_audit_text

    entries = review.audit_store(app.store(), since=since, until=until)
    if output_format == "json":
        emit_json([audit_record(entry) for entry in entries])
    elif output_format == "csv":
        click.echo(render_audit_csv(entries), nl=False)
    elif entries:
        click.echo(render_audit_text(entries), nl=False)
    else:
        click.echo("no revisions in that window", err=True)


@cli.command()
@click.argument("article_id", metavar="ID")
@ref_option("--at", "latest", "The revision to annotate: " + REF_HELP)
@json_option
@pass_app
def blame(app: App, article_id: str, ref: str, as_json: bool) -> None:
    """Show which revision introduced each sentence of article ID, and when."""
    from articlediff.app import review
    from articlediff.common.timeutil import format_time
    from articlediff.render.blame import blame_record, render_blame_text

    result = review.blame_article(app.store(), article_id, ref)
    if as_json:
        emit_json(blame_record(result))
        return
    click.echo(f"{article_id} {result.revision.label} {format_time(result.revision.at)}", err=True)
    click.echo(render_blame_text(result), nl=False)


# -- the correction log: correct, check -----------------------------------------------------


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option(
    "--kind",
    type=click.Choice(CORRECTION_KINDS),
    required=True,
    help="The kind of log entry.",
)
@click.option(
    "--text",
    required=True,
    help="What readers see, e.g. 'Correction: an earlier version misstated the toll as 23.'",
)
@click.option(
    "--fixes",
    metavar="REF",
    help="The revision whose text the entry explains (default: the revision saved now).",
)
@click.option("--at", metavar="TIME", help="The entry's time and the revision's (default: now).")
@click.option(
    "--from-file",
    "from_file",
    metavar="FILE",
    help="Also save this text of the article (a file, or - for stdin) in the same revision.",
)
@json_option
@pass_app
def correct(
    app: App,
    article_id: str,
    kind: str,
    text: str,
    fixes: str | None,
    at: str | None,
    from_file: str | None,
    as_json: bool,
) -> None:
    """Append an entry to the correction log of article ID, as a revision of kind correction.

    Entries get ids c1, c2 ... in order and are append-only: correct never edits or removes
    one. With --from-file the article's text changes in the same revision.
    """
    from articlediff.analysis.corrections import wording_problem
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
        at=at,
        source=data,
        source_name=name,
    )
    entry = report.entry
    if entry.kind == "correction":
        problem = wording_problem(entry.text)
        if problem:
            click.echo(f"warning: {entry.id} {problem} (rule correction-wording)", err=True)
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(correct_line(report))


@cli.command()
@click.argument("article_ids", metavar="[ID]...", nargs=-1)
@click.option(
    "--since",
    metavar="REF",
    help="Only revisions saved after this git revision, e.g. origin/main.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="text for people, json, github (annotations) or junit (XML).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Warnings fail too, and update-level changes need a note.",
)
@pass_app
def check(
    app: App, article_ids: tuple[str, ...], since: str | None, fmt: str, strict: bool
) -> None:
    """Check the correction log of every article (or of each ID).

    Every substantive change after publication needs a log entry or an in-body note; log
    entries are never reworded or removed; corrections say what was wrong; published and
    updated times are honest; technical revisions change no words. Rules are set in the
    [check] table of articlediff.toml (see docs/check.md).

    \b
    Exit codes:
      0  no findings (warnings allowed unless --strict)
      1  findings
      2  bad invocation: unknown option or format, article or --since revision
      3  store problem: not a store, bad articlediff.toml, damaged revision
    """
    from articlediff.app import review
    from articlediff.check import render

    report = review.check_store(app.store(), article_ids, since=since, strict=strict)
    click.echo(render(report, fmt), nl=False)
    click.echo(report.summary(), err=True)
    if report.failed:
        click.get_current_context().exit(EXIT_FINDINGS)


# -- for readers: notes, feed, site ---------------------------------------------------------


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(NOTES_FORMATS),
    default="markdown",
    show_default=True,
    help="markdown, html (a fragment to paste into a page), json, or jsonld (schema.org).",
)
@pass_app
def notes(app: App, article_id: str, fmt: str) -> None:
    """Reader notes for each revision of article ID after the first.

    A note is the text of the correction-log entry (or in-body note) attached to the
    revision, else a summary generated from the diff that only says what changed. Technical
    revisions get no note.
    """
    from articlediff.notes import article_notes, render_notes

    store = app.store()
    click.echo(render_notes(article_notes(store.history(article_id), store.tz), fmt), nl=False)


@cli.command()
@click.option("--article", "article_id", metavar="ID", help="Only the revisions of article ID.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the feed to FILE instead of stdout.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Where the site is published; entries link to its history and diff pages.",
)
@click.option("--title", default=FEED_TITLE, show_default=True, help="The feed's title.")
@pass_app
def feed(
    app: App, article_id: str | None, out: Path | None, base_url: str | None, title: str
) -> None:
    """An Atom feed of every editorial revision in the store (or of article ID), newest
    first, each entry with its note and word diff."""
    from articlediff.app.publish import store_feed, write_feed

    output = store_feed(app.store(), article_id, base_url=base_url, title=title)
    if out is None:
        click.echo(output.text, nl=False)
        return
    write_feed(out, output)
    click.echo(f"wrote {plural(output.entries, 'entry', 'entries')} to {out}", err=True)


@cli.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    metavar="URL",
    help="Where the site will be published (absolute links in the feed and JSON-LD).",
)
@click.option("--title", default=SITE_TITLE, show_default=True, help="The site's title.")
@click.option("--serve", is_flag=True, help="Then preview the site on 127.0.0.1.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port for --serve (0: any free port).",
)
@pass_app
def site(app: App, outdir: Path, base_url: str | None, title: str, serve: bool, port: int) -> None:
    """Build a static site in OUTDIR: an index of articles, a history page per article, a
    diff page per revision, the Atom feed and JSON-LD. It works from file:// too.

    OUTDIR must be new, empty, or a site built before (which is replaced).
    """
    from articlediff.app.publish import store_site
    from articlediff.site import make_server

    built = store_site(app.store(), outdir, base_url=base_url, title=title)
    click.echo(
        f"wrote {plural(built.files, 'file')} for {plural(built.articles, 'article')} to {outdir}",
        err=True,
    )
    if not serve:
        return
    server = make_server(outdir, port)
    click.echo(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()


# -- team use: verify, sync -----------------------------------------------------------------


@cli.command()
@json_option
@pass_app
def verify(app: App, as_json: bool) -> None:
    """Check the store: git fsck, then every revision's file, trailers and front matter.

    Problems are printed one a line; any problem exits with 3.
    """
    from articlediff.render.summaries import problem_line
    from articlediff.store.verify import verify_store

    report = verify_store(app.store())
    if as_json:
        emit_json(report.to_json())
    else:
        for problem in report.problems:
            click.echo(problem_line(problem))
    checked = f"{plural(report.revisions, 'revision')} of {plural(report.articles, 'article')}"
    if not report.ok:
        problems = plural(len(report.problems), "problem")
        raise CommandError(f"store has {problems} ({checked} checked)", EXIT_STORE)
    click.echo(f"verified {checked} in {plural(report.commits, 'commit')}: ok", err=True)


@cli.command()
@click.argument("remote", required=False, metavar="[REMOTE]")
@json_option
@pass_app
def sync(app: App, remote: str | None, as_json: bool) -> None:
    """Pull the store's branch from REMOTE (default origin), re-applying local revisions on
    top, then push it. No revision on either side is lost."""
    from articlediff.render.summaries import sync_summary
    from articlediff.store.sync import sync_store

    outcome = sync_store(app.store(), remote)
    if as_json:
        emit_json(outcome.to_json())
    click.echo(sync_summary(outcome), err=True)


# -- the walk-through -----------------------------------------------------------------------

SAMPLE_VERSIONS = Path(__file__).resolve().parents[1] / "demo_versions"


@cli.command()
@click.option(
    "--from",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of revision files (default: the project's versions/ sample).",
)
@click.pass_context
def demo(ctx: click.Context, folder: Path | None) -> None:
    """Import sample revisions into a throw-away store and walk through the commands."""
    import tempfile

    from articlediff.app import review
    from articlediff.app.correct import correct_article
    from articlediff.app.importing import import_folder
    from articlediff.check import render as render_check
    from articlediff.notes import article_notes, render_notes
    from articlediff.render import render_diff
    from articlediff.render.summaries import correct_line
    from articlediff.store import init_store

    source = folder or SAMPLE_VERSIONS
    if not source.is_dir():
        raise InputError(f"no sample revisions at {source}: pass --from FOLDER")
    with tempfile.TemporaryDirectory(prefix="articlediff-demo-") as scratch:
        store, _ = init_store(Path(scratch) / "store", "Europe/London")
        ctx.obj = App(str(store.root), store)
        click.echo(f"A throw-away store at {store.root} (time zone Europe/London).\n", err=True)
        step(f"articlediff import {source}")
        reports = import_folder(store, source)
        for report in reports:
            print_save(report, as_json=False)
        article_id = reports[0].article_id
        if folder is None:
            click.echo(
                "(r1, the 07:38 text, is constructed for illustration, not the outlet's real "
                "07:38 text; r2 is the real 08:14 text. See versions/README.md.)"
            )
        step(f"articlediff log {article_id}")
        ctx.invoke(log, article_id=article_id)
        step(f'articlediff show {article_id} --at "19/06/2024 07:50"  (its headline)')
        revision = store.resolve(article_id, "19/06/2024 07:50")
        click.echo(f"{revision.label}: {revision.article.headline}")
        step(f"articlediff diff {article_id}  (published → latest)")
        compared = review.diff_revisions(store, article_id, "published", "latest")
        fmt = "terminal" if sys.stdout.isatty() else "plain"
        colored = fmt == "terminal" and use_color(None)
        text = render_diff(compared.diff, compared.old, compared.new, fmt, color=colored)
        click.echo(text, nl=False, color=colored)
        step("articlediff check")
        click.echo(render_check(review.check_store(store, ()), "text"), nl=False)
        correction = (
            "Correction: an earlier version of this article misstated how long it had been "
            "since Putin's last visit. It was his first trip to North Korea in 24 years, not 23."
        )
        step(f'articlediff correct {article_id} --kind correction --fixes r2 --text "{correction}"')
        corrected = correct_article(
            store, article_id, kind="correction", text=correction, fixes="r2", at="19/06/2024 09:05"
        )
        click.echo(correct_line(corrected))
        step("articlediff check")
        fixed = review.check_store(store, ())
        click.echo(render_check(fixed, "text"), nl=False)
        click.echo(fixed.summary())
        step(f"articlediff notes {article_id}")
        reader = article_notes(store.history(article_id), store.tz)
        click.echo(render_notes(reader, "markdown"), nl=False)


def step(command: str) -> None:
    click.echo(f"\n$ {command}")
