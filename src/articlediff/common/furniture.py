"""Page furniture: the recurring non-article text news pages wrap around a story.

One documented list of patterns, shared by HTML ingest (to keep furniture out of an
article's body, byline and headline) and by the verdict classifier in ``diff/`` (to treat a
change that only touches furniture as no editorial change). Pure: regular expressions and
small predicates over one paragraph or one line, no I/O.

Each pattern matches a *whole* paragraph (``fullmatch``), case-insensitively, so a sentence
of the story that merely mentions a newsletter is never taken for a newsletter box.

- ``CREDIT`` — picture credits standing alone: "Photo: Jane Doe/Reuters", "(Image:
  @GardaTraffic)", "Getty Images", "Credit: Courtesy".
- ``PROMO`` — subscription and app promotions: "Subscribe now to our eNATION edition for
  the full story.", "Download our app", "To view the full story, please subscribe".
- ``NEWSLETTER`` — newsletter sign-up boxes: "Sign up for our newsletter", "Never miss the
  latest news by signing up to our newsletter", "Subscribe To Our Newsletter".
- ``READ_MORE`` — links to other stories: "Read more: …", "READ MORE", "Related: …",
  "See also: …", "À lire aussi", "Lesen Sie auch: …", "Latest Articles", "Most read".
- ``SHARE`` — share and comment prompts: "Share this article", "Share on Facebook",
  "Click to share on Twitter", "Leave a comment", "Comments".
- ``COPYRIGHT`` — reprint notices and copyright lines: "© 2024 Example News. All rights
  reserved.", "This article is the copyrighted property of …", "Written permission must be
  obtained before reprint …".
- ``AGENCY_TAG`` — an agency's tag opening the first paragraph: "LONDON (Reuters) — ",
  "BERLIN, June 19 (AP) - ", "(dpa) ". ``strip_agency_tag`` removes it; the rest of the
  paragraph is kept.
- ``HEADLINE_SUFFIX`` — what sites append to a headline in ``<title>``/``og:title``: a
  separator and a trailing date ("| DW | 10.06.2013") or a site name; ``strip_site_suffix``
  removes the site names it is given and trailing dates.
- Inside a text (cut out; the verdict classifier reads these): credits in or after a
  sentence, "MORE: …" links, agency dateline tags, pointers to another part of the page
  ("(see the link below)"), a reporter's initials ("(BA)"), site
  suffixes in a headline, wiki leftovers ("Category:April 7, 2005", image markup).
  ``strip_furniture`` and ``furniture_in`` apply the whole list; a store adds its own in
  ``articlediff.toml``: ``[furniture] patterns = [...]`` for every outlet and
  ``[furniture.outlets.<outlet>] patterns = [...]`` for one (``furniture_from_table``).
- ``NOT_A_PERSON`` — bylines that name a desk, a team or an agency rather than people
  ("Staff Writer", "HLNF Staff Report", "BBNTEAM", "Press release", "Reuters").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from articlediff.errors import InputError

__all__ = [
    "AGENCIES",
    "AGENCY_TAG",
    "COPYRIGHT",
    "CREDIT",
    "FURNITURE",
    "HEADLINE_SEPARATORS",
    "NEWSLETTER",
    "NOT_A_PERSON",
    "PROMO",
    "READ_MORE",
    "SHARE",
    "FurniturePattern",
    "FurnitureSettings",
    "compile_patterns",
    "furniture_digest",
    "furniture_from_table",
    "furniture_in",
    "furniture_kind",
    "is_furniture",
    "name_key",
    "strip_agency_tag",
    "strip_furniture",
    "strip_site_suffix",
]

_I: Final = re.IGNORECASE

AGENCIES: Final = (
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "PA",
    "PA Media",
    "PA Wire",
    "dpa",
    "EFE",
    "ANSA",
    "Bloomberg",
    "UPI",
    "Xinhua",
    "CNA",
    "IANS",
    "PTI",
    "Getty Images",
    "Getty",
    "EPA",
    "EPA-EFE",
    "Shutterstock",
    "Alamy",
)
_AGENCY: Final = "|".join(re.escape(name) for name in sorted(AGENCIES, key=len, reverse=True))
_AGENCY_NEEDS: Final = tuple(name.lower() for name in AGENCIES)

CREDIT: Final = re.compile(
    r"\(?\s*(?:(?:photo|picture|image|credit|foto|bild)s?\s*(?:credit)?\s*:\s*\S.{0,80}"
    rf"|(?:{_AGENCY})(?:\s*(?:/|via|,)\s*\S.{{0,40}})?)\s*\)?",
    _I,
)
PROMO: Final = re.compile(
    r".{0,80}\b(?:subscribe\s+(?:now|today)|subscribers?\s+(?:also\s+)?receive"
    r"|to\s+(?:view|read)\s+the\s+full\s+story"
    r"|(?:download|get)\s+(?:our|the)\s+(?:\S+\s+){0,3}apps?"
    r"|already\s+a\s+subscriber|you'?re\s+already\s+a\s+subscriber|log\s+in\s+for\s+immediate"
    r"|support\s+(?:our|independent)\s+journalism|become\s+a\s+(?:member|subscriber)"
    r"|advertise\s+with\b|your\s+content\s+is\s+delivered)\b.{0,300}",
    _I,
)
NEWSLETTER: Final = re.compile(
    r".{0,80}\b(?:sign(?:ing)?[\s-]+up|subscribe|register|join|get|receive)\b.{0,60}"
    r"\b(?:newsletters?|e-?mail\s+alerts?|inbox)\b.{0,80}"
    r"|.{0,80}\b(?:newsletters?)\b.{0,40}\b(?:sign[\s-]+up|subscribe)\b.{0,80}"
    r"|.{0,80}\bsign[\s-]+up\s+here\b.{0,40}",
    _I,
)
READ_MORE: Final = re.compile(
    r"(?:read\s+more|read\s+also|also\s+read|see\s+also|related(?:\s+(?:stories|articles|"
    r"content|posts|coverage))?|more\s+(?:stories|from|on\s+this\s+story)|recommended"
    r"|you\s+may\s+(?:also\s+)?like|most\s+(?:read|popular)|latest\s+(?:articles|news|stories)"
    r"|trending(?:\s+now)?|top\s+stories|à\s+lire\s+aussi|lire\s+aussi|lesen\s+sie\s+auch"
    r"|mehr\s+zum\s+thema|leer\s+más|lea\s+también)\b\s*(?:[:>»|–-].{0,160})?",
    _I,
)
SHARE: Final = re.compile(
    r"(?:share(?:\s+(?:this|the)\s+(?:article|story|post))?(?:\s+(?:on|via)\s+\w+)?"
    r"|click\s+to\s+(?:share|print|email)\b.{0,40}|(?:leave|post|add)\s+a\s+comment"
    r"|\d*\s*comments?|print(?:\s+this\s+(?:article|page))?|e-?mail\s+this(?:\s+\w+)?"
    r"|follow\s+us(?:\s+on\s+.{1,60})?)\s*[.!:]?",
    _I,
)
COPYRIGHT: Final = re.compile(
    r"(?:©|\(c\)|copyright\b).{0,400}|.{0,80}\ball\s+rights\s+reserved\b.{0,80}"
    r"|this\s+(?:article|story|content)\s+is\s+the\s+copyrighted\s+property\b.{0,120}"
    r"|(?:written\s+)?permission\s+must\s+be\s+obtained\b.{0,160}",
    _I,
)
AGENCY_TAG: Final = re.compile(
    r"^(?:[A-ZÀ-Ý][A-ZÀ-Ý .'-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*)?"
    rf"\((?:{_AGENCY})\)\s*[-–—:]?\s*"
)
HEADLINE_SEPARATORS: Final = ("|", "-", "–", "—", "·", "•", "::", "»", "«", ":")
_SEPARATOR: Final = r"\s+(?:\||-|–|—|·|•|::|»|«)\s+|\s*\|\s*|\s*::\s*"
_TRAILING_DATE: Final = re.compile(
    rf"(?:{_SEPARATOR})\s*(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*$"
)
NOT_A_PERSON: Final = re.compile(
    r".*(?:\bstaff\b|\bteam\b|(?-i:[A-Z]{2,}TEAM\b)|\bdesk\b|\beditors?\b|\beditorial\b|\bnewsroom\b|\bredaktion\b"
    r"|\bredacci[oó]n\b|\brédaction\b|\badmin(?:istrator)?\b|\bwebmaster\b|\bpress\s+release\b"
    r"|\bnews\s+(?:service|agency|wire)\b|\bcontributors\b|\bguest\s+(?:author|post)\b"
    rf"|^(?:{_AGENCY})$).*",
    _I,
)


@dataclass(frozen=True)
class FurniturePattern:
    """One kind of furniture: a name, its regular expression and what it is for.

    A ``whole`` pattern must match a whole paragraph or sentence (``fullmatch``); the others
    match furniture inside a text (``search``) and are cut out of it, leaving the story.
    ``headline_only`` patterns (site suffixes) apply to headlines only.
    """

    name: str
    regex: re.Pattern[str]
    description: str
    whole: bool = True
    headline_only: bool = False
    needs: tuple[str, ...] = ()
    """Lower-case strings of which a text must contain one for the pattern to match it (a
    quick test that spares the regular expression nearly every sentence of a story); empty:
    always try the pattern."""
    at_start: bool = False
    """The text must *begin* with one of ``needs`` (after any opening brackets and spaces)."""
    at_end: bool = False
    """The text must *end* with one of ``needs`` (before any spaces)."""

    def may_match(self, lowered: str) -> bool:
        """Whether the pattern can match a text, given the text in lower case."""
        if not self.needs:
            return True
        if self.at_start:
            return lowered.lstrip("( ").startswith(self.needs)
        if self.at_end:
            return lowered.rstrip().endswith(self.needs)
        return any(map(lowered.__contains__, self.needs))


def _p(
    name: str,
    pattern: str,
    description: str,
    needs: tuple[str, ...],
    *,
    headline: bool = False,
    at_end: bool = False,
) -> FurniturePattern:
    return FurniturePattern(
        name, re.compile(pattern), description, False, headline, needs, at_end=at_end
    )


_INLINE_AGENCY: Final = (
    r"(?:Reuters|AP|AFP|Bloomberg|UPI|dpa|DPA|PA|PA Media|CNN|BBC|ANI|IANS|PTI|Xinhua|"
    r"EFE|ANSA|Kyodo|Yonhap|TASS|AAP|CP|The Canadian Press|Associated Press|[A-Z]{2,5})"
)

FURNITURE: Final[tuple[FurniturePattern, ...]] = (
    FurniturePattern(
        "credit",
        CREDIT,
        "a picture credit standing alone",
        needs=("photo", "picture", "image", "credit", "foto", "bild", *_AGENCY_NEEDS),
        at_start=True,
    ),
    FurniturePattern(
        "promo",
        PROMO,
        "a subscription or app promotion (45 words at most)",
        needs=(
            *("subscribe", "story", "app", "immediate", "journalism", "become"),
            *("advertise", "delivered"),
        ),
    ),
    FurniturePattern(
        "newsletter",
        NEWSLETTER,
        "a newsletter sign-up box (30 words at most)",
        needs=("newsletter", "alert", "inbox", "sign"),
    ),
    FurniturePattern(
        "read-more",
        READ_MORE,
        "a link to other stories",
        needs=(
            *("read more", "read also", "also read", "see also", "related", "more stories"),
            *("more from", "more on this story", "recommended", "you may", "most read"),
            *("most popular", "latest articles", "latest news", "latest stories", "trending"),
            *("top stories", "lire aussi", "lesen sie auch", "mehr zum thema", "leer m"),
            "lea tambi",
        ),
    ),
    FurniturePattern(
        "share",
        SHARE,
        "a share or comment prompt",
        needs=("share", "click", "comment", "print", "mail", "follow"),
    ),
    FurniturePattern(
        "copyright",
        COPYRIGHT,
        "a reprint notice or copyright line",
        needs=("\N{COPYRIGHT SIGN}", "(c)", "copyright", "reserved", "permission"),
    ),
    # Inside a text: cut out, the rest is the story (the verdict classifier reads these).
    _p(
        "credit",
        r"\((?i:photo|picture|image|credit)[^()]{0,80}\)"
        r"|(?<=[.!?\"']) (?:Photo|Picture|Image|Credit)s?\s*(?:by|:)\s*:?\s*[A-Z][\w.'-]*"
        r"(?: [A-Z][\w.'-]*){0,3}\s*$"
        r"|^\s*(?i:photo(?:graph)?|picture|image|video)s?\s*by\s*:?\s*[^.]{1,80}$"
        r"|^\s*[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3} ?/ ?[A-Z][\w&.'-]*(?: [\w&.'-]+){0,5}\s*$",
        "credits in or after a sentence: '(Picture by Jameel Springer)', '. Photo: Alvaro "
        "Serey', 'Shawn Logan / Postmedia Network'",
        ("/", "photo", "picture", "image", "credit", "video"),
    ),
    _p(
        "read-more",
        r"^\s*(?:READ )?MORE(?: ON [^:]{1,60})?:.*$|\b(?:Related|Releated) [Ss]tories\b.*$"
        r"|\bExternal links\b.*$",
        "'MORE: …' links and trailing 'Related stories …' lists",
        ("more:", "more on", "ted stories", "external links"),
    ),
    _p(
        "promo",
        r"(?i:\bread the feature[- ]rich experience\b.*$)"
        r"|(?i:^\s*(?:advertisement|story continues below(?: advertisement)?|"
        r"continue reading(?: below)?|listen to this article|rsvp\b.*)\s*$)"
        r"|(?i:^\s*never miss\b[^.!?]{0,120}[.!?]?$)"
        r"|(?i:^[^.!?]{0,60}\bwe(?:'ll| will) send you\b[^.!?]{0,120}\bemail\b.*$)",
        "app and event promos, advertisement labels, 'Never miss the latest news …'",
        (
            *("feature", "advertisement", "story continues", "continue reading"),
            *("listen to this", "rsvp", "never miss", "send you"),
        ),
    ),
    _p(
        "share",
        r"(?i:^\s*(?:social share|share via \w+|tweet(?: this)?|copy link)\s*:?\s*$)",
        "share prompts: 'Social Share', 'Copy link'",
        ("social share", "share via", "tweet", "copy link"),
    ),
    _p(
        "dateline-tag",
        rf"^\s*(?:[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Za-z.'-]*)*\s*)?\({_INLINE_AGENCY}\)\s*-{{1,2}}\s*"
        rf"|(?<=\w )\({_INLINE_AGENCY}\)\s*-{{1,2}}\s*",
        "agency dateline tags: 'PYONGYANG (Reuters) - ', 'NAPA COUNTY, Calif. (KGO) -- '",
        (")-", ") -"),
    ),
    _p(
        "cross-reference",
        r"\(\s*(?i:see)\s+[^()]{0,80}?\b(?i:below|above|links?|box|graphic|chart|map|sidebar"
        r"|inset|related|story|stories|page \d+|pages? [A-Z]?\d+)\b[^()]{0,40}\)",
        "a pointer to another part of the page: '(see the MPAA link below)', '(See related "
        "story, Page A5)'",
        ("(see", "( see"),
    ),
    _p(
        "initials-tag",
        r"^\s*\([A-Z]{2,4}\)\s*$|(?<=[.!?\"']) \([A-Z]{2,4}\)\s*$",
        "a reporter's initials closing the text: '(BA)'",
        (")",),
        at_end=True,
    ),
    _p(
        "site-suffix",
        r"(?:\s+(?:\||-|::)\s+(?:The |the )?[A-Z][\w.&']*(?:\s+[A-Z0-9][\w.&']*){0,4})+\s*$",
        "a site or section name after a headline: ' | CBC News', ' - World - CBC News'",
        ("|", "-", "::"),
        headline=True,
    ),
    _p(
        "wiki",
        r"(?:^|\s)Category:[A-Z][\w ]*?\d{1,2}, \d{4}\b"
        r"|(?:^|\s)Category:[^\s]+"
        r"|^\s*[A-Z][a-z]+ \d{1,2}, \d{4}(?=\s+Category:)"
        r"|\b\d{2,4}px\|",
        "wiki leftovers: 'Category:April 7, 2005', the date line before it, image markup",
        ("category:", "px|"),
    ),
)
"""Every pattern, by name, in the order they are tried: the whole-paragraph patterns that
HTML ingest and the verdicts share, then the patterns for furniture inside a text."""

# Letters of other scripts that look like Latin ones, as some sites write their promotions
# to slip past filters: compared as the Latin letter.
_LOOKALIKES: Final = str.maketrans("АВЕКМНОРСТХаеорсухіјѕԁԛԝ", "ABEKMHOPCTXaeopcyxijsdqw")
_LOOKALIKE: Final = re.compile("[АВЕКМНОРСТХаеорсухіјѕԁԛԝ]")
_NEWSLETTER_MAX_WORDS: Final = 30
_PROMO_MAX_WORDS: Final = 45


def furniture_kind(paragraph: str) -> str | None:
    """The name of the furniture pattern ``paragraph`` is, or ``None`` for story text.

    The promotion and newsletter patterns only apply to short paragraphs (45 and 30 words
    at most): a long paragraph that mentions a newsletter is reporting, not a sign-up box.
    """
    text = _collapsed(paragraph)
    if not text:
        return None
    return _whole_kind(text, FURNITURE)


def _collapsed(text: str) -> str:
    """Spaces collapsed, look-alike letters of other scripts read as Latin ones."""
    text = " ".join(text.split())
    if text.isascii() or not _LOOKALIKE.search(text):
        return text
    return text.translate(_LOOKALIKES)


@dataclass(frozen=True)
class _Screen:
    """What a text must hold for any pattern of a group to match it: one of ``leading`` at
    its start, one of ``trailing`` at its end or one of ``anywhere`` in it (when there are
    many, looked for by one expression, ``found``)."""

    leading: tuple[str, ...]
    trailing: tuple[str, ...]
    anywhere: tuple[str, ...]
    found: re.Pattern[str] | None = field(default=None, compare=False)

    def passes(self, lowered: str) -> bool:
        return (
            (bool(self.leading) and lowered.lstrip("( ").startswith(self.leading))
            or (bool(self.trailing) and lowered.rstrip().endswith(self.trailing))
            or (
                self.found.search(lowered) is not None
                if self.found is not None
                else any(map(lowered.__contains__, self.anywhere))
            )
        )


ONE_EXPRESSION: Final = 32
"""A screen with more strings than this to look for looks for them by one expression
(:func:`_any_of`); with fewer, one by one. On the corpus's sentences one expression finds
45 strings in half the time; 26 it finds no sooner, and in whole paragraphs later."""


def _any_of(needles: Sequence[str]) -> re.Pattern[str] | None:
    """One expression that finds a text holding any of ``needles``, as ``any(n in text)``
    does: the needles as a tree of their shared beginnings, each cut short where a shorter
    needle ends; ``None`` for no needles."""
    if not needles:
        return None
    tree: dict[str, Any] = {}
    for needle in needles:
        node = tree
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        if "" in node:  # a needle ends here: whatever follows it need not be looked for
            return ""
        alternatives = [re.escape(char) + branch(rest) for char, rest in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return re.compile(branch(tree))


_SCREENS: dict[int, tuple[Sequence[FurniturePattern], tuple[_Screen | None, ...]]] = {}


def _screens(patterns: Sequence[FurniturePattern]) -> tuple[_Screen | None, ...]:
    """The screens of the whole-text patterns, the patterns inside a text, and those with
    the headline-only ones; then of every pattern but the headline-only ones, and of every
    pattern (what a text must hold for :func:`strip_furniture` to find anything in it, read
    in one pass); worked out once per list of patterns."""
    cached = _SCREENS.get(id(patterns))
    if cached is not None and cached[0] is patterns:
        return cached[1]
    screens = (
        _screen([p for p in patterns if p.whole]),
        _screen([p for p in patterns if not p.whole and not p.headline_only]),
        _screen([p for p in patterns if not p.whole]),
        _screen([p for p in patterns if p.whole or not p.headline_only]),
        _screen(patterns),
    )
    if len(_SCREENS) > 64:
        _SCREENS.clear()
    _SCREENS[id(patterns)] = (patterns, screens)
    return screens


def _screen(patterns: Sequence[FurniturePattern]) -> _Screen | None:
    if any(not p.needs for p in patterns):
        return None
    leading = {n for p in patterns if p.at_start for n in p.needs}
    trailing = {n for p in patterns if p.at_end and not p.at_start for n in p.needs}
    anywhere = {n for p in patterns if not (p.at_start or p.at_end) for n in p.needs}
    needles = tuple(sorted(anywhere))
    found = _any_of(needles) if len(needles) > ONE_EXPRESSION else None
    return _Screen(tuple(sorted(leading)), tuple(sorted(trailing)), needles, found)


def _whole_kind(
    text: str, patterns: Sequence[FurniturePattern], lowered: str | None = None
) -> str | None:
    if lowered is None:
        lowered = text.lower()
    screen = _screens(patterns)[0]
    if screen is not None and not screen.passes(lowered):
        return None
    words = len(text.split())
    for pattern in patterns:
        if not pattern.whole or not pattern.may_match(lowered):
            continue
        if pattern.name == "newsletter" and words > _NEWSLETTER_MAX_WORDS:
            continue
        if pattern.name == "promo" and words > _PROMO_MAX_WORDS:
            continue
        if pattern.regex.fullmatch(text):
            return pattern.name
    return None


def is_furniture(paragraph: str) -> bool:
    """Whether ``paragraph`` is page furniture (see ``furniture_kind``)."""
    return furniture_kind(paragraph) is not None


def strip_agency_tag(paragraph: str) -> str:
    """``paragraph`` without an opening agency tag such as "LONDON (Reuters) - "."""
    return AGENCY_TAG.sub("", paragraph, count=1)


def name_key(text: str) -> str:
    """Letters and digits only, case-folded and without accents: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed.casefold() if char.isalnum())


