"""Commands that read the store: list, log, show, diff, blame, audit."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from articlediff.cli.context import App, emit_json, pass_app
from articlediff.cli.options import (
    REF_HELP,
    format_option,
    jobs_option,
    json_option,
    ref_option,
    window_options,
)
from articlediff.cli.status import report_damage
from articlediff.common.formats import AUDIT_FORMATS, DIFF_FORMATS

if TYPE_CHECKING:
    from articlediff.render import Part


@click.command(name="list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List every article with its revision count and first and latest times."""
    from articlediff.render.records import summary_record
    from articlediff.render.tables import articles_table

    summaries = app.store().summaries()
    if as_json:
        emit_json([summary_record(s.article_id, s.revisions, s.first, s.latest) for s in summaries])
        return
    if not summaries:
        click.echo("no articles yet: add one with 'articlediff save FILE'", err=True)
        return
    click.echo(articles_table(summaries), nl=False)


@click.command()
@click.argument("article_id", metavar="ID")
@window_options()
@json_option
@pass_app
def log(app: App, article_id: str, since: str | None, until: str | None, as_json: bool) -> None:
    """Show the revisions of article ID, oldest first."""
    from articlediff.app.log import article_log
    from articlediff.render.tables import revisions_table

    read = article_log(app.store(), article_id, since=since, until=until)
    if as_json:
        emit_json([change.to_json() for change in read.changes])
    else:
        click.echo(revisions_table(read.changes), nl=False)
    report_damage(read.damaged)


@click.command()
@click.argument("article_id", metavar="ID")
@ref_option("--at", default="latest")
@json_option
@pass_app
def show(app: App, article_id: str, ref: str, as_json: bool) -> None:
    """Print article ID as it stood at REF, in the store's own format."""
    from articlediff.common.controls import visible
    from articlediff.ingest import dump_article
    from articlediff.render.records import show_record
    from articlediff.render.summaries import field_sources_line, revision_header

    revision = app.store().resolve(article_id, ref)
    if as_json:
        emit_json(show_record(revision))
        return
    click.echo(revision_header(revision), err=True)
    sources = field_sources_line(revision)
    if sources:
        click.echo(sources, err=True)
    click.echo(visible(dump_article(revision.article, revision.article_id)), nl=False)


def use_color(flag: bool | None) -> bool:
    """``--color``/``--no-color`` if given, else off under ``NO_COLOR``, else on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.command()
@click.argument("article_id", metavar="ID")
@ref_option(
    "--from",
    "from_ref",
    "published",
    "The older revision: published, latest, rN, a commit id, or a time.",
)
@ref_option("--to", "to_ref", "latest", "The newer revision, as for --from.")
@format_option(
    DIFF_FORMATS, None, "Output format (default: terminal on a terminal, plain when piped)."
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
    fmt: str | None,
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
    fmt = fmt or ("terminal" if sys.stdout.isatty() else "plain")
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


@click.command()
@window_options()
@format_option(AUDIT_FORMATS, "text", "Output format.")
@jobs_option
@pass_app
def audit(app: App, since: str | None, until: str | None, fmt: str, jobs: int | None) -> None:
    """Every revision of every article in a time window, newest first. Verdicts come from
    the store's pair notes where kept, else are computed over --jobs worker processes."""
    from articlediff.app import review
    from articlediff.render.audit import audit_record, render_audit_csv, render_audit_text

    audit = review.audit_store(app.store(), since=since, until=until, jobs=jobs)
    entries = audit.entries
    if fmt == "json":
        emit_json([audit_record(entry) for entry in entries])
    elif fmt == "csv":
        click.echo(render_audit_csv(entries), nl=False)
    elif entries:
        click.echo(render_audit_text(entries), nl=False)
    elif not audit.damaged:
        click.echo("no revisions in that window", err=True)
    report_damage(audit.damaged)


@click.command()
@click.argument("article_id", metavar="ID")
@ref_option("--at", default="latest", help="The revision to annotate: " + REF_HELP)
@json_option
@pass_app
def blame(app: App, article_id: str, ref: str, as_json: bool) -> None:
    """Show which revision introduced each sentence of article ID, and when."""
    from articlediff.app import review
    from articlediff.render.blame import blame_record, render_blame_text
    from articlediff.render.summaries import revision_header

    result = review.blame_article(app.store(), article_id, ref)
    if as_json:
        emit_json(blame_record(result))
        return
    click.echo(revision_header(result.revision, kind=False), err=True)
    click.echo(render_blame_text(result), nl=False)
