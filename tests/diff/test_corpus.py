"""The rebuild property on real revision histories (../shared/corpus/wikipedia-versions)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from articlediff.diff import diff_texts

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "wikipedia-versions"
SAMPLE_SIZE = 30


def _pairs() -> list[tuple[Path, Path]]:
    if not CORPUS.is_dir():
        return []
    pairs = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        versions = sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))
        pairs.extend(itertools.pairwise(versions))
    return pairs


ALL_PAIRS = _pairs()
SAMPLE = ALL_PAIRS[:: max(1, len(ALL_PAIRS) // SAMPLE_SIZE)][:SAMPLE_SIZE]
_SKIP = pytest.mark.skipif(not ALL_PAIRS, reason=f"corpus not found at {CORPUS}")


def _check(old_path: Path, new_path: Path) -> None:
    old = old_path.read_text(encoding="utf-8")
    new = new_path.read_text(encoding="utf-8")
    diff = diff_texts(old, new)
    assert diff.new_body() == new
    assert diff.old_body() == old


def _id(pair: tuple[Path, Path]) -> str:
    return f"{pair[0].parent.name}:{pair[0].stem}-{pair[1].stem}"


@_SKIP
@pytest.mark.parametrize("pair", SAMPLE, ids=[_id(p) for p in SAMPLE])
def test_rebuild_sample(pair: tuple[Path, Path]) -> None:
    _check(*pair)


@_SKIP
@pytest.mark.slow
def test_rebuild_every_pair() -> None:
    for old, new in ALL_PAIRS:
        _check(old, new)
