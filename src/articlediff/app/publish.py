"""Reader-facing output built from a whole store: the Atom feed and the static site.

The builders in ``articlediff.site.feed`` and ``articlediff.site`` are pure; these functions read
the store's histories for them and write the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from articlediff import site as static_site
from articlediff.app.pairs import (
    check_jobs,
    furniture_settings,
    histories_diffs,
    history_keys,
    kept_summaries,
)
from articlediff.common.formats import FEED_TITLE, SITE_TITLE
from articlediff.common.furniture import furniture_digest
from articlediff.model import Revision, validate_article_id
from articlediff.notes import ArticleNotes, article_notes
from articlediff.site.feed import build_feed, check_base_url
from articlediff.store import Store
from articlediff.store.store import DamagedRevision, DamageError


@dataclass(frozen=True)
class FeedOutput:
    text: str
    entries: int
    damaged: list[DamagedRevision] = field(default_factory=list)


def readable_histories(
    store: Store, ids: list[str]
) -> tuple[list[list[Revision]], list[DamagedRevision]]:
    """The histories of ``ids`` that can be read, and every damaged revision among them:
    an article whose latest revision is damaged is left out (one damaged article is one
    problem, not the end of the command); one that was repaired keeps its other revisions."""
    histories, damaged = [], []
    for article_id in ids:
        read = store.read_history(article_id)
        damaged.extend(read.damaged)
        if read.unrepaired is None:
            histories.append(read.revisions)
    return histories, damaged


def store_feed(
    store: Store,
    article_id: str | None = None,
    *,
    base_url: str | None = None,
    title: str = FEED_TITLE,
    jobs: int | None = 1,
) -> FeedOutput:
    """The Atom feed of every editorial revision in the store, or of one article; the
    pairs are diffed over ``jobs`` worker processes (``None``: one per core), with the same
    feed."""
    check_base_url(base_url)
    ids = [article_id] if article_id else store.article_ids()
    histories, damaged = readable_histories(store, ids)
    furniture = furniture_settings(store)
    diffs = histories_diffs(histories, check_jobs(jobs), furniture)
    articles = [
        article_notes(
            history, store.tz, given, furniture=furniture.for_article(history[0].article_id)
        )
        for history, given in zip(histories, diffs, strict=True)
    ]
    text = build_feed(articles, base_url=base_url, title=title)
    entries = sum(1 for notes in articles for r in notes.revisions if r.kind != "technical")
    return FeedOutput(text, entries, damaged)


def write_feed(path: Path, feed: FeedOutput) -> None:
    static_site.write_text(path, feed.text)


@dataclass(frozen=True)
class SiteOutput:
    files: int
    articles: int
    damaged: list[DamagedRevision] = field(default_factory=list)


def store_site(
    store: Store,
    outdir: Path,
    *,
    base_url: str | None = None,
    title: str = SITE_TITLE,
    jobs: int | None = 1,
) -> SiteOutput:
    """Build the static site of the whole store into ``outdir``; the pairs are diffed over
    ``jobs`` worker processes (``None``: one per core), with the same files."""
    check_base_url(base_url)
    furniture = furniture_settings(store)
    histories, damaged = readable_histories(store, store.article_ids())
    diffs = histories_diffs(histories, check_jobs(jobs), furniture)
    files = static_site.build_site(
        histories, store.tz, base_url=base_url, title=title, diffs=diffs, furniture=furniture
    )
    return SiteOutput(static_site.write_site(files, outdir), len(histories), damaged)


def store_notes(store: Store, article_id: str) -> ArticleNotes:
    """The reader notes of one article, with the store's furniture patterns for its outlet:
    a pair whose note quotes no words is told from its pair note where a valid one is kept,
    without a diff (the notes are the same)."""
    patterns = furniture_settings(store).for_article(validate_article_id(article_id))
    read = store.read_history(article_id)
    if read.unrepaired is not None:
        raise DamageError(read.unrepaired)
    keys = history_keys(read, furniture_digest(patterns))
    kept = kept_summaries(store, keys)
    summaries = [kept.get(key) for key in keys]
    return article_notes(read.revisions, store.tz, furniture=patterns, summaries=summaries)
