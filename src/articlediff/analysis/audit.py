"""The site-wide audit: every revision in a time window with its verdict and word counts.
Pure: works on revisions already read from the store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from articlediff.common.furniture import FurnitureSettings
from articlediff.diff import DiffStats, diff_articles
from articlediff.diff.model import ChangeReason, Level
from articlediff.model import Article, Revision

_EMPTY = Article(headline="", body=())


class PairFigures(Protocol):
    """What an audit entry needs of a pair: its summary (``check.summary.PairSummary``)."""

    @property
    def verdict(self) -> Level: ...

    @property
    def stats(self) -> DiffStats: ...

    @property
    def reasons(self) -> tuple[ChangeReason, ...]: ...


@dataclass(frozen=True)
class AuditEntry:
    """One revision: its verdict against the revision before (``None`` for a first
    revision), the reasons behind it (``ArticleDiff.reasons_at``) and the body words it
    added and deleted."""

    revision: Revision
    verdict: Level | None
    words_added: int
    words_deleted: int
    reasons: tuple[ChangeReason, ...] = ()


def audit_entries(
    pairs: Iterable[tuple[Revision, Article | None]],
    summaries: Sequence[PairFigures | None] | None = None,
    furniture: FurnitureSettings | None = None,
) -> list[AuditEntry]:
    """Entries for (revision, previous article) pairs, newest first (ties: by time recorded,
    then article id, then revision number, all newest or highest first). ``furniture``: the
    store's page-furniture patterns, by outlet, for the verdicts.

    ``summaries``, when given, holds each pair's verdict, statistics and reasons in step
    with ``pairs`` (e.g. ``check.summary.PairSummary``, read from the store's pair notes,
    computed under the same furniture): those pairs are then not diffed."""
    settings = furniture or FurnitureSettings()
    entries = []
    for index, (revision, previous) in enumerate(pairs):
        known = summaries[index] if summaries is not None else None
        if known is None:
            patterns = settings.for_article(revision.article_id)
            diff = diff_articles(previous or _EMPTY, revision.article, furniture=patterns)
            verdict, stats, reasons = diff.verdict, diff.stats, diff.reasons_at()
        else:
            verdict, stats, reasons = known.verdict, known.stats, known.reasons
        entries.append(
            AuditEntry(
                revision,
                verdict if previous is not None else None,
                stats.words_added,
                stats.words_deleted,
                reasons if previous is not None else (),
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
