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
