"""Commands for team use: verify, sync."""

from __future__ import annotations

import click

from articlediff.cli.context import App, emit_json, pass_app
from articlediff.cli.options import json_option
from articlediff.errors import StoreError


@click.command()
@click.option(
    "--repair",
    is_flag=True,
    help="Delete the cache files that disagree with git (the next reads rebuild them).",
)
@click.option(
    "--accept-rewrite",
    is_flag=True,
    help="Accept a history rewritten since this clone last saw it (after reviewing it).",
)
@json_option
@pass_app
def verify(app: App, repair: bool, accept_rewrite: bool, as_json: bool) -> None:
    """Check the store: git fsck, merges, replace refs and rewritten history, then every
    revision's file, trailers and front matter, then the per-article caches.

    Problems are printed one a line; any problem exits with 3. Damage that a later revision
    repaired is a warning. Nothing is repaired but the caches, with --repair.
    """
    from articlediff.app.team import verify as verify_store
    from articlediff.render.summaries import (
        caches_removed,
        problem_line,
        store_damaged,
        store_verified,
    )
    from articlediff.store.verify import repair_caches

    store = app.store()
    report = verify_store(store, accept_rewrite=accept_rewrite)
    if as_json:
        emit_json(report.to_json())
    else:
        for problem in report.problems:
            click.echo(problem_line(problem))
    if repair:
        removed = repair_caches(store, report.failures)
        click.echo(caches_removed(removed), err=True)
        report = verify_store(store)
    if not report.ok:
        raise StoreError(store_damaged(len(report.failures), report.revisions, report.articles))
    click.echo(
        store_verified(report.revisions, report.articles, report.commits, len(report.warnings)),
        err=True,
    )


@click.command()
@click.argument("remote", required=False, metavar="[REMOTE]")
@json_option
@pass_app
def sync(app: App, remote: str | None, as_json: bool) -> None:
    """Pull the store's branch from REMOTE (default origin), put both sides' revisions in
    revision-time order, then push it. No revision on either side is lost."""
    from articlediff.app.team import sync_with_remote
    from articlediff.render.summaries import sync_summary

    outcome = sync_with_remote(app.store(), remote)
    if as_json:
        emit_json(outcome.to_json())
    click.echo(sync_summary(outcome), err=True)
