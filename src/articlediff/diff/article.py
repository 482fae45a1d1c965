"""Diffing whole articles: body paragraphs, then fields, then classification."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from articlediff.common.furniture import FURNITURE
from articlediff.common.timeutil import format_moment
from articlediff.diff import classify
from articlediff.diff.align import Slot, align_keyed
from articlediff.diff.engine import Budget, Span
from articlediff.diff.model import (
    ArticleDiff,
    Change,
    DiffStats,
    FieldDiff,
    Op,
    ParagraphDiff,
    Reason,
)
from articlediff.diff.tokens import count_text_words, count_words, is_word, token_keys, tokenize
from articlediff.diff.words import diff_tokens
from articlediff.model import Article

SEPARATOR = "\n\n"
"""Paragraph separator of ``Article.body_text`` and of ``diff_texts``' paragraphs."""


def merge_ops(ops: Sequence[Op]) -> tuple[Op, ...]:
    """Join neighbouring ops of the same kind and move; drop empty ones."""
    out: list[Op] = []
    for op in ops:
        if not op.text and not op.old_text:
            continue
        if out and out[-1].op == op.op and out[-1].move == op.move:
            prev = out[-1]
            old_text = None
            if prev.old_text is not None or op.old_text is not None:
                old_text = (prev.old_text if prev.old_text is not None else prev.text) + (
                    op.old_text if op.old_text is not None else op.text
                )
            out[-1] = Op(prev.op, prev.text + op.text, prev.move, old_text)
        else:
            out.append(op)
    return tuple(out)


@dataclass
class _Counts:
    added: int = 0
    deleted: int = 0
    changed: int = 0


def _equal_op(old: str, new: str) -> Op:
    return Op("equal", new, old_text=None if old == new else old)


def word_ops(
    a: Sequence[str], b: Sequence[str], spans: Sequence[Span], counts: _Counts | None = None
) -> tuple[Op, ...]:
    """Ops for token spans; updates ``counts`` with the words added, deleted and replaced."""
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in spans:
        if tag == "equal":
            ops.append(_equal_op("".join(a[i1:i2]), "".join(b[j1:j2])))
        elif tag == "delete":
            ops.append(Op(tag, "".join(a[i1:i2])))
        else:
            ops.append(Op(tag, "".join(b[j1:j2])))
    if counts is not None:
        tally(a, b, spans, counts)
    return merge_ops(ops)


def tally(a: Sequence[str], b: Sequence[str], spans: Sequence[Span], counts: _Counts) -> None:
    """Add to ``counts`` the words the token spans add, delete and replace (a deletion
    next to an insertion replaces the smaller number of words)."""
    last_tag, last_words = "", 0
    for tag, i1, i2, j1, j2 in spans:
        if tag == "equal":
            last_tag = ""
            continue
        if tag == "delete":
            words = count_words(a[i1:i2])
            counts.deleted += words
        else:
            words = count_words(b[j1:j2])
            counts.added += words
        if last_tag and last_tag != tag:
            counts.changed += min(words, last_words)
        last_tag, last_words = tag, words


def _tokens(text: str) -> tuple[list[str], list[str]]:
    tokens = tokenize(text)
    return tokens, token_keys(tokens)


PARAGRAPH_MEMO = 8192
"""Paragraphs whose tokens are kept (``_paragraph``): a history's consecutive pairs share
nearly all their paragraphs, so each is tokenized once however many pairs it is in."""


@functools.lru_cache(maxsize=PARAGRAPH_MEMO)
def _paragraph(text: str) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """A paragraph's tokens, their keys and its word count, computed once per text (the
    same for every pair it is in)."""
    tokens = tokenize(text)
    return tuple(tokens), tuple(token_keys(tokens)), count_words(tokens)


