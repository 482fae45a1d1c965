"""save URL: one deadline for the whole fetch, and no private addresses unless allowed.

A real HTTP server runs on 127.0.0.1 in a thread. Loopback is refused by default, so the
tests that need to reach it allow it (``--allow-private``, or ``[fetch]`` in
articlediff.toml), and the redirect tests allow only 127.0.0.1 so that a redirect elsewhere is
judged by the rule.
"""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlediff.app.fetch import FetchPolicy, fetch_page, fetch_policy, non_public
from articlediff.errors import InputError, StoreError
from tests.conftest import ROOT, Cli, git, repo_state
from tests.quiet_http import QuietHTTPServer

PAGE = (ROOT / "tests" / "fixtures" / "html" / "harbour-bridge-r1.html").read_bytes()


@pytest.fixture
def server() -> Iterator[str]:
    """The base address of a local server: /page, /drip (a byte every 0.2 s, forever),
    /drip-headers (the status line itself a byte at a time) and /to?url (a redirect)."""
    stop = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with contextlib.suppress(OSError):
                if self.path == "/page":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(PAGE)))
                    self.end_headers()
                    self.wfile.write(PAGE)
                elif self.path == "/drip":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "1000000")
                    self.end_headers()
                    self._drip(b"<html>" + b"x" * 1_000_000)
                elif self.path == "/drip-headers":
                    self._drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"y" * 1_000_000)
                elif self.path.startswith("/to?"):
                    self.send_response(302)
                    self.send_header("Location", self.path.partition("?")[2])
                    self.send_header("Content-Length", "0")
                    self.end_headers()

        def _drip(self, data: bytes) -> None:
            for byte in data:
                if stop.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)

        def log_message(self, *args: object) -> None:
            pass

    httpd = QuietHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def save_process(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``articlediff save`` as its own process; the timeout only guards the test run."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return subprocess.run(
        [sys.executable, "-m", "articlediff", "--store", str(store), "save", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_dripping_server_is_cut_off_by_the_deadline(
    store_path: Path, server: str, path: str
) -> None:
    before = repo_state(store_path)
    result = save_process(store_path, f"{server}{path}", "--timeout", "1", "--allow-private")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == f"Error: {server}{path}: timed out after 1s"
    assert result.stdout == ""
    assert repo_state(store_path) == before


def test_the_timeout_variable_is_the_whole_fetch_deadline(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARTICLEDIFF_FETCH_TIMEOUT", "1")
    with pytest.raises(InputError, match=r"timed out after 1s$"):
        fetch_page(f"{server}/drip", policy=FetchPolicy(allow_private=True))


def test_loopback_is_refused_by_default_and_fetched_when_allowed(
    run: Cli, store_path: Path, server: str
) -> None:
    before = repo_state(store_path)
    refused = run("save", f"{server}/page")
    assert refused.exit_code == 2
    [line] = refused.stderr.strip().splitlines()
    assert "127.0.0.1 is a loopback address (127.0.0.1)" in line
    assert "--allow-private" in line
    assert repo_state(store_path) == before

    allowed = run("save", f"{server}/page", "--allow-private")
    assert allowed.exit_code == 0, allowed.stderr
    assert "harbour-bridge" in allowed.stdout


def test_a_name_is_judged_by_every_address_it_resolves_to(
    run: Cli, store_path: Path, server: str
) -> None:
    port = server.rpartition(":")[2]
    before = repo_state(store_path)
    result = run("save", f"http://localhost:{port}/page")
    assert result.exit_code == 2
    assert "localhost is a loopback address" in result.stderr
    assert repo_state(store_path) == before


def allow_in_config(store_path: Path, table: str) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"\n[fetch]\n{table}\n")
    git(store_path, "commit", "-qam", "allow fetches from the test server")


def test_the_store_setting_allows_private_addresses(
    run: Cli, store_path: Path, server: str
) -> None:
    allow_in_config(store_path, "allow_private = true")
    result = run("save", f"{server}/page")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.2]/", "loopback"),
        ("http://127.0.0.2/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    run: Cli, store_path: Path, server: str, target: str, kind: str
) -> None:
    allow_in_config(store_path, 'allow_networks = ["127.0.0.1/32"]')
    assert run("save", f"{server}/page", "--id", "local/allowed").exit_code == 0
    before = repo_state(store_path)
    result = run("save", f"{server}/to?{target}", "--id", "local/redirected")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert f"is a {kind} address" in line
    assert f"(redirected to {target})" in line
    assert repo_state(store_path) == before


def test_bad_fetch_settings_are_a_store_problem(run: Cli, store_path: Path, server: str) -> None:
    allow_in_config(store_path, 'allow_networks = ["not a network"]')
    result = run("save", f"{server}/page")
    assert result.exit_code == 3
    assert "allow_networks: 'not a network' is not a network" in result.stderr
    with pytest.raises(StoreError, match="unknown setting"):
        fetch_policy({"allow": True})


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.0.1", "private"),
        ("100.64.0.1", "non-public"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("240.0.0.1", "private"),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert non_public(ipaddress.ip_address(address)) == kind
