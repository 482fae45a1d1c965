"""What every diff renderer shows, worked out once: the header lines, the changed fields, and
the body as a sequence of blocks cut down to the requested context.

Pure functions of an ``ArticleDiff`` and its two revisions; the renderers only decorate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from articlediff.common.formats import DiffPart
from articlediff.common.timeutil import format_moment, format_short
from articlediff.common.words import plural
from articlediff.diff import ArticleDiff, FieldDiff, Op, ParagraphDiff
from articlediff.model import Revision

BlockKind = Literal["equal", "insert", "delete", "change", "move", "moved_away", "gap"]
Part = DiffPart

FIELD_ORDER: Final = ("headline", "byline", "standfirst", "captions", "published", "updated")
FIELD_LABELS: Final = {
    "headline": "Headline",
    "byline": "Byline",
    "standfirst": "Standfirst",
    "captions": "Captions",
    "published": "Published",
    "updated": "Updated",
}


@dataclass(frozen=True)
class Block:
    """One body paragraph as shown, a stub where a moved paragraph used to be, or a gap of
    unchanged paragraphs left out. Paragraph numbers count from 1."""

    kind: BlockKind
    ops: tuple[Op, ...] = ()
    old_number: int | None = None
    new_number: int | None = None
    move: int | None = None
    skipped: int = 0

    @property
    def changed(self) -> bool:
        return self.kind not in ("equal", "gap")


def _number(index: int | None) -> int | None:
    return None if index is None else index + 1


def _block(paragraph: ParagraphDiff) -> Block:
    return Block(
        paragraph.kind,
        paragraph.ops,
        _number(paragraph.old_index),
        _number(paragraph.new_index),
        paragraph.move,
    )


def all_blocks(paragraphs: Sequence[ParagraphDiff]) -> list[Block]:
    """Every paragraph in reading order, with a ``moved_away`` stub at the old place of each
    moved paragraph (before the first paragraph that came after it in the older text)."""
    blocks = [_block(p) for p in paragraphs]
    for paragraph in paragraphs:
        if paragraph.kind != "move" or paragraph.old_index is None:
            continue
        old_number = paragraph.old_index + 1
        stub = Block(
            "moved_away",
            tuple(op for op in paragraph.ops if op.op != "insert"),
            old_number,
            _number(paragraph.new_index),
            paragraph.move,
        )
        at = len(blocks)
        for k, block in enumerate(blocks):
            if (
                block.kind not in ("move", "moved_away")
                and block.old_number is not None
                and block.old_number > old_number
            ):
                at = k
                break
        blocks.insert(at, stub)
    return blocks


def with_context(blocks: Sequence[Block], context: int | None) -> list[Block]:
    """``blocks`` with unchanged paragraphs further than ``context`` from any change folded
    into gaps; ``None`` keeps everything."""
    if context is None:
        return list(blocks)
    changed = [k for k, block in enumerate(blocks) if block.changed]
    keep = [False] * len(blocks)
    for k in changed:
        for j in range(max(0, k - context), min(len(blocks), k + context + 1)):
            keep[j] = True
    out: list[Block] = []
    for k, block in enumerate(blocks):
        if keep[k]:
            out.append(block)
        elif out and out[-1].kind == "gap":
            out[-1] = Block("gap", skipped=out[-1].skipped + 1)
        else:
            out.append(Block("gap", skipped=1))
    return out


def body_blocks(diff: ArticleDiff, context: int | None) -> list[Block]:
    return with_context(all_blocks(diff.paragraphs), context)


def changed_fields(diff: ArticleDiff) -> list[FieldDiff]:
    """The fields that changed, headline first, then byline, standfirst, captions, times."""
    by_name = {f.name: f for f in diff.fields}
    return [by_name[name] for name in FIELD_ORDER if name in by_name and by_name[name].changed]


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.capitalize())


def plain_ops(ops: Sequence[Op]) -> list[Op]:
    """``ops`` with move halves shown as plain deletions and insertions (used for fields)."""
    return [Op(op.op, op.text) if op.move is not None else op for op in ops]


def revision_time(revision: Revision) -> str:
    """``2024-06-19 08:14 +01:00``, or ``2024-06-19`` when the revision's time is a date its
    article stated alone (``Revision.at_date_only``)."""
    if revision.at_date_only:
        return format_moment(revision.at, True)
    return format_short(revision.at)


def revision_line(revision: Revision) -> str:
    """``r2  2024-06-19 08:14 +01:00  update  added expert comment``."""
    parts = [revision.label, revision_time(revision), revision.kind]
    if revision.note:
        parts.append(revision.note)
    return "  ".join(parts)


def words_summary(diff: ArticleDiff) -> str:
    s = diff.stats
    return (
        f"+{s.words_added} -{s.words_deleted} ({s.words_changed} replaced), "
        f"{s.words_old} → {s.words_new}"
    )


def paragraphs_summary(diff: ArticleDiff) -> str:
    s = diff.stats
    return (
        f"{s.paragraphs_added} added, {s.paragraphs_deleted} deleted, "
        f"{s.paragraphs_changed} changed, {s.paragraphs_moved} moved"
    )


def stats_line(diff: ArticleDiff) -> str:
    return (
        f"words {words_summary(diff)} · paragraphs {paragraphs_summary(diff)} · "
        f"verdict {diff.verdict}"
    )


def gap_text(block: Block) -> str:
    return plural(block.skipped, "unchanged paragraph")


def move_from_text(block: Block) -> str:
    return f"paragraph {block.new_number}, moved from paragraph {block.old_number}"


def move_away_text(block: Block) -> str:
    # Said as a place, not a heading: the paragraph after this line is a different one.
    way = "down" if (block.new_number or 0) > (block.old_number or 0) else "up"
    return f"paragraph {block.old_number} was here; moved {way} to paragraph {block.new_number}"
