"""``watch``: capture every revision of the articles an outlet lists, without anyone saving.

One round (``watch_round``):

1. Read each feed or sitemap that is due (``listing_interval``), conditionally: a ``304 Not
   Modified`` costs nothing. A sitemap index's sitemaps are read too. Article URLs that pass
   the source's include/exclude patterns and are new are followed from now on; a listing
   saying an article changed after it was last fetched makes it due at once.
2. Drop the articles past their window; fetch every article that is due, conditionally,
   through ``save``'s own path (``app.save.save_source``): unchanged text makes no commit,
   the same page read differently is ``technical``, an editorial change is a revision at the
   page's stated update time or else the fetch time, with the fetch time in a ``Fetched-At``
   trailer. Each new ``update``/``correction`` revision fires the alerts.
3. Schedule each article again by its age (``WatchSettings.interval``) and write the state.

Politeness, per host: at most ``host_concurrency`` requests in flight and ``host_delay``
seconds (or robots.txt's ``Crawl-delay``, if longer) between two request starts; robots.txt
honoured (``urllib.robotparser``, for the ``articlediff`` user agent); passing failures
(timeouts, 408, 429, 5xx) retried ``retries`` times with exponential backoff and jitter
(``Retry-After`` honoured); a host that failed ``breaker_failures`` fetches in a row is left
alone for ``breaker_cooldown`` (its circuit breaker is open), then tried with one request.
Every request is made by ``app.fetch.fetch_page``: its time limit, size cap, http(s)-only and
address rules apply.

Fetches run in worker threads; saves run one at a time in the calling thread. A stop request
(``Stopper``, set by SIGINT/SIGTERM in ``stop_on_signals``) lets the save in flight finish,
abandons what was not yet saved, writes the state and ends the round: nothing is left
half-written, and every revision reported has landed.
"""

from __future__ import annotations

import hashlib
import random
import signal
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import FrameType
from typing import Any, Final
from urllib.parse import urlsplit

from articlediff import __version__
from articlediff.app.alerts import ALERT_KINDS, AlertTargets, revision_alert, send_alert
from articlediff.app.fetch import HTML_TYPES, FetchedPage, FetchError, fetch_page
from articlediff.app.save import save_source
from articlediff.common.timeutil import format_time, now
from articlediff.errors import InputError, StoreError
from articlediff.ingest.ids import article_id_from_url
from articlediff.ingest.listings import Listing, read_feed, read_sitemap
from articlediff.store import Store
from articlediff.store.config import read_config
from articlediff.store.watchconfig import WatchSettings, WatchSource
from articlediff.store.watchstate import (
    ArticleState,
    HostState,
    ListingState,
    WatchState,
    iso,
    load_state,
    moment_of,
    save_state,
    watch_lock,
)

ROBOTS_AGENT: Final = "articlediff"
ROBOTS_TTL: Final = 3600.0
ROBOTS_RETRY: Final = 300.0
MAX_SITEMAPS: Final = 50  # sitemaps read from one index per round
MAX_RETRY_WAIT: Final = 300.0
IDLE_WAIT: Final = (1.0, 60.0)  # shortest and longest wait between rounds


class Stopper:
    """A stop request shared by the round and its fetch threads; waits end early on it."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal_name = ""

    @property
    def stopped(self) -> bool:
        return self.event.is_set()

    def stop(self, why: str = "") -> None:
        self.signal_name = self.signal_name or why
        self.event.set()

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless asked to stop first; whether a stop was asked."""
        return self.event.wait(max(0.0, seconds))


