"""Planning a bulk import: which incoming revisions become which commits, in what order.

Pure decisions over the article's stored history and the incoming revisions (reading the
stored history is the one git call, ``existing_histories``); ``fastimport`` writes the plan.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from articlediff.common.timeutil import check_revision_time
from articlediff.errors import InputError
from articlediff.ingest import dump_article
from articlediff.ingest.markdown import normalize_paragraph
from articlediff.model import Article
from articlediff.store.gitrepo import GitRepo
from articlediff.store.messages import RevisionMessage, format_message, parse_message
from articlediff.store.store import Store, carry_over

# Above this many touched articles one walk of versions/ is cheaper than naming each file.
_NAMED_PATHS_LIMIT = 200


@dataclass(frozen=True)
class IncomingRevision:
    """One revision to import. ``at`` defaults to the article's updated/published time."""

    article: Article
    at: datetime | None = None
    kind: str | None = None
    note: str = ""
    source_url: str | None = None
    source_sha256: str | None = None
    origin: str = ""
    extra_files: Mapping[str, bytes] = field(default_factory=dict)
    trailers: Mapping[str, str] = field(default_factory=dict)  # ``messages.EXTRA_TRAILERS``


@dataclass(frozen=True)
class Existing:
    """A stored revision of an article, as the log tells it."""

    commit: str
    author_date: datetime
    committer_date: datetime
    message: str
    blob: str
    source_sha256: str | None


@dataclass
class Planned:
    """A commit to write: one revision (new, or an existing one replayed on a review branch)."""

    article_id: str
    path: str
    moment: datetime
    recorded: datetime
    message: str
    kind: str
    number: int
    origin: str
    content: bytes | None = None  # new content, or None to reuse ``blob``
    blob: str | None = None
    extra_files: Mapping[str, bytes] = field(default_factory=dict)
    new: bool = True


def dump_content(article: Article, article_id: str) -> bytes:
    """``dump_article(article, article_id)`` as UTF-8, its front matter cached: bulk imports
    repeat the same metadata for revision after revision, and YAML is slow to write."""
    front = _front_matter(replace(article, body=()), article_id)
    paragraphs = [text for text in map(normalize_paragraph, article.body) if text]
    return (front + "".join(f"\n{paragraph}\n" for paragraph in paragraphs)).encode("utf-8")


@functools.lru_cache(maxsize=4096)
def _front_matter(article: Article, article_id: str) -> str:
    return dump_article(article, article_id)


def blob_id(content: bytes) -> str:
    """The git object id ``content`` gets as a blob."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


Batch = Sequence[IncomingRevision] | Callable[[], Sequence[IncomingRevision]]


# -- planning ----------------------------------------------------------------------------


def in_time_order(
    revisions: Sequence[IncomingRevision], recorded: datetime, *, allow_future: bool = False
) -> list[tuple[datetime, IncomingRevision]]:
    """``revisions`` with their times (their own, else ``recorded``), oldest first; each
    time checked as a save's is (``check_revision_time``, ``recorded`` being now)."""
    timed = []
    for revision in revisions:
        moment = revision.at or revision.article.updated or revision.article.published or recorded
        try:
            check_revision_time(moment, recorded, allow_future=allow_future)
        except InputError as error:
            where = f"{revision.origin}: " if revision.origin else ""
            raise InputError(f"{where}{error}") from None
        timed.append((moment, revision))
    timed.sort(key=lambda item: item[0])  # stable: equal times keep their input order
    return timed


def plan_article(
    article_id: str,
    path: str,
    incoming: list[tuple[datetime, IncomingRevision]],
    entries: list[Existing],
    latest: Article | None,
    latest_content: bytes | None,
    recorded: datetime,
) -> tuple[list[Planned], tuple[int, int], int]:
    """New commits for one article, (unchanged, already) counts, and how many are older
    than the latest stored revision."""
    planned: list[Planned] = []
    unchanged = already = older = 0
    previous = latest
    by_time: dict[datetime, list[Existing]] = {}
    for entry in entries:
        by_time.setdefault(entry.author_date, []).append(entry)
    stored = 0  # how many stored revisions are at or before the revision in hand
    for moment, revision in incoming:
        article = carry_over(previous, revision.article) if previous else revision.article
        content = dump_content(article, article_id)
        if _already_stored(by_time.get(moment, []), content, revision):
            already += 1
            continue
        while stored < len(entries) and entries[stored].author_date <= moment:
            stored += 1
        # The revision in effect just before this one: the last one planned, or the last one
        # stored at or before its time (whichever is later), or the latest stored one.
        if planned and (stored == 0 or planned[-1].moment >= entries[stored - 1].author_date):
            same = content == planned[-1].content
        elif stored:
            same = (
                content == latest_content
                if stored == len(entries)
                else blob_id(content) == entries[stored - 1].blob
            )
        else:
            same = False
        if same:
            unchanged += 1
            continue
        kind = revision.kind or ("published" if not entries and not planned else "update")
        if entries and moment < entries[-1].author_date and kind != "technical":
            older += 1
        number = len(entries) + len(planned) + 1
        planned.append(
            _new_commit(article_id, path, revision, kind, number, moment, recorded, content)
        )
        previous = article
    return planned, (unchanged, already), older


