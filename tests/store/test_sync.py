"""``sync``: two clones share a store through a bare remote; no revision is ever lost, each
article's revisions end up in revision-time order on both desks, and ``check`` reports only
what the desks did."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

import pytest

from articlediff.app.pairs import furniture_settings, history_keys, kept_summaries, reindex
from articlediff.app.review import check_store
from articlediff.common.furniture import furniture_digest
from articlediff.diff.merge import merge_articles
from articlediff.errors import InputError, StoreError
from articlediff.model import Article, Correction
from articlediff.store import Store, init_store
from articlediff.store.gitrepo import GitRepo
from articlediff.store.identity import identity
from articlediff.store.pairnotes import NOTE_SCHEMA, NOTES_REF
from articlediff.store.sync import SyncOutcome, sync_store
from articlediff.store.verify import verify_store
from tests.conftest import Cli, git, repo_state

STORY = "local/shared"


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2024-06-19T{text}:00+01:00")


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote and two clones of one store (a, which made it, and b)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    a = tmp_path / "a"
    init_store(a, "Europe/London")[0].close()
    git(a, "remote", "add", "origin", str(remote))
    with Store(a) as store:
        store.save(STORY, Article("Shared", ("Base text.",)), at=at("07:00"))
        assert sync_store(store, merge=merge_articles).pushed == 2
    b = tmp_path / "b"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(b))
    return remote, a, b


def save(path: Path, article_id: str, body: str, when: str, **options: object) -> str:
    return save_article(path, article_id, Article("Headline", (body,)), when, **options)


def save_article(
    path: Path, article_id: str, article: Article, when: str, **options: object
) -> str:
    with Store(path) as store:
        outcome = store.save(article_id, article, at=at(when), **options)  # type: ignore[arg-type]
        assert outcome.revision is not None
        return outcome.revision.commit


def bodies(path: Path, article_id: str = STORY) -> list[tuple[str, str]]:
    with Store(path) as store:
        return [
            (revision.at.strftime("%H:%M"), revision.article.body[0])
            for revision in store.history(article_id)
        ]


def sync(path: Path) -> SyncOutcome:
    with Store(path) as store:
        return sync_store(store, merge=merge_articles)


def head(path: Path) -> str:
    return git(path, "rev-parse", "HEAD").strip()


def assert_sound(*paths: Path) -> None:
    """fsck and verify pass, the working copy is clean, and every clone has one history."""
    for path in paths:
        repo_state(path)
        with Store(path) as store:
            report = verify_store(store)
            assert report.ok, report.problems
        assert git(path, "status", "--porcelain") == ""
    assert len({head(path) for path in paths}) == 1


def findings(path: Path) -> list[str]:
    with Store(path) as store:
        report = check_store(store)
    return [f"{f.revision} {f.rule}: {f.message}" for r in report.articles for f in r.findings]


# -- articles only one side changed ----------------------------------------------------------


def test_different_articles_both_kept(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, "local/from-a", "Text of a.", "08:00")
    save(b, "local/from-b", "Text of b.", "08:05")
    sync(a)
    outcome = sync(b)
    sync(a)
    assert (outcome.reapplied, outcome.rewritten, outcome.rebuilt) == (1, 0, [])
    for path in (a, b):
        assert bodies(path, "local/from-a") == [("08:00", "Text of a.")]
        assert bodies(path, "local/from-b") == [("08:05", "Text of b.")]
    assert_sound(a, b)


def test_same_article_later_side_goes_on_top_without_rewriting(
    clones: tuple[Path, Path, Path],
) -> None:
    remote, a, b = clones
    save(a, STORY, "A at eight.", "08:00")
    save(b, STORY, "B at nine.", "09:00")
    save(b, STORY, "B at ten.", "10:00")
    sync(a)
    shared = git(remote, "rev-parse", "main").strip()
    outcome = sync(b)
    assert (outcome.reapplied, outcome.rewritten, outcome.rebuilt) == (2, 0, [STORY])
    assert git(remote, "merge-base", "--is-ancestor", shared, "main") == ""  # a plain push
    sync(a)
    expected = [
        ("07:00", "Base text."),
        ("08:00", "A at eight."),
        ("09:00", "B at nine."),
        ("10:00", "B at ten."),
    ]
    assert bodies(a) == bodies(b) == expected
    assert_sound(a, b)


# -- the same article on both desks, interleaved in time -------------------------------------

DESK_TEXTS = {
    "10:00": ("a", "Desk A wrote this at ten."),
    "10:30": ("b", "Desk B wrote this at half past ten."),
    "11:00": ("a", "Desk A wrote this at eleven."),
    "11:30": ("b", "Desk B wrote this at half past eleven."),
}


@pytest.mark.parametrize("first", ["a", "b"])
def test_show_at_every_quarter_hour_after_interleaved_saves(
    clones: tuple[Path, Path, Path], first: str
) -> None:
    """Desk A saves 10:00 and 11:00, desk B 10:30 and 11:30; whichever syncs first, both
    desks end with one history in which ``show --at`` and ``diff --from`` give the text in
    effect at that time."""
    _, a, b = clones
    desks = {"a": a, "b": b}
    for when, (desk, text) in DESK_TEXTS.items():
        save(desks[desk], STORY, text, when)
    other = "b" if first == "a" else "a"
    sync(desks[first])
    rebuilding = sync(desks[other])
    assert rebuilding.rewritten >= 1 and rebuilding.rebuilt == [STORY]
    assert sync(desks[first]).adopted
    expected_times = ["07:00", *DESK_TEXTS]
    for path in (a, b):
        assert [when for when, _ in bodies(path)] == expected_times
        cli = Cli(path)
        for minutes in range(9 * 60, 12 * 60 + 1, 15):
            moment = f"2024-06-19T{minutes // 60:02d}:{minutes % 60:02d}"
            in_effect = max((w for w in DESK_TEXTS if w <= moment[11:]), default=None)
            text = DESK_TEXTS[in_effect][1] if in_effect else "Base text."
            shown = cli("show", STORY, "--at", moment, "--json")
            assert shown.exit_code == 0, shown.stderr
            assert json.loads(shown.stdout)["body"] == text, moment
        diff = cli(
            "diff", STORY, "--from", "2024-06-19T10:45", "--to", "2024-06-19T11:45",
            "--format", "json",
        )  # fmt: skip
        assert diff.exit_code == 0, diff.stderr
        data = json.loads(diff.stdout)
        assert (data["from"]["revision"], data["to"]["revision"]) == ("r3", "r5")
    assert findings(a) == findings(b)
    assert_sound(a, b)


def test_interleaved_saves_with_syncs_in_between(clones: tuple[Path, Path, Path]) -> None:
    """Each desk syncs after each save, so every sync sees a remote that moved on."""
    _, a, b = clones
    desks = {"a": a, "b": b}
    for when, (desk, text) in DESK_TEXTS.items():
        save(desks[desk], STORY, text, when)
    sync(b)  # B's 10:30 and 11:30 reach the remote first
    save(a, STORY, "Desk A wrote this at noon.", "12:00")
    sync(a)
    save(b, STORY, "Desk B wrote this at a quarter past noon.", "12:15")
    sync(b)
    sync(a)
    times = [when for when, _ in bodies(a)]
    assert times == ["07:00", "10:00", "10:30", "11:00", "11:30", "12:00", "12:15"]
    assert bodies(a) == bodies(b)
    assert_sound(a, b)


def test_a_rewrite_keeps_every_revision_by_identity(clones: tuple[Path, Path, Path]) -> None:
    remote, a, b = clones
    save(b, STORY, "B at half past ten.", "10:30")
    sync(b)
    remote_revisions = {
        identity(record) for record in GitRepo(b).commits(git(b, "rev-list", "HEAD").split())
    }
    save(a, STORY, "A at ten.", "10:00")
    outcome = sync(a)
    assert outcome.rewritten == 1  # B's revision had to move after A's
    rebuilt = GitRepo(a).commits(git(a, "rev-list", "HEAD").split())
    assert remote_revisions <= {identity(record) for record in rebuilt}
    copy = next(r for r in rebuilt if "Original-Commit" in r.message)
    assert git(remote, "rev-parse", "main").strip() == head(a)
    assert sync(b).adopted
    assert_sound(a, b)
    assert copy.sha == head(b)


# -- the text of a revision applied to a text that moved on ----------------------------------

PARAGRAPHS = (
    "Vladimir Putin arrived in Pyongyang for talks with Kim Jong Un.",
    "The two leaders signed a partnership agreement on Wednesday.",
    "The Kremlin spokesman, Dmitry Peskov, said the visit was a success.",
    "Officials in Seoul said they were watching closely.",
)


def story(paragraphs: tuple[str, ...], updated: str, **fields: object) -> Article:
    return Article(
        "Putin visits North Korea",
        paragraphs,
        published=at("07:00"),
        updated=at(updated),
        **fields,  # type: ignore[arg-type]
    )


def with_paragraph(index: int, text: str) -> tuple[str, ...]:
    return tuple(text if n == index else p for n, p in enumerate(PARAGRAPHS))


def shared_story(a: Path, b: Path) -> None:
    """The story published at 07:00 on desk A, and on both desks once synced."""
    save_article(a, "local/putin", story(PARAGRAPHS, "07:00"), "07:00")
    sync(a)
    sync(b)


def test_concurrent_edits_to_different_paragraphs_both_survive(
    clones: tuple[Path, Path, Path],
) -> None:
    """The Peskov case: desk A edits the first paragraph, desk B the last one; after sync
    neither edit is undone and ``check`` finds nothing (before, nothing either)."""
    _, a, b = clones
    shared_story(a, b)
    edit_a = with_paragraph(
        0, "Vladimir Putin arrived in Pyongyang early for talks with Kim Jong Un."
    )
    edit_b = with_paragraph(3, "Officials in Seoul said they were watching the visit closely.")
    save_article(a, "local/putin", story(edit_a, "09:00"), "09:00")
    save_article(b, "local/putin", story(edit_b, "09:30"), "09:30")
    assert findings(a) == findings(b) == []
    sync(b)
    sync(a)
    sync(b)
    with Store(a) as store:
        history = store.history("local/putin")
    assert [r.article.body for r in history] == [
        PARAGRAPHS,
        edit_a,
        (edit_a[0], *PARAGRAPHS[1:3], edit_b[3]),
    ]
    assert [r.article.updated for r in history] == [at("07:00"), at("09:00"), at("09:30")]
    assert findings(a) == findings(b) == []
    assert_sound(a, b)


def test_conflicting_edits_to_the_same_sentence_later_wording_wins(
    clones: tuple[Path, Path, Path],
) -> None:
    _, a, b = clones
    shared_story(a, b)
    triumph = with_paragraph(
        2, "The Kremlin spokesman, Dmitry Peskov, said the visit was a triumph."
    )
    productive = with_paragraph(2, "The Kremlin spokesman, Dmitry Peskov, said it was productive.")
    save_article(b, "local/putin", story(productive, "10:30"), "10:30")
    save_article(a, "local/putin", story(triumph, "10:00"), "10:00")
    sync(b)
    outcome = sync(a)
    assert (outcome.conflicts, outcome.rewritten) == (1, 1)
    sync(b)
    with Store(b) as store:
        history = store.history("local/putin")
    assert [r.article.body[2] for r in history] == [PARAGRAPHS[2], triumph[2], productive[2]]
    message = git(b, "log", "-1", "--format=%B", history[-1].commit)
    assert "Sync-Conflict: body paragraph 3: this revision's wording kept over r2's" in message
    assert_sound(a, b)


def test_corrections_on_both_sides_keep_ids_and_fixed_in(
    clones: tuple[Path, Path, Path],
) -> None:
    """A corrects at 10:00 (c1, fixing its own r2); B edits at 10:20 and corrects at 10:30
    (its c1, fixing its r2). B reaches the remote first, so A's revision goes before B's and
    B's entry becomes c2, fixing r3."""
    _, a, b = clones
    a_cli, b_cli = Cli(a), Cli(b)
    text = "Correction: an earlier version misstated where the talks were held."
    result = a_cli("correct", STORY, "--kind", "correction", "--text", text,
                   "--at", "2024-06-19T10:00+01:00")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    save(b, STORY, "Base text, edited.", "10:20")
    other = "Clarification: an earlier version misstated the time of the edit."
    result = b_cli("correct", STORY, "--kind", "clarification", "--text", other, "--fixes", "r2",
                   "--at", "2024-06-19T10:30+01:00")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sync(b)
    outcome = sync(a)
    assert outcome.rewritten == 2
    sync(b)
    for path in (a, b):
        with Store(path) as store:
            history = store.history(STORY)
        logs = [revision.article.corrections for revision in history]
        assert [(e.id, e.kind, e.text, e.fixed_in) for e in logs[-1]] == [
            ("c1", "correction", text, "r2"),
            ("c2", "clarification", other, "r3"),
        ]
        for earlier, later in itertools.pairwise(logs):
            assert later[: len(earlier)] == earlier  # append-only all the way
        assert [r.at.strftime("%H:%M") for r in history] == ["07:00", "10:00", "10:20", "10:30"]
        assert history[2].article.body == ("Base text, edited.",)
    assert findings(a) == findings(b)
    assert not [line for line in findings(a) if "correction-" in line]
    assert_sound(a, b)


