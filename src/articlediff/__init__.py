"""articlediff: keep every revision of a news article in git and see what changed.

The public API. Values and errors load at once; the functions that need the diff engine,
git or the renderers load on first use, so importing the package stays cheap::

    from articlediff import Store, diff_articles, render_diff
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from articlediff.common.lazy import homes_of, lazy_exports
from articlediff.errors import (
    ArticleDiffError,
    InputError,
    NotFoundError,
    StoreBusyError,
    StoreError,
)
from articlediff.model import Article, Correction, Revision, RevisionInfo, validate_article_id

if TYPE_CHECKING:
    from articlediff.app.batch import run_batch
    from articlediff.app.review import check_store, diff_revisions
    from articlediff.check import CheckReport, check_history
    from articlediff.check.pairs import history_records, pair_record
    from articlediff.diff import ArticleDiff, diff_articles, diff_texts, tokenize
    from articlediff.ingest import dump_article, load_article, parse_source
    from articlediff.notes import article_notes, render_notes
    from articlediff.render import render_diff
    from articlediff.store import Store, init_store

__version__ = "0.1.0.dev0"

_EXPORTS = {
    "articlediff.check": ("CheckReport", "check_history"),
    "articlediff.check.pairs": ("history_records", "pair_record"),
    "articlediff.diff": ("ArticleDiff", "diff_articles", "diff_texts", "tokenize"),
    "articlediff.ingest": ("dump_article", "load_article", "parse_source"),
    "articlediff.notes": ("article_notes", "render_notes"),
    "articlediff.render": ("render_diff",),
    "articlediff.app.review": ("check_store", "diff_revisions"),
    "articlediff.app.batch": ("run_batch",),
    "articlediff.store": ("Store", "init_store"),
}
__getattr__ = lazy_exports(__name__, homes_of(_EXPORTS))

__all__ = [
    "Article",
    "ArticleDiff",
    "ArticleDiffError",
    "CheckReport",
    "Correction",
    "InputError",
    "NotFoundError",
    "Revision",
    "RevisionInfo",
    "Store",
    "StoreBusyError",
    "StoreError",
    "__version__",
    "article_notes",
    "check_history",
    "check_store",
    "diff_articles",
    "diff_revisions",
    "diff_texts",
    "dump_article",
    "history_records",
    "init_store",
    "load_article",
    "pair_record",
    "parse_source",
    "render_diff",
    "render_notes",
    "run_batch",
    "tokenize",
    "validate_article_id",
]
