"""An article's check result as JSON and back (``check.kept``): exactly what was written
reads back, times and offsets included, and anything else is refused."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articlediff.check import ArticleResult, CheckReport, Finding, render
from articlediff.check.kept import result_from_json, result_to_json
from articlediff.diff.model import ChangeReason, Reason
from articlediff.model import Correction

LONDON = ZoneInfo("Europe/London")


def result() -> ArticleResult:
    reason = ChangeReason("body", "edit", Reason("number", "23", "24", "substantive"))
    entry = Correction(
        "c2", "accepted", datetime(2024, 6, 19, 9, 0, 1, 500, tzinfo=LONDON), "typo", "r3", "c1"
    )
    base = Finding(
        rule="unexplained-change",
        severity="error",
        article_id="local/quake",
        revision="r2",
        commit="a" * 40,
        at=datetime(2024, 6, 19, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        path="versions/local/quake.md",
        message="substantive change with no note",
        quotes=('"23" → "24"',),
        reasons=(reason,),
    )
    late = replace(
        base,
        rule="late-note",
        severity="warning",
        revision="r3",
        commit="b" * 40,
        at=datetime(2024, 6, 19, 8, 10, tzinfo=LONDON),
        message="explained late",
        quotes=(),
        entry="c1",
        reasons=(),
    )
    accepted = replace(base, revision="r3", accepted=entry)
    return ArticleResult("local/quake", "versions/local/quake.md", 4, (base, late), (accepted,))


def test_a_result_reads_back_as_written() -> None:
    kept = result()
    data = json.loads(json.dumps(result_to_json(kept)))
    back = result_from_json(data)
    assert back == kept
    for fmt in ("text", "json", "github", "junit"):
        assert render(CheckReport((back,)), fmt) == render(CheckReport((kept,)), fmt)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(schema="articlediff.check-result/0"),
        lambda d: d.update(revisions=-1),
        lambda d: d.update(revisions=True),
        lambda d: d.update(extra=1),
        lambda d: d.pop("accepted"),
        lambda d: d["findings"][0].update(severity="fatal"),
        lambda d: d["findings"][0].update(at="2024-06-19T08:00:00"),  # no offset
        lambda d: d["findings"][0].update(at="yesterday"),
        lambda d: d["findings"][0].update(changed="one"),
        lambda d: d["findings"][0].update(entry=3),
        lambda d: d["findings"][0]["reasons"][0].update(kind="rewrite"),
        lambda d: d["accepted"][0]["accepted"].update(fixed_in=["r3"]),
        lambda d: d["accepted"][0]["accepted"].pop("supersedes"),
    ],
)
def test_anything_else_is_refused(damage: object) -> None:
    data = json.loads(json.dumps(result_to_json(result())))
    damage(data)  # type: ignore[operator]
    assert result_from_json(data) is None
    assert result_from_json(None) is None
    assert result_from_json([]) is None