@functools.lru_cache(maxsize=PARAGRAPH_MEMO)
def _outline(text: str) -> tuple[str, int]:
    """A paragraph's key (its token keys joined: what the alignment compares) and its word
    count, without tokenizing it when it is in NFC (its key is then its text): most
    paragraphs of a pair are equal and need no more than this (``_paragraph`` tokenizes the
    others)."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, count_text_words(text)
    _, keys, words = _paragraph(text)
    return "".join(keys), words


def _aligned(
    old: Sequence[str],
    new: Sequence[str],
    old_out: Sequence[tuple[str, int]],
    new_out: Sequence[tuple[str, int]],
    budget: Budget,
) -> list[Slot]:
    """The paragraph slots of two bodies, given their outlines (``_outline``)."""
    return align_keyed(
        [key for key, _ in old_out],
        [key for key, _ in new_out],
        lambda i: _paragraph(old[i])[1],
        lambda j: _paragraph(new[j])[1],
        budget,
    )


@dataclass
class _Body:
    ops: tuple[Op, ...]
    paragraphs: tuple[ParagraphDiff, ...]
    counts: _Counts
    words_old: int
    words_new: int
    changes: list[Change]
    moved: int


def _diff_paragraphs(
    old: Sequence[str],
    new: Sequence[str],
    budget: Budget,
    field: str = "body",
    furniture: classify.Furniture | None = None,
    *,
    classified: bool = True,
) -> _Body:
    old_out = [_outline(p) for p in old]
    new_out = [_outline(p) for p in new]
    slots = _aligned(old, new, old_out, new_out, budget)
    counts = _Counts()
    flat: list[Op] = []
    paragraphs: list[ParagraphDiff] = []
    changes: list[Change] = []
    old_started = new_started = False
    moved = 0
    patterns = FURNITURE if furniture is None else furniture
    # A changed paragraph is classified on its own; a stretch of deleted and inserted
    # paragraphs between the others is classified as one, so a short text rewritten as a
    # longer one keeps the sentences it kept.
    region_old: list[tuple[str, int | None]] = []
    region_new: list[tuple[str, int | None]] = []

    def flush() -> None:
        if classified and (region_old or region_new):
            changes.extend(classify.region_changes(region_old, region_new, field, patterns))
        region_old.clear()
        region_new.clear()

    def separator(on_old: bool, on_new: bool) -> None:
        nonlocal old_started, new_started
        sep_old, sep_new = on_old and old_started, on_new and new_started
        if sep_old and sep_new:
            flat.append(Op("equal", SEPARATOR))
        elif sep_old:
            flat.append(Op("delete", SEPARATOR))
        elif sep_new:
            flat.append(Op("insert", SEPARATOR))
        old_started = old_started or on_old
        new_started = new_started or on_new

    for slot in slots:
        i, j = slot.old, slot.new
        index = len(paragraphs)
        if slot.kind == "equal" and i is not None and j is not None:
            flush()
            separator(True, True)
            op = _equal_op(old[i], new[j])
            flat.append(op)
            paragraphs.append(ParagraphDiff("equal", i, j, merge_ops([op])))
        elif slot.kind in ("change", "move") and i is not None and j is not None:
            (a, ak, _), (b, bk, _) = _paragraph(old[i]), _paragraph(new[j])
            ops = word_ops(a, b, diff_tokens(ak, bk, budget), counts)
            if slot.kind == "change":
                separator(True, True)
                flat.extend(ops)
                paragraphs.append(ParagraphDiff("change", i, j, ops))
                flush()
                region_old.append((old[i], index))
                region_new.append((new[j], index))
                flush()
            else:
                flush()
                moved += 1
                separator(False, True)
                flat.append(Op("insert", new[j], slot.move))
                paragraphs.append(ParagraphDiff("move", i, j, ops, slot.move))
                if classified:
                    changes.append(classify.move_change(old[i], new[j], index))
                    if any(op.op != "equal" for op in ops):
                        changes.extend(
                            classify.region_changes(
                                [(old[i], index)], [(new[j], index)], field, patterns
                            )
                        )
        elif slot.kind == "move_out" and i is not None:
            separator(True, False)
            flat.append(Op("delete", old[i], slot.move))
        elif slot.kind == "delete" and i is not None:
            separator(True, False)
            flat.append(Op("delete", old[i]))
            counts.deleted += old_out[i][1]
            paragraphs.append(ParagraphDiff("delete", i, None, merge_ops([Op("delete", old[i])])))
            region_old.append((old[i], index))
        elif slot.kind == "insert" and j is not None:
            separator(False, True)
            flat.append(Op("insert", new[j]))
            counts.added += new_out[j][1]
            paragraphs.append(ParagraphDiff("insert", None, j, merge_ops([Op("insert", new[j])])))
            region_new.append((new[j], index))
    flush()
    return _Body(
        merge_ops(flat),
        tuple(paragraphs),
        counts,
        sum(words for _, words in old_out),
        sum(words for _, words in new_out),
        changes,
        moved,
    )


def _changes(
    old: str | None, new: str | None, field: str, furniture: classify.Furniture
) -> list[Change]:
    return classify.region_changes(
        [(old, None)] if old else [], [(new, None)] if new else [], field, furniture
    )


def _text_field(name: str, old: str, new: str, budget: Budget) -> FieldDiff:
    (a, ak), (b, bk) = _tokens(old), _tokens(new)
    return FieldDiff(name, old, new, word_ops(a, b, diff_tokens(ak, bk, budget)))


def _moment_text(moment: datetime | None, date_only: bool) -> str | None:
    """A time as ISO 8601, or the date alone when the source gave only a date."""
    if moment is None:
        return None
    return format_moment(moment, True) if date_only else moment.isoformat()


def _time_field(
    name: str, old: datetime | None, old_date_only: bool, new: datetime | None, new_date_only: bool
) -> FieldDiff:
    """A time field; a value given as a date alone is diffed as that date, so a date that
    gains a time (or loses it) is a change, and a date is never shown as midnight."""
    a = _moment_text(old, old_date_only)
    b = _moment_text(new, new_date_only)
    if old == new and old_date_only == new_date_only and a is not None and b is not None:
        ops: tuple[Op, ...] = (_equal_op(a, b),)
    else:
        ops = merge_ops([Op("delete", a or ""), Op("insert", b or "")])
    return FieldDiff(name, a, b, ops)


def _stats(body: _Body) -> DiffStats:
    kinds = [p.kind for p in body.paragraphs]
    total = body.words_old + body.words_new
    edited = body.counts.added + body.counts.deleted
    return DiffStats(
        words_old=body.words_old,
        words_new=body.words_new,
        words_added=body.counts.added,
        words_deleted=body.counts.deleted,
        words_changed=body.counts.changed,
        paragraphs_added=kinds.count("insert"),
        paragraphs_deleted=kinds.count("delete"),
        paragraphs_changed=kinds.count("change"),
        paragraphs_moved=body.moved,
        share_changed=edited / total if total else 0.0,
    )


def diff_articles(
    old: Article,
    new: Article,
    *,
    furniture: classify.Furniture | None = None,
    classified: bool = True,
) -> ArticleDiff:
    """Diff two versions of an article: body word by word, each field on its own.

    ``furniture`` is the page-furniture patterns classification uses (default: the built-in
    ones, ``articlediff.common.furniture.FURNITURE``; a store adds its own in
    ``articlediff.toml``). ``classified=False`` gives the word diff alone: no changes, and
    the verdict ``minor`` (benchmarks measure the classification's cost this way).
    """
    patterns = FURNITURE if furniture is None else furniture
    budget = Budget()
    body = _diff_paragraphs(old.body, new.body, budget, "body", patterns, classified=classified)
    captions = _diff_paragraphs(
        old.captions, new.captions, budget, "captions", patterns, classified=classified
    )
    fields = (
        _text_field("headline", old.headline, new.headline, budget),
        _text_field("standfirst", old.standfirst, new.standfirst, budget),
        _text_field("byline", old.byline, new.byline, budget),
        FieldDiff(
            "captions", SEPARATOR.join(old.captions), SEPARATOR.join(new.captions), captions.ops
        ),
        _time_field(
            "published",
            old.published,
            old.published_date_only,
            new.published,
            new.published_date_only,
        ),
        _time_field(
            "updated", old.updated, old.updated_date_only, new.updated, new.updated_date_only
        ),
    )
    changes: list[Change] = []
    if not classified:
        return ArticleDiff(body.ops, body.paragraphs, fields, _stats(body), "minor", ())
    changes += classify.field_edit("headline", old.headline, new.headline, patterns)
    if old.standfirst != new.standfirst:
        changes += _changes(old.standfirst, new.standfirst, "standfirst", patterns)
    changes += classify.field_edit("byline", old.byline, new.byline, patterns)
    changes += [replace(c, paragraph=None) for c in classify.merge_sentence_moves(captions.changes)]
    if fields[4].changed:
        reason = Reason("published", fields[4].old or "", fields[4].new or "", "update")
        changes.append(
            Change(
                "edit",
                "published",
                None,
                fields[4].old,
                fields[4].new,
                ("published",),
                "update",
                (reason,),
            )
        )
    changes += classify.merge_sentence_moves(body.changes)
    return ArticleDiff(
        ops=body.ops,
        paragraphs=body.paragraphs,
        fields=fields,
        stats=_stats(body),
        verdict=classify.verdict(changes),
        changes=tuple(changes),
    )


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Split a text into paragraphs at each blank line (``"\\n\\n"``), so that joining the
    paragraphs with ``"\\n\\n"`` gives the text back exactly."""
    return tuple(text.split(SEPARATOR)) if text else ()


def diff_texts(old: str, new: str, *, classified: bool = True) -> ArticleDiff:
    """Diff two plain texts as article bodies (no headline or other fields)."""
    return diff_articles(
        Article(headline="", body=split_paragraphs(old)),
        Article(headline="", body=split_paragraphs(new)),
        classified=classified,
    )


def words_changed(old: str, new: str) -> tuple[int, int]:
    """Words added and words deleted between two texts (the +/- columns of a log): the
    counts of ``diff_texts(old, new)``'s body, without making its ops (tested against it)."""
    before, after = split_paragraphs(old), split_paragraphs(new)
    old_out = [_outline(p) for p in before]
    new_out = [_outline(p) for p in after]
    budget = Budget()
    counts = _Counts()
    for slot in _aligned(before, after, old_out, new_out, budget):
        i, j = slot.old, slot.new
        if slot.kind in ("change", "move") and i is not None and j is not None:
            (a, ak, _), (b, bk, _) = _paragraph(before[i]), _paragraph(after[j])
            tally(a, b, diff_tokens(ak, bk, budget), counts)
        elif slot.kind == "delete" and i is not None:
            counts.deleted += old_out[i][1]
        elif slot.kind == "insert" and j is not None:
            counts.added += new_out[j][1]
    return counts.added, counts.deleted


__all__ = ["diff_articles", "diff_texts", "is_word", "split_paragraphs", "words_changed"]
