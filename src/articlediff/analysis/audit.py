"""The site-wide audit: every revision in a time window with its verdict and word counts.
Pure: works on revisions already read from the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articlediff.common.furniture import FurnitureSettings
from articlediff.diff import diff_articles
from articlediff.diff.model import ChangeReason, Level
from articlediff.model import Article, Revision

_EMPTY = Article(headline="", body=())


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
    furniture: FurnitureSettings | None = None,
) -> list[AuditEntry]:
    """Entries for (revision, previous article) pairs, newest first (ties: by time recorded,
    then article id, then revision number, all newest or highest first). ``furniture``: the
    store's page-furniture patterns, by outlet, for the verdicts."""
    settings = furniture or FurnitureSettings()
    entries = []
    for revision, previous in pairs:
        patterns = settings.for_article(revision.article_id)
        diff = diff_articles(previous or _EMPTY, revision.article, furniture=patterns)
        entries.append(
            AuditEntry(
                revision,
                diff.verdict if previous is not None else None,
                diff.stats.words_added,
                diff.stats.words_deleted,
                diff.reasons_at() if previous is not None else (),
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