def strip_site_suffix(title: str, site_names: tuple[str, ...] = ()) -> str:
    """``title`` without trailing dates and without a leading or trailing site name.

    A site name is removed only when it stands apart behind a separator ("Story | DW",
    "Story - Example News", "Example News: Story"); a title that *is* the site name, or
    that merely contains it, is kept.
    """
    text = " ".join(title.split())
    sites = sorted({" ".join(s.split()) for s in site_names if name_key(s)}, key=len, reverse=True)
    for _ in range(3):
        before = text
        text = _TRAILING_DATE.sub("", text).strip()
        for site in sites:
            name = r"\s+".join(re.escape(word) for word in site.split())
            trailing = re.compile(rf"(?:{_SEPARATOR})\s*{name}\s*$", _I)
            leading = re.compile(rf"^\s*{name}(?:{_SEPARATOR}|:\s+)", _I)
            text = leading.sub("", trailing.sub("", text)).strip()
        if text == before:
            break
    return text or " ".join(title.split())


_WORDY: Final = re.compile(r"[^\W_]")


def strip_furniture(
    text: str, patterns: Sequence[FurniturePattern] = FURNITURE, *, headline: bool = False
) -> tuple[str, tuple[str, ...]]:
    """``text`` (a sentence, a paragraph or a headline) without its furniture, and the names
    of the patterns that matched: all of it when it is furniture as a whole, else the
    furniture found inside it. ``headline_only`` patterns apply when ``headline`` is true.
    """
    collapsed = _collapsed(text)
    lowered = collapsed.lower()  # what the screens read: spaces collapsed, as Latin letters
    screen = _screens(patterns)[4 if headline else 3]
    if screen is not None and not screen.passes(lowered):  # nothing any pattern needs
        return text, ()
    whole = _whole_kind(collapsed, patterns, lowered)
    if whole:
        return "", (whole,)
    found: list[str] = []
    screen = _screens(patterns)[2 if headline else 1]
    if screen is not None and not screen.passes(lowered):
        return text, ()
    for pattern in patterns:
        if pattern.whole or (pattern.headline_only and not headline):
            continue
        if not pattern.may_match(lowered):
            continue
        text, count = pattern.regex.subn(" ", text)
        if count:
            lowered = _collapsed(text).lower()
            found.append(pattern.name)
    return text, tuple(found)


