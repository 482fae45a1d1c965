"""articlediff check on real stores: each rule, each output format, each exit code."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from articlediff.app import review
from articlediff.cli import cli
from articlediff.store import Store
from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.conftest import Cli, git, repo_state

FILE = "versions/local/quake.md"
GITHUB_LINE = re.compile(
    r"^::(error|warning) file=(?P<file>[^,:%\n]+),"
    r"title=articlediff (?P<rule>[a-z-]+)::(?P<msg>[^\r\n]*)$"
)


def save(run: Cli, folder: Path, name: str, text: str, *args: str) -> None:
    result = run("save", write(folder, name, text), *args)
    assert result.exit_code == 0, result.stderr


def changed_toll(run: Cli, folder: Path) -> None:
    """r1 says 23 dead; r2 says 24, with a new updated time and no note."""
    save(run, folder, "r1.md", article_text(toll=23))
    save(run, folder, "r2.md", article_text(toll=24, updated="2024-06-19T08:00:00+01:00"))


def check(run: Cli, *args: str) -> tuple[int, str, str]:
    result = run("check", *args)
    return result.exit_code, result.stdout, result.stderr


def one_error(run: Cli, *, revisions: int) -> tuple[str, str]:
    """The one failing finding of a one-article store, as its line and its evidence line."""
    code, out, err = check(run)
    assert code == 1
    assert err == f"1 error, 0 warnings in 1 of 1 article ({revisions} revisions checked)\n"
    finding, evidence = out.splitlines()[1:]
    return finding, evidence


def test_number_changed_with_no_note(run: Cli, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    code, out, err = check(run)
    assert code == 1
    assert out.splitlines() == [
        f"{ARTICLE_ID}  ({FILE})",
        "  r2   2024-06-19T08:00:00+01:00  error   unexplained-change: substantive change with "
        "no correction-log entry or in-body note in r2 or the next revision; "
        'reason: number "23" → "24"',
        '       "23" → "24"',
    ]
    assert err == "1 error, 0 warnings in 1 of 1 article (2 revisions checked)\n"


def test_same_change_with_a_note_is_clean(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text(toll=23))
    fixed = write(tmp_path, "r2.md", article_text(toll=24, updated="2024-06-19T08:00:00+01:00"))
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE,
        "--from-file", fixed, "--at", "2024-06-19T08:00:00+01:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    code, out, err = check(run)
    assert (code, out) == (0, "")
    assert err == "no findings in 1 article (2 revisions checked)\n"


def test_note_one_revision_late_is_a_warning(run: Cli, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE,
        "--at", "2024-06-19T08:30:00+01:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    code, out, err = check(run)
    assert code == 0
    assert (
        "warning late-note: substantive change in r2 is explained only later, by the log "
        "entry c1 in r3" in out
    )
    assert err.startswith("0 errors, 1 warning")
    assert check(run, "--strict")[0] == 1


def hand_edit(store_path: Path, old: str, new: str) -> None:
    """Change the article's file the way a person would, and commit it with git."""
    path = store_path / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "tidy the correction")


def corrected(run: Cli, folder: Path) -> None:
    changed_toll(run, folder)
    fixed = write(folder, "r3.md", article_text(toll=24, updated="2024-06-19T08:00:00+01:00"))
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", GOOD_NOTE,
        "--fixes", "r2", "--from-file", fixed, "--at", "2024-06-19T08:00:00+01:00",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_correction_reworded_later(run: Cli, store_path: Path, tmp_path: Path) -> None:
    corrected(run, tmp_path)
    hand_edit(store_path, "misstated the number", "gave the number")
    code, out, _ = check(run)
    assert code == 1
    assert (
        "error   correction-rewritten: log entry c1 (in the log since r3) was changed: "
        "text reworded" in out
    )
    assert "r4" in out and "→" in out


def test_deleted_correction(run: Cli, store_path: Path, tmp_path: Path) -> None:
    corrected(run, tmp_path)
    text = (store_path / FILE).read_text(encoding="utf-8")
    log = text[text.index("corrections:") : text.index("---\n", 4)]
    hand_edit(store_path, log, "corrections: []\n")
    code, out, _ = check(run, "--format", "json")
    assert code == 1
    findings = json.loads(out)["articles"][0]["findings"]
    assert [(f["rule"], f["revision"], f["entry"]) for f in findings] == [
        ("late-note", "r2", "c1"),
        ("correction-deleted", "r4", "c1"),
    ]