@contextmanager
def stop_on_signals(stopper: Stopper) -> Iterator[None]:
    """SIGINT and SIGTERM ask ``stopper`` to stop (a second one interrupts at once)."""

    def handle(number: int, frame: FrameType | None) -> None:
        if stopper.stopped:
            raise KeyboardInterrupt
        stopper.stop(signal.Signals(number).name)

    previous = {number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass(frozen=True)
class WatchRun:
    """How a watch runs, besides the store's ``[watching]`` settings."""

    alerts: AlertTargets = field(default_factory=AlertTargets)
    allow_private: bool = False
    seed: int | None = None  # the retry jitter's random seed (tests)
    clock: Callable[[], datetime] | None = None  # the wall clock (tests); default: now
    on_progress: Callable[[int, int, str], None] | None = None  # done, total, url
    on_revision: Callable[[dict[str, Any]], None] | None = None  # each, as it lands


@dataclass
class RoundReport:
    """What one round did."""

    number: int
    started: datetime
    listings: int = 0
    listings_not_modified: int = 0
    new_articles: int = 0
    checked: int = 0
    not_modified: int = 0
    unchanged: int = 0
    revisions: list[dict[str, Any]] = field(default_factory=list)
    technical: int = 0
    failed: int = 0
    robots_refused: int = 0
    breaker_skipped: int = 0
    dropped: int = 0
    requests: int = 0
    following: int = 0
    problems: list[str] = field(default_factory=list)
    stopped: str = ""
    seconds: float = 0.0

    @property
    def editorial(self) -> int:
        return sum(1 for record in self.revisions if record["kind"] != "technical")

    def to_json(self) -> dict[str, Any]:
        return {
            "round": self.number,
            "started": format_time(self.started),
            "seconds": round(self.seconds, 3),
            "listings": self.listings,
            "listings_not_modified": self.listings_not_modified,
            "new_articles": self.new_articles,
            "checked": self.checked,
            "not_modified": self.not_modified,
            "unchanged": self.unchanged,
            "revisions": self.revisions,
            "technical": self.technical,
            "failed": self.failed,
            "robots_refused": self.robots_refused,
            "breaker_skipped": self.breaker_skipped,
            "dropped": self.dropped,
            "requests": self.requests,
            "following": self.following,
            "problems": self.problems,
            "stopped": self.stopped or None,
        }


# -- politeness ------------------------------------------------------------------------


class Hosts:
    """Per-host politeness: concurrency, spacing of requests, robots.txt, circuit breaker."""

    def __init__(self, settings: WatchSettings, state: WatchState, run: Fetching) -> None:
        self.settings = settings
        self.state = state
        self.run = run
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}
        self.next_start: dict[str, float] = {}
        self.robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self.robots_locks: dict[str, threading.Lock] = {}

    def _slot(self, host: str) -> threading.Semaphore:
        with self.lock:
            return self.slots.setdefault(host, threading.Semaphore(self.settings.host_concurrency))

    @contextmanager
    def turn(self, host: str, delay: float) -> Iterator[None]:
        """Wait for a free slot and the host's spacing; ``Stopped`` if asked to stop."""
        slot = self._slot(host)
        while not slot.acquire(timeout=0.1):
            if self.run.stopper.stopped:
                raise Stopped
        try:
            with self.lock:
                start = max(time.monotonic(), self.next_start.get(host, 0.0))
                self.next_start[host] = start + delay
            if self.run.stopper.wait(start - time.monotonic()):
                raise Stopped
            yield
        finally:
            slot.release()

    def breaker_open(self, host: str, moment: datetime) -> bool:
        with self.lock:
            held = self.state.hosts.get(host)
            until = moment_of(held.open_until) if held else None
            return until is not None and until > moment

    def record(self, host: str, ok: bool, moment: datetime) -> None:
        """A fetch's outcome for the host's breaker (lasting errors such as 404 count as ok:
        the host answered)."""
        with self.lock:
            if ok:
                self.state.hosts.pop(host, None)
                return
            held = self.state.hosts.setdefault(host, HostState())
            held.failures += 1
            if held.failures >= max(1, self.settings.breaker_failures):
                held.open_until = iso(moment + self.settings.breaker_cooldown)

    def robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The origin's robots.txt rules (``None``: none apply), fetched at most hourly."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            lock = self.robots_locks.setdefault(origin, threading.Lock())
        with lock:
            fetched_at, rules = self.robots.get(origin, (float("-inf"), None))
            # A robots.txt that could not be read (all refused) is asked again sooner.
            failed = rules is not None and getattr(rules, "disallow_all", False)
            if time.monotonic() - fetched_at < (ROBOTS_RETRY if failed else ROBOTS_TTL):
                return rules
            rules = self.run.read_robots(origin)
            self.robots[origin] = (time.monotonic(), rules)
            return rules

    def delay(self, url: str) -> float:
        rules = self.robots_for(url)
        crawl_delay = rules.crawl_delay(ROBOTS_AGENT) if rules else None
        return max(self.settings.host_delay, float(crawl_delay or 0))


class Stopped(Exception):
    """The watch was asked to stop while waiting its turn."""


class RobotsRefused(Exception):
    """robots.txt disallows the URL for articlediff."""


class BreakerOpen(Exception):
    """The host's circuit breaker is open."""


# -- fetching --------------------------------------------------------------------------