def test_union_of_logs_renumbers_and_remaps_entries(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    entry_a = Correction("c1", "correction", at("08:00"), "Correction: A.", "r2")
    entry_b = Correction("c1", "clarification", at("08:30"), "Clarification: B.", "r2")
    save_article(b, STORY, Article("Headline", ("B fixed.",), corrections=(entry_b,)), "08:30",
                 kind="correction")  # fmt: skip
    save_article(a, STORY, Article("Headline", ("A fixed.",), corrections=(entry_a,)), "08:00",
                 kind="correction")  # fmt: skip
    sync(a)
    sync(b)
    sync(a)
    with Store(a) as store:
        final = store.history(STORY)[-1].article.corrections
    assert [(e.id, e.text, e.fixed_in) for e in final] == [
        ("c1", "Correction: A.", "r2"),
        ("c2", "Clarification: B.", "r3"),
    ]
    assert_sound(a, b)


def test_same_text_on_both_sides_is_not_repeated(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, STORY, "Same new text.", "08:00")
    save(b, STORY, "Same new text.", "08:00", note="saved on b too")
    sync(a)
    outcome = sync(b)
    assert outcome.already_there == 1
    assert bodies(b) == [("07:00", "Base text."), ("08:00", "Same new text.")]
    assert_sound(a, b)


def test_fast_forward_and_nothing_to_do(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, STORY, "A at eight.", "08:00")
    sync(a)
    outcome = sync(b)
    assert (outcome.received, outcome.pushed, outcome.reapplied) == (1, 0, 0)
    assert (b / "versions/local/shared.md").read_text().endswith("A at eight.\n")
    again = sync(b)
    assert (again.received, again.pushed) == (0, 0)
    assert_sound(a, b)


def test_settings_changed_on_both_sides_are_merged(clones: tuple[Path, Path, Path]) -> None:
    """Each desk adds a watch source (a [[watch]] table at the end of articlediff.toml): both
    tables are kept; the result is valid settings."""
    _, a, b = clones
    for path, name in ((a, "desk-a"), (b, "desk-b")):
        added = Cli(path)("watch", "add", name, "--outlet", "local", "--feed",
                          f"https://example.org/{name}.xml")  # fmt: skip
        assert added.exit_code == 0, added.stderr
    sync(a)
    sync(b)
    sync(a)
    for path in (a, b):
        listed = Cli(path)("watch", "list")
        assert "desk-a" in listed.stdout and "desk-b" in listed.stdout, listed.stdout
    assert_sound(a, b)


# -- pushing --------------------------------------------------------------------------------


def test_push_rejected_because_the_remote_moved_is_retried(
    clones: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote, a, b = clones
    third = tmp_path / "c"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(third))
    save(b, "local/from-b", "Text of b.", "08:05")
    original = GitRepo.push_branch
    raced = []

    def racing_push(
        self: GitRepo, remote_name: str, branch: str, lease: str | None = None
    ) -> tuple[str, str]:
        if not raced:  # another clone pushes just before this one
            raced.append(True)
            save(third, "local/from-c", "Text of c.", "08:10")
            sync(third)
        return original(self, remote_name, branch, lease)

    monkeypatch.setattr(GitRepo, "push_branch", racing_push)
    outcome = sync(b)
    assert outcome.attempts == 2
    monkeypatch.undo()
    sync(a)
    for path in (a, b):
        assert bodies(path, "local/from-b") == [("08:05", "Text of b.")]
        assert bodies(path, "local/from-c") == [("08:10", "Text of c.")]
    assert_sound(a, b)


def test_forced_push_with_a_lease_never_overwrites_a_newer_push(
    clones: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's sync must rewrite the remote (its 10:00 goes before B's 10:30), but a third
    clone pushes in between: the lease refuses the forced push, sync starts again, and the
    third clone's revision is kept."""
    remote, a, b = clones
    third = tmp_path / "c"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(third))
    save(b, STORY, "B at half past ten.", "10:30")
    sync(b)
    save(a, STORY, "A at ten.", "10:00")
    original = GitRepo.push_branch
    leases: list[str | None] = []

    def racing_push(
        self: GitRepo, remote_name: str, branch: str, lease: str | None = None
    ) -> tuple[str, str]:
        if self.root != a:
            return original(self, remote_name, branch, lease)
        leases.append(lease)
        if len(leases) == 1:
            sync(third)
            save(third, "local/from-c", "Text of c.", "10:45")
            sync(third)
        return original(self, remote_name, branch, lease)

    monkeypatch.setattr(GitRepo, "push_branch", racing_push)
    outcome = sync(a)
    monkeypatch.undo()
    assert outcome.attempts == 2 and all(leases)
    for path in (b, third):
        sync(path)
    assert bodies(a) == [
        ("07:00", "Base text."),
        ("10:00", "A at ten."),
        ("10:30", "B at half past ten."),
    ]
    assert bodies(a, "local/from-c") == [("10:45", "Text of c.")]
    assert_sound(a, b, third)


