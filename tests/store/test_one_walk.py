"""Store-wide reads from one walk of the branch (``Store.reading_many``): every article's
commits read from one ``git log`` of the whole branch say what a ``git log -- path`` per
article says, on a real store with the cases a walk could get wrong (a hand-made commit in
another time zone, one with a message in another encoding, a file deleted by hand, a
hand-made merge), and ``check``, ``feed``, ``site``, ``reindex`` and ``batch`` give the
same results with the walk as without it, with one ``git log`` for the whole store instead
of one per article."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from articlediff.errors import StoreError
from articlediff.store import Store, article_path
from articlediff.store import store as store_module
from tests.conftest import Cli, git
from tests.store.test_cache import cache_root, git_at, hand_commit

ARTICLES = [f"wire{n % 3}/story-{n}" for n in range(9)]


def body(n: int, k: int) -> str:
    return f"Story {n}\n\nRescue teams counted {10 * n + k} dead on day {k}.\n\nMore text {k}.\n"


def import_articles(run: Cli, tmp_path: Path) -> None:
    """Nine articles over three outlets, three revisions each, interleaved, by ``import``."""
    lines = []
    for k in range(3):
        for n, article_id in enumerate(ARTICLES):
            at = f"2024-06-{19 + k}T{6 + n:02d}:00:00+00:00"
            lines.append(json.dumps({"id": article_id, "at": at, "text": body(n, k)}))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", str(feed))
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def store_of_cases(run: Cli, store_path: Path, tmp_path: Path) -> Path:
    """Nine articles over three outlets, three revisions each, interleaved; then by hand: an
    edit dated in another zone, an edit whose message is in Latin-1, a deleted file, and a
    merge of a side branch that edits one article."""
    import_articles(run, tmp_path)
    # Another zone, and a message git keeps in another encoding.
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "1718900000 -0330",
        "GIT_COMMITTER_DATE": "1718900000 +0545",
    }
    path = store_path / article_path(ARTICLES[1])
    path.write_text(path.read_text(encoding="utf-8").replace("More text", "Less text"))
    git(store_path, "add", "--", article_path(ARTICLES[1]), env=env)
    git(store_path, "commit", "-q", "-m", "update: hand edit", env=env)
    hand_commit(store_path, ARTICLES[2], "More text", "Other text", timestamp=1718910000)
    path = store_path / article_path(ARTICLES[3])
    path.write_text(path.read_text(encoding="utf-8").replace("More text", "Café text"))
    git(store_path, "add", "--", article_path(ARTICLES[3]))
    message = "update: caf\xe9\n".encode("latin-1")
    (tmp_path / "message").write_bytes(message)
    latin = ["-c", "i18n.commitEncoding=ISO-8859-1"]
    git(store_path, *latin, "commit", "-q", "-F", str(tmp_path / "message"))
    git_at(store_path, 1718920000, "rm", "-q", "--", article_path(ARTICLES[4]))
    git_at(store_path, 1718920000, "commit", "-q", "-m", "remove by hand")
    git(store_path, "checkout", "-q", "-b", "side")
    hand_commit(store_path, ARTICLES[5], "More text", "Side text", timestamp=1718930000)
    git(store_path, "checkout", "-q", "main")
    hand_commit(store_path, ARTICLES[6], "More text", "Main text", timestamp=1718940000)
    git_at(store_path, 1718950000, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    return store_path


def histories(store_path: Path, *, walk: bool) -> dict[str, tuple[list[Any], list[Any], Any]]:
    """What ``read_history`` gives for every article (and for one that was deleted), from
    a cold cache, with one walk of the branch or a ``git log`` per article."""
    drop_cache(store_path)
    found = {}
    with Store(store_path) as store:
        ids = [*store.article_ids(), ARTICLES[4]]
        with store.reading_many(store_module.ONE_WALK_FROM if walk else 1):
            for article_id in ids:
                read = store.read_history(article_id)
                found[article_id] = (read.revisions, read.damaged, read.blobs)
    return found


def test_one_walk_reads_what_a_log_per_article_reads(store_of_cases: Path) -> None:
    walked = histories(store_of_cases, walk=True)
    assert walked == histories(store_of_cases, walk=False)
    assert len(walked) == len(ARTICLES)  # the deleted article's earlier revisions too
    revisions = walked[ARTICLES[1]][0]
    assert str(revisions[-1].at.utcoffset()) == "-1 day, 20:30:00"  # -03:30, as git keeps it
    assert len(walked[ARTICLES[5]][0]) == 4  # the merge's change


def test_the_walk_keeps_the_store_as_it_was(store_of_cases: Path) -> None:
    before = (
        git(store_of_cases, "rev-parse", "HEAD"),
        git(store_of_cases, "status", "--porcelain"),
    )
    histories(store_of_cases, walk=True)
    assert (
        git(store_of_cases, "rev-parse", "HEAD"),
        git(store_of_cases, "status", "--porcelain"),
    ) == before


def drop_cache(store_path: Path) -> None:
    shutil.rmtree(cache_root(store_path), ignore_errors=True)


def walk_from(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    monkeypatch.setattr(store_module, "ONE_WALK_FROM", count)


def traced_logs(trace: Path) -> int:
    """How many ``git log`` processes the trace file records."""
    if not trace.exists():
        return 0
    count = 0
    for line in trace.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if event.get("event") == "cmd_name" and event.get("name") == "log":
            count += 1
    return count


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--format", "json"],
        ["feed"],
        ["audit", "--since", "2024-01-01"],
    ],
)
def test_store_wide_commands_print_the_same_with_one_walk(
    run: Cli,
    store_of_cases: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    outputs = []
    logs = []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_of_cases)
        trace = tmp_path / f"trace-{walk}-{command[0]}.json"
        monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
        result = run(*command)
        monkeypatch.delenv("GIT_TRACE2_EVENT")
        outputs.append((result.exit_code, result.stdout, result.stderr))
        logs.append(traced_logs(trace))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] in (0, 1), outputs[0][2]
    # A git log per article (the deleted one is not listed), against one walk and one log
    # for the article whose message git keeps in Latin-1 (``commit_entries``); feed reads
    # the commits' claims in two logs (``store.claims``: their trailers, then their dates
    # and messages) and their articles from them, with a log for the Latin-1 one.
    per_article = len(ARTICLES) - 1
    if command[0] == "check":
        assert logs[1] == logs[0] - per_article + 2
    elif command[0] == "feed":
        assert logs == [per_article, 3]


def test_site_is_the_same_with_one_walk(
    run: Cli, store_of_cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_of_cases)
        out = tmp_path / f"site-{walk}"
        result = run("site", str(out))
        assert result.exit_code == 0, result.stderr
        sites.append(
            {
                path.relative_to(out).as_posix(): path.read_bytes()
                for path in sorted(out.rglob("*"))
                if path.is_file()
            }
        )
    assert sites[0] == sites[1]
    assert any(name.endswith(".html") for name in sites[0])


BROKEN = '---\nid: x\nheadline: "unclosed\ncorrections: [\n---\n\nBody text.\n'


def break_article(store_path: Path, article_id: str, timestamp: int) -> None:
    """A hand commit dated ``timestamp`` whose file of ``article_id`` does not parse."""
    (store_path / article_path(article_id)).write_text(BROKEN, encoding="utf-8")
    git_at(store_path, timestamp, "commit", "-q", "-am", "hand edit that breaks the file")


def feeds(
    run: Cli, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[int, str, str]]:
    """``feed --limit 2`` read article by article, then from one walk."""
    found = []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_path)
        result = run("feed", "--limit", "2")
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


def test_feed_with_damage_among_its_articles_reads_every_article(
    run: Cli, store_of_cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest revision does not parse: the feed found from the walk would have it, so
    every article is read as before, with the same feed, damage line and exit status."""
    break_article(store_of_cases, ARTICLES[7], 1719000000)
    before = (
        git(store_of_cases, "rev-parse", "HEAD"),
        git(store_of_cases, "status", "--porcelain"),
    )
    article_by_article, walked = feeds(run, store_of_cases, monkeypatch)
    assert walked == article_by_article
    assert walked[0] == 3
    assert f"damaged revision {ARTICLES[7]} r4" in walked[2]
    assert ARTICLES[7] not in walked[1]
    assert (
        git(store_of_cases, "rev-parse", "HEAD"),
        git(store_of_cases, "status", "--porcelain"),
    ) == before