class Fetching:
    """Every request of a watch: through the hosts' politeness, with retries."""

    def __init__(
        self, settings: WatchSettings, state: WatchState, run: WatchRun, stopper: Stopper
    ) -> None:
        self.settings = settings
        self.allow_private = run.allow_private or settings.allow_private
        self.clock = run.clock or now
        self.random = random.Random(run.seed)
        self.stopper = stopper
        self.hosts = Hosts(settings, state, self)
        self.lock = threading.Lock()
        self.requests = 0

    def _request(
        self, url: str, validators: dict[str, str] | None, accept: frozenset[str] | None
    ) -> FetchedPage:
        with self.lock:
            self.requests += 1
        return fetch_page(
            url,
            timeout=self.settings.timeout,
            accept=accept,
            validators=validators,
            allow_private=self.allow_private,
        )

    def read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """robots.txt of ``origin``: missing (404 and the like) allows everything; 401, 403 or
        a server that cannot answer it (timeouts, 5xx) allows nothing until asked again."""
        rules = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        host = urlsplit(origin).netloc.lower()
        try:
            with self.hosts.turn(host, self.settings.host_delay):
                page = self._request(f"{origin}/robots.txt", None, None)
        except FetchError as error:
            if error.status in (401, 403) or error.passing:
                rules.disallow_all = True  # type: ignore[attr-defined]
                return rules
            return None
        except InputError:
            return None
        rules.parse(page.data.decode("utf-8", "replace").splitlines())
        return rules

    def get(
        self,
        url: str,
        validators: dict[str, str] | None = None,
        accept: frozenset[str] | None = HTML_TYPES,
    ) -> FetchedPage:
        """``url`` fetched politely, retried after passing failures. Raises ``RobotsRefused``,
        ``BreakerOpen``, ``Stopped`` or the last ``FetchError``/``InputError``."""
        host = urlsplit(url).netloc.lower()
        if self.hosts.breaker_open(host, self.clock()):
            raise BreakerOpen
        rules = self.hosts.robots_for(url)
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise RobotsRefused
        delay = self.hosts.delay(url)
        attempt = 0
        while True:
            try:
                with self.hosts.turn(host, delay):
                    page = self._request(url, validators, accept)
            except FetchError as error:
                if not error.passing or attempt >= self.settings.retries:
                    self.hosts.record(host, not error.passing, self.clock())
                    raise
                wait = self.settings.backoff * (2**attempt) * self.random.uniform(0.5, 1.5)
                if error.retry_after is not None:
                    wait = max(wait, min(error.retry_after, MAX_RETRY_WAIT))
                attempt += 1
                if self.stopper.wait(wait):
                    raise Stopped from None
                continue
            self.hosts.record(host, True, self.clock())
            return page


# -- one round -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    """One article fetch's result, handed from a fetch thread to the saving thread."""

    url: str
    page: FetchedPage | None
    at: datetime
    error: Exception | None = None