def test_a_rebuild_whose_push_failed_is_finished_by_the_next_sync(
    clones: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The network drops after the clone moved to the rebuilt history: the remote is as it
    was, and the next sync (here after one more save) pushes without repeating anything."""
    remote, a, b = clones
    save(b, STORY, "B at half past ten.", "10:30")
    sync(b)
    shared = git(remote, "rev-parse", "main").strip()
    save(a, STORY, "A at ten.", "10:00")

    def dropped(
        self: GitRepo, remote_name: str, branch: str, lease: str | None = None
    ) -> tuple[str, str]:
        raise StoreError("cannot push to origin: the connection dropped")

    monkeypatch.setattr(GitRepo, "push_branch", dropped)
    with pytest.raises(StoreError, match="connection dropped"):
        sync(a)
    monkeypatch.undo()
    assert git(remote, "rev-parse", "main").strip() == shared
    assert [w for w, _ in bodies(a)] == ["07:00", "10:00", "10:30"]  # rebuilt locally
    save(a, STORY, "A at eleven.", "11:00")
    assert sync(a).pushed == 3
    sync(b)
    expected = ["Base text.", "A at ten.", "B at half past ten.", "A at eleven."]
    assert [text for _, text in bodies(b)] == expected
    assert_sound(a, b)


def test_a_remote_branch_left_locked_is_named(
    clones: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A push killed on a folder remote can leave its branch's lock file: sync retries (a
    running push finishes in moments), then names the file; once it is gone, sync works."""
    remote, a, b = clones
    monkeypatch.setattr("articlediff.store.sync.time.sleep", lambda seconds: None)
    lock = remote / "refs" / "heads" / "main.lock"
    lock.write_text(git(remote, "rev-parse", "main"))
    save(a, "local/from-a", "Text of a.", "08:00")
    local = head(a)
    with pytest.raises(StoreError) as raised:
        sync(a)
    message = str(raised.value)
    assert message.startswith("cannot push to origin: its branch is locked (")
    assert "main.lock exists); another push is running there, or one was stopped" in message
    assert head(a) == local
    lock.unlink()
    assert sync(a).pushed == 1
    sync(b)
    assert_sound(a, b)


def test_host_refusing_forced_pushes_keeps_its_history(clones: tuple[Path, Path, Path]) -> None:
    remote, a, b = clones
    git(remote, "config", "receive.denyNonFastForwards", "true")
    save(b, STORY, "B at half past ten.", "10:30")
    sync(b)
    shared = git(remote, "rev-parse", "main").strip()
    save(a, STORY, "A at ten.", "10:00")
    outcome = sync(a)
    assert outcome.kept_remote and outcome.rewritten == 0
    assert git(remote, "merge-base", "--is-ancestor", shared, "main") == ""
    sync(b)
    assert bodies(a) == bodies(b)
    assert sorted(text for _, text in bodies(a)) == [
        "A at ten.",
        "B at half past ten.",
        "Base text.",
    ]
    assert_sound(a, b)


def test_a_push_the_host_refuses_is_one_line_and_keeps_the_clone(
    clones: tuple[Path, Path, Path],
) -> None:
    remote, a, _ = clones
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the archive is read-only today' >&2\nexit 1\n")
    hook.chmod(0o755)
    save(a, "local/from-a", "Text of a.", "08:00")
    before = repo_state(a)
    result = Cli(a)("sync")
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: cannot push to origin: the host refused the push (pre-receive hook declined)\n"
    )
    assert repo_state(a) == before


