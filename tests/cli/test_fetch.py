"""save URL: pages fetched from a local HTTP server on 127.0.0.1, and reextract."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from articlediff.app.fetch import USER_AGENT
from articlediff.model import Article
from tests.conftest import Cli, git, repo_state
from tests.quiet_http import QuietHTTPServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
R1 = (FIXTURES / "harbour-bridge-r1.html").read_bytes()
R2 = (FIXTURES / "harbour-bridge-r2.html").read_bytes()
ARTICLE_ID = "example/harbour-bridge-to-close-for-repairs"


class Site:
    """What the local server serves: path -> (status, headers, body); and what it saw."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.user_agents: list[str] = []

    def html(self, path: str, body: bytes) -> None:
        self.pages[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, body)


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    content = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            content.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/slow":
                time.sleep(3)
            status, headers, body = content.pages.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers and "X-Streamed" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    content.html("/local/harbour-bridge", R1)
    content.pages["/old-address"] = (301, {"Location": f"{base}/local/harbour-bridge"}, b"")
    content.pages["/slow"] = (200, {"Content-Type": "text/html"}, R1)
    content.pages["/data.json"] = (200, {"Content-Type": "application/json"}, b'{"a": 1}')
    content.pages["/to-ftp"] = (302, {"Location": "ftp://127.0.0.1/page.html"}, b"")
    content.pages["/huge"] = (200, {"Content-Type": "text/html", "X-Streamed": "1"}, R1 * 3)
    content.pages["/lying-length"] = (
        200,
        {"Content-Type": "text/html", "Content-Length": "999999999"},
        R1,
    )
    yield content, base
    server.shutdown()
    server.server_close()


def commit_message(store: Path) -> str:
    return git(store, "log", "-1", "--format=%B")


def test_save_url_follows_redirect_and_records_final_url(
    run: Cli, store_path: Path, site: tuple[Site, str]
) -> None:
    content, base = site
    result = run("save", f"{base}/old-address", "--json", "--allow-private")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == ARTICLE_ID
    assert record["at"] == "2024-06-19T07:38:00+01:00"
    assert record["source_url"] == f"{base}/local/harbour-bridge"
    assert record["source_sha256"] == hashlib.sha256(R1).hexdigest()
    message = commit_message(store_path)
    assert f"Source-Url: {base}/local/harbour-bridge" in message
    assert f"Source-Sha256: {hashlib.sha256(R1).hexdigest()}" in message
    assert content.user_agents[0] == USER_AGENT
    assert USER_AGENT.startswith("articlediff/")
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert shown["byline"] == "Amira Okafor"
    assert len(shown["captions"]) == 2
    assert "cookies" not in shown["body"]
    # no raw page kept without --keep-source
    assert "sources/" not in git(store_path, "ls-tree", "-r", "--name-only", "HEAD")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404"),
        ("/data.json", "sent application/json, not an HTML page"),
        ("/slow", "timed out after 0.5s"),
        ("/huge", "larger than the 4,000-byte limit"),
        ("/lying-length", "larger than the 4,000-byte limit"),
        ("/to-ftp", "only http:// and https:// addresses"),
    ],
)
def test_fetch_errors_are_one_line_and_commit_nothing(
    run: Cli,
    store_path: Path,
    site: tuple[Site, str],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    message: str,
) -> None:
    _, base = site
    if path in ("/huge", "/lying-length"):
        monkeypatch.setenv("ARTICLEDIFF_FETCH_MAX_BYTES", "4000")
    before = repo_state(store_path)
    result = run("save", f"{base}{path}", "--timeout", "0.5", "--allow-private")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert repo_state(store_path) == before


def test_only_http_urls(run: Cli, store_path: Path) -> None:
    before = repo_state(store_path)
    result = run("save", "file:///etc/passwd")
    assert result.exit_code == 2
    assert "only http:// and https:// addresses" in result.stderr
    assert repo_state(store_path) == before


def test_keep_source_and_reextract_make_a_technical_revision(
    run: Cli, store_path: Path, site: tuple[Site, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, base = site
    assert (
        run("save", f"{base}/local/harbour-bridge", "--keep-source", "--allow-private").exit_code
        == 0
    )
    content.html("/local/harbour-bridge", R2)
    saved = run("save", f"{base}/local/harbour-bridge", "--keep-source", "--allow-private")
    assert saved.exit_code == 0, saved.stderr
    assert f"{ARTICLE_ID} r2 2024-06-19T09:05:00+01:00 update" in saved.stdout
    kept = git(store_path, "show", f"HEAD:sources/{ARTICLE_ID}.html")
    assert kept.encode() == R2
    assert git(store_path, "show", "--name-only", "--format=", "HEAD").split() == [
        f"sources/{ARTICLE_ID}.html",
        f"versions/{ARTICLE_ID}.md",
    ]

    # Nothing changed in the extractor: nothing to commit.
    again = run("reextract", ARTICLE_ID)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip() == f"{ARTICLE_ID} unchanged (latest is r2)"

    # An "upgraded" extractor that also finds the photographer's credit line as a byline.
    from articlediff.ingest import source

    original = source.parse_html

    def upgraded(data: bytes, **kwargs: object) -> Article:
        article = original(data, **kwargs)  # type: ignore[arg-type]
        return replace(article, byline=f"{article.byline}, Transport Correspondent")

    monkeypatch.setattr(source, "parse_html", upgraded)
    result = run("reextract", "--json")
    assert result.exit_code == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["kind"] == "technical"
    assert record["revision"] == "r3"
    assert record["at"] == "2024-06-19T09:05:00+01:00"
    assert record["source_sha256"] == hashlib.sha256(R2).hexdigest()
    assert record["words_added"] == 0 and record["words_deleted"] == 0
    log = json.loads(run("log", ARTICLE_ID, "--json").stdout)
    assert [row["kind"] for row in log] == ["published", "update", "technical"]
    shown = json.loads(run("show", ARTICLE_ID, "--json").stdout)
    assert shown["byline"] == "Amira Okafor, Transport Correspondent"
    repo_state(store_path)  # fsck passes


def test_reextract_without_kept_source(run: Cli, store_path: Path) -> None:
    page = FIXTURES / "library-hours-meta.html"
    assert run("save", str(page), "--id", "gazette/library").exit_code == 0
    before = repo_state(store_path)
    named = run("reextract", "gazette/library")
    assert named.exit_code == 2
    assert "kept no source" in named.stderr
    every = run("reextract")
    assert every.exit_code == 0
    assert "gazette/library skipped" in every.stderr
    assert repo_state(store_path) == before


def test_save_html_file_with_keep_source(run: Cli, store_path: Path) -> None:
    page = FIXTURES / "library-hours-meta.html"
    result = run("save", str(page), "--keep-source", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["id"] == "example/library-weekend-hours"
    assert record["at"] == "2024-05-03T16:40:00+00:00"
    assert git(store_path, "show", "HEAD:sources/example/library-weekend-hours.html").encode() == (
        page.read_bytes()
    )
