"""Ingest: article files (bytes) to ``Article`` values, and the store's own file format.

Pure functions: no file or network I/O. Formats read by ``parse_source``: Markdown with YAML
front matter (the store's format), JSON as ``show --json`` prints it, HTML pages, newsroom
page copy described by a ``TextLayout`` (GB News first), and plain text.

Names are loaded on first use: reading the store needs only the Markdown module.

Layer: above ``model``. It may import ``model``, ``errors`` and ``common`` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from articlediff.common.lazy import homes_of, lazy_exports

if TYPE_CHECKING:
    from articlediff.ingest.decode import decode_source
    from articlediff.ingest.ids import article_id_from_url, slugify
    from articlediff.ingest.layout import (
        COMMON_AGENCIES,
        TextLayout,
        credit_pattern,
        parse_layout,
    )
    from articlediff.ingest.layouts import LAYOUTS, layout_by_name
    from articlediff.ingest.markdown import dump_article, load_article
    from articlediff.ingest.source import ParsedSource, parse_source, parse_text

_EXPORTS = {
    "articlediff.ingest.decode": ("decode_source",),
    "articlediff.ingest.ids": ("article_id_from_url", "slugify"),
    "articlediff.ingest.layout": (
        "COMMON_AGENCIES",
        "TextLayout",
        "credit_pattern",
        "parse_layout",
    ),
    "articlediff.ingest.layouts": ("LAYOUTS", "layout_by_name"),
    "articlediff.ingest.markdown": ("dump_article", "load_article"),
    "articlediff.ingest.source": ("ParsedSource", "parse_source", "parse_text"),
}
__getattr__ = lazy_exports(__name__, homes_of(_EXPORTS))

__all__ = [
    "COMMON_AGENCIES",
    "LAYOUTS",
    "ParsedSource",
    "TextLayout",
    "article_id_from_url",
    "credit_pattern",
    "decode_source",
    "dump_article",
    "layout_by_name",
    "load_article",
    "parse_layout",
    "parse_source",
    "parse_text",
    "slugify",
]
