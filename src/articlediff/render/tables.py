"""The tables ``list`` and ``log`` print: one aligned row per article or revision.

Rows are anything with the named attributes (the store's summaries, the log's changes), so
this module needs neither the store nor the application layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from articlediff.common.controls import visible
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
    @property
    def damaged(self) -> str | None:
        """Why the revision cannot be read, for a damaged one."""


def articles_table(rows: Sequence[ArticleRow]) -> str:
    """``gbnews/putin-kim-visit    2 rev  2024-06-19 07:38 +01:00  →  2024-06-19 08:14 +01:00``:
    ids padded to the longest; empty for no rows."""
    width = max((len(row.article_id) for row in rows), default=0)
    text = "".join(
        f"{row.article_id:<{width}}  {row.revisions:>3} rev  "
        f"{format_short(row.first)}  →  {format_short(row.latest)}\n"
        for row in rows
    )
    return visible(text)


def revisions_table(rows: Sequence[RevisionRow]) -> str:
    """``r2   2b188d7ea6  2024-06-19 08:14 +01:00  (recorded …)  update   +85/-1  note``:
    number, commit, revision time, recorded time, kind, words added/deleted, note; for a
    damaged revision, ``damaged`` and the cause instead of the words and note."""
    lines = []
    # Each time formatted once (an import's revisions share their recorded time), keyed by
    # its offset too: times in two zones are equal when they are the same instant.
    shown: dict[tuple[datetime, timedelta | None], str] = {}

    def short(moment: datetime) -> str:
        key = (moment, moment.utcoffset())
        text = shown.get(key)
        if text is None:
            text = shown[key] = format_short(moment)
        return text

    for row in rows:
        revision = row.revision
        words = f"+{row.words_added}/-{row.words_deleted}"
        note = f"  {revision.note}" if revision.note else ""
        if row.damaged is not None:
            words, note = "damaged", f"  {row.damaged}"
        lines.append(
            f"{revision.label:<4} {revision.short_commit}  {short(revision.at)}  "
            f"(recorded {short(revision.recorded)})  {revision.kind:<10} "
            f"{words:>11}{note}\n"
        )
    return visible("".join(lines))


__all__ = ["ArticleRow", "RevisionRow", "articles_table", "revisions_table"]
