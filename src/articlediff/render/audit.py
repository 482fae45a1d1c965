"""The audit as an aligned table, CSV with a header row, or JSON-ready records."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Final

from articlediff.analysis.audit import AuditEntry
from articlediff.common.controls import visible
from articlediff.common.timeutil import format_short
from articlediff.render.records import revision_meta

CSV_COLUMNS: Final = (
    "at",
    "id",
    "revision",
    "kind",
    "verdict",
    "words_added",
    "words_deleted",
    "note",
    "commit",
    "recorded",
)
NO_VERDICT: Final = "new"
"""Shown in the verdict column of a first revision, which has nothing to be compared with."""


def audit_record(entry: AuditEntry) -> dict[str, Any]:
    meta = revision_meta(entry.revision)
    return {
        "at": meta.pop("at"),
        "id": meta.pop("id"),
        "revision": meta.pop("revision"),
        "kind": meta.pop("kind"),
        "verdict": entry.verdict,
        "reasons": [reason.to_json() for reason in entry.reasons],
        "words_added": entry.words_added,
        "words_deleted": entry.words_deleted,
        "note": meta.pop("note"),
        "headline": entry.revision.article.headline,
        **meta,
    }


def render_audit_csv(entries: Sequence[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        record = audit_record(entry)
        writer.writerow(["" if record[c] is None else record[c] for c in CSV_COLUMNS])
    return visible(out.getvalue())


def render_audit_text(entries: Sequence[AuditEntry]) -> str:
    """``2024-06-19 08:14 +01:00  gbnews/putin-kim-visit  r2  update  substantive  +85/-1
    note`` — one row per revision, columns aligned."""
    rows = [
        (
            format_short(e.revision.at),
            e.revision.article_id,
            e.revision.label,
            e.revision.kind,
            e.verdict or NO_VERDICT,
            f"+{e.words_added}/-{e.words_deleted}",
            " ".join(e.revision.note.split()),
        )
        for e in entries
    ]
    if not rows:
        return ""
    widths = [max(len(row[k]) for row in rows) for k in range(6)]
    lines = []
    for row in rows:
        cells = [
            row[0],
            row[1].ljust(widths[1]),
            row[2].ljust(widths[2]),
            row[3].ljust(widths[3]),
            row[4].ljust(widths[4]),
            row[5].rjust(widths[5]),
        ]
        lines.append(("  ".join(cells) + (f"  {row[6]}" if row[6] else "")).rstrip())
    return visible("\n".join(lines)) + "\n"


__all__ = ["audit_record", "render_audit_csv", "render_audit_text"]
