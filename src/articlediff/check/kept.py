"""One article's check result as JSON and back, for keeping between runs.

``check`` keeps each article's result in the store's per-article cache (docs/scale.md,
"The findings kept"); what is read back must be exactly what was kept: ``result_from_json``
takes only the shape ``result_to_json`` writes and gives ``None`` for anything else, so a
damaged entry is computed again, never shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from articlediff.check.model import Finding
from articlediff.check.report import ArticleResult
from articlediff.check.summary import Refused, json_list, json_mapping, json_text, reason_from_json
from articlediff.model import Correction

RESULT_SCHEMA: Final = "articlediff.check-result/1"

_FINDING_FIELDS: Final = frozenset(
    {
        "rule",
        "severity",
        "id",
        "revision",
        "commit",
        "at",
        "file",
        "message",
        "changed",
        "entry",
        "reasons",
        "accepted",
    }
)
_ENTRY_FIELDS: Final = frozenset({"id", "kind", "at", "text", "fixed_in", "supersedes"})
_RESULT_FIELDS: Final = frozenset({"schema", "id", "file", "revisions", "findings", "accepted"})


def result_to_json(result: ArticleResult) -> dict[str, Any]:
    """``result`` as plain JSON values, every time to the microsecond with its offset."""
    return {
        "schema": RESULT_SCHEMA,
        "id": result.article_id,
        "file": result.path,
        "revisions": result.revisions,
        "findings": [_finding_json(f) for f in result.findings],
        "accepted": [_finding_json(f) for f in result.accepted],
    }


def result_from_json(data: object) -> ArticleResult | None:
    """The result ``data`` holds, or ``None`` unless it has exactly the shape
    ``result_to_json`` writes."""
    try:
        record = json_mapping(data, _RESULT_FIELDS)
        revisions = record["revisions"]
        if record["schema"] != RESULT_SCHEMA or type(revisions) is not int or revisions < 0:
            return None
        return ArticleResult(
            json_text(record["id"]),
            json_text(record["file"]),
            revisions,
            tuple(_finding(row) for row in json_list(record["findings"])),
            tuple(_finding(row) for row in json_list(record["accepted"])),
        )
    except Refused:
        return None


def _finding_json(finding: Finding) -> dict[str, Any]:
    """``Finding.to_json``, with the time to the microsecond and the whole accepting entry
    (that shows it to the second, and the entry in part)."""
    entry = finding.accepted
    whole = None
    if entry is not None:
        whole = {
            "id": entry.id,
            "kind": entry.kind,
            "at": entry.at.isoformat(),
            "text": entry.text,
            "fixed_in": entry.fixed_in,
            "supersedes": entry.supersedes,
        }
    return {**finding.to_json(), "at": finding.at.isoformat(), "accepted": whole}


def _finding(data: object) -> Finding:
    row = json_mapping(data, _FINDING_FIELDS)
    severity = row["severity"]
    if severity != "error" and severity != "warning":
        raise Refused
    entry = row["entry"]
    return Finding(
        rule=json_text(row["rule"]),
        severity=severity,
        article_id=json_text(row["id"]),
        revision=json_text(row["revision"]),
        commit=json_text(row["commit"]),
        at=_time(row["at"]),
        path=json_text(row["file"]),
        message=json_text(row["message"]),
        quotes=tuple(json_text(quote) for quote in json_list(row["changed"])),
        entry=None if entry is None else json_text(entry),
        reasons=tuple(reason_from_json(reason) for reason in json_list(row["reasons"])),
        accepted=None if row["accepted"] is None else _correction(row["accepted"]),
    )


def _correction(data: object) -> Correction:
    row = json_mapping(data, _ENTRY_FIELDS)
    fixed_in, supersedes = row["fixed_in"], row["supersedes"]
    return Correction(
        id=json_text(row["id"]),
        kind=json_text(row["kind"]),
        at=_time(row["at"]),
        text=json_text(row["text"]),
        fixed_in=None if fixed_in is None else json_text(fixed_in),
        supersedes=None if supersedes is None else json_text(supersedes),
    )


def _time(data: object) -> datetime:
    try:
        moment = datetime.fromisoformat(json_text(data))
    except ValueError:
        raise Refused from None
    if moment.tzinfo is None:
        raise Refused
    return moment
