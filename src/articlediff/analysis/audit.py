"""The site-wide audit: every revision in a time window with its verdict and word counts.
Pure: works on revisions already read from the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articlediff.diff import diff_articles
from articlediff.diff.model import Level
from articlediff.model import Article, Revision

_EMPTY = Article(headline="", body=())


@dataclass(frozen=True)
class AuditEntry:
    """One revision: its verdict against the revision before (``None`` for a first
    revision) and the body words it added and deleted."""

    revision: Revision
    verdict: Level | None
    words_added: int
    words_deleted: int


def audit_entries(pairs: Iterable[tuple[Revision, Article | None]]) -> list[AuditEntry]:
    """Entries for (revision, previous article) pairs, newest first (ties: by time recorded,
    then article id, then revision number, all newest or highest first)."""
    entries = []
    for revision, previous in pairs:
        diff = diff_articles(previous or _EMPTY, revision.article)
        entries.append(
            AuditEntry(
                revision,
                diff.verdict if previous is not None else None,
                diff.stats.words_added,
                diff.stats.words_deleted,
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
