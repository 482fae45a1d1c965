"""HTML article pages to ``Article`` values: trafilatura for the text, htmldate and the page's
own metadata for the dates.

What comes from where (first found wins):

- **headline** — JSON-LD ``headline``, ``og:title``, the first ``<h1>``, ``<title>``.
- **byline** — JSON-LD ``author`` names, ``<meta name="author">``, trafilatura's author.
- **standfirst** — JSON-LD ``description``, ``og:description``, ``<meta name="description">``.
- **published** / **updated** — JSON-LD ``datePublished`` / ``dateModified``, then the
  ``article:published_time`` / ``article:modified_time`` meta tags, then htmldate (original
  and latest date found in the page).
- **url** — ``<link rel="canonical">``, ``og:url``, JSON-LD ``url``/``mainEntityOfPage``.
- **captions** — every ``<figcaption>`` of the article, kept as their own field.
- **body** — the paragraphs, headings, list items and quotes trafilatura keeps as the main
  text (navigation, cookie banners, related-links boxes and footers are left out); captions,
  the headline, the standfirst, the byline and bare dateline labels ("Published") are not
  repeated in it.

trafilatura, htmldate and lxml are imported on first use, so importing this module is cheap.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any, Final

from articlediff.common.timeutil import parse_time
from articlediff.errors import InputError
from articlediff.model import Article

_HTML_START: Final = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_SNIFF_BYTES: Final = 4096
_ARTICLE_TYPES: Final = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "Report",
    }
)
_BODY_TAGS: Final = frozenset({"p", "head", "item", "quote"})
_BY_PREFIX: Final = re.compile(r"^\s*by\s+", re.I)
_SPACES: Final = re.compile(r"\s+")
# A dateline label left over when the date itself sat in a <time> element.
_DATE_LABEL: Final = re.compile(
    r"(?:first\s+)?(?:published|updated|last\s+updated|posted)\W*", re.I
)


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts like an HTML page (``<!doctype html>`` or ``<html``)."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def parse_html(data: bytes, *, name: str, tz: tzinfo, url: str | None = None) -> Article:
    """The article in an HTML page (see the module docstring); ``InputError`` if none.

    ``url`` is where the page was fetched from: it helps extraction and is the article's URL
    when the page names no canonical one. Naive dates in the page are read in ``tz``.
    """
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise InputError(f"{name}: cannot read the HTML page")
    meta = _page_metadata(tree)
    ld = _json_ld_article(tree)
    captions = _captions(tree)
    document = bare_extraction(
        copy.deepcopy(tree),
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        favor_precision=True,
        deduplicate=False,
        prune_xpath="//figcaption",
    )
    found = document if document is not None and not isinstance(document, dict) else None
    headline = _first(
        _text(ld.get("headline")),
        meta.get("og:title"),
        _first_h1(tree),
        _text(getattr(found, "title", None)),
        _title(tree),
    )
    byline = _first(
        _authors(ld.get("author")), meta.get("author"), _text(getattr(found, "author", None))
    )
    byline = _BY_PREFIX.sub("", byline)
    standfirst = _first(
        _text(ld.get("description")), meta.get("og:description"), meta.get("description")
    )
    paragraphs = list(_body_paragraphs(found.body if found is not None else None))
    skip = {_key(headline), _key(standfirst), _key(byline), _key(f"By {byline}")}
    skip.update(_key(caption) for caption in captions)
    body = tuple(
        paragraph
        for paragraph in paragraphs
        if _key(paragraph) not in skip and not _DATE_LABEL.fullmatch(paragraph)
    )
    if standfirst and body and body[0].startswith(standfirst.rstrip(".… ")):
        standfirst = ""  # a description that only repeats the opening paragraph
    if not headline and not body:
        raise InputError(f"{name}: no article text found in the HTML page")
    published = _time(_text(ld.get("datePublished")), name, tz) or _time(
        meta.get("article:published_time"), name, tz
    )
    updated = _time(_text(ld.get("dateModified")), name, tz) or _time(
        meta.get("article:modified_time"), name, tz
    )
    if published is None or updated is None:
        found_published, found_updated = _htmldate(tree, url, name, tz)
        published = published or found_published
        updated = updated or (found_updated if found_updated != published else None)
    canonical = _first(
        meta.get("canonical"),
        meta.get("og:url"),
        _url(ld.get("url")),
        _url(ld.get("mainEntityOfPage")),
    )
    return Article(
        headline=headline,
        body=body,
        standfirst=standfirst,
        byline=byline,
        published=published,
        updated=updated,
        captions=captions,
        url=canonical or url,
    )


# -- metadata ----------------------------------------------------------------------------


def _page_metadata(tree: Any) -> dict[str, str]:
    """``<meta>`` values by lower-case name or property, and the canonical link."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = _clean(element.get("content") or "")
        if key and value and key not in found:
            found[key] = value
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = (element.get("href") or "").strip()
        if "canonical" in rel and href.startswith(("http://", "https://")):
            found.setdefault("canonical", href)
    return found


def _json_ld_article(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object of an article type in the page, or ``{}``."""
    for element in tree.iter("script"):
        if (element.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            value = json.loads(element.text or "")
        except ValueError:
            continue
        for item in _ld_objects(value):
            kinds = item.get("@type")
            names = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(kind, str) and kind in _ARTICLE_TYPES for kind in names):
                return item
    return {}


def _ld_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _ld_objects(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _ld_objects(graph)


def _authors(value: Any) -> str:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in names:
            names.append(name)
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _url(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _text(value)
    return text if text.startswith(("http://", "https://")) else ""


def _time(value: str | None, name: str, tz: tzinfo) -> datetime | None:
    if not value:
        return None
    try:
        return parse_time(value, tz)
    except InputError:
        return None


def _htmldate(
    tree: Any, url: str | None, name: str, tz: tzinfo
) -> tuple[datetime | None, datetime | None]:
    from htmldate import find_date

    found = []
    for original in (True, False):
        try:
            value = find_date(
                copy.deepcopy(tree),
                original_date=original,
                outputformat="%Y-%m-%dT%H:%M:%S",
                url=url,
            )
        except Exception:  # htmldate gives up on odd pages; the dates then stay unknown
            value = None
        found.append(_time(value, name, tz))
    return found[0], found[1]


# -- text --------------------------------------------------------------------------------


def _captions(tree: Any) -> tuple[str, ...]:
    scopes = tree.xpath("//article") or tree.xpath("//main") or [tree]
    captions: list[str] = []
    for element in scopes[0].iter("figcaption"):
        text = _clean(element.text_content())
        if text and text not in captions:
            captions.append(text)
    return tuple(captions)


def _body_paragraphs(body: Any) -> Iterator[str]:
    if body is None:
        return
    for element in body.iter():
        if element.tag not in _BODY_TAGS:
            continue
        if any(parent.tag in _BODY_TAGS for parent in element.iterancestors()):
            continue  # its text is already part of the enclosing paragraph
        text = _clean("".join(element.itertext()))
        if text:
            yield text


def _first_h1(tree: Any) -> str:
    for element in tree.iter("h1"):
        text = _clean(element.text_content())
        if text:
            return text
    return ""


def _title(tree: Any) -> str:
    for element in tree.iter("title"):
        return _clean(element.text_content())
    return ""


def _text(value: Any) -> str:
    return _clean(value) if isinstance(value, str) else ""


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _key(text: str) -> str:
    return _clean(text).casefold()


def _first(*values: str | None) -> str:
    return next((value for value in values if value), "")
