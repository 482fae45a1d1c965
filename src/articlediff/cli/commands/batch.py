"""``batch``: the per-pair work over a whole store or a corpus, on Dask, into Parquet."""

from __future__ import annotations

import click

from articlediff.cli.context import App, emit_json, pass_app
from articlediff.cli.options import json_option, timezone_option
from articlediff.errors import InputError

PARTITION_PAIRS = 200
"""The default of ``--partition-size`` (``app.batch.DEFAULT_PARTITION_PAIRS``, kept here so
that ``--help`` loads neither Dask nor the diff engine; a test keeps the two in step)."""


@click.command()
@click.argument("corpus", nargs=-1, metavar="[CORPUS]...")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="FILE",
    help="The Parquet file to write (replaced only when the batch succeeds).",
)
@click.option(
    "--scheduler",
    default="processes",
    show_default=True,
    metavar="NAME|ADDRESS",
    help="processes, threads or synchronous (Dask's local schedulers), or the address of "
    "a dask.distributed scheduler, e.g. tcp://host:8786.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes of the local scheduler (default: one per core).",
)
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=PARTITION_PAIRS,
    show_default=True,
    metavar="PAIRS",
    help="Pairs per partition when reading a store (one Parquet row group each).",
)
@timezone_option("Read a corpus's naive times in this zone.", "UTC")
@click.option(
    "--config",
    "config",
    metavar="FILE",
    help="For a corpus: the [check] rules and [furniture] patterns of this settings file "
    "(a store's articlediff.toml, say). A store's own articlediff.toml always applies.",
)
@click.option("--strict", is_flag=True, help="Run the check rules as 'check --strict' does.")
@json_option
@pass_app
def batch(
    app: App,
    corpus: tuple[str, ...],
    output: str,
    scheduler: str,
    workers: int | None,
    partition_size: int,
    timezone: str,
    config: str | None,
    strict: bool,
    as_json: bool,
) -> None:
    """Diff, classify and check every consecutive pair of revisions of the store (or of
    each CORPUS, JSON Lines or Parquet with one revision a row) on Dask, and write one
    Parquet row per pair to FILE, sorted by article id then pair.

    Verdicts and findings are those of 'check' and 'diff': under the store's
    articlediff.toml ([check], [furniture]), or for a corpus under --config FILE's.

    Needs the scale extra: pip install 'articlediff[scale]'. Findings do not change the
    exit status (run 'check' for that). See docs/scale.md.
    """
    from articlediff.app.batch import (
        LOCAL_SCHEDULERS,
        BatchSettings,
        batch_settings,
        require_batch,
        run_batch,
        store_batch_settings,
    )
    from articlediff.check import CheckSettings
    from articlediff.common.timeutil import zone
    from articlediff.render.summaries import batch_line

    if config is not None and not corpus:
        raise InputError(
            "--config is for a corpus: a store's rules and furniture are its articlediff.toml"
        )
    require_batch(cluster=scheduler not in LOCAL_SCHEDULERS)
    if corpus:
        settings = (
            batch_settings(config, strict=strict)
            if config is not None
            else BatchSettings(CheckSettings(strict=strict))
        )
        result = run_batch(
            output,
            corpus=corpus,
            settings=settings,
            scheduler=scheduler,
            workers=workers,
            partition_pairs=partition_size,
            tz=zone(timezone),
        )
    else:
        store = app.store()
        result = run_batch(
            output,
            store=store,
            settings=store_batch_settings(store, strict=strict),
            scheduler=scheduler,
            workers=workers,
            partition_pairs=partition_size,
        )
    if as_json:
        emit_json(result.to_json())
    click.echo(batch_line(result), err=True)
