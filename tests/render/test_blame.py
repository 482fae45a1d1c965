"""Blame over a history built in memory: which revision introduced each sentence."""

from __future__ import annotations

import pytest

from articlediff.analysis.blame import blame, split_sentences
from articlediff.errors import InputError
from articlediff.model import Article
from articlediff.render.blame import blame_record, render_blame_text
from tests.render.cases import revision

P1 = "Putin landed in Pyongyang. He was met by Kim."
P2_R2 = "Talks began at noon. A Kremlin spokesman said the talks went well."
P2_R3 = "Talks began at noon. A Kremlin spokesman, Dmitry Peskov, said the talks went well."


def history():  # type: ignore[no-untyped-def]
    r1 = revision(Article("H", (P1, "Talks began at noon.")), 1, "2024-06-19T07:38:00+01:00")
    r2 = revision(Article("H", (P1, P2_R2)), 2, "2024-06-19T08:14:00+01:00")
    r3 = revision(Article("H", (P1, P2_R3)), 3, "2024-06-19T10:00:00+01:00")
    return [r1, r2, r3]


def test_sentence_added_in_r2_and_reworded_in_r3() -> None:
    result = blame(history())
    assert result.revision.label == "r3"
    first, second = result.paragraphs
    assert [s.origin.label for s in first.sentences] == ["r1", "r1"]
    assert first.origin.label == "r1"
    assert [(s.text, s.origin.label) for s in second.sentences] == [
        ("Talks began at noon.", "r1"),
        ("A Kremlin spokesman, Dmitry Peskov, said the talks went well.", "r3"),
    ]
    assert second.origin.label == "r3"


def test_blame_at_r2_credits_the_added_sentence_to_r2() -> None:
    revisions = history()
    result = blame(revisions, revisions[1])
    assert [s.origin.label for s in result.paragraphs[1].sentences] == ["r1", "r2"]


def test_text_lines_start_with_revision_and_time() -> None:
    text = render_blame_text(blame(history()))
    assert text.splitlines() == [
        "r1  2024-06-19 07:38 +01:00  Putin landed in Pyongyang.",
        "r1  2024-06-19 07:38 +01:00  He was met by Kim.",
        "",
        "r1  2024-06-19 07:38 +01:00  Talks began at noon.",
        "r3  2024-06-19 10:00 +01:00  " + P2_R3.split(". ", 1)[1],
    ]


def test_removed_and_restored_sentence_is_credited_to_the_restoring_revision() -> None:
    r1 = revision(Article("H", ("One. Two.",)), 1, "2024-06-19T07:00:00+01:00")
    r2 = revision(Article("H", ("One.",)), 2, "2024-06-19T08:00:00+01:00")
    r3 = revision(Article("H", ("One. Two.",)), 3, "2024-06-19T09:00:00+01:00")
    assert [s.origin.label for s in blame([r1, r2, r3]).paragraphs[0].sentences] == ["r1", "r3"]


def test_technical_revisions_take_no_credit() -> None:
    r1 = revision(Article("H", ("One.  Two.",)), 1, "2024-06-19T07:00:00+01:00")
    r2 = revision(Article("H", ("One. Two!",)), 2, "2024-06-19T08:00:00+01:00", kind="technical")
    r3 = revision(Article("H", ("One. Two! Three.",)), 3, "2024-06-19T09:00:00+01:00")
    labels = [s.origin.label for s in blame([r1, r2, r3]).paragraphs[0].sentences]
    assert labels == ["r1", "r3", "r3"]


def test_json_record() -> None:
    record = blame_record(blame(history()))
    assert record["revision"] == "r3"
    assert record["paragraphs"][1]["sentences"][1]["revision"] == "r3"
    assert record["paragraphs"][1]["sentences"][1]["at"] == "2024-06-19T10:00:00+01:00"


def test_split_sentences_cjk() -> None:
    assert split_sentences("東京は晴れ。大阪は雨。") == [
        "東京は晴れ。大阪は雨。"
    ] or split_sentences("東京は晴れ。 大阪は雨。") == ["東京は晴れ。", "大阪は雨。"]


def test_empty_history_is_an_input_error() -> None:
    with pytest.raises(InputError):
        blame([])


# -- the walk back stops early: the same answer as comparing every revision ------------------


