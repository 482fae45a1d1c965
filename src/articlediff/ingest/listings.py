"""What an outlet lists: the article addresses in an RSS/Atom feed or a sitemap.

Bytes in, values out: the bytes were fetched by the caller (``watch``, through the project's
fetcher with its address, size and time rules), and nothing here opens a connection.

- Feeds are read by feedparser, given the bytes as a stream (a ``str`` would be taken for an
  address or a file name to open).
- Sitemaps (the sitemaps.org protocol: ``<urlset>``, ``<sitemapindex>``, plain-text lists)
  are read here with lxml, which the project already uses, with entities, DTDs and the
  network turned off (no XXE, no entity expansion). A sitemap index gives the addresses of its
  sitemaps for the caller to fetch. Google News sitemaps (``<news:news>``) give each
  article's publication time and title. A gzipped sitemap (``sitemap.xml.gz``) is unpacked
  here, within the protocol's 50 MB limit.

  Not ultimate-sitemap-parser: it parses text offline (``sitemap_from_str``), but it is
  licensed GPL-3.0-or-later, which an Apache-2.0 tool cannot require without putting every
  combined use under the GPL; it also brings ``requests`` and keeps parsed pages in temporary
  pickle files. The protocol is small enough to read in a page of code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from articlediff.errors import InputError
from articlediff.ingest.decode import gunzip_bounded

UNPACKED_LIMIT: Final = 50 * 1024 * 1024  # the sitemap protocol's own limit
NEWS_NS: Final = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class Listed:
    """An article address a feed or sitemap lists, with what it says about the article."""

    url: str
    published: datetime | None = None
    updated: datetime | None = None
    title: str = ""


@dataclass(frozen=True)
class Listing:
    """What one feed or sitemap holds: article addresses, and further sitemaps to read."""

    articles: tuple[Listed, ...]
    sitemaps: tuple[str, ...] = ()


def read_feed(data: bytes, name: str) -> Listing:
    """The entries of an RSS or Atom feed; ``InputError`` when ``data`` is no feed."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom document"
        raise InputError(f"{name}: not a feed ({_first_line(reason)})")
    found = []
    for entry in parsed.entries:
        url = _feed_link(entry)
        if url:
            found.append(
                Listed(
                    url,
                    # dict.get: feedparser's own get maps a missing key to another one
                    _struct_time(dict.get(entry, "published_parsed")),
                    _struct_time(dict.get(entry, "updated_parsed")),
                    str(entry.get("title", "")).strip(),
                )
            )
    return Listing(tuple(found))


def _feed_link(entry: Any) -> str:
    link = str(entry.get("link") or "").strip()
    if link:
        return link
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"]).strip()
    return ""


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = value[:6]  # feedparser gives UTC
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def read_sitemap(data: bytes, name: str) -> Listing:
    """The pages of a sitemap (``<urlset>``, Google News included, or a plain-text list of
    URLs) and the sitemaps a sitemap index names; ``InputError`` when ``data`` is neither."""
    from lxml import etree

    if data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, name, UNPACKED_LIMIT)
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise InputError(f"{name}: empty sitemap")
    if not text.startswith(b"<"):
        return _text_sitemap(text, name)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"{name}: not a sitemap ({_first_line(error)})") from None
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        return Listing((), tuple(_locs(root, "sitemap")))
    if kind != "urlset":
        raise InputError(f"{name}: not a sitemap (its root is <{kind}>)")
    found = []
    for entry in root:
        if not isinstance(entry.tag, str) or etree.QName(entry).localname != "url":
            continue
        url = _child_text(entry, "loc")
        if not url:
            continue
        news = next((child for child in entry if _named(child, "news", NEWS_NS)), None)
        found.append(
            Listed(
                url,
                _w3c_time(_child_text(news, "publication_date")) if news is not None else None,
                _w3c_time(_child_text(entry, "lastmod")),
                (_child_text(news, "title") if news is not None else "") or "",
            )
        )
    return Listing(tuple(found))


def _text_sitemap(text: bytes, name: str) -> Listing:
    """A plain-text sitemap: one absolute URL a line."""
    lines = [line.strip() for line in text.decode("utf-8", "replace").splitlines()]
    urls = [line for line in lines if line]
    if not all(url.lower().startswith(("http://", "https://")) for url in urls):
        raise InputError(f"{name}: not a sitemap")
    return Listing(tuple(Listed(url) for url in urls))


def _named(element: Any, localname: str, namespace: str | None = None) -> bool:
    from lxml import etree

    if not isinstance(element.tag, str):
        return False
    qname = etree.QName(element)
    return qname.localname == localname and (namespace is None or qname.namespace == namespace)


def _child_text(element: Any, localname: str) -> str:
    for child in element:
        if _named(child, localname):
            return str(child.text or "").strip()
    return ""


def _locs(root: Any, localname: str) -> list[str]:
    return [
        loc for entry in root if _named(entry, localname) and (loc := _child_text(entry, "loc"))
    ]


def _w3c_time(text: str) -> datetime | None:
    """A sitemap time (W3C Datetime: ``2024-06-19``, ``2024-06-19T08:14:00+01:00``, ...)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _aware(moment)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _first_line(reason: object) -> str:
    text = str(reason).strip()
    return text.splitlines()[0] if text else reason.__class__.__name__
