"""watch rounds against a local outlet: what is captured, when, and at what cost."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from articlediff.store import Store
from tests.conftest import git, repo_state
from tests.watch.conftest import FAST, Clock, configure, one_round
from tests.watch.outlet import Outlet, Resource, news_sitemap, rss, sitemap_index

LEAD = "The harbour bridge will close for three weeks of repairs, the council said on Wednesday."
CABLES = "Engineers found corrosion in two of the main cables during a routine inspection."
TOLL = "The closure will cost the city an estimated 23 million pounds, officials said."
QUOTE = "Residents said the diversion would add half an hour to their daily journeys."


def advert(slot: int) -> str:
    """Advertising markup: a slot and its loader, no text of the article's."""
    return f'<ins class="adsbygoogle" data-ad-slot="{slot}"></ins><script>load({slot})</script>'


def feed_outlet(outlet: Outlet, store_path: Path, extra: str = "") -> None:
    """Five articles in a feed; robots.txt keeps /private/ out."""
    outlet.article("/news/edit", "Harbour bridge to close", [LEAD, CABLES])
    outlet.article("/news/stealth", "Council sets budget", [TOLL, QUOTE])
    outlet.article("/news/ads", "Library extends hours", [QUOTE, CABLES], ads=advert(1))
    outlet.article("/news/headline", "Ferry service resumes", [CABLES, LEAD])
    outlet.article("/news/still", "Market reopens", [LEAD, QUOTE])
    outlet.article("/private/memo", "Internal memo", [LEAD, TOLL])
    links = ["/news/edit", "/news/stealth", "/news/ads", "/news/headline", "/news/still"]
    items = [(path, outlet.url(path), "Wed, 19 Jun 2024 07:38:00 +0100") for path in links]
    items.append(("memo", outlet.url("/private/memo"), "Wed, 19 Jun 2024 07:38:00 +0100"))
    outlet.serve("/feed.xml", Resource(rss(items), "application/rss+xml"))
    outlet.serve("/robots.txt", Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    configure(
        store_path,
        FAST
        + f'\n[[watch]]\nname = "daily"\noutlet = "example"\nurl = "{outlet.url("/feed.xml")}"\n'
        + extra,
    )


def revisions(store_path: Path, article_id: str) -> list[tuple[str, str, str]]:
    """(kind, revision time, Fetched-At) of each revision of the article, oldest first."""
    with Store(store_path) as store:
        history = store.revision_files(article_id)
    found = []
    for file in history:
        body = git(store_path, "log", "-1", "--format=%B", file.revision.commit)
        fetched = next(
            line.split(": ", 1)[1] for line in body.splitlines() if line.startswith("Fetched-At")
        )
        found.append((file.revision.kind, file.revision.at.isoformat(), fetched))
    return found


def test_each_editorial_change_is_captured_once_at_the_right_time(
    outlet: Outlet, store_path: Path
) -> None:
    feed_outlet(outlet, store_path)
    clock = Clock()
    first = one_round(store_path, clock)
    assert (first.new_articles, first.checked, first.editorial, first.failed) == (5, 5, 5, 0)
    assert outlet.asked("/private/memo") == []  # robots.txt: never fetched
    # r1 of each: the page states its publication time
    assert revisions(store_path, "example/edit") == [
        ("published", "2024-06-19T07:38:00+01:00", "2024-06-19T08:00:00+01:00")
    ]
    with Store(store_path) as store:
        [first_seen] = store.history("example/edit")
    assert dict(first_seen.field_sources)["headline"]  # Field-Sources: where the page said it

    # Between rounds: a stated update, a stealth number change, an advert, a new headline.
    outlet.article(
        "/news/edit",
        "Harbour bridge to close",
        [LEAD, CABLES, QUOTE],
        updated="2024-06-19T08:05:00+01:00",
    )
    outlet.article(
        "/news/stealth", "Council sets budget", [TOL2 := TOLL.replace("23", "32"), QUOTE]
    )
    outlet.article("/news/ads", "Library extends hours", [QUOTE, CABLES], ads=advert(2))
    outlet.article("/news/headline", "Ferry service resumes after storm", [CABLES, LEAD])
    outlet.clear()
    clock.advance(minutes=11)
    second = one_round(store_path, clock)
    assert (second.checked, second.editorial, second.unchanged, second.not_modified) == (5, 3, 1, 1)
    assert revisions(store_path, "example/edit")[1] == (
        "update",
        "2024-06-19T08:05:00+01:00",
        "2024-06-19T08:11:00+01:00",
    )  # the page's stated update time
    assert revisions(store_path, "example/stealth")[1] == (
        "update",
        "2024-06-19T08:11:00+01:00",
        "2024-06-19T08:11:00+01:00",
    )  # no new update time stated: the fetch time
    assert len(revisions(store_path, "example/ads")) == 1  # markup only: no commit
    assert len(revisions(store_path, "example/headline")) == 2
    assert TOL2 in (store_path / "versions/example/stealth.md").read_text()
    # The unchanged page and the feed answered 304, and cost no body.
    assert outlet.statuses("/news/still") == [304]
    assert outlet.statuses("/feed.xml") == [304]
    assert all("If-None-Match" in request.headers for request in outlet.asked("/news/still"))

    # A round with nothing changed: every page answers 304 and no commit is made.
    head = git(store_path, "rev-parse", "HEAD")
    outlet.clear()
    clock.advance(minutes=11)
    third = one_round(store_path, clock)
    assert (third.checked, third.not_modified, third.editorial) == (5, 5, 0)
    assert git(store_path, "rev-parse", "HEAD") == head
    assert outlet.asked("/private/memo") == []
    repo_state(store_path)
    assert git(store_path, "status", "--porcelain") == ""


def test_articles_are_asked_again_by_age_then_dropped(outlet: Outlet, store_path: Path) -> None:
    feed_outlet(outlet, store_path, 'follow = "1d"\n')
    clock = Clock()
    one_round(store_path, clock)
    outlet.clear()
    clock.advance(minutes=5)  # not yet due (every 10 minutes while young)
    assert one_round(store_path, clock).checked == 0
    assert outlet.asked("/news/edit") == []
    clock.advance(minutes=6)
    assert one_round(store_path, clock).checked == 5
    clock.advance(hours=7)  # past 6h: hourly
    assert one_round(store_path, clock).checked == 5
    clock.advance(minutes=30)
    assert one_round(store_path, clock).checked == 0
    clock.advance(hours=17)  # past the source's follow window of one day
    report = one_round(store_path, clock)
    assert report.dropped == 5 and report.following == 0


def test_a_listing_that_says_an_article_changed_makes_it_due(
    outlet: Outlet, store_path: Path
) -> None:
    outlet.article("/a", "Harbour bridge to close", [LEAD, CABLES])
    stamp = "2024-06-19T07:38:00+01:00"
    outlet.serve("/news.xml", Resource(news_sitemap([(outlet.url("/a"), stamp, "Bridge")])))
    configure(
        store_path,
        FAST + f'[[watch]]\nname = "s"\noutlet = "example"\nkind = "sitemap"\n'
        f'url = "{outlet.url("/news.xml")}"\n',
    )
    clock = Clock()
    one_round(store_path, clock)
    clock.advance(minutes=2)
    page = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{outlet.url('/a')}</loc><lastmod>2024-06-19T08:01:00+01:00</lastmod></url>"
        "</urlset>"
    )
    outlet.serve("/news.xml", Resource(page.encode(), "application/xml"))
    with Store(store_path) as store:
        state = json.loads((store.git.git_dir / "articlediff" / "watch-state.json").read_text())
    state["listings"][outlet.url("/news.xml")]["next_due"] = ""
    (store_path / ".git/articlediff/watch-state.json").write_text(json.dumps(state))
    report = one_round(store_path, clock)
    assert report.checked == 1  # due at once, not ten minutes after the last fetch


