"""What the site's pages and the feed's entries show of a diff, worked out once."""

from __future__ import annotations

from typing import Any

from articlediff.diff import ArticleDiff
from articlediff.model import Revision
from articlediff.render.html import template_blocks, template_fields
from articlediff.render.view import paragraphs_summary, words_summary


def diff_view(
    diff: ArticleDiff, old: Revision, new: Revision, *, context: int | None = None
) -> dict[str, Any]:
    """The template values of one diff: statistics, changed fields and body blocks
    (unchanged paragraphs further than ``context`` from a change folded into gaps)."""
    return {
        "revisions": f"{old.label} → {new.label}",
        "words": words_summary(diff),
        "paragraphs": paragraphs_summary(diff),
        "verdict": diff.verdict,
        "fields": template_fields(diff),
        "blocks": template_blocks(diff, context),
        "body_changed": any(op.op != "equal" for op in diff.ops),
    }
