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
``Archive-Source`` (the WARC file or Wayback capture it was imported from). A revision read
from an HTML page says where each of its fields came from (``Field-Sources``)::

    Field-Sources: headline=json-ld; byline=byline; published=meta:article:published_time

That trailer is strict: one line of at most ``FIELD_SOURCES_MAX`` characters, each field
named once, in ``SOURCED_FIELDS`` order, each source a label of letters, digits and
``- _ . : / @ +``. ``check_trailers`` refuses anything else before a commit is written;
``parse_field_sources`` reads it back, and ``verify`` reports a stored one it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from articlediff.errors import InputError
from articlediff.model import REVISION_KINDS

TRAILER_ARTICLE = "Article-Id"
TRAILER_KIND = "Revision-Kind"
TRAILER_URL = "Source-Url"
TRAILER_SHA = "Source-Sha256"
TRAILER_FETCHED = "Fetched-At"
TRAILER_ARCHIVE = "Archive-Source"
TRAILER_FIELD_SOURCES = "Field-Sources"
EXTRA_TRAILERS = (TRAILER_FETCHED, TRAILER_ARCHIVE, TRAILER_FIELD_SOURCES)

SOURCED_FIELDS: Final = ("headline", "byline", "standfirst", "published", "updated", "url")
"""The fields a ``Field-Sources`` trailer may name, in the order it names them."""
FIELD_SOURCES_MAX: Final = 400
"""The longest ``Field-Sources`` value accepted (six fields with labels of 40 characters fit)."""
_SOURCE_LABEL: Final = re.compile(r"[A-Za-z0-9_.:/@+-]{1,64}")


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


def format_field_sources(sources: Mapping[str, str]) -> str:
    """``headline=json-ld; published=meta:article:published_time``: the ``Field-Sources``
    value of ``sources`` (field name to source label), fields in ``SOURCED_FIELDS`` order.
    ``InputError`` for a field or label the trailer cannot hold."""
    unknown = sorted(set(sources) - set(SOURCED_FIELDS))
    if unknown:
        raise InputError(f"invalid {TRAILER_FIELD_SOURCES} trailer: unknown field {unknown[0]!r}")
    for name in SOURCED_FIELDS:
        if name in sources and not _SOURCE_LABEL.fullmatch(sources[name]):
            raise InputError(
                f"invalid {TRAILER_FIELD_SOURCES} trailer: source of {name} "
                f"{sources[name][:80]!r} is not a label (letters, digits and - _ . : / @ +)"
            )
    value = "; ".join(f"{name}={sources[name]}" for name in SOURCED_FIELDS if name in sources)
    if len(value) > FIELD_SOURCES_MAX:
        raise InputError(
            f"invalid {TRAILER_FIELD_SOURCES} trailer: {len(value)} characters, "
            f"at most {FIELD_SOURCES_MAX}"
        )
    return value


def parse_field_sources(value: str) -> dict[str, str] | None:
    """The field name to source label mapping of a ``Field-Sources`` value, or ``None``
    when it is not exactly what ``format_field_sources`` writes."""
    if not value or len(value) > FIELD_SOURCES_MAX:
        return None
    found: dict[str, str] = {}
    for part in value.split("; "):
        name, sep, label = part.partition("=")
        if not sep or name not in SOURCED_FIELDS or name in found:
            return None
        found[name] = label
    try:
        rewritten = format_field_sources(found)
    except InputError:
        return None
    return found if rewritten == value else None


def field_sources_trailers(sources: Mapping[str, str]) -> dict[str, str]:
    """The ``Field-Sources`` trailer of ``sources``; none when it is empty."""
    return {TRAILER_FIELD_SOURCES: format_field_sources(sources)} if sources else {}


def check_trailers(trailers: Mapping[str, str]) -> None:
    """Refuse (``InputError``) extra trailers a commit cannot carry: an unknown name, or a
    ``Field-Sources`` value ``parse_field_sources`` could not read back."""
    for name, value in trailers.items():
        if name not in EXTRA_TRAILERS:
            raise InputError(f"unknown commit trailer {name[:40]!r}")
        if name == TRAILER_FIELD_SOURCES and parse_field_sources(value) is None:
            raise InputError(
                f"invalid {TRAILER_FIELD_SOURCES} trailer {value[:80]!r}: expected "
                "'field=source; ...' on one line"
            )


def format_message(message: RevisionMessage) -> str:
    """The commit message of ``message``; ``InputError`` for extra trailers it cannot
    carry (``check_trailers``)."""
    check_trailers(dict(message.extra))
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


def stored_field_sources(message: RevisionMessage | None) -> tuple[tuple[str, str], ...]:
    """The ``Field-Sources`` of a stored revision's message, in ``SOURCED_FIELDS`` order;
    none when it has none or one ``parse_field_sources`` cannot read (``verify`` reports
    that)."""
    value = dict(message.extra).get(TRAILER_FIELD_SOURCES) if message else None
    found = parse_field_sources(value) if value is not None else None
    return tuple(found.items()) if found else ()
