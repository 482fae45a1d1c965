"""``watch``: follow the outlets' feeds and sitemaps and save every revision; ``watch add``,
``watch list`` and ``watch remove`` edit the sources in ``articlediff.toml``."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from articlediff.cli.context import App, emit_json, pass_app
from articlediff.cli.options import allow_private_option, json_option
from articlediff.cli.status import ExitStatus
from articlediff.errors import InputError

if TYPE_CHECKING:
    from articlediff.app.watch import RoundReport


@click.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="Do one round and exit (cron, timers, scheduled CI).")
@click.option(
    "--on-change",
    metavar="CMD",
    help="Run CMD (no shell) with each new editorial revision's JSON on its standard input.",
)
@click.option("--webhook", metavar="URL", help="POST each new editorial revision's JSON to URL.")
@allow_private_option(
    "Also fetch private and loopback addresses (an intranet outlet, a local test server)."
)
@json_option
@click.pass_context
def watch(
    ctx: click.Context,
    once: bool,
    on_change: str | None,
    webhook: str | None,
    allow_private: bool,
    as_json: bool,
) -> None:
    """Follow the feeds, sitemaps and URL lists of articlediff.toml's [[watch]] tables and
    save each new revision of their articles, until SIGINT/SIGTERM (or one round: --once).

    A summary line a round goes to stderr; new revisions to stdout (--json: one JSON
    object a round). See docs/watch.md for the schedule, politeness and alerts.
    """
    if ctx.invoked_subcommand is not None:
        if once or on_change or webhook or allow_private or as_json:
            raise click.UsageError(
                f"options before '{ctx.invoked_subcommand}' belong to the watch itself"
            )
        return
    from articlediff.app.alerts import AlertTargets, check_command
    from articlediff.app.watch import Stopper, WatchRun, stop_on_signals
    from articlediff.app.watch import watch as run_watch

    if on_change:
        try:
            check_command(on_change)
        except ValueError as error:
            raise InputError(f"--on-change: cannot read the command ({error})") from None
    if webhook and not webhook.lower().startswith(("http://", "https://")):
        raise InputError(f"--webhook {webhook}: only http:// and https:// addresses")
    app = ctx.find_object(App)
    assert app is not None
    store = app.store()
    settings = store.config.watch.settings
    on_terminal = sys.stderr.isatty() and not as_json
    progress = _Progress() if on_terminal else None

    def on_revision(record: dict[str, Any]) -> None:
        from articlediff.render.watchlines import revision_line

        if progress:
            progress.clear()
        click.echo(revision_line(record))

    def on_round(report: RoundReport) -> None:
        from articlediff.render.watchlines import round_line

        if progress:
            progress.clear()
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, sort_keys=True))
        for problem in report.problems:
            click.echo(f"watch: {problem}", err=True)
        click.echo(round_line(report), err=True)

    run = WatchRun(
        alerts=AlertTargets(on_change, webhook, settings.alert_timeout),
        allow_private=allow_private,
        on_progress=progress.show if progress else None,
        on_revision=None if as_json else on_revision,
    )
    stopper = Stopper()

    with stop_on_signals(stopper):
        run_watch(store, run, once=once, stopper=stopper, on_round=on_round)
    if stopper.signal_name == "SIGINT":
        ctx.exit(ExitStatus.INTERRUPTED)


class _Progress:
    """The status line on a terminal: rewritten in place, cleared before other output."""

    def __init__(self) -> None:
        self.shown = False

    def show(self, done: int, total: int, url: str) -> None:
        from articlediff.render.watchlines import progress_line

        click.echo(f"\r\x1b[K{progress_line(done, total, url)}", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


@watch.command(name="add")
@click.argument("name")
@click.option("--outlet", required=True, metavar="NAME", help="The outlet part of the ids.")
@click.option("--feed", metavar="URL", help="An RSS or Atom feed.")
@click.option("--sitemap", metavar="URL", help="A sitemap, sitemap index or Google News sitemap.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="An article URL (repeatable).")
@click.option("--include", multiple=True, metavar="REGEX", help="Follow only URLs matching one.")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Never follow URLs matching one.")
@click.option("--follow", metavar="DURATION", help="How long to follow each article, e.g. 3d.")
@pass_app
def add(
    app: App,
    name: str,
    outlet: str,
    feed: str | None,
    sitemap: str | None,
    urls: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    follow: str | None,
) -> None:
    """Add a watch source NAME to articlediff.toml, in a commit of its own."""
    from articlediff.store.configedit import add_watch_source
    from articlediff.store.watchconfig import watch_source

    choices = (("feed", feed), ("sitemap", sitemap), ("urls", urls))
    given = [kind for kind, value in choices if value]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --feed URL, --sitemap URL or --url URL...")
    kind = given[0]
    table: dict[str, object] = {"name": name, "outlet": outlet, "kind": kind}
    if kind == "urls":
        table["urls"] = list(urls)
    else:
        table["url"] = feed or sitemap
    if include:
        table["include"] = list(include)
    if exclude:
        table["exclude"] = list(exclude)
    if follow:
        table["follow"] = follow
    source = watch_source(table)
    commit = add_watch_source(app.store(), source)
    click.echo(
        f"watching {source.name} ({source.kind}) for {source.outlet} [{commit[:10]}]", err=True
    )


@watch.command(name="list")
@json_option
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List the watch sources of articlediff.toml."""
    from articlediff.common.timeutil import format_duration
    from articlediff.render.watchlines import source_lines

    config = app.store().config.watch
    if as_json:
        emit_json([source.to_toml() for source in config.sources])
        return
    for line in source_lines(config.sources, format_duration(config.settings.follow)):
        click.echo(line)
    if not config.sources:
        click.echo("no watch sources: add one with 'articlediff watch add'", err=True)


@watch.command(name="remove")
@click.argument("name")
@pass_app
def remove(app: App, name: str) -> None:
    """Remove the watch source NAME from articlediff.toml, in a commit of its own."""
    from articlediff.store.configedit import remove_watch_source

    commit = remove_watch_source(app.store(), name)
    click.echo(f"stopped watching {name} [{commit[:10]}]", err=True)
