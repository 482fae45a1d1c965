"""URL fetching refuses every scheme but http(s), before any I/O."""

from __future__ import annotations

from pathlib import Path

import pytest

from articlediff.app.fetch import fetch_page
from articlediff.errors import InputError
from tests.conftest import Cli, repo_state

REFUSED = [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file://localhost/etc/hostname",
    "ftp://example.org/article.html",
    "gopher://example.org/1",
    "data:text/html,<script>alert(1)</script>",
    "javascript:alert(1)",
    "jar:file:///tmp/x.jar!/",
    "ssh://example.org/x",
    "git://example.org/x",
    "ext::sh -c id",
    "http:///no-host",
]


@pytest.mark.parametrize("url", REFUSED)
def test_fetch_refuses_non_http_schemes(url: str) -> None:
    with pytest.raises(InputError):
        fetch_page(url, timeout=1)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html"])
def test_save_refuses_non_http_urls(run: Cli, store_path: Path, url: str) -> None:
    before = repo_state(store_path)
    result = run("save", url, "--id", "local/x")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert repo_state(store_path) == before