def furniture_in(
    text: str, patterns: Sequence[FurniturePattern] = FURNITURE, *, headline: bool = False
) -> str | None:
    """The name of the furniture ``text`` consists of, counting furniture inside it, or
    ``None`` when any story is left once the furniture is taken out."""
    rest, found = strip_furniture(text, patterns, headline=headline)
    if found and not _WORDY.search(rest):
        return found[0]
    return None


# -- furniture kept for each text -----------------------------------------------------------

FURNITURE_MEMO: Final = 8192
"""Paragraphs, and sentences, whose furniture is kept for each list of patterns: the
consecutive pairs of a history share a third of their changed paragraphs and sentences, so
each is screened once (the oldest is forgotten first)."""

_K = TypeVar("_K")
_T = TypeVar("_T")


class _FurnitureMemo:
    """What furniture texts hold under one list of patterns: a paragraph as a whole (by its
    text and the function that normalises it) and a sentence (by its normalised text), each
    with whether it is a headline."""

    __slots__ = ("patterns", "sentence", "whole")

    def __init__(self, patterns: Sequence[FurniturePattern]) -> None:
        self.patterns = patterns
        self.whole: dict[tuple[str, bool, Callable[[str], str]], str | None] = {}
        self.sentence: dict[tuple[str, bool], tuple[str, tuple[str, ...]]] = {}


