"""``correct``: append a correction-log entry and save it as a ``correction`` revision."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from articlediff.app.log import RevisionChange, saved_change
from articlediff.common.timeutil import now, parse_time
from articlediff.errors import InputError
from articlediff.ingest import parse_source
from articlediff.ingest.decode import check_size
from articlediff.model import Correction, resolve_revision, validate_article_id
from articlediff.render import records
from articlediff.store import Store, carry_over


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
    fixed_in = resolve_revision(history, fixes, store.tz).label if fixes else f"r{len(history) + 1}"
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
    from articlediff.analysis.corrections import new_correction  # its note patterns: correct only

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
