"""Pure renderers: values in, text out. No I/O, no Click.

``render_diff`` is the one entry point for diffs; the CLI (and ``demo``) only choose a format.
``summaries`` holds the one-line reports of the commands that write (save, correct, import,
sync, verify).

Layer: above ``diff`` and ``analysis``, which it may import with ``model``, ``errors`` and
``common``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

from articlediff.common.formats import DIFF_FORMATS, DIFF_PARTS, DiffFormat, DiffPart
from articlediff.errors import InputError

if TYPE_CHECKING:
    from articlediff.diff import ArticleDiff
    from articlediff.model import Revision

Format = DiffFormat
Part = DiffPart
FORMATS: Final = DIFF_FORMATS
DEFAULT_CONTEXT: Final[dict[str, int | None]] = {
    "terminal": 1,
    "plain": 1,
    "markdown": None,
    "html": None,
    "json": None,
}
"""Unchanged paragraphs shown around each change when ``context`` is not given (None: all)."""


def render_diff(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    format: str = "plain",
    *,
    color: bool = False,
    context: int | None = None,
    side_by_side: bool = False,
    part: Part = "all",
) -> str:
    """Render ``diff`` (from ``old`` to ``new``) in ``format``.

    ``context``: unchanged paragraphs kept around each change (``None``: the format's default,
    1 for terminal and plain, all for markdown and html). ``part``: ``all``; ``stat`` (header
    and statistics only); ``fields`` (header and field changes); ``body`` (the body's word
    diff alone). ``color`` applies to ``terminal``, ``side_by_side`` to ``html``; JSON always
    holds the whole diff.
    """
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    if part not in DIFF_PARTS:
        raise InputError(f"unknown part {part!r}: use one of {', '.join(DIFF_PARTS)}")
    if context is not None and context < 0:
        raise InputError("context must be 0 or more paragraphs")
    shown = DEFAULT_CONTEXT[format] if context is None else context
    # Each renderer is imported when asked for: the HTML one loads Jinja2.
    if format == "json":
        from articlediff.render.records import diff_record, diff_stat_record

        record = diff_stat_record(diff, old, new) if part == "stat" else diff_record(diff, old, new)
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if format == "html":
        from articlediff.render.html import render_html

        return render_html(diff, old, new, context=shown, side_by_side=side_by_side, part=part)
    if format == "markdown":
        from articlediff.render.markdown import render_markdown

        return render_markdown(diff, old, new, context=shown, part=part)
    if format == "terminal":
        from articlediff.render.terminal import render_terminal

        return render_terminal(diff, old, new, color=color, context=shown, part=part)
    from articlediff.render.plain import render_plain

    return render_plain(diff, old, new, context=shown, part=part)


__all__ = ["DEFAULT_CONTEXT", "FORMATS", "Format", "Part", "render_diff"]
