"""The store's own format: Markdown body under a YAML front matter block.

The canonical form, written by ``dump_article``::

    ---
    id: gbnews/putin-kim-jong-un-visit
    headline: Vladimir Putin embraces Kim Jong Un ...
    standfirst: North Korean state media claimed ...
    byline: James Saunders
    published: '2024-06-19T07:38:00+01:00'
    updated: '2024-06-19T08:14:00+01:00'
    url: https://www.gbnews.com/...
    captions:
    - The two leaders embraced on the tarmac in Pyongyang (Reuters)
    corrections: []
    ---

    First paragraph, on one line.

    Second paragraph.

Rules of the canonical form:

- Keys in the fixed order above. ``id`` and ``headline`` are always written; ``standfirst``,
  ``byline`` and ``captions`` only when non-empty, ``published``, ``updated`` and ``url`` only
  when set; ``corrections`` always, as a list (``[]`` when empty), so that the correction log
  has one obvious place and an appended entry is a small diff.
- Times are ISO 8601 strings with their UTC offset, to the second (to the microsecond only if
  the time has microseconds), quoted so that YAML never reads them back as datetimes. A
  ``published`` or ``updated`` value the source gave as a date alone is written as that date
  (``'2024-06-19'``) and read back as a date (``Article.published_date_only``): the start of
  that day in the reading zone, standing for the whole day.
- Strings that hold a line break or a character YAML cannot print are written double-quoted
  with escapes, so every front-matter value stays on one line and the closing ``---`` line is
  unambiguous. Long lines are never folded.
- The body follows a blank line: one paragraph per line, paragraphs separated by one blank
  line, and the file ends with a newline.
- A paragraph that holds line breaks is written as the parser would read it back: its lines
  are stripped and joined with one space. Paragraphs that are empty after that are left out.
  So ``load_article(dump_article(a, id))`` equals ``a`` whenever ``a``'s paragraphs are
  non-empty, hold no line break and have no surrounding whitespace.

Reading (``parse_markdown``, used by ``parse_source``) is a little more forgiving than the
strict ``load_article`` used on store files: times may be any form ``parse_time`` reads (naive
ones in the given zone) rather than ISO 8601 only, and a missing ``headline`` key may be given
by a ``# Heading`` first paragraph instead. In the body, hard-wrapped lines of a paragraph are
joined with one space and each paragraph's surrounding whitespace is stripped; the text is
otherwise kept exactly as written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any, Final

import yaml

from articlediff.common.timeutil import format_time, localize, parse_time
from articlediff.errors import InputError
from articlediff.ingest.decode import normalize_newlines
from articlediff.model import LOG_KINDS, Article, Correction, validate_article_id

FRONT_MATTER_KEYS: Final = (
    "id",
    "headline",
    "standfirst",
    "byline",
    "published",
    "updated",
    "url",
    "captions",
    "corrections",
)
CORRECTION_KEYS: Final = ("id", "kind", "at", "text", "fixed_in", "supersedes")

_FENCE: Final = "---"
_LINE_BREAKS: Final = re.compile(r"\r\n|[\r\n]")
_YAML_LINE_BREAKS: Final = frozenset("\n\r\x85\u2028\u2029")
_HEADING: Final = re.compile(r"#\s+(?P<text>.*?)(?:\s+#+)?\s*")
_NO_WIDTH_LIMIT: Final = 2**31 - 1
_EXAMPLE_TIME: Final = "2024-06-19T08:14:00+01:00"
_DATE_ONLY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """A safe dumper that keeps every string scalar on one line."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(char in _YAML_LINE_BREAKS or not char.isprintable() for char in value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def _time_text(moment: datetime, what: str) -> str:
    if moment.utcoffset() is None:
        raise InputError(f"cannot write {what} {moment.isoformat()}: the time has no UTC offset")
    return format_time(moment) if moment.microsecond == 0 else moment.isoformat()


def _moment_text(moment: datetime, date_only: bool, what: str) -> str:
    return moment.date().isoformat() if date_only else _time_text(moment, what)


def normalize_paragraph(text: str) -> str:
    """A paragraph as the parser reads it back: lines stripped and joined with one space."""
    return " ".join(line.strip() for line in _LINE_BREAKS.split(text) if line.strip())


def dump_article(article: Article, article_id: str) -> str:
    """The canonical Markdown-with-front-matter text of ``article`` (deterministic)."""
    validate_article_id(article_id)
    meta: dict[str, Any] = {"id": article_id, "headline": article.headline}
    if article.standfirst:
        meta["standfirst"] = article.standfirst
    if article.byline:
        meta["byline"] = article.byline
    if article.published is not None:
        meta["published"] = _moment_text(
            article.published, article.published_date_only, "published time"
        )
    if article.updated is not None:
        meta["updated"] = _moment_text(article.updated, article.updated_date_only, "updated time")
    if article.url is not None:
        meta["url"] = article.url
    if article.captions:
        meta["captions"] = list(article.captions)
    meta["corrections"] = [_correction_meta(entry) for entry in article.corrections]
    front = yaml.dump(
        meta,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=_NO_WIDTH_LIMIT,
        default_flow_style=False,
    )
    paragraphs = [text for text in map(normalize_paragraph, article.body) if text]
    body = "".join(f"\n{paragraph}\n" for paragraph in paragraphs)
    return f"{_FENCE}\n{front}{_FENCE}\n{body}"


