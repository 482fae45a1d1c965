"""What each command does, as plain functions over a store: the CLI only parses and prints.

These combine the store (git), the ingesters and the diff engine; nothing here prints or
knows about Click.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path

from articlediff.check import ArticleResult, CheckReport, CheckSettings, settings_from_table
from articlediff.check import check_history as run_rules
from articlediff.corrections import new_correction
from articlediff.diff import words_changed
from articlediff.errors import InputError
from articlediff.importer import import_paths, prepare_source, source_suffix
from articlediff.ingest import parse_source
from articlediff.ingest.decode import check_size
from articlediff.model import Article, Correction, Revision, validate_article_id
from articlediff.store import CONFIG_NAME, SaveOutcome, Store, carry_over, resolve_in
from articlediff.store.store import source_path
from articlediff.timeutil import now, parse_time


@dataclass(frozen=True)
class RevisionChange:
    """A revision with the words it added and removed against the one before it."""

    revision: Revision
    words_added: int
    words_deleted: int


@dataclass(frozen=True)
class SaveReport:
    article_id: str
    outcome: SaveOutcome
    change: RevisionChange | None


def body_change(previous: Article | None, current: Article) -> tuple[int, int]:
    """Words added and deleted in the body (a first revision adds all of its words)."""
    return words_changed(previous.body_text if previous else "", current.body_text)


def save_source(
    store: Store,
    data: bytes,
    *,
    name: str,
    article_id: str | None = None,
    at: str | None = None,
    kind: str | None = None,
    note: str = "",
    url: str | None = None,
    tz: tzinfo | None = None,
    fetched_url: str | None = None,
    keep_source: bool = False,
) -> SaveReport:
    """Parse ``data`` (a file's bytes, or a fetched page) and save it as the article's next
    revision.

    ``tz`` reads the document's own naive dates (default: the store's time zone).
    ``fetched_url`` is the final address a page was fetched from; it is recorded as the
    ``Source-Url``. ``keep_source`` stores ``data`` itself under ``sources/`` in the same
    commit, so that ``reextract`` can read it again later.
    """
    check_size(data, name, store.config.max_source_bytes)
    reading_tz = tz or store.tz
    at_time = parse_time(at, store.tz) if at else None
    prepared = prepare_source(
        data, name=name, tz=reading_tz, article_id=article_id, url=url, fetched_url=fetched_url
    )
    extra_files = (
        {source_path(prepared.article_id, source_suffix(prepared.format)): data}
        if keep_source
        else None
    )
    outcome = store.save(
        prepared.article_id,
        prepared.article,
        at=at_time,
        kind=kind,
        note=note,
        source_url=prepared.source_url,
        source_sha256=prepared.source_sha256,
        extra_files=extra_files,
    )
    return _report(prepared.article_id, outcome)


def _report(article_id: str, outcome: SaveOutcome) -> SaveReport:
    change = None
    if outcome.revision is not None:
        previous = outcome.previous.article if outcome.previous else None
        added, deleted = body_change(previous, outcome.revision.article)
        change = RevisionChange(outcome.revision, added, deleted)
    return SaveReport(article_id, outcome, change)


def history_changes(history: Sequence[Revision]) -> list[RevisionChange]:
    """Each revision with its words added and deleted against the one before it."""
    changes = []
    previous: Article | None = None
    for revision in history:
        added, deleted = body_change(previous, revision.article)
        changes.append(RevisionChange(revision, added, deleted))
        previous = revision.article
    return changes


def article_log(
    store: Store,
    article_id: str,
    *,
    since: str | None = None,
    until: str | None = None,
) -> list[RevisionChange]:
    """The article's revisions, oldest first, within an optional window of revision times."""
    start = parse_time(since, store.tz) if since else None
    end = parse_time(until, store.tz) if until else None
    if start and end and end < start:
        raise InputError("--until is earlier than --since")
    return [
        change
        for change in history_changes(store.history(article_id))
        if _within(change.revision.at, start, end)
    ]


def _within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)


