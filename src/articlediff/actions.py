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

from articlediff.diff import words_changed
from articlediff.errors import InputError
from articlediff.ingest import article_id_from_url, parse_source, slugify
from articlediff.model import Article, Revision, validate_article_id
from articlediff.store import SaveOutcome, Store
from articlediff.timeutil import parse_time


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
