"""Alerts for new editorial revisions, technical revisions, and the watch's own state."""

from __future__ import annotations

import http.server
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import articlediff.app.save as save_module
from articlediff.app.alerts import AlertTargets
from articlediff.ingest.prepare import PreparedSource
from articlediff.store import Store
from tests.conftest import git, repo_state
from tests.quiet_http import QuietHTTPServer
from tests.watch.conftest import FAST, Clock, configure, one_round
from tests.watch.outlet import Outlet

LEAD = "The harbour bridge will close for three weeks of repairs, the council said on Wednesday."
TOLL = "The closure will cost the city an estimated 23 million pounds, officials said today."


def one_article(outlet: Outlet, store_path: Path, toll: str = TOLL) -> None:
    outlet.article("/story", "Harbour bridge to close", [LEAD, toll])
    configure(
        store_path,
        FAST + '[[watch]]\nname = "list"\noutlet = "example"\nkind = "urls"\n'
        f'urls = ["{outlet.url("/story")}"]\n',
    )


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    received: list[dict[str, object]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def test_a_stealth_edit_fires_the_command_and_the_webhook_with_its_verdict(
    outlet: Outlet, store_path: Path, tmp_path: Path, webhook: tuple[str, list[dict[str, object]]]
) -> None:
    url, received = webhook
    one_article(outlet, store_path)
    saved = tmp_path / "alert.json"
    command = (
        f"{sys.executable} -c \"import sys; open('{saved}', 'wb').write(sys.stdin.buffer.read())\""
    )
    targets = AlertTargets(command=command, webhook=url, timeout=10)
    clock = Clock()
    first = one_round(store_path, clock, alerts=targets)
    assert first.editorial == 1 and received == [] and not saved.exists()  # r1: no change
    outlet.article("/story", "Harbour bridge to close", [LEAD, TOLL.replace("23", "32")])
    clock.advance(minutes=11)
    report = one_round(store_path, clock, alerts=targets)
    assert report.problems == []
    alert = json.loads(saved.read_text())
    assert received == [alert]
    assert alert["id"] == "example/story" and alert["revision"] == "r2"
    assert alert["kind"] == "update" and alert["previous"] == "r1"
    assert alert["fetched_at"] == "2024-06-19T08:11:00+01:00"
    assert alert["url"] == outlet.url("/story")
    assert alert["verdict"] == "substantive"
    assert alert["unexplained"] is True
    assert {finding["rule"] for finding in alert["findings"]} & {"unexplained-change"}
    assert report.revisions[0]["unexplained"] is True


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        (f"{sys.executable} -c \"import sys; sys.exit('no pager today')\"", "exited with status 1"),
        ("/no/such/alert-command", "cannot run"),
        (f'{sys.executable} -c "import time; time.sleep(30)"', "did not finish within 1s"),
        ("'unclosed", "cannot read the command"),
    ],
)
def test_a_failing_alert_is_reported_and_keeps_the_revision(
    outlet: Outlet, store_path: Path, command: str, problem: str
) -> None:
    one_article(outlet, store_path)
    targets = AlertTargets(command=command, webhook="http://127.0.0.1:9/nothing", timeout=1)
    clock = Clock()
    one_round(store_path, clock, alerts=targets)
    outlet.article("/story", "Harbour bridge to close", [LEAD, TOLL.replace("23", "32")])
    clock.advance(minutes=11)
    report = one_round(store_path, clock, alerts=targets)
    assert report.editorial == 1
    assert any(problem in line for line in report.problems), report.problems
    assert any(line.startswith("--webhook: cannot post") for line in report.problems)
    with Store(store_path) as store:
        assert len(store.revision_files("example/story")) == 2
    repo_state(store_path)


def test_the_same_page_read_differently_is_a_technical_revision(
    outlet: Outlet, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_article(outlet, store_path)
    clock = Clock()
    one_round(store_path, clock)
    # A newer extractor reads the same bytes differently (here: it drops the last paragraph).
    real = save_module.prepare_source

    def newer(data: bytes, **options: object) -> PreparedSource:
        prepared = real(data, **options)  # type: ignore[arg-type]
        from dataclasses import replace

        return replace(prepared, article=replace(prepared.article, body=prepared.article.body[:1]))

    monkeypatch.setattr(save_module, "prepare_source", newer)
    state = store_path / ".git/articlediff/watch-state.json"
    data = json.loads(state.read_text())
    data["articles"][outlet.url("/story")]["extractor"] = "0.0.1"
    data["articles"][outlet.url("/story")]["validators"] = {}
    state.write_text(json.dumps(data))
    clock.advance(minutes=11)
    report = one_round(store_path, clock)
    assert report.technical == 1 and report.editorial == 0
    with Store(store_path) as store:
        assert [f.revision.kind for f in store.revision_files("example/story")] == [
            "published",
            "technical",
        ]


def test_lost_or_damaged_state_costs_one_round_and_no_commit(
    outlet: Outlet, store_path: Path
) -> None:
    one_article(outlet, store_path)
    clock = Clock()
    one_round(store_path, clock)
    head = git(store_path, "rev-parse", "HEAD")
    state = store_path / ".git/articlediff/watch-state.json"
    state.write_text("{not json")
    clock.advance(minutes=1)
    report = one_round(store_path, clock)
    assert any("set aside" in line for line in report.problems)
    assert (state.parent / "watch-state.json.bad").read_text() == "{not json"
    assert (report.checked, report.unchanged, report.editorial) == (1, 1, 0)
    state.unlink()
    assert one_round(store_path, clock).editorial == 0
    assert git(store_path, "rev-parse", "HEAD") == head
    assert git(store_path, "status", "--porcelain") == ""
    # the state is one JSON document, with no temporary file left beside it
    assert sorted(path.name for path in state.parent.iterdir() if "state" in path.name) == [
        "watch-state.json",
        "watch-state.json.bad",
    ]
    assert json.loads(state.read_text())["version"] == 1


def test_verify_checks_the_fetched_at_trailer(outlet: Outlet, store_path: Path) -> None:
    from tests.conftest import Cli

    one_article(outlet, store_path)
    one_round(store_path, Clock())
    run = Cli(store_path)
    assert run("verify").exit_code == 0
    article = store_path / "versions/example/story.md"
    article.write_text(article.read_text() + "\nA paragraph added by hand.\n")
    message = (
        "update: example/story\n\nArticle-Id: example/story\nRevision-Kind: update\n"
        "Fetched-At: yesterday\n"
    )
    git(store_path, "commit", "-q", "-m", message, str(article))
    result = run("verify")
    assert result.exit_code == 3
    assert "Fetched-At trailer is not a time with its UTC offset: 'yesterday'" in result.stdout
