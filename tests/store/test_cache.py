"""The per-article history cache (``store.cache``) on real git repositories.

Whatever the cache holds, ``log`` and ``show`` must say what they say with no cache at all
(the cache folder deleted) and what plain ``git log -- path`` says of the article's commits:
after saves, after the branch moves on, after it moves elsewhere (a rewind, an amend, a
branch switch), after hand commits, and with a damaged or unwritable cache.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from articlediff.store import article_path
from articlediff.store.cache import CACHE_FOLDER, KEY_FILE
from tests.conftest import Cli, git, repo_state
from tests.fsfaults import read_only

ALPHA = "local/alpha"
BRAVO = "local/bravo"
CHARLIE = "wire/charlie"

# Bodies whose word counts are known: each step changes exactly the words named.
BODY_1 = "Rescue teams searched the rubble overnight.\n\nOfficials counted twenty dead."
BODY_2 = "Rescue teams searched the rubble overnight.\n\nOfficials counted twenty-four dead."
BODY_3 = (
    "Rescue teams searched the rubble overnight.\n\nOfficials counted twenty-four dead."
    "\n\nThe mayor declared three days of mourning."
)
JUNE_19_1100_UTC = 1718794800  # 2024-06-19T11:00:00Z, 12:00 in London


# -- helpers ---------------------------------------------------------------------------------


def save(run: Cli, article_id: str, at: str, body: str, headline: str = "Quake") -> dict[str, Any]:
    """Save a plain-text revision through the CLI; its ``save --json`` record."""
    result = run(
        "save", "-", "--id", article_id, "--at", at, "--json", input=f"{headline}\n\n{body}\n"
    )
    assert result.exit_code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    assert record["unchanged"] is False
    return record


def log_json(run: Cli, article_id: str, *options: str) -> list[dict[str, Any]]:
    result = run("log", article_id, "--json", *options)
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def show_json(run: Cli, article_id: str, ref: str) -> dict[str, Any]:
    result = run("show", article_id, "--at", ref, "--json")
    assert result.exit_code == 0, result.stderr
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def cache_root(store_path: Path) -> Path:
    return store_path / ".git" / CACHE_FOLDER


def cache_file(store_path: Path, article_id: str) -> Path:
    return cache_root(store_path) / f"{article_path(article_id)}.json"


def read_cache(store_path: Path, article_id: str) -> dict[str, Any]:
    """What the article's cache file holds, its seal checked."""
    outer = json.loads(cache_file(store_path, article_id).read_bytes())
    assert outer["format"] == 2
    assert outer["mac"] == seal(store_path, article_id, outer["data"])
    data: dict[str, Any] = json.loads(outer["data"])
    return data


def seal(store_path: Path, article_id: str, text: str) -> str:
    """The seal the store puts on a cache file's content (see ``store.cache``)."""
    key = bytes.fromhex((store_path / ".git" / KEY_FILE).read_text(encoding="ascii").strip())
    message = f"articlediff-cache/2\0{article_path(article_id)}\0{text}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def write_sealed(store_path: Path, article_id: str, text: str) -> None:
    """A cache file as only the store (or someone holding the clone's key) could write it."""
    outer = {"format": 2, "mac": seal(store_path, article_id, text), "data": text}
    cache_file(store_path, article_id).write_text(json.dumps(outer), encoding="utf-8")


def drop_cache(store_path: Path) -> None:
    shutil.rmtree(cache_root(store_path))
    assert not cache_root(store_path).exists()


def fresh_log(run: Cli, store_path: Path, article_id: str, *options: str) -> list[dict[str, Any]]:
    """``log`` as it reads with no cache at all: the truth the cached log must equal."""
    drop_cache(store_path)
    return log_json(run, article_id, *options)


def head(store_path: Path) -> str:
    return git(store_path, "rev-parse", "HEAD").strip()


def git_commits(store_path: Path, article_id: str) -> list[str]:
    """The commits plain git says touched the article's file, oldest first."""
    out = git(store_path, "log", "--reverse", "--format=%H", "--", article_path(article_id))
    return out.split()


def blob_at(store_path: Path, commit: str, article_id: str) -> str:
    return git(store_path, "rev-parse", f"{commit}:{article_path(article_id)}").strip()


def git_at(store_path: Path, timestamp: int | None, *args: str) -> str:
    """``git`` with both dates set to ``timestamp``, when given."""
    env = dict(os.environ)
    if timestamp is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{timestamp} +0000"
    return git(store_path, *args, env=env)


