"""``correct``: append a correction-log entry and save it as a ``correction`` revision."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from articlediff.app.log import RevisionChange, saved_change
from articlediff.app.pairs import keep_saved_pair
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
    wording_warning: str | None = None  # the correction-wording rule, set to "warning"

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
    supersedes: str | None = None,
    at: str | None = None,
    source: bytes | None = None,
    source_name: str = "<source>",
    allow_future: bool = False,
) -> CorrectReport:
    """Append a correction-log entry to ``article_id`` and save it as a ``correction`` revision.

    ``fixes`` names the revision whose text the entry explains (default: the revision saved
    now, or with ``supersedes`` the revision the superseded entry explains); ``supersedes``
    names an earlier entry (``c1``) whose wording this one replaces in ``check``'s judgement
    and in reader notes; the earlier entry stays in the log. ``at`` is the entry's time and
    the revision's (default: now).

    Wording the ``correction-wording`` rule rejects (``note_wording_problem``, the function
    ``check`` calls) is refused with an ``InputError`` before anything is written while the
    store's ``[check]`` settings make that rule an error (the default, or strict mode);
    set to ``warning`` the entry is saved and the problem comes back as ``wording_warning``.

    With ``source`` (a file's bytes) the body changes in the same revision; its ``updated``
    time defaults to ``at``. Entries are append-only: existing ones are never edited or
    removed.

    The entry is built under the store's lock from the revision it follows
    (``Store.write``): its id, ``fixes`` and the log and text it carries over are those of
    the article as it stands when the correction lands, whatever was saved meanwhile, and
    "now" is read then too.
    """
    validate_article_id(article_id)
    wording = _wording_setting(store)
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
    warnings: list[str] = []

    def edit(base: SaveBase) -> Draft:
        latest = base.latest
        if latest is None:
            raise NotFoundError(f"unknown article {article_id!r}: see 'articlediff list'")
        when = moment or base.now
        replaced = _superseded(latest.article.corrections, supersedes) if supersedes else None
        if fixes:
            fixed_in = resolve_revision(base.history, fixes, store.tz).label
        elif replaced is not None and replaced.fixed_in:
            fixed_in = replaced.fixed_in
        else:
            fixed_in = base.next_label
        article = latest.article
        if parsed is not None:
            article = carry_over(latest.article, parsed.article)
            if article.updated is None:
                article = replace(article, updated=when)
        entry = new_correction(
            article.corrections, kind=kind, text=text, at=when, fixed_in=fixed_in
        )
        if replaced is not None:
            entry = replace(entry, supersedes=replaced.id)
        warnings[:] = _judge_wording(wording, entry)
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
    keep_saved_pair(store, outcome)
    if change is None or not entries:  # a new entry always changes the file
        raise StoreError(f"{article_id}: the correction did not change the article; nothing saved")
    warning = warnings[0] if warnings else None
    return CorrectReport(article_id, entries[-1], change, outcome.not_refreshed, warning)


def _wording_setting(store: Store) -> str:
    """How the store's ``[check]`` settings run the ``correction-wording`` rule: ``error``
    (strict mode makes a warning one too), ``warning`` or ``off``."""
    from articlediff.app.review import check_settings

    settings = check_settings(store)
    setting = settings.setting("correction-wording")
    return "error" if setting == "warning" and settings.strict else setting


def _judge_wording(setting: str, entry: Correction) -> list[str]:
    """Refuse (``InputError``) an entry whose wording ``check`` would reject under
    ``setting``; the problem as a warning when the rule is a warning; none when it passes."""
    from articlediff.analysis.corrections import note_wording_problem

    problem = note_wording_problem(entry.kind, entry.text)
    if problem is None or setting == "off":
        return []
    message = f"the correction {problem} (rule correction-wording)"
    if setting == "warning":
        return [f"{entry.id}: {message}"]
    raise InputError(f"{message}; nothing saved")


def _superseded(entries: Sequence[Correction], entry_id: str) -> Correction:
    """The entry ``entry_id`` of the log ``entries`` that a new entry may supersede:
    ``InputError`` when there is none, it is an acceptance, or another entry superseded it
    already (supersede that one instead)."""
    key = entry_id.strip().lower()
    found = next((entry for entry in entries if entry.id == key), None)
    if found is None:
        known = ", ".join(entry.id for entry in entries if entry.for_readers) or "none"
        raise InputError(f"--supersedes {entry_id}: no such log entry (entries: {known})")
    if not found.for_readers:
        raise InputError(f"--supersedes {entry_id}: an acceptance is not a note to reword")
    later = next((entry for entry in entries if entry.supersedes == found.id), None)
    if later is not None:
        raise InputError(
            f"--supersedes {entry_id}: log entry {later.id} superseded it already; "
            f"supersede {later.id} instead"
        )
    return found
