"""The layout shared by the ``plain`` and ``terminal`` formats; a :class:`Style` decides how
deletions, insertions and annotations look."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from articlediff.diff import ArticleDiff, Op
from articlediff.model import Revision
from articlediff.render.view import (
    Block,
    Part,
    body_blocks,
    changed_fields,
    field_label,
    gap_text,
    move_away_text,
    move_from_text,
    plain_ops,
    revision_line,
    stats_line,
)


class Style(Protocol):
    def text(self, text: str) -> str:
        """Unchanged article text."""

    def deleted(self, text: str) -> str: ...

    def inserted(self, text: str) -> str: ...

    def annotation(self, text: str) -> str:
        """A line of the renderer's own (gaps, moves), never article text."""

    def heading(self, text: str) -> str: ...


def inline(ops: Sequence[Op], style: Style) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(style.text(op.text))
        elif op.op == "delete":
            out.append(style.deleted(op.text))
        else:
            out.append(style.inserted(op.text))
    return "".join(out)


def header_lines(diff: ArticleDiff, old: Revision, new: Revision, style: Style) -> list[str]:
    return [
        style.heading(style.text(old.article_id)),
        f"from {style.text(revision_line(old))}",
        f"to   {style.text(revision_line(new))}",
        stats_line(diff),
    ]


def field_lines(diff: ArticleDiff, style: Style) -> list[str]:
    return [
        f"{style.heading(field_label(f.name) + ':')} {inline(plain_ops(f.ops), style)}"
        for f in changed_fields(diff)
    ]


def block_text(block: Block, style: Style) -> str:
    if block.kind == "gap":
        return style.annotation(f"@@ {gap_text(block)} @@")
    if block.kind == "moved_away":
        return style.annotation(f"@@ {move_away_text(block)} (move {block.move}) @@")
    text = inline(block.ops, style)
    if block.kind == "move":
        return style.annotation(f"@@ {move_from_text(block)} (move {block.move}) @@") + "\n" + text
    return text


def render_text(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    style: Style,
    *,
    context: int | None,
    part: Part = "all",
) -> str:
    """Header, then changed fields, then the body's paragraphs separated by blank lines."""
    sections: list[str] = []
    if part != "body":
        sections.append("\n".join(header_lines(diff, old, new, style)))
    if part in ("all", "fields"):
        fields = field_lines(diff, style)
        if fields:
            sections.append("\n".join(fields))
    if part in ("all", "body"):
        blocks = body_blocks(diff, context)
        if not blocks:
            sections.append(style.annotation("@@ no body text @@"))
        sections.extend(block_text(block, style) for block in blocks)
    return "\n\n".join(sections) + "\n"
