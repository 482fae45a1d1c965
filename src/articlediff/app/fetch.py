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

For ``watch``, which reads feeds and sitemaps as well as pages and asks again and again,
``fetch_page`` also takes ``accept`` (the content types wanted; ``None``: any) and
``validators`` (the ``ETag`` and ``Last-Modified`` of the copy already held: a ``304 Not
Modified`` answer then comes back as a page with ``not_modified`` set and no bytes), asks for
gzip compression, and raises ``FetchError`` (an ``InputError`` with the HTTP status, if any,
and ``Retry-After``) so that a caller can tell a passing failure from a lasting one.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from articlediff import __version__
from articlediff.errors import InputError
from articlediff.ingest.decode import gunzip_bounded, read_bounded

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
    # The response's validators (``ETag``, ``Last-Modified``), for the next conditional ask.
    validators: Mapping[str, str] = field(default_factory=dict)
    not_modified: bool = False  # a 304 answer to ``validators``: ``data`` is empty


class FetchError(InputError):
    """A fetch that failed: ``status`` is the HTTP status (``None`` when no answer came:
    a timeout, a refused connection), ``retry_after`` the seconds the server asked to wait."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after

    @property
    def passing(self) -> bool:
        """Whether asking again later may succeed: no answer, 408, 429 or a 5xx status."""
        return self.status is None or self.status in (408, 429) or self.status >= 500


def is_url(source: str) -> bool:
    """Whether ``source`` is written as a URL (``scheme://...``) rather than a file path."""
    return bool(_SCHEME.match(source))


def fetch_page(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    accept: frozenset[str] | None = HTML_TYPES,
    validators: Mapping[str, str] | None = None,
    allow_private: bool = False,
) -> FetchedPage:
    """Fetch the HTML page at ``url``; ``InputError`` in one line for anything else.

    ``accept``: the content types taken (``None``: any, an empty answer included).
    ``validators``: the ``ETag``/``Last-Modified`` of the copy held (see the module notes).
    ``allow_private``: private, loopback and link-local addresses may be fetched (a local
    test server, an intranet outlet).
    """
    # urllib.request (http.client, email) is imported only when a page is fetched: ``save``
    # of a file asks ``is_url`` and should not pay for it.
    import urllib.error
    import urllib.request

    _check_scheme(url, url)
    limit_seconds = timeout if timeout is not None else _env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT)
    limit_bytes = int(
        max_bytes if max_bytes is not None else _env_number(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)
    )
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ",".join(sorted(accept)) if accept else "*/*",
        "Accept-Encoding": "gzip",
        **_conditional(validators),
    }
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_redirect_handler(url))
    deadline = time.monotonic() + limit_seconds
    try:
        with opener.open(request, timeout=limit_seconds) as response:
            final_url = response.geturl()
            content_type = response.headers.get_content_type() if response.headers else ""
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit_bytes:
                raise InputError(_too_big(url, limit_bytes))
            if response.headers.get("Content-Type") and accept and content_type not in accept:
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
            data = _decoded(data, response.headers.get("Content-Encoding"), url, limit_bytes)
            kept = _validators(response.headers)
    except InputError:
        raise
    except urllib.error.HTTPError as error:
        if error.code == 304 and validators:
            kept = {**validators, **_validators(error.headers)}
            return FetchedPage(url, url, b"", "", kept, not_modified=True)
        raise FetchError(
            f"{url}: HTTP {error.code} {error.reason}", error.code, _retry_after(error.headers)
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(_timed_out(url, limit_seconds)) from None
        raise FetchError(f"{url}: cannot fetch the page ({_reason(error.reason)})") from None
    except TimeoutError:
        raise FetchError(_timed_out(url, limit_seconds)) from None
    except (OSError, ValueError) as error:
        raise FetchError(f"{url}: cannot fetch the page ({_reason(error)})") from None
    if accept is None:
        return FetchedPage(url, final_url, data, content_type, kept)
    if not data:
        raise InputError(f"{url}: the server sent an empty page")
    if not content_type or content_type not in HTML_TYPES:
        from articlediff.ingest.html import looks_like_html

        if not looks_like_html(data):
            raise InputError(f"{url}: the server sent no content type and no HTML page")
        content_type = "text/html"
    return FetchedPage(url, final_url, data, content_type, kept)


def _conditional(validators: Mapping[str, str] | None) -> dict[str, str]:
    """The request headers that ask for the page only if it changed since ``validators``."""
    asked = {}
    if validators and validators.get("ETag"):
        asked["If-None-Match"] = validators["ETag"]
    if validators and validators.get("Last-Modified"):
        asked["If-Modified-Since"] = validators["Last-Modified"]
    return asked


def _validators(headers: Any) -> dict[str, str]:
    if headers is None:
        return {}
    return {name: headers[name] for name in ("ETag", "Last-Modified") if headers.get(name)}


def _retry_after(headers: Any) -> float | None:
    value = (headers.get("Retry-After") or "").strip() if headers is not None else ""
    return float(value) if value.isdigit() else None


def _decoded(data: bytes, encoding: str | None, url: str, limit: int) -> bytes:
    """``data`` unpacked from gzip (``Content-Encoding``), no larger than ``limit`` unpacked."""
    if (encoding or "").strip().lower() not in ("gzip", "x-gzip"):
        return data
    return gunzip_bounded(data, url, limit, too_large=_too_big(url, limit))


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
