"""The per-article reads take what they can from the pair notes, on real stores: ``check``
and ``log`` read them (a well-formed note is believed, a damaged one is not), their output
is the same with notes, without them and with damaged ones; ``reindex`` writes its notes
in parts and lands them at once, so that one that fails or is stopped changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from articlediff.app import pairs as pairs_module
from articlediff.diff import RULES_VERSION
from articlediff.errors import StoreError
from articlediff.store import Store
from articlediff.store.pairnotes import NOTES_REF, PairKey
from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.cli.test_pair_notes import (
    commits,
    drop_notes,
    imported,  # noqa: F401  (a fixture: the store of imported stories)
    note,
    notes_tip,
    replace_note,
)
from tests.conftest import Cli, git, repo_state

AT = "2024-06-19T08:{:02d}:00+01:00".format


def save(run: Cli, folder: Path, name: str, text: str) -> None:
    result = run("save", write(folder, name, text))
    assert result.exit_code == 0, result.stderr


def story(run: Cli, folder: Path) -> None:
    """Five revisions: a changed figure, a note printed one revision late, a paragraph
    added, the note taken out again."""
    save(run, folder, "r1.md", article_text(toll=23))
    save(run, folder, "r2.md", article_text(toll=24, updated=AT(0)))
    save(run, folder, "r3.md", article_text(toll=24, updated=AT(10), extra=(GOOD_NOTE,)))
    more = ("Schools in the town will stay closed until Monday, the council said.", GOOD_NOTE)
    save(run, folder, "r4.md", article_text(toll=24, updated=AT(20), extra=more))
    save(run, folder, "r5.md", article_text(toll=24, updated=AT(30), extra=more[:1]))


def uncache(store_path: Path) -> None:
    """Forget what ``log`` remembered (the store's per-article cache)."""
    shutil.rmtree(store_path / ".git" / "articlediff" / "cache", ignore_errors=True)


def forge(store_path: Path, commit: str, **changes: object) -> None:
    """Replace the summary fields ``changes`` in ``commit``'s note, keeping its key: a note
    as well-formed as one articlediff writes, saying something else."""
    kept = note(store_path, commit)
    summary = {**kept["summary"], **changes}  # type: ignore[dict-item]
    replace_note(store_path, commit, json.dumps({**kept, "summary": summary}))


def test_check_reads_the_notes(run: Cli, store_path: Path, tmp_path: Path) -> None:
    """A well-formed note with the right key is what check goes by: the pair is not diffed
    (the notes are trusted as far as the branch is, docs/scale.md)."""
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, updated=AT(0)))
    assert run("check").exit_code == 1
    second = commits(store_path, ARTICLE_ID)[1]
    forge(store_path, second, verdict="minor", news="minor", changes=[])
    assert run("check").exit_code == 0
    drop_notes(store_path)
    assert run("check").exit_code == 1


@pytest.mark.parametrize("command", [["log"], ["log", "--json"], ["log", "--since", "08:05"]])
def test_log_is_the_same_with_notes_without_them_and_with_damaged_ones(
    run: Cli, store_path: Path, tmp_path: Path, command: list[str]
) -> None:
    story(run, tmp_path)
    command = [part.replace("08:05", "2024-06-19 08:05") for part in command]
    uncache(store_path)
    with_notes = run(*command, ARTICLE_ID)
    assert with_notes.exit_code == 0, with_notes.stderr
    uncache(store_path)
    tip = notes_tip(store_path)
    drop_notes(store_path)
    without = run(*command, ARTICLE_ID)
    assert (without.exit_code, without.stdout) == (0, with_notes.stdout)
    uncache(store_path)
    git(store_path, "update-ref", NOTES_REF, tip)
    for commit in commits(store_path, ARTICLE_ID):
        replace_note(store_path, commit, '{"schema": "articlediff.pair-note/3", "summary": {}}')
    damaged = run(*command, ARTICLE_ID)
    assert (damaged.exit_code, damaged.stdout) == (0, with_notes.stdout)


