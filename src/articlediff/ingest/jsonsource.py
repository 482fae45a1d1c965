"""JSON articles: the object ``articlediff show --json`` prints, so it can be saved back.

The article keys are those of the front matter (``id``, ``headline``, ``standfirst``,
``byline``, ``published``, ``updated``, ``url``, ``captions``, ``corrections``) plus ``body``,
one string with paragraphs separated by blank lines. Keys describing the revision rather than
the article (``revision``, ``commit``, ``kind``, ``at``, ``note`` ...) are ignored.
"""

from __future__ import annotations

import json
from datetime import tzinfo

from articlediff.errors import InputError
from articlediff.ingest.markdown import FRONT_MATTER_KEYS, MarkdownSource, article_from_meta


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith("{")


def parse_json(text: str, *, name: str, tz: tzinfo) -> MarkdownSource:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{name}: not valid JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(value, dict):
        raise InputError(f"{name}: expected a JSON object describing an article")
    body = value.get("body", "")
    if not isinstance(body, str):
        raise InputError(f"{name}: 'body' must be a string, paragraphs separated by a blank line")
    meta = {
        key: item for key, item in value.items() if key in FRONT_MATTER_KEYS and item is not None
    }
    paragraphs = [" ".join(part.split("\n")).strip() for part in body.split("\n\n")]
    return article_from_meta(meta, [part for part in paragraphs if part], name=name, tz=tz)