def test_sitemap_index_news_sitemap_and_patterns(outlet: Outlet, store_path: Path) -> None:
    for path in ("/news/one", "/news/two", "/video/three", "/news/live-four"):
        outlet.article(path, f"Story {path}", [LEAD, CABLES])
    stamp = "2024-06-19T07:30:00+01:00"
    outlet.serve(
        "/news-sitemap.xml",
        Resource(
            news_sitemap(
                [
                    (outlet.url("/news/one"), stamp, "One"),
                    (outlet.url("/video/three"), stamp, "Three"),
                    (outlet.url("/news/live-four"), stamp, "Four"),
                ]
            ),
            "application/xml",
        ),
    )
    plain = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{outlet.url('/news/two')}</loc></url></urlset>"
    )
    outlet.serve("/pages.xml", Resource(plain.encode(), "application/xml"))
    index = sitemap_index([outlet.url("/news-sitemap.xml"), outlet.url("/pages.xml")])
    outlet.serve("/sitemap.xml", Resource(index, "application/xml"))
    configure(
        store_path,
        FAST + '[[watch]]\nname = "maps"\noutlet = "daily"\nkind = "sitemap"\n'
        f'url = "{outlet.url("/sitemap.xml")}"\ninclude = ["/news/"]\nexclude = ["/live-"]\n',
    )
    report = one_round(store_path, Clock())
    assert report.listings == 3 and report.editorial == 2
    with Store(store_path) as store:
        assert store.article_ids() == ["daily/one", "daily/two"]
    assert outlet.asked("/video/three") == outlet.asked("/news/live-four") == []


def test_a_404_and_a_slow_page_fail_alone(outlet: Outlet, store_path: Path) -> None:
    outlet.article("/ok", "Harbour bridge to close", [LEAD, CABLES])
    outlet.serve("/slow", Resource(outlet.resources["/ok"].body, delay=3))
    configure(
        store_path,
        '[watching]\nhost_delay = 0\nretries = 0\ntimeout = "1s"\n'
        '[[watch]]\nname = "list"\noutlet = "example"\nkind = "urls"\n'
        f'urls = ["{outlet.url("/ok")}", "{outlet.url("/gone")}", "{outlet.url("/slow")}"]\n',
    )
    report = one_round(store_path, Clock())
    assert (report.checked, report.editorial, report.failed) == (3, 1, 2)
    assert any("HTTP 404" in line for line in report.problems)
    assert any("timed out" in line for line in report.problems)
    with Store(store_path) as store:
        assert store.article_ids() == ["example/ok"]


def test_requests_to_a_host_are_spaced_by_the_delay(outlet: Outlet, store_path: Path) -> None:
    paths = [f"/n/{number}" for number in range(6)]
    for path in paths:
        outlet.article(path, f"Story {path}", [LEAD, CABLES])
    urls = ", ".join(f'"{outlet.url(path)}"' for path in paths)
    configure(
        store_path,
        "[watching]\nhost_delay = 0.25\nhost_concurrency = 2\n"
        f'[[watch]]\nname = "list"\noutlet = "example"\nkind = "urls"\nurls = [{urls}]\n',
    )
    one_round(store_path, Clock())
    times = sorted(request.at for request in outlet.requests)
    assert len(times) == 7  # robots.txt and six pages
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    # The client spaces request starts by the delay; the server sees them with the jitter of
    # connection set-up on a shared machine. No two requests come together, and over the
    # round the rate is at most one per delay.
    assert min(gaps) >= 0.25 / 2, gaps
    assert times[-1] - times[0] >= 6 * 0.25 - 0.05, gaps
