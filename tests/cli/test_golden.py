"""Whole transcripts of the command line, compared with ``tests/cli/golden/*.txt``.

Each transcript is the command as typed, its exit status, then all of stdout and all of
stderr (see ``transcript``), so that a changed word, line, stream or status shows up. The
commands run on a store made by ``init`` and two ``save``s of the sample with fixed times;
the read commands get ``--store`` pointing at it, which the transcript leaves out. What must
differ from run to run is normalised first: see ``normalise``.

After an intended change of output, regenerate the transcripts with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/cli/test_golden.py

and review the diff of tests/cli/golden/ like any other change.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from articlediff.cli import cli
from articlediff.cli.commands.demo import SAMPLE_VERSIONS, as_typed
from tests import golden_files
from tests.conftest import ROOT, SAMPLE_EARLIER, SAMPLE_LATEST, git, isolate_git

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE_ID = "gbnews/putin-kim-visit"
REGENERATE = "tests/cli/test_golden.py"

_COMMIT = re.compile(r"\b[0-9a-f]{40}\b|\b[0-9a-f]{10}\b")
_RECORDED = re.compile(r"(recorded\W{1,4})\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)? ?[+-]\d\d:\d\d")
_DURATION = re.compile(r"\bin \d+\.\ds( \([\d,]+/s\))?")
_DEMO_FOLDER = re.compile(r"articlediff-demo-\w+")


def normalise(text: str, paths: Mapping[Path, str], commits: Sequence[str] = ()) -> str:
    """``text`` with what differs from one run to the next made fixed:

    - each folder in ``paths`` (the test's temporary folder, the sample, the project) by its
      placeholder, and the random name of the demo's throw-away folder by
      ``articlediff-demo-<random>``;
    - commit ids (40 hex digits, or the 10 that tables show) by ``<commit-N>``: ``commits``
      (the store's, oldest first) numbered first, then the others in order of appearance; a
      short id takes the number of the full id it begins;
    - recorded-at times, the commit times the store takes from the clock (``recorded …``,
      ``"recorded": "…"``), by ``<recorded>``;
    - the time an import took, and its rate (``in 0.1s (35/s)``), by ``in <duration>``.

    Revision times never change: the commands give them with ``--at``, or the sample does.
    """
    for path, placeholder in sorted(paths.items(), key=lambda item: -len(str(item[0]))):
        text = text.replace(str(path), placeholder)
    text = _DEMO_FOLDER.sub("articlediff-demo-<random>", text)
    seen = list(commits)

    def number(match: re.Match[str]) -> str:
        commit = match.group(0)
        for index, known in enumerate(seen):
            if known.startswith(commit) or commit.startswith(known):
                seen[index] = max(known, commit, key=len)
                return f"<commit-{index + 1}>"
        seen.append(commit)
        return f"<commit-{len(seen)}>"

    text = _COMMIT.sub(number, text)
    text = _RECORDED.sub(r"\1<recorded>", text)
    return _DURATION.sub("in <duration>", text)


def transcript(args: list[str], result: Result) -> str:
    """``$ articlediff ARGS``, ``exit N``, then ``--- stdout`` and ``--- stderr`` each followed
    by the stream's text; a stream that does not end with a newline is marked so."""
    lines = [f"$ articlediff {as_typed(args)}\n", f"exit {result.exit_code}\n"]
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        lines.append(f"--- {name}\n")
        if text and not text.endswith("\n"):
            text += "\n\\ no newline at end\n"
        lines.append(text)
    return "".join(lines)


@dataclass
class Sample:
    """The store the transcripts run on, and the transcripts of making it."""

    tmp: Path
    store: Path
    made: dict[str, str]
    commits: list[str]

    def run(self, *args: str, store: Path | None = None) -> str:
        """The normalised transcript of ``articlediff --store STORE ARGS``."""
        where = ["--store", str(store or self.store)]
        result = CliRunner().invoke(cli, [*where, *args])
        return self.normalise(transcript(list(args), result))

    @property
    def paths(self) -> dict[Path, str]:
        return {self.tmp: "<TMP>", SAMPLE_VERSIONS: "<SAMPLE>", ROOT: "<ROOT>"}

    def normalise(self, text: str) -> str:
        return normalise(text, self.paths, self.commits)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    """The sample saved twice (07:38 and 08:14, London time) into a new store, once for
    every transcript of this module: the read commands leave the store as it was."""
    tmp = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as patch:
        isolate_git(patch, tmp)  # for the whole module, as isolated_git does for one test
        sample = Sample(tmp, tmp / "store", {}, [])
        steps = {
            "init": ["init", str(sample.store), "--timezone", "Europe/London"],
            "save-r1": ["save", str(SAMPLE_EARLIER), "--id", SAMPLE_ID, "--at", "19/06/2024 07:38"],
            "save-r2": [
                *("save", str(SAMPLE_LATEST), "--id", SAMPLE_ID, "--at", "19/06/2024 08:14"),
                *("--note", "added expert comment"),
            ],
        }
        results = {}
        for name, args in steps.items():
            where = [] if name == "init" else ["--store", str(sample.store)]
            results[name] = (args, CliRunner().invoke(cli, [*where, *args]))
        sample.commits = git(sample.store, "rev-list", "--reverse", "HEAD").split()
        for name, (args, result) in results.items():
            sample.made[name] = sample.normalise(transcript(args, result))
        yield sample


CASES: dict[str, list[str]] = {
    "list": ["list"],
    "log": ["log", SAMPLE_ID],
    "show": ["show", SAMPLE_ID],
    "diff-terminal": ["diff", SAMPLE_ID, "--format", "terminal", "--color"],
    "diff-plain": ["diff", SAMPLE_ID, "--format", "plain"],
    "diff-markdown": ["diff", SAMPLE_ID, "--format", "markdown"],
    "diff-html": ["diff", SAMPLE_ID, "--format", "html"],
    "diff-json": ["diff", SAMPLE_ID, "--format", "json"],
    "diff-stat": ["diff", SAMPLE_ID, "--stat"],
    "check": ["check"],
    "check-json": ["check", "--format", "json"],
    "check-github": ["check", "--format", "github"],
    "check-junit": ["check", "--format", "junit"],
    "notes": ["notes", SAMPLE_ID],
    "blame": ["blame", SAMPLE_ID],
    "audit": ["audit"],
    # bad input: one line on stderr, nothing on stdout, and the status of its family
    "error-unknown-article": ["log", "gbnews/no-such-story"],
    "error-bad-time": ["log", SAMPLE_ID, "--since", "half past never"],
    "error-bad-id": ["save", str(SAMPLE_LATEST), "--id", "../etc/passwd"],
}
"""Read commands (and refused saves) on the sample store: golden file name -> arguments."""


@pytest.mark.parametrize("name", ["init", "save-r1", "save-r2"])
def test_making_the_sample_store(sample: Sample, name: str) -> None:
    golden_files.check_golden(GOLDEN / f"{name}.txt", sample.made[name], REGENERATE)


@pytest.mark.parametrize("name", sorted(CASES))
def test_command_on_the_sample_store(sample: Sample, name: str) -> None:
    golden_files.check_golden(GOLDEN / f"{name}.txt", sample.run(*CASES[name]), REGENERATE)


def test_binary_file_is_refused(sample: Sample) -> None:
    binary = sample.tmp / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    text = sample.run("save", str(binary), "--id", "local/photo")
    golden_files.check_golden(GOLDEN / "error-binary-file.txt", text, REGENERATE)


def test_not_a_store(sample: Sample) -> None:
    elsewhere = sample.tmp / "not-a-store"
    elsewhere.mkdir(exist_ok=True)
    text = sample.run("list", store=elsewhere)
    golden_files.check_golden(GOLDEN / "error-not-a-store.txt", text, REGENERATE)


def test_demo(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(sample.tmp))
    result = CliRunner().invoke(cli, ["demo"])
    text = normalise(transcript(["demo"], result), sample.paths)  # a store of its own
    golden_files.check_golden(GOLDEN / "demo.txt", text, REGENERATE)
