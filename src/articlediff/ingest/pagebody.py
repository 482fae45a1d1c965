"""The article's text in an HTML page, after trafilatura has found the main content.

- ``prepare_tree`` mends the page before extraction: a drop capital set apart in its own
  element (``<span class="dropcap">T</span>urkey``) is joined back to its word, so neither
  the extractor nor the paragraph split loses or separates it.
- ``body_paragraphs`` turns trafilatura's main text into paragraphs, leaving out page
  furniture (``common.furniture``: credits, promotions, newsletter boxes, "Read more" and
  related links, share prompts, copyright and reprint lines), and joining a lone capital
  letter to the paragraph it begins.
- ``figure_captions`` reads the captions of figures inside the article only: those in the
  ``<article>`` holding the headline (or the page's main content), never those in asides,
  related-story boxes, sidebars or footers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from articlediff.common.furniture import is_furniture
from articlediff.ingest.pagemeta import clean, in_ignored_scope

__all__ = ["body_paragraphs", "figure_captions", "prepare_tree"]

_BODY_TAGS: Final = frozenset({"p", "head", "item", "quote", "code"})
_DROP_CAP_CLASS: Final = re.compile(
    r"drop-?cap|dropcap|first-?letter|initial(?:-?letter|-?cap)?\b|big-?cap", re.IGNORECASE
)
_DROP_CAP_TEXT: Final = re.compile(r"[\"“‘'«(]?\w[\"”’']?")
_LONE_CAPITAL: Final = re.compile(r"[A-ZÀ-ÖØ-Þ]")


def prepare_tree(tree: Any) -> None:
    """Join drop capitals back to their words, in place (see the module docstring)."""
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        if not _DROP_CAP_CLASS.search(element.get("class") or ""):
            continue
        text = element.text_content().strip()
        if not _DROP_CAP_TEXT.fullmatch(text) or len(element):
            continue
        _unwrap(element, text)


def _unwrap(element: Any, text: str) -> None:
    """Replace ``element`` by its text, glued to the text that follows it."""
    joined = text + (element.tail or "").lstrip() if element.tail else text
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def body_paragraphs(body: Any) -> list[str]:
    """The paragraphs of trafilatura's main text, without furniture (module docstring)."""
    paragraphs: list[str] = []
    pending_capital = ""
    for text in _paragraph_texts(body):
        if _LONE_CAPITAL.fullmatch(text):
            pending_capital = text
            continue
        if pending_capital:
            text = pending_capital + text if text[:1].islower() else text
            pending_capital = ""
        if is_furniture(text):
            continue
        paragraphs.append(text)
    return paragraphs


def _paragraph_texts(body: Any) -> Iterator[str]:
    if body is None:
        return
    for element in body.iter():
        if element.tag not in _BODY_TAGS:
            continue
        if any(parent.tag in _BODY_TAGS for parent in element.iterancestors()):
            continue  # its text is already part of the enclosing paragraph
        text = clean("".join(element.itertext()))
        if text:
            yield text


def figure_captions(tree: Any, heading: Any = None) -> tuple[str, ...]:
    """Captions of the figures inside the article (module docstring)."""
    scope = _article_scope(tree, heading)
    captions: list[str] = []
    for element in scope.iter("figcaption"):
        if in_ignored_scope(element, stop=scope):
            continue
        text = clean(element.text_content())
        if text and text not in captions:
            captions.append(text)
    return tuple(captions)


def _article_scope(tree: Any, heading: Any) -> Any:
    if heading is not None:
        for parent in heading.iterancestors():
            if parent.tag in ("article", "main"):
                return parent
    found = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    return found[0]