def test_empty_remote_receives_the_store(store_path: Path, tmp_path: Path) -> None:
    remote = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(store_path, "remote", "add", "team", str(remote))
    with Store(store_path) as store:
        outcome = sync_store(store, "team", merge=merge_articles)
    assert outcome.pushed == 1
    assert git(remote, "rev-parse", "main") == git(store_path, "rev-parse", "HEAD")


def test_unknown_remote_and_unrelated_store(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path) as store, pytest.raises(InputError, match="no git remote named"):
        sync_store(store, "nowhere", merge=merge_articles)
    other = tmp_path / "other"
    init_store(other, "UTC")[0].close()
    git(store_path, "remote", "add", "origin", str(other))
    before = repo_state(store_path)
    with Store(store_path) as store, pytest.raises(StoreError, match="share no history"):
        sync_store(store, merge=merge_articles)
    assert repo_state(store_path) == before


# -- merges by hand --------------------------------------------------------------------------


def test_hand_merge_is_read_along_first_parents_reported_and_undone(
    clones: tuple[Path, Path, Path],
) -> None:
    _, a, b = clones
    save(a, "local/from-a", "Text of a.", "08:00")
    sync(a)
    save(b, STORY, "B at nine.", "09:00")
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    merge = head(b)
    cli = Cli(b)
    log = json.loads(cli("log", "local/from-a", "--json").stdout)
    assert [row["commit"] for row in log] == [merge]  # the merge brings it: one revision
    verified = cli("verify")
    assert verified.exit_code == 3
    [line] = [line for line in verified.stdout.splitlines() if "merge commit" in line]
    first = git(b, "rev-parse", "HEAD^1").strip()
    assert line.startswith(merge[:10]) and f"git reset --keep {first[:10]}" in line
    before = repo_state(b)
    refused = cli("sync")
    assert refused.exit_code == 3 and len(refused.stderr.strip().splitlines()) == 1
    assert f"commit {merge[:10]} is a merge" in refused.stderr
    assert repo_state(b) == before
    git(b, "reset", "-q", "--keep", first)
    assert cli("sync").exit_code == 0
    sync(a)
    assert bodies(b, "local/from-a") == [("08:00", "Text of a.")]
    assert_sound(a, b)


