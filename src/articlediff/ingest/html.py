"""HTML article pages to ``Article`` values: the page's own metadata for the fields,
trafilatura for the text.

- **headline, byline, standfirst, published, updated, url** — ``pagemeta.read_metadata``:
  JSON-LD, then meta tags and microdata, then the visible page (``<h1>``, byline, ``<time>``,
  dateline), then JSON-LD ``WebPage`` dates; htmldate only for a missing ``published``, and
  then as a date. Each value's source is kept (``HtmlExtraction.field_sources``) and values
  dropped for being unreadable or contradictory are noted (``HtmlExtraction.notes``).
- **captions** — the ``<figcaption>`` of figures inside the article (``pagebody``).
- **body** — trafilatura's main text, then ``pagebody``: page furniture
  (``common.furniture``) removed, drop capitals joined back to their word; captions, the
  headline, the standfirst, the byline and bare dateline labels are not repeated in it.

trafilatura, htmldate and lxml are imported on first use, so importing this module is cheap.
Their warnings and log records never reach standard error (``quiet_libraries``).
"""

from __future__ import annotations

import copy
import logging
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import tzinfo
from typing import Final

from articlediff.errors import InputError
from articlediff.ingest.pagebody import body_paragraphs, figure_captions, prepare_tree
from articlediff.ingest.pagemeta import clean, htmldate_candidate, read_metadata
from articlediff.model import Article

# A page may open with a BOM, whitespace, an XML declaration, comments, or head elements
# written before the doctype (<meta>, <link>, <style>, <script>, <title>, <base>); what
# decides is an HTML doctype or <html>/<head>/<body> tag after them.
_HTML_START: Final = re.compile(
    rb"(?:\s|<\?xml[^>]*>|<!--.*?-->"
    rb"|<(?:meta|link|base)\b[^>]*>"
    rb"|<(style|script|title|noscript)\b[^>]*>.*?</\1\s*>)*"
    rb"<(?:!doctype\s+html|html|head|body)\b",
    re.I | re.S,
)
_SNIFF_BYTES: Final = 65536
_LIBRARY_LOGGERS: Final = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")
# A dateline label left over when the date itself sat in a <time> element.
_DATE_LABEL: Final = re.compile(
    r"(?:first\s+)?(?:published|updated|last\s+updated|posted)\W*", re.I
)


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts like an HTML page: a doctype or ``<html>`` (or ``<head>``,
    ``<body>``) tag, after any BOM, whitespace, comments and head elements."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def parse_html(
    data: bytes,
    *,
    name: str,
    tz: tzinfo,
    url: str | None = None,
    sources: dict[str, str] | None = None,
    notes: list[str] | None = None,
) -> Article:
    """The article in an HTML page (see the module docstring); ``InputError`` if none.

    ``url`` is where the page was fetched from: it helps extraction and is the article's URL
    when the page names no canonical one. Naive dates in the page are read in ``tz``.
    ``sources`` and ``notes``, when given, receive where each field came from and the
    stated values that were dropped (as ``extract_html`` returns them).
    """
    found = extract_html(data, name=name, tz=tz, url=url)
    if sources is not None:
        sources.update(found.field_sources)
    if notes is not None:
        notes.extend(found.notes)
    return found.article


@dataclass(frozen=True)
class HtmlExtraction:
    """An HTML page's article, where each field came from, and notes on dropped values."""

    article: Article
    field_sources: Mapping[str, str]
    notes: tuple[str, ...]


def extract_html(data: bytes, *, name: str, tz: tzinfo, url: str | None = None) -> HtmlExtraction:
    """``parse_html`` with the source of every field and the notes on values dropped."""
    with quiet_libraries():
        return _extract(data, name=name, tz=tz, url=url)


def _extract(data: bytes, *, name: str, tz: tzinfo, url: str | None) -> HtmlExtraction:
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise InputError(f"{name}: cannot read the HTML page")
    meta = read_metadata(tree, tz, url=url)
    captions = figure_captions(tree, meta.heading)
    prepared = copy.deepcopy(tree)
    prepare_tree(prepared)
    document = bare_extraction(
        prepared,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
        prune_xpath="//figcaption",
    )
    found = document if document is not None and not isinstance(document, dict) else None
    sources = dict(meta.sources)
    headline = meta.headline
    if not headline:
        title = getattr(found, "title", None)
        headline = clean(title) if isinstance(title, str) else ""
        if headline:
            sources["headline"] = "trafilatura"
    byline = meta.byline
    standfirst = meta.standfirst
    paragraphs = body_paragraphs(found.body if found is not None else None)
    skip = {_key(headline), _key(standfirst), _key(byline), _key(f"By {byline}")}
    skip.update(_key(caption) for caption in captions)
    body = tuple(
        paragraph
        for paragraph in paragraphs
        if _key(paragraph) not in skip and not _DATE_LABEL.fullmatch(paragraph)
    )
    if standfirst and body and body[0].startswith(standfirst.rstrip(".… ")):
        standfirst = ""  # a description that only repeats the opening paragraph
        sources.pop("standfirst", None)
    if not headline and not body:
        raise InputError(f"{name}: no article text found in the HTML page")
    published, updated = meta.published, meta.updated
    if published is None:
        from htmldate import find_date

        guessed = htmldate_candidate(copy.deepcopy(tree), url, tz, find_date)
        if guessed is not None:
            published = guessed.value
            sources["published"] = guessed.source
    canonical = meta.url or url
    if not meta.url and url:
        sources["url"] = "fetched"
    article = Article(
        headline=headline,
        body=body,
        standfirst=standfirst,
        byline=byline,
        published=published.moment if published else None,
        updated=updated.moment if updated else None,
        published_date_only=bool(published and published.date_only),
        updated_date_only=bool(updated and updated.date_only),
        captions=captions,
        url=canonical,
    )
    kept = {key: value for key, value in sources.items() if _has(article, key)}
    return HtmlExtraction(article, kept, tuple(meta.notes))


def _has(article: Article, key: str) -> bool:
    return bool(getattr(article, key, None))


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """Keep the parsing libraries' warnings and log records off standard error.

    dateutil (through htmldate) warns about dates it cannot read, and trafilatura, htmldate
    and courlan log through ``logging``, whose last-resort handler writes to standard error
    when no handler is configured anywhere. A ``NullHandler`` on each library's logger
    (what libraries are meant to add themselves) stops that and still lets an application
    that configures logging see the records. A value that cannot be read is dropped and
    noted instead.
    """
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _key(text: str) -> str:
    return clean(text).casefold()
