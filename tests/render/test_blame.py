"""Blame over a history built in memory: which revision introduced each sentence."""

from __future__ import annotations

import pytest

from articlediff.analysis.blame import blame, split_sentences
from articlediff.errors import InputError
from articlediff.model import Article
from articlediff.render.blame import blame_record, render_blame_text
from tests.render.cases import revision

P1 = "Putin landed in Pyongyang. He was met by Kim."
P2_R2 = "Talks began at noon. A Kremlin spokesman said the talks went well."
P2_R3 = "Talks began at noon. A Kremlin spokesman, Dmitry Peskov, said the talks went well."


def history():  # type: ignore[no-untyped-def]
    r1 = revision(Article("H", (P1, "Talks began at noon.")), 1, "2024-06-19T07:38:00+01:00")
    r2 = revision(Article("H", (P1, P2_R2)), 2, "2024-06-19T08:14:00+01:00")
    r3 = revision(Article("H", (P1, P2_R3)), 3, "2024-06-19T10:00:00+01:00")
    return [r1, r2, r3]


def test_sentence_added_in_r2_and_reworded_in_r3() -> None:
    result = blame(history())
    assert result.revision.label == "r3"
    first, second = result.paragraphs
    assert [s.origin.label for s in first.sentences] == ["r1", "r1"]
    assert first.origin.label == "r1"
    assert [(s.text, s.origin.label) for s in second.sentences] == [
        ("Talks began at noon.", "r1"),
        ("A Kremlin spokesman, Dmitry Peskov, said the talks went well.", "r3"),
    ]
    assert second.origin.label == "r3"


def test_blame_at_r2_credits_the_added_sentence_to_r2() -> None:
    revisions = history()
    result = blame(revisions, revisions[1])
    assert [s.origin.label for s in result.paragraphs[1].sentences] == ["r1", "r2"]


def test_text_lines_start_with_revision_and_time() -> None:
    text = render_blame_text(blame(history()))
    assert text.splitlines() == [
        "r1  2024-06-19 07:38 +01:00  Putin landed in Pyongyang.",
        "r1  2024-06-19 07:38 +01:00  He was met by Kim.",
        "",
        "r1  2024-06-19 07:38 +01:00  Talks began at noon.",
        "r3  2024-06-19 10:00 +01:00  " + P2_R3.split(". ", 1)[1],
    ]


def test_removed_and_restored_sentence_is_credited_to_the_restoring_revision() -> None:
    r1 = revision(Article("H", ("One. Two.",)), 1, "2024-06-19T07:00:00+01:00")
    r2 = revision(Article("H", ("One.",)), 2, "2024-06-19T08:00:00+01:00")
    r3 = revision(Article("H", ("One. Two.",)), 3, "2024-06-19T09:00:00+01:00")
    assert [s.origin.label for s in blame([r1, r2, r3]).paragraphs[0].sentences] == ["r1", "r3"]


def test_technical_revisions_take_no_credit() -> None:
    r1 = revision(Article("H", ("One.  Two.",)), 1, "2024-06-19T07:00:00+01:00")
    r2 = revision(Article("H", ("One. Two!",)), 2, "2024-06-19T08:00:00+01:00", kind="technical")
    r3 = revision(Article("H", ("One. Two! Three.",)), 3, "2024-06-19T09:00:00+01:00")
    labels = [s.origin.label for s in blame([r1, r2, r3]).paragraphs[0].sentences]
    assert labels == ["r1", "r3", "r3"]


def test_json_record() -> None:
    record = blame_record(blame(history()))
    assert record["revision"] == "r3"
    assert record["paragraphs"][1]["sentences"][1]["revision"] == "r3"
    assert record["paragraphs"][1]["sentences"][1]["at"] == "2024-06-19T10:00:00+01:00"


def test_split_sentences_cjk() -> None:
    assert split_sentences("東京は晴れ。大阪は雨。") == [
        "東京は晴れ。大阪は雨。"
    ] or split_sentences("東京は晴れ。 大阪は雨。") == ["東京は晴れ。", "大阪は雨。"]


def test_empty_history_is_an_input_error() -> None:
    with pytest.raises(InputError):
        blame([])
