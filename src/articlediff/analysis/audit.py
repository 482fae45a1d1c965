"""The site-wide audit: every revision in a time window with its verdict and word counts.
Pure: works on revisions already read from the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from articlediff.diff import DiffStats, diff_articles
from articlediff.diff.model import Level
from articlediff.model import Article, Revision

_EMPTY = Article(headline="", body=())


class PairFigures(Protocol):
    """What an audit entry needs of a pair: an ``ArticleDiff`` or a pair's summary."""

    @property
    def verdict(self) -> Level: ...

    @property
    def stats(self) -> DiffStats: ...


@dataclass(frozen=True)
class AuditEntry:
    """One revision: its verdict against the revision before (``None`` for a first
    revision) and the body words it added and deleted."""

    revision: Revision
    verdict: Level | None
    words_added: int
    words_deleted: int


def audit_entries(
    pairs: Iterable[tuple[Revision, Article | None]],
    summaries: Sequence[PairFigures] | None = None,
) -> list[AuditEntry]:
    """Entries for (revision, previous article) pairs, newest first (ties: by time recorded,
    then article id, then revision number, all newest or highest first).

    ``summaries``, when given, holds each pair's verdict and statistics in step with
    ``pairs`` (e.g. ``check.summary.PairSummary``, read from the store's pair notes): the
    pairs are then not diffed."""
    entries = []
    for index, (revision, previous) in enumerate(pairs):
        known = summaries[index] if summaries is not None else None
        figures = known or diff_articles(previous or _EMPTY, revision.article)
        entries.append(
            AuditEntry(
                revision,
                figures.verdict if previous is not None else None,
                figures.stats.words_added,
                figures.stats.words_deleted,
            )
        )
    entries.sort(
        key=lambda e: (
            e.revision.at.timestamp(),
            e.revision.recorded.timestamp(),
            e.revision.article_id,
            e.revision.number,
        ),
        reverse=True,
    )
    return entries
