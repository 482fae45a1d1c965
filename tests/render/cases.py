"""Revisions for renderer tests, built in memory (renderers never touch a store)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from articlediff.common.timeutil import zone
from articlediff.diff import ArticleDiff, diff_articles
from articlediff.ingest import parse_source
from articlediff.model import Article, Revision
from tests.conftest import SAMPLE_EARLIER, SAMPLE_LATEST

LONDON = zone("Europe/London")
SAMPLE_ID = "gbnews/putin-kim-visit"


def revision(
    article: Article,
    number: int,
    at: str,
    kind: str = "update",
    note: str = "",
    id: str = SAMPLE_ID,
) -> Revision:
    moment = datetime.fromisoformat(at)
    return Revision(
        article_id=id,
        number=number,
        commit=f"{number:x}" * 40,
        kind=kind,
        at=moment,
        recorded=datetime.fromisoformat("2024-06-20T09:00:00+00:00"),
        article=article,
        note=note,
    )


def _read(path: Path) -> Article:
    return parse_source(path.read_bytes(), name=path.name, tz=LONDON).article


def sample() -> tuple[ArticleDiff, Revision, Revision]:
    old = revision(_read(SAMPLE_EARLIER), 1, "2024-06-19T07:38:00+01:00", "published", "first cut")
    new = revision(_read(SAMPLE_LATEST), 2, "2024-06-19T08:14:00+01:00")
    return diff_articles(old.article, new.article), old, new


MOVE_OLD = (
    "The council met on Monday evening to discuss the harbour plan.",
    "Residents had complained about noise from the site for months.",
    "The mayor said the works would finish in the spring of next year.",
    "A second meeting is planned for the autumn.",
)
MOVE_NEW = (
    "The mayor said the works would finish in the summer of next year.",
    "The council met on Monday evening to discuss the harbour plan.",
    "Residents had complained about noise from the site for months.",
    "A second meeting is planned for the autumn.",
    "Objections can be sent to the council until 30 June.",
)

HOSTILE_OLD = (
    'Police said <script>alert("x")</script> was found & removed.',
    "Nothing to see here [-not a deletion-] or {+not an insertion+} @@ nor a gap @@.",
    "CriticMarkup {++ ++} {-- --} {~~a~>b~~} {== ==} {>> <<} and a back\\slash.",
    "- not a list item",
)
HOSTILE_NEW = (
    'Police said <img src=x "onerror=alert(1)"> was found & removed.',
    "Nothing to see here [-not a deletion-] or {+still not an insertion+} @@ nor a gap @@.",
    "CriticMarkup {++ ++} {-- --} {~~a~>b~~} {== ==} {>> <<} and a back\\slash [.",
    "- not a list item\x1b[31m",
)

CJK_OLD = ("東京都は19日、新しい防災計画を発表した。計画は来年から実施される。",)
CJK_NEW = ("東京都は20日、新しい防災計画を正式に発表した。計画は来年4月から実施される。",)


def _pair(
    old_body: tuple[str, ...],
    new_body: tuple[str, ...],
    *,
    old_headline: str,
    new_headline: str,
    id: str,
) -> tuple[ArticleDiff, Revision, Revision]:
    old_article = Article(headline=old_headline, body=old_body, byline="A Reporter")
    new_article = Article(headline=new_headline, body=new_body, byline="A Reporter")
    old = revision(old_article, 1, "2024-06-19T07:00:00+01:00", "published", id=id)
    new = revision(new_article, 2, "2024-06-19T09:30:00+01:00", note="mayor's date", id=id)
    return diff_articles(old_article, new_article), old, new


def moves() -> tuple[ArticleDiff, Revision, Revision]:
    return _pair(
        MOVE_OLD,
        MOVE_NEW,
        old_headline="Harbour plan",
        new_headline="Harbour plan",
        id="local/harbour",
    )


def hostile() -> tuple[ArticleDiff, Revision, Revision]:
    return _pair(
        HOSTILE_OLD,
        HOSTILE_NEW,
        old_headline="<b>Bold</b> claim",
        new_headline='<i onmouseover="x()">Bold</i> claim',
        id="local/hostile",
    )


def cjk() -> tuple[ArticleDiff, Revision, Revision]:
    return _pair(
        CJK_OLD, CJK_NEW, old_headline="防災計画", new_headline="新しい防災計画", id="local/cjk"
    )


def dates() -> tuple[ArticleDiff, Revision, Revision]:
    """A page that stated its publication as a date alone, then gave it a time and stated an
    update as a date alone; each revision saved at the time its page stated."""
    day = datetime(2019, 12, 23, tzinfo=LONDON)
    old_article = Article(
        headline="Storm closes harbour",
        body=("The harbour closed on Monday as the storm reached the coast.",),
        published=day,
        published_date_only=True,
    )
    new_article = Article(
        headline="Storm closes harbour",
        body=("The harbour closed on Monday as the storm reached the coast, and reopened.",),
        published=day.replace(hour=9, minute=15),
        updated=datetime(2019, 12, 24, tzinfo=LONDON),
        updated_date_only=True,
    )
    old = revision(old_article, 1, day.isoformat(), "published", id="local/storm")
    new = revision(new_article, 2, "2019-12-24T00:00:00+00:00", id="local/storm")
    assert old.at_date_only and new.at_date_only
    return diff_articles(old_article, new_article), old, new


CASES = {"sample": sample, "moves": moves, "hostile": hostile, "cjk": cjk, "dates": dates}