def test_feed_does_not_look_for_damage_outside_its_articles(
    run: Cli, store_of_cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old revision that does not parse, in an article with no entry in the feed: the
    same feed; read article by article it is reported (exit 3), from the walk it is not
    looked for (``check`` reports it)."""
    break_article(store_of_cases, ARTICLES[0], 1718000000)
    article_by_article, walked = feeds(run, store_of_cases, monkeypatch)
    assert walked[1] == article_by_article[1]
    assert article_by_article[0] == 3 and "damaged revision" in article_by_article[2]
    assert walked[0] == 0 and "damaged revision" not in walked[2]
    check = run("check")
    assert check.exit_code == 3 and f"damaged revision {ARTICLES[0]} r4" in check.stderr


def test_a_walk_git_refuses_is_one_store_error(store_of_cases: Path) -> None:
    """git's own reason, in one line, whether the walk is read to its end or not."""
    with Store(store_of_cases) as store:
        with pytest.raises(StoreError, match=r"^git log failed: fatal: .*no-such-rev"):
            store.git.branch_files("no-such-rev", "versions")
        with pytest.raises(StoreError, match=r"^git log failed: fatal: "):
            list(store.git.walk_changes("no-such-rev", "versions"))
        for walk in (store.git.walk_claims, store.git.walk_commits):  # the trailer walk's
            with pytest.raises(StoreError, match=r"^git log failed: fatal: .*no-such-rev"):
                list(walk("no-such-rev"))
        with pytest.raises(StoreError, match=r"^cannot compare commits with their parents: "):
            store.git.exact_changes([("0" * 40, None)], "versions")
        walk = store.git.walk_changes("HEAD", "versions")
        next(walk)
        walk.close()  # left early: git is stopped and waited for, and nothing is raised


def test_reindex_reads_every_article_from_one_walk(
    run: Cli, store_of_cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reindex`` of a cold store (as right after an import, with the notes gone) computes
    the same notes with one walk as with a ``git log`` per article, with fewer logs."""
    outputs, logs, notes = [], [], []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_of_cases)
        git(store_of_cases, "update-ref", "-d", "refs/notes/articlediff-pairs")
        trace = tmp_path / f"trace-reindex-{walk}.json"
        monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
        result = run("reindex", "--json")
        monkeypatch.delenv("GIT_TRACE2_EVENT")
        outputs.append((result.exit_code, result.stdout, result.stderr))
        logs.append(traced_logs(trace))
        notes.append(git(store_of_cases, "ls-tree", "-r", "refs/notes/articlediff-pairs"))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0, outputs[0][2]
    assert notes[0] == notes[1] and notes[0]
    assert logs[1] < logs[0] - len(ARTICLES) // 2, logs


def test_batch_reads_every_article_from_one_walk(
    run: Cli, store_of_cases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``batch`` of a cold store writes the same rows with one walk as with a ``git log``
    per article, with fewer logs."""
    pytest.importorskip("dask")
    pyarrow = pytest.importorskip("pyarrow.parquet")
    tables, logs = [], []
    for walk in (False, True):
        walk_from(monkeypatch, 1 if walk else 1_000_000)
        drop_cache(store_of_cases)
        out = tmp_path / f"pairs-{walk}.parquet"
        trace = tmp_path / f"trace-batch-{walk}.json"
        monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
        result = run("batch", "-o", str(out), "--workers", "1")
        monkeypatch.delenv("GIT_TRACE2_EVENT")
        assert result.exit_code in (0, 1), result.stderr
        tables.append(pyarrow.read_table(out))
        logs.append(traced_logs(trace))
    assert tables[0].equals(tables[1]) and tables[0].num_rows > 0
    assert logs[1] < logs[0] - len(ARTICLES) // 2, logs


def test_a_store_keeps_a_bounded_number_of_article_caches(
    store_of_cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading every article twice keeps at most ``CACHES_KEPT`` parsed cache files, and
    reads what a store that kept them all reads (an article whose file was let go is read
    again from disk)."""
    histories(store_of_cases, walk=True)  # every article's cache written
    unbounded = []
    bounded = []
    for kept, found in ((1_000, unbounded), (2, bounded)):
        monkeypatch.setattr(store_module, "CACHES_KEPT", kept)
        with Store(store_of_cases) as store:
            ids = store.article_ids()
            for _ in range(2):
                for article_id in ids:
                    read = store.read_history(article_id)
                    found.append((read.revisions, read.damaged, read.blobs))
                    assert len(store._caches) <= kept
    assert bounded == unbounded
    assert len(ids) > 2
