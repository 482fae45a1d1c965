"""No command lets article or user text send control sequences to a terminal.

A store holds a hostile revision: an OSC 52 clipboard write, an OSC 8 link, a DCS string, a
C1 CSI (U+009B), BEL and a bare CSI, in the headline, the body, a caption, the note and a
correction entry. Every command that prints text runs on it; nothing it prints holds ESC,
BEL or a C1 control (raw or UTF-8 encoded), except the terminal format's own colour codes
when colour is asked for.

Output is UTF-8, so the bytes 0x90, 0x9b and 0x9c do occur inside the encodings of ordinary
characters (the picture ␛ that stands for ESC is E2 90 9B); what must never occur is such a
byte on its own, or a C1 character: the output is decoded strictly and searched for them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli, git

ARTICLE = "local/hostile"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
DCS = "\x1bP1;2q\x1b\\"
C1_CSI = "\x9b31m"
C1_OSC = "\x9d0;title\x9c"
BARE = "\x1b[2J\x07\x90"
HOSTILE = OSC52 + OSC8 + DCS + C1_CSI + C1_OSC + BARE
ESCAPED = HOSTILE.encode("unicode_escape").decode().replace('"', '\\"')  # for YAML "..."

FIRST = f"""---
id: {ARTICLE}
headline: "Harbour bridge to close"
published: 2024-06-19T07:00:00+01:00
updated: 2024-06-19T07:00:00+01:00
corrections: []
---

The bridge will close for repairs on Monday.

Traffic will be diverted through the town centre.
"""

SECOND = f"""---
id: {ARTICLE}
headline: "Harbour bridge to close {ESCAPED}"
published: 2024-06-19T07:00:00+01:00
updated: 2024-06-19T08:00:00+01:00
captions:
- "{ESCAPED} the bridge"
corrections: []
---

The bridge will close for repairs on Tuesday {HOSTILE} after all.

Traffic will be diverted {HOSTILE} through the town centre.
"""

SGR = re.compile(rb"\x1b\[[0-9;]*m")


@pytest.fixture
def hostile_store(run: Cli, store_path: Path, tmp_path: Path) -> Path:
    first, second = tmp_path / "r1.md", tmp_path / "r2.md"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    assert run("save", str(first)).exit_code == 0
    saved = run("save", str(second), "--note", f"fixed {HOSTILE}")
    assert saved.exit_code == 0, saved.stderr
    corrected = run(
        "correct",
        ARTICLE,
        "--kind",
        "correction",
        "--text",
        f"Correction: an earlier version misstated the day as Monday {HOSTILE}",
    )
    assert corrected.exit_code == 0, corrected.stderr
    stored = git(store_path, "show", f"HEAD~1:versions/{ARTICLE}.md")
    assert OSC52 in stored and C1_CSI in stored and DCS in stored  # the store holds them raw
    return store_path


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["log", ARTICLE],
    ["log", ARTICLE, "--json"],
    ["show", ARTICLE],
    ["show", ARTICLE, "--at", "r2"],
    ["show", ARTICLE, "--json"],
    *[["diff", ARTICLE, "--format", fmt] for fmt in ("plain", "markdown", "html", "json")],
    ["diff", ARTICLE, "--format", "terminal", "--no-color"],
    ["diff", ARTICLE, "--format", "terminal", "--color"],
    ["diff", ARTICLE, "--stat"],
    ["diff", ARTICLE, "--fields-only"],
    ["blame", ARTICLE],
    ["blame", ARTICLE, "--json"],
    *[["audit", "--format", fmt] for fmt in ("text", "json", "csv")],
    *[["check", "--format", fmt] for fmt in ("text", "json", "github", "junit")],
    *[["notes", ARTICLE, "--format", fmt] for fmt in ("markdown", "html", "json", "jsonld")],
    ["feed"],
    ["verify"],
    ["verify", "--json"],
    ["show", ARTICLE, "--at", f"r9{HOSTILE}"],
    ["log", f"local/{HOSTILE}"],
]


def assert_harmless(output: bytes, *, colour: bool) -> None:
    if colour:
        output = SGR.sub(b"", output)
    assert b"\x1b" not in output
    assert b"\x07" not in output
    for byte in range(0x80, 0xA0):
        assert bytes([0xC2, byte]) not in output, f"C1 U+{byte:04X} encoded as UTF-8"
    text = output.decode("utf-8")  # strict: a lone 0x90, 0x9b or 0x9c byte fails here
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text.replace("\r\n", "\n"))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:40])
def test_no_command_prints_control_sequences(
    hostile_store: Path, run: Cli, args: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert_harmless(result.stdout_bytes, colour="--color" in args)
    assert_harmless(result.stderr_bytes, colour=False)
    if "--color" in args:
        assert SGR.search(result.stdout_bytes), "the colour codes of our own survive"


def test_json_keeps_the_text_exact_as_escapes(hostile_store: Path, run: Cli) -> None:
    import json

    shown = run("show", ARTICLE, "--at", "r2", "--json")
    assert "\\u009b31m" in shown.stdout and "\\u001b]52;" in shown.stdout
    record = json.loads(shown.stdout)
    assert HOSTILE in record["body"]
    assert HOSTILE in record["headline"]
    assert HOSTILE in record["captions"][0]
    latest = json.loads(run("show", ARTICLE, "--json").stdout)
    assert HOSTILE in latest["corrections"][0]["text"]