def delete_log_and_switch_off(store_path: Path, *, same_commit: bool, setting: str = "") -> None:
    """Delete the correction log and add ``correction-deleted = "off"`` (and ``setting``)
    to articlediff.toml, in one commit or in two."""
    text = (store_path / FILE).read_text(encoding="utf-8")
    log = text[text.index("corrections:") : text.index("---\n", 4)]
    config = store_path / "articlediff.toml"
    rules = f'\n[check.rules]\ncorrection-deleted = "off"\n{setting}'
    config.write_text(config.read_text(encoding="utf-8") + rules, encoding="utf-8")
    if not same_commit:
        git(store_path, "commit", "-q", "-am", "relax the rules")
    hand_edit(store_path, log, "corrections: []\n")


@pytest.mark.parametrize("setting", ["", 'rule-switched-off = "off"\n'])
def test_a_rule_switched_off_in_the_commit_it_would_catch(
    run: Cli, store_path: Path, tmp_path: Path, setting: str
) -> None:
    """A commit deleting a correction while adding correction-deleted = "off" is reported,
    even when it also switches off the rule that reports it (judged by the settings before)."""
    corrected(run, tmp_path)
    delete_log_and_switch_off(store_path, same_commit=True, setting=setting)
    code, out, _ = check(run, "--format", "json")
    assert code == 1
    findings = json.loads(out)["articles"][0]["findings"]
    assert [(f["rule"], f["revision"], f["entry"]) for f in findings] == [
        ("late-note", "r2", "c1"),
        ("rule-switched-off", "r4", "c1"),
    ]
    assert findings[1]["message"].startswith(
        "this commit switches correction-deleted off in articlediff.toml while making a "
        "change it reports: log entry c1"
    )
    assert check(run, "--since", "HEAD~1")[0] == 1


