"""The one-line messages commands print for people: what ``save``, ``correct``, ``accept``,
``import``, ``sync``, ``verify`` and ``batch`` did, a revision's header, files written. Pure
functions of the values those commands return.

The values come from the store and the application layer, which this layer may not import:
each function names what it reads from them as a protocol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from articlediff.common.controls import visible
from articlediff.common.timeutil import format_time
from articlediff.common.words import plural
from articlediff.model import Correction, RevisionInfo


class Change(Protocol):
    """A saved revision and the body words it added and deleted (``app.log.RevisionChange``)."""

    @property
    def revision(self) -> RevisionInfo: ...
    @property
    def words_added(self) -> int: ...
    @property
    def words_deleted(self) -> int: ...


class Saved(Protocol):
    """What a save built on (``store.SaveOutcome``)."""

    @property
    def previous(self) -> RevisionInfo | None: ...


class SaveResult(Protocol):
    """What ``save`` did (``app.save.SaveReport``): no ``change`` when the text was the same."""

    @property
    def article_id(self) -> str: ...
    @property
    def outcome(self) -> Saved: ...
    @property
    def change(self) -> Change | None: ...


class CorrectResult(Protocol):
    """What ``correct`` did (``app.correct.CorrectReport``)."""

    @property
    def entry(self) -> Correction: ...
    @property
    def change(self) -> Change: ...


class Imported(Protocol):
    @property
    def article_id(self) -> str: ...


class ImportResult(Protocol):
    """What an import did (``store.fastimport.ImportOutcome``)."""

    @property
    def written(self) -> Sequence[Imported]: ...
    @property
    def on_branch(self) -> Sequence[Imported]: ...
    @property
    def articles(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def already(self) -> int: ...
    @property
    def backfills(self) -> Mapping[str, str]: ...


class SyncResult(Protocol):
    """What ``sync`` did (``store.sync.SyncOutcome``)."""

    @property
    def remote(self) -> str: ...
    @property
    def branch(self) -> str: ...
    @property
    def received(self) -> int: ...
    @property
    def pushed(self) -> int: ...
    @property
    def reapplied(self) -> int: ...
    @property
    def already_there(self) -> int: ...
    @property
    def rewritten(self) -> int: ...
    @property
    def rebuilt(self) -> Sequence[str]: ...
    @property
    def conflicts(self) -> int: ...
    @property
    def adopted(self) -> bool: ...
    @property
    def kept_remote(self) -> bool: ...


class BatchResult(Protocol):
    """What ``batch`` wrote (``app.batch.BatchResult``)."""

    @property
    def output(self) -> Path: ...
    @property
    def articles(self) -> int: ...
    @property
    def pairs(self) -> int: ...
    @property
    def findings(self) -> int: ...
    @property
    def scheduler(self) -> str: ...
    @property
    def workers(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def pairs_per_second(self) -> float: ...


class Lagging(Protocol):
    """A working copy a write could not refresh after it landed (``store.NotRefreshed``)."""

    @property
    def paths(self) -> Sequence[str]: ...
    @property
    def cause(self) -> str: ...


class Problem(Protocol):
    """One thing ``verify`` found wrong (``store.verify.Problem``)."""

    @property
    def message(self) -> str: ...
    @property
    def commit(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def warning(self) -> bool: ...


def save_line(report: SaveResult) -> str:
    """The one line ``save`` prints: ``gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00
    update +85 -1 words``, or that the text was unchanged."""
    if report.change is None:
        latest = report.outcome.previous
        return f"{report.article_id} unchanged (latest is {latest.label if latest else ''})"
    change = report.change
    revision = change.revision
    return (
        f"{revision.article_id} {revision.label} {format_time(revision.at)} {revision.kind} "
        f"+{change.words_added} -{change.words_deleted} words"
    )


def correct_line(report: CorrectResult) -> str:
    """The one line ``correct`` prints: the revision, then the entry and what it fixes."""
    revision, entry = report.change.revision, report.entry
    return (
        f"{revision.article_id} {revision.label} {format_time(revision.at)} correction "
        f"{entry.id} {entry.kind} fixes {entry.fixed_in} "
        f"+{report.change.words_added} -{report.change.words_deleted} words"
    )


class Answered(Protocol):
    """A check finding an acceptance answers (``check.Finding``)."""

    @property
    def rule(self) -> str: ...


class AcceptResult(CorrectResult, Protocol):
    """What ``accept`` did (``app.accept.AcceptReport``)."""

    @property
    def answers(self) -> Sequence[Answered]: ...


def accept_line(report: AcceptResult) -> str:
    """The one line ``accept`` prints: the revision, the entry, what it accepts and the
    rules whose findings it answers."""
    revision, entry = report.change.revision, report.entry
    rules = sorted({finding.rule for finding in report.answers})
    return (
        f"{revision.article_id} {revision.label} {format_time(revision.at)} technical "
        f"{entry.id} accepts {entry.fixed_in} ({', '.join(rules)})"
    )


def import_summary(outcome: ImportResult, seconds: float) -> list[str]:
    """Lines for people after an import that took ``seconds``: the totals, then one per
    back-filled article."""
    written = len(outcome.on_branch)
    rate = f" ({written / seconds:,.0f}/s)" if written and seconds > 0 else ""
    lines = [
        f"imported {plural(written, 'revision')} of {plural(outcome.articles, 'article')} "
        f"in {seconds:.1f}s{rate}; {outcome.unchanged} unchanged, "
        f"{outcome.already} already in the store"
    ]
    for article_id, branch in sorted(outcome.backfills.items()):
        count = sum(1 for revision in outcome.written if revision.article_id == article_id)
        lines.append(
            f"{article_id}: history with {count} back-filled revisions rebuilt on branch "
            f"{branch} for review"
        )
    return lines


class ArchiveResult(Protocol):
    """What an archive import did (``app.archives.ArchiveImport``)."""

    @property
    def outcome(self) -> ImportResult | None: ...
    @property
    def captures(self) -> int: ...
    @property
    def skipped(self) -> Sequence[str]: ...
    @property
    def incomplete(self) -> str: ...


def archive_summary(result: ArchiveResult, seconds: float) -> list[str]:
    """``import --warc``/``--wayback``: the captures read, the skipped ones, then the import's
    lines, and why a Wayback import stopped early."""
    lines = [f"skipped: {line}" for line in result.skipped]
    lines.append(f"read {plural(result.captures, 'capture')}; {len(result.skipped)} skipped")
    if result.outcome is not None:
        lines += import_summary(result.outcome, seconds)
    if result.incomplete:
        lines.append(f"incomplete: {result.incomplete}; run the same command again to resume")
    return lines


def sync_summary(outcome: SyncResult) -> str:
    """The line ``sync`` prints: what came, what went, and how the two sides were put
    together."""
    remote = outcome.remote
    extra = []
    if outcome.adopted:
        extra.append(f"took {remote}'s rebuilt history, which holds every revision of this clone")
    if outcome.reapplied and outcome.rewritten:
        extra.append(
            f"{outcome.reapplied} re-applied and {outcome.rewritten} of {remote}'s written "
            "again in revision-time order (pushed with a lease)"
        )
    elif outcome.reapplied:
        extra.append(f"{outcome.reapplied} re-applied after {remote}'s")
    if outcome.rebuilt:
        extra.append(f"{plural(len(outcome.rebuilt), 'article')} merged from both sides")
    if outcome.already_there:
        extra.append(f"{outcome.already_there} already there")
    if outcome.conflicts:
        extra.append(
            f"{plural(outcome.conflicts, 'overlapping edit')} settled for the later revision"
        )
    if outcome.kept_remote:
        extra.append(f"{remote} refused a forced push, so time order was not restored")
    detail = f" ({'; '.join(extra)})" if extra else ""
    return (
        f"synced {outcome.branch} with {remote}: {plural(outcome.received, 'commit')} "
        f"received, {outcome.pushed} pushed{detail}"
    )


def not_refreshed_line(lagging: Lagging) -> str:
    """The warning a write prints when it landed but could not refresh the working copy:
    what was not done, why, and how it heals."""
    paths = list(lagging.paths)
    shown = paths[0] if len(paths) == 1 else f"{paths[0]} and {plural(len(paths) - 1, 'more file')}"
    restore = " ".join(paths) if len(paths) <= 3 else "versions sources"
    return (
        f"warning: written to the store, but the working copy of {shown} was not refreshed "
        f"({lagging.cause}); the next articlediff write to this store refreshes it, or run "
        f"'git checkout HEAD -- {restore}' in the store"
    )


def problem_line(problem: Problem) -> str:
    """One problem ``verify`` found: ``<commit> <path>: <message>`` where they apply, after
    ``warning:`` for a warning."""
    commit = problem.commit[:10] if problem.commit else None
    where = " ".join(part for part in (commit, problem.path) if part)
    line = f"{where}: {problem.message}" if where else problem.message
    return visible(f"warning: {line}" if problem.warning else line)


def revision_header(revision: RevisionInfo, *, kind: bool = True) -> str:
    """``gbnews/putin-kim-visit r2 2024-06-19T08:14:00+01:00 update`` (the kind optional)."""
    header = f"{revision.article_id} {revision.label} {format_time(revision.at)}"
    return f"{header} {revision.kind}" if kind else header


def field_sources_line(revision: RevisionInfo) -> str | None:
    """``fields from: headline=json-ld, published=meta:article:published_time``: where the
    fields of a revision read from an HTML page came from; ``None`` when it recorded none."""
    if not revision.field_sources:
        return None
    pairs = ", ".join(f"{name}={source}" for name, source in revision.field_sources)
    return visible(f"fields from: {pairs}")


def damage_warning(revision: RevisionInfo, cause: str, repaired_by: RevisionInfo) -> str:
    """``warning: local/quake r2 (1a2b3c4d5e) is damaged (...); repaired by r3``: a damaged
    revision that a later one repaired, reported without failing the command."""
    return visible(
        f"warning: {revision.article_id} {revision.label} ({revision.short_commit}) is "
        f"damaged ({cause}); repaired by {repaired_by.label}"
    )


def feed_written(entries: int, out: Path) -> str:
    return f"wrote {plural(entries, 'entry', 'entries')} to {out}"


def site_written(files: int, articles: int, outdir: Path, unchanged: int = 0) -> str:
    """``wrote 3 files for 2 articles to site`` (``, 14 unchanged``)."""
    kept = f", {unchanged} unchanged" if unchanged else ""
    return f"wrote {plural(files, 'file')} for {plural(articles, 'article')} to {outdir}{kept}"


def _verified(revisions: int, articles: int) -> str:
    return f"{plural(revisions, 'revision')} of {plural(articles, 'article')}"


def store_verified(revisions: int, articles: int, commits: int, warnings: int = 0) -> str:
    """``verified 7 revisions of 2 articles in 8 commits: ok`` (``, 1 warning``)."""
    extra = f" ({plural(warnings, 'warning')})" if warnings else ""
    return f"verified {_verified(revisions, articles)} in {plural(commits, 'commit')}: ok{extra}"


def caches_removed(removed: int) -> str:
    """What ``verify --repair`` did."""
    return f"removed {plural(removed, 'cache file')} that disagreed with git"


def store_damaged(problems: int, revisions: int, articles: int) -> str:
    """``store has 2 problems (7 revisions of 2 articles checked)``."""
    return f"store has {plural(problems, 'problem')} ({_verified(revisions, articles)} checked)"


def batch_line(result: BatchResult) -> str:
    """``wrote 2059 pairs of 445 articles (1427 findings) to pairs.parquet in 22.8s (90
    pairs/s, processes, 2 workers)``."""
    workers = plural(result.workers, "worker")
    return (
        f"wrote {plural(result.pairs, 'pair')} of {plural(result.articles, 'article')} "
        f"({plural(result.findings, 'finding')}) to {result.output} in {result.seconds:.1f}s "
        f"({result.pairs_per_second:,.0f} pairs/s, {result.scheduler}, {workers})"
    )


def reindex_summary(
    articles: int, pairs: int, reused: int, computed: int, written: int, jobs: int
) -> str:
    """``reindexed 2 articles: 9 pairs, 4 computed (2 workers), 5 already noted; 4 notes
    written``."""
    return (
        f"reindexed {plural(articles, 'article')}: {plural(pairs, 'pair')}, {computed} computed "
        f"({plural(jobs, 'worker')}), {reused} already noted; {plural(written, 'note')} written"
    )


def progress_count(label: str, done: int, total: int) -> str:
    """``reindex: 200/1,000 articles``: a progress line."""
    return f"{label}: {done:,}/{total:,} articles"
