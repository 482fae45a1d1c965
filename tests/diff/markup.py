"""Readable markup for ops in tests: ``[-old-]`` deleted, ``{+new+}`` inserted.

Halves of a move carry their id: ``[~1~text~]`` (moved away) and ``{~1~text~}`` (moved here).
"""

from __future__ import annotations

from collections.abc import Iterable

from articlediff.diff import Op


def markup(ops: Iterable[Op]) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(op.text)
        elif op.move is not None:
            out.append(
                f"[~{op.move}~{op.text}~]" if op.op == "delete" else f"{{~{op.move}~{op.text}~}}"
            )
        elif op.op == "delete":
            out.append(f"[-{op.text}-]")
        else:
            out.append(f"{{+{op.text}+}}")
    return "".join(out)
