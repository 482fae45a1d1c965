"""What the site's pages and the feed's entries show of a diff, worked out once."""

from __future__ import annotations

from typing import Any

from articlediff.diff import ArticleDiff
from articlediff.model import Revision
from articlediff.render.view import (
    body_blocks,
    changed_fields,
    field_label,
    gap_text,
    paragraphs_summary,
    plain_ops,
    words_summary,
)


def diff_view(
    diff: ArticleDiff, old: Revision, new: Revision, *, context: int | None = None
) -> dict[str, Any]:
    """The template values of one diff: statistics, changed fields and body blocks
    (unchanged paragraphs further than ``context`` from a change folded into gaps)."""
    blocks = [
        {
            "kind": block.kind,
            "ops": block.ops,
            "old_number": block.old_number,
            "new_number": block.new_number,
            "move": block.move,
            "gap": gap_text(block),
        }
        for block in body_blocks(diff, context)
    ]
    return {
        "revisions": f"{old.label} → {new.label}",
        "words": words_summary(diff),
        "paragraphs": paragraphs_summary(diff),
        "verdict": diff.verdict,
        "fields": [
            {"label": field_label(f.name), "ops": plain_ops(f.ops)} for f in changed_fields(diff)
        ],
        "blocks": blocks,
        "body_changed": any(op.op != "equal" for op in diff.ops),
    }
