"""The reasons behind the issue-14 verdicts reach the user: ``diff --format json`` lists a
restatement as a minor ``restated`` reason and a fact turned into an attributed claim as a
substantive ``allegation``; ``check`` passes the first and fails the second (exit 1, one
finding naming the change) without touching the store. A real store filled by ``save``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, git, repo_state

HEAD = """---
id: local/bridge
headline: Police shoot gunmen on bridge
published: '2005-09-04T10:00:00+00:00'
---

"""
# wikinews-20897@0 and @1 (Wikinews, CC BY 2.5), and wikinews-25354@0 → @1
FACT = (
    "New Orleans police shot eight armed gunmen from the Danziger Bridge, after contractors "
    "crossing the bridge came under fire."
)
CLAIM = FACT.replace("Bridge, after", "Bridge, according to a police statement, after")
MOVED_OLD = (
    "Yesterday Blunkett declared that he would not resign in an interview with the Sheffield "
    "Star, insisting that he had done nothing wrong."
)
MOVED_NEW = (
    "In an interview with the Sheffield Star yesterday, Blunkett declared that he would not "
    "resign, insisting that he had done nothing wrong."
)


def save(run: Cli, tmp_path: Path, number: int, *paragraphs: str) -> None:
    source = tmp_path / f"r{number}.md"
    updated = "" if number == 1 else f"updated: '2005-09-04T1{number}:00:00+00:00'\n"
    source.write_text(HEAD.replace("---\n\n", updated + "---\n\n") + "\n\n".join(paragraphs))
    saved = run("save", str(source))
    assert saved.exit_code == 0, saved.stderr


def reasons(run: Cli, *args: str) -> list[tuple[str, str]]:
    record = json.loads(run("diff", "local/bridge", *args, "--format", "json").stdout)
    return [(r["signal"], r["level"]) for c in record["changes"] for r in c["reasons"]]


def test_a_restatement_is_minor_and_passes_the_check(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, 1, FACT, MOVED_OLD)
    save(run, tmp_path, 2, FACT, MOVED_NEW)
    assert ("restated", "minor") in reasons(run)
    checked = run("check", "local/bridge")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_claim_made_of_a_fact_fails_the_check_and_changes_nothing(
    run: Cli, tmp_path: Path
) -> None:
    save(run, tmp_path, 1, FACT, MOVED_OLD)
    save(run, tmp_path, 2, CLAIM, MOVED_OLD)
    assert ("allegation", "substantive") in reasons(run)
    root = run.store_path
    before = repo_state(root), git(root, "status", "--porcelain")
    checked = run("check", "local/bridge")
    assert checked.exit_code == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert "according to a police statement" in checked.stdout
    assert (repo_state(root), git(root, "status", "--porcelain")) == before
