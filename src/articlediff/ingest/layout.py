"""Newsroom page-copy layouts: the text a reader gets by copying an article off a news page.

A ``TextLayout`` declares what one outlet's page copy looks like (its date labels, photo
credits, promo lines and the furniture that ends the article); ``parse_layout`` applies any
layout with the same rules:

- **Lines, not blocks.** Page copy puts every paragraph, caption and label on its own line,
  with or without blank lines between them, so each non-blank line is one unit (stripped of
  surrounding whitespace, otherwise kept exactly as copied).
- **Headline** is the first line.
- **Dateline.** The ``published`` / ``updated`` label lines (and the ``time_line`` that may
  follow a label, e.g. "- 07:38") must appear within the first ``header_lines`` lines; date
  and time are joined with a space and read by ``parse_time`` in the given zone (day-first).
  A label without a time gives midnight; a missing label gives ``None``. The labels must sit
  together (at most three other lines between them), so a label far down the body is body
  text. Everything up to the last dateline line is the header.
- **Photo captions.** A line matching one of the ``credits`` patterns is a photo credit; the
  line just before it is the caption. The caption is kept in ``captions`` as
  "caption (credit)", in page order; caption and credit leave the body.
- **Alt text.** With ``alt_text_before_caption``, the line just before a caption after the
  dateline is the image's alt text when it is short (at most ``alt_text_max_words`` words)
  and ends without punctuation (its last character is a letter or digit); it is dropped.
  The headline is never taken for a caption, and nothing above the dateline for alt text
  (page copy carries no alt text for the lead image).
- **Byline.** In the header, or directly after the dateline, "By <name>" gives the byline
  (a name: at most ``byline_max_words`` words, no final punctuation, so a paragraph opening
  "By the time ..." stays body text); other header lines equal to the name are repeats and
  dropped. With no "By" line, the first short header line without final punctuation is the
  byline. Any other header line becomes (part of) the standfirst.
- **Standfirst.** If the header gave none, the first line after the dateline is the standfirst
  when it has no sentence-final punctuation (".", "!", "?" or "…", before any closing quotes
  or brackets): page summaries are written without a full stop, body paragraphs with one.
- **Promos** (lines matching ``promos``, or with ``caps_colon_promo`` an all-capitals line
  ending in ":" such as "MORE ON PUTIN'S RUSSIA:") are dropped.
- **Tail.** From the first line after the dateline that equals one of ``tail_markers``
  (ignoring case), everything is page furniture and dropped.
- Every other line after the dateline is a body paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Final

from articlediff.common.timeutil import parse_time
from articlediff.errors import InputError
from articlediff.model import Article

# Photo agencies and sources that end a caption on news pages.
COMMON_AGENCIES: Final = (
    "Reuters",
    "Getty Images",
    "Getty",
    "PA Wire",
    "PA Images",
    "PA Media",
    "PA",
    "AP Photo",
    "AP",
    "AFP",
    "EPA",
    "EPA-EFE",
    "Shutterstock",
    "Rex Features",
    "Rex",
    "Alamy",
    "Bloomberg",
    "Handout",
    "X",
    "Twitter",
    "Instagram",
    "Facebook",
    "TikTok",
    "YouTube",
)
_FINAL_PUNCTUATION: Final = frozenset(".!?…")
_CLOSERS: Final = "\"'”’»)]"
# Lines allowed between one dateline label and the next (a byline, say).
_DATELINE_GAP: Final = 3


def credit_pattern(*agencies: str) -> re.Pattern[str]:
    """A credit line of ``agencies``, alone or combined: "Reuters", "PA Wire/PA Images",
    "AFP via Getty Images", "Getty Images / AFP", "X/@username".
    """
    atom = "|".join(re.escape(name) for name in sorted(agencies, key=len, reverse=True))
    one = rf"(?:{atom})(?:\s*/\s*@\w+)?"
    return re.compile(rf"(?:{one})(?:\s*(?:/|,|&|\bvia\b|\band\b)\s*(?:{one}))*")


LABELLED_CREDIT: Final = re.compile(
    r"(?:Credit|Picture|Photo|Image)s?\s*:\s*(?P<credit>\S.*)", re.IGNORECASE
)


@dataclass(frozen=True)
class TextLayout:
    """How one outlet's page copy is laid out (see the module docstring for the rules).

    Patterns are matched against whole stripped lines (``fullmatch``). ``published`` and
    ``updated`` have a ``date`` group and may have a ``time`` group; ``time_line`` has a
    ``time`` group. A credit pattern may have a ``credit`` group naming the credit itself.
    """

    name: str
    published: re.Pattern[str]
    updated: re.Pattern[str] | None = None
    time_line: re.Pattern[str] | None = None
    credits: tuple[re.Pattern[str], ...] = (credit_pattern(*COMMON_AGENCIES), LABELLED_CREDIT)
    promos: tuple[re.Pattern[str], ...] = ()
    caps_colon_promo: bool = True
    tail_markers: tuple[str, ...] = ("You may like", "Related articles", "Most read")
    byline: re.Pattern[str] = field(default=re.compile(r"By\s+(?P<name>\S.*)"))
    alt_text_before_caption: bool = True
    alt_text_max_words: int = 20
    byline_max_words: int = 8
    header_lines: int = 30


def _units(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _published_index(layout: TextLayout, units: Sequence[str]) -> int | None:
    for index, unit in enumerate(units[: layout.header_lines]):
        if index > 0 and layout.published.fullmatch(unit):
            return index
    return None


def detects(layout: TextLayout, text: str) -> bool:
    """Whether ``text`` looks like ``layout``: a headline line, then its published label."""
    return _published_index(layout, _units(text)) is not None


def has_final_punctuation(text: str) -> bool:
    """Whether ``text`` ends a sentence: ".", "!", "?" or "…", before any closing quotes."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _FINAL_PUNCTUATION