def reference_blame(history, target):  # type: ignore[no-untyped-def]
    """Blame as it was first written: every revision's wordings, then each wording's origin
    found by walking back from the end (the walk back in ``blame_chain`` must agree)."""
    from articlediff.analysis.blame import BlameParagraph, BlameSentence, wording

    upto = [r for r in history if r.number <= target.number]
    chain = [r for r in upto[:-1] if r.kind != "technical"] + [target]

    def sentences(article: Article) -> set[str]:
        return {wording(s) for p in article.body for s in split_sentences(p)}

    def origin(key: str, present: list[set[str]]):  # type: ignore[no-untyped-def]
        k = len(chain) - 1
        while k > 0 and key in present[k - 1]:
            k -= 1
        return chain[k]

    sentence_sets = [sentences(r.article) for r in chain]
    paragraph_sets = [{wording(p) for p in r.article.body} for r in chain]
    return [
        BlameParagraph(
            index,
            text,
            origin(wording(text), paragraph_sets),
            tuple(
                BlameSentence(s, origin(wording(s), sentence_sets)) for s in split_sentences(text)
            ),
        )
        for index, text in enumerate(target.article.body)
    ]


def long_history(count: int = 120):  # type: ignore[no-untyped-def]
    """Revisions that change a figure, reword, drop and restore sentences and paragraphs,
    move paragraphs and (now and then) are technical re-extractions."""
    import random

    rng = random.Random(17)
    pool = [
        f"Paragraph {n} says {n * 7} people were there. It was said by Official {n % 5}."
        for n in range(40)
    ]
    body = list(pool[:8])
    revisions = []
    dropped: list[str] = []
    for number in range(1, count + 1):
        if number > 1:
            move = rng.randrange(6)
            k = rng.randrange(len(body))
            if move == 0:
                body[k] = body[k].replace("people", "residents", 1)
            elif move == 1 and len(body) > 3:
                dropped.append(body.pop(k))
            elif move == 2 and dropped:
                body.insert(k, dropped.pop(rng.randrange(len(dropped))))  # put back
            elif move == 3:
                body.insert(k, rng.choice(pool))
            elif move == 4:
                body.append(body.pop(k))
            else:
                body[k] = body[k].split(". ")[0] + f". Updated {number}."
        kind = "technical" if number > 1 and number % 9 == 0 else None
        when = f"2024-06-{1 + number // 24:02d}T{number % 24:02d}:00:00+01:00"
        made = revision(Article("H", tuple(body)), number, when)
        if kind:
            from dataclasses import replace

            made = replace(made, kind=kind)
        revisions.append(made)
    return revisions


def test_the_walk_back_gives_what_comparing_every_revision_gives() -> None:
    revisions = long_history()
    for target in revisions:
        assert list(blame(revisions, target).paragraphs) == reference_blame(revisions, target)
    for target in history():
        assert list(blame(history(), target).paragraphs) == reference_blame(history(), target)


def test_the_walk_back_reads_only_what_it_needs() -> None:
    from articlediff.analysis.blame import blame_chain

    revisions = long_history()
    asked: list[int] = []

    class Counting(list):  # type: ignore[type-arg]
        def __getitem__(self, index):  # type: ignore[no-untyped-def]
            asked.append(index if isinstance(index, int) and index >= 0 else len(self) - 1)
            return super().__getitem__(index)

    chain = [r for r in revisions[:-1] if r.kind != "technical"] + [revisions[-1]]
    result = blame_chain(Counting(chain))
    assert list(result.paragraphs) == reference_blame(revisions, revisions[-1])
    origins = [p.origin for p in result.paragraphs]
    origins += [s.origin for p in result.paragraphs for s in p.sentences]
    # No revision older than the one before the oldest origin is read.
    assert min(asked) >= min(chain.index(origin) for origin in origins) - 1
    # A history whose latest text is all new is not read back beyond the revision before.
    asked.clear()
    fresh = [
        revision(Article("H", (f"Text number {n}.",)), n, f"2024-06-19T{n:02d}:00:00+01:00")
        for n in range(1, 21)
    ]
    assert blame_chain(Counting(fresh)).paragraphs[0].origin.label == "r20"
    assert min(asked) == 18
