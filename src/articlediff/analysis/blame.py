"""Blame: which revision introduced each paragraph and sentence of an article in its current
wording. Pure: a function of the revisions (oldest first), no I/O.

A sentence (or paragraph) is credited to the earliest revision from which it has been present,
word for word, in every later revision up to the one blamed. Wording is compared with runs of
whitespace collapsed and Unicode NFC-normalised; a sentence that was removed and put back is
credited to the revision that put it back. ``technical`` revisions (re-extractions) are
skipped: they never take credit for text, except the revision blamed itself.
"""

from __future__ import annotations

import functools
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
    return set().union(*map(_paragraph_sentences, article.body))


@functools.lru_cache(maxsize=8192)
def _paragraph_sentences(paragraph: str) -> frozenset[str]:
    """The wordings of a paragraph's sentences, worked out once per paragraph text (the
    revisions of a history share nearly all their paragraphs)."""
    return frozenset(wording(s) for s in split_sentences(paragraph))


def _paragraph_keys(article: Article) -> set[str]:
    return {wording(paragraph) for paragraph in article.body}


def blame(history: Sequence[Revision], target: Revision | None = None) -> Blame:
    """Blame ``target`` (default: the last revision) against the revisions before it."""
    if not history:
        raise InputError("nothing to blame: the article has no revisions")
    target = target or history[-1]
    upto = [r for r in history if r.number <= target.number]
    if not upto or upto[-1] != target:
        raise InputError(f"{target.label} is not a revision of this history")
    return blame_chain([r for r in upto[:-1] if r.kind != "technical"] + [target])


def blame_chain(chain: Sequence[Revision]) -> Blame:
    """Blame the last of ``chain`` (the revisions that may take credit, oldest first: no
    ``technical`` one but the last). The chain is walked back from the end only as far as
    some wording's origin is still open, so a lazy sequence reads no more revisions than
    the answer needs; the result is that of comparing every revision."""
    target = chain[-1]
    body = target.article.body
    sentences = [[(s, wording(s)) for s in split_sentences(text)] for text in body]
    open_sentences = {key for found in sentences for _, key in found}
    open_paragraphs = {wording(text) for text in body}
    origins: dict[tuple[bool, str], Revision] = {}
    k = len(chain) - 1
    while k > 0 and (open_sentences or open_paragraphs):
        before = chain[k - 1].article
        for is_sentence, still, present in (
            (True, open_sentences, _sentence_keys(before)),
            (False, open_paragraphs, _paragraph_keys(before)),
        ):
            for key in still - present:
                origins[is_sentence, key] = chain[k]
            still &= present
        k -= 1
    for is_sentence, still in ((True, open_sentences), (False, open_paragraphs)):
        for key in still:
            origins[is_sentence, key] = chain[k]
    paragraphs = []
    for index, text in enumerate(body):
        found = tuple(BlameSentence(s, origins[True, key]) for s, key in sentences[index])
        origin = origins[False, wording(text)]
        paragraphs.append(BlameParagraph(index, text, origin, found))
    return Blame(target, tuple(paragraphs))