def hand_commit(
    store_path: Path,
    article_id: str,
    old: str,
    new: str,
    message: str = "hand edit",
    timestamp: int | None = None,
) -> str:
    """Edit the article's file in the working copy and commit it with plain git."""
    path = article_path(article_id)
    file = store_path / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    git_at(store_path, timestamp, "add", "--", path)
    git_at(store_path, timestamp, "commit", "-q", "-m", message)
    return head(store_path)


def rows(log: list[dict[str, Any]]) -> list[tuple[str, str, int, int, str]]:
    return [
        (row["revision"], row["commit"], row["words_added"], row["words_deleted"], row["headline"])
        for row in log
    ]


@pytest.fixture
def three_articles(run: Cli) -> dict[str, list[str]]:
    """Interleaved saves to three articles; each article's commits, oldest first."""
    commits: dict[str, list[str]] = {ALPHA: [], BRAVO: [], CHARLIE: []}
    for article_id, at, body in (
        (ALPHA, "2024-06-19 07:00", BODY_1),
        (BRAVO, "2024-06-19 07:10", BODY_1),
        (ALPHA, "2024-06-19 08:00", BODY_2),
        (CHARLIE, "2024-06-19 08:30", BODY_2),
        (BRAVO, "2024-06-19 09:00", BODY_3),
        (ALPHA, "2024-06-19 09:30", BODY_3),
    ):
        commits[article_id].append(save(run, article_id, at, body)["commit"])
    return commits


# -- 1. the cached log is the uncached log -------------------------------------------------