_MEMOS: dict[int, _FurnitureMemo] = {}


def _furniture_memo(patterns: Sequence[FurniturePattern]) -> _FurnitureMemo:
    """The memo of one list of patterns (the twin of :func:`_screens`)."""
    memo = _MEMOS.get(id(patterns))
    if memo is None or memo.patterns is not patterns:
        if len(_MEMOS) > 64:
            _MEMOS.clear()
        memo = _MEMOS[id(patterns)] = _FurnitureMemo(patterns)
    return memo


def _kept(table: dict[_K, _T], key: _K, compute: Callable[[], _T]) -> _T:
    """``table[key]``, computed and kept (the oldest entry forgotten past the memo's size)
    when it is not there."""
    try:
        return table[key]
    except KeyError:
        pass
    value = compute()
    if len(table) >= FURNITURE_MEMO:
        # Another thread may have changed the table meanwhile: then this one forgets none.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del table[next(iter(table))]
    table[key] = value
    return value


def kept_furniture_in(
    text: str,
    normalised: Callable[[str], str],
    patterns: Sequence[FurniturePattern],
    *,
    headline: bool = False,
) -> str | None:
    """:func:`furniture_in` of ``normalised(text)``, worked out once for each ``text`` (and
    each list of patterns and normalising function) among the last :data:`FURNITURE_MEMO`
    texts: a paragraph is looked up by its text as written, so a paragraph seen before is
    not normalised again."""
    return _kept(
        _furniture_memo(patterns).whole,
        (text, headline, normalised),
        lambda: furniture_in(normalised(text), patterns, headline=headline),
    )


