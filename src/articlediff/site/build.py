"""The static site as a mapping {relative path: content}: a pure function of the histories.

Pages (see ``site.paths``): an index of articles, latest update first, with one page per
outlet as a search-free filter; one history page per article (every revision with its time,
kind, reader note, verdict and words added and deleted, linking to each diff); one diff page
per pair of consecutive revisions and one from the first published revision to the latest;
the Atom feed; and each article's JSON-LD, also embedded in its history page.

Plain HTML and one stylesheet, relative links only (the site works from ``file://``), no
scripts but JSON-LD data blocks, no external assets, no build time: the same histories give
the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, tzinfo
from itertools import pairwise
from typing import Any, Final, NamedTuple

from articlediff.common.formats import SITE_TITLE
from articlediff.common.furniture import FurnitureSettings
from articlediff.common.timeutil import format_time
from articlediff.diff import ArticleDiff, diff_articles, words_changed
from articlediff.model import Revision, reader_entries
from articlediff.notes import (
    ArticleNotes,
    article_notes,
    jsonld_record,
    revision_when,
    script_json,
    when,
    when_and_iso,
)
from articlediff.notes.render import jsonld_text, safe_url
from articlediff.render.html import environment
from articlediff.site import paths
from articlediff.site.feed import FEED_LIMIT, build_feed, check_base_url
from articlediff.site.views import diff_view

DEFAULT_TITLE: Final = SITE_TITLE
TECHNICAL_NOTE: Final = "Technical re-extraction, not an editorial change."


def _linker(page: str) -> Callable[[str], str]:
    return lambda target: paths.relative(target, page)


def _render(template: str, page: str, **values: Any) -> str:
    return (
        environment()
        .get_template(template)
        .render(href=_linker(page), crumbs=values.pop("crumbs", ()), **values)
    )


def stylesheet() -> str:
    loader = environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(environment(), "site.css")
    return source


def _latest_verdict(notes: ArticleNotes) -> str:
    return notes.notes[-1].verdict if notes.notes else "new"


class IndexRow(NamedTuple):
    """An article's row in the index pages: all the index needs of it, small enough to keep
    one per article of a large store (and to keep in the site's manifest, as a list)."""

    id: str
    outlet: str
    headline: str
    path: str
    revisions: int
    published: str
    published_iso: str
    modified: str
    modified_iso: str
    verdict: str
    order: str
    """When the article was last changed, as UTC text that sorts as the times do."""


def index_row(notes: ArticleNotes) -> IndexRow:
    return IndexRow(
        id=notes.article_id,
        outlet=notes.article_id.split("/")[0],
        headline=notes.latest.article.headline,
        path=paths.history_path(notes.article_id),
        revisions=len(notes.revisions),
        **_published_and_modified(notes),
        verdict=_latest_verdict(notes),
        order=notes.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
    )


def _published_and_modified(notes: ArticleNotes) -> dict[str, str]:
    """When the article was published and last changed, for people and as ISO 8601 (a date
    stated alone shown as the date)."""
    published, published_iso = when_and_iso(
        notes.published, notes.tz, date_only=notes.published_date_only
    )
    modified, modified_iso = when_and_iso(
        notes.modified, notes.tz, date_only=notes.modified_date_only
    )
    return {
        "published": published,
        "published_iso": published_iso,
        "modified": modified,
        "modified_iso": modified_iso,
    }


def index_pages(articles: Iterable[IndexRow], title: str) -> dict[str, str]:
    """The index of every article and one page per outlet, from the articles' rows."""
    rows = sorted(articles, key=lambda row: row.id)
    # Latest update first; ties by id (a stable sort over the id order above).
    rows.sort(key=lambda row: row.order, reverse=True)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.outlet] = counts.get(row.outlet, 0) + 1
    outlets: list[dict[str, Any]] = [
        {"name": name, "count": count, "path": paths.outlet_path(name)}
        for name, count in sorted(counts.items())
    ]
    pages = {
        paths.INDEX: _render(
            "site_index.html.j2",
            paths.INDEX,
            site_title=title,
            heading="All articles",
            articles=rows,
            outlets=outlets,
            outlet=None,
            total=len(rows),
        )
    }
    for item in outlets:
        page: str = item["path"]
        pages[page] = _render(
            "site_index.html.j2",
            page,
            site_title=title,
            heading=f"Articles from {item['name']}",
            articles=[row for row in rows if row.outlet == item["name"]],
            outlets=outlets,
            outlet=item["name"],
            total=len(rows),
            crumbs=[{"text": "All articles", "path": paths.INDEX}, {"text": item["name"]}],
        )
    return pages


