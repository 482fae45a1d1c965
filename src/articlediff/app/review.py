"""What ``diff``, ``audit``, ``blame`` and ``check`` do, as plain functions over a store: the
CLI only parses and prints. Nothing here prints or knows about Click."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from articlediff.analysis.audit import AuditEntry, audit_entries
from articlediff.analysis.blame import Blame, blame, blame_chain
from articlediff.app.findings import KEPT_AS, keeps, result_key
from articlediff.app.pairs import (
    check_jobs,
    chunks,
    furniture_settings,
    history_summaries,
    pair_summaries,
)
from articlediff.check import (
    DAMAGED_REVISION,
    ArticleResult,
    CheckReport,
    CheckSettings,
    Finding,
    SettingsChange,
    check_history,
    settings_from_table,
)
from articlediff.check.kept import result_from_json, result_to_json
from articlediff.check.summary import PairSummary
from articlediff.common.furniture import FurniturePattern, furniture_digest
from articlediff.common.timeutil import parse_window
from articlediff.diff import ArticleDiff, diff_articles
from articlediff.errors import InputError, StoreError
from articlediff.model import Article, Revision, resolve_revision, validate_article_id, with_article
from articlediff.store import CONFIG_NAME, Store, article_path
from articlediff.store.config import parse_config
from articlediff.store.pairnotes import PairKey
from articlediff.store.store import ArticleHistory, DamagedRevision, RevisionFile


@dataclass(frozen=True)
class RevisionDiff:
    """Two revisions of an article and the diff between them."""

    old: Revision
    new: Revision
    diff: ArticleDiff

    @property
    def same_revision(self) -> bool:
        return self.old.commit == self.new.commit


def diff_revisions(
    store: Store, article_id: str, from_ref: str = "published", to_ref: str = "latest"
) -> RevisionDiff:
    """Resolve both references (anything ``show --at`` takes) and diff the two revisions."""
    history = store.history(article_id)
    old = resolve_revision(history, from_ref, store.tz)
    new = resolve_revision(history, to_ref, store.tz)
    patterns = furniture_settings(store).for_article(article_id)
    return RevisionDiff(old, new, diff_articles(old.article, new.article, furniture=patterns))


@dataclass(frozen=True)
class Audit:
    """``audit``'s entries, newest first, and the damaged revisions in the window (left
    out: each is one line on stderr, and one the article has not got past fails the
    command)."""

    entries: list[AuditEntry]
    damaged: list[DamagedRevision]


def audit_store(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    current: datetime | None = None,
    jobs: int | None = 1,
) -> Audit:
    """Every revision whose time lies in ``[since, until]`` (both inclusive), newest first.
    Verdicts and counts come from the pair notes where valid, else are computed over
    ``jobs`` worker processes (``None``: one per core), with the same entries."""
    start, end = parse_window(since, until, store.tz, current)
    damaged: list[DamagedRevision] = []
    furniture = furniture_settings(store)
    blobs: list[tuple[str, str]] = []
    pairs = store.revisions_between(start, end, damaged=damaged, blobs=blobs)
    wanted = []
    for (revision, previous), blob_pair in zip(pairs, blobs, strict=True):
        patterns = furniture.for_article(revision.article_id)
        key = PairKey(revision.commit, *blob_pair, furniture_digest(patterns))
        wanted.append((key, previous, revision.article, patterns))
    summaries = pair_summaries(store, wanted, check_jobs(jobs))[0]
    return Audit(audit_entries(pairs, summaries, furniture), damaged)


def blame_article(store: Store, article_id: str, ref: str = "latest") -> Blame:
    """``blame`` of the revision ``ref`` names. The revisions are read back from it only as
    far as the blame needs (``blame_chain``), a batch at a time; when a revision of the
    article is damaged, or ``ref`` does not name a readable one, the whole history is read
    as before, so the answer and the errors are those of reading it all."""
    files = store.revision_files(article_id)
    if not any(file.missing for file in files):
        try:
            chosen = resolve_revision([file.revision for file in files], ref, store.tz)
            upto = files[: chosen.number]
            wanted = [file for file in upto[:-1] if file.revision.kind != "technical"]
            return blame_chain(_Backwards(store, [*wanted, upto[-1]]))
        except (InputError, _Damaged):
            pass
    history = store.history(article_id)
    return blame(history, resolve_revision(history, ref, store.tz))


class _Damaged(Exception):
    """A revision ``_Backwards`` came to does not read."""


class _Backwards(Sequence[Revision]):
    """Revisions read on demand from the newest back, ``BATCH`` files at a time."""

    BATCH = 64

    def __init__(self, store: Store, files: Sequence[RevisionFile]) -> None:
        self.store = store
        self.files = files
        self.read: dict[int, Revision] = {}

    def __len__(self) -> int:
        return len(self.files)

    @overload
    def __getitem__(self, index: int) -> Revision: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Revision]: ...

    def __getitem__(self, index: int | slice) -> Revision | Sequence[Revision]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        k = index % len(self.files) if index < 0 else index
        if k not in self.read:
            start = max(0, k - self.BATCH + 1)
            batch = self.files[start : k + 1]
            for offset, (file, article) in enumerate(
                zip(batch, self.store.try_articles(batch), strict=True)
            ):
                if not isinstance(article, Article):
                    raise _Damaged(file.revision.label)
                self.read[start + offset] = with_article(file.revision, article)
        return self.read[k]


def check_settings(store: Store, *, strict: bool = False) -> CheckSettings:
    """The store's ``[check]`` settings from ``articlediff.toml``, strict if asked."""
    settings = settings_from_table(store.config.table("check"), CONFIG_NAME)
    return settings.with_strict(strict)