def test_log_reads_the_notes_and_remembers_what_they_say(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    story(run, tmp_path)
    third = commits(store_path, ARTICLE_ID)[2]
    kept = note(store_path, third)
    stats = {**kept["summary"]["stats"], "words_added": 777}  # type: ignore[index]
    forge(store_path, third, stats=stats, headline="A headline from the note")
    uncache(store_path)
    before = repo_state(store_path)
    rows = json.loads(run("log", "--json", ARTICLE_ID).stdout)
    assert (rows[2]["words_added"], rows[2]["headline"]) == (777, "A headline from the note")
    assert rows[1]["headline"] == "Earthquake strikes coastal town"
    # log writes no note, and keeps what it read in its cache: without the notes, the same.
    assert repo_state(store_path) == before
    drop_notes(store_path)
    assert json.loads(run("log", "--json", ARTICLE_ID).stdout) == rows


def test_log_of_a_damaged_revision_is_the_same_with_notes(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """A revision that does not read is listed as damaged whatever the notes say, and the
    revision after it is counted against the last one that reads."""
    story(run, tmp_path)
    path = store_path / "versions" / f"{ARTICLE_ID}.md"
    path.write_text("no front matter here\n", encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "a damaged file")
    path.write_text(article_text(toll=25, updated=AT(40)), encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "the file repaired by hand")
    assert run("reindex").exit_code == 0
    uncache(store_path)
    with_notes = run("log", "--json", ARTICLE_ID)
    uncache(store_path)
    drop_notes(store_path)
    without = run("log", "--json", ARTICLE_ID)
    assert (with_notes.exit_code, with_notes.stdout) == (without.exit_code, without.stdout)
    rows = json.loads(with_notes.stdout)
    assert "damaged" in rows[5] and "damaged" not in rows[6]


def note_refs(store_path: Path) -> str:
    return git(store_path, "for-each-ref", "--format=%(refname) %(objectname)", "refs/").strip()


@pytest.mark.usefixtures("imported")
def test_reindex_writes_in_parts_and_lands_them_at_once(
    run: Cli, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One article at a time, each part a notes commit of its own on a temporary ref: the
    notes ref moves once, to notes equal to those of a reindex in one part."""
    drop_notes(store_path)
    assert run("reindex", "--jobs", "1").exit_code == 0
    whole = git(store_path, "rev-parse", f"{notes_tip(store_path)}^{{tree}}").strip()
    drop_notes(store_path)
    monkeypatch.setattr(pairs_module, "CHUNK_ARTICLES", 1)
    result = run("reindex", "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["written"] == 36
    tip = notes_tip(store_path)
    assert git(store_path, "rev-parse", f"{tip}^{{tree}}").strip() == whole
    assert len(git(store_path, "rev-list", tip).split()) == 6  # a commit per part
    assert git(store_path, "reflog", "show", "--format=%H", NOTES_REF).split() == [tip]
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
@pytest.mark.usefixtures("imported")
def test_a_reindex_stopped_between_parts_changes_nothing(
    run: Cli,
    store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stop: type[BaseException],
) -> None:
    """Stopped after some parts were written to git (Ctrl-C, or a failure reading the
    store): the notes are as they were, every one old, and no temporary ref is left."""
    first = commits(store_path, "local/crane-0")[1]
    replace_note(store_path, first, "not a summary")  # a note for reindex to rewrite
    refs = note_refs(store_path)
    before = repo_state(store_path)
    monkeypatch.setattr(pairs_module, "CHUNK_ARTICLES", 1)
    reads = 0
    real = Store.read_history

    def read_history(self: Store, article_id: str, **kwargs: str) -> object:
        nonlocal reads
        reads += 1
        if reads == 3:
            raise stop()
        return real(self, article_id, **kwargs)

    monkeypatch.setattr(Store, "read_history", read_history)
    result = run("reindex", "--jobs", "1")
    assert result.exit_code == (130 if stop is KeyboardInterrupt else 3)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert note_refs(store_path) == refs
    assert git(store_path, "notes", "--ref", NOTES_REF, "show", first).strip() == "not a summary"
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


@pytest.mark.usefixtures("imported")
def test_a_killed_reindex_leaves_the_notes_valid_and_the_next_one_tidies(
    run: Cli, store_path: Path
) -> None:
    """A reindex killed between two parts (SIGKILL: nothing of its own runs) leaves its
    temporary ref and the notes as they were; the next reindex deletes that ref."""
    drop_notes(store_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = f"refs/articlediff/pairnotes-{gone.pid}-1"
    with Store(store_path) as store:
        batch = store.pair_notes.batch(RULES_VERSION)
        batch.temporary = stale
        second = commits(store_path, "local/crane-0")[1]
        batch.add({PairKey(second, "", "", "0" * 16): {"a": "part written, never landed"}})
    assert notes_tip(store_path) == ""
    assert git(store_path, "rev-parse", "--verify", "-q", stale).strip()
    before = repo_state(store_path)
    result = run("reindex", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["written"] == 36
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""
    assert repo_state(store_path) == before
    assert run("check", "--format", "json").exit_code == 1


def test_a_batch_lands_on_notes_written_since_it_began(store_path: Path, run: Cli) -> None:
    """A save that notes its pair while a reindex runs keeps its note: the batch's notes
    are put on top of the notes ref as it is when the batch lands."""
    tmp = store_path.parent
    save(run, tmp, "r1.md", article_text(toll=23))
    save(run, tmp, "r2.md", article_text(toll=24, updated=AT(0)))
    first, second = commits(store_path, ARTICLE_ID)
    drop_notes(store_path)
    with Store(store_path) as store:
        with store.pair_notes.batch(RULES_VERSION) as batch:
            batch.add({PairKey(first, "", "b1", "f"): {"from": "the batch"}})
            store.pair_notes.write(RULES_VERSION, {PairKey(second, "b1", "b2", "f"): {"x": 1}})
            assert batch.land() == 1
        tip = notes_tip(store_path)
        assert json.loads(git(store_path, "notes", "--ref", NOTES_REF, "show", first))[
            "summary"
        ] == {"from": "the batch"}
        assert json.loads(git(store_path, "notes", "--ref", NOTES_REF, "show", second))[
            "summary"
        ] == {"x": 1}
        # The save's notes commit, then the batch's notes put on top of it.
        assert len(git(store_path, "rev-list", tip).split()) == 2
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""


def test_a_batch_that_cannot_land_changes_nothing(store_path: Path, run: Cli) -> None:
    save(run, store_path.parent, "r1.md", article_text(toll=23))
    (first,) = commits(store_path, ARTICLE_ID)
    refs = note_refs(store_path)
    lock = store_path / ".git" / f"{NOTES_REF}.lock"
    with Store(store_path) as store, store.pair_notes.batch(RULES_VERSION) as batch:
        batch.add({PairKey(first, "", "b1", "f"): {"from": "the batch"}})
        lock.write_text("", encoding="utf-8")
        try:
            with pytest.raises(StoreError):
                batch.land()
        finally:
            lock.unlink()
    assert note_refs(store_path) == refs


def quiet_story(run: Cli, folder: Path) -> None:
    """``story``, then a minor edit, a revision that changes only the updated time, and a
    technical one."""
    story(run, folder)
    more = ("Schools in the town will stay closed until Monday, the council said.",)
    minor = "Rescue teams were searching collapsed buildings through the night"
    save(run, folder, "r6.md", article_text(toll=24, updated=AT(40), extra=more, second=minor))
    save(run, folder, "r7.md", article_text(toll=24, updated=AT(50), extra=more, second=minor))
    technical = run(
        "save", write(folder, "r8.md", article_text(toll=24, updated=AT(50), extra=more,
                                                    second=minor + " ")),
        "--kind", "technical",
    )  # fmt: skip
    assert technical.exit_code == 0, technical.stderr


@pytest.mark.parametrize("form", ["markdown", "json", "html", "jsonld"])
def test_notes_are_the_same_with_notes_without_them_and_with_damaged_ones(
    run: Cli, store_path: Path, tmp_path: Path, form: str
) -> None:
    quiet_story(run, tmp_path)
    with_notes = run("notes", ARTICLE_ID, "--format", form)
    assert with_notes.exit_code == 0, with_notes.stderr
    if form == "json":
        summaries = [note["summary"] for note in json.loads(with_notes.stdout)["notes"]]
        assert "minor edits" in summaries and "no change to the wording" in summaries
    tip = notes_tip(store_path)
    drop_notes(store_path)
    without = run("notes", ARTICLE_ID, "--format", form)
    assert (without.exit_code, without.stdout) == (0, with_notes.stdout)
    git(store_path, "update-ref", NOTES_REF, tip)
    for commit in commits(store_path, ARTICLE_ID):
        replace_note(store_path, commit, "{")
    damaged = run("notes", ARTICLE_ID, "--format", form)
    assert (damaged.exit_code, damaged.stdout) == (0, with_notes.stdout)


def test_notes_tell_a_pair_that_quotes_no_words_from_its_note(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """A note saying a pair's news is minor is what ``notes`` goes by (the pair is not
    diffed); a pair whose words a note quotes is diffed whatever its note says."""
    story(run, tmp_path)
    second, fifth = commits(store_path, ARTICLE_ID)[1], commits(store_path, ARTICLE_ID)[4]
    forge(store_path, second, news="minor", news_changes=3, verdict="minor")
    forge(store_path, fifth, news="substantive")
    rows = json.loads(run("notes", ARTICLE_ID, "--format", "json").stdout)["notes"]
    by_revision = {row["revision"]: row for row in rows}
    assert by_revision["r2"]["summary"] == "minor edits"
    assert by_revision["r2"]["verdict"] == "minor"
    drop_notes(store_path)
    rows = json.loads(run("notes", ARTICLE_ID, "--format", "json").stdout)["notes"]
    assert {row["revision"]: row for row in rows}["r2"]["summary"].startswith("changed")
    assert {row["revision"]: row for row in rows}["r5"] == by_revision["r5"]


def test_a_reworded_note_is_found_the_same_with_notes_without_them_and_with_damaged_ones(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """``correction-altered`` reads the reworded note from the pair's summary: the report
    is the same from the notes, without them and with every note damaged."""
    dated = "Correction - June 19, 2024: An earlier version misstated the number of dead as 23."
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, updated=AT(0), extra=(dated,)))
    softened = dated.replace("June 19", "June 20").replace("misstated", "gave")
    save(run, tmp_path, "r3.md", article_text(toll=24, updated=AT(10), extra=(softened,)))
    third = commits(store_path, ARTICLE_ID)[2]
    altered = note(store_path, third)["summary"]["altered_notes"]  # type: ignore[index]
    assert [row[:2] for row in altered] == [[dated, softened]]
    with_notes = run("check", "--format", "json")
    assert with_notes.exit_code == 1
    found = json.loads(with_notes.stdout)["articles"][0]["findings"]
    assert ("correction-altered", "r3") in {(f["rule"], f["revision"]) for f in found}
    text = run("check").stdout
    tip = notes_tip(store_path)
    drop_notes(store_path)
    without = run("check", "--format", "json")
    assert (without.exit_code, without.stdout) == (1, with_notes.stdout)
    assert run("check").stdout == text
    git(store_path, "update-ref", NOTES_REF, tip)
    for commit in commits(store_path, ARTICLE_ID):
        replace_note(store_path, commit, json.dumps({"summary": "not one"}))
    damaged = run("check", "--format", "json")
    assert (damaged.exit_code, damaged.stdout) == (1, with_notes.stdout)
