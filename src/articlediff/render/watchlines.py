"""The lines ``watch`` prints for people: a progress line, one summary a round, and the
sources ``watch list`` shows. Pure functions of the values ``app.watch`` returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from articlediff.common.timeutil import format_duration, format_short
from articlediff.common.words import plural


class Round(Protocol):
    """What one round did (``app.watch.RoundReport``)."""

    @property
    def number(self) -> int: ...
    @property
    def started(self) -> datetime: ...
    @property
    def seconds(self) -> float: ...
    @property
    def listings(self) -> int: ...
    @property
    def listings_not_modified(self) -> int: ...
    @property
    def new_articles(self) -> int: ...
    @property
    def checked(self) -> int: ...
    @property
    def not_modified(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def editorial(self) -> int: ...
    @property
    def technical(self) -> int: ...
    @property
    def failed(self) -> int: ...
    @property
    def robots_refused(self) -> int: ...
    @property
    def breaker_skipped(self) -> int: ...
    @property
    def dropped(self) -> int: ...
    @property
    def requests(self) -> int: ...
    @property
    def following(self) -> int: ...
    @property
    def stopped(self) -> str: ...


class Source(Protocol):
    """A watch source (``store.watchconfig.WatchSource``)."""

    @property
    def name(self) -> str: ...
    @property
    def outlet(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def urls(self) -> tuple[str, ...]: ...
    @property
    def include(self) -> tuple[str, ...]: ...
    @property
    def exclude(self) -> tuple[str, ...]: ...
    @property
    def follow(self) -> timedelta | None: ...


def round_line(report: Round) -> str:
    """``round 3 08:14 +01:00: 2 listings (1 not modified), 1 new article, 14 checked
    (12 not modified, 1 unchanged), 1 revision, 0 failed; 17 requests in 2.1s; following
    40`` — parts that are zero (after the first three) are left out."""
    parts = [
        f"{plural(report.listings, 'listing')}"
        + (f" ({report.listings_not_modified} not modified)" if report.listings else ""),
        plural(report.new_articles, "new article"),
        f"{report.checked} checked ({report.not_modified} not modified, "
        f"{report.unchanged} unchanged)",
        plural(report.editorial, "revision"),
    ]
    optional = (
        (report.technical, "technical"),
        (report.failed, "failed"),
        (report.robots_refused, "refused by robots.txt"),
        (report.breaker_skipped, "skipped (circuit breaker open)"),
        (report.dropped, "dropped (window over)"),
    )
    parts += [f"{count} {label}" for count, label in optional if count]
    stopped = f"; stopped by {report.stopped}" if report.stopped else ""
    return (
        f"round {report.number} {format_short(report.started)}: {', '.join(parts)}; "
        f"{plural(report.requests, 'request')} in {report.seconds:.1f}s; "
        f"following {report.following}{stopped}"
    )


def revision_line(record: Mapping[str, Any]) -> str:
    """A revision a round saved: ``example/harbour-bridge r2 2024-06-19T08:14:00+01:00 update
    +85 -1 words`` (as ``save`` prints it), with the verdict when an alert computed it."""
    verdict = f" {record['verdict']}" if record.get("verdict") else ""
    unexplained = " unexplained" if record.get("unexplained") else ""
    return (
        f"{record['id']} {record['revision']} {record['at']} {record['kind']} "
        f"+{record['words_added']} -{record['words_deleted']} words{verdict}{unexplained}"
    )


def progress_line(done: int, total: int, url: str, width: int = 100) -> str:
    """``[12/40] https://...`` cut to ``width`` characters, for a terminal's status line."""
    line = f"[{done}/{total}] {url}"
    return line if len(line) <= width else line[: width - 1] + "…"


def source_lines(sources: Sequence[Source], default_follow: str) -> list[str]:
    """``watch list``: one line a source."""
    lines = []
    for source in sources:
        where = source.urls[0] if len(source.urls) == 1 else plural(len(source.urls), "URL")
        filters = "".join(
            [f" include {pattern!r}" for pattern in source.include]
            + [f" exclude {pattern!r}" for pattern in source.exclude]
        )
        follow = format_duration(source.follow) if source.follow else default_follow
        lines.append(
            f"{source.name}  {source.kind} {where} -> {source.outlet}/…  follow {follow}{filters}"
        )
    return lines
