"""JSON-ready records for scripts: the shapes documented in the README.

Times are ISO 8601 strings with their UTC offset (an article's ``published``/``updated``
given as a date alone is that date, ``2024-06-19``); keys keep a fixed order.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from articlediff.common.timeutil import format_moment, format_time
from articlediff.model import Article, Correction, Revision, RevisionInfo

if TYPE_CHECKING:
    from articlediff.diff import ArticleDiff


def _time(moment: datetime | None) -> str | None:
    return format_time(moment) if moment else None


def _moment(moment: datetime | None, date_only: bool) -> str | None:
    """A time, or the date alone when the source gave only a date."""
    return format_moment(moment, date_only) if moment else None


def correction_record(entry: Correction) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "at": _time(entry.at),
        "text": entry.text,
        "fixed_in": entry.fixed_in,
        "supersedes": entry.supersedes,
    }


def article_fields(article: Article) -> dict[str, Any]:
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "published": _moment(article.published, article.published_date_only),
        "updated": _moment(article.updated, article.updated_date_only),
        "url": article.url,
        "captions": list(article.captions),
        "body": article.body_text,
        "corrections": [correction_record(entry) for entry in article.corrections],
    }


def revision_meta(revision: RevisionInfo) -> dict[str, Any]:
    """The revision itself, without the article text."""
    return {
        "id": revision.article_id,
        "revision": revision.label,
        "commit": revision.commit,
        "kind": revision.kind,
        "at": _time(revision.at),
        "recorded": _time(revision.recorded),
        "note": revision.note,
        "source_url": revision.source_url,
        "source_sha256": revision.source_sha256,
    }


def show_record(revision: Revision) -> dict[str, Any]:
    """``show --json``: the article as it stood at one revision."""
    meta = revision_meta(revision)
    return {
        "id": meta.pop("id"),
        "revision": meta.pop("revision"),
        "commit": meta.pop("commit"),
        "kind": meta.pop("kind"),
        **article_fields(revision.article),
        **meta,
        "field_sources": dict(revision.field_sources),
    }


def summary_record(
    article_id: str, revisions: int, first: datetime, latest: datetime
) -> dict[str, Any]:
    """One row of ``list --json``."""
    return {
        "id": article_id,
        "revisions": revisions,
        "first": _time(first),
        "latest": _time(latest),
    }


def log_record(
    revision: RevisionInfo, headline: str, words_added: int, words_deleted: int
) -> dict[str, Any]:
    """One row of ``log --json``."""
    return {
        **revision_meta(revision),
        "headline": headline,
        "words_added": words_added,
        "words_deleted": words_deleted,
    }


def diff_record(diff: ArticleDiff, old: Revision, new: Revision) -> dict[str, Any]:
    """``diff --format json``: the ``articlediff.diff/1`` object plus both revisions."""
    body = diff.to_json()
    return {
        "schema": body.pop("schema"),
        "id": old.article_id,
        "from": revision_meta(old),
        "to": revision_meta(new),
        **body,
    }


def diff_stat_record(diff: ArticleDiff, old: Revision, new: Revision) -> dict[str, Any]:
    """``diff --stat --format json``: the statistics and verdict only."""
    record = diff_record(diff, old, new)
    return {key: record[key] for key in ("schema", "id", "from", "to", "stats", "verdict")}
