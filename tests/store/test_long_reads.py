"""``show --at`` and ``log`` on a long history: the same bytes with the per-article cache
and without it, and a lost file still reported the same way (``show --at`` builds and
checks only the revision it names and the latest)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Cli, git
from tests.store.test_cache import blob_at, cache_file, cache_root, drop_cache, git_commits

ARTICLE = "local/long"
OTHER = "local/other"
REVISIONS = 160
START = datetime(2024, 6, 19, 6, 0, tzinfo=UTC)


def feed(path: Path) -> Path:
    """One article saved ``REVISIONS`` times a few minutes apart (each a word more, some
    with a correction note), and another article between them."""
    lines = []
    for index in range(REVISIONS):
        body = " ".join(f"word{k}" for k in range(index + 3))
        text = f"A long story\n\nRescue teams counted {index} dead.\n\n{body}.\n"
        at = START + timedelta(minutes=7 * index)
        lines.append(json.dumps({"id": ARTICLE, "at": at.isoformat(), "text": text}))
        if index % 50 == 0:
            text = f"Another story\n\nThe river rose {index} cm.\n"
            lines.append(json.dumps({"id": OTHER, "at": at.isoformat(), "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def long_story(run: Cli, store_path: Path, tmp_path: Path) -> list[str]:
    result = run("import", str(feed(tmp_path / "feed.jsonl")))
    assert result.exit_code == 0, result.stderr
    commits = git_commits(store_path, ARTICLE)
    assert len(commits) == REVISIONS
    return commits


def refs(commits: list[str]) -> list[str]:
    middle = START + timedelta(minutes=7 * (REVISIONS // 2) + 3)  # between two revisions
    return [
        "published",
        "latest",
        "r1",
        "r80",
        f"r{REVISIONS}",
        commits[42][:10],
        middle.isoformat(),
        (START + timedelta(minutes=7 * 99)).isoformat(),  # exactly at r100
        "2024-06-19 23:59",
        "r999",  # no such revision
        "2024-06-18 12:00",  # before the first
        "soon",  # not a revision
    ]


def reads(
    run: Cli, commits: list[str], uncached: Path | None = None
) -> dict[str, tuple[int, str, str]]:
    """Each read's exit status, output and errors; with ``uncached`` (the store), each
    with no cache at all."""
    commands = [["log", ARTICLE], ["log", ARTICLE, "--json"], ["log", OTHER]]
    for ref in refs(commits):
        commands += [["show", ARTICLE, "--at", ref], ["show", ARTICLE, "--at", ref, "--json"]]
    found = {}
    for args in commands:
        if uncached is not None:
            shutil.rmtree(cache_root(uncached), ignore_errors=True)
        result = run(*args)
        found[" ".join(args)] = (result.exit_code, result.stdout, result.stderr)
    return found


def test_show_at_and_log_are_the_same_with_and_without_the_cache(
    run: Cli, store_path: Path, long_story: list[str]
) -> None:
    assert not cache_file(store_path, ARTICLE).exists()  # an import leaves none
    cold = reads(run, long_story, uncached=store_path)
    assert run("log", ARTICLE).exit_code == 0
    assert cache_file(store_path, ARTICLE).exists()
    assert reads(run, long_story) == cold  # warm
    codes = {name: code for name, (code, _, _) in cold.items()}
    assert codes[f"show {ARTICLE} --at r80"] == 0
    errors = [codes[f"show {ARTICLE} --at {ref}"] for ref in refs(long_story)[-3:]]
    assert errors == [2, 2, 2]
    shown = json.loads(cold[f"show {ARTICLE} --at {refs(long_story)[6]} --json"][1])
    assert (shown["revision"], shown["commit"]) == ("r81", long_story[80])
    assert "counted 80 dead" in shown["body"]
    assert len(cold[f"log {ARTICLE}"][1].splitlines()) == REVISIONS


def lose(store_path: Path, blob: str) -> None:
    """Every object made loose (the import wrote a pack), then ``blob`` deleted."""
    objects = store_path / ".git" / "objects"
    for pack in sorted((objects / "pack").glob("*.pack")):
        moved = store_path.parent / pack.name
        pack.rename(moved)
        pack.with_suffix(".idx").unlink()
        with moved.open("rb") as data:
            subprocess.run(["git", "unpack-objects", "-q"], cwd=store_path, stdin=data, check=True)
    (objects / blob[:2] / blob[2:]).unlink()
    check = subprocess.run(
        ["git", "cat-file", "-e", blob], cwd=store_path, capture_output=True, check=False
    )
    assert check.returncode != 0


def state(store_path: Path) -> tuple[str, str, str, str]:
    """HEAD, the history, the working copy and the refs: what a read must leave alone."""
    return (
        git(store_path, "rev-parse", "HEAD"),
        git(store_path, "log", "--format=%H %s"),
        git(store_path, "status", "--porcelain"),
        git(store_path, "for-each-ref"),
    )


@pytest.mark.parametrize("lost", [79, REVISIONS - 1])  # the revision asked for; the latest
def test_a_lost_file_is_reported_by_show_at_as_before(
    run: Cli, store_path: Path, long_story: list[str], lost: int
) -> None:
    """r80's file (or the latest's) is lost from the object database: ``show --at`` of r80
    stops with the one line a full read gives, exit 3, warm and cold, and changes nothing."""
    assert run("log", ARTICLE).exit_code == 0  # a warm cache
    blob = blob_at(store_path, long_story[lost], ARTICLE)
    lose(store_path, blob)
    before = state(store_path)

    warm = run("show", ARTICLE, "--at", "r80")
    warm_json = run("show", ARTICLE, "--at", "r80", "--json")
    drop_cache(store_path)
    cold = run("show", ARTICLE, "--at", "r80")
    for result in (warm, warm_json, cold):
        assert result.exit_code == 3, result.stderr
        assert result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        number = lost + 1
        assert f"damaged revision {ARTICLE} r{number} ({long_story[lost][:10]}" in line
        assert f"blob {blob[:10]}) is missing from the object database" in line
    assert warm.stderr == cold.stderr
    assert state(store_path) == before


def test_show_at_reads_on_past_a_lost_file_it_does_not_need(
    run: Cli, store_path: Path, long_story: list[str]
) -> None:
    """r20's file is lost: ``log`` lists it as damaged and exits 3, while ``show --at`` of
    r80 reads on (only the revision named and the latest are checked); r20 itself is
    reported."""
    assert run("log", ARTICLE).exit_code == 0
    lose(store_path, blob_at(store_path, long_story[19], ARTICLE))
    log = run("log", ARTICLE)
    assert log.exit_code == 3 and "damaged" in log.stdout.splitlines()[19]
    shown = run("show", ARTICLE, "--at", "r80", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["commit"] == long_story[79]
    lost = run("show", ARTICLE, "--at", "r20")
    assert lost.exit_code == 3
    assert f"damaged revision {ARTICLE} r20 ({long_story[19][:10]}" in lost.stderr
