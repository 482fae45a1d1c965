"""Control characters in text shown to people, and in JSON read by programs.

Article text comes from the web and from anyone who can commit to a store; it may hold
terminal control sequences (an OSC 52 write to the clipboard, OSC 8 links, DCS strings, C1
controls such as ``\\x9b``, which some terminals read as CSI). Every renderer that writes text
for a terminal or a file passes article and user text through ``visible`` where it enters the
output, so that only the renderer's own sequences (the terminal format's colours) reach a
terminal. JSON keeps the text exact, but as escapes: ``json_text``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_RAW_IN_JSON: Final = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` with control characters (except tab and newline) made harmless: C0 controls
    shown as their Unicode pictures (ESC as ␛, BEL as ␇), DEL and the C1 controls
    (U+0080–U+009F) as U+FFFD. The result holds no character a terminal acts on and none
    that XML or HTML forbid."""
    return _CONTROL.sub(
        lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "\ufffd", text
    )


def json_text(value: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """``value`` as JSON (UTF-8 text kept as it is), with DEL, the C1 controls and the line
    and paragraph separators written as ``\\uXXXX`` escapes as well as the C0 controls (which
    ``json.dumps`` always escapes): the text is exact, and nothing in it acts on a terminal."""
    text = json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