def test_a_rule_switched_off_in_an_earlier_commit_is_a_setting(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    corrected(run, tmp_path)
    delete_log_and_switch_off(store_path, same_commit=False)
    code, out, _ = check(run)
    assert code == 0 and "rule-switched-off" not in out and "correction-deleted" not in out


def test_euphemism_only_note(run: Cli, store_path: Path, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    before = repo_state(store_path)
    result = run(
        "correct", ARTICLE_ID, "--kind", "correction", "--text", "Correction: fixed.",
        "--fixes", "r2", "--at", "2024-06-19T08:10:00+01:00",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "says only 'fixed'" in result.stderr and "nothing saved" in result.stderr
    assert repo_state(store_path) == before
    entry = (
        "corrections:\n- id: c1\n  kind: correction\n  at: '2024-06-19T08:10:00+01:00'\n"
        "  text: 'Correction: fixed.'\n  fixed_in: r2\n"
    )
    save(run, tmp_path, "r3.md", article_text(toll=24, updated="2024-06-19T08:10:00+01:00",
                                             corrections=entry))  # fmt: skip
    code, out, _ = check(run)
    assert code == 1
    assert "correction-wording: the log entry c1 says only 'fixed'" in out


def test_updated_going_backwards(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text(updated="2024-06-19T08:00:00+01:00"))
    back = article_text(updated="2024-06-19T07:30:00+01:00", second="Rescue teams worked on.")
    save(run, tmp_path, "r2.md", back, "--at", "2024-06-19T09:00:00+01:00")
    code, out, _ = check(run)
    assert code == 1
    assert (
        "updated-backwards: updated time went backwards: 2024-06-19T07:30:00+01:00 is earlier "
        "than 2024-06-19T08:00:00+01:00 stated before" in out
    )


def test_stealth_edit(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, extra=(GOOD_NOTE,)))
    code, out, _ = check(run)
    assert code == 1
    assert (
        "r2   2024-06-19T07:00:00+01:00  error   stealth-edit: substantive change with the "
        "updated time left at 2024-06-19T07:00:00+01:00" in out
    )
    assert "unexplained-change" not in out


def test_technical_revision_that_changes_words(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text())
    spaced = article_text(
        second="Rescue teams were searching collapsed buildings  through the night."
    )
    save(run, tmp_path, "r2.md", spaced.replace("searching", "searching\n"), "--kind", "technical")
    assert check(run)[0] == 0  # whitespace only
    worded = article_text(second="Rescue teams searched collapsed buildings through the night.")
    save(run, tmp_path, "r3.md", worded, "--kind", "technical")
    code, out, _ = check(run)
    assert code == 1
    assert "r3" in out and "technical-change" in out
    assert '"were searching" → "searched"' in out


def test_in_body_correction_paragraph_is_the_note(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text(toll=23))
    note = (
        "Correction - June 19, 2024: An earlier version of this article misstated the number "
        "of dead as 23."
    )
    text = article_text(toll=24, updated="2024-06-19T08:00:00+01:00", extra=(note,))
    save(run, tmp_path, "r2.md", text)
    assert check(run) == (0, "", "no findings in 1 article (2 revisions checked)\n")


def test_in_body_note_one_revision_late_is_credited_to_the_change(run: Cli, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    text = article_text(toll=24, updated="2024-06-19T08:30:00+01:00", extra=(GOOD_NOTE,))
    save(run, tmp_path, "r3.md", text)
    for args in ((), ("--strict",)):
        code, out, _ = check(run, *args)
        assert "unexplained" not in out
        assert (
            "warning late-note: substantive change in r2 is explained only later, by the "
            "in-body note in r3" in out
        )
        assert code == (1 if args else 0)  # strict: warnings fail
    notes = json.loads(run("notes", ARTICLE_ID, "--format", "json").stdout)["notes"]
    assert [[e["text"] for e in n["entries"]] for n in notes] == [[GOOD_NOTE], []]


def test_deleted_in_body_note_fails_and_check_changes_nothing(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    save(run, tmp_path, "r1.md", article_text(toll=23))
    printed = article_text(toll=24, updated="2024-06-19T08:00:00+01:00", extra=(GOOD_NOTE,))
    save(run, tmp_path, "r2.md", printed)
    save(run, tmp_path, "r3.md", article_text(toll=24, updated="2024-06-19T09:00:00+01:00"))
    before = repo_state(store_path)
    status = git(store_path, "status", "--porcelain")
    finding, evidence = one_error(run, revisions=3)
    assert finding.startswith(
        "  r3   2024-06-19T09:00:00+01:00  error   correction-deleted: in-body note (printed "
        'since r2) was removed: "Correction: An earlier version of this article'
    )
    assert evidence == f'       deleted "{GOOD_NOTE}"'
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == status


DATED_NOTE = (
    "Correction - June 19, 2024: An earlier version of this article misstated the number of "
    "dead as 23."
)


def printed_note(run: Cli, folder: Path) -> None:
    """r1 says 23 dead; r2 says 24 and prints a dated correction note."""
    save(run, folder, "r1.md", article_text(toll=23))
    text = article_text(toll=24, updated="2024-06-19T08:00:00+01:00", extra=(DATED_NOTE,))
    save(run, folder, "r2.md", text)


def test_a_printed_note_reworded_later_fails_in_every_format(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    printed_note(run, tmp_path)
    softened = DATED_NOTE.replace("June 19", "June 20").replace("misstated", "gave")
    text = article_text(toll=24, updated="2024-06-19T09:00:00+01:00", extra=(softened,))
    save(run, tmp_path, "r3.md", text)
    before = repo_state(store_path)
    finding, evidence = one_error(run, revisions=3)
    assert finding.startswith(
        "  r3   2024-06-19T09:00:00+01:00  error   correction-altered: in-body note (printed "
        "since r2) was reworded after it was printed: "
    )
    assert re.search(r'; reason: date "June 19\b[^"]*" → "June 20\b[^"]*"$', finding)
    assert evidence == f'       "{DATED_NOTE}" → "{softened}"'
    data = json.loads(check(run, "--format", "json")[1])
    (found,) = data["articles"][0]["findings"]
    assert found["rule"] == "correction-altered" and found["revision"] == "r3"
    # the reasons at the change's level: the date (substantive), not the rewording (update)
    assert [(r["signal"], r["old"][:7], r["new"][:7]) for r in found["reasons"]] == [
        ("date", "June 19", "June 20")
    ]
    (line,) = check(run, "--format", "github")[1].splitlines()
    match = GITHUB_LINE.match(line)
    assert match and match["rule"] == "correction-altered"
    assert '; reason: date "June 19' in match["msg"] and "%0A" in match["msg"]
    junit = ET.fromstring(check(run, "--format", "junit")[1])
    failure = junit.find("./testsuite/testcase/failure")
    assert failure is not None and failure.get("type") == "correction-altered"
    assert '; reason: date "June 19' in (failure.text or "")
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""


def test_a_printed_note_retyped_is_not_altered(run: Cli, tmp_path: Path) -> None:
    """Curly quotes, an en dash and a no-break space in the same words: typography."""
    printed_note(run, tmp_path)
    retyped = DATED_NOTE.replace(" - ", " – ").replace("June 19", "June\u00a019")
    text = article_text(toll=24, updated="2024-06-19T09:00:00+01:00", extra=(retyped,))
    save(run, tmp_path, "r3.md", text)
    assert check(run) == (0, "", "no findings in 1 article (3 revisions checked)\n")


def test_an_updated_date_on_the_day_of_the_last_revision_is_not_backwards(
    run: Cli, tmp_path: Path
) -> None:
    afternoon = "2026-03-02T14:00:00+00:00"
    save(run, tmp_path, "r1.md", article_text(published=afternoon, updated=afternoon))
    same_day = article_text(published=afternoon, updated="2026-03-02", second="Teams worked on.")
    save(run, tmp_path, "r2.md", same_day, "--at", "2026-03-02T16:00:00+00:00")
    assert check(run)[0] == 0
    day_before = article_text(published=afternoon, updated="2026-03-01", second="They rested.")
    save(run, tmp_path, "r3.md", day_before, "--at", "2026-03-02T17:00:00+00:00")
    code, out, _ = check(run)
    assert code == 1
    assert "r3" in out and "updated-backwards" in out
    assert "2026-03-01 is earlier than 2026-03-02T14:00:00+00:00 stated before" in out


def test_update_needs_a_note_only_with_strict(run: Cli, tmp_path: Path) -> None:
    save(run, tmp_path, "r1.md", article_text())
    extra = ("Roads into the town were closed on Wednesday afternoon.",)
    save(run, tmp_path, "r2.md", article_text(updated="2024-06-19T08:00:00+01:00", extra=extra))
    assert check(run)[0] == 0
    code, out, _ = check(run, "--strict")
    assert code == 1 and "unexplained-update" in out


# -- formats -------------------------------------------------------------------------------


def two_articles(run: Cli, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    calm = article_text().replace(ARTICLE_ID, "local/calm")
    save(run, tmp_path, "calm.md", calm)


def test_json_format(run: Cli, tmp_path: Path) -> None:
    two_articles(run, tmp_path)
    code, out, _ = check(run, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["schema"] == "articlediff.check/1" and data["ok"] is False
    assert [a["id"] for a in data["articles"]] == ["local/calm", ARTICLE_ID]
    assert data["summary"] == {
        "articles": 2, "revisions": 3, "errors": 1, "warnings": 0, "accepted": 0
    }  # fmt: skip
    (finding,) = data["articles"][1]["findings"]
    assert finding["rule"] == "unexplained-change" and finding["file"] == FILE
    assert finding["changed"] == ['"23" → "24"']
    # The reasons of the change behind the finding: the signal and its words.
    assert finding["reasons"] == [
        {
            "field": "body", "kind": "edit", "signal": "number", "old": "23", "new": "24",
            "level": "substantive",
        }
    ]  # fmt: skip
    assert data["articles"][1]["accepted"] == []
    assert finding["at"] == "2024-06-19T08:00:00+01:00"


def test_github_format(run: Cli, tmp_path: Path) -> None:
    two_articles(run, tmp_path)
    code, out, _ = check(run, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1
    match = GITHUB_LINE.match(lines[0])
    assert match, lines[0]
    assert (match["file"], match["rule"]) == (FILE, "unexplained-change")
    assert match["msg"].endswith('%0A"23" → "24"')


def test_junit_format(run: Cli, tmp_path: Path) -> None:
    two_articles(run, tmp_path)
    code, out, _ = check(run, "--format", "junit")
    assert code == 1
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["local/calm", ARTICLE_ID]
    assert all(c.get("classname") == "articlediff.check" for c in cases)
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "unexplained-change"
    assert '"23" → "24"' in (failure.text or "")


# -- scope, settings and exit codes --------------------------------------------------------


def test_ids_and_since(run: Cli, store_path: Path, tmp_path: Path) -> None:
    two_articles(run, tmp_path)
    assert check(run, "local/calm") == (0, "", "no findings in 1 article (1 revisions checked)\n")
    assert check(run, ARTICLE_ID)[0] == 1
    head = git(store_path, "rev-parse", "HEAD").strip()
    assert check(run, "--since", head)[0] == 0
    r1 = git(store_path, "log", "--format=%H", "--", FILE).split()[-1]
    code, out, err = check(run, "--since", r1, "--format", "json")
    assert code == 1 and json.loads(out)["since"] == r1
    assert f"since {r1}" in err
    assert check(run, "--since", "HEAD~1")[0] == 0  # only local/calm's revision is new


def test_since_still_reads_whole_history(run: Cli, store_path: Path, tmp_path: Path) -> None:
    corrected(run, tmp_path)
    base = git(store_path, "rev-parse", "HEAD").strip()
    hand_edit(store_path, "misstated the number", "gave the number")
    code, out, _ = check(run, "--since", base)
    assert code == 1
    assert "correction-rewritten" in out and "late-note" not in out


def test_rule_settings_from_the_store(run: Cli, store_path: Path, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    config = store_path / "articlediff.toml"
    config.write_text(
        config.read_text() + '\n[check.rules]\nunexplained-change = "warning"\n', encoding="utf-8"
    )
    code, out, _ = check(run)
    assert code == 0 and "warning unexplained-change" in out
    assert check(run, "--strict")[0] == 1
    config.write_text(config.read_text().replace('"warning"', '"off"'), encoding="utf-8")
    assert check(run)[:2] == (0, "")


def test_exit_0_on_an_empty_store(run: Cli) -> None:
    assert check(run) == (0, "", "no findings in 0 articles (0 revisions checked)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "Invalid value for '--format'"),
        (("--colour",), "No such option '--colour'"),
        (("local/nope",), "unknown article 'local/nope'"),
        (("Bad Id",), "invalid article id 'Bad Id'"),
        (("--since", "no-such-branch"), "unknown git revision 'no-such-branch'"),
        (("--since", "--output=x"), "invalid git revision"),
    ],
)
def test_exit_2_on_bad_invocation(
    run: Cli, store_path: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    changed_toll(run, tmp_path)
    before = repo_state(store_path)
    code, out, err = check(run, *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert repo_state(store_path) == before


def test_exit_3_on_store_problems(run: Cli, store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "nowhere"), "check"])
    assert result.exit_code == 3 and "not an articlediff store" in result.stderr
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text() + '\n[check.rules]\nno-such-rule = "off"\n')
    code, out, err = check(run)
    assert code == 3 and out == ""
    assert err.strip().endswith(
        "(known rules: unexplained-change, late-note, "
        "unexplained-update, correction-rewritten, correction-deleted, correction-altered, "
        "correction-wording, correction-reference, published-changed, "
        "updated-before-published, updated-backwards, stealth-edit, "
        "technical-change, rule-switched-off)"
    )


def test_help_documents_exit_codes(run: Cli) -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    for line in ("0  no findings", "1  findings", "2  bad invocation", "3  store problem"):
        assert line in result.stdout


def test_library_entry_point_for_the_demo(store_path: Path, run: Cli, tmp_path: Path) -> None:
    changed_toll(run, tmp_path)
    with Store(store_path) as store:
        report = review.check_store(store)
    assert report.failed
    assert [(f.rule, f.revision) for f in report.findings] == [("unexplained-change", "r2")]


def test_ci_examples_run_check_with_real_options(
    run: Cli, store_path: Path, tmp_path: Path
) -> None:
    import shlex

    import yaml

    from tests.conftest import ROOT

    changed_toll(run, tmp_path)
    git(store_path, "branch", "base", "HEAD~1")
    workflow = yaml.safe_load((ROOT / "examples" / "github-actions.yml").read_text())
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    commands = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    commands = [c for c in commands if c.startswith("articlediff check")]
    commands += [hook["entry"] for hook in hooks]
    assert len(commands) == 4
    for command in commands:
        command = command.replace("origin/${{ github.base_ref }}", "base").split(">")[0]
        args = shlex.split(command)[2:]
        result = run("check", *args)
        assert result.exit_code == 1, (command, result.stderr)
