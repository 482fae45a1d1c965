"""An HTML page's own statements about its article: headline, byline, dates, standfirst, URL.

Each field is taken from the first source, in this order, that gives a usable value; every
source is read strictly and every value's source is recorded (``PageMetadata.sources``):

1. **JSON-LD** (``json-ld``): objects of an article type (``NewsArticle``, ``Article``,
   ``BlogPosting``, ``LiveBlogPosting`` and kin), also inside ``@graph``; ``headline``,
   ``author`` (the names of people, ``@id`` references resolved in the page),
   ``datePublished``, ``dateModified``, ``description``.
2. **meta tags** (``meta:<name>``): ``article:published_time``/``modified_time``,
   ``og:title``, ``pubdate``, ``lastmod``, ``DC.date.*``, ``citation_*``, ``author`` and the
   like, and the page's top-level article microdata (``microdata:<itemprop>``).
3. **the visible page**: the ``<h1>`` (``h1``), the byline after it (``byline``), the first
   ``<time>`` after it (``time``) and its dateline text (``dateline``).
4. the page's JSON-LD ``WebPage`` dates (``json-ld:WebPage``), then **htmldate** (``htmldate``:
   a date only, for ``published`` only).

Rules on top of the order:

- **Headline**: entities decoded; a site name (``og:site_name``, the publisher, the domain)
  and a trailing date are cut from titles; a candidate that the page shows as a heading
  (``<h1>`` or ``itemprop=headline``) is preferred to one it does not show, and a truncated
  one ("…") to none only. When no candidate is shown but the page has exactly one ``<h1>``
  of several words, that heading is the headline (what the reader sees).
- **Byline**: people only. A name that is the site or publisher, a desk, team or agency
  (``common.furniture.NOT_A_PERSON``), a URL or a handle is not a byline; "By", "Posted by"
  and credentials ("PhD") are cut; several people are joined "A, B and C".
- **Dates**: read by ``pagedates.read_page_date`` (no guessing; a date stays a date). When
  one clock reading is stated with two offsets, one of them UTC, the UTC one is taken (a
  known CMS fault writes the UTC clock with the local offset). ``updated`` is the first
  stated modification that is later than ``published`` (a date-only value counts as the
  whole day); a modification at or before the publication is no update and is dropped with a
  note. A structured value that cannot be read strictly is dropped with a note.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from typing import Any, Final
from urllib.parse import urlsplit

from articlediff.common.furniture import (
    NOT_A_PERSON,
    is_furniture,
    name_key,
    strip_site_suffix,
)
from articlediff.ingest.pagedates import PageDate, read_page_date

ARTICLE_TYPES: Final = frozenset(
    name.casefold()
    for name in (
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "SocialMediaPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "Review",
    )
)
PAGE_TYPES: Final = frozenset(
    name.casefold()
    for name in ("WebPage", "ItemPage", "AboutPage", "MedicalWebPage", "CollectionPage")
)
_ORGANIZATION_TYPES: Final = frozenset(
    name.casefold()
    for name in ("Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand")
)
_TITLE_META: Final = (
    "og:title",
    "twitter:title",
    "dc.title",
    "citation_title",
    "parsely-title",
    "sailthru.title",
    "title",
    "headline",
)
_AUTHOR_META: Final = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
)
_PUBLISHED_META: Final = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "pub_date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "dc.date",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "prism.publicationdate",
    "date",
)
_UPDATED_META: Final = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "modified",
    "parsely-updated",
    "sailthru.lastmodified",
)
_SITE_META: Final = (
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "publisher",
    "dc.publisher",
    "twitter:site",
    "citation_publisher",
)
_DESCRIPTION_META: Final = ("og:description", "description", "twitter:description")
_IGNORED_WORDS: Final = frozenset(
    [
        "comment",
        "comments",
        "commentlist",
        "sidebar",
        "related",
        "recommended",
        "recommendations",
        "popular",
        "trending",
        "newsletter",
        "promo",
        "promotion",
        "share",
        "sharing",
        "sharebar",
        "social",
        "breadcrumb",
        "breadcrumbs",
        "teaser",
        "teasers",
        "recent",
        "outbrain",
        "taboola",
    ]
)
_CLASS_WORDS: Final = re.compile(r"[\s_-]+")
_BY_LABEL: Final = re.compile(
    r"(?:(?:posted|written|article|words|text|story|reporting|report|published)\s+)?"
    r"(?:by|von|por|par|door|di|av|af)\s*:?",
    re.IGNORECASE,
)
_BY_PREFIX: Final = re.compile(rf"^\s*{_BY_LABEL.pattern}\s+", re.IGNORECASE)
_NAME_END: Final = re.compile(
    r"\s+(?:[-–—|•·]|on|at|am|le|el|updated|published|posted|last\s+updated|in)\s+.*$"
    r"|\s*[|•·]\s*.*$|\s+[-–—]\s*$",
    re.IGNORECASE,
)
_CREDENTIALS: Final = re.compile(
    r",?\s+(?:Ph\.?\s?D|M\.?D|M\.?S|M\.?Sc|M\.?A|MPH|MBA|RDN?|R\.?N|D\.?O|CPT|LD|CDE|CDCES"
    r"|PharmD|DrPH|DVM|Esq)\.?(?=$|,|\s)",
    re.IGNORECASE,
)
_NAME_SPLIT: Final = re.compile(r"\s*(?:,|;|\s&\s|&|\band\b|\bund\b|\bet\b|\by\b)\s*")
_HANDLE: Final = re.compile(r"@\w+")
_URLISH: Final = re.compile(r"https?://|www\.|\.\w{2,4}\b/|\b\w+\.(?:com|org|net|de|co|uk)\b")
_PARTICLES: Final = frozenset(
    [
        "de",
        "da",
        "di",
        "van",
        "von",
        "der",
        "den",
        "du",
        "la",
        "le",
        "del",
        "dos",
        "das",
        "bin",
        "al",
        "ibn",
        "ter",
        "ten",
        "zu",
        "y",
        "e",
    ]
)
_SPACES: Final = re.compile(r"\s+")
_TRUNCATED: Final = re.compile(r"(?:\.\.\.|…)\s*$")
_DATE_LABEL_UPDATED: Final = re.compile(
    r"\b(?:updated|last\s+updated|modified|aktualisiert|mis\s+à\s+jour|actualizado)\b",
    re.IGNORECASE,
)
_DATE_LABELS: Final = re.compile(
    r"^\W*(?:(?:first\s+)?published|posted|updated|last\s+updated|modified|date|on|am|le"
    r"|publié|veröffentlicht|aktualisiert|publicado|actualizado)\b\W*(?:on\b|am\b|le\b)?\s*",
    re.IGNORECASE,
)
_JSON_LD_WRAPPER: Final = re.compile(
    r"^(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)$"
)
_DATELINE_PARTS: Final = re.compile(r"\s+[|•·]\s+|\s+[-–—]\s+")
_BODY_START_CHARS: Final = 200
_AFTER_HEADING_NODES: Final = 60
_MAX_NAME_WORDS: Final = 6
_MAX_NAME_CHARS: Final = 60


@dataclass(frozen=True)
class Candidate:
    """A value for a field and where it came from."""

    value: Any
    source: str


@dataclass
class PageMetadata:
    """What the page says about its article, each value with its source."""

    headline: str = ""
    byline: str = ""
    standfirst: str = ""
    published: PageDate | None = None
    updated: PageDate | None = None
    url: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    heading: Any = None
    """The element the headline was found in (the visible ``<h1>``), if any."""


def clean(text: str) -> str:
    """Entities decoded (twice, for double-escaped JSON-LD), spaces collapsed."""
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def _text(value: Any) -> str:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list) and value and isinstance(value[0], str):
        return clean(value[0])
    return ""


# -- reading the page's statements -------------------------------------------------------


@dataclass
class _Page:
    tree: Any
    tz: tzinfo
    meta: dict[str, list[str]]
    ld_articles: list[dict[str, Any]]
    ld_pages: list[dict[str, Any]]
    ld_ids: dict[str, dict[str, Any]]
    microdata: dict[str, list[Any]]
    site_names: tuple[str, ...]
    publishers: tuple[str, ...]
    notes: list[str]


def read_metadata(tree: Any, tz: tzinfo, *, url: str | None = None) -> PageMetadata:
    """The page's metadata (see the module docstring); ``tree`` is an lxml HTML tree."""
    page = _read_page(tree, tz, url)
    found = PageMetadata(notes=page.notes)
    headline, heading = _headline(page)
    if headline is not None:
        found.headline, found.sources["headline"] = headline.value, headline.source
    found.heading = heading
    byline = _first_value(_byline_candidates(page, heading))
    if byline is not None:
        found.byline, found.sources["byline"] = byline.value, byline.source
    standfirst = _first_value(_standfirst_candidates(page))
    if standfirst is not None:
        found.standfirst, found.sources["standfirst"] = standfirst.value, standfirst.source
    published = _choose_date(list(_date_candidates(page, heading, "published")), "published", page)
    if published is not None:
        found.published, found.sources["published"] = published.value, published.source
    updated_all = list(_date_candidates(page, heading, "updated"))
    updated = _choose_updated(updated_all, found.published, page)
    if updated is not None:
        found.updated, found.sources["updated"] = updated.value, updated.source
    link = _first_value(_url_candidates(page))
    if link is not None:
        found.url, found.sources["url"] = link.value, link.source
    return found


