"""``accept``: answer a ``check`` finding that was a false alarm, without a fake correction.

An acceptance is a log entry of kind ``accepted`` (``articlediff.model.ACCEPTED``) whose
``fixed_in`` names the revision it answers for and whose text is the editor's reason. It is
saved as a ``technical`` revision (no editorial change), kept in the log like every entry
(append-only, versioned with the text, carried over by later saves), never shown to
readers, and honoured by ``check``: that revision's findings about its change's verdict
(``ACCEPTABLE_RULES``) no longer fail the check and are counted as accepted. The revision
is at the latest revision's time (as ``reextract``'s are: the text is that revision's);
the entry's own time, and the commit's, is when it was accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from articlediff.app.log import RevisionChange, saved_change
from articlediff.app.pairs import furniture_settings
from articlediff.app.review import check_settings
from articlediff.check import check_history
from articlediff.check.model import ACCEPTABLE_RULES, Finding
from articlediff.errors import InputError, NotFoundError, StoreError
from articlediff.model import (
    ACCEPTED,
    Correction,
    next_correction_id,
    resolve_revision,
    validate_article_id,
)
from articlediff.render import records
from articlediff.store import Draft, NotRefreshed, SaveBase, Store


@dataclass(frozen=True)
class AcceptReport:
    """What ``accept`` saved: the entry, the revision holding it, the findings it answers."""

    article_id: str
    entry: Correction
    change: RevisionChange
    answers: tuple[Finding, ...]
    not_refreshed: NotRefreshed | None = None  # landed, but the working copy lags

    def to_json(self) -> dict[str, Any]:
        return {
            **self.change.to_json(),
            "entry": records.correction_record(self.entry),
            "answers": [finding.to_json() for finding in self.answers],
        }


def accept_change(store: Store, article_id: str, ref: str, *, reason: str) -> AcceptReport:
    """Save an ``accepted`` entry for revision ``ref`` of ``article_id`` with ``reason``.

    Refused (``InputError``/``NotFoundError``, nothing written) for an unknown article or
    revision, an empty reason, a revision with no finding to accept (none of the
    ``ACCEPTABLE_RULES`` rules finds anything there, even in strict mode) and a revision
    already accepted. Everything is decided under the store's lock, from the article as it
    stands when the entry lands.
    """
    validate_article_id(article_id)
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise InputError("the acceptance's --reason is empty: say why the change needs no note")
    settings = check_settings(store, strict=True)
    patterns = furniture_settings(store).for_article(article_id)
    saved: list[tuple[Correction, tuple[Finding, ...]]] = []

    def edit(base: SaveBase) -> Draft:
        latest = base.latest
        if latest is None:
            raise NotFoundError(f"unknown article {article_id!r}: see 'articlediff list'")
        history = store.history(article_id, at_commit=latest.commit)
        target = resolve_revision(history, ref, store.tz)
        findings = [
            f
            for f in check_history(history, settings, furniture=patterns, keep_accepted=True)
            if f.commit == target.commit and f.rule in ACCEPTABLE_RULES
        ]
        if not findings:
            raise InputError(
                f"{article_id} {target.label} has nothing to accept: check finds no "
                f"unexplained change there ({', '.join(ACCEPTABLE_RULES)})"
            )
        earlier = findings[0].accepted
        if earlier is not None:
            raise InputError(
                f"{article_id} {target.label} is already accepted by log entry {earlier.id}; "
                "entries are append-only"
            )
        article = latest.article
        entry = Correction(
            id=next_correction_id(article.corrections),
            kind=ACCEPTED,
            at=base.now,
            text=cleaned,
            fixed_in=target.label,
        )
        saved.append((entry, tuple(replace(f, accepted=entry) for f in findings)))
        return Draft(
            replace(article, corrections=(*article.corrections, entry)),
            at=latest.at,  # no editorial change: at the time of the text it carries
            kind="technical",
            note=f"{entry.id} accepts {target.label}: {cleaned}",
        )

    outcome = store.write(article_id, edit)
    change = saved_change(store, outcome)
    if change is None or not saved:  # a new entry always changes the file
        raise StoreError(f"{article_id}: the acceptance did not change the article; nothing saved")
    entry, answers = saved[-1]
    return AcceptReport(article_id, entry, change, answers, outcome.not_refreshed)
