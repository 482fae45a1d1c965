"""Fetching article pages over HTTP(S): the only module that talks to the network.

Rules, so that a save from a URL either gets a real HTML page or fails with one clear line:

- ``http://`` and ``https://`` only, also for every redirect target; at most 10 redirects,
  and the final address is recorded.
- One deadline for the whole fetch (name lookup, connecting, TLS, headers and body, across
  every redirect): 30 s by default, or ``ARTICLEDIFF_FETCH_TIMEOUT`` seconds, or the caller's
  ``timeout``. Each read from the network waits at most for the time that is left, so a server
  that sends one byte a second is cut off at the deadline like one that sends nothing.
- Public addresses only: every address a host name resolves to must be a public one, else the
  fetch is refused before connecting (loopback, private, link-local, shared, multicast,
  reserved and unspecified addresses; IPv6 forms that embed an IPv4 address are judged by it).
  The connection then goes to an address that was checked, never to a second lookup of the
  name, so a name that resolves differently the second time (DNS rebinding) cannot slip
  through; the same holds for every redirect. ``FetchPolicy`` allows private addresses
  (``allow_private``) or some networks (``allow_networks``): see ``fetch_policy`` for the
  ``[fetch]`` table of ``articlediff.toml``. Environment proxy settings are not used, since a
  proxy would connect to addresses that were never checked.
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

import functools
import io
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit

from articlediff import __version__
from articlediff.errors import InputError, StoreError
from articlediff.ingest.decode import gunzip_bounded, read_bounded

if TYPE_CHECKING:
    import http.client
    import ipaddress
    import socket

    Address = ipaddress.IPv4Address | ipaddress.IPv6Address
    Network = ipaddress.IPv4Network | ipaddress.IPv6Network

USER_AGENT: Final = (
    f"articlediff/{__version__} (news article revision archiver; "
    "+https://github.com/articlediff/articlediff)"
)
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_MAX_BYTES: Final = 10 * 1024 * 1024
MAX_REDIRECTS: Final = 10
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
TIMEOUT_ENV: Final = "ARTICLEDIFF_FETCH_TIMEOUT"
MAX_BYTES_ENV: Final = "ARTICLEDIFF_FETCH_MAX_BYTES"
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class FetchPolicy:
    """Which addresses a fetch may connect to besides public ones."""

    allow_private: bool = False
    allow_networks: tuple[Network, ...] = field(default=())

    def refusal(self, address: Address) -> str | None:
        """Why ``address`` may not be fetched, or ``None`` when it may."""
        if self.allow_private or any(address in network for network in self.allow_networks):
            return None
        return non_public(address)


def fetch_policy(table: Mapping[str, Any], source: str = "articlediff.toml") -> FetchPolicy:
    """The ``[fetch]`` table: ``allow_private = true|false`` (every address) and
    ``allow_networks = ["10.1.0.0/16", ...]`` (some networks); ``StoreError`` otherwise."""
    for key in table:
        if key not in ("allow_private", "allow_networks"):
            raise StoreError(
                f"{source}: unknown setting [fetch] {key} (known: allow_private, allow_networks)"
            )
    allow_private = table.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise StoreError(f"{source}: [fetch] allow_private must be true or false")
    listed = table.get("allow_networks", [])
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        raise StoreError(f'{source}: [fetch] allow_networks must be a list such as ["10.0.0.0/8"]')
    import ipaddress

    networks = []
    for item in listed:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise StoreError(
                f"{source}: [fetch] allow_networks: {item!r} is not a network"
            ) from None
    return FetchPolicy(allow_private, tuple(networks))


def non_public(address: Address) -> str | None:
    """What kind of non-public address ``address`` is (``"loopback"``, ``"private"``, ...),
    or ``None`` for a public one. IPv6 addresses that carry an IPv4 address (mapped, 6to4,
    Teredo) are judged by the IPv4 address too."""
    import ipaddress

    if isinstance(address, ipaddress.IPv6Address):
        embedded = (
            address.ipv4_mapped
            or address.sixtofour
            or (address.teredo[1] if address.teredo else None)
        )
        if embedded is not None and (kind := non_public(embedded)):
            return kind
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, applies in checks if applies), None)


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
    policy: FetchPolicy | None = None,
) -> FetchedPage:
    """Fetch the HTML page at ``url``; ``InputError`` in one line for anything else.

    ``accept``: the content types taken (``None``: any, an empty answer included).
    ``validators``: the ``ETag``/``Last-Modified`` of the copy held (see the module notes).
    ``policy``: the addresses allowed besides public ones; ``allow_private`` allows every
    private, loopback and link-local address (a local test server, an intranet outlet).
    """
    _check_scheme(url, url)
    limit_seconds = timeout if timeout is not None else _env_number(TIMEOUT_ENV, DEFAULT_TIMEOUT)
    limit_bytes = int(
        max_bytes if max_bytes is not None else _env_number(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)
    )
    deadline = _Deadline(url, limit_seconds)
    if allow_private:
        policy = FetchPolicy(allow_private=True)
    policy = policy or FetchPolicy()
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ",".join(sorted(accept)) if accept else "*/*",
        "Accept-Encoding": "gzip",
        **_conditional(validators),
    }
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        connection = _open(current, url, deadline, policy)
        response = None
        try:
            response = _get(connection, current, url, headers, deadline)
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                current = urljoin(current, location.strip())
                _check_scheme(current, url)
                continue
            if response.status == 304 and validators:
                kept = {**validators, **_validators(response.headers)}
                return FetchedPage(url, current, b"", "", kept, not_modified=True)
            if not 200 <= response.status < 300:
                raise FetchError(
                    f"{url}: HTTP {response.status} {response.reason}".rstrip(),
                    response.status,
                    _retry_after(response.headers),
                )
            data, content_type = _body(response, url, limit_bytes, deadline, accept)
            kept = _validators(response.headers)
        finally:
            if response is not None:
                response.close()
            connection.close()
        return FetchedPage(url, current, data, content_type, kept)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


class _Deadline:
    """The moment a fetch gives up, and the one message it then gives."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; ``InputError`` once there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def check(self) -> None:
        self.left()

    def error(self) -> FetchError:
        return FetchError(_timed_out(self.url, self.seconds))