@pytest.mark.parametrize(
    "command",
    [
        ("save", "-", "--id", STORY),
        ("correct", STORY, "--kind", "correction", "--text", "Correction: a misstated name."),
        ("sync",),
        ("import", "{folder}"),
    ],
)
def test_writes_refuse_in_the_middle_of_a_merge(
    clones: tuple[Path, Path, Path], tmp_path: Path, command: tuple[str, ...]
) -> None:
    _, a, b = clones
    save(a, STORY, "A at eight.", "08:00")
    sync(a)
    save(b, STORY, "B at nine.", "09:00")
    pulled = __import__("subprocess").run(
        ["git", "pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
        cwd=b, capture_output=True, text=True,
    )  # fmt: skip
    assert pulled.returncode != 0 and (b / ".git" / "MERGE_HEAD").exists()
    folder = tmp_path / "in" / "local" / "other"
    folder.mkdir(parents=True)
    (folder / "r1.md").write_text(
        "---\nheadline: Other\nupdated: '2024-06-19T12:00:00+01:00'\n---\n\nText.\n"
    )
    before = (head(b), git(b, "status", "--porcelain"))
    args = [part.format(folder=tmp_path / "in") for part in command]
    result = Cli(b)(*args, input="Headline\n\nNew text.\n")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "Error: the store is in the middle of a git merge (.git/MERGE_HEAD): finish it "
        "('git merge --continue') or undo it ('git merge --abort') first"
    ]
    assert (head(b), git(b, "status", "--porcelain")) == before


