"""The git-backed revision store."""

from __future__ import annotations

from articlediff.store.config import CONFIG_NAME, StoreConfig
from articlediff.store.store import (
    STORE_ENV,
    VERSIONS,
    ArticleSummary,
    SaveOutcome,
    Store,
    article_path,
    carry_over,
    find_store_root,
    init_store,
    resolve_in,
)

__all__ = [
    "CONFIG_NAME",
    "STORE_ENV",
    "VERSIONS",
    "ArticleSummary",
    "SaveOutcome",
    "Store",
    "StoreConfig",
    "article_path",
    "carry_over",
    "find_store_root",
    "init_store",
    "resolve_in",
]