def _read_page(tree: Any, tz: tzinfo, url: str | None) -> _Page:
    notes: list[str] = []
    meta: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if not key:
            continue
        key = re.sub(r"^(dc|dcterms):", r"\1.", key)
        value = element.get("content")
        if value is not None and clean(value):
            meta.setdefault(key, []).append(clean(value))
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        href = (element.get("href") or "").strip()
        if "canonical" in rel and href.startswith(("http://", "https://")):
            meta.setdefault("canonical", []).append(href)
    ld_objects = list(_json_ld_objects(tree, notes))
    ld_ids = {
        item["@id"]: item
        for item in ld_objects
        if isinstance(item.get("@id"), str) and len(item) > 1
    }
    ld_articles = [item for item in ld_objects if _types(item) & ARTICLE_TYPES]
    ld_pages = [item for item in ld_objects if _types(item) & PAGE_TYPES]
    sites: list[str] = []
    for key in _SITE_META:
        sites += [value.lstrip("@") for value in meta.get(key, []) if not _URLISH.search(value)]
    for address in [url, *meta.get("canonical", []), *meta.get("og:url", [])]:
        sites += _host_names(address or "")
    for value in meta.get("og:site_name", []):
        sites += _host_names(value)
    publishers: list[str] = []
    # A publisher that is also a person (a personal site) may well be the author.
    organizations = [item for item in ld_objects if _types(item) & _ORGANIZATION_TYPES]
    for item in ld_articles:
        publisher = _resolve(item.get("publisher"), ld_ids)
        if isinstance(publisher, dict):
            organizations.append(publisher)
    for item in organizations:
        if _text(item.get("name")) and "person" not in _types(item):
            publishers.append(_text(item.get("name")))
    return _Page(
        tree=tree,
        tz=tz,
        meta=meta,
        ld_articles=ld_articles,
        ld_pages=ld_pages,
        ld_ids=ld_ids,
        microdata=_microdata(tree),
        site_names=tuple(dict.fromkeys(site for site in sites if name_key(site))),
        publishers=tuple(dict.fromkeys(name for name in publishers if name_key(name))),
        notes=notes,
    )


