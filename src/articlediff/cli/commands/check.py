"""The correction-log check, for CI."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from articlediff.cli.context import App, pass_app
from articlediff.cli.options import format_option, jobs_option, since_option
from articlediff.cli.status import ExitStatus, report_damage
from articlediff.common.formats import CHECK_FORMATS

if TYPE_CHECKING:
    from articlediff.store.store import DamagedRevision


@click.command()
@click.argument("article_ids", metavar="[ID]...", nargs=-1)
@since_option("Only revisions saved after this git revision, e.g. origin/main.", metavar="REF")
@format_option(CHECK_FORMATS, "text", "text for people, json, github (annotations) or junit (XML).")
@click.option(
    "--strict",
    is_flag=True,
    help="Warnings fail too, and update-level changes need a note.",
)
@jobs_option
@pass_app
def check(
    app: App,
    article_ids: tuple[str, ...],
    since: str | None,
    fmt: str,
    strict: bool,
    jobs: int | None,
) -> None:
    """Check the correction log of every article (or of each ID).

    Every substantive change after publication needs a log entry or an in-body note; log
    entries are never reworded or removed; corrections say what was wrong; published and
    updated times are honest; technical revisions change no words. Rules are set in the
    [check] table of articlediff.toml (see docs/check.md). Each pair's verdict comes from
    the store's pair notes where a valid one is kept (see 'articlediff reindex'); the others
    are computed over --jobs worker processes, with the same report.

    \b
    Exit codes:
      0  no findings (warnings allowed unless --strict)
      1  findings
      2  bad invocation: unknown option or format, article or --since revision
      3  store problem: not a store, bad articlediff.toml, damaged revision
    """
    from articlediff.app import review
    from articlediff.check import render

    damaged: list[DamagedRevision] = []
    report = review.check_store(
        app.store(), article_ids, since=since, strict=strict, damaged=damaged, jobs=jobs
    )
    click.echo(render(report, fmt), nl=False)
    click.echo(report.summary(), err=True)
    # Unrepaired damage is a store problem: one line each on stderr, and exit status 3.
    report_damage(d for d in damaged if d.repaired_by is None)
    if report.failed:
        click.get_current_context().exit(ExitStatus.FINDINGS)
