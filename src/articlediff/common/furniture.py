"""Page furniture: text on a news page that is not part of the story.

Photo credits, "Read more" and related links, newsletter and app promos, share prompts,
agency dateline tags ("PYONGYANG (Reuters) -"), site or section suffixes in a headline
("| CBC News") and wiki leftovers ("Category:April 7, 2005", image markup). Adding, removing
or changing furniture is a ``minor`` edit (the labelling guideline); notes never quote it.

Each pattern has a name, a regular expression and a description. The expressions are written
for normalised text (straight quotes, ``-`` for every dash, single spaces: see
``articlediff.diff.normalize``) and match only the furniture itself, so removing every match
leaves the story. A store adds its own outlet's patterns in ``articlediff.toml``::

    [furniture]
    patterns = ['^Listen to this article$', '\\bOur journalism depends on you\\b.*$']

Pure values and functions; nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from articlediff.errors import StoreError


@dataclass(frozen=True)
class FurniturePattern:
    """One kind of furniture: ``regex`` matches it (and nothing of the story around it)."""

    name: str
    regex: re.Pattern[str]
    description: str
    headline_only: bool = False


def _p(name: str, pattern: str, description: str, *, headline: bool = False) -> FurniturePattern:
    return FurniturePattern(name, re.compile(pattern), description, headline)


_AGENCY: Final = (
    r"(?:Reuters|AP|AFP|Bloomberg|UPI|dpa|DPA|PA|PA Media|CNN|BBC|ANI|IANS|PTI|Xinhua|"
    r"EFE|ANSA|Kyodo|Yonhap|TASS|AAP|CP|The Canadian Press|Associated Press|[A-Z]{2,5})"
)

FURNITURE: Final[tuple[FurniturePattern, ...]] = (
    _p(
        "credit",
        r"(?i:^\s*(?:photo(?:graph)?|picture|image|credit|video|illustration)s?\s*"
        r"(?:by|credit|:)\s*:?\s*[^.]{1,80}$)"
        r"|\((?i:photo|picture|image|credit)[^()]{0,80}\)"
        r"|(?<=[.!?\"']) (?:Photo|Picture|Image|Credit)s?\s*(?:by|:)\s*:?\s*[A-Z][\w.'-]*"
        r"(?: [A-Z][\w.'-]*){0,3}\s*$"
        r"|^\s*(?:Reuters|AP|AFP|Getty Images|Getty|PA(?: Media)?|EPA|Shutterstock|Alamy|"
        r"Supplied|File photo|File)\s*\.?\s*$"
        r"|^\s*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} ?/ ?[A-Z][\w&.'-]*(?: [\w&.'-]+){0,5}\s*$",
        "photo and video credits: 'Photo: Alvaro Serey', '(Picture by Jameel Springer)', "
        "'Shawn Logan / Postmedia Network', 'Reuters' alone",
    ),
    _p(
        "read-more",
        r"^\s*(?:READ )?MORE(?: ON [^:]{1,60})?:.*$"
        r"|^\s*(?i:read more|related(?: stories| articles| coverage| links| content)?|"
        r"see also|external links|more on this story|most read|you may (?:also )?like|"
        r"recommended(?: for you)?|top stories)\s*(?::.*)?$"
        r"|\b(?:Related|Releated) [Ss]tories\b.*$|\bExternal links\b.*$",
        "'Read more' and related links: 'MORE: …', 'Related stories …', 'You may like'",
    ),
    _p(
        "newsletter",
        r"(?i:^[^.!?]{0,80}\b(?:sign(?:ing)? up|subscribe|register)\b[^.!?]{0,80}"
        r"\b(?:newsletters?|inbox|email|alerts?)\b[^.!?]{0,80}[.!?]?$)"
        r"|(?i:^[^.!?]{0,40}\bnewsletters?\b[^.!?]{0,60}\b(?:sign(?:ing)? up|subscribe)\b"
        r"[^.!?]{0,60}[.!?]?$)"
        r"|(?i:^[^.!?]{0,60}\bwe(?:'ll| will) send you\b[^.!?]{0,120}\bemail\b.*$)"
        r"|(?i:^\s*never miss\b[^.!?]{0,120}[.!?]?$)",
        "newsletter boxes: 'Sign up for the … newsletter', 'Never miss the latest news …'",
    ),
    _p(
        "promo",
        r"(?i:^[^.!?]{0,80}\bdownload (?:the|our) [^.!?]{0,60}\bapps?\b[^.!?]{0,60}[.!?]?$)"
        r"|(?i:\bread the feature[- ]rich experience\b.*$)"
        r"|(?i:^\s*(?:get|open in|download) (?:the|our) app\b.*$)"
        r"|(?i:^\s*(?:advertisement|story continues below(?: advertisement)?|"
        r"continue reading(?: below)?|listen to this article|watch:?|rsvp\b.*)\s*$)",
        "app and event promos, advertisement labels",
    ),
    _p(
        "share",
        r"(?i:^\s*(?:social share|share(?: this)?(?: article| story| page)?(?: on \w+)?|"
        r"share via \w+|tweet(?: this)?|email(?: this)?|copy link|print(?: this)?|"
        r"comments?|follow us(?: on \w+)?)\s*:?\s*$)",
        "share prompts: 'Social Share', 'Share this article', 'Copy link'",
    ),
    _p(
        "dateline-tag",
        rf"^\s*(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*)*\s*)?\({_AGENCY}\)\s*-{{1,2}}\s*"
        rf"|(?<=\w )\({_AGENCY}\)\s*-{{1,2}}\s*",
        "agency dateline tags: 'PYONGYANG (Reuters) - ', 'NAPA COUNTY, Calif. (KGO) -- '",
    ),
    _p(
        "initials-tag",
        r"^\s*\([A-Z]{2,4}\)\s*$|(?<=[.!?\"']) \([A-Z]{2,4}\)\s*$",
        "a reporter's initials closing the text: '(BA)'",
    ),
    _p(
        "site-suffix",
        r"(?:\s+(?:\||-|::)\s+(?:The |the )?[A-Z][\w.&']*(?:\s+[A-Z0-9][\w.&']*){0,4})+\s*$",
        "a site or section name after the headline: ' | CBC News', ' - World - CBC News'",
        headline=True,
    ),
    _p(
        "wiki",
        r"(?:^|\s)Category:[A-Z][\w ]*?\d{1,2}, \d{4}\b"
        r"|(?:^|\s)Category:[^\s]+"
        r"|^\s*[A-Z][a-z]+ \d{1,2}, \d{4}(?=\s+Category:)"
        r"|\b\d{2,4}px\|",
        "wiki leftovers: 'Category:April 7, 2005', the date line before it, image markup",
    ),
)
"""The built-in patterns, in the order they are tried (docs/diff.md lists them)."""

_WORDY: Final = re.compile(r"[^\W_]")


def strip_furniture(
    text: str, patterns: Iterable[FurniturePattern] = FURNITURE, *, headline: bool = False
) -> tuple[str, tuple[str, ...]]:
    """``text`` without its furniture, and the names of the patterns that matched.

    Patterns marked ``headline_only`` (site suffixes) apply only when ``headline`` is true.
    """
    found: list[str] = []
    for pattern in patterns:
        if pattern.headline_only and not headline:
            continue
        text, count = pattern.regex.subn(" ", text)
        if count:
            found.append(pattern.name)
    return text, tuple(found)


def furniture_kind(
    text: str, patterns: Iterable[FurniturePattern] = FURNITURE, *, headline: bool = False
) -> str | None:
    """The name of the furniture ``text`` consists of, or ``None`` when any story is left
    once the furniture is taken out (a text with no letter or digit left is furniture)."""
    rest, found = strip_furniture(text, patterns, headline=headline)
    if found and not _WORDY.search(rest):
        return found[0]
    return None


def compile_patterns(
    patterns: Mapping[str, str] | Sequence[str], source: str = "articlediff.toml"
) -> tuple[FurniturePattern, ...]:
    """Patterns given by a store (a list of regexes, or a table of name = regex)."""
    items = (
        list(patterns.items())
        if isinstance(patterns, Mapping)
        else [(f"outlet-{k}", p) for k, p in enumerate(patterns, 1)]
    )
    out = []
    for name, pattern in items:
        if not isinstance(pattern, str) or not pattern:
            raise StoreError(f"{source}: [furniture] pattern {name} must be a regular expression")
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise StoreError(f"{source}: [furniture] pattern {pattern!r}: {error}") from None
        out.append(FurniturePattern(str(name), compiled, "set in the store's articlediff.toml"))
    return tuple(out)


def furniture_from_table(
    table: Mapping[str, Any], source: str = "articlediff.toml"
) -> tuple[FurniturePattern, ...]:
    """The patterns in effect for a store: the built-in ones plus the ``[furniture]`` table's
    ``patterns`` (a list of regexes or a table of name = regex); ``builtin = false`` drops
    the built-in ones."""
    for key in table:
        if key not in ("patterns", "builtin"):
            raise StoreError(
                f"{source}: unknown setting [furniture] {key} (known: patterns, builtin)"
            )
    builtin = table.get("builtin", True)
    if not isinstance(builtin, bool):
        raise StoreError(f"{source}: [furniture] builtin must be true or false")
    raw = table.get("patterns", [])
    if not isinstance(raw, Mapping | list):
        raise StoreError(f"{source}: [furniture] patterns must be a list or a table of regexes")
    extra = compile_patterns(raw, source)
    return (FURNITURE if builtin else ()) + extra
