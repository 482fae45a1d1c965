"""A source read the way ``save`` reads it: parsed, with its id, URL and SHA-256 settled.

``save``, ``reextract`` and ``import`` all read sources through ``prepare_source``, so an import
and the same revisions saved one by one give identical files, messages and times.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from articlediff.ingest.ids import article_id_from_url, slugify
from articlediff.ingest.source import parse_source
from articlediff.model import Article, validate_article_id


@dataclass(frozen=True)
class PreparedSource:
    """A source read the way ``save`` reads it: its id, article, and trailer values."""

    article_id: str
    article: Article
    source_url: str | None
    source_sha256: str
    format: str
    field_sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def page_sources(self) -> Mapping[str, str]:
        """``field_sources`` of an HTML page, the sources a revision records (its
        ``Field-Sources`` trailer); none for other formats, whose fields all come from the
        file itself."""
        return self.field_sources if self.format == "html" else {}


def choose_article_id(
    explicit: str | None, from_source: str | None, url: str | None, headline: str
) -> str:
    """``--id``, else the source's own id, else one from the URL, else ``local/<slug>``."""
    if explicit:
        return validate_article_id(explicit)
    if from_source:
        return validate_article_id(from_source)
    if url:
        return article_id_from_url(url)
    return f"local/{slugify(headline)}"


def prepare_source(
    data: bytes,
    *,
    name: str,
    tz: tzinfo,
    article_id: str | None = None,
    url: str | None = None,
    fetched_url: str | None = None,
) -> PreparedSource:
    """Parse ``data`` and settle its id, URL and SHA-256 as ``save`` records them.

    ``url`` is the address the user gave (``--url``); ``fetched_url`` where the page was
    actually fetched from (after redirects). An HTML page's canonical URL names the article.
    """
    parsed = parse_source(data, name=name, tz=tz, url=fetched_url or url)
    source_url = url or fetched_url or parsed.url or parsed.article.url
    id_url = parsed.article.url if parsed.format == "html" and parsed.article.url else source_url
    chosen = choose_article_id(article_id, parsed.article_id, id_url, parsed.article.headline)
    article = parsed.article
    sources = dict(parsed.field_sources)
    if source_url and not article.url:
        article = replace(article, url=source_url)
        sources["url"] = "--url" if url else "fetched"
    return PreparedSource(
        chosen,
        article,
        source_url,
        hashlib.sha256(data).hexdigest(),
        parsed.format,
        sources,
        parsed.notes,
    )


def source_suffix(format: str) -> str:
    """The file suffix a kept source of ``format`` is stored under."""
    if format == "html":
        return "html"
    return {"markdown": "md", "json": "json"}.get(format, "txt")