def _correction_meta(entry: Correction) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "at": _time_text(entry.at, f"correction {entry.id!r} time"),
        "text": entry.text,
    }
    if entry.fixed_in is not None:
        meta["fixed_in"] = entry.fixed_in
    if entry.supersedes is not None:
        meta["supersedes"] = entry.supersedes
    return meta


# --- reading ------------------------------------------------------------------------------


def _unique_keys(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool
) -> None:
    """Refuse a mapping with a repeated key: it would otherwise silently replace the first
    one, e.g. drop a correction log."""
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            continue
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` (no Python tags, no arbitrary objects) that refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _unique_keys(self, node, deep)
        return super().construct_mapping(node, deep=deep)


_FastBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_FastBase):  # type: ignore[valid-type,misc]
    """``_Loader`` on libyaml's parser where PyYAML has it (the same constructor and
    resolver, so the same values; about ten times faster on a store's front matter)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _unique_keys(self, node, deep)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_PARSED_LIMIT: Final = 4096
"""Front matters kept parsed (``_load_yaml``): revisions of one article often share theirs."""
_parsed: dict[str, Mapping[Any, Any]] = {}


@dataclass(frozen=True)
class MarkdownSource:
    """A parsed Markdown file: the article and the id its front matter names, if any."""

    article: Article
    article_id: str | None


def has_front_matter(text: str) -> bool:
    """Whether ``text`` starts with a ``---`` front-matter fence line."""
    first, _, _ = text.partition("\n")
    return first.rstrip() == _FENCE


def load_article(text: str, *, name: str, tz: tzinfo) -> Article:
    """Read a store file written by ``dump_article``; raise ``InputError`` on anything else.

    Strict: the front matter must be present, name ``headline``, hold only known keys of
    the right types, and give times in ISO 8601 (naive ones are read in ``tz``).
    """
    return parse_markdown(text, name=name, tz=tz, strict=True).article


def parse_markdown(text: str, *, name: str, tz: tzinfo, strict: bool = False) -> MarkdownSource:
    """Parse Markdown with YAML front matter (see the module docstring for the rules)."""
    lines = normalize_newlines(text).removeprefix("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise InputError(f"{name}: expected a '---' front matter line at the top")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "..."))
    except StopIteration:
        raise InputError(f"{name}: front matter is not closed by a '---' line") from None
    meta = _load_yaml("\n".join(lines[1:end]), name)
    body = split_paragraphs(lines[end + 1 :])

    return article_from_meta(meta, body, name=name, tz=tz, strict=strict)


def article_from_meta(
    meta: Mapping[Any, Any], body: list[str], *, name: str, tz: tzinfo, strict: bool = False
) -> MarkdownSource:
    """An article from front-matter style ``meta`` and its body paragraphs.

    Shared by the Markdown reader and the JSON reader (``show --json`` output), so both
    apply the same key and type rules.
    """
    unknown = [str(key) for key in meta if key not in FRONT_MATTER_KEYS]
    if unknown:
        raise InputError(
            f"{name}: unknown front matter key {unknown[0]!r} "
            f"(known keys: {', '.join(FRONT_MATTER_KEYS)})"
        )
    fields = _Fields(meta, name, tz, strict)
    article_id = fields.optional_str("id")
    if article_id is not None:
        try:
            validate_article_id(article_id)
        except InputError as error:
            raise InputError(f"{name}: front matter 'id': {error}") from None
    headline = fields.optional_str("headline")
    if headline is None:
        if strict:
            raise InputError(f"{name}: front matter has no 'headline'")
        heading = _HEADING.fullmatch(body[0]) if body else None
        if heading:
            headline, body = heading["text"], body[1:]
        else:
            headline = ""
    if not strict and not headline and not body:
        raise InputError(f"{name}: no article text found")
    published, published_date_only = fields.optional_moment("published")
    updated, updated_date_only = fields.optional_moment("updated")
    article = Article(
        headline=headline,
        body=tuple(body),
        standfirst=fields.optional_str("standfirst") or "",
        byline=fields.optional_str("byline") or "",
        published=published,
        updated=updated,
        published_date_only=published_date_only,
        updated_date_only=updated_date_only,
        captions=fields.str_list("captions"),
        url=fields.optional_str("url"),
        corrections=fields.corrections(),
    )
    return MarkdownSource(article=article, article_id=article_id)


def split_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; a paragraph's lines joined with one space."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _load_yaml(source: str, name: str) -> Mapping[Any, Any]:
    """The front matter ``source`` as a mapping; ``InputError`` naming ``name`` if it is not
    one. Parsed by libyaml, and kept by its text (a long history repeats the same front
    matter revision after revision), a copy given each time; what libyaml refuses is parsed
    again by PyYAML's own parser, whose error the message quotes."""
    known = _parsed.get(source)
    if known is None:
        try:
            meta: object = yaml.load(source, Loader=_FastLoader)  # a SafeLoader on libyaml
        except yaml.YAMLError:
            meta = _load_slowly(source, name)
        if meta is None:
            meta = {}
        if not isinstance(meta, Mapping):
            raise InputError(f"{name}: front matter must be a mapping of keys to values")
        if len(_parsed) >= _PARSED_LIMIT:
            _parsed.clear()
        _parsed[source] = known = meta
    return copy.deepcopy(known)


def _load_slowly(source: str, name: str) -> object:
    """``source`` parsed by PyYAML's parser, for its errors."""
    try:
        return yaml.load(source, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = " ".join(str(error.problem or error.context or "").split())
        detail = f": {problem}" if problem else ""
        raise InputError(f"{name}: front matter is not valid YAML{where}{detail}") from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise InputError(f"{name}: front matter is not valid YAML: {problem}") from None


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    if isinstance(value, datetime):
        return "a time"
    if isinstance(value, date):
        return "a date"
    return names.get(type(value), f"a {type(value).__name__}")


class _Fields:
    """Typed access to front matter values, with one-line errors naming the key."""

    def __init__(self, meta: Mapping[Any, Any], name: str, tz: tzinfo, strict: bool) -> None:
        self.meta = meta
        self.name = name
        self.tz = tz
        self.strict = strict

    def _fail(self, label: str, message: str) -> InputError:
        return InputError(f"{self.name}: front matter {label} {message}")

    def optional_str(
        self, key: str, meta: Mapping[Any, Any] | None = None, label: str = ""
    ) -> str | None:
        value = (self.meta if meta is None else meta).get(key)
        if value is None or isinstance(value, str):
            return value
        raise self._fail(label or repr(key), f"must be a string, not {_type_name(value)}")

    def str_list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self._fail(repr(key), f"must be a list of strings, not {_type_name(value)}")
        for item in value:
            if not isinstance(item, str):
                raise self._fail(repr(key), f"must hold only strings, not {_type_name(item)}")
        return tuple(value)

    def optional_time(
        self, key: str, meta: Mapping[Any, Any] | None = None, label: str = ""
    ) -> datetime | None:
        label = label or repr(key)
        value = (self.meta if meta is None else meta).get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return localize(value, self.tz)
        if not isinstance(value, str):
            raise self._fail(
                label, f"must be a time such as '{_EXAMPLE_TIME}', not {_type_name(value)}"
            )
        if self.strict:
            try:
                return localize(datetime.fromisoformat(value.strip()), self.tz)
            except ValueError:
                raise self._fail(
                    label, f"is not an ISO 8601 time: {value!r} (e.g. {_EXAMPLE_TIME})"
                ) from None
        try:
            return parse_time(value, self.tz)
        except InputError as error:
            raise self._fail(label, f"is not a time: {error}") from None

    def optional_moment(self, key: str) -> tuple[datetime | None, bool]:
        """A ``published``/``updated`` value and whether it is a date alone (``2024-06-19``,
        quoted or not), which is read as the start of that day in the reading zone."""
        value = self.meta.get(key)
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time(), self.tz), True
        if isinstance(value, str) and _DATE_ONLY.fullmatch(value.strip()):
            try:
                day = date.fromisoformat(value.strip())
            except ValueError:
                raise self._fail(repr(key), f"is not a date: {value!r}") from None
            return datetime.combine(day, time(), self.tz), True
        return self.optional_time(key), False

    def corrections(self) -> tuple[Correction, ...]:
        value = self.meta.get("corrections")
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self._fail("'corrections'", f"must be a list, not {_type_name(value)}")
        return tuple(self._correction(number, item) for number, item in enumerate(value, 1))

    def _correction(self, number: int, item: object) -> Correction:
        where = f"'corrections' entry {number}"
        if not isinstance(item, Mapping):
            raise self._fail(where, f"must be a mapping, not {_type_name(item)}")
        unknown = [str(key) for key in item if key not in CORRECTION_KEYS]
        if unknown:
            raise self._fail(
                where,
                f"has an unknown key {unknown[0]!r} (known keys: {', '.join(CORRECTION_KEYS)})",
            )
        labels = {key: f"{where} {key!r}" for key in CORRECTION_KEYS}
        entry_id = self.optional_str("id", item, labels["id"])
        kind = self.optional_str("kind", item, labels["kind"])
        at = self.optional_time("at", item, labels["at"])
        text = self.optional_str("text", item, labels["text"])
        fixed_in = self.optional_str("fixed_in", item, labels["fixed_in"])
        supersedes = self.optional_str("supersedes", item, labels["supersedes"])
        if entry_id is None or kind is None or at is None or text is None:
            missing = next(
                key
                for key, got in zip(CORRECTION_KEYS, (entry_id, kind, at, text), strict=False)
                if got is None
            )
            raise self._fail(where, f"has no {missing!r}")
        if kind not in LOG_KINDS:
            raise self._fail(
                where, f"has unknown kind {kind!r} (known kinds: {', '.join(LOG_KINDS)})"
            )
        return Correction(
            id=entry_id, kind=kind, at=at, text=text, fixed_in=fixed_in, supersedes=supersedes
        )
