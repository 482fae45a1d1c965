"""Revisions with the words each added and removed: what ``log`` and ``save`` report.

Kept apart from the writing actions so that ``log`` loads only the store (and the diff engine
only for revisions whose counts the store has not remembered).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from articlediff.common.timeutil import parse_window, within
from articlediff.errors import InputError
from articlediff.model import Article, Revision, RevisionInfo
from articlediff.render.records import log_record
from articlediff.store import SaveOutcome, Store
from articlediff.store.cache import FiguresByPair, LogFigures
from articlediff.store.pairnotes import PairKey
from articlediff.store.store import DamagedRevision, RevisionFile


@dataclass(frozen=True)
class RevisionChange:
    """A revision with the words it added and removed against the one before it, and its
    headline: one line of ``log``. A damaged revision (see ``Store.read_history``) has its
    cause in ``damaged`` and no figures; the next revision is compared with the last one
    that reads."""

    revision: RevisionInfo
    words_added: int
    words_deleted: int
    headline: str
    damaged: str | None = None

    @classmethod
    def of(cls, previous: Article | None, revision: Revision) -> RevisionChange:
        added, deleted = body_change(previous, revision.article)
        return cls(revision, added, deleted, revision.article.headline)

    def to_json(self) -> dict[str, Any]:
        """One row of ``log --json``."""
        record = log_record(self.revision, self.headline, self.words_added, self.words_deleted)
        if self.damaged is not None:
            record["damaged"] = self.damaged
        return record


@dataclass(frozen=True)
class ArticleLog:
    """``log``'s rows, and the damaged revision that leaves the article unreadable as it
    stands (its latest revision), if there is one."""

    changes: list[RevisionChange]
    damaged: list[DamagedRevision]  # in the window, each with the revision that repaired it

    @property
    def unrepaired(self) -> DamagedRevision | None:
        return next((d for d in self.damaged if d.repaired_by is None), None)


def body_change(previous: Article | None, current: Article) -> tuple[int, int]:
    """Words added and deleted in the body (a first revision adds all of its words)."""
    from articlediff.diff import words_changed  # the diff engine only when counting

    return words_changed(previous.body_text if previous else "", current.body_text)


def noted_figures(
    store: Store, article_id: str, files: Sequence[RevisionFile], indexes: Sequence[int]
) -> FiguresByPair:
    """The figures of the pairs ending at ``indexes`` (into ``files``, each against the one
    before it) that the store's pair notes hold valid summaries for, by pair of blobs: one
    read of the notes, and the diff engine loaded only to check what they say."""
    wanted = [
        i for i in indexes if files[i].missing is None and (i == 0 or files[i - 1].missing is None)
    ]
    if not wanted or store.pair_notes.tip() is None:
        return {}
    from articlediff.app.pairs import furniture_settings, kept_summaries
    from articlediff.common.furniture import furniture_digest

    try:
        digest = furniture_digest(furniture_settings(store).for_article(article_id))
    except InputError:
        return {}  # a bad [furniture] setting: the pairs are counted here, without the notes
    keys = {
        (files[i - 1].blob if i else "", files[i].blob): PairKey(
            files[i].revision.commit, files[i - 1].blob if i else "", files[i].blob, digest
        )
        for i in wanted
    }
    kept = kept_summaries(store, list(keys.values()))
    return {
        pair: LogFigures(summary.stats.words_added, summary.stats.words_deleted, summary.headline)
        for pair, key in keys.items()
        if (summary := kept.get(key)) is not None
    }


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
) -> ArticleLog:
    """The article's revisions, oldest first, within an optional window of revision times.

    The word counts and headlines come from the store's log cache where it has them (kept
    under the blobs of the two files compared, so only for revisions that read), else from
    the pair's note where a valid one is kept (``noted_figures``); the revisions neither has
    are read and diffed; what the notes and the diffs give is remembered in the cache (``log``
    writes no pair notes: ``reindex`` does). A revision that cannot be read is listed as
    damaged, with its cause, and the log goes on.
    """
    start, end = parse_window(since, until, store.tz)
    files = store.revision_files(article_id)
    cache = store.log_figures(article_id)
    articles: dict[int, Article | DamagedRevision] = {}

    def read(i: int) -> Article | DamagedRevision:
        """Revision ``i``'s article, or its damage."""
        if i not in articles:
            articles[i] = store.try_articles([files[i]])[0]
        return articles[i]

    def reads(i: int) -> bool:
        return not isinstance(read(i), DamagedRevision)

    found: FiguresByPair = {}

    def change(i: int) -> RevisionChange:
        """Row ``i``: its figures against the last earlier revision that reads."""
        file = files[i]
        if file.missing is None:
            # A cached pair means both files were read once: the one before reads.
            pair = (files[i - 1].blob if i else "", file.blob)
            figures = cache.get(pair)
            if figures is not None:
                return RevisionChange(
                    file.revision, figures.words_added, figures.words_deleted, figures.headline
                )
        article = read(i)
        if isinstance(article, DamagedRevision):
            return RevisionChange(file.revision, 0, 0, "", damaged=article.cause)
        before = next((j for j in range(i - 1, -1, -1) if reads(j)), None)
        pair = (files[before].blob if before is not None else "", file.blob)
        figures = cache.get(pair)
        if figures is None:
            previous = read(before) if before is not None else None
            assert not isinstance(previous, DamagedRevision)
            added, deleted = body_change(previous, article)
            figures = found[pair] = LogFigures(added, deleted, article.headline)
        return RevisionChange(
            file.revision, figures.words_added, figures.words_deleted, figures.headline
        )

    shown = [i for i, file in enumerate(files) if within(file.revision.at, start, end)]
    unknown = [i for i in shown if (files[i - 1].blob if i else "", files[i].blob) not in cache]
    noted = noted_figures(store, article_id, files, unknown)
    if noted:
        cache = {**cache, **noted}
        found.update(noted)
        unknown = [
            i for i in unknown if (files[i - 1].blob if i else "", files[i].blob) not in cache
        ]
    # What is still unknown is read in one go first: the revisions and the ones before them.
    wanted = sorted({*unknown, *(i - 1 for i in unknown if i)})
    articles.update(zip(wanted, store.try_articles([files[i] for i in wanted]), strict=True))
    rows = {i: change(i) for i in shown}
    if found:
        store.remember_log_figures(article_id, found)
    # The latest is always looked at: if it is damaged, the article cannot be read as it
    # stands (a cached pair of figures says it read).
    last = len(files) - 1
    damaged = [i for i in shown if rows[i].damaged is not None]
    latest_pair = (files[last - 1].blob if last else "", files[last].blob)
    if last not in rows and (files[last].missing or latest_pair not in cache) and not reads(last):
        damaged.append(last)
    kept = []
    for i in damaged:
        damage = read(i)
        assert isinstance(damage, DamagedRevision)
        later = next((j for j in range(i + 1, len(files)) if reads(j)), None)
        repaired = None if damage.missing or later is None else files[later].revision
        kept.append(replace(damage, repaired_by=repaired))
    return ArticleLog([rows[i] for i in shown], kept)
