"""Frozen values shared by every layer: articles, revisions and correction-log entries, and
the rules that name them: article ids (``validate_article_id``) and revision references
(``resolve_revision``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, tzinfo
from typing import Final, TypeVar

from articlediff.common.timeutil import format_time, parse_time
from articlediff.errors import InputError, NotFoundError

REVISION_KINDS: Final = ("published", "update", "correction", "technical")
CORRECTION_KINDS: Final = (
    "correction",
    "clarification",
    "update",
    "editors_note",
    "refile",
    "withdrawal",
)
ACCEPTED: Final = "accepted"
"""The kind of log entry ``accept`` writes: an editor's answer to a ``check`` finding that
was a false alarm. Kept in the log (append-only, versioned with the text) but never a note:
readers never see it and it explains nothing; ``check`` honours it."""
LOG_KINDS: Final = (*CORRECTION_KINDS, ACCEPTED)
"""Every kind a log entry may have: the reader-facing ``CORRECTION_KINDS`` and ``accepted``."""

MAX_ID_PART = 100
"""The longest outlet or slug, in characters (ASCII, so bytes too): the longest name the
store gives a file, the cache's ``.<slug>.md.json.<8 hex>.tmp``, is 22 bytes longer, well
inside the 255-byte limit of every common file system (and eCryptfs's 143)."""
_ID_PART = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_ARTICLE_ID = re.compile(rf"{_ID_PART}/{_ID_PART}")
_REVISION_NUMBER = re.compile(r"r(\d+)")
_COMMIT_PREFIX = re.compile(r"[0-9a-f]{4,40}")
_ENTRY_ID = re.compile(r"c(\d+)")


def validate_article_id(article_id: str) -> str:
    """Return ``article_id`` if it is ``outlet/slug``; raise ``InputError`` otherwise.

    Both parts are lower-case letters, digits and inner hyphens, so an id can never name a
    path outside ``versions/`` nor be mistaken for a command-line option, and each is at
    most ``MAX_ID_PART`` characters, so that every file named after it fits a file system.
    """
    shown = article_id if len(article_id) <= 80 else article_id[:77] + "..."
    if not _ARTICLE_ID.fullmatch(article_id):
        raise InputError(
            f"invalid article id {shown!r}: expected outlet/slug in lower-case letters, "
            "digits and hyphens (e.g. gbnews/putin-kim-visit)"
        )
    if any(len(part) > MAX_ID_PART for part in article_id.split("/")):
        raise InputError(
            f"invalid article id {shown!r}: its outlet and slug may have at most "
            f"{MAX_ID_PART} characters each"
        )
    return article_id


def check_revision_kind(kind: str) -> str:
    """``kind`` if it is a revision kind (``REVISION_KINDS``); ``InputError`` otherwise."""
    if kind not in REVISION_KINDS:
        raise InputError(f"unknown revision kind {kind!r}: use one of {', '.join(REVISION_KINDS)}")
    return kind


@dataclass(frozen=True)
class Correction:
    """One entry of an article's correction log (append-only once saved)."""

    id: str
    kind: str
    at: datetime
    text: str
    fixed_in: str | None = None
    supersedes: str | None = None
    """The id of an earlier entry whose wording this one replaces (``correct --supersedes``);
    the earlier entry stays in the log."""

    @property
    def for_readers(self) -> bool:
        """Whether readers see the entry: every kind but ``accepted``."""
        return self.kind != ACCEPTED


def reader_entries(entries: Sequence[Correction]) -> tuple[Correction, ...]:
    """The log entries readers see: no acceptances, and no entry a later one supersedes."""
    replaced = {entry.supersedes for entry in entries if entry.supersedes}
    return tuple(e for e in entries if e.for_readers and e.id not in replaced)


def next_correction_id(entries: Sequence[Correction]) -> str:
    """The next free id of a log: ``c1``, ``c2`` ... after the highest ``cN`` in use (and
    after as many as the log holds)."""
    used = {entry.id for entry in entries}
    highest = max(
        (int(match.group(1)) for entry in entries if (match := _ENTRY_ID.fullmatch(entry.id))),
        default=0,
    )
    number = max(highest, len(entries)) + 1
    while f"c{number}" in used:
        number += 1
    return f"c{number}"


@dataclass(frozen=True)
class Article:
    """One version of an article's content, independent of where it is stored.

    ``published_date_only`` / ``updated_date_only`` say that the source gave a date without
    a time: the time is then the start of that day in the zone it was read in, and the
    value stands for the whole day (written ``2024-06-19`` in front matter).
    """

    headline: str
    body: tuple[str, ...]
    standfirst: str = ""
    byline: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    captions: tuple[str, ...] = ()
    url: str | None = None
    corrections: tuple[Correction, ...] = ()
    published_date_only: bool = False
    updated_date_only: bool = False

    @property
    def body_text(self) -> str:
        """The body as one string, paragraphs separated by a blank line."""
        return "\n\n".join(self.body)


@dataclass(frozen=True)
class RevisionInfo:
    """One saved revision of an article (one commit in the store), without its text: what
    ``log`` lists, read from the commits alone."""

    article_id: str
    number: int
    commit: str
    kind: str
    at: datetime
    recorded: datetime
    note: str = ""
    source_url: str | None = None
    source_sha256: str | None = None
    path: str = field(default="", compare=False)
    field_sources: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """Where each field of a revision read from an HTML page came from (its
    ``Field-Sources`` trailer): ``(("headline", "json-ld"), ("published", "htmldate"))``."""

    @property
    def label(self) -> str:
        """The revision's r-number, e.g. ``r2``."""
        return f"r{self.number}"

    @property
    def short_commit(self) -> str:
        return self.commit[:10]


@dataclass(frozen=True)
class Revision(RevisionInfo):
    """One saved revision of an article with the article as it stood."""

    article: Article = field(kw_only=True)

    @property
    def at_date_only(self) -> bool:
        """Whether the revision's time is a date its article stated alone: saved without a
        time, a revision is at the article's updated (else published) time, and a date
        given alone is stored as the start of its day, which is no time of day to show."""
        article = self.article
        if article.updated is not None:
            return article.updated_date_only and article.updated == self.at
        return article.published_date_only and article.published == self.at


def with_article(info: RevisionInfo, article: Article) -> Revision:
    """The revision ``info`` with its article."""
    return Revision(**{name: getattr(info, name) for name in _REVISION_FIELDS}, article=article)


_REVISION_FIELDS: Final = tuple(f.name for f in fields(RevisionInfo))


AnyRevision = TypeVar("AnyRevision", bound=RevisionInfo)


def resolve_revision(history: Sequence[AnyRevision], ref: str, tz: tzinfo | None) -> AnyRevision:
    """The revision of ``history`` (an article's revisions, oldest first; not empty) that
    ``ref`` names.

    ``published`` (the first; also ``first``), ``latest`` (also ``last``), ``rN``, a commit-id
    prefix (4+ hex digits), or a time read in ``tz``: the revision in effect then, i.e. the
    last one saved at or before it. With ``tz`` ``None``, ``ref`` is a reference stored in an
    article, a log entry's ``fixed_in``, which names a revision by ``rN`` or commit id only.

    ``NotFoundError`` when the history has no such revision (``r9`` of three, a time before
    the first revision); ``InputError`` for an ambiguous commit prefix or anything else.
    """
    article_id = history[0].article_id
    key = ref.strip().lower()
    match = _REVISION_NUMBER.fullmatch(key)
    if match:
        number = int(match.group(1))
        last = history[-1].number
        numbered = [revision for revision in history if revision.number == number]
        if numbered:
            return numbered[0]
        if 1 <= number <= last:  # a gap: a damaged revision, left out of the history read
            raise NotFoundError(f"{article_id} {key} is damaged and cannot be read: see its log")
        raise NotFoundError(f"{article_id} has revisions r1 to r{last}; there is no {key}")
    if _COMMIT_PREFIX.fullmatch(key):
        found = [revision for revision in history if revision.commit.startswith(key)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"commit id {ref!r} is ambiguous for {article_id}; give more digits")
    if tz is None:
        raise InputError(
            f"{ref!r} names no revision of {article_id} (r1 to r{history[-1].number} or a "
            "commit id)"
        )
    if key in ("published", "first"):
        return history[0]
    if key in ("latest", "last"):
        return history[-1]
    try:
        moment = parse_time(ref, tz)
    except InputError:
        raise InputError(
            f"unknown revision {ref!r} of {article_id}: use published, latest, rN, "
            "a commit id or a time such as '19/06/2024 07:50'"
        ) from None
    in_effect = [revision for revision in history if revision.at <= moment]
    if not in_effect:
        raise NotFoundError(
            f"{article_id} did not exist yet at {format_time(moment)}: its first revision "
            f"is at {format_time(history[0].at)}"
        )
    return in_effect[-1]
