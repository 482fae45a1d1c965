"""A local outlet for the watch tests: a real HTTP server on 127.0.0.1 in a thread.

It serves article pages, a feed, sitemaps and robots.txt that a test changes between rounds,
answers conditional requests with 304 (ETag and Last-Modified), compresses with gzip when
asked, can be slow or fail, and records every request it gets (path, time, headers).

A client that hangs up is counted in ``hung_up``, never printed into the command's captured
stderr, and any other server error is kept in ``errors`` (``tests.quiet_http``).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import http.server
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from tests.quiet_http import QuietHTTPServer


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    last_modified: str | None = None
    etag: bool = True
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    path: str  # without the query
    at: float  # time.monotonic() when it arrived
    headers: dict[str, str]
    status: int
    query: str = ""


class Outlet:
    """What the server serves (path -> Resource) and what it was asked."""

    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.base = ""
        self.hung_up = threading.Semaphore(0)  # released once per connection a client reset
        self.errors: list[BaseException] = []

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def serve(self, path: str, resource: Resource) -> None:
        with self.lock:
            self.resources[path] = resource

    def article(self, path: str, headline: str, paragraphs: list[str], **meta: str) -> None:
        self.serve(path, Resource(article_page(headline, paragraphs, **meta)))

    def asked(self, path: str) -> list[Request]:
        with self.lock:
            return [request for request in self.requests if request.path == path]

    def statuses(self, path: str) -> list[int]:
        return [request.status for request in self.asked(path)]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


def article_page(
    headline: str,
    paragraphs: list[str],
    *,
    published: str = "2024-06-19T07:38:00+01:00",
    updated: str = "",
    ads: str = "",
) -> bytes:
    """An article page with JSON-LD metadata; ``ads`` is markup that is not the article."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": published,
        "author": [{"@type": "Person", "name": "Amira Okafor"}],
    }
    if updated:
        data["dateModified"] = updated
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(headline)}</title>
<script type="application/ld+json">{json.dumps(data)}</script></head>
<body><header><nav><a href="/">Home</a></nav></header>
<div class="advert">{ads}</div>
<main><article><h1>{html.escape(headline)}</h1>
{body}
</article></main><footer>The Daily Example</footer></body></html>
""".encode()


def rss(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>The Daily Example</title><link>https://example.org/</link>{entries}"
        "</channel></rss>"
    ).encode()


def news_sitemap(items: list[tuple[str, str, str]]) -> bytes:
    """A Google News sitemap of (link, publication time, title) items."""
    entries = "".join(
        f"<url><loc>{html.escape(link)}</loc><news:news><news:publication>"
        "<news:name>The Daily Example</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{published}</news:publication_date>"
        f"<news:title>{html.escape(title)}</news:title></news:news></url>"
        for link, published, title in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"{entries}</urlset>"
    ).encode()


def sitemap_index(links: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{html.escape(link)}</loc></sitemap>" for link in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>"
    ).encode()


@contextlib.contextmanager
def running_outlet(port: int = 0) -> Iterator[Outlet]:
    outlet = Outlet()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            with outlet.lock:
                resource = outlet.resources.get(path)
            status = resource.status if resource else 404
            body = resource.body if resource else b"not found"
            tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            headers: dict[str, str] = {}
            if resource and status == 200:
                headers["Content-Type"] = resource.content_type
                if resource.etag:
                    headers["ETag"] = tag
                if resource.last_modified:
                    headers["Last-Modified"] = resource.last_modified
                headers.update(resource.headers)
                asked_tag = self.headers.get("If-None-Match")
                asked_time = self.headers.get("If-Modified-Since")
                if (resource.etag and asked_tag == tag) or (
                    asked_tag is None
                    and resource.last_modified
                    and asked_time == resource.last_modified
                ):
                    status, body = 304, b""
            elif resource:
                headers.update(resource.headers)
            with outlet.lock:
                outlet.requests.append(
                    Request(path, time.monotonic(), dict(self.headers.items()), status, query)
                )
            if resource and resource.delay:
                time.sleep(resource.delay)
            if body and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = QuietHTTPServer(("127.0.0.1", port), Handler)
    outlet.hung_up, outlet.errors = server.hung_up, server.errors
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    outlet.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield outlet
    finally:
        server.shutdown()
        server.server_close()