def kept_strip_furniture(
    text: str, patterns: Sequence[FurniturePattern], *, headline: bool = False
) -> tuple[str, tuple[str, ...]]:
    """:func:`strip_furniture`, worked out once for each ``text`` (and each list of
    patterns) among the last :data:`FURNITURE_MEMO` texts."""
    return _kept(
        _furniture_memo(patterns).sentence,
        (text, headline),
        lambda: strip_furniture(text, patterns, headline=headline),
    )


def compile_patterns(
    patterns: Mapping[str, str] | Sequence[str], key: str, source: str = "articlediff.toml"
) -> tuple[FurniturePattern, ...]:
    """Patterns given by a store under ``key`` (a list of regexes, or a table of name =
    regex); ``InputError`` naming the key and the pattern when one is not a regex."""
    items = (
        [(str(name), f"{key}.{name}", p) for name, p in patterns.items()]
        if isinstance(patterns, Mapping)
        else [(f"store-{k}", f"{key}[{k}]", p) for k, p in enumerate(patterns, 1)]
    )
    out = []
    for name, where, pattern in items:
        if not isinstance(pattern, str) or not pattern:
            raise InputError(f"{source}: {where} must be a regular expression")
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise InputError(
                f"{source}: {where}: {pattern!r} is not a regular expression ({error})"
            ) from None
        out.append(FurniturePattern(str(name), compiled, f"{key} in the store's {source}", False))
    return tuple(out)


