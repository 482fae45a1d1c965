"""What app/fetch gives watch: conditional requests, gzip within the size cap, typed errors."""

from __future__ import annotations

import io
import socket
import struct
import sys

import pytest

from articlediff.app.fetch import FetchError, fetch_page
from articlediff.errors import InputError
from tests.watch.outlet import Outlet, Resource, article_page

PAGE = article_page("Harbour bridge to close", ["The bridge will close for repairs."])


def test_a_conditional_request_comes_back_not_modified(outlet: Outlet) -> None:
    outlet.serve("/a", Resource(PAGE, last_modified="Wed, 19 Jun 2024 07:00:00 GMT"))
    first = fetch_page(outlet.url("/a"), allow_private=True)
    assert first.data == PAGE and not first.not_modified
    assert set(first.validators) == {"ETag", "Last-Modified"}
    assert outlet.asked("/a")[0].headers["Accept-Encoding"] == "gzip"
    again = fetch_page(outlet.url("/a"), validators=first.validators, allow_private=True)
    assert again.not_modified and again.data == b""
    assert again.validators == first.validators
    assert outlet.statuses("/a") == [200, 304]


def test_gzip_is_unpacked_within_the_size_cap(outlet: Outlet) -> None:
    outlet.serve("/big", Resource(b"<html>" + b" " * 2_000_000 + b"</html>"))
    with pytest.raises(InputError, match="larger than the 1,000,000-byte limit"):
        fetch_page(outlet.url("/big"), max_bytes=1_000_000, allow_private=True)


def test_feeds_are_fetched_with_any_content_type(outlet: Outlet) -> None:
    outlet.serve("/feed", Resource(b"<rss/>", "application/rss+xml"))
    with pytest.raises(InputError, match="not an HTML page"):
        fetch_page(outlet.url("/feed"), allow_private=True)
    assert fetch_page(outlet.url("/feed"), accept=None, allow_private=True).data == b"<rss/>"


@pytest.mark.parametrize(
    ("status", "passing", "retry_after"), [(503, True, 7.0), (429, True, 7.0), (404, False, None)]
)
def test_errors_say_whether_they_may_pass(
    outlet: Outlet, status: int, passing: bool, retry_after: float | None
) -> None:
    headers = {"Retry-After": "7"} if status != 404 else {}
    if status != 404:
        outlet.serve("/x", Resource(b"busy", status=status, headers=headers))
    with pytest.raises(FetchError) as raised:
        fetch_page(outlet.url("/x"), allow_private=True)
    assert (raised.value.status, raised.value.passing) == (status, passing)
    assert raised.value.retry_after == retry_after


def test_a_client_resetting_a_connection_writes_nothing_to_stderr(outlet: Outlet) -> None:
    """A fetch that closes an error answer without reading its body resets the kept-alive
    connection; the test server's thread must not print that to ``sys.stderr``, which is a
    command's captured stderr while CliRunner runs it (``watch --once``'s first line)."""
    captured = io.StringIO()
    real = sys.stderr
    sys.stderr = captured
    try:
        host, port = outlet.base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as client:
            client.sendall(b"GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while b"not found" not in answer:
                answer += client.recv(4096)
            # closed with SO_LINGER 0: a reset, as when unread data is left behind
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert outlet.hung_up.acquire(timeout=30)  # the server's thread saw the reset
    finally:
        sys.stderr = real
    assert captured.getvalue() == ""
    assert outlet.errors == []
