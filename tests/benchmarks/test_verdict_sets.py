"""Loading labelled sets and judging pairs with the project's diff and check rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import verdicts_bench
from verdicts import sets


def write_set(folder: Path) -> Path:
    folder.mkdir(parents=True)
    lead = "At least {} people died when an earthquake struck Harbourside, officials said."
    versions = [
        {"article_id": "local-1", "version": 0, "text": lead.format(23)},
        {"article_id": "local-1", "version": 1, "text": lead.format(24)},
        {"article_id": "local-1", "version": 2, "text": lead.format(24).replace("said", "siad")},
    ]
    labels = [
        {
            "article_id": "local-1",
            "from": 0,
            "to": 1,
            "level": "substantive",
            "needs_note": True,
            "reason": "toll changed",
        },
        {
            "article_id": "local-1",
            "from": 1,
            "to": 2,
            "level": "minor",
            "needs_note": False,
            "reason": "typo",
        },
    ]
    for name, rows in (("versions.jsonl", versions), ("labels.jsonl", labels)):
        lines = "".join(json.dumps(row) + "\n" for row in rows)
        (folder / name).write_text(lines, encoding="utf-8")
    return folder


def test_a_versioned_set_is_dated_an_hour_apart_under_one_headline(tmp_path: Path) -> None:
    labelled = sets.load_versioned_set(write_set(tmp_path / "quake"))
    assert labelled.name == "quake"
    first, second = labelled.pairs
    assert first.id == "local-1 0→1"
    assert first.old.headline == first.new.headline == sets.FIXED_HEADLINE
    assert first.old.updated == sets.T0
    assert first.new.updated == sets.T0.replace(hour=sets.T0.hour + 1)
    assert second.old == first.new
    assert first.should_fail and not second.should_fail


def test_evaluate_uses_the_real_verdict_and_check(tmp_path: Path) -> None:
    first, second = sets.load_versioned_set(write_set(tmp_path / "quake")).pairs
    changed = sets.evaluate(first)
    assert (changed.verdict, changed.failed, changed.rules) == (
        "substantive",
        True,
        ("unexplained-change",),
    )
    assert changed.signals == ("number",)
    assert changed.decisive == (
        "edit [number] At least [-23-]{+24+} people died when an earthquak…",
    )
    typo = sets.evaluate(second)
    assert (typo.verdict, typo.failed, typo.rules) == ("minor", False, ())


def test_a_headline_mutation_changes_only_the_headline() -> None:
    pair = sets.mutation_pair(
        {
            "id": "x-01",
            "kind": "furniture",
            "field": "headline",
            "old": "A",
            "new": "A | B",
            "level": "minor",
            "needs_note": False,
            "why": "suffix",
        }
    )
    assert (pair.old.headline, pair.new.headline) == ("A", "A | B")
    assert pair.old.body == pair.new.body == sets.FIXED_BODY
    assert sets.evaluate(pair).verdict == "minor"  # a site suffix is page furniture


def test_the_edits_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(sets.EDITS_ENV, str(tmp_path))
    assert sets.edits_dir() == tmp_path
    assert sets.set_folders(tmp_path) == []
    write_set(tmp_path / "quake")
    (tmp_path / "empty").mkdir()
    assert sets.set_folders(tmp_path) == [tmp_path / "quake"]
    assert sets.set_folders(tmp_path / "missing") == []


def test_excerpt_marks_the_change_with_context() -> None:
    old = "The two leaders talked up their commitment to combatting what Russian outlets called"
    new = old.replace("combatting", "combating")
    assert sets.excerpt(old, new) == (
        "…talked up their commitment to [-combatting-]{+combating+} what Russian outlets called"
    )
    assert sets.excerpt(None, "Added.") == "{+Added.+}"
    assert sets.excerpt("Gone.", None) == "[-Gone.-]"


def test_bench_json_and_skip_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(sets.EDITS_ENV, str(tmp_path / "absent"))
    assert verdicts_bench.main(["--set", "nothing-matches"]) == 0
    assert "skipped shared development sets: no labelled sets at" in capsys.readouterr().err
    write_set(tmp_path / "absent" / "quake")
    assert verdicts_bench.main(["--json", "--set", "quake"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "articlediff.verdicts-bench/1"
    (figures,) = doc["sets"]
    assert figures["name"] == "quake"
    assert figures["confusion"]["substantive"]["substantive"] == 1
    assert figures["confusion"]["minor"]["minor"] == 1
    assert figures["agreement"] == {"right": 2, "total": 2, "ratio": 1.0}
    assert figures["check"]["false_alarms"] == figures["check"]["misses"] == 0
    assert figures["wrong"] == []


def test_split_keeps_each_article_in_one_half_and_leaves_mutations_whole(
    tmp_path: Path,
) -> None:
    # sha1("local-1") starts with an odd hex digit (5), sha1("local-4") with an even one (8).
    assert (sets.half("local-1"), sets.half("local-4")) == ("hold", "tune")
    folder = write_set(tmp_path / "quake")
    more = {"article_id": "local-4", "version": 0, "text": "Rain fell on Harbourside."}
    changed = dict(more, version=1, text="Heavy rain fell on Harbourside.")
    label = {"article_id": "local-4", "from": 0, "to": 1, "level": "update", "needs_note": False}
    with (folder / "versions.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(more) + "\n" + json.dumps(changed) + "\n")
    with (folder / "labels.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(label) + "\n")
    labelled = sets.load_versioned_set(folder)
    tune, hold = sets.split(labelled)
    assert (tune.name, hold.name) == ("quake tune", "quake hold")
    assert [p.id for p in tune.pairs] == ["local-4 0→1"]
    assert [p.id for p in hold.pairs] == ["local-1 0→1", "local-1 1→2"]
    assert sets.split(sets.load_mutations()) == []
    assert sets.split(labelled) == sets.split(labelled)  # deterministic


def test_bench_split_prints_both_halves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(sets.EDITS_ENV, str(tmp_path))
    write_set(tmp_path / "quake")  # one article, "local-1": the hold half, no tune half
    assert verdicts_bench.main(["--json", "--split", "--set", "quake"]) == 0
    names = [s["name"] for s in json.loads(capsys.readouterr().out)["sets"]]
    assert names == ["quake", "quake hold"]  # both articles of the set fall in the hold half


def test_the_text_output_withholds_hold_half_pairs_unless_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def wrong(pair_id: str, article: str) -> dict[str, object]:
        return {
            "id": pair_id,
            "reference": "substantive",
            "verdict": "update",
            "should_fail": True,
            "failed": False,
            "rules": [],
            "reason": f"the label of {pair_id}",
            "decisive": [],
            "half": sets.half(article),
        }

    rows = [wrong("local-1 0→1", "local-1"), wrong("local-4 0→1", "local-4")]
    verdicts_bench.print_rows(rows, show_hold=False)
    out = capsys.readouterr().out
    assert "local-4 0→1" in out and "the label of local-4" in out  # tune half: listed
    assert "local-1" not in out  # hold half: counted only
    assert "(1 hold-half pairs withheld: --show-hold lists them)" in out
    verdicts_bench.print_rows(rows, show_hold=True)
    out = capsys.readouterr().out
    assert "the label of local-1" in out and "withheld" not in out
