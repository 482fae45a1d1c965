"""Frozen values shared by every layer: articles, revisions and correction-log entries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Final

from articlediff.errors import InputError

REVISION_KINDS: Final = ("published", "update", "correction", "technical")
CORRECTION_KINDS: Final = (
    "correction",
    "clarification",
    "update",
    "editors_note",
    "refile",
    "withdrawal",
)

_ID_PART = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_ARTICLE_ID = re.compile(rf"{_ID_PART}/{_ID_PART}")


def validate_article_id(article_id: str) -> str:
    """Return ``article_id`` if it is ``outlet/slug``; raise ``InputError`` otherwise.

    Both parts are lower-case letters, digits and inner hyphens, so an id can never name a
    path outside ``versions/`` nor be mistaken for a command-line option.
    """
    if not _ARTICLE_ID.fullmatch(article_id):
        shown = article_id if len(article_id) <= 80 else article_id[:77] + "..."
        raise InputError(
            f"invalid article id {shown!r}: expected outlet/slug in lower-case letters, "
            "digits and hyphens (e.g. gbnews/putin-kim-visit)"
        )
    return article_id


@dataclass(frozen=True)
class Correction:
    """One entry of an article's correction log (append-only once saved)."""

    id: str
    kind: str
    at: datetime
    text: str
    fixed_in: str | None = None


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


def with_article(info: RevisionInfo, article: Article) -> Revision:
    """The revision ``info`` with its article."""
    return Revision(**{name: getattr(info, name) for name in _REVISION_FIELDS}, article=article)


_REVISION_FIELDS: Final = tuple(f.name for f in fields(RevisionInfo))
