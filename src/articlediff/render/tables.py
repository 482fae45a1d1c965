"""The tables ``list`` and ``log`` print: one aligned row per article or revision.

Rows are anything with the named attributes (the store's summaries, the log's changes), so
this module needs neither the store nor the application layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from articlediff.common.timeutil import format_short
from articlediff.model import RevisionInfo


class ArticleRow(Protocol):
    """One article and the span of its history."""

    @property
    def article_id(self) -> str: ...
    @property
    def revisions(self) -> int: ...
    @property
    def first(self) -> datetime: ...
    @property
    def latest(self) -> datetime: ...


class RevisionRow(Protocol):
    """One revision and the body words it added and deleted."""

    @property
    def revision(self) -> RevisionInfo: ...
    @property
    def words_added(self) -> int: ...
    @property
    def words_deleted(self) -> int: ...


def articles_table(rows: Sequence[ArticleRow]) -> str:
    """``gbnews/putin-kim-visit    2 rev  2024-06-19 07:38 +01:00  →  2024-06-19 08:14 +01:00``:
    ids padded to the longest; empty for no rows."""
    width = max((len(row.article_id) for row in rows), default=0)
    return "".join(
        f"{row.article_id:<{width}}  {row.revisions:>3} rev  "
        f"{format_short(row.first)}  →  {format_short(row.latest)}\n"
        for row in rows
    )


def revisions_table(rows: Sequence[RevisionRow]) -> str:
    """``r2   2b188d7ea6  2024-06-19 08:14 +01:00  (recorded …)  update   +85/-1  note``:
    number, commit, revision time, recorded time, kind, words added/deleted, note."""
    lines = []
    for row in rows:
        revision = row.revision
        words = f"+{row.words_added}/-{row.words_deleted}"
        note = f"  {revision.note}" if revision.note else ""
        lines.append(
            f"{revision.label:<4} {revision.short_commit}  {format_short(revision.at)}  "
            f"(recorded {format_short(revision.recorded)})  {revision.kind:<10} "
            f"{words:>11}{note}\n"
        )
    return "".join(lines)


__all__ = ["ArticleRow", "RevisionRow", "articles_table", "revisions_table"]
