"""articlediff: keep every revision of a news article in git and see what changed."""

from __future__ import annotations

from articlediff.errors import (
    ArticleDiffError,
    InputError,
    NotFoundError,
    StoreBusyError,
    StoreError,
)
from articlediff.model import Article, Correction, Revision, validate_article_id

__version__ = "0.1.0.dev0"

__all__ = [
    "Article",
    "ArticleDiffError",
    "Correction",
    "InputError",
    "NotFoundError",
    "Revision",
    "StoreBusyError",
    "StoreError",
    "__version__",
    "validate_article_id",
]
