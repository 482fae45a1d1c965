"""Rules, their settings and findings: frozen values shared by the rules and the reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

from articlediff.common.timeutil import format_time
from articlediff.diff.model import ChangeReason
from articlediff.errors import StoreError
from articlediff.model import Correction

Severity = Literal["error", "warning"]
Setting = Literal["error", "warning", "off"]
SETTINGS: Final[tuple[Setting, ...]] = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    """A check rule: a stable id (used in settings, output and CI annotations)."""

    id: str
    default: Setting
    summary: str
    strict_only: bool = False


RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "unexplained-change",
        "error",
        "a substantive change has no log entry or in-body note in its revision or the next",
    ),
    Rule(
        "late-note",
        "warning",
        "a substantive change is explained only by a note in a later revision",
    ),
    Rule(
        "unexplained-update",
        "error",
        "an update-level change has no note (checked only with --strict or strict = true)",
        strict_only=True,
    ),
    Rule("correction-rewritten", "error", "a log entry differs from its earlier form"),
    Rule(
        "correction-deleted",
        "error",
        "a log entry present earlier is missing later, or an in-body note was taken out",
    ),
    Rule(
        "correction-altered",
        "error",
        "an in-body note's words changed beyond typography after it was printed",
    ),
    Rule(
        "correction-wording",
        "error",
        "a correction does not start with a label or does not say what was wrong",
    ),
    Rule("correction-reference", "error", "a log entry's fixed_in names no revision"),
    Rule("published-changed", "error", "the published time changes after r1"),
    Rule("updated-before-published", "error", "the updated time is before the published time"),
    Rule(
        "updated-backwards",
        "error",
        "the updated time is earlier than an earlier revision's updated time or revision time",
    ),
    Rule("stealth-edit", "error", "a substantive change leaves the updated time unchanged"),
    Rule("technical-change", "error", "a technical revision changes words of the body"),
    Rule(
        "rule-switched-off",
        "error",
        "a commit switches a rule off in articlediff.toml and makes a change that rule reports",
    ),
)
RULE_IDS: Final = tuple(rule.id for rule in RULES)
ACCEPTABLE_RULES: Final = (
    "unexplained-change",
    "late-note",
    "unexplained-update",
    "stealth-edit",
)
"""The rules about a change's verdict, whose findings an ``accepted`` log entry (``articlediff
accept``) answers: the editor says the change needs no note."""
DAMAGED_REVISION: Final = "damaged-revision"
"""Not a rule but a store problem reported as a finding: a revision whose file cannot be
read. An error (``check`` exits 3) while the article's latest revision is damaged, a warning
once a later revision repaired it; it cannot be switched off."""


@dataclass(frozen=True)
class CheckSettings:
    """How the rules run: each rule's setting, and strict mode.

    Strict mode turns on the ``strict_only`` rules and makes warnings fail the check.
    """

    rules: Mapping[str, Setting] = field(default_factory=dict)
    strict: bool = False

    def setting(self, rule_id: str) -> Setting:
        rule = next(rule for rule in RULES if rule.id == rule_id)
        if rule.strict_only and not self.strict:
            return "off"
        return self.rules.get(rule_id, rule.default)

    def with_strict(self, strict: bool) -> CheckSettings:
        return CheckSettings(self.rules, self.strict or strict)


@dataclass(frozen=True)
class SettingsChange:
    """A commit that changed the ``[check]`` settings: those in force before it (at its
    parent) and from it on."""

    before: CheckSettings
    after: CheckSettings

    def switched_off(self, strict: bool = False) -> list[str]:
        """The rules on before the commit and off after it (``strict`` as ``--strict``)."""
        before, after = self.before.with_strict(strict), self.after.with_strict(strict)
        return [
            rule
            for rule in RULE_IDS
            if before.setting(rule) != "off" and after.setting(rule) == "off"
        ]


def settings_from_table(
    table: Mapping[str, Any], source: str = "articlediff.toml"
) -> CheckSettings:
    """Read the ``[check]`` table: ``strict = true|false`` and ``[check.rules]``, a mapping of
    rule ids to ``"error" | "warning" | "off"``. Anything else is a ``StoreError``."""
    known = {"strict", "rules"}
    for key in table:
        if key not in known:
            raise StoreError(f"{source}: unknown setting [check] {key} (known: rules, strict)")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise StoreError(f"{source}: [check] strict must be true or false")
    raw_rules = table.get("rules", {})
    if not isinstance(raw_rules, Mapping):
        raise StoreError(f"{source}: [check.rules] must be a table of rule ids")
    rules: dict[str, Setting] = {}
    for rule_id, value in raw_rules.items():
        if rule_id not in RULE_IDS:
            raise StoreError(
                f"{source}: unknown rule {rule_id!r} in [check.rules] "
                f"(known rules: {', '.join(RULE_IDS)})"
            )
        if value not in SETTINGS:
            raise StoreError(
                f'{source}: [check.rules] {rule_id} must be "error", "warning" or "off", '
                f"not {value!r}"
            )
        rules[rule_id] = value
    return CheckSettings(rules, strict)


@dataclass(frozen=True)
class Finding:
    """One problem in one revision of one article.

    ``reasons`` are the reasons of the change behind it (the signals and their words, for
    the rules about a change's verdict); ``accepted`` the ``accepted`` log entry that
    answers it, if one does (it then no longer fails the check).
    """

    rule: str
    severity: Severity
    article_id: str
    revision: str
    commit: str
    at: datetime
    path: str
    message: str
    quotes: tuple[str, ...] = ()
    entry: str | None = None
    reasons: tuple[ChangeReason, ...] = ()
    accepted: Correction | None = None

    def to_json(self) -> dict[str, Any]:
        accepted = self.accepted
        return {
            "rule": self.rule,
            "severity": self.severity,
            "id": self.article_id,
            "revision": self.revision,
            "commit": self.commit,
            "at": format_time(self.at),
            "file": self.path,
            "message": self.message,
            "changed": list(self.quotes),
            "entry": self.entry,
            "reasons": [reason.to_json() for reason in self.reasons],
            **(
                {
                    "accepted": {
                        "entry": accepted.id,
                        "at": format_time(accepted.at),
                        "reason": accepted.text,
                    }
                }
                if accepted is not None
                else {}
            ),
        }
