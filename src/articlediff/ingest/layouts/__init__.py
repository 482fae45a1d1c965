"""The registry of newsroom page-copy layouts, tried in order by ``parse_source``.

Adding an outlet is a small, separate change:

1. Write ``layouts/<outlet>.py`` with one ``TextLayout`` constant: its ``published`` (and
   ``updated``) label patterns with a ``date`` group and an optional ``time`` group, a
   ``time_line`` pattern if the time sits on the line after the label, its credit patterns
   (``credit_pattern(*COMMON_AGENCIES, "Outlet Name")``), promo patterns and tail markers.
2. Add it to ``LAYOUTS`` below. Put layouts with stricter label patterns first: the first
   layout whose published label appears near the top of the text wins.
3. Add a small fixture under ``tests/fixtures/ingest/`` and a test asserting the exact parse.

``tests/ingest/test_ingest_layouts.py`` shows a second, fictional outlet's layout written in
a dozen lines.
"""

from __future__ import annotations

from typing import Final

from articlediff.errors import InputError
from articlediff.ingest.layout import TextLayout
from articlediff.ingest.layouts.gbnews import GBNEWS

LAYOUTS: Final[tuple[TextLayout, ...]] = (GBNEWS,)


def layout_by_name(name: str) -> TextLayout:
    """The registered layout called ``name``; ``InputError`` naming the known ones otherwise."""
    for layout in LAYOUTS:
        if layout.name == name:
            return layout
    known = ", ".join(layout.name for layout in LAYOUTS)
    raise InputError(f"unknown text layout {name!r} (known layouts: {known})")


__all__ = ["GBNEWS", "LAYOUTS", "layout_by_name"]
