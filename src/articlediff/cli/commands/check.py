"""The correction-log check, for CI."""

from __future__ import annotations

import click

from articlediff.cli.context import App, pass_app
from articlediff.cli.options import format_option, since_option
from articlediff.cli.status import ExitStatus
from articlediff.common.formats import CHECK_FORMATS


@click.command()
@click.argument("article_ids", metavar="[ID]...", nargs=-1)
@since_option("Only revisions saved after this git revision, e.g. origin/main.", metavar="REF")
@format_option(CHECK_FORMATS, "text", "text for people, json, github (annotations) or junit (XML).")
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
        click.get_current_context().exit(ExitStatus.FINDINGS)
