"""``correct``: append a correction-log entry and save it as a ``correction`` revision."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from articlediff.app.log import RevisionChange, saved_change
from articlediff.common.timeutil import parse_time
from articlediff.errors import InputError, NotFoundError, StoreError
from articlediff.ingest import parse_source
from articlediff.ingest.decode import check_size
from articlediff.model import Correction, resolve_revision, validate_article_id
from articlediff.render import records
from articlediff.store import Draft, NotRefreshed, SaveBase, Store, carry_over


@dataclass(frozen=True)
class CorrectReport:
    """What ``correct`` saved: the new log entry and the revision that holds it."""

    article_id: str
    entry: Correction
    change: RevisionChange
    not_refreshed: NotRefreshed | None = None  # landed, but the working copy lags

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
    allow_future: bool = False,
) -> CorrectReport:
    """Append a correction-log entry to ``article_id`` and save it as a ``correction`` revision.

    ``fixes`` names the revision whose text the entry explains (default: the revision saved
    now); ``at`` is the entry's time and the revision's (default: now). With ``source`` (a
    file's bytes) the body changes in the same revision; its ``updated`` time defaults to
    ``at``. Entries are append-only: existing ones are never edited or removed.

    The entry is built under the store's lock from the revision it follows
    (``Store.write``): its id, ``fixes`` and the log and text it carries over are those of
    the article as it stands when the correction lands, whatever was saved meanwhile, and
    "now" is read then too.
    """
    validate_article_id(article_id)
    moment = parse_time(at, store.tz) if at else None
    parsed = None
    source_sha256 = None
    if source is not None:
        check_size(source, source_name, store.config.max_source_bytes)
        parsed = parse_source(source, name=source_name, tz=store.tz)
        if parsed.article_id is not None and parsed.article_id != article_id:
            raise InputError(
                f"{source_name}: its front matter names {parsed.article_id}, not {article_id}"
            )
        source_sha256 = hashlib.sha256(source).hexdigest()
    from articlediff.analysis.corrections import new_correction  # its note patterns: correct only

    entries: list[Correction] = []

    def edit(base: SaveBase) -> Draft:
        latest = base.latest
        if latest is None:
            raise NotFoundError(f"unknown article {article_id!r}: see 'articlediff list'")
        when = moment or base.now
        fixed_in = (
            resolve_revision(base.history, fixes, store.tz).label if fixes else base.next_label
        )
        article = latest.article
        if parsed is not None:
            article = carry_over(latest.article, parsed.article)
            if article.updated is None:
                article = replace(article, updated=when)
        entry = new_correction(
            article.corrections, kind=kind, text=text, at=when, fixed_in=fixed_in
        )
        entries.append(entry)
        return Draft(
            replace(article, corrections=(*article.corrections, entry)),
            at=when,
            kind="correction",
            note=f"{entry.id}: {entry.text}",
            source_sha256=source_sha256,
            allow_future=allow_future,
        )

    outcome = store.write(article_id, edit)
    change = saved_change(store, outcome)
    if change is None or not entries:  # a new entry always changes the file
        raise StoreError(f"{article_id}: the correction did not change the article; nothing saved")
    return CorrectReport(article_id, entries[-1], change, outcome.not_refreshed)
