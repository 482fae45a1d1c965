"""Reader-facing output built from a whole store: the Atom feed and the static site.

The builders in ``articlediff.site.feed`` and ``articlediff.site`` are pure; these functions read
the store's histories for them and write the result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from articlediff import __version__
from articlediff import site as static_site
from articlediff.app.pairs import (
    check_jobs,
    chunks,
    furniture_settings,
    histories_diffs,
    history_keys,
    kept_summaries,
)
from articlediff.common.formats import FEED_TITLE, SITE_TITLE
from articlediff.common.furniture import FurnitureSettings, furniture_digest
from articlediff.diff import RULES_VERSION
from articlediff.errors import InputError
from articlediff.model import Revision, RevisionInfo, validate_article_id
from articlediff.notes import ArticleNotes, article_notes
from articlediff.site import paths
from articlediff.site.build import IndexRow, article_pages, index_pages, index_row, stylesheet
from articlediff.site.feed import (
    FEED_LIMIT,
    EntryKey,
    FeedEntry,
    NewestEntries,
    atom_feed,
    build_feed,
    check_base_url,
    entry_keys,
    feed_entries,
)
from articlediff.site.write import ArticleRecord, SiteWriter
from articlediff.store import Store
from articlediff.store.store import ArticleHistory, DamagedRevision, DamageError, RevisionFile


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
    limit: int = FEED_LIMIT,
) -> FeedOutput:
    """The Atom feed of the ``limit`` newest editorial revisions in the store, or of one
    article, its articles' pairs diffed over ``jobs`` worker processes (``None``: one per
    core).

    The store's newest entries are found from one walk of the branch (each revision's
    time, kind and number are in its commit: no article is read), and only the articles
    they belong to (at most ``limit``) are read and diffed. When one of those has a damaged
    revision, the articles are read one at a time instead, every one, and only the newest
    entries kept (memory does not grow with the store either way): the same feed, and the
    damaged revisions of the whole store reported. Damage in an article none of whose
    revisions would be in the feed is then not looked for (``check`` and ``verify`` report
    it)."""
    check_base_url(base_url)
    limit = check_limit(limit)
    workers = check_jobs(jobs)
    furniture = furniture_settings(store)
    ids = [article_id] if article_id else store.article_ids()
    if article_id is None and store.one_walk_pays(len(ids)):
        newest = newest_entries(store.every_revision(), limit)
        if not store.claims_hold(newest.oldest_time()):
            newest = newest_entries(store.every_revision(exact=True), limit)
        # A cold article's commits come from the walk's claims, its chain verified.
        histories, damaged = readable_histories(store, newest.article_ids())
        if not damaged:
            articles = feed_notes(store, histories, workers, furniture)
            text = build_feed(articles, base_url=base_url, title=title, limit=limit)
            return FeedOutput(text, len(newest), damaged)
    newest = NewestEntries(limit)
    damaged = []
    with store.reading_many(len(ids)):
        for each in ids:
            read = store.read_history(each)
            damaged.extend(read.damaged)
            if read.unrepaired is None:
                newest.offer(entry_keys(read.revisions))
    articles = feed_articles(store, newest.article_ids(), workers, furniture)
    text = build_feed(articles, base_url=base_url, title=title, limit=limit)
    return FeedOutput(text, len(newest), damaged)


def newest_entries(revisions: Iterable[RevisionInfo], limit: int) -> NewestEntries:
    """The ``limit`` newest feed entries of ``revisions``."""
    newest = NewestEntries(limit)
    for revision in revisions:
        newest.offer(entry_keys([revision]))
    return newest


def check_limit(limit: int) -> int:
    if limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    return limit


def feed_articles(
    store: Store, ids: Sequence[str], jobs: int, furniture: FurnitureSettings
) -> list[ArticleNotes]:
    """The notes of the articles ``ids`` (whose histories read), their pairs diffed over
    ``jobs`` workers."""
    return feed_notes(store, readable_histories(store, list(ids))[0], jobs, furniture)


def feed_notes(
    store: Store, histories: list[list[Revision]], jobs: int, furniture: FurnitureSettings
) -> list[ArticleNotes]:
    """The notes of ``histories``, their pairs diffed over ``jobs`` workers."""
    diffs = histories_diffs(histories, jobs, furniture)
    return [
        article_notes(
            history, store.tz, given, furniture=furniture.for_article(history[0].article_id)
        )
        for history, given in zip(histories, diffs, strict=True)
    ]


def write_feed(path: Path, feed: FeedOutput) -> None:
    static_site.write_text(path, feed.text)


@dataclass(frozen=True)
class SiteOutput:
    """Files written, articles in the site, damaged revisions left out, files that were
    already there as they should be (and were not rewritten)."""

    files: int
    articles: int
    damaged: list[DamagedRevision] = field(default_factory=list)
    unchanged: int = 0


def store_site(
    store: Store,
    outdir: Path,
    *,
    base_url: str | None = None,
    title: str = SITE_TITLE,
    jobs: int | None = 1,
    feed_limit: int = FEED_LIMIT,
) -> SiteOutput:
    """Build the static site of the whole store into ``outdir``, article by article: each
    article's pages are made and staged as it is read (its pairs diffed over ``jobs`` worker
    processes, ``None``: one per core, a chunk of articles at a time), so memory does not
    grow with the store but for one index row per article. When ``outdir`` holds a site
    built with the same settings, an article whose revisions are those its pages were made
    from is not read again, and only files whose content changed are rewritten (see
    ``site.write.SiteWriter``); the files are those of a build from scratch."""
    base = check_base_url(base_url)
    feed_limit = check_limit(feed_limit)
    workers = check_jobs(jobs)
    furniture = furniture_settings(store)
    settings = site_settings_key(store, base, title, feed_limit)
    writer = SiteWriter(outdir, settings)
    try:
        rows: list[IndexRow] = []
        newest = NewestEntries(feed_limit)
        made: dict[EntryKey, FeedEntry] = {}  # the newest entries, made, as far as known
        damaged: list[DamagedRevision] = []
        ids = store.article_ids()
        with store.reading_many(len(ids)):
            for part in chunks(ids):
                # Each article of the chunk: kept as it is, or read (and then made again).
                plan: list[ArticleRecord | tuple[ArticleHistory, str, ArticleRecord | None]] = []
                for article_id in part:
                    patterns = furniture.for_article(article_id)
                    key = article_key(store.revision_files(article_id), furniture_digest(patterns))
                    previous = writer.previous(article_id)
                    if previous is not None and writer.reusable(previous, key):
                        plan.append(previous)
                        continue
                    read = store.read_history(article_id)
                    damaged.extend(read.damaged)
                    if read.unrepaired is not None:
                        writer.drop(previous)
                        continue
                    plan.append((read, "" if read.damaged else key, previous))
                todo = [step for step in plan if not isinstance(step, ArticleRecord)]
                diffs = iter(
                    histories_diffs([read.revisions for read, _, _ in todo], workers, furniture)
                )
                for step in plan:  # in id order, as the manifest keeps them
                    if isinstance(step, ArticleRecord):
                        writer.keep(step)
                        rows.append(IndexRow(*step.row))
                        newest.offer(kept_entries(step.article_id, step.entries))
                        continue
                    read, key, previous = step
                    notes = article_notes(
                        read.revisions,
                        store.tz,
                        next(diffs),
                        furniture=furniture.for_article(read.article_id),
                    )
                    row = index_row(notes)
                    entries = entry_keys(notes.revisions)
                    pages = article_pages(notes, title, base, furniture)
                    kept = [(at.isoformat(), number) for at, _, number in entries]
                    writer.write_article(read.article_id, key, row, kept, pages, previous)
                    rows.append(row)
                    wanted = {entry for entry in entries if newest.admits(entry)}
                    if wanted:  # made now, while the article's diffs are at hand
                        made.update((e.key, e) for e in feed_entries(notes, base, wanted))
                    newest.offer(entries)
                keys = newest.keys()
                made = {key: entry for key, entry in made.items() if key in keys}
        articles = len(rows)
        keys = newest.keys()
        missing = sorted({article_id for _, article_id, _ in keys - made.keys()})
        for notes in feed_articles(store, missing, workers, furniture):
            made.update((e.key, e) for e in feed_entries(notes, base, keys))
        site_files = {
            paths.STYLE: stylesheet(),
            **index_pages(rows, title),
            paths.FEED: atom_feed(made.values(), base_url=base, title=title),
        }
        del rows
        writer.finish(site_files)
    except BaseException:
        writer.abort()
        raise
    return SiteOutput(writer.written, articles, damaged, writer.kept)


def site_settings_key(store: Store, base_url: str | None, title: str, feed_limit: int) -> str:
    """What every page of a site depends on besides its articles: this articlediff, its
    templates and verdict rules, and the build's settings."""
    templates = Path(__file__).resolve().parents[1] / "templates"
    digest = hashlib.sha256()
    for path in sorted(templates.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    parts = [__version__, RULES_VERSION, digest.hexdigest(), base_url, title, feed_limit]
    parts.append(str(store.tz))
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def article_key(files: Sequence[RevisionFile], furniture: str) -> str:
    """What an article's pages are made from: its revisions' commits and files, and its
    outlet's furniture patterns (their digest)."""
    parts = [furniture, [(f.revision.commit, f.blob, f.missing or "") for f in files]]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def kept_entries(article_id: str, entries: Sequence[tuple[str, int]]) -> list[EntryKey]:
    return [(datetime.fromisoformat(at), article_id, number) for at, number in entries]


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
