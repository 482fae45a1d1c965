"""Short quotations of changed text, shared by the check findings and the reader notes."""

from __future__ import annotations

from collections.abc import Sequence

from articlediff.diff import Op


def quote(text: str, limit: int) -> str:
    """``text`` on one line in double quotes, cut with an ellipsis beyond ``limit``."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f'"{text}"'


def replacements(ops: Sequence[Op]) -> list[tuple[str | None, str | None]]:
    """The deleted/inserted runs of ``ops`` as (old, new) pairs; either side may be ``None``.

    Whitespace-only runs and the halves of moved paragraphs are left out: they are not
    edits a reader would quote.
    """
    out: list[tuple[str | None, str | None]] = []
    pending: str | None = None
    for op in ops:
        if op.op == "equal" or op.move is not None:
            if pending is not None:
                out.append((pending, None))
                pending = None
            continue
        if not op.text.strip():
            continue
        if op.op == "delete":
            pending = op.text if pending is None else pending + op.text
        elif pending is not None:
            out.append((pending, op.text))
            pending = None
        else:
            out.append((None, op.text))
    if pending is not None:
        out.append((pending, None))
    return out
