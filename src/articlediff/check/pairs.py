"""One record per consecutive pair of revisions: what changed, its verdict and why, and what
the correction-log rules found in the newer revision. Pure: no I/O, no git, no clock.

``history_records(history, settings)`` is the unit of work of ``articlediff batch``: it diffs
each pair of one article once, runs the rules over the whole history with those diffs (a
note in a later revision can explain a change, the log is append-only since r1), and returns
``pair_record`` of each pair. The records' fields are the columns of the batch's Parquet
file, documented in docs/scale.md (``PAIR_SCHEMA``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from articlediff.check.model import CheckSettings, Finding, SettingsChange
from articlediff.check.rules import check_history
from articlediff.check.summary import PairSummary, summarize
from articlediff.common.furniture import FurniturePattern
from articlediff.diff import ArticleDiff, diff_articles
from articlediff.model import Revision

PAIR_SCHEMA: Final = "articlediff.pairs/1"
"""The version of the record's fields; a change to them (not an addition) changes it."""

STAT_FIELDS: Final = (
    "words_old",
    "words_new",
    "words_added",
    "words_deleted",
    "words_changed",
    "paragraphs_added",
    "paragraphs_deleted",
    "paragraphs_changed",
    "paragraphs_moved",
)
"""The integer statistics of a pair, in column order (``share_changed`` follows them)."""


def pair_record(
    old: Revision,
    new: Revision,
    findings: Iterable[Finding] = (),
    *,
    diff: ArticleDiff | None = None,
    summary: PairSummary | None = None,
    timed: bool = True,
) -> dict[str, Any]:
    """The record of the pair ``old`` → ``new`` (consecutive revisions of one article).

    ``findings`` are the rules' findings in ``new``, from ``check_history`` over the
    article's whole history (``history_records`` passes them); ``diff`` the pair's diff, or
    ``summary`` its summary (``check.summary``), when already computed. ``timed=False``
    leaves the times out (a corpus ordered by revision numbers alone has none).

    ``reasons`` say why the verdict is what it is: for each change at the verdict's level,
    its decisive reasons (``Change.decisive``: each a signal with the words on each side).
    """
    if summary is None:
        diff = diff if diff is not None else diff_articles(old.article, new.article)
        summary = summarize(diff, old.article, new.article)
    stats = summary.stats
    record: dict[str, Any] = {
        "id": new.article_id,
        "old_revision": old.number,
        "new_revision": new.number,
        "old_commit": old.commit or None,
        "new_commit": new.commit or None,
        "old_at": _time(old.at, timed),
        "new_at": _time(new.at, timed),
        "kind": new.kind,
        "note": new.note,
    }
    record.update({name: getattr(stats, name) for name in STAT_FIELDS})
    record["share_changed"] = round(stats.share_changed, 6)
    record["fields_changed"] = list(summary.fields_changed)
    record["verdict"] = summary.verdict
    record["reasons"] = [reason.to_json() for reason in summary.reasons]
    record["findings"] = [
        {
            "rule": finding.rule,
            "severity": finding.severity,
            "message": finding.message,
            "quotes": list(finding.quotes),
            "entry": finding.entry,
        }
        for finding in findings
    ]
    return record


def _time(moment: datetime, timed: bool) -> datetime | None:
    return moment if timed else None


def history_records(
    history: Sequence[Revision],
    settings: CheckSettings | None = None,
    *,
    timed: bool = True,
    furniture: tuple[FurniturePattern, ...] | None = None,
    settings_changes: Mapping[str, SettingsChange] | None = None,
) -> list[dict[str, Any]]:
    """The records of every consecutive pair of one article's ``history`` (oldest first),
    with the findings ``check`` reports for each pair's newer revision under ``settings``.

    ``furniture`` is the page-furniture patterns of the article's outlet (default: the
    built-in ones) and ``settings_changes`` the commits that changed the ``[check]``
    settings, both as ``check_history`` takes them: the records then hold what ``check``
    and ``diff`` say of the pair in a store with those settings.

    An article with one revision has no pair. Findings in the first revision (a log entry
    present from r1, an updated time before the published one) belong to no pair and are
    not in the records; ``articlediff check`` reports them.
    """
    if len(history) < 2:
        return []
    diffs: list[ArticleDiff | None] = [None]
    diffs += [
        diff_articles(a.article, b.article, furniture=furniture)
        for a, b in itertools.pairwise(history)
    ]
    by_revision: dict[str, list[Finding]] = {}
    found = check_history(
        history, settings, diffs=diffs, furniture=furniture, settings_changes=settings_changes
    )
    for finding in found:
        by_revision.setdefault(finding.revision, []).append(finding)
    return [
        pair_record(
            history[index - 1],
            history[index],
            by_revision.get(history[index].label, ()),
            diff=diffs[index],
            timed=timed,
        )
        for index in range(1, len(history))
    ]
