"""Typography-free text for classification: what a reader reads, not how it is set.

Curly and straight quotes and apostrophes, primes, guillemets, every dash and minus sign,
ellipses, HTML entities (``&amp;``, ``&#8217;``, ``&nbsp;``), non-breaking and other spaces
are mapped to one plain form, and whitespace runs become one space. The diff itself still
shows every character; only the verdicts read this form, so typography is never more than a
``minor`` change.

:func:`normalize` also returns, for each character of the result, the offset of the
character of the original text it came from, so a sentence found in the normalised text is
quoted from the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

_SINGLE: Final = "‘’‚‛′ʼʹ`´"
_DOUBLE: Final = "“”„‟″«»〝〞＂"
_DASHES: Final = "‐‑‒–—―−﹘﹣－"
_SPACES: Final = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\t\r\n\f\v"
)
_TABLE: Final = {
    **{ord(c): "'" for c in _SINGLE},
    **{ord(c): '"' for c in _DOUBLE},
    **{ord(c): "-" for c in _DASHES},
    **{ord(c): " " for c in _SPACES},
    ord("…"): "...",
    ord("\u00ad"): "",  # soft hyphen
    ord("\u200b"): "",  # zero-width space
    ord("\ufeff"): "",
}
_ENTITY: Final = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MAPPED: Final = re.compile("[" + re.escape("".join(chr(k) for k in _TABLE)) + "]")
_SAME_LENGTH: Final = frozenset(k for k, v in _TABLE.items() if len(v) == 1)


def _mapped(text: str) -> str:
    """``text.translate(_TABLE)``, quicker when few characters change (as in most text)."""
    return _MAPPED.sub(lambda m: _TABLE[ord(m.group())], text)


def _untouched(text: str) -> bool:
    """Whether normalising leaves ``text`` as it is (a few substring tests and one scan
    for a character class: far quicker than a regular expression with alternatives)."""
    return (
        "  " not in text
        and "--" not in text
        and "&" not in text
        and not _MAPPED.search(text)
        and (text.isascii() or unicodedata.is_normalized("NFC", text))
    )


def normalize(text: str) -> tuple[str, Sequence[int]]:
    """``text`` without typography, and the original offset of each character of it.

    ``offsets`` has one entry more than the result: the original length, so a span
    ``[s, e)`` of the result is ``text[offsets[s]:offsets[e]]`` in the original.
    """
    if _untouched(text):
        return text, range(len(text) + 1)
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return _char_by_char(text)
    if "&" not in text:
        # Characters mapped one for one (quotes, dashes, spaces) keep every offset.
        translated = _mapped(text)
        if (
            len(translated) == len(text)
            and "  " not in translated
            and "--" not in translated
            and all(ord(c) in _SAME_LENGTH for c in set(_MAPPED.findall(text)))
        ):
            return translated, range(len(text) + 1)
    return _by_spots(text)


def _char_by_char(text: str) -> tuple[str, list[int]]:
    """:func:`normalize` one character at a time (what the quicker ways must agree with;
    used as it is for text not in NFC)."""
    out: list[str] = []
    offsets: list[int] = []
    k, n = 0, len(text)
    while k < n:
        c = text[k]
        if c == "&":
            m = _ENTITY.match(text, k)
            if m:
                decoded = html.unescape(m.group(0)).translate(_TABLE)
                for d in decoded:
                    _put(out, offsets, d, k)
                k = m.end()
                continue
        mapped = _TABLE.get(ord(c))
        if mapped is None:
            _put(out, offsets, unicodedata.normalize("NFC", c) if not c.isascii() else c, k)
        else:
            for d in mapped:
                _put(out, offsets, d, k)
        k += 1
    offsets.append(n)
    return "".join(out), offsets


_SPOT: Final = re.compile(
    _ENTITY.pattern + "|[" + re.escape("".join(chr(k) for k in _TABLE)) + "]| {2,}|-{2,}"
)


def _by_spots(text: str) -> tuple[str, list[int]]:
    """:func:`normalize` for NFC text: the stretches between the places that change (an
    entity, a mapped character, a run of spaces or dashes) are copied whole."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SPOT.finditer(text):
        start = m.start()
        if start > pos:
            _copy(out, offsets, text, pos, start)
        spot = m.group()
        if spot[0] == "&":
            for d in html.unescape(spot).translate(_TABLE):
                _put(out, offsets, d, start)
        else:
            for k, c in enumerate(spot):
                for d in _TABLE.get(ord(c), c):
                    _put(out, offsets, d, start + k)
        pos = m.end()
    if pos < len(text):
        _copy(out, offsets, text, pos, len(text))
    offsets.append(len(text))
    return "".join(out), offsets


def _copy(out: list[str], offsets: list[int], text: str, start: int, end: int) -> None:
    # A stretch with no run of spaces or dashes inside: only its first character can join
    # a run that the output ends with.
    first = text[start]
    if (first == " " or first == "-") and out and out[-1] == first:
        _put(out, offsets, first, start)
        start += 1
    if start < end:
        out.extend(text[start:end])
        offsets.extend(range(start, end))


def _put(out: list[str], offsets: list[int], c: str, at: int) -> None:
    # One space for a run of spaces; one "-" for "--" (a typed dash).
    if c == " " and out and out[-1] == " ":
        return
    if c == "-" and out and out[-1] == "-" and offsets and at - offsets[-1] == 1:
        return
    for d in c:
        out.append(d)
        offsets.append(at)


_RUNS: Final = re.compile(r" {2,}|-{2,}")


def plain(text: str) -> str:
    """The normalised text alone (what :func:`normalize` gives, without the offsets), with
    leading and trailing spaces dropped."""
    if _untouched(text):
        return text.strip()
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _mapped(text)
    if "  " not in text and "--" not in text:
        return text.strip()
    return _RUNS.sub(lambda m: m.group(0)[0], text).strip()
