"""``check`` keeps each article's findings in the per-clone cache, on real stores: a kept
result gives byte for byte what computing it gives (every format, exit codes, stderr), and
anything the result depends on that changes — a revision, the settings file, ``--strict``,
``--since``, a note, the rules' version, the code — makes it a miss; a damaged, edited,
copied or forged entry is computed again; a run with findings changes nothing in git."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from articlediff.app import findings as findings_module
from articlediff.store import Store
from articlediff.store.cache import KEY_FILE, cache_path
from tests.check.articles import ARTICLE_ID, GOOD_NOTE, article_text, write
from tests.cli.test_pair_notes import commits, drop_notes, note, replace_note
from tests.conftest import Cli, git, repo_state

AT = "2024-06-19T08:{:02d}:00+01:00".format
OTHER_ID = "local/floods"
CACHE = Path(".git") / cache_path(f"versions/{ARTICLE_ID}.md")


def save(run: Cli, folder: Path, name: str, text: str, *extra: str) -> None:
    result = run("save", write(folder, name, text), *extra)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(autouse=True)
def keep_every_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are kept from ``KEEP_FROM`` revisions on; these stories are short."""
    monkeypatch.setattr(findings_module, "KEEP_FROM", 1)


@pytest.fixture
def story(run: Cli, tmp_path: Path) -> Cli:
    """Findings of several rules: a change with no note, a note printed one revision late,
    an in-body note taken out, a change accepted by a log entry, and a second article."""
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, updated=AT(0)))
    save(run, tmp_path, "r3.md", article_text(toll=24, updated=AT(10), extra=(GOOD_NOTE,)))
    save(run, tmp_path, "r4.md", article_text(toll=25, updated=AT(20)))
    reason = "The toll was 25 from the start; r4 fixed a typing slip."
    accepted = run("accept", ARTICLE_ID, "r4", "--reason", reason)
    assert accepted.exit_code == 0, accepted.stderr
    other = article_text(toll=3).replace(f"id: {ARTICLE_ID}", f"id: {OTHER_ID}")
    save(run, tmp_path, "o1.md", other, "--id", OTHER_ID)
    return run


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The articles whose histories ``check`` read (a kept result reads none)."""
    read: list[str] = []
    original = Store.read_history

    def counting(self: Store, article_id: str, **options: object) -> object:
        read.append(article_id)
        return original(self, article_id, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "read_history", counting)
    yield read


def uncache(store_path: Path) -> None:
    shutil.rmtree(store_path / ".git" / "articlediff" / "cache", ignore_errors=True)


def outcome(run: Cli, *args: str) -> tuple[int, str, str]:
    result = run("check", *args)
    return result.exit_code, result.stdout, result.stderr


COMMANDS = [
    [],
    ["--format", "json"],
    ["--format", "github"],
    ["--format", "junit"],
    ["--strict"],
    [ARTICLE_ID, "--format", "json"],
    [ARTICLE_ID, OTHER_ID, "--format", "junit", "--strict"],
]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_kept_result_is_what_computing_it_gives(
    story: Cli, store_path: Path, computed: list[str], args: list[str]
) -> None:
    run = story
    uncache(store_path)
    fresh = outcome(run, *args)
    assert fresh[0] == 1
    assert computed  # the first run computed
    computed.clear()
    kept = outcome(run, *args)
    assert computed == []  # the second read no history: every result was kept
    assert kept == fresh
    # And a run with notes dropped and nothing kept says the same.
    drop_notes(store_path)
    uncache(store_path)
    assert outcome(run, *args) == fresh


def test_since_is_part_of_the_key(story: Cli, store_path: Path, computed: list[str]) -> None:
    run = story
    first = commits(store_path, ARTICLE_ID)[1]
    whole = outcome(run)
    later = outcome(run, "--since", first)
    assert later != whole
    computed.clear()
    assert outcome(run, "--since", first) == later
    assert outcome(run) == whole
    uncache(store_path)
    assert outcome(run, "--since", first) == later


def fresh_outcome(run: Cli, store_path: Path, *args: str) -> tuple[int, str, str]:
    """What ``check`` says with nothing kept (the cache put back afterwards)."""
    cache = store_path / ".git" / "articlediff" / "cache"
    aside = store_path / ".git" / "articlediff" / "cache-aside"
    cache.rename(aside)
    try:
        return outcome(run, *args)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        aside.rename(cache)


def commit_config(store_path: Path, text: str) -> None:
    config = store_path / "articlediff.toml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "config")


@pytest.mark.parametrize(
    ("change", "differs"),
    [
        ('\n[check.rules]\nunexplained-change = "off"\nlate-note = "error"\n', True),
        ('\n[check]\nstrict = true\n[check.rules]\nlate-note = "off"\n', True),
        ("\n[furniture]\npatterns = ['^At least \\\\d+ people died.*$']\n", False),
        ("\n# a comment changes no setting, but the file: a miss all the same\n", False),
    ],
)
def test_a_changed_settings_file_is_a_miss(
    story: Cli, store_path: Path, computed: list[str], change: str, differs: bool
) -> None:
    run = story
    before = outcome(run)
    commit_config(store_path, change)
    computed.clear()
    after = outcome(run)
    assert computed  # computed again
    assert after == fresh_outcome(run, store_path)
    assert (after != before) == differs


def test_a_setting_changed_in_the_working_copy_only_is_a_miss(story: Cli, store_path: Path) -> None:
    """``check`` reads the settings file of the working copy: so does the key."""
    run = story
    assert outcome(run)[0] == 1
    config = store_path / "articlediff.toml"
    rules = '\n[check.rules]\nunexplained-change = "off"\nlate-note = "off"\n'
    rules += 'correction-deleted = "off"\n'
    config.write_text(config.read_text(encoding="utf-8") + rules, encoding="utf-8")
    assert outcome(run) == fresh_outcome(run, store_path)
    git(store_path, "checkout", "-q", "--", "articlediff.toml")
    assert outcome(run) == fresh_outcome(run, store_path)


def test_a_new_revision_is_a_miss(story: Cli, store_path: Path, tmp_path: Path) -> None:
    run = story
    before = outcome(run, ARTICLE_ID)
    save(run, tmp_path, "r5.md", article_text(toll=30, updated=AT(40)))
    after = outcome(run, ARTICLE_ID)
    assert after != before and "r6" in after[1]
    assert after == fresh_outcome(run, store_path, ARTICLE_ID)


def test_a_changed_note_is_a_miss(story: Cli, store_path: Path) -> None:
    """A note is believed as far as the branch is (docs/scale.md): a result made from a
    note is kept only while that note is there, so a forged note, then its removal, shows
    at once, as without the cache."""
    run = story
    assert outcome(run, ARTICLE_ID)[0] == 1
    second = commits(store_path, ARTICLE_ID)[1]
    kept = note(store_path, second)
    summary = {**kept["summary"], "verdict": "minor", "news": "minor", "changes": []}  # type: ignore[dict-item]
    replace_note(store_path, second, json.dumps({**kept, "summary": summary}))
    forged = outcome(run, ARTICLE_ID)
    assert "r2 " not in forged[1]
    assert forged == fresh_outcome(run, store_path, ARTICLE_ID)
    drop_notes(store_path)
    assert "r2 " in outcome(run, ARTICLE_ID)[1]


@pytest.mark.parametrize("what", ["RULES_VERSION", "code_stamp"])
def test_new_rules_or_new_code_are_a_miss(
    story: Cli, store_path: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    run = story
    before = outcome(run)
    computed.clear()
    if what == "RULES_VERSION":
        monkeypatch.setattr(findings_module, "RULES_VERSION", findings_module.RULES_VERSION + 1)
    else:
        monkeypatch.setattr(findings_module, "code_stamp", lambda: "other code")
    assert outcome(run) == before
    assert sorted(computed) == sorted([ARTICLE_ID, OTHER_ID])


def sealed(store_path: Path, data: dict[str, object]) -> bytes:
    """``data`` sealed as articlediff seals the article's cache file, with the clone's key."""
    key = bytes.fromhex((store_path / ".git" / KEY_FILE).read_text(encoding="ascii").strip())
    text = json.dumps(data)
    message = f"articlediff-cache/2\0versions/{ARTICLE_ID}.md\0{text}".encode()
    mac = hmac.new(key, message, hashlib.sha256).hexdigest()
    return json.dumps({"format": 2, "mac": mac, "data": text}).encode()


def kept_data(store_path: Path) -> dict[str, object]:
    outer = json.loads((store_path / CACHE).read_bytes())
    data: dict[str, object] = json.loads(outer["data"])
    return data


@pytest.mark.parametrize("damage", ["edited", "copied", "wrong key", "malformed", "truncated"])
def test_a_damaged_or_forged_entry_is_computed_again(
    story: Cli, store_path: Path, computed: list[str], damage: str
) -> None:
    run = story
    before = outcome(run, ARTICLE_ID, "--format", "json")
    data = kept_data(store_path)
    results = data["results"]
    assert isinstance(results, dict)
    key, result = results["check"]
    file = store_path / CACHE
    if damage == "edited":  # by hand: the seal no longer matches
        outer = json.loads(file.read_bytes())
        outer["data"] = outer["data"].replace('"severity": "error"', '"severity": "warning"')
        file.write_bytes(json.dumps(outer).encode())
    elif damage == "copied":  # another article's file: sealed for its path
        other = store_path / ".git" / cache_path(f"versions/{OTHER_ID}.md")
        shutil.copyfile(other, file)
    elif damage == "wrong key":  # sealed, but kept for other settings
        forged = {**result, "findings": [], "accepted": []}
        file.write_bytes(sealed(store_path, {**data, "results": {"check": ["0" * 64, forged]}}))
    elif damage == "malformed":  # sealed with the right key, not a result as written
        rows = [[key, {**result, "findings": "none"}], [key, {**result, "revisions": -1}]]
        rows += [["é" * 64, result], [key], "none"]  # a key no digest has, no value, no row
        for row in rows:
            file.write_bytes(sealed(store_path, {**data, "results": {"check": row}}))
            computed.clear()
            assert outcome(run, ARTICLE_ID, "--format", "json") == before
            assert computed == [ARTICLE_ID]
        return
    else:
        file.write_bytes(file.read_bytes()[:-100])
    computed.clear()
    assert outcome(run, ARTICLE_ID, "--format", "json") == before
    assert computed == [ARTICLE_ID]
    computed.clear()
    assert outcome(run, ARTICLE_ID, "--format", "json") == before
    assert computed == []  # kept again


def test_a_check_with_findings_or_an_error_changes_nothing_in_git(
    story: Cli, store_path: Path
) -> None:
    run = story
    before = repo_state(store_path)
    notes = git(store_path, "for-each-ref")
    assert outcome(run)[0] == 1
    assert outcome(run)[0] == 1
    failed = run("check", ARTICLE_ID, "local/nowhere")
    assert failed.exit_code == 2
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert run("check", "--since", "no-such-ref").exit_code == 2
    assert repo_state(store_path) == before
    assert git(store_path, "status", "--porcelain") == ""
    assert git(store_path, "for-each-ref") == notes


def test_a_damaged_revision_is_never_kept(story: Cli, store_path: Path, tmp_path: Path) -> None:
    """An article with a revision that does not read is checked afresh each time (its
    damage is a store problem, exit 3, reported on every run)."""
    run = story
    path = store_path / "versions" / f"{ARTICLE_ID}.md"
    path.write_text("---\nid: [unclosed\n---\n", encoding="utf-8")
    git(store_path, "commit", "-q", "-am", "update: damaged by hand")
    for _ in range(2):
        result = run("check", ARTICLE_ID)
        assert result.exit_code == 3
        assert "damaged-revision" in result.stdout
    assert "check" not in (kept_data(store_path).get("results") or {})


def test_a_short_article_is_not_kept(
    story: Cli, store_path: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below ``KEEP_FROM`` revisions an article is checked each time and nothing is kept:
    a store-wide check in a fresh clone (CI) writes no result it would never read."""
    run = story
    monkeypatch.setattr(findings_module, "KEEP_FROM", 5)  # local/quake has 5, floods 1
    uncache(store_path)
    first = outcome(run)
    assert sorted(computed) == sorted([ARTICLE_ID, OTHER_ID])
    computed.clear()
    assert outcome(run) == first
    assert computed == [OTHER_ID]
    other = store_path / ".git" / cache_path(f"versions/{OTHER_ID}.md")
    outer = json.loads(other.read_bytes())
    assert "results" not in json.loads(outer["data"])


def test_strict_is_part_of_the_key(
    run: Cli, store_path: Path, tmp_path: Path, computed: list[str]
) -> None:
    """A note printed one revision late is a warning: it passes, and fails with --strict.
    One result is kept per article, the last run's: a kept plain result never answers for
    --strict (a miss), and the next --strict is a hit."""
    save(run, tmp_path, "r1.md", article_text(toll=23))
    save(run, tmp_path, "r2.md", article_text(toll=24, updated=AT(0)))
    save(run, tmp_path, "r3.md", article_text(toll=24, updated=AT(10), extra=(GOOD_NOTE,)))
    passes = outcome(run)
    assert passes[0] == 0
    computed.clear()
    assert outcome(run) == passes and computed == []
    fails = outcome(run, "--strict")
    assert fails[0] == 1 and computed == [ARTICLE_ID]
    computed.clear()
    assert outcome(run, "--strict") == fails and computed == []
