"""Each pair of revisions computed once: summaries (``check.summary``) read from the store's
pair notes where a valid one is kept, computed (in worker processes when there are many)
where none is, and kept as notes by the commands that write the store (``save``, ``import``,
``reindex``). See docs/scale.md, "Pair notes".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import tzinfo
from itertools import pairwise
from typing import Any, TypeVar

from articlediff.check.summary import PairSummary, summarize_pair
from articlediff.common.furniture import (
    FurniturePattern,
    FurnitureSettings,
    furniture_digest,
    furniture_from_table,
)
from articlediff.diff import RULES_VERSION, ArticleDiff, diff_articles
from articlediff.errors import InputError, StoreError
from articlediff.ingest import load_article
from articlediff.model import Article, Revision
from articlediff.store import CONFIG_NAME, SaveOutcome, Store
from articlediff.store.fastimport import NewPair, PairNoter
from articlediff.store.pairnotes import PairKey, note_bytes
from articlediff.store.store import ArticleHistory

PARALLEL_FROM = 24
"""Fewer pairs than this to compute are computed in this process: starting workers would
cost more than it saves."""

CHUNK_ARTICLES = 200
"""Store-wide commands read this many articles, then compute their missing pairs at once
(memory stays bounded by a chunk, and the workers get enough to share)."""

Item = TypeVar("Item")
Result = TypeVar("Result")
Furniture = tuple[FurniturePattern, ...]


def furniture_settings(store: Store) -> FurnitureSettings:
    """The store's page-furniture patterns (``[furniture]`` in ``articlediff.toml``), by
    outlet: what every verdict of the store is computed with. A bad setting or pattern is an
    ``InputError`` naming its key."""
    return furniture_from_table(store.config.table("furniture"), CONFIG_NAME)


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int | None) -> int:
    """``--jobs``: a positive count, or all cores when ``None``."""
    if jobs is None:
        return default_jobs()
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    return jobs


def map_ordered(work: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """``work`` of each item, in the items' order, over ``jobs`` worker processes (in this
    process when ``jobs`` is 1 or there is little to do): the results are the same either
    way."""
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        return [work(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one (no start-up: the diff engine is loaded already, and the
    # workers are this process's children, so their CPU time is accounted to it); nothing
    # of this process's runs in a worker but ``work``.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    workers = min(jobs, len(items))
    chunk = max(1, len(items) // (workers * 4))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker)
    with pool:
        try:
            return list(pool.map(work, items, chunksize=chunk))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _worker() -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool and says so in one
    line: no worker prints a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def summarize_item(item: tuple[Article | None, Article, Furniture]) -> PairSummary:
    """A worker's unit of work: one pair (older article or ``None``, newer article) and the
    furniture patterns of its article."""
    old, new, furniture = item
    return summarize_pair(old, new, furniture)


def diff_item(item: tuple[Article, Article, Furniture]) -> ArticleDiff:
    """A worker's unit of work when the whole word diff is wanted (``site``, ``feed``)."""
    old, new, furniture = item
    return diff_articles(old, new, furniture=furniture)


def histories_diffs(
    histories: Sequence[Sequence[Revision]], jobs: int, furniture: FurnitureSettings
) -> list[tuple[ArticleDiff | None, ...]]:
    """Each history's diffs, revision by revision against the one before (``None`` for the
    first), under each article's ``furniture`` patterns, computed over ``jobs`` worker
    processes; the same diffs as one process makes."""
    wanted = [
        (old.article, new.article, furniture.for_article(old.article_id))
        for history in histories
        for old, new in pairwise(history)
    ]
    found = iter(map_ordered(diff_item, wanted, jobs))
    return [
        (None, *(next(found) for _ in range(len(history) - 1))) if history else ()
        for history in histories
    ]


def history_keys(read: ArticleHistory, digest: str) -> list[PairKey]:
    """The pairs of an article's readable revisions, index by index, under the furniture
    patterns whose ``digest`` is given: the first revision's pair has nothing before it
    (``old_blob`` empty); a damaged revision is skipped, so the pair is the last readable
    revision before it and the next."""
    keys = []
    before = ""
    for revision in read.revisions:
        blob = read.blobs.get(revision.commit, "")
        keys.append(PairKey(revision.commit, before, blob, digest))
        before = blob
    return keys


