"""Article ids (``outlet/slug``) made from headlines and URLs."""

from __future__ import annotations

import re
import unicodedata
from typing import Final
from urllib.parse import unquote, urlsplit

from articlediff.errors import InputError
from articlediff.model import validate_article_id

FALLBACK_SLUG: Final = "article"
MAX_SLUG_CHARS: Final = 80
URL_SLUG_WORDS: Final = 16

# Letters that NFKD does not take apart into an ASCII letter and a mark.
_TRANSLITERATE: Final = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)
_APOSTROPHES: Final = re.compile(r"['’‘ʼ`´]")
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")

# Second-level labels under which outlets register (bbc.co.uk, abc.net.au, ...).
_SECOND_LEVEL: Final = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ltd", "plc"})
_HOST_PREFIXES: Final = ("www", "www2", "m", "amp", "mobile")
_PAGE_SUFFIX: Final = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", re.I)
_NOT_A_SLUG: Final = frozenset({"amp", "index", "index.html", "index.htm", "index.php"})


def slugify(text: str, max_words: int = 8) -> str:
    """An id part from ``text``: lower-case ASCII letters, digits and inner hyphens.

    Accents are transliterated ("Zürich" → "zurich"), apostrophes dropped ("Russia's" →
    "russias"), every other run of non-alphanumerics becomes one hyphen. At most
    ``max_words`` words (at least one) and 80 characters are kept, cut at a word boundary.
    Never empty: text with no letters or digits gives "article".
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLITERATE)
    text = _APOSTROPHES.sub("", text)
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = [word for word in _NON_ALNUM.split(ascii_text) if word][: max(1, max_words)]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_CHARS:
            if not slug:
                slug = word[:MAX_SLUG_CHARS]
            break
        slug = candidate
    return slug or FALLBACK_SLUG


def outlet_from_host(host: str) -> str:
    """The outlet part of an id from a host name: "www.gbnews.com" → "gbnews"."""
    labels = [label for label in host.lower().rstrip(".").split(".") if label]
    while len(labels) > 2 and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    name = labels[-1] if labels else ""
    return slugify(name, max_words=URL_SLUG_WORDS)


def article_id_from_url(url: str) -> str:
    """``outlet/slug`` for an article URL.

    The outlet is the host's registered name without "www." and the public suffix
    ("https://www.gbnews.com/..." → "gbnews", "https://www.bbc.co.uk/..." → "bbc"); the slug
    is the last path segment (a page suffix such as ".html" and a trailing "/amp" ignored),
    slugified with up to 16 words. A URL with no path gives the slug "article".
    """
    cleaned = url.strip()
    if "://" not in cleaned:
        cleaned = f"https://{cleaned.lstrip('/')}"
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError:
        host = None
    if not host:
        raise InputError(f"cannot make an article id from URL {url!r}: it names no host")
    outlet = outlet_from_host(host)
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    while segments and segments[-1].lower() in _NOT_A_SLUG:
        segments.pop()
    last = _PAGE_SUFFIX.sub("", segments[-1]) if segments else ""
    slug = slugify(last, max_words=URL_SLUG_WORDS)
    return validate_article_id(f"{outlet}/{slug}")
