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
_SPECIAL: Final = re.compile(
    "[" + re.escape("".join(chr(k) for k in _TABLE)) + r"]|&(?:#|[A-Za-z])| {2,}|-{2,}"
)


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` without typography, and the original offset of each character of it.

    ``offsets`` has one entry more than the result: the original length, so a span
    ``[s, e)`` of the result is ``text[offsets[s]:offsets[e]]`` in the original.
    """
    if not _SPECIAL.search(text) and unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
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
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_TABLE)
    return _RUNS.sub(lambda m: m.group(0)[0], text).strip()