@dataclass(frozen=True)
class FurnitureSettings:
    """The furniture patterns in effect for each outlet of a store: ``common`` (the built-in
    ones unless ``builtin = false``, then the ``[furniture]`` patterns) for every article,
    then an outlet's own ``[furniture.outlets.<outlet>]`` patterns for its articles."""

    common: tuple[FurniturePattern, ...] = FURNITURE
    outlets: Mapping[str, tuple[FurniturePattern, ...]] = field(default_factory=dict)

    def for_article(self, article_id: str) -> tuple[FurniturePattern, ...]:
        """The patterns for the article ``outlet/slug``."""
        return self.outlets.get(article_id.split("/", 1)[0], self.common)


def _table(value: object, key: str, source: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{source}: [{key}] must be a table")
    return value


def _patterns(table: Mapping[str, Any], key: str, source: str) -> tuple[FurniturePattern, ...]:
    raw = table.get("patterns", [])
    if not isinstance(raw, Mapping | list):
        raise InputError(f"{source}: [{key}] patterns must be a list or a table of regexes")
    return compile_patterns(raw, f"[{key}] patterns", source)


def furniture_from_table(
    table: Mapping[str, Any], source: str = "articlediff.toml"
) -> FurnitureSettings:
    """Read the ``[furniture]`` table: ``patterns`` (a list of regexes or a table of name =
    regex) for every outlet, ``builtin = false`` to drop the built-in ones, and
    ``[furniture.outlets.<outlet>] patterns`` for one outlet's articles only. Anything else,
    or a pattern that is not a regular expression, is an ``InputError`` naming the key."""
    for key in table:
        if key not in ("patterns", "builtin", "outlets"):
            raise InputError(
                f"{source}: unknown setting [furniture] {key} (known: builtin, outlets, patterns)"
            )
    builtin = table.get("builtin", True)
    if not isinstance(builtin, bool):
        raise InputError(f"{source}: [furniture] builtin must be true or false")
    common = (FURNITURE if builtin else ()) + _patterns(table, "furniture", source)
    outlets: dict[str, tuple[FurniturePattern, ...]] = {}
    for outlet, value in _table(table.get("outlets", {}), "furniture.outlets", source).items():
        key = f"furniture.outlets.{outlet}"
        own = _table(value, key, source)
        for name in own:
            if name != "patterns":
                raise InputError(f"{source}: unknown setting [{key}] {name} (known: patterns)")
        outlets[str(outlet)] = common + _patterns(own, key, source)
    return FurnitureSettings(common, outlets)


def furniture_digest(patterns: Sequence[FurniturePattern]) -> str:
    """A digest of ``patterns`` (names, expressions, flags and how each applies): equal for
    patterns that give equal verdicts, so work computed under other patterns (the store's
    pair notes) is known not to hold."""
    rows = [
        [
            p.name,
            p.regex.pattern,
            p.regex.flags,
            p.whole,
            p.headline_only,
            list(p.needs),
            p.at_start,
            p.at_end,
        ]
        for p in patterns
    ]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
