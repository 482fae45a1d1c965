"""Revisions with the words each added and removed: what ``log`` and ``save`` report.

Kept apart from the writing actions so that ``log`` loads only the store (and the diff engine
only for revisions whose counts the store has not remembered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from articlediff.common.timeutil import parse_window, within
from articlediff.model import Article, Revision, RevisionInfo
from articlediff.render.records import log_record
from articlediff.store import SaveOutcome, Store
from articlediff.store.cache import LogFigures


@dataclass(frozen=True)
class RevisionChange:
    """A revision with the words it added and removed against the one before it, and its
    headline: one line of ``log``."""

    revision: RevisionInfo
    words_added: int
    words_deleted: int
    headline: str

    @classmethod
    def of(cls, previous: Article | None, revision: Revision) -> RevisionChange:
        added, deleted = body_change(previous, revision.article)
        return cls(revision, added, deleted, revision.article.headline)

    def to_json(self) -> dict[str, Any]:
        """One row of ``log --json``."""
        return log_record(self.revision, self.headline, self.words_added, self.words_deleted)


def body_change(previous: Article | None, current: Article) -> tuple[int, int]:
    """Words added and deleted in the body (a first revision adds all of its words)."""
    from articlediff.diff import words_changed  # the diff engine only when counting

    return words_changed(previous.body_text if previous else "", current.body_text)


def saved_change(store: Store, outcome: SaveOutcome) -> RevisionChange | None:
    """The change a save made (``None`` when it made none), remembered for ``log``."""
    if outcome.revision is None:
        return None
    previous = outcome.previous.article if outcome.previous else None
    change = RevisionChange.of(previous, outcome.revision)
    if outcome.blobs is not None:
        figures = LogFigures(change.words_added, change.words_deleted, change.headline)
        store.remember_log_figures(outcome.article_id, {outcome.blobs: figures})
    return change


def article_log(
    store: Store,
    article_id: str,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[RevisionChange]:
    """The article's revisions, oldest first, within an optional window of revision times.

    The word counts and headlines come from the store's log cache where it has them; only
    the revisions it lacks (and the ones before them) are read and diffed, and what they give
    is remembered.
    """
    start, end = parse_window(since, until, store.tz)
    files = store.revision_files(article_id)
    pairs = [(files[i - 1].blob if i else "", file.blob) for i, file in enumerate(files)]
    shown = [i for i, file in enumerate(files) if within(file.revision.at, start, end)]
    cache = store.log_figures(article_id)
    missing = [i for i in shown if pairs[i] not in cache]
    if missing:
        needed = sorted({*missing, *(i - 1 for i in missing if i)})
        articles = dict(zip(needed, store.read_articles([files[i] for i in needed]), strict=True))
        found = {}
        for i in missing:
            added, deleted = body_change(articles[i - 1] if i else None, articles[i])
            found[pairs[i]] = LogFigures(added, deleted, articles[i].headline)
        store.remember_log_figures(article_id, found)
        cache.update(found)
    changes = []
    for i in shown:
        figures = cache[pairs[i]]
        added, deleted, headline = figures.words_added, figures.words_deleted, figures.headline
        changes.append(RevisionChange(files[i].revision, added, deleted, headline))
    return changes