def kept_summaries(store: Store, keys: Sequence[PairKey]) -> dict[PairKey, PairSummary]:
    """The summaries the store's notes hold for ``keys`` and that read back whole."""
    found = {}
    for key, data in store.pair_notes.read(keys, RULES_VERSION).items():
        summary = PairSummary.from_json(data)
        if summary is not None:
            found[key] = summary
    return found


@dataclass
class PairCounts:
    """What summarising a set of histories took: pairs found in notes, pairs computed."""

    reused: int = 0
    computed: int = 0


def pair_summaries(
    store: Store,
    pairs: Sequence[tuple[PairKey, Article | None, Article, Furniture]],
    jobs: int,
    counts: PairCounts | None = None,
) -> tuple[list[PairSummary], dict[PairKey, PairSummary]]:
    """The summary of each pair (its key, the older article or ``None``, the newer one, the
    furniture patterns its key's digest is of): from the notes where valid, else computed
    over ``jobs`` workers (each pair once); and the summaries computed (for the caller to
    keep as notes if it writes the store)."""
    known = kept_summaries(store, [key for key, _, _, _ in pairs])
    missing: dict[PairKey, tuple[Article | None, Article, Furniture]] = {}
    for key, old, new, furniture in pairs:
        if key not in known and key not in missing:
            missing[key] = (old, new, furniture)
    results = map_ordered(summarize_item, list(missing.values()), jobs)
    computed = dict(zip(missing, results, strict=True))
    if counts is not None:
        counts.reused += sum(1 for key, _, _, _ in pairs if key in known)
        counts.computed += len(computed)
    every = {**known, **computed}
    return [every[key] for key, _, _, _ in pairs], computed


def history_summaries(
    store: Store,
    reads: Sequence[ArticleHistory],
    jobs: int,
    furniture: FurnitureSettings,
    *,
    first: bool = False,
    counts: PairCounts | None = None,
) -> tuple[list[list[PairSummary | None]], dict[PairKey, PairSummary]]:
    """Each history's summaries under its article's ``furniture`` patterns, index by index
    (index 0 ``None`` unless ``first``: the first revision against nothing), as
    ``pair_summaries`` gives them."""
    wanted: list[tuple[PairKey, Article | None, Article, Furniture]] = []
    for read in reads:
        revisions = read.revisions
        patterns = furniture.for_article(read.article_id)
        for index, key in enumerate(history_keys(read, furniture_digest(patterns))):
            if index or first:
                old = revisions[index - 1].article if index else None
                wanted.append((key, old, revisions[index].article, patterns))
    found, computed = pair_summaries(store, wanted, jobs, counts)
    given = iter(found)
    rows: list[list[PairSummary | None]] = [
        [next(given) if index or first else None for index in range(len(read.revisions))]
        for read in reads
    ]
    return rows, computed


def keep_summaries(store: Store, computed: dict[PairKey, PairSummary]) -> int:
    """Keep ``computed`` as pair notes (best effort: notes are derived data, and a store
    that cannot take them is read as before); the number written."""
    if not computed:
        return 0
    try:
        return store.pair_notes.write(
            RULES_VERSION, {key: summary.to_json() for key, summary in computed.items()}
        )
    except StoreError:
        return 0


def keep_saved_pair(store: Store, outcome: SaveOutcome) -> None:
    """The pair a save made, kept as its note (best effort: see ``keep_summaries``)."""
    if outcome.revision is None or outcome.blobs is None:
        return
    previous = outcome.previous.article if outcome.previous is not None else None
    try:
        patterns = furniture_settings(store).for_article(outcome.revision.article_id)
    except InputError:
        return  # a bad [furniture] setting: the commands that read it report it
    key = PairKey(outcome.revision.commit, *outcome.blobs, furniture_digest(patterns))
    summary = summarize_pair(previous, outcome.revision.article, patterns)
    keep_summaries(store, {key: summary})


IMPORT_RUN = 50
"""An import's new pairs go to the workers in runs of at most this many consecutive pairs
of one article: each file is parsed once in its run, and its paragraphs tokenized once."""


def import_noter(store: Store, jobs: int | None = None) -> PairNoter | None:
    """What an import computes the notes of its new pairs with (``store.fastimport``), over
    ``jobs`` worker processes; ``None`` when the store's ``[furniture]`` settings do not read
    (the commands that read them report it, and ``reindex`` writes the notes later)."""
    try:
        furniture = furniture_settings(store)
    except InputError:
        return None
    workers = check_jobs(jobs)
    tz = store.tz

    def notes(pairs: Sequence[NewPair]) -> list[bytes | None]:
        return new_pair_notes(pairs, furniture, tz, workers)

    return notes