def _host_names(address: str) -> list[str]:
    """A site's names in its address: ``www.example.co.uk`` gives ``example.co.uk`` and
    ``example``."""
    host = urlsplit(address).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if len(labels) < 2:
        return []
    core = labels[:-1]
    while len(core) > 1 and len(core[-1]) <= 3:
        core = core[:-1]
    return [".".join(labels), core[-1]]


def _json_ld_objects(tree: Any, notes: list[str]) -> Iterator[dict[str, Any]]:
    for number, element in enumerate(tree.iter("script"), 1):
        if (element.get("type") or "").strip().lower() != "application/ld+json":
            continue
        value = _load_json_ld(element.text or "")
        if value is None:
            notes.append(f"JSON-LD block {number} is not valid JSON; ignored")
            continue
        yield from _flatten(value)


def _load_json_ld(text: str) -> Any:
    """JSON-LD as pages write it: control characters inside strings are tolerated, as are
    an HTML comment or CDATA wrapper and trailing commas; anything else is refused."""
    text = text.strip()
    text = _JSON_LD_WRAPPER.sub("", text)
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _flatten(graph)


def _types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type")
    names = kinds if isinstance(kinds, list) else [kinds]
    return {name.rsplit("/", 1)[-1].casefold() for name in names if isinstance(name, str)}


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(value["@id"], value)
    return value


