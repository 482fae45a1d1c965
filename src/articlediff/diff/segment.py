"""Sentences of a paragraph, found by a maintained segmenter that knows abbreviations.

sentencex (Wikimedia's rule-based segmenter, MIT) splits the text: it keeps
"U.S.", "Nov. 5", "4 a.m.", "Calif.", initials ("J. R. R. Tolkien"), decimals and quotations
inside their sentence, and is fast (tens of MB a second). docs/diff.md gives the comparison
with pysbd, syntok, segtok and Punkt that led to it. A line break always ends a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import sentencex

_BREAK: Final = re.compile(r"\n+")


@lru_cache(maxsize=4096)
def sentence_spans(text: str, language: str = "en") -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence of ``text``, trailing whitespace excluded; the
    spans cover every non-space character of the text, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in [*_BREAK.finditer(text), None]:
        end = line.start() if line else len(text)
        _line(text, start, end, language, spans)
        if line:
            start = line.end()
    return tuple(spans)


def _line(text: str, start: int, end: int, language: str, out: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    if not chunk.strip():
        return
    pieces = sentencex.segment(language, chunk)
    if "".join(pieces) != chunk:  # never seen; a guard so spans always cover the text
        pieces = [chunk]
    at = start
    for piece in pieces:
        kept = piece.strip()
        if kept:
            s = at + len(piece) - len(piece.lstrip())
            out.append((s, s + len(kept)))
        at += len(piece)