def test_log_of_several_articles_equals_the_uncached_log(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    cached = {article_id: log_json(run, article_id) for article_id in three_articles}
    assert git(store_path, "status", "--porcelain") == ""  # the cache lives inside .git
    for article_id in three_articles:
        assert cache_file(store_path, article_id).is_file()
        assert read_cache(store_path, article_id)["tip"] == head(store_path)
    again = {article_id: log_json(run, article_id) for article_id in three_articles}
    assert again == cached  # read entirely from the cache this time (same tip)

    for article_id, commits in three_articles.items():
        assert [row["commit"] for row in cached[article_id]] == commits
        assert commits == git_commits(store_path, article_id)
        assert cached[article_id] == fresh_log(run, store_path, article_id)
        assert cache_file(store_path, article_id).is_file()  # the log wrote it again

    assert [(r[0], r[2], r[3]) for r in rows(cached[ALPHA])] == [
        ("r1", 10, 0),
        ("r2", 1, 1),
        ("r3", 7, 0),
    ]
    assert [(r[0], r[2], r[3]) for r in rows(cached[BRAVO])] == [("r1", 10, 0), ("r2", 8, 1)]
    assert [(r[0], r[2], r[3]) for r in rows(cached[CHARLIE])] == [("r1", 10, 0)]


def test_save_remembers_its_figures_under_the_blob_pair(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    blobs = [blob_at(store_path, commit, ALPHA) for commit in (first, second, third)]
    data = read_cache(store_path, ALPHA)
    figures = {(before, after): rest for before, after, *rest in data["figures"]}
    assert figures == {
        ("", blobs[0]): [10, 0, "Quake"],
        (blobs[0], blobs[1]): [1, 1, "Quake"],
        (blobs[1], blobs[2]): [7, 0, "Quake"],
    }
    # the last save kept the history with its own commit, exactly as git gives it back
    assert data["tip"] == third
    assert [entry[0] for entry in data["entries"]] == [first, second, third]
    shutil.rmtree(store_path / ".git" / CACHE_FOLDER)
    log_json(run, ALPHA)
    assert read_cache(store_path, ALPHA)["entries"] == data["entries"]


READS = {
    "log": ["log", ALPHA, "--json"],
    "show": ["show", ALPHA, "--at", "r2", "--json"],
    "show-time": ["show", ALPHA, "--at", "2024-06-19 08:30", "--json"],
    "diff": ["diff", ALPHA, "--format", "json"],
    "diff-r1-r2": ["diff", ALPHA, "--from", "r1", "--to", "r2", "--format", "plain"],
    "blame": ["blame", ALPHA, "--json"],
    "check": ["check", ALPHA, "--format", "json"],
    "notes": ["notes", ALPHA, "--format", "json"],
}


def outputs(run: Cli) -> dict[str, tuple[int, str]]:
    results = {name: run(*args) for name, args in READS.items()}
    return {name: (result.exit_code, result.stdout) for name, result in results.items()}


def forged(store_path: Path) -> dict[str, Any]:
    """The article's cached history and figures rewritten to tell another story: r1 dated
    2001, r2 left out, r3's note and figures changed; every row well formed."""
    data = read_cache(store_path, ALPHA)
    entries = data["entries"]
    entries[0][1] = "2001-01-01T00:00:00+00:00"
    entries[2][3] = entries[2][3].replace("local/alpha", "local/alpha\n\nforged note", 1)
    data["entries"] = [entries[0], entries[2]]
    for row in data["figures"]:
        row[2:] = [999, 998, "Tampered"]
    return data


def test_a_hand_edited_cache_changes_no_output(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """A cache edited by hand (valid JSON, well-formed rows) no longer matches its seal: every
    read prints the true history, as with no cache at all, and the file is replaced."""
    drop_cache(store_path)
    truth = outputs(run)
    assert truth["log"][0] == 0 and "Tampered" not in truth["log"][1]
    log_json(run, ALPHA)  # a warm cache
    outer = json.loads(cache_file(store_path, ALPHA).read_bytes())
    outer["data"] = json.dumps(forged(store_path))
    cache_file(store_path, ALPHA).write_text(json.dumps(outer), encoding="utf-8")

    for name, args in READS.items():
        result = run(*args)
        assert (result.exit_code, result.stdout) == truth[name], name
    assert "Tampered" not in json.dumps(read_cache(store_path, ALPHA))


def test_a_sealed_cache_that_disagrees_with_git_is_dropped(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """Even a cache sealed with the clone's key (as if the key were known) cannot name a
    blob its commit does not hold: every read checks each revision against git."""
    drop_cache(store_path)
    truth = outputs(run)
    _, second, third = three_articles[ALPHA]
    data = read_cache(store_path, ALPHA)
    data["entries"][1][4] = blob_at(store_path, third, ALPHA)  # r2 claims r3's text
    write_sealed(store_path, ALPHA, json.dumps(data))
    assert outputs(run) == truth
    assert read_cache(store_path, ALPHA)["entries"][1][4] == blob_at(store_path, second, ALPHA)


def test_another_articles_cache_is_not_taken(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """A sealed cache file copied over another article's is refused: the seal covers the
    article's path."""
    drop_cache(store_path)
    truth = outputs(run)
    log_json(run, BRAVO)
    shutil.copyfile(cache_file(store_path, BRAVO), cache_file(store_path, ALPHA))
    assert outputs(run) == truth


def test_a_missing_object_is_reported_with_a_warm_cache(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """r2's file is lost from the object database: every read of the article stops with the
    same one line, exit 3, with the cache warm (figures and all) and without it."""
    second = three_articles[ALPHA][1]
    outputs(run)  # everything cached
    blob = blob_at(store_path, second, ALPHA)
    loose = store_path / ".git" / "objects" / blob[:2] / blob[2:]
    loose.unlink()
    warm = {name: run(*args) for name, args in READS.items()}
    drop_cache(store_path)
    cold = {name: run(*args) for name, args in READS.items()}
    for name in READS:
        for result in (warm[name], cold[name]):
            assert result.exit_code == 3, (name, result.stderr)
            # one line (``check`` adds its summary line before it)
            [line] = [x for x in result.stderr.splitlines() if "damaged revision" in x]
            assert len(result.stderr.strip().splitlines()) == (2 if name == "check" else 1)
            assert (
                f"damaged revision {ALPHA} r2 ({second[:10]}, versions/local/alpha.md)" in line
            ), name
            assert f"blob {blob[:10]}) is missing from the object database" in line, name
        assert warm[name].stderr == cold[name].stderr, name
    # log still lists every revision, the lost one marked
    log = json.loads(warm["log"].stdout)
    assert [row["revision"] for row in log] == ["r1", "r2", "r3"]
    assert "missing from the object database" in log[1]["damaged"]


# -- 2. the branch moves on ------------------------------------------------------------------


def test_a_new_revision_after_a_cached_log(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    log_json(run, ALPHA)
    cached_tip = read_cache(store_path, ALPHA)["tip"]
    saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1, headline="Quake toll revised")
    save(run, BRAVO, "2024-06-19 10:05", BODY_2)  # another article's commit on top
    assert git(store_path, "merge-base", "--is-ancestor", cached_tip, "HEAD") == ""

    log = log_json(run, ALPHA)
    assert [row["revision"] for row in log] == ["r1", "r2", "r3", "r4"]
    assert [row["commit"] for row in log] == git_commits(store_path, ALPHA)
    assert log[-1]["commit"] == saved["commit"]
    assert (log[-1]["words_added"], log[-1]["words_deleted"]) == (1, 8)
    assert log[-1]["headline"] == "Quake toll revised"
    assert (saved["words_added"], saved["words_deleted"]) == (1, 8)
    assert read_cache(store_path, ALPHA)["tip"] == head(store_path)
    assert log == fresh_log(run, store_path, ALPHA)


def test_commits_to_other_articles_leave_the_log_as_it_was(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    before = log_json(run, ALPHA)
    save(run, BRAVO, "2024-06-19 11:00", BODY_1)
    hand_commit(store_path, CHARLIE, "twenty-four", "twenty-five")
    after = log_json(run, ALPHA)
    assert after == before
    assert read_cache(store_path, ALPHA)["tip"] == head(store_path)
    assert after == fresh_log(run, store_path, ALPHA)


def test_window_of_a_cached_log(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    log_json(run, ALPHA)
    save(run, ALPHA, "2024-06-19 10:00", BODY_1)
    window = log_json(run, ALPHA, "--since", "2024-06-19 08:00", "--until", "2024-06-19 09:45")
    assert [(row["revision"], row["words_added"]) for row in window] == [("r2", 1), ("r3", 7)]
    assert window == fresh_log(
        run, store_path, ALPHA, "--since", "2024-06-19 08:00", "--until", "2024-06-19 09:45"
    )
    # figures of the window only were worked out; the rest come when asked for
    assert len(read_cache(store_path, ALPHA)["figures"]) == 2
    full = log_json(run, ALPHA)
    assert [(row["revision"], row["words_added"], row["words_deleted"]) for row in full] == [
        ("r1", 10, 0),
        ("r2", 1, 1),
        ("r3", 7, 0),
        ("r4", 1, 8),
    ]
    assert full == fresh_log(run, store_path, ALPHA)


def test_correct_remembers_its_figures(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    log_json(run, ALPHA)
    note = "Correction: An earlier version of this article misstated the number of dead as 20."
    result = run(
        "correct", ALPHA, "--kind", "correction", "--text", note, "--at", "19/06/2024 10:00"
    )
    assert result.exit_code == 0, result.stderr
    commit = head(store_path)
    pair = [blob_at(store_path, f"{commit}^", ALPHA), blob_at(store_path, commit, ALPHA)]
    assert [*pair, 0, 0, "Quake"] in read_cache(store_path, ALPHA)["figures"]
    log = log_json(run, ALPHA)
    assert [(row["revision"], row["kind"]) for row in log][-1] == ("r4", "correction")
    assert log[-1]["commit"] == commit
    assert log == fresh_log(run, store_path, ALPHA)


# -- 3. the branch moves elsewhere -----------------------------------------------------------


def test_rewind_and_a_different_commit(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    log_json(run, ALPHA)
    assert read_cache(store_path, ALPHA)["tip"] == third
    git(store_path, "reset", "-q", "--hard", first)
    hand = hand_commit(
        store_path, ALPHA, "twenty dead", "nineteen dead", "fix toll by hand", JUNE_19_1100_UTC
    )
    assert git(store_path, "merge-base", "--is-ancestor", first, hand) == ""

    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, hand] == git_commits(store_path, ALPHA)
    assert not {second, third} & {row["commit"] for row in log}
    assert [(row["revision"], row["words_added"], row["words_deleted"]) for row in log] == [
        ("r1", 10, 0),
        ("r2", 1, 1),
    ]
    assert read_cache(store_path, ALPHA)["tip"] == hand
    shown = show_json(run, ALPHA, "latest")
    assert (shown["revision"], shown["commit"]) == ("r2", hand)
    assert "nineteen dead" in shown["body"]
    # the articles first saved after the rewound commit are gone too
    for gone in (BRAVO, CHARLIE):
        result = run("log", gone)
        assert result.exit_code != 0 and "unknown article" in result.stderr

    # a save after the rewind numbers from the history as it now is
    saved = save(run, ALPHA, "2024-06-19 13:00", BODY_3)
    assert (saved["revision"], saved["words_added"], saved["words_deleted"]) == ("r3", 8, 1)
    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, hand, saved["commit"]]
    assert log == fresh_log(run, store_path, ALPHA)


def test_branch_pointed_at_an_older_commit(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, _ = three_articles[ALPHA]
    log_json(run, ALPHA)
    git(store_path, "update-ref", "refs/heads/main", second)
    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, second] == git_commits(store_path, ALPHA)
    assert [row["revision"] for row in log] == ["r1", "r2"]
    assert read_cache(store_path, ALPHA)["tip"] == second
    assert log == fresh_log(run, store_path, ALPHA)


def test_amended_tip(run: Cli, store_path: Path, three_articles: dict[str, list[str]]) -> None:
    first, second, third = three_articles[ALPHA]
    log_json(run, ALPHA)
    file = store_path / article_path(ALPHA)
    file.write_text(file.read_text(encoding="utf-8").replace("mourning", "grief"), "utf-8")
    git(store_path, "commit", "-q", "--amend", "-a", "--no-edit")
    amended = head(store_path)
    assert amended != third

    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, second, amended]
    assert log[-1]["words_added"] == 7
    assert log == fresh_log(run, store_path, ALPHA)
    shown = show_json(run, ALPHA, "r3")
    assert shown["commit"] == amended and "days of grief" in shown["body"]


def test_switching_branches(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    git(store_path, "branch", "other", first)
    main_log = log_json(run, ALPHA)
    git(store_path, "checkout", "-q", "other")
    other = hand_commit(store_path, ALPHA, "Rescue teams", "Volunteers")
    other_log = log_json(run, ALPHA)
    assert [row["commit"] for row in other_log] == [first, other]
    assert (other_log[1]["words_added"], other_log[1]["words_deleted"]) == (1, 2)
    assert other_log == fresh_log(run, store_path, ALPHA)

    git(store_path, "checkout", "-q", "main")
    back = log_json(run, ALPHA)
    assert [row["commit"] for row in back] == [first, second, third]
    assert back == main_log
    assert back == fresh_log(run, store_path, ALPHA)


# -- 4. commits made with plain git ----------------------------------------------------------


def test_hand_commit_is_picked_up_by_log_and_show(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    log_json(run, ALPHA)
    show_json(run, ALPHA, "latest")
    hand = hand_commit(
        store_path, ALPHA, "headline: Quake", "headline: Quake kills 24", "retitle by hand"
    )

    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, second, third, hand]
    assert git_commits(store_path, ALPHA) == [first, second, third, hand]
    assert log[-1]["revision"] == "r4"
    assert log[-1]["kind"] == "update"  # no trailers: the kind is inferred
    assert (log[-1]["words_added"], log[-1]["words_deleted"]) == (0, 0)
    assert log[-1]["headline"] == "Quake kills 24"
    shown = show_json(run, ALPHA, "latest")
    assert (shown["revision"], shown["commit"], shown["headline"]) == ("r4", hand, "Quake kills 24")
    assert log == fresh_log(run, store_path, ALPHA)


def test_hand_commit_deleting_then_restoring_the_file(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    log_json(run, ALPHA)
    path = article_path(ALPHA)
    git(store_path, "rm", "-q", "--", path)
    git(store_path, "commit", "-q", "-m", "drop alpha")
    assert [row["commit"] for row in log_json(run, ALPHA)] == [first, second, third]
    git(store_path, "checkout", "-q", first, "--", path)
    git(store_path, "commit", "-q", "-m", "restore alpha as first published")
    restored = head(store_path)

    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [first, second, third, restored]
    assert (log[-1]["words_added"], log[-1]["words_deleted"]) == (1, 8)
    assert log == fresh_log(run, store_path, ALPHA)


def test_hand_merge_keeps_the_order_of_an_uncached_read(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """A colleague's branch touching the article, merged by hand after a log: cached entries
    plus ``tip..HEAD`` must come out as a full read gives them, along the first parents
    (where the merge's change is one revision and the merged commit is not listed)."""
    start = int(git(store_path, "log", "-1", "--format=%ct").strip())
    git(store_path, "checkout", "-q", "-b", "side")
    side = hand_commit(store_path, ALPHA, "Rescue teams", "Volunteers", "side", start + 100)
    git(store_path, "checkout", "-q", "main")
    mainline = hand_commit(store_path, ALPHA, "mourning", "grief", "main", start + 200)
    log_json(run, ALPHA)
    assert read_cache(store_path, ALPHA)["tip"] == mainline
    git_at(store_path, start + 300, "merge", "-q", "--no-edit", "side")
    assert git(store_path, "rev-parse", "HEAD^2").strip() == side
    merge = head(store_path)

    log = log_json(run, ALPHA)
    fresh = fresh_log(run, store_path, ALPHA)
    assert [row["commit"] for row in fresh][-2:] == [mainline, merge]
    assert side not in [row["commit"] for row in fresh]
    assert log == fresh


# -- 5. a damaged cache ----------------------------------------------------------------------


def _entry_row(store_path: Path, **change: object) -> str:
    row: dict[str, object] = {
        "commit": head(store_path),
        "author": "2024-06-19T07:00:00+01:00",
        "committer": "2024-06-19T07:00:00+01:00",
        "message": "published: local/alpha\n",
        "blob": blob_at(store_path, "HEAD", ALPHA),
    }
    row.update(change)
    return json.dumps([list(row.values())])


DAMAGE: list[Any] = [
    pytest.param(lambda p: b"\xff\xfe\x00garbage\x80", id="garbage-bytes"),
    pytest.param(lambda p: b"", id="empty"),
    pytest.param(lambda p: cache_file(p, ALPHA).read_bytes()[:57], id="truncated"),
    pytest.param(lambda p: b"[1, 2, 3]", id="a-list"),
    pytest.param(lambda p: b'"text"', id="a-string"),
    pytest.param(lambda p: b'{"tip": "x", "entries": []}', id="no-format"),
    pytest.param(
        lambda p: json.dumps({"format": 2, "tip": head(p), "entries": []}).encode(),
        id="format-2",
    ),
    pytest.param(
        lambda p: json.dumps({"format": "1", "tip": head(p), "entries": []}).encode(),
        id="format-as-text",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "tip": 7, "entries": []}).encode(), id="tip-a-number"
    ),
    pytest.param(lambda p: json.dumps({"format": 1, "tip": head(p)}).encode(), id="no-entries"),
    pytest.param(
        lambda p: json.dumps({"format": 1, "tip": head(p), "entries": 5}).encode(),
        id="entries-a-number",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "tip": head(p), "entries": [["a", "b"]]}).encode(),
        id="entry-too-short",
    ),
    pytest.param(
        lambda p: (
            f'{{"format": 1, "tip": "{head(p)}", "entries": '
            f"{_entry_row(p, author='yesterday')}}}".encode()
        ),
        id="entry-bad-date",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "figures": [["", "b", "many", 0, "h"], 3]}).encode(),
        id="figures-bad-rows",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "tip": head(p), "entries": {}}).encode(),
        id="entries-an-object",
    ),
    pytest.param(
        lambda p: (
            f'{{"format": 1, "tip": "{head(p)}", "entries": '
            f"{_entry_row(p, commit=12345)}}}".encode()
        ),
        id="entry-commit-a-number",
    ),
    pytest.param(
        lambda p: (
            f'{{"format": 1, "tip": "{head(p)}", "entries": {_entry_row(p, message=5)}}}'.encode()
        ),
        id="entry-message-a-number",
    ),
    pytest.param(
        lambda p: (
            f'{{"format": 1, "tip": "{head(p)}", "entries": {_entry_row(p, blob=7)}}}'.encode()
        ),
        id="entry-blob-a-number",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "figures": 5}).encode(),
        id="figures-a-number",
    ),
    pytest.param(
        lambda p: json.dumps({"format": 1, "figures": None}).encode(),
        id="figures-null",
    ),
]


