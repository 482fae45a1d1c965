"""An Atom feed of revisions, built with feedgen: a pure function, no I/O.

One entry per editorial revision (``technical`` re-extractions are left out), newest first.
Each entry's content is the reader note and the HTML word diff against the revision before
(a first revision says it was published). Entry ids are stable: ``urn:articlediff:`` + the
article id + the revision's commit. ``updated`` and ``published`` are the revision's own time
in the store's zone (Atom takes only full date-times, so a revision at a date its article
stated alone is at the start of that day there, and its summary says the date); the feed's
``updated`` is its newest entry's, so the same store always gives the same feed.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from feedgen.feed import FeedGenerator

from articlediff.common.controls import visible
from articlediff.common.formats import FEED_LIMIT as FEED_LIMIT
from articlediff.common.formats import FEED_TITLE
from articlediff.diff import words_changed
from articlediff.errors import InputError
from articlediff.model import Revision, RevisionInfo
from articlediff.notes import ArticleNotes, safe_url, when
from articlediff.render.html import environment
from articlediff.site.paths import FEED, INDEX, history_path, pair_path
from articlediff.site.views import diff_view

ENTRY_TEMPLATE: Final = "feed_entry.html.j2"
DEFAULT_TITLE: Final = FEED_TITLE
FEED_CONTEXT: Final = 1
"""Unchanged paragraphs kept around each change in an entry's diff."""
EMPTY_FEED_TIME: Final = datetime(1970, 1, 1, tzinfo=UTC)
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with control characters shown as pictures and anything else XML 1.0 cannot
    hold (lone surrogates, U+FFFE, U+FFFF) replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", visible(text))


def check_base_url(base_url: str | None) -> str | None:
    """``base_url`` ending in ``/``, or ``InputError`` unless it is an http(s) URL."""
    if base_url is None:
        return None
    url = safe_url(base_url)
    if url is None or "?" in url or "#" in url:
        raise InputError(
            f"invalid --base-url {base_url!r}: expected an http(s) address such as "
            "https://example.org/history/"
        )
    return url if url.endswith("/") else url + "/"


def entry_id(revision: Revision) -> str:
    """The stable id of a revision's entry: ``urn:articlediff:<article id>:<commit>``."""
    return f"urn:articlediff:{revision.article_id}:{revision.commit}"


EntryKey = tuple[datetime, str, int]
"""Where an entry sorts: the revision's time, its article's id, its number (newest first)."""


def entry_keys(revisions: Iterable[RevisionInfo]) -> list[EntryKey]:
    """The feed entries of ``revisions``: every editorial one (``technical`` is left out)."""
    return [(r.at, r.article_id, r.number) for r in revisions if r.kind != "technical"]


class NewestEntries:
    """The ``limit`` newest entries offered so far, in a bounded heap: a store-wide feed
    keeps only these, whatever the size of the store."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._heap: list[EntryKey] = []

    def offer(self, keys: Iterable[EntryKey]) -> None:
        for key in keys:
            if len(self._heap) < self.limit:
                heapq.heappush(self._heap, key)
            elif self.admits(key):
                heapq.heapreplace(self._heap, key)

    def __len__(self) -> int:
        return len(self._heap)

    def keys(self) -> set[EntryKey]:
        return set(self._heap)

    def admits(self, key: EntryKey) -> bool:
        """Whether ``key`` would be kept if offered now."""
        return len(self._heap) < self.limit or (bool(self._heap) and key > self._heap[0])

    def oldest_time(self) -> datetime | None:
        """The time of the oldest entry kept once ``limit`` are (an entry older than it
        cannot get in); ``None`` while fewer are."""
        return self._heap[0][0] if len(self._heap) >= self.limit else None

    def article_ids(self) -> list[str]:
        """The articles the entries kept belong to, sorted."""
        return sorted({article_id for _, article_id, _ in self._heap})


def _entry_html(
    notes: ArticleNotes, index: int, base_url: str | None
) -> tuple[str, str, str | None]:
    """The entry's note sentence, its HTML content, and the page it links to."""
    revision = notes.revisions[index]
    link = base_url + history_path(notes.article_id) + f"#{revision.label}" if base_url else None
    link = link or safe_url(revision.article.url)
    template = environment().get_template(ENTRY_TEMPLATE)
    if index == 0:
        added, _ = words_changed("", revision.article.body_text)
        label = f"Published {when(revision.at, notes.tz, date_only=revision.at_date_only)}"
        text = f"first version ({added} words)."
        content = template.render(
            note_label=label, note_text=text, generated=False, diff=None, link=None
        )
        return f"{label}: {text}", content, link
    note = notes.note_for(revision)
    diff = notes.diffs[index]
    assert note is not None and diff is not None
    previous = notes.revisions[index - 1]
    full = (
        base_url + pair_path(notes.article_id, previous.number, revision.number)
        if base_url
        else None
    )
    content = template.render(
        note_label=note.label,
        note_text=note.shown,
        generated=note.summarised,
        diff=diff_view(diff, previous, revision, context=FEED_CONTEXT),
        link=full,
    )
    return note.sentence, content, link


