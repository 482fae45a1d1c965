"""Pair notes on real stores: written by save, correct and import, read by check and audit,
recomputed by reindex; a damaged, foreign or outdated note is never believed; the output of
every store-wide command is the same with and without notes and over one or two workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articlediff.app import pairs as pairs_module
from articlediff.check.summary import PairSummary, summarize_pair
from articlediff.diff import RULES_VERSION
from articlediff.store import Store
from articlediff.store.pairnotes import NOTE_SCHEMA, NOTES_REF
from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.conftest import Cli, git, repo_state

ARTICLES = 6
REVISIONS = 6


def corpus(folder: Path, articles: int = ARTICLES, revisions: int = REVISIONS) -> Path:
    """A JSON Lines file: ``articles`` stories of ``revisions`` revisions, each revision
    changing a figure, a name or a paragraph (some explained by a note, most not)."""
    lines = []
    for a in range(articles):
        for r in range(revisions):
            paragraphs = [
                f"At least {20 + a + r} people were hurt when a crane fell in district {a}.",
                f"The mayor, Ana Costa {r % 3}, said the site would stay closed.",
                "Engineers were inspecting the other cranes on the site overnight.",
            ]
            if r % 2:
                paragraphs.append(f"Witnesses described a loud noise shortly after {r} am.")
            if r == 3:
                paragraphs.append("Correction: An earlier version misstated the number hurt.")
            lines.append(
                json.dumps(
                    {
                        "id": f"local/crane-{a}",
                        "at": f"2024-06-19T{8 + r:02d}:00:00+01:00",
                        "text": f"Crane falls in district {a}\n\n" + "\n\n".join(paragraphs),
                    }
                )
            )
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def imported(run: Cli, tmp_path: Path) -> Path:
    result = run("import", str(corpus(tmp_path)))
    assert result.exit_code == 0, result.stderr
    return tmp_path


def notes_tip(store_path: Path) -> str:
    return git(store_path, "for-each-ref", "--format=%(objectname)", NOTES_REF).strip()


def note(store_path: Path, commit: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        git(store_path, "notes", "--ref", NOTES_REF, "show", commit)
    )
    return loaded


def drop_notes(store_path: Path) -> None:
    git(store_path, "update-ref", "-d", NOTES_REF)


def replace_note(store_path: Path, commit: str, text: str) -> None:
    """Put ``text`` as the note of ``commit``, as another tool (or a hostile clone) could."""
    git(
        store_path,
        "-c", "user.name=Other", "-c", "user.email=other@example.invalid",
        "notes", "--ref", NOTES_REF, "add", "-f", "-m", text, commit,
    )  # fmt: skip


def commits(store_path: Path, article_id: str) -> list[str]:
    path = f"versions/{article_id}.md"
    return git(store_path, "log", "--reverse", "--format=%H", "--", path).split()


def test_save_keeps_the_note_of_its_pair(run: Cli, store_path: Path, tmp_path: Path) -> None:
    assert run("save", write(tmp_path, "r1.md", article_text(toll=23))).exit_code == 0
    updated = article_text(toll=24, updated="2024-06-19T08:00:00+01:00")
    assert run("save", write(tmp_path, "r2.md", updated)).exit_code == 0
    first, second = commits(store_path, ARTICLE_ID)
    blob = git(store_path, "rev-parse", f"{first}:versions/{ARTICLE_ID}.md").strip()
    kept = note(store_path, second)
    assert kept["schema"] == NOTE_SCHEMA
    assert kept["rules_version"] == RULES_VERSION
    assert kept["old_blob"] == blob
    assert (
        kept["new_blob"] == git(store_path, "rev-parse", f"{second}:versions/{ARTICLE_ID}.md")[:40]
    )
    with Store(store_path) as store:
        history = store.history(ARTICLE_ID)
    fresh = summarize_pair(history[0].article, history[1].article)
    assert PairSummary.from_json(kept["summary"]) == fresh
    assert fresh.verdict == "substantive"
    assert fresh.changed_words(("substantive",)) == ('"23" → "24"',)
    assert note(store_path, first)["old_blob"] == ""  # a first revision: a pair with nothing


def test_import_notes_every_pair_and_reindex_keeps_them(
    run: Cli, store_path: Path, imported: Path
) -> None:
    listed = git(store_path, "notes", "--ref", NOTES_REF, "list").splitlines()
    assert len(listed) == ARTICLES * REVISIONS
    tip = notes_tip(store_path)
    result = run("reindex", "--json")
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["computed"] == 0 and counts["written"] == 0
    assert counts["reused"] == counts["pairs"] == ARTICLES * REVISIONS
    assert notes_tip(store_path) == tip  # nothing to write, nothing written
    assert result.stderr.startswith(f"reindexed {ARTICLES} articles: {ARTICLES * REVISIONS} pairs")


def test_check_reads_the_same_with_notes_without_them_and_with_damaged_ones(
    run: Cli, store_path: Path, imported: Path
) -> None:
    with_notes = run("check", "--format", "json")
    assert with_notes.exit_code == 1
    tip = notes_tip(store_path)
    drop_notes(store_path)
    without = run("check", "--format", "json", "--jobs", "1")
    assert (without.exit_code, without.stdout) == (1, with_notes.stdout)
    assert notes_tip(store_path) == ""  # check reads; it writes no notes
    git(store_path, "update-ref", NOTES_REF, tip)
    # Damage every note of one article: each is ignored and its pair computed again.
    for commit in commits(store_path, "local/crane-0")[1:]:
        replace_note(store_path, commit, '{"schema": "articlediff.pair-note/1", "summary": [')
    damaged = run("check", "--format", "json")
    assert (damaged.exit_code, damaged.stdout) == (1, with_notes.stdout)


@pytest.mark.parametrize(
    "forge",
    [
        "version",  # made under other verdict rules
        "furniture",  # made under other furniture patterns
        "blobs",  # another pair's note copied onto this commit
        "schema",  # another tool's note
        "summary",  # a summary that does not read back (a negative count)
        "extra",  # an envelope with a field too many
    ],
)
def test_a_forged_note_is_never_believed(
    run: Cli, store_path: Path, tmp_path: Path, forge: str
) -> None:
    """A note saying the changed toll was a minor edit, in each way but a valid one: check
    still finds the unexplained substantive change, and audit gives its verdict."""
    assert run("save", write(tmp_path, "r1.md", article_text(toll=23))).exit_code == 0
    updated = article_text(toll=24, updated="2024-06-19T08:00:00+01:00")
    assert run("save", write(tmp_path, "r2.md", updated)).exit_code == 0
    second = commits(store_path, ARTICLE_ID)[1]
    kept = note(store_path, second)
    summary = dict(kept["summary"])  # type: ignore[call-overload]
    summary["verdict"] = "minor"
    summary["changes"] = []
    forged = {**kept, "summary": summary}
    if forge == "version":
        forged["rules_version"] = RULES_VERSION + 1
    elif forge == "furniture":
        forged["furniture"] = "0" * 16
    elif forge == "blobs":
        forged["old_blob"], forged["new_blob"] = kept["new_blob"], kept["old_blob"]
    elif forge == "schema":
        forged["schema"] = "someone-else/1"
    elif forge == "summary":
        summary["stats"] = {**summary["stats"], "words_added": -1}
    else:
        forged["trusted"] = True
    replace_note(store_path, second, json.dumps(forged))
    before = repo_state(store_path)
    result = run("check")
    assert result.exit_code == 1
    assert "unexplained-change" in result.stdout and '"23" → "24"' in result.stdout
    audit = json.loads(run("audit", "--format", "json").stdout)
    assert [row["verdict"] for row in audit if row["revision"] == "r2"] == ["substantive"]
    assert repo_state(store_path) == before


def test_reindex_recomputes_what_is_missing_or_outdated(
    run: Cli, store_path: Path, imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = ARTICLES * REVISIONS
    drop_notes(store_path)
    first = json.loads(run("reindex", "--json", "--jobs", "2").stdout)
    assert (first["computed"], first["written"], first["reused"]) == (total, total, 0)
    one_worker = notes_tip(store_path)
    tree = git(store_path, "rev-parse", f"{one_worker}^{{tree}}").strip()
    drop_notes(store_path)
    run("reindex", "--jobs", "1")
    # The notes are the same, note for note, over one worker or two.
    assert git(store_path, "rev-parse", f"{notes_tip(store_path)}^{{tree}}").strip() == tree
    # New verdict rules: every note is outdated, and recomputed.
    monkeypatch.setattr(pairs_module, "RULES_VERSION", RULES_VERSION + 1)
    again = json.loads(run("reindex", "--json", "local/crane-1").stdout)
    assert (again["articles"], again["computed"], again["reused"]) == (1, REVISIONS, 0)


def test_a_save_leaves_every_other_article_noted(
    run: Cli, store_path: Path, imported: Path, tmp_path: Path
) -> None:
    assert run("save", write(tmp_path, "r1.md", article_text(toll=23))).exit_code == 0
    counts = json.loads(run("reindex", "--json").stdout)
    assert counts["computed"] == 0
    assert counts["reused"] == ARTICLES * REVISIONS + 1


def test_reindex_that_fails_changes_nothing(run: Cli, store_path: Path, imported: Path) -> None:
    drop_notes(store_path)
    before = repo_state(store_path)
    lock = store_path / ".git" / f"{NOTES_REF}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("", encoding="utf-8")
    try:
        result = run("reindex")
    finally:
        lock.unlink()
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert notes_tip(store_path) == ""
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


def test_reindex_refuses_an_unknown_article(run: Cli, store_path: Path, imported: Path) -> None:
    tip = notes_tip(store_path)
    result = run("reindex", "local/nothing-here")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert notes_tip(store_path) == tip


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["check"], ["audit"]])
def test_parallel_output_is_serial_output(
    run: Cli, store_path: Path, imported: Path, command: list[str]
) -> None:
    drop_notes(store_path)  # every pair computed: by this process, then by two workers
    serial = run(*command, "--jobs", "1")
    parallel = run(*command, "--jobs", "2")
    assert serial.exit_code == parallel.exit_code
    assert serial.stdout == parallel.stdout
    assert serial.stdout


def test_feed_and_site_over_two_workers_are_those_of_one(
    run: Cli, store_path: Path, imported: Path
) -> None:
    serial = run("feed", "--jobs", "1")
    parallel = run("feed", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout and "<entry>" in serial.stdout
    sites = {}
    for jobs in ("1", "2"):
        outdir = imported / f"site-{jobs}"
        assert run("site", str(outdir), "--jobs", jobs).exit_code == 0
        sites[jobs] = {
            path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*"))
            if path.is_file()
        }
    assert sites["1"] == sites["2"]
    assert len(sites["1"]) > ARTICLES


def save_text(run: Cli, folder: Path, name: str, text: str, article_id: str = ARTICLE_ID) -> None:
    text = text.replace(f"id: {ARTICLE_ID}\n", f"id: {article_id}\n")
    result = run("save", write(folder, name, text))
    assert result.exit_code == 0, result.stderr


def test_check_reads_the_same_with_and_without_notes_for_late_deleted_and_accepted_notes(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """The rules that need more of a pair than its verdict (a note printed one revision late
    and credited to the change it explains, an in-body note deleted later, an acceptance)
    give the same report whether the pairs' notes are kept, missing or rebuilt."""
    at = "2024-06-19T08:{:02d}:00+01:00".format
    save_text(run, tmp_path, "a1.md", article_text(toll=23))
    save_text(run, tmp_path, "a2.md", article_text(toll=24, updated=at(0)))
    save_text(run, tmp_path, "a3.md", article_text(toll=24, updated=at(10), extra=(GOOD_NOTE,)))
    save_text(run, tmp_path, "a4.md", article_text(toll=24, updated=at(20)))
    other = "local/tremor"
    save_text(run, tmp_path, "b1.md", article_text(toll=23), other)
    save_text(run, tmp_path, "b2.md", article_text(toll=24, updated=at(5)), other)
    accepted = run("accept", other, "r2", "--reason", "24 from the start: r1 had a slip.")
    assert accepted.exit_code == 0, accepted.stderr

    with_notes = run("check", "--format", "json")
    assert with_notes.exit_code == 1
    report = json.loads(with_notes.stdout)
    rules = {(a["id"], f["rule"], f["revision"]) for a in report["articles"] for f in a["findings"]}
    assert (ARTICLE_ID, "late-note", "r2") in rules
    assert (ARTICLE_ID, "correction-deleted", "r4") in rules
    assert not any(article_id == other for article_id, _, _ in rules)
    assert report["summary"]["accepted"] == 1
    text = run("check").stdout

    drop_notes(store_path)
    without = run("check", "--format", "json", "--jobs", "1")
    assert (without.exit_code, without.stdout) == (1, with_notes.stdout)
    assert run("reindex").exit_code == 0
    rebuilt = run("check", "--format", "json")
    assert (rebuilt.exit_code, rebuilt.stdout) == (1, with_notes.stdout)
    assert run("check").stdout == text


