"""Reader notes as Markdown, an HTML fragment, JSON, or schema.org JSON-LD: pure functions.

- ``markdown``: a heading and one list item per note, article text escaped.
- ``html``: a ``<section>`` to paste into an article page (autoescaped, no scripts or styles
  of its own), followed by the JSON-LD in a ``<script type="application/ld+json">`` block.
- ``json``: the ``articlediff.notes/1`` object.
- ``jsonld``: a schema.org ``NewsArticle`` with ``datePublished``, ``dateModified``,
  ``version`` and ``correction`` (``CorrectionComment`` objects with ``text`` and
  ``datePublished``).

Times are ISO 8601 with their UTC offset; a date the article stated alone is that date
(``2019-12-23``; schema.org's ``Date``), never midnight.
"""

from __future__ import annotations

from typing import Any, Final

import markupsafe

from articlediff.common.controls import json_text, visible
from articlediff.common.formats import NOTES_FORMATS
from articlediff.common.timeutil import format_moment, format_time
from articlediff.notes.model import ArticleNotes, ReaderNote, when
from articlediff.render.html import environment
from articlediff.render.markdown import escape as markdown_escape

SCHEMA: Final = "articlediff.notes/1"
FORMATS: Final = NOTES_FORMATS
NOTES_TEMPLATE: Final = "notes.html.j2"
GENERATED_MARK: Final = "automatic summary of the changes"
"""Shown beside a generated note, so readers know no one wrote it."""


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address that is safe to link to, else ``None``."""
    if not url:
        return None
    cleaned = url.strip()
    lowered = cleaned.lower()
    if not lowered.startswith(("http://", "https://")):
        return None
    if any(c.isspace() or ord(c) < 0x20 or c in "<>\"'`" for c in cleaned):
        return None
    return cleaned


def note_record(note: ReaderNote) -> dict[str, Any]:
    revision = note.revision
    return {
        "revision": revision.label,
        "commit": revision.commit,
        "kind": revision.kind,
        "at": format_moment(note.at, revision.at_date_only),
        "label": note.label,
        "source": note.source,
        "text": note.text,
        "sentence": note.sentence,
        "summary": note.summary,
        "entries": [
            {"id": e.id, "kind": e.kind, "at": format_time(e.at), "text": e.text}
            for e in note.entries
        ],
        "verdict": note.verdict,
        "words_added": note.stats.words_added,
        "words_deleted": note.stats.words_deleted,
    }


def notes_record(notes: ArticleNotes) -> dict[str, Any]:
    """``notes --format json``."""
    latest = notes.latest
    return {
        "schema": SCHEMA,
        "id": notes.article_id,
        "headline": latest.article.headline,
        "url": latest.article.url,
        "published": format_moment(notes.published, notes.published_date_only),
        "modified": format_moment(notes.modified, notes.modified_date_only),
        "revisions": len(notes.revisions),
        "notes": [note_record(note) for note in notes.notes],
    }


def correction_comments(notes: ArticleNotes) -> list[dict[str, Any]]:
    """One ``CorrectionComment`` per newsroom note, or per generated note of a change more
    than minor, oldest first."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for note in notes.notes:
        if not note.newsworthy:
            continue
        if note.entries:
            items = [
                (entry.text, format_time(entry.at.astimezone(notes.tz))) for entry in note.entries
            ]
        else:
            items = [(note.text, format_moment(note.at, note.revision.at_date_only))]
        for text, moment in items:
            if (text, moment) in seen:
                continue  # the same words printed twice in the body are one comment
            seen.add((text, moment))
            out.append({"@type": "CorrectionComment", "text": text, "datePublished": moment})
    return out


def jsonld_record(notes: ArticleNotes, *, page_url: str | None = None) -> dict[str, Any]:
    """A schema.org ``NewsArticle`` for the latest revision, ready for a page's
    ``<script type="application/ld+json">``. ``version`` is the latest revision's number;
    ``url`` the article's own address (http(s) only); ``page_url`` adds a ``sameAs`` link to
    a published history page."""
    article = notes.latest.article
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": notes.article_id,
        "headline": article.headline,
    }
    url = safe_url(article.url)
    if url:
        record["url"] = url
    if page_url:
        record["sameAs"] = page_url
    if article.byline:
        record["author"] = [{"@type": "Person", "name": article.byline}]
    record["datePublished"] = format_moment(notes.published, notes.published_date_only)
    record["dateModified"] = format_moment(notes.modified, notes.modified_date_only)
    record["version"] = notes.latest.number
    record["correction"] = correction_comments(notes)
    return record


def jsonld_text(notes: ArticleNotes, *, page_url: str | None = None) -> str:
    return json_text(jsonld_record(notes, page_url=page_url)) + "\n"


def script_json(value: Any) -> markupsafe.Markup:
    """JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes, so
    article text can never close the element or open a comment."""
    text = json_text(value)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return markupsafe.Markup(text)


def render_markdown(notes: ArticleNotes) -> str:
    article = notes.latest.article
    lines = [
        f"# Updates: {markdown_escape(article.headline)}",
        "",
        f"`{notes.article_id}` · first published "
        f"{when(notes.published, notes.tz, date_only=notes.published_date_only)}",
        "",
    ]
    if not notes.notes:
        lines.append("No updates since publication.")
    for note in notes.notes:
        mark = f" _({GENERATED_MARK})_" if note.summarised else ""
        shown = markdown_escape(note.shown)
        lines.append(f"- **{note.label}** ({note.revision.label}): {shown}{mark}")
    return visible("\n".join(lines)) + "\n"


def render_html(notes: ArticleNotes) -> str:
    return (
        environment()
        .get_template(NOTES_TEMPLATE)
        .render(notes=notes_view(notes), jsonld=script_json(jsonld_record(notes)))
    )


def notes_view(notes: ArticleNotes) -> list[dict[str, Any]]:
    """What templates show of each note, newest first."""
    return [
        {
            "revision": note.revision.label,
            "iso": format_moment(note.at, note.revision.at_date_only),
            "label": note.label,
            "text": note.shown,
            "generated": note.summarised,
        }
        for note in reversed(notes.notes)
    ]


def render_notes(notes: ArticleNotes, format: str = "markdown") -> str:
    """``notes`` in ``format``: one of ``FORMATS``."""
    if format == "markdown":
        return render_markdown(notes)
    if format == "html":
        return render_html(notes)
    if format == "json":
        return json_text(notes_record(notes)) + "\n"
    if format == "jsonld":
        return jsonld_text(notes)
    from articlediff.errors import InputError

    raise InputError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
