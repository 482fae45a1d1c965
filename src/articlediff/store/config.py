"""The store's settings file, ``articlediff.toml`` at the store's root."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from articlediff.common.timeutil import zone
from articlediff.errors import StoreError
from articlediff.ingest.decode import DEFAULT_MAX_SOURCE_BYTES
from articlediff.store.watchconfig import WatchConfig, parse_watch

CONFIG_NAME = "articlediff.toml"


@dataclass(frozen=True)
class StoreConfig:
    """Settings read from ``articlediff.toml``; unknown tables are kept for later features."""

    timezone: str = "UTC"
    tables: dict[str, Any] = field(default_factory=dict, compare=False)
    # Sources larger than this are refused before parsing (``ingest.check_size``).
    max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES
    # The ``[[watch]]`` sources and ``[watching]`` settings (``store.watchconfig``).
    watch: WatchConfig = field(default_factory=WatchConfig, compare=False)
    # SHA-256 of the file's text as read: what a result kept under the settings is keyed by.
    digest: str = field(default="", compare=False)

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def table(self, name: str) -> dict[str, Any]:
        value = self.tables.get(name, {})
        return value if isinstance(value, dict) else {}


def default_config_text(timezone: str) -> str:
    return (
        "# articlediff store settings: https://github.com/articlediff/articlediff#the-store\n"
        "\n"
        "# Naive times (in --at, show --at, log --since ...) are read in this IANA time zone.\n"
        f'timezone = "{timezone}"\n'
    )


def parse_config(text: str, source: str) -> StoreConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise StoreError(f"{source}: not valid TOML ({error})") from None
    timezone = data.get("timezone", "UTC")
    if not isinstance(timezone, str):
        raise StoreError(f'{source}: timezone must be a string such as "Europe/London"')
    max_source_bytes = data.get("max_source_bytes", StoreConfig.max_source_bytes)
    if not isinstance(max_source_bytes, int) or isinstance(max_source_bytes, bool):
        raise StoreError(f"{source}: max_source_bytes must be a whole number of bytes")
    if max_source_bytes < 1:
        raise StoreError(f"{source}: max_source_bytes must be at least 1")
    config = StoreConfig(
        timezone=timezone,
        max_source_bytes=max_source_bytes,
        tables={key: value for key, value in data.items() if isinstance(value, dict)},
        watch=parse_watch(data, source),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    try:
        config.tz  # noqa: B018 - validate the zone name while the file name is known
    except Exception as error:
        raise StoreError(f"{source}: {error}") from None
    return config


def read_config(root: Path) -> StoreConfig:
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not valid UTF-8") from None
    return parse_config(text, str(path))