def kept_verdict(kept: dict[str, object]) -> str:
    summary = PairSummary.from_json(kept["summary"])
    assert summary is not None
    return summary.verdict


FURNITURE = "\n[furniture.outlets.local]\npatterns = ['^Follow the desk on Mastodon\\b.*$']\n"


def test_a_furniture_setting_shows_in_check_without_reindex(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    """Notes kept under the built-in patterns are not trusted once the store's furniture
    patterns for the outlet change, nor the other way round: check and audit follow the
    settings at once, and reindex rewrites the notes under the patterns in effect."""
    lead = "At least 23 people died when an earthquake struck the town of Harbourside."
    for at, figure in (("2024-06-19 07:00", 12), ("2024-06-19 08:00", 40)):
        promo = f"Follow the desk on Mastodon for {figure} live updates every day."
        text = f"Earthquake strikes coastal town\n\n{lead}\n\n{promo}\n"
        result = run("save", "-", "--id", ARTICLE_ID, "--at", at, input=text)
        assert result.exit_code == 0, result.stderr
    second = commits(store_path, ARTICLE_ID)[1]
    before = note(store_path, second)
    assert kept_verdict(before) == "substantive"

    def verdicts() -> tuple[int, str]:
        checked = run("check")
        rows = json.loads(run("audit", "--format", "json").stdout)
        return checked.exit_code, next(r["verdict"] for r in rows if r["revision"] == "r2")

    assert verdicts() == (1, "substantive")
    config = store_path / "articlediff.toml"
    plain = config.read_text(encoding="utf-8")
    config.write_text(plain + FURNITURE, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "config: furniture")
    assert verdicts() == (0, "minor")
    assert note(store_path, second) == before  # check and audit read; they write no notes

    result = run("reindex", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["computed"] == 2
    after = note(store_path, second)
    assert after["furniture"] != before["furniture"]
    assert kept_verdict(after) == "minor"
    assert verdicts() == (0, "minor")

    config.write_text(plain, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "config: no furniture")
    assert verdicts() == (1, "substantive")


def notes_by_revision(store_path: Path) -> dict[tuple[str, int], str]:
    """Every note's text, by article and revision number (commit ids differ between stores
    that imported the same revisions at different times)."""
    found = {}
    for a in range(ARTICLES):
        article_id = f"local/crane-{a}"
        for number, commit in enumerate(commits(store_path, article_id), 1):
            found[article_id, number] = git(store_path, "notes", "--ref", NOTES_REF, "show", commit)
    return found


def test_import_writes_the_notes_reindex_writes_at_any_jobs(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    result = run("import", str(corpus(tmp_path)), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    imported = notes_by_revision(store_path)
    assert len(imported) == ARTICLES * REVISIONS
    # One notes commit, landed with the revisions, on nothing before it.
    assert git(store_path, "rev-list", "--count", NOTES_REF).strip() == "1"
    drop_notes(store_path)
    assert run("reindex", "--jobs", "1").exit_code == 0
    assert notes_by_revision(store_path) == imported
    other = tmp_path / "other"
    assert Cli(other)("init", str(other)).exit_code == 0
    assert Cli(other)("import", str(corpus(tmp_path)), "--jobs", "1").exit_code == 0
    assert notes_by_revision(other) == imported


def test_a_second_import_adds_its_notes_to_the_first(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    lines = corpus(tmp_path).read_text(encoding="utf-8").splitlines(keepends=True)
    (first / "part.jsonl").write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    assert run("import", str(first / "part.jsonl")).exit_code == 0
    tip = notes_tip(store_path)
    result = run("import", str(corpus(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert git(store_path, "rev-parse", f"{NOTES_REF}~1").strip() == tip
    result = run("reindex", "--json")
    counts = json.loads(result.stdout)
    assert counts["computed"] == 0 and counts["reused"] == ARTICLES * REVISIONS


def test_an_import_whose_notes_cannot_land_writes_nothing(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    assert run("save", write(tmp_path, "r1.md", article_text(toll=23))).exit_code == 0
    before = repo_state(store_path)
    tip = notes_tip(store_path)
    lock = store_path / ".git" / f"{NOTES_REF}.lock"
    lock.write_text("", encoding="utf-8")
    try:
        result = run("import", str(corpus(tmp_path)))
    finally:
        lock.unlink()
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert repo_state(store_path) == before  # no revision landed
    assert notes_tip(store_path) == tip  # and no note
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""
    assert git(store_path, "status", "--porcelain") == ""


def test_an_import_stopped_while_computing_notes_writes_nothing(
    run: Cli, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = repo_state(store_path)

    def stopped(*args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(pairs_module, "summarize_pair", stopped)
    result = run("import", str(corpus(tmp_path)), "--jobs", "1")
    assert result.exit_code == 130
    assert "Traceback" not in result.stderr
    assert repo_state(store_path) == before
    assert notes_tip(store_path) == ""
    assert git(store_path, "for-each-ref", "refs/articlediff").strip() == ""
    assert git(store_path, "status", "--porcelain") == ""
