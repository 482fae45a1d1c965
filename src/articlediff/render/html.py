"""``--format html``: one standalone, accessible HTML5 page rendered from a Jinja2 template.

Autoescape is on, so all article text is inert. Deletions and insertions are ``<del>`` and
``<ins>``, struck through and underlined as well as coloured, each with a visually hidden
"deleted:"/"inserted:" label for screen readers. Moved paragraphs link to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import markupsafe

from articlediff.common.controls import visible
from articlediff.common.timeutil import format_moment
from articlediff.common.words import plural
from articlediff.diff import ArticleDiff
from articlediff.model import Revision
from articlediff.render.view import (
    Part,
    body_blocks,
    changed_fields,
    field_label,
    gap_text,
    paragraphs_summary,
    plain_ops,
    revision_time,
    words_summary,
)

TEMPLATE = "diff.html.j2"


def _finalize(value: object) -> object:
    """Every ``{{ value }}``: plain strings (article text) get control characters made
    visible before autoescaping; markup built by the template passes as it is."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return visible(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The templates' environment; ``{{ count | plural("article") }}`` says "1 article"."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("articlediff", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["plural"] = plural
    return env


@dataclass(frozen=True)
class _RevisionView:
    label: str
    time: str
    iso: str
    kind: str
    note: str
    article: Any


def _revision(revision: Revision) -> _RevisionView:
    return _RevisionView(
        revision.label,
        revision_time(revision),
        format_moment(revision.at, revision.at_date_only),
        revision.kind,
        revision.note,
        revision.article,
    )


def template_blocks(diff: ArticleDiff, context: int | None) -> list[dict[str, Any]]:
    """The body's blocks as the diff templates (here, the site's and the feed's) show them."""
    return [
        {
            "kind": block.kind,
            "ops": block.ops,
            "old_number": block.old_number,
            "new_number": block.new_number,
            "move": block.move,
            "gap": gap_text(block),
        }
        for block in body_blocks(diff, context)
    ]


def template_fields(diff: ArticleDiff) -> list[dict[str, Any]]:
    """The changed fields, labelled, as the diff templates show them."""
    return [{"label": field_label(f.name), "ops": plain_ops(f.ops)} for f in changed_fields(diff)]


def render_html(
    diff: ArticleDiff,
    old: Revision,
    new: Revision,
    *,
    context: int | None = None,
    side_by_side: bool = False,
    part: Part = "all",
) -> str:
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            article_id=old.article_id,
            old=_revision(old),
            new=_revision(new),
            words=words_summary(diff),
            paragraphs=paragraphs_summary(diff),
            verdict=diff.verdict,
            fields=template_fields(diff),
            blocks=template_blocks(diff, context),
            side_by_side=side_by_side,
            show_fields=part in ("all", "fields"),
            show_body=part in ("all", "body"),
        )
    )
