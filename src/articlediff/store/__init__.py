"""The git-backed revision store: the only package that runs git or writes the store's files.

Layer: above ``ingest`` (it parses the article files it reads). It may import ``ingest``,
``model``, ``errors`` and ``common``; it returns values and never formats a line for people.
"""

from __future__ import annotations

from articlediff.store.config import CONFIG_NAME, StoreConfig
from articlediff.store.gitrepo import NotRefreshed
from articlediff.store.store import (
    STORE_ENV,
    VERSIONS,
    ArticleSummary,
    Draft,
    SaveBase,
    SaveOutcome,
    Store,
    article_path,
    carry_over,
    find_store_root,
    init_store,
)

__all__ = [
    "CONFIG_NAME",
    "STORE_ENV",
    "VERSIONS",
    "ArticleSummary",
    "Draft",
    "NotRefreshed",
    "SaveBase",
    "SaveOutcome",
    "Store",
    "StoreConfig",
    "article_path",
    "carry_over",
    "find_store_root",
    "init_store",
]