def write_damaged(store_path: Path, damage: Callable[[Path], bytes], sealed: bool) -> None:
    """The damaged content as a whole file, or sealed as if the store had written it."""
    content = damage(store_path)
    if sealed:
        write_sealed(store_path, ALPHA, content.decode("utf-8", "replace"))
    else:
        cache_file(store_path, ALPHA).write_bytes(content)


@pytest.mark.parametrize("sealed", [False, True], ids=["unsealed", "sealed"])
@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_cache_is_ignored_and_rewritten(
    run: Cli,
    store_path: Path,
    three_articles: dict[str, list[str]],
    damage: Callable[[Path], bytes],
    sealed: bool,
) -> None:
    truth = fresh_log(run, store_path, ALPHA)
    shown_truth = show_json(run, ALPHA, "r2")
    write_damaged(store_path, damage, sealed)

    log = log_json(run, ALPHA)
    assert log == truth
    assert [row["commit"] for row in log] == three_articles[ALPHA]
    assert [row["words_added"] for row in log] == [10, 1, 7]
    data = read_cache(store_path, ALPHA)  # written afresh: well-formed and sealed again
    assert data["tip"] == head(store_path)
    assert [entry[0] for entry in data["entries"]] == three_articles[ALPHA]
    assert show_json(run, ALPHA, "r2") == shown_truth


