"""What ``watch`` follows and how: the ``[[watch]]`` tables and ``[watching]`` settings of
``articlediff.toml``.

```toml
[watching]                      # every key optional; these are the defaults
schedule = ["10m until 6h", "1h until 2d", "1d until 7d"]
follow = "7d"                   # stop following an article this long after it was first seen
listing_interval = "10m"        # how often each feed or sitemap is read
host_delay = "1s"               # at least this long between two requests to one host
host_concurrency = 2            # requests in flight to one host at once
retries = 3                     # further tries after a passing failure (timeout, 429, 5xx)
backoff = "2s"                  # first wait before a retry; doubled each time, with jitter
breaker_failures = 5            # failed fetches in a row that open a host's circuit breaker
breaker_cooldown = "30m"        # how long an open breaker keeps the host unasked
timeout = "30s"                 # one request's overall time limit
allow_private = false           # fetch private and loopback addresses too
alert_timeout = "10s"           # an --on-change command or webhook gives up after this

[[watch]]
name = "example-news"           # how watch list/remove name it
outlet = "example"              # the outlet part of the ids of its articles
kind = "feed"                   # feed (RSS/Atom) | sitemap (incl. Google News) | urls
url = "https://example.org/rss" # or, for kind = "urls": urls = ["https://...", ...]
include = ["/news/"]            # regular expressions; an article URL must match one
exclude = ["/live/"]            # ... and none of these
follow = "3d"                   # this source's own window (default: [watching] follow)
```

An article is asked for again at the interval of the first step of ``schedule`` whose age
limit it has not reached, counted from when it was first seen (or from the time the listing
says it was published, if earlier); past the last step's age, or past ``follow``, it is
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final
from urllib.parse import urlsplit

from articlediff.common.timeutil import format_duration, parse_duration
from articlediff.errors import InputError, StoreError
from articlediff.model import validate_article_id

WATCH_KINDS: Final = ("feed", "sitemap", "urls")
SETTINGS_TABLE: Final = "watching"
_NAME: Final = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_STEP: Final = re.compile(r"\s*(\S+)\s+until\s+(\S+)\s*")
_SOURCE_KEYS: Final = frozenset(
    {"name", "outlet", "kind", "url", "urls", "include", "exclude", "follow"}
)


@dataclass(frozen=True)
class Step:
    """Ask every ``interval`` while the article is younger than ``until``."""

    interval: timedelta
    until: timedelta


DEFAULT_SCHEDULE: Final = (
    Step(timedelta(minutes=10), timedelta(hours=6)),
    Step(timedelta(hours=1), timedelta(days=2)),
    Step(timedelta(days=1), timedelta(days=7)),
)


@dataclass(frozen=True)
class WatchSettings:
    """The ``[watching]`` table (see the module docstring for each key)."""

    schedule: tuple[Step, ...] = DEFAULT_SCHEDULE
    follow: timedelta = timedelta(days=7)
    listing_interval: timedelta = timedelta(minutes=10)
    host_delay: float = 1.0
    host_concurrency: int = 2
    retries: int = 3
    backoff: float = 2.0
    breaker_failures: int = 5
    breaker_cooldown: timedelta = timedelta(minutes=30)
    timeout: float = 30.0
    allow_private: bool = False
    alert_timeout: float = 10.0

    def interval(self, age: timedelta, follow: timedelta | None = None) -> timedelta | None:
        """How long until an article of ``age`` is asked for again; ``None``: drop it."""
        if age >= (follow or self.follow):
            return None
        for step in self.schedule:
            if age < step.until:
                return step.interval
        return None


@dataclass(frozen=True)
class WatchSource:
    """One ``[[watch]]`` table: a feed, a sitemap or a list of article URLs."""

    name: str
    outlet: str
    kind: str
    urls: tuple[str, ...]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow: timedelta | None = None

    def wants(self, url: str) -> bool:
        """Whether an article URL this source lists passes its include/exclude patterns."""
        if self.include and not any(re.search(pattern, url) for pattern in self.include):
            return False
        return not any(re.search(pattern, url) for pattern in self.exclude)

    def to_toml(self) -> dict[str, Any]:
        """The table as ``articlediff.toml`` holds it (durations as written, e.g. ``3d``)."""
        table: dict[str, Any] = {"name": self.name, "outlet": self.outlet, "kind": self.kind}
        if self.kind == "urls":
            table["urls"] = list(self.urls)
        else:
            table["url"] = self.urls[0]
        if self.include:
            table["include"] = list(self.include)
        if self.exclude:
            table["exclude"] = list(self.exclude)
        if self.follow is not None:
            table["follow"] = format_duration(self.follow)
        return table


@dataclass(frozen=True)
class WatchConfig:
    sources: tuple[WatchSource, ...] = ()
    settings: WatchSettings = field(default_factory=WatchSettings)

    def source(self, name: str) -> WatchSource | None:
        return next((source for source in self.sources if source.name == name), None)


def parse_watch(data: Mapping[str, Any], where: str) -> WatchConfig:
    """The watch part of a parsed ``articlediff.toml``; ``StoreError`` naming what is wrong."""
    try:
        settings = _settings(data.get(SETTINGS_TABLE, {}))
        tables = data.get("watch", [])
        if not isinstance(tables, list):
            raise InputError("watch must be an array of tables: write [[watch]]")
        sources: list[WatchSource] = []
        for number, table in enumerate(tables, 1):
            try:
                source = watch_source(table, len(sources))
            except InputError as error:
                raise InputError(f"[[watch]] #{number}: {error}") from None
            if any(other.name == source.name for other in sources):
                raise InputError(f"[[watch]] #{number}: a source named {source.name!r} is above")
            sources.append(source)
    except InputError as error:
        raise StoreError(f"{where}: {error}") from None
    return WatchConfig(tuple(sources), settings)


def watch_source(table: object, index: int = 0) -> WatchSource:
    """A ``[[watch]]`` table as a ``WatchSource``; ``InputError`` naming what is wrong."""
    if not isinstance(table, dict):
        raise InputError("must be a table")
    unknown = sorted(set(table) - _SOURCE_KEYS)
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; expected {', '.join(sorted(_SOURCE_KEYS))}")
    outlet = _string(table, "outlet")
    if outlet is None:
        raise InputError("outlet is missing: the outlet part of its articles' ids")
    validate_article_id(f"{outlet}/x")
    kind = _string(table, "kind") or "feed"
    if kind not in WATCH_KINDS:
        raise InputError(f"kind must be one of {', '.join(WATCH_KINDS)}, not {kind!r}")
    url, urls = _string(table, "url"), _strings(table, "urls")
    if kind == "urls":
        if url is not None:
            raise InputError('kind = "urls" takes urls = [...], not url')
        if not urls:
            raise InputError('kind = "urls" needs urls = ["https://...", ...]')
        addresses = urls
    else:
        if url is None or urls:
            raise InputError(f'kind = "{kind}" takes one url = "https://..."')
        addresses = (url,)
    for address in addresses:
        _check_url(address)
    name = _string(table, "name") or f"{outlet}-{kind}" + (f"-{index + 1}" if index else "")
    if not _NAME.fullmatch(name):
        raise InputError(f"name {name!r}: use lower-case letters, digits and hyphens")
    include, exclude = _strings(table, "include"), _strings(table, "exclude")
    for pattern in (*include, *exclude):
        try:
            re.compile(pattern)
        except re.error as error:
            raise InputError(f"pattern {pattern!r} is not a regular expression ({error})") from None
    follow = _duration(table, "follow")
    return WatchSource(name, outlet, kind, addresses, include, exclude, follow)


def _settings(table: object) -> WatchSettings:
    if not isinstance(table, dict):
        raise InputError(f"[{SETTINGS_TABLE}] must be a table")
    defaults = WatchSettings()
    known = set(WatchSettings.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(f"[{SETTINGS_TABLE}]: unknown key {unknown[0]!r}")
    try:
        schedule = _schedule(table["schedule"]) if "schedule" in table else defaults.schedule
        values: dict[str, Any] = {"schedule": schedule}
        for key in ("follow", "listing_interval", "breaker_cooldown"):
            values[key] = _duration(table, key) or getattr(defaults, key)
        for key in ("host_delay", "backoff", "timeout", "alert_timeout"):
            found = _duration(table, key)
            values[key] = found.total_seconds() if found is not None else getattr(defaults, key)
        for key in ("host_concurrency", "retries", "breaker_failures"):
            values[key] = _whole(table, key, getattr(defaults, key))
        allow = table.get("allow_private", defaults.allow_private)
        if not isinstance(allow, bool):
            raise InputError("allow_private must be true or false")
        values["allow_private"] = allow
    except InputError as error:
        raise InputError(f"[{SETTINGS_TABLE}] {error}") from None
    if values["host_concurrency"] < 1 or values["timeout"] <= 0:
        raise InputError(f"[{SETTINGS_TABLE}] host_concurrency and timeout must be above 0")
    return WatchSettings(**values)


def _schedule(value: object) -> tuple[Step, ...]:
    if not isinstance(value, list) or not value:
        raise InputError('schedule must be a list such as ["10m until 6h", "1h until 2d"]')
    steps: list[Step] = []
    for item in value:
        match = _STEP.fullmatch(item) if isinstance(item, str) else None
        if not match:
            raise InputError(f'schedule step {item!r}: expected "<interval> until <age>"')
        step = Step(parse_duration(match.group(1)), parse_duration(match.group(2)))
        if step.interval <= timedelta(0) or (steps and step.until <= steps[-1].until):
            raise InputError(
                f"schedule step {item!r}: intervals must be above 0 and ages must grow"
            )
        steps.append(step)
    return tuple(steps)


def _string(table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InputError(f"{key} must be a non-empty string")
    return value.strip() if isinstance(value, str) else None


def _strings(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f"{key} must be a list of strings")
    return tuple(value)


def _duration(table: Mapping[str, Any], key: str) -> timedelta | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return timedelta(seconds=value)  # a number of seconds, e.g. host_delay = 0.5
    if not isinstance(value, str):
        raise InputError(f'{key} must be a duration such as "30s", "10m" or "7d"')
    return parse_duration(value)


def _whole(table: Mapping[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"{key} must be a whole number")
    return value


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InputError(f"{url!r} is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r}: only http:// and https:// addresses can be watched")
