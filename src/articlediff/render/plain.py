"""``--format plain``: ``[-deleted-]`` and ``{+inserted+}`` markers, stable for scripts.

Unambiguous: the renderer's own lines start with ``@@``; every backslash of the article text
is doubled, and wherever a character of the text would begin one of the marker pairs ``[-``,
``-]``, ``{+``, ``+}`` or ``@@`` (with the next character of the text or of a closing marker),
a backslash is put before it. Reading the output back from left to right, a backslash takes
the next character literally, and any other marker pair is a marker. Control characters
(other than tab and newline) are shown as visible symbols, as in every text output.
"""

from __future__ import annotations

from typing import Final

from articlediff.common.controls import visible
from articlediff.diff import ArticleDiff
from articlediff.model import Revision
from articlediff.render.text import render_text
from articlediff.render.view import Part

MARKERS: Final = frozenset({"[-", "-]", "{+", "+}", "@@"})


def escape(text: str, after: str = "") -> str:
    """``text`` with backslashes doubled and a backslash before each character that begins a
    marker pair.

    ``after`` is the character that will follow in the output (a closing marker's first),
    so that text ending in ``[`` before ``-]`` cannot form a marker with it.
    """
    out = []
    lookahead = text + after
    for k, char in enumerate(text):
        if char == "\\" or lookahead[k : k + 2] in MARKERS:
            out.append("\\")
        out.append(char)
    return "".join(out)


class PlainStyle:
    """The markers; control characters in the text made visible (``common.controls``)."""

    def text(self, text: str) -> str:
        return escape(visible(text))

    def deleted(self, text: str) -> str:
        return f"[-{escape(visible(text), '-')}-]"

    def inserted(self, text: str) -> str:
        return f"{{+{escape(visible(text), '+')}+}}"

    def annotation(self, text: str) -> str:
        return text

    def heading(self, text: str) -> str:
        return text


def render_plain(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    *,
    context: int | None = 1,
    part: Part = "all",
) -> str:
    return render_text(diff, old, new, PlainStyle(), context=context, part=part)