@pytest.mark.parametrize("damage", DAMAGE)
def test_save_over_a_damaged_cache(
    run: Cli,
    store_path: Path,
    three_articles: dict[str, list[str]],
    damage: Callable[[Path], bytes],
) -> None:
    write_damaged(store_path, damage, sealed=True)  # a seal that matches: the shape is judged
    saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1)
    assert (saved["revision"], saved["words_added"], saved["words_deleted"]) == ("r4", 1, 8)
    kind = git(store_path, "log", "-1", "--format=%(trailers:key=Revision-Kind,valueonly)")
    assert kind.strip() == "update"  # what the commit itself records
    log = log_json(run, ALPHA)
    assert [row["commit"] for row in log] == [*three_articles[ALPHA], saved["commit"]]
    assert log == fresh_log(run, store_path, ALPHA)


# -- 6. a cache that cannot be written -------------------------------------------------------


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores file modes: chmod cannot make the cache read-only"
)
def test_read_only_cache_folder(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    stale = log_json(run, ALPHA)
    folders = [
        cache_root(store_path),
        *(p for p in cache_root(store_path).rglob("*") if p.is_dir()),
    ]
    for folder in folders:
        folder.chmod(0o555)
    try:
        saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1)
        log = log_json(run, ALPHA)
        assert [row["commit"] for row in log] == [*three_articles[ALPHA], saved["commit"]]
        assert log[:3] == stale
        assert (log[3]["words_added"], log[3]["words_deleted"]) == (1, 8)
        assert read_cache(store_path, ALPHA)["tip"] != head(store_path)  # could not be kept
        assert show_json(run, ALPHA, "r4")["commit"] == saved["commit"]
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert log == fresh_log(run, store_path, ALPHA)