# -- the pair notes: a clone gets them, two clones' notes are united, a note from a remote is
# believed no more than a local one, and a sync that fails leaves both sides' notes as they were


def noted(path: Path) -> dict[str, str]:
    """Every note of the clone at ``path``: its text by the commit it is attached to."""
    listed = git(path, "for-each-ref", NOTES_REF).strip()
    if not listed:
        return {}
    found = {}
    for line in git(path, "notes", "--ref", NOTES_REF, "list").splitlines():
        blob, commit = line.split()
        found[commit] = git(path, "cat-file", "blob", blob)
    return found


def note_tip(path: Path) -> str:
    return git(path, "for-each-ref", "--format=%(objectname)", NOTES_REF).strip()


def reindexed(path: Path) -> int:
    with Store(path) as store:
        return reindex(store, jobs=1).written


def synced(path: Path) -> tuple[int, bool]:
    with Store(path) as store:
        outcome = sync_store(store, merge=merge_articles)
    return outcome.notes_received, outcome.notes_pushed


def test_a_clone_gets_the_notes(clones: tuple[Path, Path, Path]) -> None:
    remote, a, b = clones
    assert reindexed(a) == 1
    assert synced(a) == (0, True)
    assert note_tip(remote) == note_tip(a)
    assert noted(b) == {}  # git clone leaves notes behind
    assert synced(b) == (1, False)
    assert noted(b) == noted(a) and len(noted(b)) == 1
    result = Cli(b)("reindex", "--json")
    assert json.loads(result.stdout)["reused"] == 1  # b uses what a computed


