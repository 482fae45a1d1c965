"""Names shared by the CLI and the renderers: output formats and default titles.

Kept apart from the renderers so that reading a command's options (``--help``) never
loads them.
"""

from __future__ import annotations

from typing import Final, Literal

DiffFormat = Literal["terminal", "plain", "markdown", "html", "json"]
DIFF_FORMATS: Final[tuple[DiffFormat, ...]] = ("terminal", "plain", "markdown", "html", "json")
DiffPart = Literal["all", "stat", "fields", "body"]
DIFF_PARTS: Final[tuple[DiffPart, ...]] = ("all", "stat", "fields", "body")
AUDIT_FORMATS: Final = ("text", "json", "csv")
NOTES_FORMATS: Final = ("markdown", "html", "json", "jsonld")
CHECK_FORMATS: Final = ("text", "json", "github", "junit")
FEED_TITLE: Final = "Article updates"
FEED_LIMIT: Final = 100
"""Entries in a feed (``feed`` and the site's) unless asked otherwise: the newest."""
SITE_TITLE: Final = "Article history"