def test_cache_writes_refused(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    """A read-only cache folder (a read-only bind mount, which stops root too): every write
    of the cache fails, and nothing else does."""
    stale = log_json(run, ALPHA)
    before = cache_file(store_path, ALPHA).read_bytes()
    with read_only(cache_root(store_path)):
        saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1)
        hand = hand_commit(store_path, ALPHA, "twenty dead", "twenty-one dead", "hand")
        log = log_json(run, ALPHA)
        assert [row["commit"] for row in log] == [*three_articles[ALPHA], saved["commit"], hand]
        assert log[:3] == stale
        assert [(row["words_added"], row["words_deleted"]) for row in log[3:]] == [(1, 8), (1, 1)]
        assert show_json(run, ALPHA, "r4")["commit"] == saved["commit"]
        assert show_json(run, ALPHA, "latest")["commit"] == hand
        assert cache_file(store_path, ALPHA).read_bytes() == before  # nothing could be kept
    assert log == fresh_log(run, store_path, ALPHA)


def test_a_file_where_the_cache_folder_should_be(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    truth = fresh_log(run, store_path, ALPHA)
    drop_cache(store_path)
    cache_root(store_path).write_bytes(b"not a folder")
    saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1)
    log = log_json(run, ALPHA)
    assert log[:3] == truth
    assert [row["commit"] for row in log] == [*three_articles[ALPHA], saved["commit"]]
    assert (log[3]["words_added"], log[3]["words_deleted"]) == (1, 8)
    assert show_json(run, ALPHA, "r4")["commit"] == saved["commit"]
    assert cache_root(store_path).read_bytes() == b"not a folder"
    cache_root(store_path).unlink()
    assert log == log_json(run, ALPHA)


