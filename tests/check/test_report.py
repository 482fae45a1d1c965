"""The four output formats of a check report, from in-memory findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime

from articlediff.check import (
    ArticleResult,
    CheckReport,
    Finding,
    escape_data,
    escape_property,
    render,
)
from articlediff.common.timeutil import zone

AT = datetime(2024, 6, 19, 8, 0, tzinfo=zone("Europe/London"))


def finding(rule: str, severity: str = "error") -> Finding:
    return Finding(
        rule=rule,
        severity=severity,  # type: ignore[arg-type]
        article_id="local/quake",
        revision="r2",
        commit="a" * 40,
        at=AT,
        path="versions/local/quake.md",
        message="100% wrong:\nsecond line, really",
        quotes=('"23" → "24"',),
    )


def report(*findings: Finding, strict: bool = False) -> CheckReport:
    return CheckReport(
        (
            ArticleResult("local/calm", "versions/local/calm.md", 2, ()),
            ArticleResult("local/quake", "versions/local/quake.md", 3, findings),
        ),
        strict=strict,
    )


def test_escaping() -> None:
    assert escape_data("100%\r\nx: y, z") == "100%25%0D%0Ax: y, z"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_clean_report() -> None:
    clean = report()
    assert not clean.failed and render(clean, "text") == "" and render(clean, "github") == ""
    assert clean.summary() == "no findings in 2 articles (5 revisions checked)"


def test_warnings_fail_only_when_strict() -> None:
    assert not report(finding("late-note", "warning")).failed
    assert report(finding("late-note", "warning"), strict=True).failed
    line = render(report(finding("late-note", "warning"), strict=True), "github")
    assert line.startswith("::error ")


def test_github_line() -> None:
    text = render(report(finding("unexplained-change")), "github")
    assert text == (
        "::error file=versions/local/quake.md,title=articlediff unexplained-change::"
        "local/quake r2 (2024-06-19T08:00:00+01:00): 100%25 wrong:%0Asecond line, really"
        '%0A"23" → "24"\n'
    )


def test_json_and_junit() -> None:
    both = report(finding("unexplained-change"), finding("late-note", "warning"))
    data = json.loads(render(both, "json"))
    assert data["summary"] == {
        "articles": 2, "revisions": 5, "errors": 1, "warnings": 1, "accepted": 0
    }  # fmt: skip
    root = ET.fromstring(render(both, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert [case.get("name") for case in cases] == ["local/calm", "local/quake"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "unexplained-change"
    system_out = cases[1].find("system-out")
    assert system_out is not None and "late-note" in (system_out.text or "")


def test_every_format_carries_the_main_reason() -> None:
    """A finding about a change ends its line with its main reason (signal and words) in
    every format; json keeps every reason; a finding with no reasons has no clause."""
    from dataclasses import replace

    from articlediff.check import FORMATS
    from articlediff.diff.model import ChangeReason, Reason

    reasons = (
        ChangeReason("body", "edit", Reason("number", "50%", "60%", "substantive")),
        ChangeReason("body", "edit", Reason("name", "Smith", "Smyth", "substantive")),
    )
    error = replace(finding("unexplained-change"), message="m", reasons=reasons)
    warning = replace(finding("late-note", "warning"), message="w", reasons=reasons[1:])
    plain = replace(finding("published-changed"), message="p", quotes=())
    both = report(error, warning, plain)
    assert FORMATS == ("text", "json", "github", "junit")
    text = render(both, "text")
    assert 'error   unexplained-change: m; reason: number "50%" → "60%"\n' in text
    assert 'warning late-note: w; reason: name "Smith" → "Smyth"\n' in text
    assert "published-changed: p\n" in text
    github = render(both, "github").splitlines()
    assert github[0].endswith('::local/quake r2 (2024-06-19T08:00:00+01:00): m; reason: number '
                              '"50%25" → "60%25"%0A"23" → "24"')  # fmt: skip
    assert github[1].startswith("::warning ")
    assert github[1].endswith(': w; reason: name "Smith" → "Smyth"%0A"23" → "24"')
    assert github[2].endswith("): p")
    root = ET.fromstring(render(both, "junit"))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert failure.text.splitlines() == [
        'r2 2024-06-19T08:00:00+01:00 error unexplained-change: m; reason: number "50%" → "60%"',
        '    "23" → "24"',
        "r2 2024-06-19T08:00:00+01:00 error published-changed: p",
    ]
    out = root.find("./testsuite/testcase/system-out")
    assert out is not None and 'late-note: w; reason: name "Smith" → "Smyth"' in (out.text or "")
    data = json.loads(render(both, "json"))
    found = data["articles"][1]["findings"]
    assert [len(f["reasons"]) for f in found] == [2, 1, 0]
    assert found[0]["reasons"][0] == {
        "field": "body", "kind": "edit", "signal": "number", "old": "50%", "new": "60%",
        "level": "substantive",
    }  # fmt: skip
