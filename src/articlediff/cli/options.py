"""Option decorators shared by several commands: one definition of each repeated option.

An option a single command takes stays with that command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from articlediff.common.formats import FEED_LIMIT

F = TypeVar("F", bound=Callable[..., Any])

REF_HELP = "published, latest, rN, a commit id, or a time (the revision in effect then)."


def json_option(function: F) -> F:
    """``--json`` (``as_json``): print JSON for scripts."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(function)


def format_option(choices: Sequence[str], default: str | None, help: str) -> Callable[[F], F]:
    """``--format`` (``fmt``), one of ``choices``; without a default the command picks one."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=help,
    )


def since_option(help: str, metavar: str = "TIME") -> Callable[[F], F]:
    """``--since``: where a window of revisions starts."""
    return click.option("--since", metavar=metavar, help=help)


def window_options(
    since_help: str = "Only revisions at or after TIME (or e.g. 12h ago).",
) -> Callable[[F], F]:
    """``--since TIME`` and ``--until TIME``: a window of revision times."""
    since = since_option(since_help)
    until = click.option(
        "--until", metavar="TIME", help="Only revisions at or before TIME (or e.g. 1d ago)."
    )

    def decorate(function: F) -> F:
        return since(until(function))

    return decorate


def at_option(help: str) -> Callable[[F], F]:
    """``--at TIME``: the time of what a command writes."""
    return click.option("--at", metavar="TIME", help=help)


def allow_future_option(function: F) -> F:
    """``--allow-future``: accept revision times more than a day ahead (tests, embargoes)."""
    return click.option(
        "--allow-future",
        is_flag=True,
        help="Accept revision times more than a day ahead of now (e.g. for tests).",
    )(function)


def ref_option(
    name: str, dest: str = "ref", default: str | None = None, help: str = REF_HELP
) -> Callable[[F], F]:
    """An option naming a revision: ``--at REF`` (``ref``), ``--from``, ``--to``, ``--fixes``."""
    return click.option(
        name, dest, default=default, show_default=default is not None, metavar="REF", help=help
    )


def timezone_option(help: str, default: str | None = None) -> Callable[[F], F]:
    """``--timezone ZONE``: an IANA time zone name."""
    return click.option(
        "--timezone", default=default, show_default=default is not None, metavar="ZONE", help=help
    )


def kind_option(choices: Sequence[str], help: str, required: bool = False) -> Callable[[F], F]:
    """``--kind``: the kind of a revision or of a correction-log entry."""
    return click.option("--kind", type=click.Choice(choices), required=required, help=help)


def base_url_option(help: str) -> Callable[[F], F]:
    """``--base-url URL``: where the site is (or will be) published."""
    return click.option("--base-url", metavar="URL", help=help)


def title_option(default: str, help: str) -> Callable[[F], F]:
    """``--title``: the title of a feed or site."""
    return click.option("--title", default=default, show_default=True, help=help)


def feed_limit_option(name: str, help: str) -> Callable[[F], F]:
    """``--limit N`` (``feed``) or ``--feed-limit N`` (``site``): the feed's N newest
    entries."""
    return click.option(
        name, type=click.IntRange(min=1), default=FEED_LIMIT, show_default=True, metavar="N",
        help=help,
    )  # fmt: skip


def allow_private_option(help: str) -> Callable[[F], F]:
    """``--allow-private``: fetching private and loopback addresses is allowed."""
    return click.option("--allow-private", is_flag=True, help=help)


def jobs_option(function: F) -> F:
    """``--jobs N``: worker processes for the pairs to compute (default: one per core)."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        metavar="N",
        help="Worker processes for the pairs to compute (default: one per core).",
    )(function)
