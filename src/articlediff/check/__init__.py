"""Correction-log rules over an article's history (pure: no I/O, no git).

``check_history(revisions, settings)`` returns the findings of one article (with
``keep_accepted=True``, those an acceptance answers too, each with its entry);
``render(report, fmt)`` prints a ``CheckReport`` as text, JSON, GitHub annotations or JUnit
XML. ``articlediff.app.review.check_store`` runs the rules over a store; ``pairs`` gives one
record per consecutive pair (``articlediff batch``'s rows).

Layer: above ``analysis``. It may import ``analysis``, ``diff``, ``model``, ``errors`` and
``common``; never the store.
"""

from __future__ import annotations

from articlediff.check.model import (
    DAMAGED_REVISION,
    RULE_IDS,
    RULES,
    SETTINGS,
    CheckSettings,
    Finding,
    Rule,
    SettingsChange,
    settings_from_table,
)
from articlediff.check.report import (
    FORMATS,
    SCHEMA,
    ArticleResult,
    CheckReport,
    escape_data,
    escape_property,
    render,
    render_github,
    render_json,
    render_junit,
    render_text,
    report_json,
)
from articlediff.check.rules import check_history
from articlediff.check.summary import PairSummary, changed_words, summarize_pair

__all__ = [
    "DAMAGED_REVISION",
    "FORMATS",
    "RULES",
    "RULE_IDS",
    "SCHEMA",
    "SETTINGS",
    "ArticleResult",
    "CheckReport",
    "CheckSettings",
    "Finding",
    "PairSummary",
    "Rule",
    "SettingsChange",
    "changed_words",
    "check_history",
    "escape_data",
    "escape_property",
    "render",
    "render_github",
    "render_json",
    "render_junit",
    "render_text",
    "report_json",
    "settings_from_table",
    "summarize_pair",
]
