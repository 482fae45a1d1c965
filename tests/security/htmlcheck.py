"""Assertions over parsed HTML: nothing in it can run."""

from __future__ import annotations

import re
from typing import Any

import html5lib

_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster")


def active_content(text: str) -> list[str]:
    """What in the HTML ``text`` could run: script elements (other than JSON-LD data),
    ``on*`` attributes, script URLs, ``<meta http-equiv=refresh>``, CSS ``expression(``,
    and embedding elements. Empty when the page is inert."""
    tree: Any = html5lib.parse(text, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rpartition("}")[2].lower()
        if name == "script" and element.get("type") != "application/ld+json":
            found.append(f"<script> {(element.text or '')[:60]!r}")
        if name in ("iframe", "object", "embed", "base", "frame", "frameset"):
            found.append(f"<{name}>")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        for attribute, value in element.attrib.items():
            key = str(attribute).rpartition("}")[2].lower()
            if key.startswith("on"):
                found.append(f"<{name} {key}=...>")
            if key in _URL_ATTRIBUTES and _SCRIPT_URL.match(value or ""):
                found.append(f"<{name} {key}={value[:40]!r}>")
            if key == "style" and "expression(" in (value or "").lower():
                found.append(f"<{name} style=expression(...)>")
        if name == "style" and "javascript:" in (element.text or "").lower():
            found.append("<style> with a script URL")
    return found
