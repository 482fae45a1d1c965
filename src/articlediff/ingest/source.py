"""``parse_source``: any supported article file to an ``Article``, its format detected.

Detection, in order:

1. **markdown** — the text starts with a ``---`` line: YAML front matter and a Markdown body,
   the store's own format (so ``articlediff show`` output can be saved back).
2. **layout:<name>** — the first registered ``TextLayout`` whose dateline labels appear
   near the top, under a headline line (newsroom page copy such as the GB News sample).
3. **json** — a JSON object, as ``articlediff show --json`` prints it.
4. **text** — anything else: a headline line, then paragraphs.

Before any of these, bytes that start like an HTML page (``<!doctype html>`` or ``<html``,
possibly after a BOM, comments or head elements) are read as **html** by
``articlediff.ingest.html``, which also tells where each field came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo

from articlediff.errors import InputError
from articlediff.ingest.decode import decode_source, normalize_newlines
from articlediff.ingest.html import looks_like_html, parse_html
from articlediff.ingest.jsonsource import looks_like_json, parse_json
from articlediff.ingest.layout import TextLayout, detects, parse_layout
from articlediff.ingest.layouts import LAYOUTS
from articlediff.ingest.markdown import has_front_matter, parse_markdown
from articlediff.ingest.plaintext import parse_plain
from articlediff.model import Article


@dataclass(frozen=True)
class ParsedSource:
    """An article read from a source file, and what the file said about itself.

    ``format`` is "markdown", "json", "html", "layout:<name>" or "text". ``article_id`` is the
    id the source names (Markdown and JSON only); ``url`` the article's URL when the source
    names one. ``field_sources`` says where each field that has a value came from (for an
    HTML page e.g. ``{"headline": "json-ld", "published": "meta:article:published_time"}``;
    for other formats the format itself); ``notes`` names values the source stated but
    that were dropped (unreadable or contradictory). Both say how the source was read, not
    what it says, so they take no part in comparing two parsed sources.
    """

    article: Article
    article_id: str | None
    format: str
    url: str | None
    field_sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)


_FIELDS = ("headline", "byline", "standfirst", "published", "updated", "url")


def _sources_from(article: Article, format: str) -> dict[str, str]:
    return {name: format for name in _FIELDS if getattr(article, name)}


def parse_text(
    text: str, *, name: str = "-", tz: tzinfo, layouts: Sequence[TextLayout] = LAYOUTS
) -> ParsedSource:
    """Parse already-decoded article text (see the module docstring for detection)."""
    parsed = _parse_text(text, name=name, tz=tz, layouts=layouts)
    sources = _sources_from(parsed.article, parsed.format)
    return ParsedSource(parsed.article, parsed.article_id, parsed.format, parsed.url, sources)


def _parse_text(text: str, *, name: str, tz: tzinfo, layouts: Sequence[TextLayout]) -> ParsedSource:
    text = normalize_newlines(text).removeprefix("\ufeff")
    if has_front_matter(text):
        parsed = parse_markdown(text, name=name, tz=tz)
        article = parsed.article
        return ParsedSource(article, parsed.article_id, "markdown", article.url)
    if looks_like_json(text):
        parsed = parse_json(text, name=name, tz=tz)
        return ParsedSource(parsed.article, parsed.article_id, "json", parsed.article.url)
    for layout in layouts:
        if detects(layout, text):
            article = parse_layout(layout, text, name=name, tz=tz)
            return ParsedSource(article, None, f"layout:{layout.name}", article.url)
    article = parse_plain(text, name=name)
    return ParsedSource(article, None, "text", article.url)


def parse_source(
    data: bytes,
    *,
    name: str = "-",
    tz: tzinfo,
    layouts: Sequence[TextLayout] = LAYOUTS,
    url: str | None = None,
) -> ParsedSource:
    """Decode ``data`` (see ``decode_source``) and parse it as an article.

    ``name`` labels error messages (a file name, or "-" for standard input); naive times in
    the source are read in ``tz``. ``url`` is where an HTML page was fetched from. Raises
    ``InputError`` with one line on bad input, including a source with no headline and no body.
    """
    if looks_like_html(data):
        sources: dict[str, str] = {}
        notes: list[str] = []
        article = parse_html(data, name=name, tz=tz, url=url, sources=sources, notes=notes)
        return ParsedSource(article, None, "html", article.url, sources, tuple(notes))
    parsed = parse_text(decode_source(data, name), name=name, tz=tz, layouts=layouts)
    if not parsed.article.headline and not parsed.article.body:
        raise InputError(f"{name}: no article text found")
    return parsed