class Watcher:
    """A watch over one store: its state, politeness and rounds."""

    def __init__(self, store: Store, run: WatchRun, stopper: Stopper | None = None) -> None:
        self.store = store
        self.run = run
        self.stopper = stopper or Stopper()
        self.state, note = load_state(store.git.git_dir)
        self.notes = [note] if note else []
        self.rounds = 0
        self.fetching = Fetching(store.config.watch.settings, self.state, run, self.stopper)

    @property
    def settings(self) -> WatchSettings:
        return self.store.config.watch.settings

    def clock(self) -> datetime:
        return (self.run.clock or now)().astimezone(self.store.tz)

    def round(self) -> RoundReport:
        """One round (see the module docstring); the state is written before it returns."""
        self.rounds += 1
        started = time.perf_counter()
        report = RoundReport(self.rounds, self.clock(), problems=list(self.notes))
        self.notes = []
        if self.rounds > 1:  # settings changed since the last round take effect now
            try:
                self.store.config = read_config(self.store.root)
            except StoreError as error:
                report.problems.append(f"{error}; the settings read before are kept")
            self.fetching.settings = self.fetching.hosts.settings = self.settings
        requests_before = self.fetching.requests
        try:
            self._read_listings(report)
            self._fetch_articles(report)
        finally:
            report.requests = self.fetching.requests - requests_before
            report.following = len(self.state.articles)
            report.stopped = self.stopper.signal_name if self.stopper.stopped else ""
            save_state(self.store.git.git_dir, self.state)
            report.seconds = time.perf_counter() - started
        return report

    def next_wait(self) -> float:
        """Seconds until something is due, within ``IDLE_WAIT``."""
        moment = self.clock()
        times = [moment_of(item.next_due) for item in self.state.listings.values()]
        times += [moment_of(item.next_due) for item in self.state.articles.values()]
        due = [(when - moment).total_seconds() for when in times if when is not None]
        shortest, longest = IDLE_WAIT
        return min(longest, max(shortest, min(due, default=longest)))

    # -- listings

    def _read_listings(self, report: RoundReport) -> None:
        sources = self.store.config.watch.sources
        names = {source.name for source in sources}
        for url in [url for url, item in self.state.articles.items() if item.source not in names]:
            del self.state.articles[url]  # its source was removed from the settings
            report.dropped += 1
        for source in sources:
            if self.stopper.stopped:
                return
            if source.kind == "urls":
                for url in source.urls:
                    self._follow(source, url, None, None, report)
                continue
            pending, read = [source.urls[0]], 0
            while pending and read <= MAX_SITEMAPS and not self.stopper.stopped:
                listing = self._read_listing(source, pending.pop(0), report)
                read += 1
                if listing is None:
                    continue
                pending += list(listing.sitemaps)
                for listed in listing.articles:
                    self._follow(source, listed.url, listed.published, listed.updated, report)

    def _read_listing(self, source: WatchSource, url: str, report: RoundReport) -> Listing | None:
        moment = self.clock()
        held = self.state.listings.setdefault(url, ListingState())
        due = moment_of(held.next_due)
        if due is not None and due > moment:
            return None
        report.listings += 1
        held.next_due = iso(moment + self.settings.listing_interval)
        try:
            page = self.fetching.get(url, held.validators or None, None)
        except (Stopped, BreakerOpen, RobotsRefused) as error:
            if isinstance(error, RobotsRefused):
                report.robots_refused += 1
                report.problems.append(f"{url}: robots.txt disallows it for articlediff")
            held.next_due = ""
            return None
        except InputError as error:
            held.failures += 1
            report.problems.append(f"{source.name}: {error}")
            return None
        if page.not_modified:
            report.listings_not_modified += 1
            held.validators = dict(page.validators)
            return None
        try:
            listing = (read_feed if source.kind == "feed" else read_sitemap)(page.data, url)
        except InputError as error:
            held.failures += 1
            report.problems.append(f"{source.name}: {error}")
            return None
        held.failures = 0
        held.validators = dict(page.validators)
        return listing

    def _follow(
        self,
        source: WatchSource,
        url: str,
        published: datetime | None,
        updated: datetime | None,
        report: RoundReport,
    ) -> None:
        if not source.wants(url) or urlsplit(url).scheme not in ("http", "https"):
            return
        moment = self.clock()
        held = self.state.articles.get(url)
        if held is None:
            try:
                rules = self.fetching.hosts.robots_for(url)
            except Stopped:
                return
            if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
                report.robots_refused += 1
                return
            try:
                article_id = self._new_id(source.outlet, url)
            except InputError as error:
                report.problems.append(str(error))
                return
            seen = min(moment, published) if published else moment
            if self.settings.interval(moment - seen, source.follow) is None:
                return  # older than its window already
            self.state.articles[url] = ArticleState(article_id, source.name, iso(seen))
            report.new_articles += 1
            return
        last = moment_of(held.last_fetched)
        if updated is not None and last is not None and updated > last:
            held.next_due = ""  # the listing says it changed since: ask now

    def _new_id(self, outlet: str, url: str) -> str:
        slug = article_id_from_url(url).split("/")[1]
        article_id = f"{outlet}/{slug}"
        taken = {item.article_id for item in self.state.articles.values()}
        if article_id in taken:
            digest = hashlib.sha256(url.encode()).hexdigest()[:8]
            article_id = f"{outlet}/{slug[:70]}-{digest}"
        return article_id

    # -- articles

    def _fetch_articles(self, report: RoundReport) -> None:
        moment = self.clock()
        sources = {source.name: source for source in self.store.config.watch.sources}
        due: list[str] = []
        for url, held in list(self.state.articles.items()):
            first = moment_of(held.first_seen) or moment
            follow = sources[held.source].follow if held.source in sources else None
            if self.settings.interval(moment - first, follow) is None:
                del self.state.articles[url]
                report.dropped += 1
                continue
            next_due = moment_of(held.next_due)
            if next_due is None or next_due <= moment:
                due.append(url)
        due.sort(key=lambda url: (self.state.articles[url].next_due, url))
        if not due or self.stopper.stopped:
            return
        hosts = {urlsplit(url).netloc.lower() for url in due}
        workers = max(1, min(16, len(hosts) * self.settings.host_concurrency))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="watch-fetch")
        try:
            futures: list[Future[_Fetched]] = [
                pool.submit(self._fetch_one, url, dict(self.state.articles[url].validators))
                for url in due
            ]
            for done, future in enumerate(as_completed(futures), 1):
                if self.stopper.event.is_set():
                    break
                fetched = future.result()
                self._handle(fetched, sources, report)
                if self.run.on_progress is not None:
                    self.run.on_progress(done, len(due), fetched.url)
        finally:
            # What is not yet fetched is dropped; fetches under way end within their time
            # limit, and what they bring is not saved: those articles stay due.
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch_one(self, url: str, validators: dict[str, str]) -> _Fetched:
        if self.stopper.stopped:
            return _Fetched(url, None, self.clock(), Stopped())
        try:
            page = self.fetching.get(url, validators or None)
        except (Stopped, BreakerOpen, RobotsRefused, InputError) as error:
            return _Fetched(url, None, self.clock(), error)
        return _Fetched(url, page, self.clock())

    def _handle(
        self, fetched: _Fetched, sources: dict[str, WatchSource], report: RoundReport
    ) -> None:
        held = self.state.articles[fetched.url]
        error = fetched.error
        if isinstance(error, Stopped):
            return
        if isinstance(error, BreakerOpen):
            report.breaker_skipped += 1
            return  # still due: asked again once the breaker closes
        if isinstance(error, RobotsRefused):
            report.robots_refused += 1
            del self.state.articles[fetched.url]
            report.problems.append(f"{fetched.url}: robots.txt disallows it; no longer followed")
            return
        report.checked += 1
        self._schedule(held, fetched.at, sources)
        if error is not None:
            held.failures += 1
            report.failed += 1
            report.problems.append(f"{held.article_id}: {error}")
            return
        page = fetched.page
        assert page is not None
        held.last_fetched = iso(fetched.at)
        held.validators = dict(page.validators)
        if page.not_modified:
            report.not_modified += 1
            held.failures = 0
            return
        digest = hashlib.sha256(page.data).hexdigest()
        if digest == held.sha256 and held.extractor == __version__:
            report.unchanged += 1
            held.failures = 0
            return
        self._save(fetched, page, held, digest, report)

    def _save(
        self,
        fetched: _Fetched,
        page: FetchedPage,
        held: ArticleState,
        digest: str,
        report: RoundReport,
    ) -> None:
        try:
            saved = save_source(
                self.store,
                page.data,
                name=fetched.url,
                article_id=held.article_id,
                fetched_url=page.final_url,
                fetched_at=fetched.at,
            )
        except InputError as error:
            held.failures += 1
            report.failed += 1
            report.problems.append(f"{held.article_id}: {error}")
            return
        held.failures = 0
        held.sha256, held.extractor = digest, __version__
        change, outcome = saved.change, saved.outcome
        if change is None or outcome.revision is None:
            report.unchanged += 1
            return
        record = saved.to_json()
        report.revisions.append(record)
        revision = outcome.revision
        if revision.kind == "technical":
            report.technical += 1
        if revision.kind in ALERT_KINDS and self.run.alerts.any:
            alert = revision_alert(
                self.store,
                change.to_json(),
                revision,
                outcome.previous,
                url=fetched.url,
                fetched_at=fetched.at,
            )
            record["verdict"], record["unexplained"] = alert["verdict"], alert["unexplained"]
            report.problems += send_alert(self.run.alerts, alert)
        if self.run.on_revision is not None:
            self.run.on_revision(record)

    def _schedule(
        self, held: ArticleState, moment: datetime, sources: dict[str, WatchSource]
    ) -> None:
        first = moment_of(held.first_seen) or moment
        source = sources.get(held.source)
        interval = self.settings.interval(moment - first, source.follow if source else None)
        held.next_due = iso(moment + (interval or timedelta(0)))


def watch(
    store: Store,
    run: WatchRun,
    *,
    once: bool = False,
    stopper: Stopper | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
) -> list[RoundReport]:
    """Run rounds until ``once`` is done or a stop is asked; the rounds' reports (each is
    also handed to ``on_round`` as it ends). ``StoreBusyError`` if another watch runs."""
    if not store.config.watch.sources:
        raise InputError(
            "nothing to watch: add a source with 'articlediff watch add' "
            "(or [[watch]] tables in articlediff.toml)"
        )
    stopper = stopper or Stopper()
    reports = []
    with watch_lock(store.git.git_dir):
        watcher = Watcher(store, run, stopper)
        while True:
            report = watcher.round()
            reports.append(report)
            if on_round is not None:
                on_round(report)
            if once or stopper.stopped or stopper.wait(watcher.next_wait()):
                break
    return reports