def test_a_folder_where_the_cache_file_should_be(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    truth = fresh_log(run, store_path, ALPHA)
    file = cache_file(store_path, ALPHA)
    file.unlink()
    file.mkdir()
    saved = save(run, ALPHA, "2024-06-19 10:00", BODY_1)
    log = log_json(run, ALPHA)
    assert log[:3] == truth
    assert [row["commit"] for row in log] == [*three_articles[ALPHA], saved["commit"]]
    assert file.is_dir()


def test_a_failed_cache_write_leaves_no_temporary_file(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    file = cache_file(store_path, ALPHA)
    file.unlink()
    file.mkdir()
    log_json(run, ALPHA)
    leftovers = [p.name for p in file.parent.iterdir() if p.name.startswith(f".{file.name}.")]
    assert leftovers == []


# -- 7. show --at ----------------------------------------------------------------------------


SHOW_REFS = [
    ("r1", "r1"),
    ("r2", "r2"),
    ("r4", "r4"),
    ("published", "r1"),
    ("latest", "r4"),
    ("19/06/2024 07:30", "r1"),
    ("2024-06-19 08:00", "r2"),
    ("2024-06-19T08:40:00Z", "r3"),  # 09:40 in London
    ("2024-06-19 23:59", "r4"),
]


def test_show_at_with_and_without_the_cache(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    first, second, third = three_articles[ALPHA]
    log_json(run, ALPHA)
    # r4: a hand commit on top of the cached tip, its revision time 12:00 in London
    hand = hand_commit(store_path, ALPHA, "mourning", "grief", "hand", JUNE_19_1100_UTC)
    commits = {"r1": first, "r2": second, "r3": third, "r4": hand}
    refs = [*SHOW_REFS, (second[:8], "r2"), (hand[:10], "r4")]

    cached = {ref: show_json(run, ALPHA, ref) for ref, _ in refs}
    assert read_cache(store_path, ALPHA)["tip"] == hand
    for ref, label in refs:
        assert (cached[ref]["revision"], cached[ref]["commit"]) == (label, commits[label]), ref
    assert "days of grief" in cached["latest"]["body"]
    assert "twenty dead" in cached["r1"]["body"]
    assert cached["r4"]["at"] == "2024-06-19T11:00:00+00:00"  # as the commit states it

    drop_cache(store_path)
    for ref, _ in refs:
        assert show_json(run, ALPHA, ref) == cached[ref], ref
    early = run("show", ALPHA, "--at", "2024-06-19 06:59")
    assert early.exit_code != 0 and "did not exist yet" in early.stderr


# -- 8. verify checks the caches ---------------------------------------------------------------


def test_verify_reports_a_forged_cache_and_repair_rebuilds_it(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    log_json(run, ALPHA)
    log_json(run, BRAVO)
    assert run("verify").exit_code == 0
    # a hand edit (the seal no longer matches) and a sealed cache that lists other commits
    outer = json.loads(cache_file(store_path, ALPHA).read_bytes())
    outer["data"] = json.dumps(forged(store_path))
    cache_file(store_path, ALPHA).write_text(json.dumps(outer), encoding="utf-8")
    bravo = read_cache(store_path, BRAVO)
    bravo["entries"] = bravo["entries"][:1]
    write_sealed(store_path, BRAVO, json.dumps(bravo))
    before = repo_state(store_path)

    result = run("verify")
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert (
        "versions/local/alpha.md: cache articlediff/cache/versions/local/alpha.md.json"
        in (lines[0])
    )
    assert "does not match its seal" in lines[0]
    assert "lists other commits than git log" in lines[1]
    assert result.stderr.strip() == (
        "Error: store has 2 problems (6 revisions of 3 articles checked)"
    )

    repaired = run("verify", "--repair")
    assert repaired.exit_code == 0, repaired.stderr
    assert "removed 2 cache files that disagreed with git" in repaired.stderr
    assert not cache_file(store_path, ALPHA).exists()
    assert run("verify").exit_code == 0
    assert log_json(run, ALPHA) == fresh_log(run, store_path, ALPHA)
    assert repo_state(store_path) == before


def test_verify_checks_cached_figures_with_a_fresh_count(
    run: Cli, store_path: Path, three_articles: dict[str, list[str]]
) -> None:
    log_json(run, ALPHA)
    data = read_cache(store_path, ALPHA)
    data["figures"][1][2] += 5  # words added, sealed as if the store had counted it
    write_sealed(store_path, ALPHA, json.dumps(data))
    result = run("verify")
    assert result.exit_code == 3
    assert "holds other word counts for blob" in result.stdout
