"""The watch command: add/list/remove as config commits, --once, --json, errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from articlediff.store import Store
from articlediff.store.watchstate import watch_lock
from tests.conftest import Cli, git, repo_state
from tests.watch.outlet import Outlet, Resource, rss

LEAD = "The harbour bridge will close for three weeks of repairs, the council said on Wednesday."
CABLES = "Engineers found corrosion in two of the main cables during a routine inspection."


def test_watch_add_list_remove_are_config_commits_that_verify_accepts(
    run: Cli, store_path: Path
) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + "\n# our outlets\n")
    git(store_path, "commit", "-q", "-m", "config: a comment", "articlediff.toml")
    added = run(
        "watch",
        "add",
        "daily",
        "--outlet",
        "example",
        "--feed",
        "https://example.org/rss",
        "--include",
        "/news/",
        "--exclude",
        "/live/",
        "--follow",
        "3d",
    )
    assert added.exit_code == 0, added.stderr
    assert added.stderr.startswith("watching daily (feed) for example [")
    run("watch", "add", "maps", "--outlet", "example", "--sitemap", "https://example.org/sm.xml")
    listed = run("watch", "list")
    assert listed.stdout.splitlines() == [
        "daily  feed https://example.org/rss -> example/…  follow 3d include '/news/' "
        "exclude '/live/'",
        "maps  sitemap https://example.org/sm.xml -> example/…  follow 7d",
    ]
    assert json.loads(run("watch", "list", "--json").stdout)[0] == {
        "name": "daily",
        "outlet": "example",
        "kind": "feed",
        "url": "https://example.org/rss",
        "include": ["/news/"],
        "exclude": ["/live/"],
        "follow": "3d",
    }
    removed = run("watch", "remove", "daily")
    assert removed.exit_code == 0, removed.stderr
    text = config.read_text()
    assert "# our outlets" in text and "daily" not in text and 'name = "maps"' in text
    subjects = git(store_path, "log", "--format=%s").splitlines()
    assert subjects[:3] == [
        "config: stop watching daily",
        "config: watch maps",
        "config: watch daily",
    ]
    for commit in git(store_path, "log", "--format=%H", "-3").split():
        assert git(store_path, "show", "--name-only", "--format=", commit).split() == [
            "articlediff.toml"
        ]
    assert git(store_path, "status", "--porcelain") == ""
    verified = run("verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x", "--outlet", "example"], "give exactly one of"),
        (["add", "x", "--outlet", "Bad Outlet", "--feed", "https://e.org/f"], "invalid article id"),
        (["add", "x", "--outlet", "ex", "--feed", "ftp://e.org/f"], "only http:// and https://"),
        (
            ["add", "x", "--outlet", "ex", "--feed", "https://e.org/f", "--include", "("],
            "not a regular",
        ),
        (
            ["add", "x", "--outlet", "ex", "--feed", "https://e.org/f", "--follow", "soon"],
            "duration",
        ),
        (["add", "dup", "--outlet", "ex", "--feed", "https://e.org/f"], "exists already"),
        (["remove", "nothing"], "no watch source named 'nothing'"),
        (["--once"], "nothing to watch"),
    ],
)
def test_refused_watch_edits_change_nothing(
    run: Cli, store_path: Path, args: list[str], message: str
) -> None:
    if "dup" in args:
        run("watch", "add", "dup", "--outlet", "ex", "--feed", "https://e.org/f")
    before = repo_state(store_path)
    result = run("watch", *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


def test_uncommitted_settings_are_never_overwritten(run: Cli, store_path: Path) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + "# mine\n")
    before = repo_state(store_path)
    result = run("watch", "add", "x", "--outlet", "ex", "--feed", "https://e.org/f")
    assert result.exit_code == 2
    assert "not committed" in result.stderr
    assert config.read_text().endswith("# mine\n")
    assert repo_state(store_path) == before


def test_a_bad_watch_table_is_a_store_problem(run: Cli, store_path: Path) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + '[[watch]]\noutlet = "ex"\nkind = "rss"\nurl = "x"\n')
    result = run("watch", "list")
    assert result.exit_code == 3
    assert "[[watch]] #1: kind must be one of feed, sitemap, urls" in result.stderr


def test_watch_once_json(run: Cli, store_path: Path, outlet: Outlet) -> None:
    outlet.article("/news/a", "Harbour bridge to close", [LEAD, CABLES])
    items = [
        ("A", outlet.url("/news/a"), time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()))
    ]
    outlet.serve("/rss", Resource(rss(items), "application/rss+xml"))
    run("watch", "add", "daily", "--outlet", "example", "--feed", outlet.url("/rss"))
    result = run("watch", "--once", "--json", "--allow-private")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["round"], record["checked"], record["new_articles"]) == (1, 1, 1)
    assert record["revisions"][0]["id"] == "example/a"
    assert record["revisions"][0]["kind"] == "published"
    assert result.stderr.startswith("round 1 ")
    assert "1 new article, 1 checked (0 not modified, 0 unchanged), 1 revision" in result.stderr
    again = run("watch", "--once")
    assert again.stdout == ""  # not due yet: nothing asked, nothing saved
    assert "0 checked" in again.stderr
    assert git(store_path, "status", "--porcelain") == ""


def test_a_second_watch_on_the_same_store_is_refused(run: Cli, store_path: Path) -> None:
    run("watch", "add", "daily", "--outlet", "example", "--feed", "https://e.org/f")
    before = repo_state(store_path)
    with Store(store_path) as store, watch_lock(store.git.git_dir):
        result = run("watch", "--once")
    assert result.exit_code == 3
    assert "another 'articlediff watch'" in result.stderr
    assert repo_state(store_path) == before


def test_options_of_the_watch_do_not_go_with_its_subcommands(run: Cli, store_path: Path) -> None:
    result = run("watch", "--once", "list")
    assert result.exit_code == 2
    assert "belong to the watch itself" in result.stderr


def test_sigterm_during_a_round_loses_nothing(store_path: Path, outlet: Outlet) -> None:
    """A watch killed by SIGTERM while saving and fetching finishes the save in flight,
    leaves a valid store with every revision it reported, and exits 0."""
    paths = [f"/news/{number}" for number in range(12)]
    for number, path in enumerate(paths):
        outlet.article(path, f"Story number {number}", [LEAD, CABLES])
    for path in paths[6:]:
        outlet.serve(path, Resource(outlet.resources[path].body, delay=0.5))
    urls = ", ".join(f'"{outlet.url(path)}"' for path in paths)
    config = store_path / "articlediff.toml"
    config.write_text(
        config.read_text()
        + "[watching]\nhost_delay = 0.05\nhost_concurrency = 1\n"
        + f'[[watch]]\nname = "list"\noutlet = "example"\nkind = "urls"\nurls = [{urls}]\n'
    )
    git(store_path, "commit", "-q", "-m", "config: watch", "articlediff.toml")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "articlediff",
            "--store",
            str(store_path),
            "watch",
            "--allow-private",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the first revision has landed and been reported
    assert first.startswith(b"example/"), process.stderr.read() if process.stderr else b""
    process.send_signal(signal.SIGTERM)
    rest, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors
    reported = [line.split()[0] for line in (first + rest).decode().splitlines()]
    assert 1 <= len(reported) < len(paths)
    assert "stopped by SIGTERM" in errors.decode()
    repo_state(store_path)
    assert git(store_path, "status", "--porcelain") == ""
    with Store(store_path) as store:
        assert sorted(store.article_ids()) == sorted(reported)
    verify = subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store_path), "verify"],
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    state = json.loads((store_path / ".git/articlediff/watch-state.json").read_text())
    assert len(state["articles"]) == len(paths)


def test_a_running_watch_picks_up_new_sources_at_its_next_round(
    store_path: Path, outlet: Outlet
) -> None:
    from articlediff.app.watch import RoundReport, Stopper, WatchRun, watch
    from articlediff.store.configedit import add_watch_source
    from articlediff.store.watchconfig import watch_source

    class NoIdling(Stopper):
        def wait(self, seconds: float) -> bool:
            return self.stopped  # the rounds follow each other at once

    def source(name: str, path: str) -> dict[str, object]:
        return {"name": name, "outlet": "ex", "kind": "urls", "urls": [outlet.url(path)]}

    outlet.article("/one", "Harbour bridge to close", [LEAD, CABLES])
    outlet.article("/two", "Ferry service resumes", [CABLES, LEAD])
    with Store(store_path) as store:
        add_watch_source(store, watch_source(source("a", "/one")))
    stopper = NoIdling()
    rounds: list[RoundReport] = []

    def on_round(report: RoundReport) -> None:
        rounds.append(report)
        if len(rounds) == 1:
            with Store(store_path) as other:  # another process's `watch add`
                add_watch_source(other, watch_source(source("b", "/two")))
        else:
            stopper.stop("test")

    with Store(store_path) as store:
        watch(store, WatchRun(allow_private=True), stopper=stopper, on_round=on_round)
        assert store.article_ids() == ["ex/one", "ex/two"]
    assert [report.editorial for report in rounds] == [1, 1]
