"""Fetching article pages over HTTP(S): the only module that talks to the network.

Rules, so that a save from a URL either gets a real HTML page or fails with one clear line:

- ``http://`` and ``https://`` only, also for every redirect target; at most 10 redirects,
  and the final address is recorded.
- A time limit for the whole request (connect, headers and body): 30 s by default, or
  ``ARTICLEDIFF_FETCH_TIMEOUT`` seconds.
- A size cap: 10 MiB by default, or ``ARTICLEDIFF_FETCH_MAX_BYTES``; checked against the
  Content-Length header and again while reading.
- Only HTML (``text/html``, ``application/xhtml+xml``) is accepted; a response without a
  content type is accepted when it starts like an HTML page.
- A descriptive User-Agent naming articlediff and its version.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from articlediff import __version__
from articlediff.errors import InputError
from articlediff.ingest.decode import read_bounded

if TYPE_CHECKING:
    import urllib.request

USER_AGENT: Final = (
    f"articlediff/{__version__} (news article revision archiver; "
    "+https://github.com/articlediff/articlediff)"
)
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_MAX_BYTES: Final = 10 * 1024 * 1024
MAX_REDIRECTS: Final = 10
HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
TIMEOUT_ENV: Final = "ARTICLEDIFF_FETCH_TIMEOUT"
MAX_BYTES_ENV: Final = "ARTICLEDIFF_FETCH_MAX_BYTES"
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: the address asked for, the address it came from, and its bytes."""

    url: str
    final_url: str
    data: bytes
    content_type: str


def is_url(source: str) -> bool:
    """Whether ``source`` is written as a URL (``scheme://...``) rather than a file path."""
    return bool(_SCHEME.match(source))


def fetch_page(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> FetchedPage:
    """Fetch the HTML page at ``url``; ``InputError`` in one line for anything else."""
    # urllib.request (http.client, email) is imported only when a page is fetched: ``save``
    # of a file asks ``is_url`` and should not pay for it.
    import urllib.error
    import urllib.request

    _check_scheme(url, url)
    limit_seconds = timeout if timeout is not None else _env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT)
    limit_bytes = int(
        max_bytes if max_bytes is not None else _env_number(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)
    )
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    opener = urllib.request.build_opener(_redirect_handler(url))
    deadline = time.monotonic() + limit_seconds
    try:
        with opener.open(request, timeout=limit_seconds) as response:
            final_url = response.geturl()
            content_type = response.headers.get_content_type() if response.headers else ""
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit_bytes:
                raise InputError(_too_big(url, limit_bytes))
            if response.headers.get("Content-Type") and content_type not in HTML_TYPES:
                raise InputError(
                    f"{url}: the server sent {content_type}, not an HTML page; "
                    "download it and save the file instead"
                )
            data = read_bounded(
                response,
                url,
                limit_bytes,
                too_large=_too_big(url, limit_bytes),
                before_chunk=lambda: _check_deadline(url, deadline, limit_seconds),
            )
    except InputError:
        raise
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise InputError(_timed_out(url, limit_seconds)) from None
        raise InputError(f"{url}: cannot fetch the page ({_reason(error.reason)})") from None
    except TimeoutError:
        raise InputError(_timed_out(url, limit_seconds)) from None
    except (OSError, ValueError) as error:
        raise InputError(f"{url}: cannot fetch the page ({_reason(error)})") from None
    if not data:
        raise InputError(f"{url}: the server sent an empty page")
    if not content_type or content_type not in HTML_TYPES:
        from articlediff.ingest.html import looks_like_html

        if not looks_like_html(data):
            raise InputError(f"{url}: the server sent no content type and no HTML page")
        content_type = "text/html"
    return FetchedPage(url=url, final_url=final_url, data=data, content_type=content_type)


def _check_deadline(url: str, deadline: float, seconds: float) -> None:
    if time.monotonic() > deadline:
        raise InputError(_timed_out(url, seconds))


def _redirect_handler(original: str) -> urllib.request.HTTPRedirectHandler:
    """A handler that follows redirects to http(s) addresses only, at most
    ``MAX_REDIRECTS`` of them."""
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: Any,
            newurl: str,
        ) -> urllib.request.Request | None:
            _check_scheme(newurl, original)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return Redirects()


def _check_scheme(url: str, original: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InputError(f"{original}: not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        where = "" if url == original else f" (redirected to {url})"
        raise InputError(f"{original}: only http:// and https:// addresses can be fetched{where}")
    if not parts.hostname:
        raise InputError(f"{original}: the URL names no host")


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value and float(value) > 0 else default
    except ValueError:
        return default


def _timed_out(url: str, seconds: float) -> str:
    return f"{url}: timed out after {seconds:g}s"


def _too_big(url: str, limit: int) -> str:
    return f"{url}: the page is larger than the {limit:,}-byte limit ({MAX_BYTES_ENV})"


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason).strip()
    return text.splitlines()[0] if text else reason.__class__.__name__
