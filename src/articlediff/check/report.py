"""A check run's result and its four output formats: text, json, github and junit.

Pure functions: a ``CheckReport`` in, text out. Output is deterministic (articles by id,
findings by revision and rule). Every format carries the reasons behind a finding about a
change: ``json`` all of them, the others the main one as a clause ending the finding's line
(``main_reason``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Final

from articlediff.check.model import DAMAGED_REVISION, Finding
from articlediff.common.controls import json_text, visible
from articlediff.common.formats import CHECK_FORMATS
from articlediff.common.timeutil import format_time
from articlediff.common.words import plural

SCHEMA: Final = "articlediff.check/1"
FORMATS: Final = CHECK_FORMATS


@dataclass(frozen=True)
class ArticleResult:
    """One article's findings and the revisions that were checked; ``accepted`` holds the
    findings ``accepted`` log entries answer (they do not fail the check)."""

    article_id: str
    path: str
    revisions: int
    findings: tuple[Finding, ...]
    accepted: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    """Every checked article (by id) and whether the run fails."""

    articles: tuple[ArticleResult, ...]
    strict: bool = False
    since: str | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for article in self.articles for f in article.findings)

    @property
    def accepted(self) -> int:
        """How many findings ``accepted`` log entries answer."""
        return sum(len(article.accepted) for article in self.articles)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def revisions(self) -> int:
        return sum(article.revisions for article in self.articles)

    @property
    def damaged(self) -> tuple[Finding, ...]:
        """The damaged revisions no later revision repaired: a store problem (exit 3)."""
        return tuple(
            f for f in self.findings if f.rule == DAMAGED_REVISION and f.severity == "error"
        )

    @property
    def failed(self) -> bool:
        """Errors fail a check; warnings too in strict mode."""
        return self.errors > 0 or (self.strict and self.warnings > 0)

    def failing(self, finding: Finding) -> bool:
        return finding.severity == "error" or self.strict

    def summary(self) -> str:
        """One line for people, e.g. ``2 errors, 1 warning in 1 of 3 articles (9 revisions
        checked); 1 accepted``."""
        scope = f" since {self.since}" if self.since else ""
        articles = plural(len(self.articles), "article")
        accepted = f"; {self.accepted} accepted" if self.accepted else ""
        if not self.findings:
            return (
                f"no findings in {articles} ({self.revisions} revisions checked{scope}){accepted}"
            )
        with_findings = sum(1 for article in self.articles if article.findings)
        return (
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')} in "
            f"{with_findings} of {articles} ({self.revisions} revisions checked{scope})"
            f"{accepted}"
        )


def render(report: CheckReport, fmt: str) -> str:
    """The report in ``fmt`` (one of ``FORMATS``); empty text for a clean text report."""
    renderers = {
        "text": render_text,
        "json": render_json,
        "github": render_github,
        "junit": render_junit,
    }
    return renderers[fmt](report)


# -- text ----------------------------------------------------------------------------------


def render_text(report: CheckReport) -> str:
    """Findings grouped by article: rule id, revision, time, message, changed words."""
    lines: list[str] = []
    for article in report.articles:
        if not article.findings:
            continue
        if lines:
            lines.append("")
        lines.append(f"{article.article_id}  ({article.path})")
        for f in article.findings:
            lines.append(
                f"  {f.revision:<4} {format_time(f.at)}  {f.severity:<7} {f.rule}: {f.message}"
                + main_reason(f)
            )
            lines.extend(f"       {quote}" for quote in f.quotes)
    return visible("\n".join(lines)) + "\n" if lines else ""


def main_reason(f: Finding) -> str:
    """The finding's main reason as a short clause to end its line (``; reason: number "23"
    → "24"``), or nothing when the finding is not about a change's verdict."""
    return f"; reason: {f.reasons[0].clause()}" if f.reasons else ""


# -- json ----------------------------------------------------------------------------------


def report_json(report: CheckReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "ok": not report.failed,
        "strict": report.strict,
        "since": report.since,
        "summary": {
            "articles": len(report.articles),
            "revisions": report.revisions,
            "errors": report.errors,
            "warnings": report.warnings,
            "accepted": report.accepted,
        },
        "articles": [
            {
                "id": article.article_id,
                "file": article.path,
                "revisions": article.revisions,
                "findings": [f.to_json() for f in article.findings],
                "accepted": [f.to_json() for f in article.accepted],
            }
            for article in report.articles
        ],
    }


def render_json(report: CheckReport) -> str:
    return json_text(report_json(report)) + "\n"


# -- github --------------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as ``escape_data``, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_message(f: Finding) -> str:
    text = f"{f.article_id} {f.revision} ({format_time(f.at)}): {f.message}" + main_reason(f)
    if f.quotes:
        text += "\n" + "\n".join(f.quotes)
    return text


def render_github(report: CheckReport) -> str:
    """GitHub Actions annotation lines, so that findings show on the pull request."""
    lines = []
    for f in report.findings:
        level = "error" if report.failing(f) else "warning"
        lines.append(
            f"::{level} file={escape_property(f.path)},"
            f"title={escape_property(f'articlediff {f.rule}')}::{escape_data(github_message(f))}"
        )
    return visible("".join(line + "\n" for line in lines))


# -- junit ---------------------------------------------------------------------------------


def _finding_line(f: Finding) -> str:
    line = f"{f.revision} {format_time(f.at)} {f.severity} {f.rule}: {f.message}" + main_reason(f)
    return "\n".join([line, *(f"    {quote}" for quote in f.quotes)])


def render_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per article; failing findings make it fail."""
    failures = sum(
        1 for article in report.articles if any(report.failing(f) for f in article.findings)
    )
    counts = {"tests": str(len(report.articles)), "failures": str(failures), "errors": "0"}
    suites = ET.Element("testsuites", {"name": "articlediff check", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "articlediff check", **counts})
    for article in report.articles:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": "articlediff.check", "name": article.article_id, "file": article.path},
        )
        failing = [f for f in article.findings if report.failing(f)]
        if failing:
            rules = sorted({f.rule for f in failing})
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": f"{plural(len(failing), 'finding')}: {', '.join(rules)}",
                    "type": rules[0] if len(rules) == 1 else "articlediff.check",
                },
            )
            failure.text = "\n".join(_finding_line(f) for f in failing)
        others = [f for f in article.findings if not report.failing(f)]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_finding_line(f) for f in others)
    ET.indent(suites)
    body = visible(ET.tostring(suites, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