def _crumbs(notes: ArticleNotes, *last: dict[str, Any]) -> list[dict[str, Any]]:
    outlet = notes.article_id.split("/")[0]
    return [
        {"text": "All articles", "path": paths.INDEX},
        {"text": outlet, "path": paths.outlet_path(outlet)},
        *last,
    ]


def _revision_time(revision: Revision, tz: tzinfo) -> dict[str, str]:
    time, iso = revision_when(revision, tz)
    return {"time": time, "iso": iso}


def _revision_rows(notes: ArticleNotes) -> list[dict[str, Any]]:
    rows = []
    for index, revision in enumerate(notes.revisions):
        row: dict[str, Any] = {
            "label": revision.label,
            "kind": revision.kind,
            **_revision_time(revision, notes.tz),
            "generated": False,
            "summary": None,
            "diff_path": None,
            "diff_text": "",
        }
        diff = notes.diffs[index]
        if diff is None:
            added, deleted = words_changed("", revision.article.body_text)
            row.update(note="First published.", verdict="new", added=added, deleted=deleted)
        else:
            previous = notes.revisions[index - 1]
            row.update(
                added=diff.stats.words_added,
                deleted=diff.stats.words_deleted,
                verdict="technical" if revision.kind == "technical" else diff.verdict,
                diff_path=paths.pair_path(notes.article_id, previous.number, revision.number),
                diff_text=f"{previous.label} → {revision.label}",
            )
            note = notes.note_for(revision)
            if note is None:
                row["note"] = TECHNICAL_NOTE
            else:
                row["note"] = note.newsroom_text or note.summary + "."
                row["generated"] = not note.entries
                row["summary"] = note.summary if note.entries and note.summarised else None
        rows.append(row)
    return rows


def _history_page(notes: ArticleNotes, title: str, base_url: str | None) -> str:
    page = paths.history_path(notes.article_id)
    article = notes.latest.article
    page_url = base_url + page if base_url else None
    corrections = [
        {
            "kind": entry.kind.replace("_", " "),
            "time": when(entry.at, notes.tz),
            "iso": format_time(entry.at.astimezone(notes.tz)),
            "fixed_in": entry.fixed_in,
            "text": entry.text,
        }
        for entry in reader_entries(article.corrections)
    ]
    return _render(
        "site_history.html.j2",
        page,
        site_title=title,
        crumbs=_crumbs(notes, {"text": article.headline}),
        headline=article.headline,
        article_id=notes.article_id,
        url=safe_url(article.url),
        **_published_and_modified(notes),
        revisions=_revision_rows(notes),
        span_path=paths.span_path(notes.article_id) if len(notes.revisions) > 1 else None,
        jsonld_path=paths.jsonld_path(notes.article_id),
        jsonld=script_json(jsonld_record(notes, page_url=page_url)),
        corrections=corrections,
    )


def _revision_view(notes: ArticleNotes, revision: Revision) -> dict[str, Any]:
    return {
        "label": revision.label,
        "kind": revision.kind,
        **_revision_time(revision, notes.tz),
        "path": f"{paths.history_path(notes.article_id)}#{revision.label}",
    }


