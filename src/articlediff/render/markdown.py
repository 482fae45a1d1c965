"""``--format markdown``: a Markdown document with the changes in CriticMarkup.

``{++inserted++}``, ``{--deleted--}``, and ``{~~old~>new~~}`` where a deletion is directly
followed by an insertion. Article text is escaped so that it stays text: Markdown syntax
characters get a backslash, ``<`` and ``&`` become character references (raw HTML in a
revision comes out inert), and line-leading list and heading markers are escaped.

Fallback when the text itself contains a CriticMarkup delimiter (``{++ ++} {-- --} {~~ ~>
~~} {== ==} {>> <<}``): the delimiter's first character is written as a numeric character
reference (``{`` as ``&#123;``, ``+`` as ``&#43;`` …). Markdown shows the same characters,
while a CriticMarkup processor, which reads the raw text, no longer sees a delimiter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from articlediff.common.controls import visible
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
    paragraphs_summary,
    plain_ops,
    revision_time,
    words_summary,
)

DELIMITERS: Final = ("{++", "++}", "{--", "--}", "{~~", "~~}", "~>", "{==", "==}", "{>>", "<<}")
_DELIMITER = re.compile("|".join(re.escape(d) for d in DELIMITERS))
_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_LINE_START = re.compile(r"(?m)^(\s*)([-+>=]|\d+(?=[.)]))")


def _reference(char: str) -> str:
    return {"<": "&lt;", ">": "&gt;"}.get(char, f"&#{ord(char)};")


def escape(text: str) -> str:
    """Article text as literal Markdown that holds no CriticMarkup delimiter."""
    text = visible(text)
    text = _DELIMITER.sub(lambda m: _reference(m.group()[0]) + m.group()[1:], text)
    out = []
    k = 0
    # References made above must survive: escape & only where it does not start one of ours.
    for match in re.finditer(r"&(?:lt|gt|#\d+);", text):
        out.append(_escape_plain(text[k : match.start()]))
        out.append(match.group())
        k = match.end()
    out.append(_escape_plain(text[k:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _escape_line_starts(text: str) -> str:
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def inline(ops: Sequence[Op]) -> str:
    out = []
    k = 0
    while k < len(ops):
        op = ops[k]
        if op.op == "equal":
            out.append(escape(op.text))
        elif op.op == "delete" and k + 1 < len(ops) and ops[k + 1].op == "insert":
            out.append(f"{{~~{escape(op.text)}~>{escape(ops[k + 1].text)}~~}}")
            k += 1
        elif op.op == "delete":
            out.append(f"{{--{escape(op.text)}--}}")
        else:
            out.append(f"{{++{escape(op.text)}++}}")
        k += 1
    return _escape_line_starts("".join(out))


def _cell(text: str) -> str:
    return escape(" ".join(text.split())) or " "


def _block(block: Block) -> str:
    if block.kind == "gap":
        return f"*… {gap_text(block)} …*"
    if block.kind == "moved_away":
        return f"*{move_away_text(block).capitalize()} (move {block.move}).*"
    text = inline(block.ops)
    if block.kind == "move":
        return f"*{move_from_text(block).capitalize()} (move {block.move}):*\n\n{text}"
    return text


def render_markdown(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    *,
    context: int | None = None,
    part: Part = "all",
) -> str:
    sections: list[str] = []
    if part != "body":
        rows = [
            "| | revision | time | kind | note |",
            "|---|---|---|---|---|",
        ]
        for name, revision in (("from", old), ("to", new)):
            rows.append(
                f"| {name} | {revision.label} | {revision_time(revision)} | {revision.kind} "
                f"| {_cell(revision.note)} |"
            )
        sections.append(f"# Changes to {_cell(new.article.headline)}")
        sections.append(f"`{old.article_id}`")
        sections.append("\n".join(rows))
        sections.append(
            f"**Words:** {words_summary(diff)} · **Paragraphs:** {paragraphs_summary(diff)} · "
            f"**Verdict:** {diff.verdict}"
        )
    if part in ("all", "fields"):
        fields = changed_fields(diff)
        if fields:
            sections.append("## Fields")
            for f in fields:
                sections.append(f"**{field_label(f.name)}:** {inline(plain_ops(f.ops))}")
    if part in ("all", "body"):
        if part == "all":
            sections.append("## Body")
        sections.extend(_block(block) for block in body_blocks(diff, context))
    return "\n\n".join(sections) + "\n"
