"""``--format terminal``: an inline word diff for people at a terminal.

With colour, deletions are red and struck through and insertions green and underlined, so the
diff still reads on a monochrome terminal; without colour the ``plain`` markers are used.
Control characters in the article text are shown as visible symbols, so a revision cannot
send escape sequences to the terminal.
"""

from __future__ import annotations

from typing import Final

from articlediff.common.controls import visible
from articlediff.diff import ArticleDiff
from articlediff.model import Revision
from articlediff.render.plain import PlainStyle
from articlediff.render.text import Style, render_text
from articlediff.render.view import Part

RESET: Final = "\x1b[0m"
DELETED: Final = "\x1b[31;9m"
INSERTED: Final = "\x1b[32;4m"
ANNOTATION: Final = "\x1b[36m"
HEADING: Final = "\x1b[1m"


def paint(text: str, code: str) -> str:
    """``text`` in the style ``code``, line by line so that pagers keep the style."""
    return "\n".join(f"{code}{line}{RESET}" if line else line for line in text.split("\n"))


class ColorStyle:
    def text(self, text: str) -> str:
        return visible(text)

    def deleted(self, text: str) -> str:
        return paint(visible(text), DELETED)

    def inserted(self, text: str) -> str:
        return paint(visible(text), INSERTED)

    def annotation(self, text: str) -> str:
        return paint(text, ANNOTATION)

    def heading(self, text: str) -> str:
        return paint(text, HEADING)


def render_terminal(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    *,
    color: bool,
    context: int | None = 1,
    part: Part = "all",
) -> str:
    style: Style = ColorStyle() if color else PlainStyle()
    return render_text(diff, old, new, style, context=context, part=part)