def _new_commit(
    article_id: str,
    path: str,
    revision: IncomingRevision,
    kind: str,
    number: int,
    moment: datetime,
    recorded: datetime,
    content: bytes,
) -> Planned:
    """The commit of a new incoming revision, with the message ``Store.save`` would write."""
    message = RevisionMessage(
        article_id,
        kind,
        revision.note,
        revision.source_url,
        revision.source_sha256,
        tuple(revision.trailers.items()),
    )
    return Planned(
        article_id=article_id,
        path=path,
        moment=moment,
        recorded=recorded,
        message=format_message(message),
        kind=kind,
        number=number,
        origin=revision.origin,
        content=content,
        extra_files=revision.extra_files,
    )


def _already_stored(candidates: list[Existing], content: bytes, revision: IncomingRevision) -> bool:
    if not candidates:
        return False
    blob = blob_id(content)
    return any(
        entry.blob == blob
        or (revision.source_sha256 is not None and entry.source_sha256 == revision.source_sha256)
        for entry in candidates
    )


def plan_backfill(
    store: Store,
    article_id: str,
    path: str,
    incoming: list[tuple[datetime, IncomingRevision]],
    entries: list[Existing],
    recorded: datetime,
) -> list[Planned]:
    """The article's whole history, stored and new revisions merged in time order."""
    merged: list[tuple[datetime, int, Existing | IncomingRevision]] = [
        (entry.author_date, 0, entry) for entry in entries
    ]
    by_time: dict[datetime, list[Existing]] = {}
    for entry in entries:
        by_time.setdefault(entry.author_date, []).append(entry)
    for moment, revision in incoming:
        merged.append((moment, 1, revision))
    merged.sort(key=lambda item: (item[0], item[1]))
    planned: list[Planned] = []
    previous: Article | None = None
    previous_content: bytes | None = None
    for moment, _, item in merged:
        if isinstance(item, Existing):
            content = store.git.read_blob(item.blob)
            message = parse_message(item.message)
            planned.append(
                Planned(
                    article_id=article_id,
                    path=path,
                    moment=item.author_date,
                    recorded=item.committer_date,
                    message=item.message,
                    kind=message.kind if message else "update",
                    number=len(planned) + 1,
                    origin=item.commit,
                    blob=item.blob,
                    new=False,
                )
            )
            previous, previous_content = store.parse_stored(path, item.commit, content), content
            continue
        article = carry_over(previous, item.article) if previous else item.article
        content = dump_content(article, article_id)
        if content == previous_content or _already_stored(by_time.get(moment, []), content, item):
            continue
        kind = item.kind or ("published" if not planned else "update")
        number = len(planned) + 1
        planned.append(_new_commit(article_id, path, item, kind, number, moment, recorded, content))
        previous, previous_content = article, content
    return planned


def existing_histories(repo: GitRepo, head: str, paths: list[str]) -> dict[str, list[Existing]]:
    """The stored revisions of the article files ``paths``, oldest first, in one git call."""
    if not paths:
        return {}
    wanted = set(paths)
    pathspec = paths if len(paths) <= _NAMED_PATHS_LIMIT else ["versions"]
    found: dict[str, list[Existing]] = {}
    for entry, changes in repo.log_changes(head, *pathspec):
        parsed = parse_message(entry.message)
        for change in changes:
            if change.path not in wanted or change.new_blob is None:
                continue
            found.setdefault(change.path, []).append(
                Existing(
                    commit=entry.commit,
                    author_date=entry.author_date,
                    committer_date=entry.committer_date,
                    message=entry.message,
                    blob=change.new_blob,
                    source_sha256=parsed.source_sha256 if parsed else None,
                )
            )
    return found
