"""Commands for readers: notes, feed, site."""

from __future__ import annotations

from pathlib import Path

import click

from articlediff.cli.context import App, pass_app
from articlediff.cli.options import (
    base_url_option,
    feed_limit_option,
    format_option,
    jobs_option,
    title_option,
)
from articlediff.cli.status import report_damage
from articlediff.common.formats import FEED_TITLE, NOTES_FORMATS, SITE_TITLE


@click.command()
@click.argument("article_id", metavar="ID")
@format_option(
    NOTES_FORMATS,
    "markdown",
    "markdown, html (a fragment to paste into a page), json, or jsonld (schema.org).",
)
@pass_app
def notes(app: App, article_id: str, fmt: str) -> None:
    """Reader notes for each revision of article ID after the first.

    A note is the text of the correction-log entry (or in-body note) attached to the
    revision, else a summary generated from the diff that only says what changed. Technical
    revisions get no note.
    """
    from articlediff.app.publish import store_notes
    from articlediff.notes import render_notes

    click.echo(render_notes(store_notes(app.store(), article_id), fmt), nl=False)


@click.command()
@click.option("--article", "article_id", metavar="ID", help="Only the revisions of article ID.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the feed to FILE instead of stdout.",
)
@base_url_option("Where the site is published; entries link to its history and diff pages.")
@title_option(FEED_TITLE, "The feed's title.")
@feed_limit_option("--limit", "The N newest entries.")
@jobs_option
@pass_app
def feed(
    app: App,
    article_id: str | None,
    out: Path | None,
    base_url: str | None,
    title: str,
    limit: int,
    jobs: int | None,
) -> None:
    """An Atom feed of the newest editorial revisions in the store (or of article ID),
    newest first, each entry with its note and word diff."""
    from articlediff.app.publish import store_feed, write_feed
    from articlediff.render.summaries import feed_written

    output = store_feed(
        app.store(), article_id, base_url=base_url, title=title, jobs=jobs, limit=limit
    )
    if out is None:
        click.echo(output.text, nl=False)
    else:
        write_feed(out, output)
        click.echo(feed_written(output.entries, out), err=True)
    report_damage(output.damaged)


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@base_url_option("Where the site will be published (absolute links in the feed and JSON-LD).")
@title_option(SITE_TITLE, "The site's title.")
@feed_limit_option("--feed-limit", "Entries in the site's feed: the N newest.")
@click.option("--serve", is_flag=True, help="Then preview the site on 127.0.0.1.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port for --serve (0: any free port).",
)
@jobs_option
@pass_app
def site(
    app: App,
    outdir: Path,
    base_url: str | None,
    title: str,
    feed_limit: int,
    serve: bool,
    port: int,
    jobs: int | None,
) -> None:
    """Build a static site in OUTDIR: an index of articles, a history page per article, a
    diff page per revision, the Atom feed and JSON-LD. It works from file:// too.

    OUTDIR must be new, empty, or a site built before (which is updated: only the pages
    that changed are rewritten).
    """
    from articlediff.app.publish import store_site
    from articlediff.render.summaries import site_written
    from articlediff.site import make_server

    built = store_site(
        app.store(), outdir, base_url=base_url, title=title, jobs=jobs, feed_limit=feed_limit
    )
    click.echo(site_written(built.files, built.articles, outdir, built.unchanged), err=True)
    report_damage(built.damaged)
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
