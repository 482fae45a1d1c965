"""notes through the real CLI on a real store: formats, log-based and generated notes, errors."""

from __future__ import annotations

import json

import html5lib
import pytest

from tests.cli.test_commands import SAMPLE_ID, save_sample
from tests.conftest import Cli, repo_state

CORRECTION = (
    "Correction: an earlier version of this article misstated how long it had been since "
    "Putin's last visit. It was 24 years, not 23."
)


@pytest.fixture
def sampled(run: Cli) -> Cli:
    save_sample(run)  # r1 at 07:38 +01:00 ("first cut"), r2 at 08:14 +01:00
    return run


def test_generated_note_in_markdown(sampled: Cli) -> None:
    result = sampled("notes", SAMPLE_ID)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0].startswith("# Updates: Vladimir Putin embraces")
    assert (
        '- **Updated 19 June 2024, 08:14 BST** (r2): changed "23" to "24"; headline changed; '
        "added 2 paragraphs; reworded 1 sentence; moved 1 paragraph. "
        "_(automatic summary of the changes)_"
    ) in result.stdout


def test_log_entry_leads_the_note_of_the_revision_it_explains_once(sampled: Cli) -> None:
    corrected = sampled(
        "correct", SAMPLE_ID, "--kind", "correction", "--fixes", "r2",
        "--at", "19/06/2024 09:05", "--text", CORRECTION,
    )  # fmt: skip
    assert corrected.exit_code == 0, corrected.stderr
    record = json.loads(sampled("notes", SAMPLE_ID, "--format", "json").stdout)
    r2, r3 = record["notes"]
    assert (r2["revision"], r2["source"]) == ("r2", "log")
    assert r2["text"].startswith(f'{CORRECTION} Changes: changed "23" to "24"; headline changed')
    assert [e["text"] for e in r2["entries"]] == [CORRECTION]
    assert (r3["revision"], r3["source"], r3["entries"]) == ("r3", "generated", [])
    assert r3["text"] == (
        "No change to the wording; added a note to the revision of 19 June 2024, 08:14 BST."
    )
    markdown = sampled("notes", SAMPLE_ID).stdout
    assert markdown.count(CORRECTION) == 1
    assert record["notes"][1]["label"] == "Corrected 19 June 2024, 09:05 BST"
    jsonld = json.loads(sampled("notes", SAMPLE_ID, "--format", "jsonld").stdout)
    assert jsonld["version"] == 3
    assert jsonld["dateModified"] == "2024-06-19T09:05:00+01:00"
    assert jsonld["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": CORRECTION,
            "datePublished": "2024-06-19T09:05:00+01:00",
        }
    ]


def test_html_fragment(sampled: Cli) -> None:
    result = sampled("notes", SAMPLE_ID, "--format", "html")
    assert result.exit_code == 0
    fragment = html5lib.parseFragment(result.stdout, namespaceHTMLElements=False)
    section = fragment.find("section")
    assert section.get("aria-labelledby") == "articlediff-notes-heading"
    assert section.find(".//time").get("datetime") == "2024-06-19T08:14:00+01:00"
    script = fragment.find("script")
    assert json.loads(script.text)["@type"] == "NewsArticle"


def test_errors(sampled: Cli, tmp_path: object) -> None:
    before = repo_state(sampled.store_path)
    unknown = sampled("notes", "gbnews/nope")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "Error: unknown article 'gbnews/nope': see 'articlediff list'"
    bad_format = sampled("notes", SAMPLE_ID, "--format", "rss")
    assert bad_format.exit_code == 2 and len(bad_format.stderr.strip().splitlines()) == 1
    invalid = sampled("notes", "../etc")
    assert invalid.exit_code == 2 and "invalid article id" in invalid.stderr
    assert repo_state(sampled.store_path) == before


def test_not_a_store(tmp_path: object) -> None:
    from pathlib import Path

    result = Cli(Path(str(tmp_path)) / "nowhere")("notes", SAMPLE_ID)
    assert result.exit_code == 3
    assert "not an articlediff store" in result.stderr