def _open(
    url: str, original: str, deadline: _Deadline, policy: FetchPolicy
) -> http.client.HTTPConnection:
    """A connection to ``url``'s host at an address that was checked against ``policy``."""

    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme.lower() == "https"
    try:
        port = parts.port or (443 if secure else 80)
    except ValueError:
        raise InputError(f"{original}: not a valid URL") from None
    addresses = _resolve(host, port, original, deadline)
    for address in addresses:
        refusal = policy.refusal(address)
        if refusal is not None:
            where = "" if url == original else f" (redirected to {url})"
            raise InputError(
                f"{original}: {host} is a {refusal} address ({address}){where}; fetching it is "
                "refused (allow it with --allow-private or [fetch] in articlediff.toml)"
            )

    def connect() -> socket.socket:
        opened: socket.socket = _connect(addresses, port, original, deadline)
        return opened

    plain, tls = _connection_classes()
    connection: http.client.HTTPConnection = (tls if secure else plain)(
        host, port, connect, deadline
    )
    return connection


def _resolve(host: str, port: int, url: str, deadline: _Deadline) -> list[Address]:
    """Every address ``host`` resolves to, in the resolver's order; the lookup waits no
    longer than the deadline (it runs in a thread of its own, left behind if it hangs)."""
    import ipaddress
    import socket
    import threading

    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    found: list[Any] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:
            found.append(error)

    worker = threading.Thread(target=lookup, name="articlediff-dns", daemon=True)
    worker.start()
    worker.join(deadline.left())
    if not found:
        raise deadline.error()
    if isinstance(found[0], BaseException):
        raise FetchError(f"{url}: cannot find the host {host} ({_reason(found[0])})")
    addresses: list[Address] = []
    for _, _, _, _, sockaddr in found[0]:
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"{url}: cannot find the host {host}")
    return addresses


def _connect(addresses: Sequence[Address], port: int, url: str, deadline: _Deadline) -> Any:
    import socket

    error: OSError | None = None
    for address in addresses:
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.left())
            sock.connect((str(address), port))
            return sock
        except TimeoutError:
            sock.close()
            raise deadline.error() from None
        except OSError as failed:
            sock.close()
            error = failed
    raise FetchError(f"{url}: cannot fetch the page ({_reason(error)})")