def settings_changes(store: Store) -> dict[str, SettingsChange]:
    """The commits that changed the ``[check]`` settings, with the settings before and after
    each (a version of the file that does not parse is left out: ``verify`` reports the
    current one)."""
    found = {}
    for commit, texts in store.config_changes().items():
        try:
            before, after = (
                settings_from_table(parse_config(text or "", CONFIG_NAME).table("check"))
                for text in texts
            )
        except StoreError:
            continue
        if before != after:
            found[commit] = SettingsChange(before, after)
    return found


def check_store(
    store: Store,
    article_ids: Sequence[str] = (),
    *,
    since: str | None = None,
    strict: bool = False,
    settings: CheckSettings | None = None,
    damaged: list[DamagedRevision] | None = None,
    jobs: int | None = 1,
) -> CheckReport:
    """Run the correction-log rules over articles of ``store`` (default: all of them).

    ``since`` (a git revision such as ``origin/main``) keeps the findings of the revisions
    saved after it; every rule still reads each article's whole history.

    A damaged revision is a finding of its own (``damaged_finding``) and the check goes on
    with the other articles (and with the article's other revisions once it is repaired);
    the damaged revisions are also added to ``damaged`` when it is given.

    Each pair's summary comes from the store's pair notes where a valid one is kept, else
    is computed over ``jobs`` worker processes (``None``: one per core), under the
    furniture patterns of its article's outlet; the report is the same whatever ``jobs``
    is, and with or without the notes. ``check`` writes no notes (docs/scale.md).
    """
    settings = (settings or check_settings(store)).with_strict(strict)
    workers = check_jobs(jobs)
    furniture = furniture_settings(store)
    ids = [validate_article_id(article_id) for article_id in article_ids]
    chosen = sorted(set(ids)) if ids else store.article_ids()
    only = store.commits_after(since) if since is not None else None
    changes = settings_changes(store)
    notes_tip = store.pair_notes.tip()
    results = []
    with store.reading_many(len(chosen)):
        for part in chunks(chosen):
            files = {article_id: store.revision_files(article_id) for article_id in part}
            every = [f.revision.commit for fs in files.values() if keeps(fs) for f in fs]
            notes = store.pair_notes.note_blobs(notes_tip, every) if notes_tip and every else {}
            keys = {
                article_id: result_key(
                    store,
                    files[article_id],
                    settings=settings,
                    furniture=furniture_digest(furniture.for_article(article_id)),
                    only=only,
                    changes=changes,
                    notes=notes,
                )
                for article_id in part
                if keeps(files[article_id])
            }
            kept: dict[str, ArticleResult] = {}
            for article_id, key in keys.items():
                result = None if key is None else store.kept_result(article_id, KEPT_AS, key)
                if (found := result_from_json(result)) is not None:
                    kept[article_id] = found
            todo = [article_id for article_id in part if article_id not in kept]
            reads = [store.read_history(article_id, files=files[article_id]) for article_id in todo]
            # An article that cannot be read as it stands has that as its one finding.
            usable = [read for read in reads if read.unrepaired is None]
            rows = iter(history_summaries(store, usable, workers, furniture)[0])
            for read in reads:
                summaries = next(rows) if read.unrepaired is None else None
                patterns = furniture.for_article(read.article_id)
                checked = _checked(read, settings, only, summaries, patterns, damaged, changes)
                kept[read.article_id] = checked
                key = keys.get(read.article_id)
                if key is not None and not read.damaged:
                    store.keep_result(read.article_id, KEPT_AS, key, result_to_json(checked))
            results += [kept[article_id] for article_id in part]
    return CheckReport(tuple(results), strict=settings.strict, since=since)


def _checked(
    read: ArticleHistory,
    settings: CheckSettings,
    only: set[str] | None,
    summaries: Sequence[PairSummary | None] | None,
    furniture: tuple[FurniturePattern, ...],
    damaged: list[DamagedRevision] | None,
    changes: Mapping[str, SettingsChange],
) -> ArticleResult:
    """The rules' findings in one article, its damaged revisions among them; the findings
    an ``accepted`` log entry answers are kept apart."""
    damage = [
        damaged_finding(d)
        for d in read.damaged
        if d.repaired_by is None or only is None or d.revision.commit in only
    ]
    if damaged is not None:
        damaged.extend(read.damaged)
    history = read.revisions if summaries is not None else []
    checked = len(history) if only is None else sum(1 for r in history if r.commit in only)
    every = check_history(
        history,
        settings,
        only=only,
        settings_changes=changes,
        furniture=furniture,
        summaries=summaries,
        keep_accepted=True,
    )
    findings = [f for f in every if f.accepted is None]
    if damage:
        findings = sorted([*damage, *findings], key=lambda f: int(f.revision.removeprefix("r")))
    accepted = tuple(f for f in every if f.accepted is not None)
    path = article_path(read.article_id)
    return ArticleResult(read.article_id, path, checked, tuple(findings), accepted)


def damaged_finding(damaged: DamagedRevision) -> Finding:
    """A damaged revision as a finding of ``check``: an error (the command exits 3) while
    the article cannot be read as it stands, a warning once a later revision repaired it."""
    revision = damaged.revision
    repaired = damaged.repaired_by
    return Finding(
        rule=DAMAGED_REVISION,
        severity="error" if repaired is None else "warning",
        article_id=revision.article_id,
        revision=revision.label,
        commit=revision.commit,
        at=revision.at,
        path=revision.path,
        message=damaged.cause + (f"; repaired by {repaired.label}" if repaired else ""),
    )