def _microdata(tree: Any) -> dict[str, list[Any]]:
    """``itemprop`` elements of the page's top-level article item (or of no item at all):
    the citations a paper lists, say, are items of their own and are left out."""
    found: dict[str, list[Any]] = {}
    for element in tree.xpath("//*[@itemprop]"):
        scope = next(
            (parent for parent in element.iterancestors() if parent.get("itemscope") is not None),
            None,
        )
        if scope is not None:
            kind = (scope.get("itemtype") or "").rsplit("/", 1)[-1].casefold()
            if scope.get("itemprop") is not None or kind not in ARTICLE_TYPES | PAGE_TYPES:
                continue
        for prop in (element.get("itemprop") or "").split():
            found.setdefault(prop.casefold(), []).append(element)
    return found


def _micro_value(element: Any) -> str:
    for attribute in ("content", "datetime"):
        value = element.get(attribute)
        if value is not None:
            return clean(value)
    return clean(element.text_content())


def _first_value(candidates: Iterable[Candidate]) -> Candidate | None:
    return next((candidate for candidate in candidates if candidate.value), None)


# -- headline ----------------------------------------------------------------------------


def _headline(page: _Page) -> tuple[Candidate | None, Any]:
    headings = _headings(page.tree)
    shown = {_fold(text): element for element, text in headings}
    candidates: list[Candidate] = []
    for item in page.ld_articles:
        candidates.append(Candidate(_text(item.get("headline")), "json-ld"))
    for key in _TITLE_META:
        candidates += [Candidate(value, f"meta:{key}") for value in page.meta.get(key, [])[:1]]
    for element in page.microdata.get("headline", []):
        candidates.append(Candidate(_micro_value(element), "microdata:headline"))
    candidates += [Candidate(text, "h1") for element, text in headings if element.tag == "h1"]
    title = page.tree.find(".//title")
    if title is not None:
        candidates.append(Candidate(clean(title.text_content()), "title"))
    cleaned = [
        Candidate(strip_site_suffix(c.value, page.site_names), c.source)
        for c in candidates
        if c.value and name_key(strip_site_suffix(c.value, page.site_names))
    ]
    cleaned = [c for c in cleaned if not _is_site_name(c.value, page.site_names)]
    whole = [c for c in cleaned if not _TRUNCATED.search(c.value)] or cleaned
    for candidate in whole:
        element = shown.get(_fold(candidate.value))
        if element is not None and candidate.source != "h1":
            return candidate, element
    h1s = [(element, text) for element, text in headings if element.tag == "h1"]
    h1s = [
        (e, t)
        for e, t in h1s
        if len(t.split()) >= 2
        and not _is_site_name(t, page.site_names)
        and not in_ignored_scope(e)
        and not any(a.tag == "footer" for a in e.iterancestors())
    ]
    if len(h1s) == 1:
        return Candidate(h1s[0][1], "h1"), h1s[0][0]
    for candidate in whole:
        if candidate.source != "h1":
            return candidate, None
    return (whole[0], None) if whole else (None, None)


def _headings(tree: Any) -> list[tuple[Any, str]]:
    found = []
    for element in tree.xpath("//h1 | //*[@itemprop='headline'][not(self::meta)]"):
        text = clean(element.text_content())
        if text and len(text) <= 400:
            found.append((element, text))
    return found


def _fold(text: str) -> str:
    return name_key(text)


def _is_site_name(text: str, sites: tuple[str, ...]) -> bool:
    key = name_key(text)
    return any(key == name_key(site) for site in sites)


# -- byline ------------------------------------------------------------------------------