def new_pair_notes(
    pairs: Sequence[NewPair], furniture: FurnitureSettings, tz: tzinfo, jobs: int
) -> list[bytes | None]:
    """The pair note of each of ``pairs`` (``None`` where a file does not read), computed
    over ``jobs`` worker processes in runs of consecutive pairs; the same notes at any
    ``jobs``."""
    run = max(1, min(IMPORT_RUN, len(pairs) // PARALLEL_FROM)) if jobs > 1 else IMPORT_RUN
    runs: list[tuple[str, tzinfo, Furniture, list[bytes | None]]] = []
    last = ""
    for pair in pairs:
        if runs and runs[-1][0] == pair.path and last == pair.old_blob and len(runs[-1][3]) <= run:
            runs[-1][3].append(pair.new_content)
        else:
            patterns = furniture.for_article(pair.article_id)
            runs.append((pair.path, tz, patterns, [pair.old_content, pair.new_content]))
        last = pair.new_blob
    summaries = iter([s for found in map_ordered(summarize_run, runs, jobs) for s in found])
    digests = {path: furniture_digest(patterns) for path, _, patterns, _ in runs}
    notes: list[bytes | None] = []
    for pair, summary in zip(pairs, summaries, strict=True):
        # The note holds the pair's blobs, not its commit (not known yet).
        key = PairKey("", pair.old_blob, pair.new_blob, digests[pair.path])
        notes.append(None if summary is None else note_bytes(key, RULES_VERSION, summary))
    return notes


def summarize_run(
    item: tuple[str, tzinfo, Furniture, Sequence[bytes | None]],
) -> list[dict[str, Any] | None]:
    """A worker's unit of work for an import: consecutive files of one article (the first
    ``None`` for nothing before), each parsed once; the summary of each pair as its note
    keeps it (``None`` where a file does not read)."""
    path, tz, patterns, contents = item
    articles: list[Article | None] = []
    for content in contents:
        try:
            text = content.decode("utf-8") if content is not None else None
            articles.append(load_article(text, name=path, tz=tz) if text is not None else None)
        except (UnicodeDecodeError, InputError):
            articles.append(None)
    out: list[dict[str, Any] | None] = []
    for index, (old, new) in enumerate(pairwise(articles)):
        if new is None or (old is None and contents[index] is not None):
            out.append(None)
        else:
            out.append(summarize_pair(old, new, patterns).to_json())
    return out


def chunks(items: Sequence[Item], size: int = CHUNK_ARTICLES) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class ReindexResult:
    """``reindex``: articles read, pairs in them, pairs whose valid note was kept, pairs
    computed and notes written."""

    articles: int
    pairs: int
    reused: int
    computed: int
    written: int
    damaged: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def reindex(
    store: Store,
    article_ids: Iterable[str] = (),
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReindexResult:
    """Compute the pair notes of ``article_ids`` (default: every article) that are missing
    or not valid, and keep them: written to git after each chunk of articles (so memory
    holds one chunk's), landed at once at the end (``NoteBatch``: ``StoreError`` if that
    fails, and a reindex that fails or is stopped leaves the notes as they were);
    ``progress(done, total)`` after each chunk of articles."""
    from articlediff.model import validate_article_id

    workers = check_jobs(jobs)
    ids = sorted({validate_article_id(article_id) for article_id in article_ids})
    chosen = ids or store.article_ids()
    furniture = furniture_settings(store)
    counts = PairCounts()
    pairs = damaged = done = 0
    with store.pair_notes.batch(RULES_VERSION) as batch, store.reading_many(len(chosen)):
        for part in chunks(chosen, CHUNK_ARTICLES):
            reads = [store.read_history(article_id) for article_id in part]
            damaged += sum(len(read.damaged) for read in reads)
            pairs += sum(len(read.revisions) for read in reads)
            computed = history_summaries(
                store, reads, workers, furniture, first=True, counts=counts
            )[1]
            batch.add({key: summary.to_json() for key, summary in computed.items()})
            done += len(part)
            if progress is not None:
                progress(done, len(chosen))
        written = batch.land()
    return ReindexResult(len(chosen), pairs, counts.reused, counts.computed, written, damaged)
