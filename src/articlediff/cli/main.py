"""The ``articlediff`` group: the global ``--store`` option, the ``App`` behind every
command, exit statuses for whatever stops a command, and the commands themselves."""

from __future__ import annotations

from typing import Any

import click

from articlediff import __version__
from articlediff.cli.commands import admin, batch, check, demo, publish, read, store, watch
from articlediff.cli.context import App
from articlediff.cli.status import exit_statuses


class ArticleDiffGroup(click.Group):
    """Runs each command under ``exit_statuses``: one line on stderr, one exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        with exit_statuses():
            return super().invoke(ctx)


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
    3 store problem, 130 interrupted (Ctrl-C).
    """
    app = App(store_path)
    ctx.obj = app
    ctx.call_on_close(app.close)


for command in (
    store.init,
    store.save,
    store.import_,
    store.reextract,
    store.correct,
    store.accept,
    read.list_,
    read.log,
    read.show,
    read.diff,
    read.blame,
    read.audit,
    check.check,
    publish.notes,
    publish.feed,
    publish.site,
    admin.verify,
    admin.reindex,
    admin.sync,
    batch.batch,
    watch.watch,
    demo.demo,
):
    cli.add_command(command)
