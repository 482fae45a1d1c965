"""One worker of the two-clone stress run (``test_sync_stress``): a loop of CLI commands —
save, correct, import and sync — on one clone, each run in its own process group and, at
random, SIGKILLed at a random point of its life.

Run as a script (standard library only): ``sync_worker.py CONFIG_JSON``. It appends one JSON
line per command to its ledger, written and fsynced before the next command starts:
``{"action", "ok", "killed", "code", "stderr", ...}`` plus, for an acknowledged command (exit
0 and its JSON read), what it acknowledged: the commit and the paragraph of a save, the commit
and entry text of a correction, the texts of an import.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

WORDS = (
    "apple", "banana", "cherry", "fig", "grape", "kiwi", "lemon", "mango", "nectar", "olive",
    "peach", "pear", "plum", "quince", "raisin", "berry", "melon", "guava", "lime", "papaya",
    "apricot", "cocoa", "hazel", "walnut", "almond", "pecan",
)  # fmt: skip
NAMES = (
    "amber", "coral", "ivory", "jade", "onyx", "pearl", "ruby", "topaz", "azure", "beryl",
    "cobalt", "garnet", "indigo", "jasper", "opal", "slate",
)  # fmt: skip
ARTICLES = 4


def words(number: int, count: int = 3) -> str:
    """``number`` written as ``count`` lowercase words (no digits: they would be substantive)."""
    out = []
    for _ in range(count):
        number, digit = divmod(number, len(WORDS))
        out.append(WORDS[digit])
    return " ".join(out)


def slot_text(desk: str, worker: int, number: int) -> str:
    """The paragraph worker ``worker`` owns, at its ``number``-th save (0: untouched)."""
    return (
        f"the desk {desk} worker {NAMES[worker]} keeps this paragraph and now writes "
        f"{words(number)}."
    )


def template(article: int, desks: dict[int, str]) -> list[str]:
    return [
        f"the lead paragraph of the {WORDS[article]} story stays as it is.",
        *(slot_text(desks[w], w, 0) for w in sorted(desks) if w % ARTICLES == article),
    ]


def acknowledged(record: dict[str, object], out: str, **fields: object) -> dict[str, object]:
    """``record`` of a save or correction, with what it acknowledged when it exited 0: the
    commit it printed, and ``fields``."""
    if record["ok"]:
        record.update(commit=json.loads(out)["commit"], **fields)
    return record


def main() -> None:
    config = json.loads(sys.argv[1])
    worker: int = config["worker"]
    desk: str = config["desk"]
    store: str = config["store"]
    desks = {int(k): v for k, v in config["desks"].items()}
    ledger = Path(config["ledger"])
    rng = random.Random(config["seed"])
    deadline = time.monotonic() + config["seconds"]
    hard_stop = time.monotonic() + 3 * config["seconds"] + 60
    kill_quota: int = config["kills"]
    kill_share: float = config["kill_share"]
    article = worker % ARTICLES
    article_id = f"local/story-{WORDS[article]}"
    own_import = f"local/imports-{NAMES[worker]}"
    counter = 0
    import_clock = config["import_start"] + worker * 100_000
    typical: dict[str, float] = {}
    killed_total = 0
    env = {**os.environ, "GIT_COMMITTER_NAME": f"Desk {desk}", "ARTICLEDIFF_LOCK_TIMEOUT": "120"}
    env["GIT_COMMITTER_EMAIL"] = f"desk-{desk}@example.org"
    scratch = Path(config["scratch"])

    def run(
        action: str, args: list[str], stdin: str | None, *, killable: bool = True
    ) -> tuple[dict[str, object], str]:
        nonlocal killed_total
        # The share of commands killed grows when the quota is behind the time left.
        left = max(deadline - time.monotonic(), 1.0)
        pace = sum(typical.values()) / len(typical) if typical else 1.0
        share = min(0.9, max(kill_share, (kill_quota - killed_total) * pace / left))
        kill = killable and killed_total < kill_quota and rng.random() < share
        delay = rng.uniform(0.1, 1.2) * typical.get(action, 1.0) if kill else None
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "articlediff", "--store", store, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(stdin.encode() if stdin else None, timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            killed_total += 1
            return {"action": action, "ok": False, "killed": True}, ""
        spent = time.monotonic() - started
        typical[action] = 0.7 * typical.get(action, spent) + 0.3 * spent
        record: dict[str, object] = {
            "action": action,
            "ok": process.returncode == 0,
            "killed": False,
            "code": process.returncode,
            "stderr": err.decode("utf-8", "replace"),
        }
        return record, out.decode("utf-8", "replace")

    with ledger.open("a", encoding="utf-8") as book:

        def write(record: dict[str, object]) -> None:
            book.write(json.dumps(record) + "\n")
            book.flush()
            os.fsync(book.fileno())

        while time.monotonic() < hard_stop:
            if time.monotonic() >= deadline and killed_total >= kill_quota:
                break
            choice = rng.random()
            if choice < 0.45:
                counter += 1
                shown, out = run("show", ["show", article_id, "--json"], None, killable=False)
                body = json.loads(out)["body"].split("\n\n") if shown["ok"] else None
                if not body:
                    body = template(article, desks)
                slot = 1 + sorted(w for w in desks if w % ARTICLES == article).index(worker)
                paragraph = slot_text(desk, worker, counter)
                body[slot] = paragraph
                text = f"Story about the {WORDS[article]}\n\n" + "\n\n".join(body) + "\n"
                record, out = run("save", ["save", "-", "--id", article_id, "--json"], text)
                write(acknowledged(record, out, id=article_id, paragraph=paragraph))
            elif choice < 0.60:
                counter += 1
                text = (
                    f"Correction: an earlier version misstated the {NAMES[worker]} words "
                    f"{words(counter)}."
                )
                args = ["correct", article_id, "--kind", "correction", "--text", text, "--json"]
                record, out = run("correct", args, None)
                write(acknowledged(record, out, id=article_id, entry=text))
            elif choice < 0.70:
                counter += 1
                folder = scratch / f"import-{worker}-{counter}"
                target = folder / "local" / own_import.split("/")[1]
                target.mkdir(parents=True)
                texts = []
                for part in range(3):
                    import_clock += 60
                    moment = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(import_clock))
                    line = f"the imported paragraph of batch {words(counter)} part {WORDS[part]}."
                    texts.append(line)
                    (target / f"r{part}.md").write_text(
                        f"---\nheadline: Imported by {NAMES[worker]}\nupdated: '{moment}'\n---"
                        f"\n\n{line}\n",
                        encoding="utf-8",
                    )
                record, out = run("import", ["import", str(folder), "--json"], None)
                if record["ok"]:
                    record.update(id=own_import, texts=texts)
                write(record)
            else:
                record, out = run("sync", ["sync", "--json"], None)
                if record["ok"]:
                    record.update(outcome=json.loads(out))
                write(record)


if __name__ == "__main__":
    main()
