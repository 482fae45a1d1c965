"""Commit messages of saved revisions: a kind prefix, the note, and git trailers.

    update: gbnews/putin-kim-visit

    Added comments from Victor Cha

    Article-Id: gbnews/putin-kim-visit
    Revision-Kind: update
    Source-Url: https://www.gbnews.com/news/world/putin-kim
    Source-Sha256: 3f1a...

The note is kept on one line so that no text a user types can pose as a trailer.

A revision captured without anyone saving it carries more trailers after these (``extra``):
``Fetched-At`` (when ``watch`` fetched the page, or when an archive captured it) and
``Archive-Source`` (the WARC file or Wayback capture it was imported from).
"""

from __future__ import annotations

from dataclasses import dataclass

from articlediff.model import REVISION_KINDS

TRAILER_ARTICLE = "Article-Id"
TRAILER_KIND = "Revision-Kind"
TRAILER_URL = "Source-Url"
TRAILER_SHA = "Source-Sha256"
TRAILER_FETCHED = "Fetched-At"
TRAILER_ARCHIVE = "Archive-Source"
EXTRA_TRAILERS = (TRAILER_FETCHED, TRAILER_ARCHIVE)


@dataclass(frozen=True)
class RevisionMessage:
    article_id: str
    kind: str
    note: str = ""
    source_url: str | None = None
    source_sha256: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # (name, value) of ``EXTRA_TRAILERS``


def one_line(text: str) -> str:
    """Collapse any run of whitespace (newlines included) to one space, and drop control
    characters: git cuts a message at a NUL, which would lose the trailers after it."""
    printable = "".join(char if char >= " " and char != "\x7f" else " " for char in text)
    return " ".join(printable.split())


def format_message(message: RevisionMessage) -> str:
    lines = [f"{message.kind}: {message.article_id}", ""]
    note = one_line(message.note)
    if note:
        lines += [note, ""]
    lines.append(f"{TRAILER_ARTICLE}: {message.article_id}")
    lines.append(f"{TRAILER_KIND}: {message.kind}")
    if message.source_url:
        lines.append(f"{TRAILER_URL}: {one_line(message.source_url)}")
    if message.source_sha256:
        lines.append(f"{TRAILER_SHA}: {message.source_sha256}")
    for name, value in message.extra:
        if name in EXTRA_TRAILERS and one_line(value):
            lines.append(f"{name}: {one_line(value)}")
    return "\n".join(lines) + "\n"


def parse_message(text: str) -> RevisionMessage | None:
    """Read a message written by ``format_message``; ``None`` for any other commit."""
    paragraphs = text.strip("\n").split("\n\n")
    if len(paragraphs) < 2:
        return None
    trailers: dict[str, str] = {}
    for line in paragraphs[-1].splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            trailers[key] = value.strip()
    article_id = trailers.get(TRAILER_ARTICLE)
    kind = trailers.get(TRAILER_KIND)
    if not article_id or kind not in REVISION_KINDS:
        return None
    note = "\n\n".join(paragraphs[1:-1]).strip()
    return RevisionMessage(
        article_id=article_id,
        kind=kind,
        note=note,
        source_url=trailers.get(TRAILER_URL),
        source_sha256=trailers.get(TRAILER_SHA),
        extra=tuple((name, trailers[name]) for name in EXTRA_TRAILERS if name in trailers),
    )