def test_notes_of_both_clones_are_united(clones: tuple[Path, Path, Path]) -> None:
    remote, a, b = clones
    assert reindexed(a) == 1 and synced(a) == (0, True)
    save(a, "local/from-a", "Text of a.", "08:00")
    save(b, "local/from-b", "Text of b.", "08:30")
    assert reindexed(a) == 1
    assert reindexed(b) == 2  # the shared revision's note is not fetched yet
    ours_a, ours_b = noted(a), noted(b)
    assert synced(a)[1]
    assert synced(b) == (1, True)  # a's note of local/from-a; the shared note both had
    united = noted(b)
    assert set(united) == set(ours_a) | set(ours_b)
    assert note_tip(remote) == note_tip(b)
    assert synced(a)[0] == 1  # b's note of local/from-b
    assert noted(a) == united
    for path in (a, b):
        repo_state(path)  # fsck passes
        assert git(path, "status", "--porcelain") == ""


def test_a_note_from_a_remote_is_not_believed(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(b, "local/from-b", "At least 23 people were hurt.", "08:00")
    save(b, "local/from-b", "At least 24 people were hurt.", "08:30")
    commit = git(b, "log", "-1", "--format=%H").strip()
    with Store(b) as store:
        fine = sync_store(store, merge=merge_articles)
    assert fine.pushed == 2
    # A clone pushes a note that calls the pair minor, under another pair's key.
    forged = {
        "schema": NOTE_SCHEMA,
        "old_blob": "0" * 40,
        "new_blob": "1" * 40,
        "furniture": "0" * 16,
        "rules_version": 1,
        "summary": {"verdict": "minor"},
    }
    git(
        b, "-c", "user.name=Other", "-c", "user.email=other@example.invalid",
        "notes", "--ref", NOTES_REF, "add", "-f", "-m", json.dumps(forged), commit,
    )  # fmt: skip
    git(b, "push", "-q", "origin", f"{NOTES_REF}:{NOTES_REF}")
    assert synced(a) == (1, False)
    assert json.loads(noted(a)[commit]) == forged  # kept as it came, and not believed:
    with Store(a) as store:
        read = store.read_history("local/from-b")
        patterns = furniture_settings(store).for_article("local/from-b")
        keys = history_keys(read, furniture_digest(patterns))
        assert kept_summaries(store, keys) == {}
    result = Cli(a)("reindex", "--json")
    counts = json.loads(result.stdout)
    assert counts["computed"] == counts["written"] == 3  # a had no note it believed
    assert json.loads(noted(a)[commit])["new_blob"] != forged["new_blob"]
    result = Cli(a)("check", "local/from-b")
    assert result.exit_code == 1  # the changed figure, with no correction note
    assert "23" in result.stdout and "24" in result.stdout


def test_a_sync_that_fails_changes_no_notes(clones: tuple[Path, Path, Path]) -> None:
    remote, a, b = clones
    assert reindexed(b) == 1 and synced(b) == (0, True)
    save(a, "local/from-a", "Text of a.", "08:00")
    assert reindexed(a) == 2
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the archive is read-only today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before, notes_before, remote_notes = repo_state(a), noted(a), note_tip(remote)
    result = Cli(a)("sync")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert repo_state(a) == before
    assert noted(a) == notes_before
    assert note_tip(remote) == remote_notes
    assert git(a, "for-each-ref", "refs/notes/remotes").strip() == ""
    assert git(a, "status", "--porcelain") == ""
    hook.unlink()
    assert synced(a) == (0, True)  # the next sync carries them
    assert set(noted(remote)) == set(notes_before)