def import_folder(store: Store, root: Path) -> list[SaveReport]:
    """Import every revision file under ``root`` (see ``articlediff.importer``) and report
    each new revision as ``save`` would, oldest first per article."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder of revision files")
    outcome = import_paths(store, [root])
    reports = []
    histories: dict[str, list[Revision]] = {}
    for written in outcome.written:
        if written.branch is not None:
            continue
        history = histories.setdefault(written.article_id, store.history(written.article_id))
        revision = history[written.number - 1]
        previous = history[written.number - 2] if written.number > 1 else None
        reports.append(
            _report(written.article_id, SaveOutcome(written.article_id, revision, previous))
        )
    reports.sort(
        key=lambda report: (
            report.article_id,
            report.change.revision.number if report.change else 0,
        )
    )
    return reports


@dataclass(frozen=True)
class ReextractReport:
    """What ``reextract`` did for one article: a technical revision, unchanged, or skipped."""

    article_id: str
    report: SaveReport | None
    skipped: str = ""


def reextract(store: Store, article_ids: Sequence[str] = ()) -> list[ReextractReport]:
    """Re-run extraction on the sources kept with each article's latest revision (``save
    --keep-source``) and save the result as a ``technical`` revision at the same time.

    Articles whose latest revision kept no source are skipped (named in the result) when
    every article is asked for, and refused when named.
    """
    named = [validate_article_id(article_id) for article_id in article_ids]
    results = []
    for article_id in named or store.article_ids():
        kept = store.kept_source(article_id)
        if kept is None:
            reason = "its latest revision kept no source (save it with --keep-source)"
            if named:
                raise InputError(f"cannot re-extract {article_id}: {reason}")
            results.append(ReextractReport(article_id, None, reason))
            continue
        latest, data = kept
        prepared = prepare_source(
            data,
            name=f"{article_id} source of {latest.label}",
            tz=store.tz,
            article_id=article_id,
            fetched_url=latest.source_url,
        )
        outcome = store.save(
            article_id,
            prepared.article,
            at=latest.at,
            kind="technical",
            note=f"re-extracted from the source kept with {latest.label}",
            source_url=latest.source_url,
            source_sha256=latest.source_sha256,
        )
        results.append(ReextractReport(article_id, _report(article_id, outcome)))
    return results


# -- the correction log: correct and check ---------------------------------------------------


@dataclass(frozen=True)
class CorrectReport:
    """What ``correct`` saved: the new log entry and the revision that holds it."""

    article_id: str
    entry: Correction
    change: RevisionChange


def correct_article(
    store: Store,
    article_id: str,
    *,
    kind: str,
    text: str,
    fixes: str | None = None,
    at: str | None = None,
    source: bytes | None = None,
    source_name: str = "<source>",
) -> CorrectReport:
    """Append a correction-log entry to ``article_id`` and save it as a ``correction`` revision.

    ``fixes`` names the revision whose text the entry explains (default: the revision saved
    now); ``at`` is the entry's time and the revision's (default: now). With ``source`` (a
    file's bytes) the body changes in the same revision; its ``updated`` time defaults to
    ``at``. Entries are append-only: existing ones are never edited or removed.
    """
    history = store.history(validate_article_id(article_id))
    latest = history[-1]
    moment = parse_time(at, store.tz) if at else now(store.tz)
    fixed_in = resolve_in(history, fixes, store.tz).label if fixes else f"r{len(history) + 1}"
    article = latest.article
    source_sha256 = None
    if source is not None:
        parsed = parse_source(source, name=source_name, tz=store.tz)
        if parsed.article_id is not None and parsed.article_id != article_id:
            raise InputError(
                f"{source_name}: its front matter names {parsed.article_id}, not {article_id}"
            )
        article = carry_over(latest.article, parsed.article)
        if article.updated is None:
            article = replace(article, updated=moment)
        source_sha256 = hashlib.sha256(source).hexdigest()
    entry = new_correction(article.corrections, kind=kind, text=text, at=moment, fixed_in=fixed_in)
    article = replace(article, corrections=(*article.corrections, entry))
    outcome = store.save(
        article_id,
        article,
        at=moment,
        kind="correction",
        note=f"{entry.id}: {entry.text}",
        source_sha256=source_sha256,
    )
    assert outcome.revision is not None  # a new entry always changes the file
    added, deleted = body_change(latest.article, outcome.revision.article)
    return CorrectReport(article_id, entry, RevisionChange(outcome.revision, added, deleted))


def check_settings(store: Store, *, strict: bool = False) -> CheckSettings:
    """The store's ``[check]`` settings from ``articlediff.toml``, strict if asked."""
    settings = settings_from_table(store.config.table("check"), CONFIG_NAME)
    return settings.with_strict(strict)


def check_store(
    store: Store,
    article_ids: Sequence[str] = (),
    *,
    since: str | None = None,
    strict: bool = False,
    settings: CheckSettings | None = None,
) -> CheckReport:
    """Run the correction-log rules over articles of ``store`` (default: all of them).

    ``since`` (a git revision such as ``origin/main``) keeps the findings of the revisions
    saved after it; every rule still reads each article's whole history.
    """
    settings = (settings or check_settings(store)).with_strict(strict)
    ids = [validate_article_id(article_id) for article_id in article_ids]
    chosen = sorted(set(ids)) if ids else store.article_ids()
    only = store.commits_after(since) if since is not None else None
    results = []
    for article_id in chosen:
        history = store.history(article_id)
        checked = len(history) if only is None else sum(1 for r in history if r.commit in only)
        findings = run_rules(history, settings, only=only)
        results.append(ArticleResult(article_id, history[-1].path, checked, tuple(findings)))
    return CheckReport(tuple(results), strict=settings.strict, since=since)