class _DeadlineSocket:
    """What ``http.client`` uses of a socket, every operation bounded by the deadline. As
    with a real socket, closing it while a response is still being read (the response's
    file, ``makefile``) closes the connection only once that file is closed too."""

    def __init__(self, sock: Any, deadline: _Deadline) -> None:
        self._sock = sock
        self._deadline = deadline
        self._readers = 0
        self._closed = False

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._deadline.left())
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise self._deadline.error() from None

    def recv_into(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.left())
        try:
            return int(self._sock.recv_into(buffer))
        except TimeoutError:
            raise self._deadline.error() from None

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BufferedReader:
        self._readers += 1
        return io.BufferedReader(_DeadlineReader(self))

    def release(self) -> None:
        self._readers -= 1
        if self._closed and not self._readers:
            self._sock.close()

    def close(self) -> None:
        self._closed = True
        if not self._readers:
            self._sock.close()


class _DeadlineReader(io.RawIOBase):
    """A response's input: reads through ``_DeadlineSocket.recv_into``."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._owner.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


@functools.cache
def _connection_classes() -> tuple[type[Any], type[Any]]:
    """``http.client``'s connections, opening their sockets through ``connect`` (to an
    address that was checked) and bounding every operation by the deadline. Made on first
    use: ``save`` of a file does not import ``http.client``."""
    import http.client
    import ssl

    class Plain(http.client.HTTPConnection):
        def __init__(self, host: str, port: int, connect: Any, deadline: _Deadline) -> None:
            super().__init__(host, port)
            self._open_socket = connect
            self._deadline = deadline

        def connect(self) -> None:
            self.sock = _DeadlineSocket(self._open_socket(), self._deadline)

    class Secure(http.client.HTTPSConnection):
        def __init__(self, host: str, port: int, connect: Any, deadline: _Deadline) -> None:
            self._tls = ssl.create_default_context()
            super().__init__(host, port, context=self._tls)
            self._open_socket = connect
            self._deadline = deadline

        def connect(self) -> None:
            raw = self._open_socket()
            raw.settimeout(self._deadline.left())
            try:
                wrapped = self._tls.wrap_socket(raw, server_hostname=self.host)
            except TimeoutError:
                raw.close()
                raise self._deadline.error() from None
            except BaseException:
                raw.close()
                raise
            self.sock = _DeadlineSocket(wrapped, self._deadline)

    return Plain, Secure


def _get(
    connection: http.client.HTTPConnection,
    url: str,
    original: str,
    headers: Mapping[str, str],
    deadline: _Deadline,
) -> http.client.HTTPResponse:
    """Send the GET request for ``url`` and read the response's status and headers."""
    import http.client

    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers=dict(headers))
        return connection.getresponse()
    except InputError:
        raise
    except TimeoutError:
        raise deadline.error() from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(f"{original}: cannot fetch the page ({_reason(error)})") from None


def _body(
    response: http.client.HTTPResponse,
    url: str,
    limit_bytes: int,
    deadline: _Deadline,
    accept: frozenset[str] | None,
) -> tuple[bytes, str]:
    """The response's body (unpacked) and its content type: HTML unless ``accept`` says
    otherwise; ``InputError`` for anything else."""
    import http.client

    content_type = response.headers.get_content_type() if response.headers else ""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit_bytes:
        raise InputError(_too_big(url, limit_bytes))
    if response.getheader("Content-Type") and accept and content_type not in accept:
        raise InputError(
            f"{url}: the server sent {content_type}, not an HTML page; "
            "download it and save the file instead"
        )
    try:
        data = read_bounded(
            response,
            url,
            limit_bytes,
            too_large=_too_big(url, limit_bytes),
            before_chunk=deadline.check,
        )
    except InputError:
        raise
    except TimeoutError:
        raise deadline.error() from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{url}: cannot fetch the page ({_reason(error)})") from None
    data = _decoded(data, response.getheader("Content-Encoding"), url, limit_bytes)
    if accept is None:
        return data, content_type
    if not data:
        raise InputError(f"{url}: the server sent an empty page")
    if not content_type or content_type not in HTML_TYPES:
        from articlediff.ingest.html import looks_like_html

        if not looks_like_html(data):
            raise InputError(f"{url}: the server sent no content type and no HTML page")
        content_type = "text/html"
    return data, content_type


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
