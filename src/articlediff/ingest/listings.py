"""What an outlet lists: the article addresses in an RSS/Atom feed or a sitemap.

Bytes in, values out: the bytes were fetched by the caller (``watch``, through the project's
fetcher with its address, size and time rules), and nothing here opens a connection.

- Feeds are read by feedparser, given the bytes as a stream (a ``str`` would be taken for an
  address or a file name to open).
- Sitemaps are read by ultimate-sitemap-parser's ``sitemap_from_str``, which parses the text
  it is given and never fetches: the sitemaps an index names come back as addresses for the
  caller to fetch. Google News sitemaps (``<news:news>``) give each article's publication
  time and title. A gzipped sitemap (``sitemap.xml.gz``) is unpacked here, within a limit.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from articlediff.errors import InputError
from articlediff.ingest.decode import gunzip_bounded

UNPACKED_LIMIT: Final = 50 * 1024 * 1024  # the sitemap protocol's own limit


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
    """The pages of a sitemap (``<urlset>``, Google News included, or a plain-text list)
    and the sitemaps a sitemap index names; ``InputError`` when ``data`` is neither."""
    logging.getLogger("usp").setLevel(logging.ERROR)  # it logs every page at INFO
    from usp.objects.sitemap import (
        AbstractIndexSitemap,
        AbstractPagesSitemap,
        InvalidSitemap,
    )
    from usp.tree import sitemap_from_str

    text = _sitemap_text(data, name)
    parsed = sitemap_from_str(text)
    if isinstance(parsed, AbstractIndexSitemap):
        children = tuple(child.url for child in parsed.sub_sitemaps)
        return Listing((), children)
    if isinstance(parsed, InvalidSitemap) or not isinstance(parsed, AbstractPagesSitemap):
        raise InputError(f"{name}: not a sitemap")
    found = []
    for page in parsed.pages:
        story = page.news_story
        found.append(
            Listed(
                page.url,
                _aware(story.publish_date) if story else None,
                _aware(page.last_modified),
                story.title.strip() if story and story.title else "",
            )
        )
    if not found and not text.lstrip().startswith("<"):
        raise InputError(f"{name}: not a sitemap")
    return Listing(tuple(found))


def _sitemap_text(data: bytes, name: str) -> str:
    if data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, name, UNPACKED_LIMIT)
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: empty sitemap")
    return text


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _first_line(reason: object) -> str:
    text = str(reason).strip()
    return text.splitlines()[0] if text else reason.__class__.__name__