@dataclass(frozen=True)
class FeedEntry:
    """One entry, made: what the feed writes of a revision (a few kilobytes, so that a
    store-wide build can keep its newest entries made instead of reading them again)."""

    key: EntryKey
    id: str
    title: str
    moment: datetime
    summary: str
    content: str
    kind: str
    author: str | None
    link: str | None


def feed_entries(
    notes: ArticleNotes, base_url: str | None, wanted: Container[EntryKey] | None = None
) -> list[FeedEntry]:
    """The entries of an article's editorial revisions (those whose keys are ``wanted``,
    when given); ``base_url`` as ``check_base_url`` returns it."""
    made = []
    for index, revision in enumerate(notes.revisions):
        key = (revision.at, notes.article_id, revision.number)
        if revision.kind == "technical" or (wanted is not None and key not in wanted):
            continue
        sentence, content, link = _entry_html(notes, index, base_url)
        made.append(
            FeedEntry(
                key=key,
                id=entry_id(revision),
                title=f"{revision.article.headline} ({revision.label}, {revision.kind})",
                moment=revision.at.astimezone(notes.tz),
                summary=sentence,
                content=content,
                kind=revision.kind,
                author=revision.article.byline or None,
                link=link,
            )
        )
    return made


def build_feed(
    articles: Sequence[ArticleNotes],
    *,
    base_url: str | None = None,
    title: str = DEFAULT_TITLE,
    feed_id: str | None = None,
    limit: int = FEED_LIMIT,
) -> str:
    """The Atom feed (UTF-8 XML text) of the ``limit`` newest editorial revisions of
    ``articles``: the same feed from any subset of ``articles`` that holds those revisions'
    articles (``NewestEntries`` finds them).

    ``base_url``: where the static site is published; entries then link to history and diff
    pages there, and the feed gets ``self`` and ``alternate`` links. Without it, entries link
    to the article's own address when it is known.
    """
    base = check_base_url(base_url)
    newest = NewestEntries(limit)
    for notes in articles:
        newest.offer(entry_keys(notes.revisions))
    wanted = newest.keys()
    entries = [entry for notes in articles for entry in feed_entries(notes, base, wanted)]
    return atom_feed(entries, base_url=base, title=title, feed_id=feed_id)


def atom_feed(
    entries: Iterable[FeedEntry],
    *,
    base_url: str | None = None,
    title: str = DEFAULT_TITLE,
    feed_id: str | None = None,
) -> str:
    """The Atom feed of ``entries``, newest first (see ``build_feed``)."""
    base = check_base_url(base_url)
    items = sorted(entries, key=lambda entry: entry.key, reverse=True)
    fg = FeedGenerator()
    fg.id(feed_id or (base + FEED if base else "urn:articlediff:feed"))
    fg.title(xml_text(title))
    fg.author({"name": xml_text(title)})
    fg.generator("articlediff")
    fg.language("en")
    if base:
        fg.link(href=base + FEED, rel="self", type="application/atom+xml")
        fg.link(href=base + INDEX, rel="alternate", type="text/html")
    fg.updated(items[0].moment if items else EMPTY_FEED_TIME)
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.title(xml_text(item.title))
        entry.updated(item.moment)
        entry.published(item.moment)
        entry.summary(xml_text(item.summary))
        entry.content(xml_text(item.content), type="html")
        entry.category(term=item.kind, label=item.kind)
        if item.author:
            entry.author({"name": xml_text(item.author)})
        if item.link:
            entry.link(href=item.link, rel="alternate", type="text/html")
    text: bytes = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return text.decode("utf-8")
