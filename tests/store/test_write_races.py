"""Writers racing on one article: every read a write depends on happens under the lock.

Two desks, each with a ``Store`` object of its own (threads here, processes in the last
test), race ``save`` against ``correct`` and ``correct`` against ``correct`` on the same
article. Each
keeps a ledger of what it was told had landed; afterwards the history must hold all of it:
no acknowledged log entry lost, no body text reverted by a correction that read an older
revision, every ``fixed_in`` naming the revision that holds the entry, no refusal ("earlier
than latest") caused by a time read before the lock.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from articlediff.app.correct import correct_article
from articlediff.app.save import save_source
from articlediff.store import Store
from tests.conftest import git, repo_state

ARTICLE = "local/race"
ROUNDS = 20


@dataclass
class Ledger:
    """What one desk was told had landed."""

    saves: dict[str, str] = field(default_factory=dict)  # commit -> body saved
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # commit -> (id, text)
    errors: list[str] = field(default_factory=list)


def desk(store_path: Path, rounds: int, step: Callable[[Store, int, Ledger], None]) -> Ledger:
    ledger = Ledger()
    with Store(store_path) as store:
        for number in range(rounds):
            try:
                step(store, number, ledger)
            except Exception as error:  # the ledger says what went wrong; the test fails
                ledger.errors.append(f"{type(error).__name__}: {error}")
    return ledger


def saving(name: str) -> Callable[[Store, int, Ledger], None]:
    def step(store: Store, number: int, ledger: Ledger) -> None:
        body = f"Desk {name} wrote paragraph {number}."
        report = save_source(store, f"Race\n\n{body}\n".encode(), name="-", article_id=ARTICLE)
        assert report.outcome.revision is not None
        ledger.saves[report.outcome.revision.commit] = body

    return step


def correcting(name: str) -> Callable[[Store, int, Ledger], None]:
    def step(store: Store, number: int, ledger: Ledger) -> None:
        text = f"Correction: an earlier version misstated desk {name} item {number}."
        report = correct_article(store, ARTICLE, kind="correction", text=text)
        assert report.entry.fixed_in == report.change.revision.label
        ledger.entries[report.change.revision.commit] = (report.entry.id, text)

    return step


def race(store_path: Path, *steps: Callable[[Store, int, Ledger], None]) -> list[Ledger]:
    ledgers: list[Ledger] = [Ledger() for _ in steps]

    def run(index: int) -> None:
        ledgers[index] = desk(store_path, ROUNDS, steps[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(steps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return ledgers


def check_history(store_path: Path, ledgers: list[Ledger]) -> None:
    """Every acknowledged save and entry is in the history, as acknowledged."""
    assert [error for ledger in ledgers for error in ledger.errors] == []
    repo_state(store_path)  # fsck --strict passes
    assert git(store_path, "status", "--porcelain") == ""
    with Store(store_path) as store:
        history = store.history(ARTICLE)
    by_commit = {revision.commit: revision for revision in history}
    saves = {commit: body for ledger in ledgers for commit, body in ledger.saves.items()}
    entries = {commit: entry for ledger in ledgers for commit, entry in ledger.entries.items()}
    assert len(history) == 1 + len(saves) + len(entries)  # the seed, then every write
    for commit, body in saves.items():
        assert by_commit[commit].article.body == (body,)
    final_log = history[-1].article.corrections
    assert [entry.id for entry in final_log] == [f"c{n}" for n in range(1, len(entries) + 1)]
    assert {(entry.id, entry.text) for entry in final_log} == set(entries.values())
    for previous, revision in itertools.pairwise(history):
        log = revision.article.corrections
        assert log[: len(previous.article.corrections)] == previous.article.corrections
        if revision.commit in entries:
            entry_id, text = entries[revision.commit]
            assert log[-1].id == entry_id and log[-1].text == text
            assert log[-1].fixed_in == revision.label  # the revision that holds it
            assert revision.article.body == previous.article.body  # no desk's text reverted
        assert revision.at >= previous.at


@pytest.fixture
def seeded(store_path: Path) -> Path:
    with Store(store_path) as store:
        save_source(store, b"Race\n\nThe first text.\n", name="-", article_id=ARTICLE)
    return store_path


def test_save_racing_correct_loses_nothing(seeded: Path) -> None:
    ledgers = race(seeded, saving("a"), correcting("b"))
    check_history(seeded, ledgers)


def test_correct_racing_correct_loses_nothing(seeded: Path) -> None:
    ledgers = race(seeded, correcting("a"), correcting("b"))
    check_history(seeded, ledgers)


DESK_PROCESS = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from articlediff.app.correct import correct_article
    from articlediff.app.save import save_source
    from articlediff.store import Store

    store_path, role, name, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    ledger = {"saves": {}, "entries": {}, "errors": []}
    with Store(store_path) as store:
        for number in range(rounds):
            try:
                if role == "save":
                    body = f"Desk {name} wrote paragraph {number}."
                    data = f"Race\\n\\n{body}\\n".encode()
                    report = save_source(store, data, name="-", article_id=sys.argv[5])
                    ledger["saves"][report.outcome.revision.commit] = body
                else:
                    text = f"Correction: an earlier version misstated desk {name} item {number}."
                    report = correct_article(store, sys.argv[5], kind="correction", text=text)
                    if report.entry.fixed_in != report.change.revision.label:
                        ledger["errors"].append(f"fixes {report.entry.fixed_in}")
                    ledger["entries"][report.change.revision.commit] = [report.entry.id, text]
            except Exception as error:
                ledger["errors"].append(f"{type(error).__name__}: {error}")
    print(json.dumps(ledger))
    """
)


@pytest.mark.parametrize("roles", [("save", "correct"), ("correct", "correct")])
def test_processes_racing_lose_nothing(seeded: Path, roles: tuple[str, str]) -> None:
    """The same races between two processes, each with its own interpreter and git
    processes: what the threads above show holds across processes too."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", DESK_PROCESS, str(seeded), role, name, "12", ARTICLE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role, name in zip(roles, ("a", "b"), strict=True)
    ]
    ledgers = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        record = json.loads(out)
        entries = {commit: (entry[0], entry[1]) for commit, entry in record["entries"].items()}
        ledgers.append(Ledger(record["saves"], entries, record["errors"]))
    check_history(seeded, ledgers)
