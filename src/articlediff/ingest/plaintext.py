"""Plain text: a headline line, then the body.

Rules:

- The first non-blank line is the headline (a Markdown heading's leading "#" marks are
  removed: "# Title" → "Title").
- If the rest of the text has blank lines, they separate paragraphs and the lines inside a
  paragraph are hard-wrapped text, joined with one space.
- If the rest has no blank line at all, each line is a paragraph: text copied from a page or
  a chat often comes one paragraph per line with no blank lines in between, and joining it
  all into one paragraph would lose the paragraph structure the diff works on.
- Each paragraph's surrounding whitespace is stripped; the text is otherwise kept as given.
"""

from __future__ import annotations

import re
from typing import Final

from articlediff.errors import InputError
from articlediff.ingest.markdown import split_paragraphs
from articlediff.model import Article

_HEADING: Final = re.compile(r"#{1,6}\s+(?P<text>.*?)(?:\s+#+)?")


def parse_plain(text: str, *, name: str) -> Article:
    """The article in plain ``text`` (see the module docstring); ``InputError`` if empty."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise InputError(f"{name}: no article text found")
    headline = lines[start].strip()
    heading = _HEADING.fullmatch(headline)
    if heading:
        headline = heading["text"]
    rest = lines[start + 1 :]
    while rest and not rest[0].strip():
        rest = rest[1:]
    while rest and not rest[-1].strip():
        rest = rest[:-1]
    if any(not line.strip() for line in rest):
        body = split_paragraphs(rest)
    else:
        body = [line.strip() for line in rest]
    if not headline and not body:
        raise InputError(f"{name}: no article text found")
    return Article(headline=headline, body=tuple(body))
