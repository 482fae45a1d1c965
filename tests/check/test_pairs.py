"""One record per consecutive pair: the diff's figures, the verdict's reasons, and the
findings ``check`` reports in the pair's newer revision."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from articlediff.check import CheckSettings, check_history
from articlediff.check.pairs import STAT_FIELDS, history_records, pair_record
from articlediff.diff import diff_articles
from articlediff.model import Article, Correction, Revision

START = datetime(2024, 6, 19, 7, 0, tzinfo=UTC)


def revision(number: int, body: str, *, headline: str = "Quake", **article: object) -> Revision:
    return Revision(
        article_id="local/quake",
        number=number,
        commit=f"{number:040x}",
        kind="published" if number == 1 else "update",
        at=START + timedelta(hours=number),
        recorded=START + timedelta(hours=number),
        article=Article(headline=headline, body=tuple(body.split("\n\n")), **article),  # type: ignore[arg-type]
    )


HISTORY = [
    revision(1, "At least 23 people died.\n\nRescuers searched all night."),
    revision(2, "At least 24 people died.\n\nRescuers searched all night."),
    revision(3, "At least 24 people died.\n\nRescuers searched all night.\n\nRoads were shut."),
    revision(
        4,
        "At least 24 people died.\n\nRescuers searched all night.\n\nRoads were shut.",
        corrections=(
            Correction("c1", "correction", START, "Correction: the toll was 24, not 23.", "r2"),
        ),
    ),
]


def test_a_pair_record() -> None:
    old, new = HISTORY[0], HISTORY[1]
    record = pair_record(old, new)
    diff = diff_articles(old.article, new.article)
    assert record["id"] == "local/quake"
    assert (record["old_revision"], record["new_revision"]) == (1, 2)
    assert (record["old_commit"], record["new_at"]) == (old.commit, new.at)
    assert {name: record[name] for name in STAT_FIELDS} == {
        name: getattr(diff.stats, name) for name in STAT_FIELDS
    }
    assert record["verdict"] == "substantive" and record["fields_changed"] == []
    assert record["reasons"] == [
        {
            "field": "body",
            "kind": "edit",
            "signal": "number",
            "old": "23",
            "new": "24",
            "level": "substantive",
        }
    ]
    assert record["findings"] == []
    untimed = pair_record(old, new, timed=False)
    assert untimed["old_at"] is None and untimed["new_at"] is None


def test_reasons_are_the_decisive_reasons_at_the_verdict_s_level() -> None:
    record = pair_record(HISTORY[1], HISTORY[2])
    assert record["verdict"] == "update"
    assert [(r["kind"], r["signal"], r["new"], r["level"]) for r in record["reasons"]] == [
        ("addition", "addition", "Roads were shut.", "update")
    ]


def test_history_records_carry_check_s_findings_pair_by_pair() -> None:
    records = history_records(HISTORY, CheckSettings())
    assert [(r["old_revision"], r["new_revision"]) for r in records] == [(1, 2), (2, 3), (3, 4)]
    found = check_history(HISTORY, CheckSettings())
    assert found, "the late note is a finding"
    by_pair = {r["new_revision"]: [f["rule"] for f in r["findings"]] for r in records}
    assert by_pair == {
        number: [f.rule for f in found if f.revision == f"r{number}"] for number in (2, 3, 4)
    }
    assert by_pair[2] == ["late-note"]  # explained only in r4: the whole history counts
    assert records[0]["findings"][0]["quotes"] == ['"23" → "24"']


def test_strict_settings_reach_the_findings() -> None:
    strict = history_records(HISTORY, CheckSettings(strict=True))
    assert [f["rule"] for f in strict[1]["findings"]] == ["unexplained-update"]


def test_no_pair_in_a_history_of_one() -> None:
    assert history_records(HISTORY[:1]) == []
    assert history_records([]) == []


def test_given_diffs_are_used_and_agree() -> None:
    diffs = [None, *(diff_articles(a.article, b.article) for a, b in itertools.pairwise(HISTORY))]
    assert check_history(HISTORY, diffs=diffs) == check_history(HISTORY)
