"""``sync``: two clones share a store through a bare remote and no revision is ever lost."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

import pytest

from articlediff.errors import InputError, StoreError
from articlediff.model import Article, Correction
from articlediff.store import Store, init_store
from articlediff.store.gitrepo import GitRepo
from articlediff.store.sync import sync_store, union_log
from articlediff.store.verify import verify_store
from tests.conftest import git, repo_state


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
        store.save("local/shared", Article("Shared", ("Base text.",)), at=at("07:00"))
        assert sync_store(store).pushed == 2
    b = tmp_path / "b"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(b))
    return remote, a, b


def save(path: Path, article_id: str, body: str, when: str, **options: object) -> None:
    with Store(path) as store:
        outcome = store.save(article_id, Article("Headline", (body,)), at=at(when), **options)  # type: ignore[arg-type]
        assert outcome.revision is not None


def bodies(path: Path, article_id: str) -> list[tuple[str, str]]:
    with Store(path) as store:
        return [
            (revision.at.strftime("%H:%M"), revision.article.body[0])
            for revision in store.history(article_id)
        ]


def sync(path: Path) -> object:
    with Store(path) as store:
        return sync_store(store)


def assert_sound(*paths: Path) -> None:
    for path in paths:
        repo_state(path)  # fsck passes
        with Store(path) as store:
            report = verify_store(store)
            assert report.ok, report.problems
        assert git(path, "status", "--porcelain") == ""


def test_different_articles_both_kept(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, "local/from-a", "Text of a.", "08:00")
    save(b, "local/from-b", "Text of b.", "08:05")
    sync(a)
    outcome = sync(b)
    sync(a)
    assert outcome.reapplied == 1  # type: ignore[attr-defined]
    for path in (a, b):
        assert bodies(path, "local/from-a") == [("08:00", "Text of a.")]
        assert bodies(path, "local/from-b") == [("08:05", "Text of b.")]
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")
    assert_sound(a, b)


def test_same_article_later_side_goes_on_top(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, "local/shared", "A at eight.", "08:00")
    save(b, "local/shared", "B at nine.", "09:00")
    save(b, "local/shared", "B at ten.", "10:00")
    sync(a)
    sync(b)
    sync(a)
    expected = [
        ("07:00", "Base text."),
        ("08:00", "A at eight."),
        ("09:00", "B at nine."),
        ("10:00", "B at ten."),
    ]
    assert bodies(a, "local/shared") == bodies(b, "local/shared") == expected
    assert_sound(a, b)


def test_same_article_interleaved_keeps_every_revision_and_time_order(
    clones: tuple[Path, Path, Path],
) -> None:
    _, a, b = clones
    save(a, "local/shared", "A at nine.", "09:00")  # reaches the remote first
    save(b, "local/shared", "B at eight.", "08:00")
    save(b, "local/shared", "B at half past eight.", "08:30")
    sync(a)
    outcome = sync(b)
    sync(a)
    assert outcome.restored == ["local/shared"]  # type: ignore[attr-defined]
    history = bodies(b, "local/shared")
    assert history == bodies(a, "local/shared")
    # every revision of both sides, none lost; the remote's stay where they were
    assert history[:4] == [
        ("07:00", "Base text."),
        ("09:00", "A at nine."),
        ("08:00", "B at eight."),
        ("08:30", "B at half past eight."),
    ]
    # ... and the text in effect at any time follows revision time: the newest text is A's
    assert history[4] == ("09:00", "A at nine.")
    with Store(b) as store:
        assert store.resolve("local/shared", "2024-06-19T08:15+01:00").article.body == (
            "B at eight.",
        )
        assert store.resolve("local/shared", "2024-06-19T08:45+01:00").article.body == (
            "B at half past eight.",
        )
        assert store.resolve("local/shared", "2024-06-19T09:30+01:00").article.body == (
            "A at nine.",
        )
        assert store.resolve("local/shared", "latest").article.body == ("A at nine.",)
    assert_sound(a, b)


def test_correction_logs_are_united_append_only(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    with Store(a) as store:
        store.save(
            "local/shared",
            Article(
                "Headline",
                ("A fixed.",),
                corrections=(Correction("c1", "correction", at("08:00"), "Correction: A.", "r2"),),
            ),
            at=at("08:00"),
            kind="correction",
        )
    store_b_article = Article(
        "Headline",
        ("B fixed.",),
        corrections=(Correction("c1", "clarification", at("08:30"), "Clarification: B.", "r2"),),
    )
    with Store(b) as store:
        store.save("local/shared", store_b_article, at=at("08:30"), kind="correction")
    sync(a)
    sync(b)
    sync(a)
    with Store(a) as store:
        history = store.history("local/shared")
        logs = [revision.article.corrections for revision in history]
        final = logs[-1]
        assert [entry.id for entry in final] == ["c1", "c2"]
        assert final[1].text == "Clarification: B."
        assert final[1].fixed_in == "r3"  # B's r2 is r3 once A's revision is before it
        for earlier, later in itertools.pairwise(logs):
            assert later[: len(earlier)] == earlier  # append-only all the way
    assert_sound(a, b)


def test_union_log_keeps_both_and_renumbers() -> None:
    moment = at("08:00")
    ours = (Correction("c1", "correction", moment, "Correction: ours.", "r2"),)
    theirs = (Correction("c1", "correction", moment, "Correction: theirs.", "r2"),)
    merged = union_log(theirs, ours, shift_above=1, shift_by=1)
    assert [(entry.id, entry.text, entry.fixed_in) for entry in merged] == [
        ("c1", "Correction: theirs.", "r2"),
        ("c2", "Correction: ours.", "r3"),
    ]
    assert union_log(merged, merged) == merged


def test_same_text_on_both_sides_is_not_repeated(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, "local/shared", "Same new text.", "08:00")
    save(b, "local/shared", "Same new text.", "08:00", note="saved on b too")
    sync(a)
    outcome = sync(b)
    assert outcome.already_there == 1  # type: ignore[attr-defined]
    assert bodies(b, "local/shared") == [("07:00", "Base text."), ("08:00", "Same new text.")]
    assert_sound(a, b)


def test_fast_forward_and_nothing_to_do(clones: tuple[Path, Path, Path]) -> None:
    _, a, b = clones
    save(a, "local/shared", "A at eight.", "08:00")
    sync(a)
    outcome = sync(b)
    assert (outcome.received, outcome.pushed, outcome.reapplied) == (1, 0, 0)  # type: ignore[attr-defined]
    assert (b / "versions/local/shared.md").read_text().endswith("A at eight.\n")
    again = sync(b)
    assert (again.received, again.pushed) == (0, 0)  # type: ignore[attr-defined]
    assert_sound(a, b)


def test_push_rejected_because_the_remote_moved_is_retried(
    clones: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote, a, b = clones
    third = tmp_path / "c"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(third))
    save(b, "local/from-b", "Text of b.", "08:05")
    original = GitRepo.push_branch
    raced = []

    def racing_push(self: GitRepo, remote_name: str, branch: str) -> bool:
        if not raced:  # another clone pushes just before this one
            raced.append(True)
            save(third, "local/from-c", "Text of c.", "08:10")
            sync(third)
        return original(self, remote_name, branch)

    monkeypatch.setattr(GitRepo, "push_branch", racing_push)
    outcome = sync(b)
    assert outcome.attempts == 2  # type: ignore[attr-defined]
    monkeypatch.undo()
    sync(a)
    for path in (a, b):
        assert bodies(path, "local/from-b") == [("08:05", "Text of b.")]
        assert bodies(path, "local/from-c") == [("08:10", "Text of c.")]
    assert_sound(a, b)


def test_empty_remote_receives_the_store(store_path: Path, tmp_path: Path) -> None:
    remote = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(store_path, "remote", "add", "team", str(remote))
    with Store(store_path) as store:
        outcome = sync_store(store, "team")
    assert outcome.pushed == 1
    assert git(remote, "rev-parse", "main") == git(store_path, "rev-parse", "HEAD")


def test_unknown_remote_and_unrelated_store(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path) as store, pytest.raises(InputError, match="no git remote named"):
        sync_store(store, "nowhere")
    other = tmp_path / "other"
    init_store(other, "UTC")[0].close()
    git(store_path, "remote", "add", "origin", str(other))
    before = repo_state(store_path)
    with Store(store_path) as store, pytest.raises(StoreError, match="share no history"):
        sync_store(store)
    assert repo_state(store_path) == before