def _ends_bare(text: str) -> bool:
    return text[-1].isalnum()


def _is_promo(layout: TextLayout, unit: str) -> bool:
    if any(pattern.fullmatch(unit) for pattern in layout.promos):
        return True
    return layout.caps_colon_promo and unit.endswith(":") and unit.isupper()


def _name_like(layout: TextLayout, text: str) -> bool:
    return not has_final_punctuation(text) and len(text.split()) <= layout.byline_max_words


def _byline(layout: TextLayout, unit: str) -> str | None:
    """The name in a "By <name>" line; ``None`` for other lines ("By the time he ...")."""
    match = layout.byline.fullmatch(unit)
    if not match:
        return None
    name = match["name"].strip()
    return name if _name_like(layout, name) else None


def _credit(layout: TextLayout, unit: str) -> str | None:
    for pattern in layout.credits:
        match = pattern.fullmatch(unit)
        if match:
            named = match.groupdict().get("credit")
            return named.strip() if named else unit
    return None


def parse_layout(layout: TextLayout, text: str, *, name: str, tz: tzinfo) -> Article:
    """The article in ``text`` read with ``layout``; ``InputError`` if the layout doesn't fit."""
    units = _units(text)
    first_label = _published_index(layout, units)
    if first_label is None:
        raise InputError(f"{name}: not laid out as {layout.name} page copy")

    # Dateline: label lines near the top, each maybe followed by a time line.
    used: set[int] = set()
    times: dict[str, datetime | None] = {"published": None, "updated": None}
    header_end = first_label
    for index in range(first_label, min(len(units), layout.header_lines)):
        if index > header_end + _DATELINE_GAP:
            break
        for key, pattern in (("published", layout.published), ("updated", layout.updated)):
            match = pattern.fullmatch(units[index]) if pattern else None
            if not match or times[key] is not None:
                continue
            used.add(index)
            header_end = max(header_end, index)
            moment = match.group("date").strip()
            clock = match.groupdict().get("time")
            following = units[index + 1] if index + 1 < len(units) else ""
            timed = layout.time_line.fullmatch(following) if layout.time_line else None
            if not clock and timed:
                clock = timed.group("time")
                used.add(index + 1)
                header_end = max(header_end, index + 1)
            stamp = f"{moment} {clock.strip()}" if clock else moment
            try:
                times[key] = parse_time(stamp, tz)
            except InputError as error:
                raise InputError(f"{name}: {key} date: {error}") from None
            break

    # The tail: page furniture after the article.
    markers = {marker.casefold() for marker in layout.tail_markers}
    end = next(
        (i for i in range(header_end + 1, len(units)) if units[i].casefold() in markers),
        len(units),
    )

    # Captions, their credits and alt text; promos.
    captions: list[str] = []
    for index in range(1, end):
        if index in used:
            continue
        credit = _credit(layout, units[index])
        if credit is None:
            if index > header_end and _is_promo(layout, units[index]):
                used.add(index)
            continue
        used.add(index)
        caption = index - 1
        if caption < 1 or caption in used:
            continue
        used.add(caption)
        captions.append(f"{units[caption]} ({credit})")
        alt = caption - 1
        if (
            layout.alt_text_before_caption
            and alt > header_end
            and alt not in used
            and _ends_bare(units[alt])
            and len(units[alt].split()) <= layout.alt_text_max_words
        ):
            used.add(alt)

    # Header: byline and any standfirst written above the dateline.
    header = [units[i] for i in range(1, header_end) if i not in used]
    bylines = [found for found in (_byline(layout, unit) for unit in header) if found]
    byline = bylines[0] if bylines else ""
    standfirst_parts: list[str] = []
    for unit in header:
        if unit == byline or _byline(layout, unit):
            continue
        if not byline and _name_like(layout, unit):
            byline = unit
            continue
        standfirst_parts.append(unit)

    body = [units[i] for i in range(header_end + 1, end) if i not in used]
    while body and (found := _byline(layout, body[0])):
        byline = byline or found
        body.pop(0)
    if not standfirst_parts and body and not has_final_punctuation(body[0]):
        standfirst_parts.append(body.pop(0))

    headline = units[0]
    return Article(
        headline=headline,
        body=tuple(body),
        standfirst=" ".join(standfirst_parts),
        byline=byline,
        published=times["published"],
        updated=times["updated"],
        captions=tuple(captions),
    )
