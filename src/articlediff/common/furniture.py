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
- ``NOT_A_PERSON`` — bylines that name a desk, a team or an agency rather than people
  ("Staff Writer", "HLNF Staff Report", "BBNTEAM", "Press release", "Reuters").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

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
    "furniture_kind",
    "is_furniture",
    "name_key",
    "strip_agency_tag",
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

FURNITURE: Final = (
    ("credit", CREDIT),
    ("promo", PROMO),
    ("newsletter", NEWSLETTER),
    ("read-more", READ_MORE),
    ("share", SHARE),
    ("copyright", COPYRIGHT),
)
"""Every whole-paragraph pattern, by name, in the order they are tried."""

# Letters of other scripts that look like Latin ones, as some sites write their promotions
# to slip past filters: compared as the Latin letter.
_LOOKALIKES: Final = str.maketrans("АВЕКМНОРСТХаеорсухіјѕԁԛԝ", "ABEKMHOPCTXaeopcyxijsdqw")
_NEWSLETTER_MAX_WORDS: Final = 30
_PROMO_MAX_WORDS: Final = 45


def furniture_kind(paragraph: str) -> str | None:
    """The name of the furniture pattern ``paragraph`` is, or ``None`` for story text.

    The promotion and newsletter patterns only apply to short paragraphs (45 and 30 words
    at most): a long paragraph that mentions a newsletter is reporting, not a sign-up box.
    """
    text = " ".join(paragraph.split()).translate(_LOOKALIKES)
    if not text:
        return None
    words = len(text.split())
    for name, pattern in FURNITURE:
        if name == "newsletter" and words > _NEWSLETTER_MAX_WORDS:
            continue
        if name == "promo" and words > _PROMO_MAX_WORDS:
            continue
        if pattern.fullmatch(text):
            return name
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
