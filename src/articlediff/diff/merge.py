"""Three-way merge of articles: one revision's own edit applied to a text that has moved on.

``merge_articles(base, current, revision)`` takes the edit a revision made (``base``, the text
it was saved on top of, to ``revision``, its text) and applies it to ``current`` (the text
as it now stands, which may hold edits ``base`` never saw). ``sync`` uses it to rebuild an
article both clones changed, revision by revision in revision-time order.

The unit of an edit is the paragraph, and within a paragraph the sentence:

- **Body and captions**: the paragraphs of ``base`` are aligned with those of ``current``
  and of ``revision`` the way the diff aligns them (``align.align_paragraphs``: equal ones,
  and changed ones paired by similarity). A paragraph only one side changed takes that
  side's text; one both changed is merged sentence by sentence the same way. Paragraphs one
  side inserted or deleted are inserted or deleted; where both inserted at one place, both
  insertions are kept (``current``'s first).
- **Headline, standfirst, byline**: merged sentence by sentence.
- **Times and address** (``published``, ``updated``, ``url``): a field only one side changed
  takes that side's value.
- **Conflicts**: where both sides changed the same sentence (or replaced the same paragraphs)
  differently, the revision being applied is the later one, so its wording wins for that
  sentence or paragraph, and the place is named in ``MergedArticle.conflicts`` (``"body
  paragraph 3"``, ``"headline"``...) so that the rebuilt revision can say so. An ``updated``
  time moving forward is no conflict: each revision states its own.
- **The correction log** is not merged here: ``current``'s is returned, and the store unites
  the logs by entry (it knows which revision each entry names).

Words are never merged one by one: two edits to one sentence would make a sentence nobody
wrote. Pure and deterministic: diff-match-patch with no timeout (see ``engine``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final, TypeVar

from articlediff.diff.align import align_paragraphs
from articlediff.diff.engine import Budget, align_units
from articlediff.diff.tokens import sentence_bounds, token_keys, tokenize
from articlediff.model import Article

T = TypeVar("T")

_TEXT_FIELDS: Final = ("headline", "standfirst", "byline")


@dataclass(frozen=True)
class MergedArticle:
    """The merged article, and where the later revision's wording won a conflict."""

    article: Article
    conflicts: tuple[str, ...] = ()


def merge_articles(base: Article, current: Article, revision: Article) -> MergedArticle:
    """``current`` with the edit ``base`` → ``revision`` applied (see the module docstring)."""
    if _text_of(current) == _text_of(base):
        return MergedArticle(replace(revision, corrections=current.corrections))
    if _text_of(revision) in (_text_of(base), _text_of(current)):
        return MergedArticle(current)
    conflicts: list[str] = []
    fields: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        text, clash = merge_paragraph(
            getattr(base, name), getattr(current, name), getattr(revision, name)
        )
        fields[name] = text
        conflicts += [name] * clash
    body, clashed = merge_paragraphs(base.body, current.body, revision.body)
    conflicts += [f"body paragraph {number}" for number in clashed]
    captions, clashed = merge_paragraphs(base.captions, current.captions, revision.captions)
    conflicts += ["captions"] * bool(clashed)
    for label, names in (
        ("published time", ("published", "published_date_only")),
        ("updated time", ("updated", "updated_date_only")),
        ("url", ("url",)),
    ):
        values = [
            tuple(getattr(side, name) for name in names) for side in (base, current, revision)
        ]
        value, clash = _merge_value(values[0], values[1], values[2])
        if clash and label == "updated time" and _later_or_same(values[2][0], values[1][0]):
            clash = False  # the later revision states a later time: no conflict
        fields.update(zip(names, value, strict=True))
        conflicts += [label] * clash
    merged = replace(current, body=body, captions=captions, **fields)  # type: ignore[arg-type]
    return MergedArticle(merged, tuple(conflicts))


def merge_paragraphs(
    base: Sequence[str], current: Sequence[str], revision: Sequence[str]
) -> tuple[tuple[str, ...], list[int]]:
    """The paragraphs with the edit ``base`` → ``revision`` applied to ``current``, and the
    numbers (from 1) of the merged paragraphs where ``revision``'s wording won a conflict."""
    merged: list[str] = []
    conflicts: list[int] = []
    for part in _merge_units(base, current, revision):
        if part.both_changed and len(part.base) == 1:  # one paragraph both sides changed
            text, clash = merge_paragraph(part.base[0], part.current[0], part.revision[0])
            merged.append(text)
            conflicts += [len(merged)] * clash
            continue
        merged += part.result
        if part.conflict:
            conflicts.append(max(len(merged), 1))
    return tuple(merged), conflicts