def _byline_candidates(page: _Page, heading: Any) -> Iterator[Candidate]:
    for item in page.ld_articles:
        yield Candidate(_join(_people(_ld_authors(item.get("author"), page), page)), "json-ld")
    for key in _AUTHOR_META:
        values = page.meta.get(key, [])
        if key != "citation_author":
            values = values[:1]
        yield Candidate(_join(_people(values, page)), f"meta:{key}")
    for element in page.microdata.get("author", []):
        names = element.xpath(".//*[@itemprop='name']")
        text = _micro_value(names[0]) if names else _micro_value(element)
        yield Candidate(_join(_people(_split_names(text), page)), "microdata:author")
    yield Candidate(_join(_people(_visible_byline(page, heading), page)), "byline")
    for item in page.ld_pages:
        names = _people(_ld_authors(item.get("author"), page), page)
        yield Candidate(_join(names), "json-ld:WebPage")


def _ld_authors(value: Any, page: _Page) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = _resolve(item, page.ld_ids)
        if isinstance(item, dict):
            if _types(item) & _ORGANIZATION_TYPES:
                continue
            names += _split_names(_text(item.get("name")))
        elif isinstance(item, str):
            names += _split_names(clean(item))
    return names


def _split_names(text: str) -> list[str]:
    text = _BY_PREFIX.sub("", clean(text))
    text = _CREDENTIALS.sub("", text)
    return [part for part in _NAME_SPLIT.split(text) if part.strip()]


def _people(names: Iterable[str], page: _Page) -> list[str]:
    people: list[str] = []
    for raw in names:
        name = _person(raw, page.site_names + page.publishers)
        if name and name_key(name) not in {name_key(known) for known in people}:
            people.append(name)
    return people


def _person(raw: str, sites: tuple[str, ...]) -> str:
    """``raw`` as a person's name, or "" when it names no person."""
    if _URLISH.search(raw) or "@" in raw.replace(" ", "")[:1]:
        return ""
    name = _HANDLE.sub("", _BY_PREFIX.sub("", clean(raw)))
    name = _CREDENTIALS.sub("", name).strip(" ,;:-–—|")
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or len(name) > _MAX_NAME_CHARS:
        return ""
    if any(char.isdigit() for char in name) or not any(char.isalpha() for char in name):
        return ""
    if len(words) > 1 and sum(w[0].islower() and w not in _PARTICLES for w in words) > 0:
        return ""
    if NOT_A_PERSON.fullmatch(name) or is_furniture(name):
        return ""
    key = name_key(name)
    for site in sites:
        site_key = name_key(site)
        if key == site_key or (len(key) >= 4 and key in site_key):
            return ""
    return name


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _visible_byline(page: _Page, heading: Any) -> list[str]:
    """Names after a "By" label following the headline, else in a byline element."""
    texts = [text.strip(" |•·-–—:") for text in _texts_after(page.tree, heading)]
    for index, text in enumerate(texts):
        if _BY_LABEL.fullmatch(text) and index + 1 < len(texts):
            return _split_names(_NAME_END.sub("", texts[index + 1]))
        match = _BY_PREFIX.match(text)
        if match and len(text) <= _BODY_START_CHARS:
            return _split_names(_NAME_END.sub("", text[match.end() :]))
    for element in page.tree.xpath(
        "//*[@rel='author' or contains(@class,'byline') or contains(@class,'author')]"
    ):
        if in_ignored_scope(element) or element.tag in ("meta", "link", "body", "img"):
            continue
        text = clean(element.text_content())
        if text and len(text) <= _BODY_START_CHARS:
            names = _split_names(_NAME_END.sub("", text))
            if names:
                return names
    return []


def _texts_after(tree: Any, heading: Any) -> list[str]:
    """The short texts that follow ``heading`` in document order, up to the story."""
    if heading is None:
        return []
    texts: list[str] = []
    started = False
    for element in tree.iter():
        if element is heading:
            started = True
            if heading.tail and clean(heading.tail):
                texts.append(clean(heading.tail))
            continue
        if not started or not isinstance(element.tag, str):
            if started and element.tail and clean(element.tail):
                texts.append(clean(element.tail))
            continue
        if element in heading.iterancestors():
            continue
        if element.tag not in ("script", "style", "noscript") and element.text:
            text = clean(element.text)
            if text:
                texts.append(text)
        if element.tail and clean(element.tail):
            texts.append(clean(element.tail))
        if len(texts) >= _AFTER_HEADING_NODES or (texts and len(texts[-1]) > _BODY_START_CHARS):
            break
    return texts