def _diff_page(
    notes: ArticleNotes,
    title: str,
    page: str,
    old: Revision,
    new: Revision,
    *,
    previous: dict[str, str] | None,
    next_: dict[str, str] | None,
    furniture: FurnitureSettings,
) -> str:
    index = new.number - 1
    consecutive = old.number == new.number - 1
    diff = notes.diffs[index] if consecutive else None
    patterns = furniture.for_article(notes.article_id)
    diff = diff or diff_articles(old.article, new.article, furniture=patterns)
    note_view = None
    if consecutive:
        note = notes.note_for(new)
        if note is not None:
            note_view = {
                "label": note.label,
                "text": note.shown,
                "generated": note.summarised,
            }
        elif new.kind == "technical":
            note_view = {"label": new.label, "text": TECHNICAL_NOTE, "generated": False}
    what = f"{old.label} → {new.label}"
    if not consecutive:
        what = f"first published ({old.label}) → latest ({new.label})"
    article = new.article
    return _render(
        "site_diff.html.j2",
        page,
        site_title=title,
        crumbs=_crumbs(
            notes,
            {"text": article.headline, "path": paths.history_path(notes.article_id)},
            {"text": what},
        ),
        title=f"Changes {what}",
        headline=article.headline,
        article_id=notes.article_id,
        note=note_view,
        old=_revision_view(notes, old),
        new=_revision_view(notes, new),
        diff=diff_view(diff, old, new),
        previous=previous,
        next=next_,
        history_path=paths.history_path(notes.article_id),
    )


def article_pages(
    notes: ArticleNotes, title: str, base_url: str | None, furniture: FurnitureSettings
) -> dict[str, str]:
    """The pages of one article: its history page, its JSON-LD, a diff page per pair and
    the first-published-to-latest page. They depend on nothing but the article (and the
    settings), so an unchanged article's pages need not be made again."""
    article_id = notes.article_id
    page_url = base_url + paths.history_path(article_id) if base_url else None
    pages = {
        paths.history_path(article_id): _history_page(notes, title, base_url),
        paths.jsonld_path(article_id): jsonld_text(notes, page_url=page_url),
    }
    revisions = notes.revisions
    pairs = [
        (paths.pair_path(article_id, a.number, b.number), a, b) for a, b in pairwise(revisions)
    ]
    for k, (page, old, new) in enumerate(pairs):
        previous = {"path": pairs[k - 1][0], "text": f"{pairs[k - 1][1].label} → {old.label}"}
        next_ = None
        if k + 1 < len(pairs):
            next_ = {"path": pairs[k + 1][0], "text": f"{new.label} → {pairs[k + 1][2].label}"}
        pages[page] = _diff_page(
            notes,
            title,
            page,
            old,
            new,
            previous=previous if k else None,
            next_=next_,
            furniture=furniture,
        )
    if len(revisions) > 1:
        page = paths.span_path(article_id)
        pages[page] = _diff_page(
            notes,
            title,
            page,
            revisions[0],
            revisions[-1],
            previous=None,
            next_=None,
            furniture=furniture,
        )
    return pages


def build_site(
    histories: Sequence[Sequence[Revision]],
    tz: tzinfo,
    *,
    base_url: str | None = None,
    title: str = DEFAULT_TITLE,
    diffs: Sequence[Sequence[ArticleDiff | None]] | None = None,
    furniture: FurnitureSettings | None = None,
    feed_limit: int = FEED_LIMIT,
) -> dict[str, str]:
    """Every file of the site, by path relative to its root, for the articles whose
    ``histories`` are given (each oldest first, as ``Store.history`` returns them).
    ``diffs``, when the caller has them, holds each history's diffs as ``article_notes``
    takes them.

    ``base_url`` (http(s)): where the site will be published; the feed's links and the
    JSON-LD's ``sameAs`` then point there. Times are shown in ``tz``. ``furniture``: the
    store's page-furniture patterns, by outlet, for the verdicts (default: the built-in ones).
    The feed holds the ``feed_limit`` newest entries.
    """
    base = check_base_url(base_url)
    settings = furniture or FurnitureSettings()
    articles = sorted(
        (
            article_notes(
                history,
                tz,
                diffs[index] if diffs is not None else None,
                furniture=settings.for_article(history[0].article_id),
            )
            for index, history in enumerate(histories)
            if history
        ),
        key=lambda notes: notes.article_id,
    )
    files: dict[str, str] = {paths.STYLE: stylesheet()}
    files.update(index_pages((index_row(notes) for notes in articles), title))
    for notes in articles:
        files.update(article_pages(notes, title, base, settings))
    files[paths.FEED] = build_feed(articles, base_url=base, title=title, limit=feed_limit)
    return dict(sorted(files.items()))
