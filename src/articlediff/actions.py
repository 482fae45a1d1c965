"""What each command does, as plain functions over a store: the CLI only parses and prints.

These combine the store (git), the ingesters and the diff engine; nothing here prints or
knows about Click.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

from articlediff.errors import InputError
from articlediff.history import RevisionChange, saved_change
from articlediff.importer import import_paths, prepare_source, source_suffix
from articlediff.ingest import parse_source
from articlediff.ingest.decode import check_size
from articlediff.model import Correction, Revision, validate_article_id
from articlediff.render import records
from articlediff.store import SaveOutcome, Store, carry_over, resolve_in
from articlediff.store.store import source_path
from articlediff.timeutil import format_time, now, parse_time


@dataclass(frozen=True)
class SaveReport:
    article_id: str
    outcome: SaveOutcome
    change: RevisionChange | None

    def to_json(self) -> dict[str, Any]:
        """``save --json``: the new revision's log record, or the unchanged latest one."""
        if self.change is None:
            latest = self.outcome.previous
            label = latest.label if latest else ""
            return {"id": self.article_id, "unchanged": True, "revision": label}
        change = self.change
        record = change.to_json()
        return {**record, "unchanged": False}

    def line(self) -> str:
        """The one line ``save`` prints."""
        if self.change is None:
            latest = self.outcome.previous
            return f"{self.article_id} unchanged (latest is {latest.label if latest else ''})"
        change = self.change
        revision = change.revision
        return (
            f"{revision.article_id} {revision.label} {format_time(revision.at)} {revision.kind} "
            f"+{change.words_added} -{change.words_deleted} words"
        )


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
    return _report(store, prepared.article_id, outcome)


def _report(store: Store, article_id: str, outcome: SaveOutcome) -> SaveReport:
    return SaveReport(article_id, outcome, saved_change(store, outcome))


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
            _report(store, written.article_id, SaveOutcome(written.article_id, revision, previous))
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

    def to_json(self) -> dict[str, Any]:
        if self.report is None:
            return {"id": self.article_id, "skipped": self.skipped}
        return self.report.to_json()


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
        results.append(ReextractReport(article_id, _report(store, article_id, outcome)))
    return results


# -- the correction log: correct and check ---------------------------------------------------


@dataclass(frozen=True)
class CorrectReport:
    """What ``correct`` saved: the new log entry and the revision that holds it."""

    article_id: str
    entry: Correction
    change: RevisionChange

    def to_json(self) -> dict[str, Any]:
        change = self.change
        return {
            **change.to_json(),
            "entry": records.correction_record(self.entry),
        }

    def line(self) -> str:
        """The one line ``correct`` prints."""
        revision, entry = self.change.revision, self.entry
        return (
            f"{revision.article_id} {revision.label} {format_time(revision.at)} correction "
            f"{entry.id} {entry.kind} fixes {entry.fixed_in} "
            f"+{self.change.words_added} -{self.change.words_deleted} words"
        )


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
        check_size(source, source_name, store.config.max_source_bytes)
        parsed = parse_source(source, name=source_name, tz=store.tz)
        if parsed.article_id is not None and parsed.article_id != article_id:
            raise InputError(
                f"{source_name}: its front matter names {parsed.article_id}, not {article_id}"
            )
        article = carry_over(latest.article, parsed.article)
        if article.updated is None:
            article = replace(article, updated=moment)
        source_sha256 = hashlib.sha256(source).hexdigest()
    from articlediff.corrections import new_correction  # its note patterns: correct only

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
    change = saved_change(store, outcome)
    assert change is not None  # a new entry always changes the file
    return CorrectReport(article_id, entry, change)