def in_ignored_scope(element: Any, stop: Any = None) -> bool:
    """Whether ``element`` sits in a comment section, sidebar, related-links box, share bar,
    navigation or similar widget, or in a page footer (an article's own footer, where
    author notes live, does not count); looks up to ``stop``, or to ``<body>``."""
    for node in [element, *element.iterancestors()]:
        if node is stop or node.tag in ("body", "html"):
            return False
        if node.tag in ("aside", "nav"):
            return True
        if node.tag == "footer" and not any(a.tag == "article" for a in node.iterancestors()):
            return True
        words = _CLASS_WORDS.split(f"{node.get('class') or ''} {node.get('id') or ''}".lower())
        if _IGNORED_WORDS.intersection(words):
            return True
    return False


# -- dates -------------------------------------------------------------------------------


def _date_candidates(page: _Page, heading: Any, which: str) -> Iterator[Candidate]:
    ld_key = "datePublished" if which == "published" else "dateModified"
    for item in page.ld_articles:
        yield from _read(item.get(ld_key), "json-ld", which, page, note=True)
    for key in _PUBLISHED_META if which == "published" else _UPDATED_META:
        for value in page.meta.get(key, []):
            yield from _read(value, f"meta:{key}", which, page, note=True)
    for element in page.microdata.get(ld_key.casefold(), []):
        yield from _read(_micro_value(element), f"microdata:{ld_key}", which, page)
    yield from _time_elements(page, heading, which)
    yield from _dateline(page, heading, which)
    for item in page.ld_pages:
        yield from _read(item.get(ld_key), "json-ld:WebPage", which, page, note=True)


def _read(
    value: Any, source: str, which: str, page: _Page, note: bool = False
) -> Iterator[Candidate]:
    text = _text(value)
    if not text:
        return
    found = read_page_date(text, page.tz)
    if found is not None:
        yield Candidate(found, source)
    elif note:
        page.notes.append(f"{which}: {source} value {text!r} is not a date read strictly; dropped")


def _time_elements(page: _Page, heading: Any, which: str) -> Iterator[Candidate]:
    if heading is None:
        return
    after = False
    for element in page.tree.iter():
        if element is heading:
            after = True
            continue
        if not after or element.tag != "time" or in_ignored_scope(element):
            continue
        marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
        says_updated = any(word in marks for word in ("modified", "updated"))
        says_published = any(word in marks for word in ("published", "entry-date", "pubdate"))
        if which == "updated" and not (says_updated and not says_published):
            continue
        if which == "published" and says_updated and not says_published:
            continue
        value = element.get("datetime") or element.text_content()
        found = read_page_date(clean(value), page.tz)
        if found is not None:
            yield Candidate(found, "time")
            return


def _dateline(page: _Page, heading: Any, which: str) -> Iterator[Candidate]:
    """A short text after the headline that is a date and nothing else (a label such as
    "Published" or "Updated" aside), or that and the next text (a date, then its time)."""
    texts = _texts_after(page.tree, heading)[:_AFTER_HEADING_NODES]
    for index, text in enumerate(texts):
        if len(text) > _BODY_START_CHARS:
            return
        labelled_updated = bool(_DATE_LABEL_UPDATED.search(text)) or (
            index > 0 and bool(_DATE_LABEL_UPDATED.fullmatch(texts[index - 1]))
        )
        if labelled_updated != (which == "updated"):
            continue
        following = texts[index + 1].strip(" |•·-–—:,.") if index + 1 < len(texts) else ""
        for part in _DATELINE_PARTS.split(text):
            bare = _DATE_LABELS.sub("", part).strip(" |•·-–—:,.")
            if not bare:
                continue
            found = read_page_date(f"{bare} {following}", page.tz) if following else None
            found = found or read_page_date(bare, page.tz)
            if found is not None:
                yield Candidate(found, "dateline")
                return


def _same_clock(a: PageDate, b: PageDate) -> bool:
    return (
        not a.date_only
        and not b.date_only
        and a.moment.replace(tzinfo=None) == b.moment.replace(tzinfo=None)
        and a.moment.utcoffset() != b.moment.utcoffset()
    )