def merge_paragraph(base: str, current: str, revision: str) -> tuple[str, bool]:
    """One paragraph (or field) with the edit ``base`` → ``revision`` applied to
    ``current`` sentence by sentence, and whether ``revision``'s wording won a conflict."""
    if current == base or revision == current:
        return revision, False
    if revision == base:
        return current, False
    sentences = [_sentences(text) for text in (base, current, revision)]
    out: list[str] = []
    clash = False
    for part in _merge_units(sentences[0], sentences[1], sentences[2]):
        out += part.result
        clash = clash or part.conflict or part.both_changed
    return " ".join(out), clash


@dataclass(frozen=True)
class _Part:
    """A stretch of the merge: the units of each side, what the merge keeps, and whether
    both sides changed it (``both_changed``: one unit each side changed differently, kept
    from ``revision`` unless the caller merges it finer) or it is a conflict of inserted or
    deleted units (``conflict``)."""

    base: tuple[str, ...]
    current: tuple[str, ...]
    revision: tuple[str, ...]
    result: tuple[str, ...]
    both_changed: bool = False
    conflict: bool = False


def _merge_units(
    base: Sequence[str], current: Sequence[str], revision: Sequence[str]
) -> list[_Part]:
    """The three unit sequences merged, diff3-style, with units that the alignment pairs
    (equal, or changed but similar) as the points the three sides meet at."""
    to_current = _pairs(base, current)
    to_revision = _pairs(base, revision)
    parts: list[_Part] = []
    o = a = b = 0
    while True:
        meet = next((k for k in range(o, len(base)) if k in to_current and k in to_revision), None)
        ends = (
            (len(base), len(current), len(revision))
            if meet is None
            else (meet, to_current[meet], to_revision[meet])
        )
        gap = (tuple(base[o : ends[0]]), tuple(current[a : ends[1]]), tuple(revision[b : ends[2]]))
        if any(gap):
            parts.append(_gap(*gap))
        if meet is None:
            return parts
        unit = (base[meet], current[ends[1]], revision[ends[2]])
        kept = _merge_value(*unit)
        parts.append(_Part((unit[0],), (unit[1],), (unit[2],), (kept[0],), both_changed=kept[1]))
        o, a, b = meet + 1, ends[1] + 1, ends[2] + 1


def _gap(base: tuple[str, ...], current: tuple[str, ...], revision: tuple[str, ...]) -> _Part:
    """Units between meeting points: inserted or deleted by one side or both."""
    if current == base or revision == current:
        return _Part(base, current, revision, revision)
    if revision == base:
        return _Part(base, current, revision, current)
    if not base:  # both inserted here: keep both, each unit once
        spans = align_units(current, revision, Budget())
        union: list[str] = []
        for tag, i1, i2, j1, j2 in spans:
            union += current[i1:i2] if tag != "insert" else revision[j1:j2]
        return _Part(base, current, revision, tuple(union))
    return _Part(base, current, revision, revision, conflict=True)


def _pairs(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Each unit of ``old`` the alignment keeps or pairs with a changed unit of ``new``."""
    slots = align_paragraphs(
        [token_keys(tokenize(unit)) for unit in old],
        [token_keys(tokenize(unit)) for unit in new],
        Budget(),
    )
    return {
        slot.old: slot.new
        for slot in slots
        if slot.kind in ("equal", "change") and slot.old is not None and slot.new is not None
    }


def _sentences(text: str) -> list[str]:
    tokens = tokenize(text)
    bounds = sentence_bounds(tokens)
    found = ["".join(tokens[start:end]).strip() for start, end in itertools.pairwise(bounds)]
    return [sentence for sentence in found if sentence]


def _merge_value(base: T, current: T, revision: T) -> tuple[T, bool]:
    """A value's merge, and whether both sides changed it differently (the revision's value
    then wins)."""
    if revision in (base, current):
        return current, False
    if current == base:
        return revision, False
    return revision, True


def _later_or_same(revision: object, current: object) -> bool:
    if isinstance(revision, datetime) and isinstance(current, datetime):
        return revision >= current
    return False


def _text_of(article: Article) -> Article:
    """The article without its correction log: what the merge compares."""
    return replace(article, corrections=())
