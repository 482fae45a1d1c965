"""The branch read from its commits' trailers (``store.claims``): a trailer is a claim, and
none of the commits below gets through wrong or missing (what the checks cannot see is
written in ``store.claims``). On real stores with the commits a trailer gets
wrong — a hand-made commit with none, one with a false trailer, one changing two articles
under one trailer, an article deleted and saved again, a merge kept by ``sync`` — every
article's commits from the claims are those ``git log -- path`` gives (or the claims say
they cannot tell, and the log is read), every revision of the walk is the exact walk's once
the claims hold, and ``feed`` prints what it prints article by article."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articlediff.diff.merge import merge_articles
from articlediff.store import Store, article_path
from articlediff.store.sync import sync_store
from tests.conftest import Cli, git, repo_state
from tests.store.test_cache import git_at, hand_commit
from tests.store.test_one_walk import ARTICLES, drop_cache, import_articles, walk_from
from tests.store.test_sync import at, clones, save

__all__ = ["clones"]  # the fixture, used here

RECENT = 1719000000  # after every imported revision
OLD = 1718000000  # before every imported revision


def edit(store_path: Path, article_id: str, old: str, new: str) -> None:
    path = store_path / article_path(article_id)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    git(store_path, "add", "--", article_path(article_id))


def trailer_message(article_id: str) -> str:
    return f"update: {article_id}\n\nArticle-Id: {article_id}\nRevision-Kind: update\n"


def no_trailer(store_path: Path, when: int) -> None:
    """A hand-made commit changing an article, with no trailer."""
    hand_commit(store_path, ARTICLES[2], "More text", "Hand text", timestamp=when)


def false_trailer(store_path: Path, when: int) -> None:
    """A commit whose trailer names an article it does not change (it changes another)."""
    edit(store_path, ARTICLES[3], "More text", "Other text")
    git_at(store_path, when, "commit", "-q", "-m", trailer_message(ARTICLES[0]))


def two_articles(store_path: Path, when: int) -> None:
    """One commit changing two articles, its trailer naming one of them."""
    edit(store_path, ARTICLES[4], "More text", "Both text")
    edit(store_path, ARTICLES[5], "More text", "Both text")
    git_at(store_path, when, "commit", "-q", "-m", trailer_message(ARTICLES[4]))


def deleted_and_saved_again(store_path: Path, when: int) -> None:
    """An article removed by hand, then saved again as a store commit (trailer and all)."""
    path = article_path(ARTICLES[6])
    kept = (store_path / path).read_text(encoding="utf-8")
    git_at(store_path, when, "rm", "-q", "--", path)
    git_at(store_path, when, "commit", "-q", "-m", "remove by hand")
    source = store_path.parent / "again.md"
    source.write_text(kept.replace("More text", "Again text"), encoding="utf-8")
    again = datetime.fromtimestamp(RECENT + 600, UTC).isoformat()
    saved = Cli(store_path)("save", str(source), "--id", ARTICLES[6], "--at", again)
    assert saved.exit_code == 0, saved.stderr


CASES: dict[str, Callable[[Path, int], None]] = {
    "no-trailer": no_trailer,
    "false-trailer": false_trailer,
    "two-articles": two_articles,
    "deleted-and-saved-again": deleted_and_saved_again,
}
REVISIONS_ADDED = {"no-trailer": 1, "false-trailer": 1, "two-articles": 2}
HOLD = {"no-trailer": True, "false-trailer": False, "two-articles": False}
BROKEN_CHAINS = {  # the articles whose chain a case breaks: their log is read from git
    "no-trailer": set(),
    "false-trailer": {ARTICLES[0], ARTICLES[3]},
    "two-articles": {ARTICLES[5]},
    "deleted-and-saved-again": set(),
}


def compare_with_git(store_path: Path) -> tuple[bool, set[str]]:
    """Whether the claims hold for every commit (and then every revision of the walk is
    the exact walk's), and the articles whose chain broke; every article whose chain holds
    has the commits ``git log -- path`` gives, deleted ones too."""
    with Store(store_path) as store:
        claimed = list(store.every_revision())
        holds = store.claims_hold(None)
        exact = list(store.every_revision(exact=True))
        if holds:
            assert claimed == exact
        claims = store._claims
        assert claims is not None
        head = git(store_path, "rev-parse", "HEAD").strip()
        broken = set()
        for article_id in sorted({*store.article_ids(), *ARTICLES}):
            path = article_path(article_id)
            logged = claims.file_log(path)
            if logged is None:
                broken.add(article_id)
            else:
                assert logged == store.git.file_log(path, head), article_id
    return holds, broken


@pytest.mark.parametrize("when", [RECENT, OLD], ids=["recent", "old"])
@pytest.mark.parametrize("case", list(CASES))
def test_claims_say_what_git_says_or_that_they_cannot(
    run: Cli, store_path: Path, tmp_path: Path, case: str, when: int
) -> None:
    import_articles(run, tmp_path)
    with Store(store_path) as store:  # a store written by articlediff: every claim holds
        assert len(list(store.every_revision())) == 3 * len(ARTICLES)
        assert store.claims_hold(None)
    assert compare_with_git(store_path) == (True, set())
    CASES[case](store_path, when)
    holds, broken = compare_with_git(store_path)
    assert holds == HOLD.get(case, True)
    assert broken == BROKEN_CHAINS[case]


def feeds(
    run: Cli, store_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str
) -> list[tuple[int, str, str]]:
    """``feed`` read article by article (each article's ``git log``), then from the
    claims, each from a cold cache; the store as it was after each."""
    found = []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_path)
        before = repo_state(store_path)
        result = run("feed", *options)
        assert repo_state(store_path) == before
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


@pytest.mark.parametrize(
    ("when", "limit"), [(RECENT, "3"), (OLD, "3"), (RECENT, "100")], ids=["recent", "old", "all"]
)
@pytest.mark.parametrize("case", list(CASES))
def test_feed_from_the_claims_is_the_feed_read_article_by_article(
    run: Cli,
    store_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    when: int,
    limit: str,
) -> None:
    import_articles(run, tmp_path)
    CASES[case](store_path, when)
    by_article, claimed = feeds(run, store_path, monkeypatch, "--limit", limit)
    assert claimed == by_article
    assert claimed[0] == 0, claimed[2]
    revisions = 3 * len(ARTICLES) + REVISIONS_ADDED.get(case, 1)
    assert claimed[1].count("<entry>") == min(int(limit), revisions)


def test_a_merge_kept_by_sync(
    clones: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merge made on the remote's side (a ``git pull`` pushed by hand) is kept by
    ``sync``, with this clone's revisions after it: git says what the merge changed, and
    the feed and every article's commits are what git gives."""
    _, a, b = clones
    for n in range(3):
        save(a, f"local/from-a-{n}", f"Text {n} of a.", f"08:0{n}")
    assert Cli(a)("sync").exit_code == 0
    save(b, "local/shared", "B at nine.", "09:00")
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    git(b, "push", "-q", "origin", "main")
    save(a, "local/from-a-0", "A again at ten.", "10:00")
    with Store(a) as store:
        assert sync_store(store, merge=merge_articles).pushed
    assert git(a, "rev-list", "--merges", "HEAD").strip()  # the merge is on a's branch
    assert compare_with_git(a) == (True, set())
    with Store(a) as store:
        assert [r.at for r in store.every_revision()][-1] == at("10:00")
    found = []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(a)
        result = Cli(a)("feed")
        found.append((result.exit_code, result.stdout, result.stderr))
    assert found[0] == found[1] and found[0][0] == 0
    assert found[0][1].count("<entry>") == 6