def _is_utc(value: PageDate) -> bool:
    offset = value.moment.utcoffset()
    return offset is not None and not offset


def _uncontested(candidates: list[Candidate], which: str, page: _Page) -> list[Candidate]:
    """``candidates`` less those whose clock reading another states in UTC (see the module
    docstring: the UTC clock written with a local offset)."""
    kept = []
    for candidate in candidates:
        rival = next(
            (
                other
                for other in candidates
                if _same_clock(candidate.value, other.value) and _is_utc(other.value)
            ),
            None,
        )
        if rival is not None and not _is_utc(candidate.value):
            page.notes.append(
                f"{which}: {candidate.source} {candidate.value.isoformat()} is the clock of "
                f"{rival.source} {rival.value.isoformat()} with another offset; not used"
            )
            continue
        kept.append(candidate)
    return kept


def _choose_date(candidates: list[Candidate], which: str, page: _Page) -> Candidate | None:
    kept = _precise(_uncontested(candidates, which, page))
    return kept[0] if kept else None


def _precise(candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with the vaguer statement of the same moment after the precise one.

    A time without an offset is read in the reading zone, a guess about the page's zone;
    when another source states a time with its offset within 14 hours of it, that is the
    same statement made exactly. A date alone is likewise put after a time on that day.
    """

    def exact(candidate: Candidate) -> bool:
        return not candidate.value.date_only and not candidate.value.naive

    def refined(candidate: Candidate) -> bool:
        value = candidate.value
        for other in candidates:
            if not exact(other) or other is candidate:
                continue
            if value.date_only and other.value.moment.date() == value.day():
                return True
            if value.naive and abs(other.value.moment - value.moment) <= timedelta(hours=14):
                return True
        return False

    vague = [candidate for candidate in candidates if not exact(candidate) and refined(candidate)]
    return [c for c in candidates if c not in vague] + vague


def _is_after(value: PageDate, published: PageDate | None) -> bool:
    if published is None:
        return True
    if value.date_only or published.date_only:
        return value.day() > published.day()
    return value.moment > published.moment


def _choose_updated(
    candidates: list[Candidate], published: PageDate | None, page: _Page
) -> Candidate | None:
    kept = _precise(_uncontested(candidates, "updated", page))
    for candidate in kept:
        if _is_after(candidate.value, published):
            return candidate
    if kept and published is not None:
        first = kept[0]
        if first.value.moment != published.moment:
            page.notes.append(
                f"updated: {first.source} {first.value.isoformat()} is not after the "
                f"published time {published.isoformat()}; no update recorded"
            )
    return None


# -- standfirst and URL ------------------------------------------------------------------


def _standfirst_candidates(page: _Page) -> Iterator[Candidate]:
    for item in page.ld_articles:
        yield Candidate(_text(item.get("description")), "json-ld")
    for key in _DESCRIPTION_META:
        for value in page.meta.get(key, [])[:1]:
            yield Candidate(value, f"meta:{key}")


def _url_candidates(page: _Page) -> Iterator[Candidate]:
    for key in ("canonical", "og:url"):
        for value in page.meta.get(key, [])[:1]:
            if value.startswith(("http://", "https://")):
                yield Candidate(value, "link:canonical" if key == "canonical" else f"meta:{key}")
    for item in page.ld_articles:
        for key in ("url", "mainEntityOfPage"):
            found = _resolve(item.get(key), page.ld_ids)
            if isinstance(found, dict):
                found = found.get("@id") or found.get("url")
            text = _text(found)
            if text.startswith(("http://", "https://")):
                yield Candidate(text, "json-ld")


def htmldate_candidate(
    tree: Any, url: str | None, tz: tzinfo, find: Callable[..., Any]
) -> Candidate | None:
    """htmldate's original date for the page, as a date only (its times are not stated by
    the page), or ``None``."""
    try:
        value = find(tree, original_date=True, outputformat="%Y-%m-%d", url=url)
    except Exception:  # htmldate gives up on odd pages; the date then stays unknown
        return None
    found = read_page_date(value, tz) if isinstance(value, str) else None
    return Candidate(found, "htmldate") if found is not None else None
