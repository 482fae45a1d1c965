"""Where each page of the static site lives, relative to its root (POSIX paths).

Article ids are ``outlet/slug`` in lower-case letters, digits and hyphens (validated by the
model), so every path built here stays inside the site.
"""

from __future__ import annotations

import posixpath
from typing import Final

from articlediff.model import validate_article_id

INDEX: Final = "index.html"
STYLE: Final = "style.css"
FEED: Final = "feed.xml"


def article_dir(article_id: str) -> str:
    return f"articles/{validate_article_id(article_id)}"


def history_path(article_id: str) -> str:
    return f"{article_dir(article_id)}/index.html"


def pair_path(article_id: str, old: int, new: int) -> str:
    """The diff page of two revisions, e.g. ``articles/gbnews/putin-kim-visit/r1-r2.html``."""
    return f"{article_dir(article_id)}/r{old}-r{new}.html"


def span_path(article_id: str) -> str:
    """The "first published → latest" diff page."""
    return f"{article_dir(article_id)}/published-latest.html"


def jsonld_path(article_id: str) -> str:
    return f"{article_dir(article_id)}/article.jsonld"


def outlet_path(outlet: str) -> str:
    return f"outlets/{outlet}.html"


def relative(target: str, page: str) -> str:
    """``target`` (a site path, optionally with ``#fragment``) as a link from ``page``."""
    path, hash_, fragment = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return link + hash_ + fragment
