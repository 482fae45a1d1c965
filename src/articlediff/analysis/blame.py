"""Blame: which revision introduced each paragraph and sentence of an article in its current
wording. Pure: a function of the revisions (oldest first), no I/O.

A sentence (or paragraph) is credited to the earliest revision from which it has been present,
word for word, in every later revision up to the one blamed. Wording is compared with runs of
whitespace collapsed and Unicode NFC-normalised; a sentence that was removed and put back is
credited to the revision that put it back. ``technical`` revisions (re-extractions) are
skipped: they never take credit for text, except the revision blamed itself.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from articlediff.diff.tokens import sentence_bounds, tokenize
from articlediff.errors import InputError
from articlediff.model import Article, Revision


@dataclass(frozen=True)
class BlameSentence:
    text: str
    origin: Revision


@dataclass(frozen=True)
class BlameParagraph:
    index: int
    text: str
    origin: Revision
    sentences: tuple[BlameSentence, ...]


@dataclass(frozen=True)
class Blame:
    """The article at ``revision``, paragraph by paragraph, with the origin of each part."""

    revision: Revision
    paragraphs: tuple[BlameParagraph, ...]


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of ``paragraph`` (the diff engine's sentence rules), trailing
    whitespace dropped."""
    tokens = tokenize(paragraph)
    out = []
    for start, end in itertools.pairwise(sentence_bounds(tokens)):
        text = "".join(tokens[start:end]).rstrip()
        if text:
            out.append(text)
    return out


def wording(text: str) -> str:
    """The form wording is compared in: whitespace collapsed, NFC."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _sentence_keys(article: Article) -> set[str]:
    return {wording(s) for paragraph in article.body for s in split_sentences(paragraph)}


def _paragraph_keys(article: Article) -> set[str]:
    return {wording(paragraph) for paragraph in article.body}


def _origin(key: str, chain: Sequence[Revision], present: Sequence[set[str]]) -> Revision:
    k = len(chain) - 1
    while k > 0 and key in present[k - 1]:
        k -= 1
    return chain[k]


def blame(history: Sequence[Revision], target: Revision | None = None) -> Blame:
    """Blame ``target`` (default: the last revision) against the revisions before it."""
    if not history:
        raise InputError("nothing to blame: the article has no revisions")
    target = target or history[-1]
    upto = [r for r in history if r.number <= target.number]
    if not upto or upto[-1] != target:
        raise InputError(f"{target.label} is not a revision of this history")
    chain = [r for r in upto[:-1] if r.kind != "technical"] + [target]
    sentences_present = [_sentence_keys(r.article) for r in chain]
    paragraphs_present = [_paragraph_keys(r.article) for r in chain]
    paragraphs = []
    for index, text in enumerate(target.article.body):
        sentences = tuple(
            BlameSentence(s, _origin(wording(s), chain, sentences_present))
            for s in split_sentences(text)
        )
        origin = _origin(wording(text), chain, paragraphs_present)
        paragraphs.append(BlameParagraph(index, text, origin, sentences))
    return Blame(target, tuple(paragraphs))
