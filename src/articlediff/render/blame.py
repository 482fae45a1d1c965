"""Blame as text (one line per sentence) and as JSON-ready records."""

from __future__ import annotations

from typing import Any

from articlediff.analysis.blame import Blame
from articlediff.common.controls import visible
from articlediff.common.timeutil import format_short, format_time
from articlediff.model import Revision
from articlediff.render.records import revision_meta


def render_blame_text(result: Blame) -> str:
    """``r3  2024-06-19 10:00 +01:00  A Kremlin spokesman…``: one line per sentence, a blank
    line between paragraphs."""
    origins = [s.origin for p in result.paragraphs for s in p.sentences]
    width = max((len(o.label) for o in origins), default=2)
    blocks = []
    for paragraph in result.paragraphs:
        lines = [
            f"{s.origin.label:<{width}}  {format_short(s.origin.at)}  {' '.join(s.text.split())}"
            for s in paragraph.sentences
        ]
        blocks.append("\n".join(lines))
    return visible("\n\n".join(blocks)) + "\n" if blocks else ""


def _origin(revision: Revision) -> dict[str, Any]:
    return {
        "revision": revision.label,
        "commit": revision.commit,
        "at": format_time(revision.at),
        "kind": revision.kind,
    }


def blame_record(result: Blame) -> dict[str, Any]:
    """``blame --json``: the revision blamed and each paragraph with its sentences."""
    return {
        **revision_meta(result.revision),
        "paragraphs": [
            {
                "index": paragraph.index,
                "text": paragraph.text,
                **_origin(paragraph.origin),
                "sentences": [{"text": s.text, **_origin(s.origin)} for s in paragraph.sentences],
            }
            for paragraph in result.paragraphs
        ],
    }
