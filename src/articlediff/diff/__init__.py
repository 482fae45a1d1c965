"""Word-level diffs of articles: pure functions, no I/O.

``diff_articles(old, new)`` and ``diff_texts(old, new)`` return an :class:`ArticleDiff`
whose ``to_json()`` follows the ``articlediff.diff/1`` schema (docs/diff.md).

Layer: above ``model``. It may import ``model``, ``errors`` and ``common`` only; it never
sees the store, the ingesters or a renderer.
"""

from __future__ import annotations

from articlediff.diff.article import diff_articles, diff_texts, split_paragraphs, words_changed
from articlediff.diff.classify import RULES_VERSION
from articlediff.diff.model import (
    SCHEMA,
    ArticleDiff,
    Change,
    ChangeReason,
    DiffStats,
    FieldDiff,
    Op,
    ParagraphDiff,
)
from articlediff.diff.tokens import count_words, is_word, tokenize

__all__ = [
    "RULES_VERSION",
    "SCHEMA",
    "ArticleDiff",
    "Change",
    "ChangeReason",
    "DiffStats",
    "FieldDiff",
    "Op",
    "ParagraphDiff",
    "count_words",
    "diff_articles",
    "diff_texts",
    "is_word",
    "split_paragraphs",
    "tokenize",
    "words_changed",
]
