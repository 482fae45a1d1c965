"""A three-article store for site, feed and browser tests: the sample article with a
correction, an article whose text is hostile HTML with a technical revision, and an article
with an in-body correction note saved in winter (GMT)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from articlediff.common.timeutil import zone
from articlediff.ingest import parse_source
from articlediff.model import Article, Correction
from articlediff.store import Store, init_store
from tests.conftest import SAMPLE_EARLIER, SAMPLE_LATEST

LONDON = zone("Europe/London")
SAMPLE_ID = "gbnews/putin-kim-visit"
HOSTILE_ID = "local/harbour-plan"
QUAKE_ID = "daily/quake"
IDS = (SAMPLE_ID, HOSTILE_ID, QUAKE_ID)
CORRECTION = (
    "Correction: an earlier version of this article misstated how long it had been since "
    "Putin's last visit. It was 24 years, not 23."
)
HOSTILE_HEADLINE = (
    'Harbour plan </title><script>alert("headline")</script> "><img src=x onerror=alert(1)>'
)
HOSTILE_BODY = (
    'Police said <script>alert("x")</script> was found & removed </p><!-- near the dock.',
    "The council's \x1b[31mplan\x1b[0m costs £3m, said <b onmouseover=alert(2)>Ms Jones</b>.",
    "A second meeting is planned for the autumn.",
)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _sample(path: Path) -> Article:
    return parse_source(path.read_bytes(), name=path.name, tz=LONDON).article


def build_store(root: Path) -> Path:
    """Create the store at ``root`` and return it."""
    store, _ = init_store(root, "Europe/London")
    with store:
        _sample_article(store)
        _hostile_article(store)
        _quake_article(store)
    return root


def _sample_article(store: Store) -> None:
    earlier, latest = _sample(SAMPLE_EARLIER), _sample(SAMPLE_LATEST)
    store.save(SAMPLE_ID, earlier, note="first cut")
    store.save(SAMPLE_ID, latest)
    at = _time("2024-06-19T09:05:00+01:00")
    entry = Correction("c1", "correction", at, CORRECTION, fixed_in="r2")
    store.save(SAMPLE_ID, replace(latest, corrections=(entry,)), at=at, kind="correction")


def _hostile_article(store: Store) -> None:
    first = Article(
        headline=HOSTILE_HEADLINE,
        body=HOSTILE_BODY,
        standfirst="<em>Standfirst</em> & more",
        byline="<b>Reporter</b>",
        url="javascript:alert(3)",
        captions=("<img src=x onerror=alert(4)>",),
    )
    store.save(HOSTILE_ID, first, at=_time("2024-06-20T10:00:00+01:00"))
    second = replace(
        first,
        body=(
            HOSTILE_BODY[0].replace("removed", "destroyed </script><script>alert(5)</script>"),
            HOSTILE_BODY[1],
            HOSTILE_BODY[2],
            'New: "<iframe src=javascript:alert(6)>" ]]> --> said the mayor.',
        ),
    )
    store.save(HOSTILE_ID, second, at=_time("2024-06-20T11:00:00+01:00"))
    technical = replace(second, captions=("<img src=x onerror=alert(7)> (re-extracted)",))
    store.save(HOSTILE_ID, technical, at=_time("2024-06-20T12:00:00+01:00"), kind="technical")


def _quake_article(store: Store) -> None:
    first = Article(
        headline="Earthquake kills 23 in mountain villages",
        body=(
            "An earthquake killed 23 people in the mountain villages on Tuesday.",
            "Rescue teams from Lyon reached the area overnight.",
        ),
        byline="Ana Souza",
        url="https://daily.example.org/quake",
        published=_time("2024-01-09T06:00:00+00:00"),
    )
    store.save(QUAKE_ID, first, at=_time("2024-01-09T06:00:00+00:00"))
    second = replace(
        first,
        headline="Earthquake kills 24 in mountain villages",
        body=(
            "An earthquake killed 24 people in the mountain villages on Tuesday.",
            "Rescue teams from Grenoble reached the area overnight.",
            "Correction: an earlier version of this article misstated the number of dead as 23.",
        ),
    )
    store.save(QUAKE_ID, second, at=_time("2024-01-09T09:30:00+00:00"))
