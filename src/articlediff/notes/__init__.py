"""Reader notes: what changed in each revision, in words a reader can trust.

``article_notes(history, tz)`` builds them; ``render_notes(notes, format)`` prints them as
Markdown, an HTML fragment, JSON or schema.org JSON-LD. Pure functions, no I/O.

Layer: above ``render``. It may import ``render``, ``analysis``, ``diff``, ``model``,
``errors`` and ``common``.
"""

from __future__ import annotations

from articlediff.notes.model import (
    ArticleNotes,
    NoteEntry,
    ReaderNote,
    article_notes,
    history_diffs,
    revision_label,
    revision_when,
    summarize,
    when,
    when_and_iso,
)
from articlediff.notes.rank import ranked_changes
from articlediff.notes.render import (
    FORMATS,
    SCHEMA,
    jsonld_record,
    jsonld_text,
    notes_record,
    render_notes,
    safe_url,
    script_json,
)

__all__ = [
    "FORMATS",
    "SCHEMA",
    "ArticleNotes",
    "NoteEntry",
    "ReaderNote",
    "article_notes",
    "history_diffs",
    "jsonld_record",
    "jsonld_text",
    "notes_record",
    "ranked_changes",
    "render_notes",
    "revision_label",
    "revision_when",
    "safe_url",
    "script_json",
    "summarize",
    "when",
    "when_and_iso",
]
