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
from articlediff.ingest import article_id_from_url, parse_source, slugify
from articlediff.model import Article, Correction, Revision, validate_article_id
from articlediff.store import CONFIG_NAME, SaveOutcome, Store, carry_over, resolve_in
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


def choose_article_id(
    explicit: str | None, from_source: str | None, url: str | None, headline: str
) -> str:
    """``--id``, else the source's own id, else one from the URL, else ``local/<slug>``."""
    if explicit:
        return validate_article_id(explicit)
    if from_source:
        return validate_article_id(from_source)
    if url:
        return article_id_from_url(url)
    return f"local/{slugify(headline)}"


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
) -> SaveReport:
    """Parse ``data`` (a file's bytes) and save it as the article's next revision.

    ``tz`` reads the document's own naive dates (default: the store's time zone).
    """
    reading_tz = tz or store.tz
    at_time = parse_time(at, store.tz) if at else None
    parsed = parse_source(data, name=name, tz=reading_tz)
    source_url = url or parsed.url or parsed.article.url
    chosen_id = choose_article_id(
        article_id, parsed.article_id, source_url, parsed.article.headline
    )
    article = parsed.article
    if source_url and not article.url:
        article = replace(article, url=source_url)
    outcome = store.save(
        chosen_id,
        article,
        at=at_time,
        kind=kind,
        note=note,
        source_url=source_url,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    change = None
    if outcome.revision is not None:
        previous = outcome.previous.article if outcome.previous else None
        added, deleted = body_change(previous, outcome.revision.article)
        change = RevisionChange(outcome.revision, added, deleted)
    return SaveReport(chosen_id, outcome, change)


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


REVISION_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def revision_files(root: Path) -> dict[str, list[Path]]:
    """Article folders under ``root`` and their revision files, by article id.

    A folder holding revision files is one article; its id is its path relative to
    ``root`` (``outlet/slug``), or ``local/<folder>`` one level down. README files and
    hidden files are skipped.
    """
    found: dict[str, list[Path]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in REVISION_SUFFIXES:
            continue
        relative = path.relative_to(root)
        if path.name.lower().startswith("readme") or any(
            part.startswith(".") for part in relative.parts
        ):
            continue
        folders = [slugify(part) for part in relative.parts[:-1]]
        if not folders:
            folders = [slugify(root.name)]
        article_id = "/".join(folders[-2:]) if len(folders) >= 2 else f"local/{folders[0]}"
        found.setdefault(validate_article_id(article_id), []).append(path)
    return found


def import_folder(store: Store, root: Path) -> list[SaveReport]:
    """Save every revision file under ``root``, each article's files in revision-time order."""
    if not root.is_dir():
        raise InputError(f"{root}: not a folder of revision files")
    reports = []
    for article_id, paths in revision_files(root).items():
        parsed = []
        for path in paths:
            data = path.read_bytes()
            source = parse_source(data, name=str(path), tz=store.tz)
            moment = source.article.updated or source.article.published
            parsed.append((moment, path.name, data, path))
        # Dated files in time order; undated ones last, as they are saved at the current time.
        parsed.sort(
            key=lambda item: (item[0] is None, item[0].timestamp() if item[0] else 0.0, item[1])
        )
        for _, _, data, path in parsed:
            reports.append(save_source(store, data, name=str(path), article_id=article_id))
    return reports


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
