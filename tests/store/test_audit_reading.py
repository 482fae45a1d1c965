"""Store.revisions_between: one walk of the history for every article."""

from __future__ import annotations

from datetime import datetime

import pytest

from articlediff.common.timeutil import zone
from articlediff.ingest import parse_source
from articlediff.store import Store
from articlediff.store.gitrepo import GitRepo

LONDON = zone("Europe/London")


def save(store: Store, article_id: str, at: str, body: str) -> None:
    article = parse_source(f"Headline\n\n{body}\n".encode(), name="x.txt", tz=LONDON).article
    store.save(article_id, article, at=datetime.fromisoformat(at).replace(tzinfo=LONDON))


def test_window_numbers_and_predecessors(store: Store) -> None:
    save(store, "local/a", "2024-06-19 07:00", "A one.")
    save(store, "local/b", "2024-06-19 07:30", "B one.")
    save(store, "local/a", "2024-06-19 08:00", "A two.")
    save(store, "local/a", "2024-06-19 09:00", "A three.")
    found = store.revisions_between(
        datetime(2024, 6, 19, 7, 30, tzinfo=LONDON), datetime(2024, 6, 19, 8, 0, tzinfo=LONDON)
    )
    assert [(r.article_id, r.label) for r, _ in found] == [("local/b", "r1"), ("local/a", "r2")]
    (b1, b_before), (a2, a_before) = found
    assert b_before is None
    assert a_before is not None and a_before.body == ("A one.",)
    assert a2.article.body == ("A two.",)
    # the same revisions as history() gives
    assert a2 == store.history("local/a")[1]
    assert b1 == store.history("local/b")[0]


def test_everything_and_nothing(store: Store) -> None:
    assert store.revisions_between() == []
    save(store, "local/a", "2024-06-19 07:00", "A one.")
    assert len(store.revisions_between()) == 1
    assert store.revisions_between(datetime(2025, 1, 1, tzinfo=LONDON)) == []


def test_one_git_log_for_many_articles(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in range(6):
        save(store, f"local/a{k}", "2024-06-19 07:00", f"Text {k}.")
        save(store, f"local/a{k}", "2024-06-19 08:00", f"Text {k}, changed.")
    calls: list[str] = []
    original = GitRepo.log_changes

    def counting(self: GitRepo, rev: str, pathspec: str):  # type: ignore[no-untyped-def]
        calls.append(pathspec)
        return original(self, rev, pathspec)

    def no_file_log(*args: object, **kwargs: object) -> None:
        raise AssertionError("per-article git log")

    monkeypatch.setattr(GitRepo, "log_changes", counting)
    monkeypatch.setattr(GitRepo, "file_log", no_file_log)
    found = store.revisions_between(datetime(2024, 6, 19, 8, 0, tzinfo=LONDON))
    assert len(found) == 6 and all(r.label == "r2" for r, _ in found)
    assert calls == ["versions"]
