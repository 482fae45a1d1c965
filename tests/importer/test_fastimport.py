"""The fast-import path: same bytes as a save, and a killed import loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from articlediff.ingest import dump_article
from articlediff.model import Article, Correction
from articlediff.store import Store
from articlediff.store.fastimport import import_revisions
from articlediff.store.importplan import IncomingRevision, blob_id, dump_content
from tests.conftest import git, repo_state

AT = datetime(2024, 6, 19, 7, 38, tzinfo=UTC)


@pytest.mark.parametrize(
    "article",
    [
        Article("Headline", ("One.", "Two\nlines.", "  ", "Three.")),
        Article(
            "Quoted: 'yes'",
            ("Body.",),
            standfirst="Stand",
            byline="A. Writer",
            published=AT,
            updated=AT,
            url="https://example.org/a",
            captions=("Cap (Agency)",),
            corrections=(Correction("c1", "correction", AT, "Fixed a name.", "r2"),),
        ),
    ],
)
def test_dump_content_is_dump_article(article: Article) -> None:
    assert dump_content(article, "local/a") == dump_article(article, "local/a").encode()


def test_blob_id_matches_git(store_path: Path) -> None:
    data = b"---\nid: local/a\n---\n"
    found = (
        subprocess.run(
            ["git", "hash-object", "--stdin"], input=data, capture_output=True, cwd=store_path
        )
        .stdout.decode()
        .strip()
    )
    assert blob_id(data) == found


def test_library_import_orders_and_skips(store: Store) -> None:
    def rev(hour: int, text: str) -> IncomingRevision:
        return IncomingRevision(
            Article("Title", (text,)), at=AT.replace(hour=hour), origin=f"r{hour}"
        )

    outcome = import_revisions(
        store, {"local/a": [rev(12, "Later."), rev(9, "First."), rev(10, "First.")]}
    )
    assert [(r.number, r.at.hour, r.kind) for r in outcome.written] == [
        (1, 9, "published"),
        (2, 12, "update"),
    ]
    assert outcome.unchanged == 1
    history = store.history("local/a")
    assert [r.article.body for r in history] == [("First.",), ("Later.",)]
    assert [r.commit for r in history] == [r.commit for r in outcome.written]


KILLABLE_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from articlediff.store import fastimport, gitrepo
    from articlediff.cli import cli

    marker, stage = Path(sys.argv[1]), sys.argv[2]
    owner = fastimport._FastImport if stage == "commit" else (
        gitrepo.GitRepo if stage == "move_refs" else fastimport
    )
    original = getattr(owner, stage)
    calls = []

    def pause_then_continue(*args, **kwargs):
        calls.append(1)
        if stage != "commit" or len(calls) == 40:
            marker.write_text("reached")
            time.sleep(60)  # killed here
        return original(*args, **kwargs)

    setattr(owner, stage, pause_then_continue)
    cli(sys.argv[3:], prog_name="articlediff")
    """
)


@pytest.mark.parametrize(
    ("stage", "lands"),
    [
        ("commit", False),  # fast-import running, half the stream sent
        ("move_refs", False),  # everything written to the temporary ref, branch not moved
        ("_sync_worktree", True),  # branch moved, working copy not yet refreshed
    ],
)
def test_import_killed_half_way_loses_nothing(
    store_path: Path, tmp_path: Path, stage: str, lands: bool
) -> None:
    with Store(store_path) as store:
        store.save("local/a", Article("Headline", ("First text.",)), at=AT)
    before_head, before_log = repo_state(store_path)
    source = tmp_path / "feed.jsonl"
    source.write_text(
        "".join(
            f'{{"id": "local/n{index}", "at": "2024-06-20T{index % 24:02d}:00Z", '
            f'"text": "Headline {index}\\n\\nText {index}."}}\n'
            for index in range(80)
        )
    )
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLABLE_IMPORT,
            str(marker),
            stage,
            "--store",
            str(store_path),
            "import",
            str(source),
        ],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(0.2)  # let an orphaned fast-import see the end of its input

    head, log = repo_state(store_path)  # fsck passes
    with Store(store_path) as store:
        assert [r.article.body for r in store.history("local/a")] == [("First text.",)]
        imported = [i for i in store.article_ids() if i.startswith("local/n")]
    if lands:
        assert len(imported) == 80
        assert log.endswith(before_log)
    else:
        assert (head, log) == (before_head, before_log)
        assert imported == []
    # the lock died with its holder; the next import finishes the job and tidies up
    result = subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store_path), "import", str(source)],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    with Store(store_path) as store:
        assert len([i for i in store.article_ids() if i.startswith("local/n")]) == 80
    refs = git(store_path, "for-each-ref", "--format=%(refname)").split()
    # No temporary ref; the pair notes are there when the second import wrote revisions.
    assert refs[0] == "refs/heads/main"
    assert set(refs) <= {"refs/heads/main", "refs/notes/articlediff-pairs"}
    repo_state(store_path)
