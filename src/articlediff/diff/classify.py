"""Sentence-level classification of edits (NewsEdits: addition, deletion, edit, move) and the
overall verdict. The rules are documented in docs/diff.md; keep the two in step."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Final

from articlediff.diff.align import PAIR_SIMILARITY, bag, pair_in_order, similarity
from articlediff.diff.engine import Budget, align_units
from articlediff.diff.model import LEVELS, Change, ChangeKind, Level
from articlediff.diff.tokens import count_words, is_word, sentence_bounds, token_keys, tokenize
from articlediff.diff.words import diff_tokens

DELETED_CONTENT_WORDS: Final = 4
"""A deleted sentence with at least this many words removes published content: substantive."""
SENTENCE_MOVE_WORDS: Final = 4
"""A sentence deleted in one place and added unchanged in another is a move if this long."""

_DATE_WORDS: Final = frozenset(
    (
        *("january", "february", "april", "june", "july", "august", "september"),
        *("october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug"),
        *("sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday"),
    )
)
# Month names that are also common words count only when capitalised.
_CAPITALISED_DATE_WORDS: Final = frozenset({"May", "March"})
_NEGATIONS: Final = frozenset(
    ("not", "no", "never", "nor", "none", "nobody", "nothing", "neither", "cannot", "without")
)
_OPEN_QUOTES: Final = frozenset("“‘«「『„")
_CLOSE_QUOTES: Final = frozenset("”’»」』")
_TOGGLE_QUOTES: Final = frozenset("\"'")
_QUOTES: Final = _OPEN_QUOTES | _CLOSE_QUOTES | _TOGGLE_QUOTES


@dataclass(frozen=True)
class Unit:
    """A paragraph's tokens, with the per-token facts classification needs worked out lazily."""

    tokens: Sequence[str]
    keys: Sequence[str]

    @classmethod
    def of(cls, text: str) -> Unit:
        tokens = tokenize(text)
        return cls(tokens, token_keys(tokens))

    @cached_property
    def quoted(self) -> list[bool]:
        return _quoted(self.tokens)

    @cached_property
    def starts(self) -> list[bool]:
        return _sentence_starts(self.tokens)


def _quoted(tokens: Sequence[str]) -> list[bool]:
    """Which tokens lie inside quotation marks (quote marks included).

    A quote mark glued to words on both sides (``Putin’s``) is an apostrophe, not a quote.
    """
    out = [False] * len(tokens)
    depth = 0
    n = len(tokens)
    for k, tok in enumerate(tokens):
        if tok not in _QUOTES:
            out[k] = depth > 0
            continue
        prev_word = k > 0 and is_word(tokens[k - 1])
        next_word = k + 1 < n and is_word(tokens[k + 1])
        if prev_word and next_word:
            out[k] = depth > 0
        elif tok in _OPEN_QUOTES or (tok in _TOGGLE_QUOTES and not prev_word and next_word):
            depth += 1
            out[k] = True
        elif depth:
            out[k] = True
            depth -= 1
    return out


def _sentence_starts(tokens: Sequence[str]) -> list[bool]:
    """Marks words that start a sentence, a quotation or a clause after a colon: there a
    capital letter says nothing about names."""
    out = [False] * len(tokens)
    starts = set(sentence_bounds(tokens))
    expecting = True
    for k, tok in enumerate(tokens):
        if k in starts or tok in _OPEN_QUOTES or tok in _TOGGLE_QUOTES or tok in (":", "—", "-"):
            expecting = True
        if is_word(tok):
            out[k] = expecting
            expecting = False
    return out


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions)."""
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _is_name(unit: Unit, k: int) -> bool:
    tok = unit.tokens[k]
    return is_word(tok) and tok[0].isupper() and not unit.starts[k]


def _is_date(tok: str) -> bool:
    return tok.casefold() in _DATE_WORDS or tok in _CAPITALISED_DATE_WORDS


def _is_negation(tok: str) -> bool:
    folded = tok.casefold()
    return folded in _NEGATIONS or folded.endswith("n't")


def edit_signals(
    old: Unit, a: tuple[int, int], new: Unit, b: tuple[int, int], *, name_field: str = ""
) -> tuple[Level, tuple[str, ...]]:
    """Level and signals of an edit turning ``old.tokens[a]`` into ``new.tokens[b]``."""
    a_keys, b_keys = old.keys[a[0] : a[1]], new.keys[b[0] : b[1]]
    spans = diff_tokens(a_keys, b_keys, Budget())
    gone = [a[0] + k for tag, i1, i2, _, _ in spans if tag == "delete" for k in range(i1, i2)]
    came = [b[0] + k for tag, _, _, j1, j2 in spans if tag == "insert" for k in range(j1, j2)]
    gone = [k for k in gone if not old.tokens[k].isspace()]
    came = [k for k in came if not new.tokens[k].isspace()]
    if not gone and not came:
        return "minor", ("whitespace",)
    old_words = [t.casefold() for t in old.keys[a[0] : a[1]] if is_word(t)]
    new_words = [t.casefold() for t in new.keys[b[0] : b[1]] if is_word(t)]
    gone_words = [k for k in gone if is_word(old.tokens[k])]
    came_words = [k for k in came if is_word(new.tokens[k])]
    symbols = any(not is_word(old.tokens[k]) and _symbol(old.tokens[k]) for k in gone) or any(
        not is_word(new.tokens[k]) and _symbol(new.tokens[k]) for k in came
    )
    if old_words == new_words and not symbols:
        return "minor", ("case",) if gone_words or came_words else ("punctuation",)
    if len(gone_words) == 1 and len(came_words) == 1 and not symbols:
        before, after = old.tokens[gone_words[0]], new.tokens[came_words[0]]
        if _spelling_fix(before, after, _is_name(old, gone_words[0])):
            return "minor", ("spelling",)
    signals: list[str] = []
    if name_field == "headline":
        signals.append("headline")
    changed = [(old, k) for k in gone] + [(new, k) for k in came]
    if any(any(c.isdigit() for c in unit.tokens[k]) for unit, k in changed):
        signals.append("number")
    if any(_is_date(unit.tokens[k]) for unit, k in changed):
        signals.append("date")
    if any(_is_name(unit, k) for unit, k in changed):
        signals.append("name")
    if any(unit.quoted[k] for unit, k in changed):
        signals.append("quote")
    if any(_is_negation(unit.tokens[k]) for unit, k in changed if is_word(unit.tokens[k])) or (
        len(gone_words) == 1
        and len(came_words) == 1
        and _negated_pair(old.tokens[gone_words[0]], new.tokens[came_words[0]])
    ):
        signals.append("negation")
    if signals:
        return "substantive", tuple(signals)
    return "update", ("rewording",)


def _symbol(tok: str) -> bool:
    return unicodedata.category(tok[0])[0] != "P"


_NEGATING_PREFIXES: Final = ("un", "in", "im", "il", "ir", "non", "dis", "non-")


def _negated_pair(before: str, after: str) -> bool:
    shorter, longer = sorted((before.casefold(), after.casefold()), key=len)
    return any(longer == prefix + shorter for prefix in _NEGATING_PREFIXES)


def _spelling_fix(before: str, after: str, is_name: bool) -> bool:
    """A one-word spelling fix: no digits, three letters or more (so never a CJK character),
    and a small edit distance.

    Never for a name (a misspelt name is a classic printed correction) nor for a word that
    only gains or loses a negating prefix ("armed" → "unarmed" reverses the meaning).
    """
    if is_name or any(c.isdigit() for c in before + after) or max(len(before), len(after)) < 3:
        return False
    if _negated_pair(before, after):
        return False
    a, b = before.casefold(), after.casefold()
    limit = min(2, max(1, max(len(a), len(b)) // 3))
    return _distance(a, b) <= limit


def _sentences(unit: Unit) -> list[tuple[int, int]]:
    bounds = sentence_bounds(unit.tokens)
    out = []
    for s, e in itertools.pairwise(bounds):
        while e > s and unit.tokens[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _text(unit: Unit, span: tuple[int, int]) -> str:
    return "".join(unit.tokens[span[0] : span[1]])


def _words(unit: Unit, span: tuple[int, int]) -> int:
    return count_words(unit.tokens[span[0] : span[1]])


def deletion(unit: Unit, s: tuple[int, int], field: str, paragraph: int | None) -> Change:
    substantive = field != "captions" and _words(unit, s) >= DELETED_CONTENT_WORDS
    return Change(
        "deletion",
        field,
        paragraph,
        _text(unit, s),
        None,
        ("deleted_content",) if substantive else (),
        "substantive" if substantive else "update",
    )


def addition(unit: Unit, s: tuple[int, int], field: str, paragraph: int | None) -> Change:
    return Change("addition", field, paragraph, None, _text(unit, s), (), "update")


def sentence_changes(
    old: Unit | None, new: Unit | None, field: str, paragraph: int | None
) -> list[Change]:
    """Changes between two versions of one paragraph (either may be absent), sentence by
    sentence: unchanged sentences are skipped, similar ones are edits."""
    sa = _sentences(old) if old else []
    sb = _sentences(new) if new else []
    if old is None or not sa:
        return [addition(new, s, field, paragraph) for s in sb] if new else []
    if new is None or not sb:
        return [deletion(old, s, field, paragraph) for s in sa]
    keys_a = ["".join(old.keys[s:e]) for s, e in sa]
    keys_b = ["".join(new.keys[s:e]) for s, e in sb]
    out: list[Change] = []
    spans = align_units(keys_a, keys_b, Budget())
    k = 0
    while k < len(spans):
        tag, i1, i2, j1, j2 = spans[k]
        k += 1
        if tag == "equal":
            continue
        while k < len(spans) and spans[k][0] != "equal":
            i2, j2 = max(i2, spans[k][2]), max(j2, spans[k][4])
            k += 1
        if i1 < i2 and j1 < j2:
            # Splitting or joining sentences with punctuation alone is still a minor edit.
            whole_a, whole_b = (sa[i1][0], sa[i2 - 1][1]), (sb[j1][0], sb[j2 - 1][1])
            level, signals = edit_signals(old, whole_a, new, whole_b, name_field=field)
            if level == "minor":
                text_a, text_b = _text(old, whole_a), _text(new, whole_b)
                out.append(Change("edit", field, paragraph, text_a, text_b, signals, level))
                continue
        bags_a = [bag(old.keys[s:e]) for s, e in sa[i1:i2]]
        bags_b = [bag(new.keys[s:e]) for s, e in sb[j1:j2]]
        order = pair_in_order(i2 - i1, j2 - j1, _similar(bags_a, bags_b), PAIR_SIMILARITY)
        for x, y in order:
            if x is not None and y is not None:
                level, signals = edit_signals(old, sa[i1 + x], new, sb[j1 + y], name_field=field)
                out.append(
                    Change(
                        "edit",
                        field,
                        paragraph,
                        _text(old, sa[i1 + x]),
                        _text(new, sb[j1 + y]),
                        signals,
                        _cap(level, field),
                    )
                )
            elif x is not None:
                out.append(deletion(old, sa[i1 + x], field, paragraph))
            elif y is not None:
                out.append(addition(new, sb[j1 + y], field, paragraph))
    return out


def _similar(a: list[Counter[str]], b: list[Counter[str]]) -> Callable[[int, int], float]:
    return lambda x, y: similarity(a[x], b[y])


def _cap(level: Level, field: str) -> Level:
    # Captions and bylines describe the page, not the story's claims: at most an update.
    if field in ("captions", "byline") and level == "substantive":
        return "update"
    return level


def field_edit(name: str, old: str, new: str) -> list[Change]:
    """A single-unit field (headline, byline) as one edit, or an addition/deletion."""
    if old == new:
        return []
    if not old.strip():
        return [Change("addition", name, None, None, new, (), _headline_level(name, "update"))]
    if not new.strip():
        return [Change("deletion", name, None, old, None, (), _headline_level(name, "update"))]
    a, b = Unit.of(old), Unit.of(new)
    level, signals = edit_signals(a, (0, len(a.tokens)), b, (0, len(b.tokens)), name_field=name)
    if name == "headline" and level == "update":
        level, signals = "substantive", ("headline", *signals)
    return [Change("edit", name, None, old, new, signals, _cap(level, name))]


def _headline_level(name: str, level: Level) -> Level:
    return "substantive" if name == "headline" else level


def merge_sentence_moves(changes: list[Change]) -> list[Change]:
    """A sentence deleted in one place and added, unchanged, in another becomes one move."""
    added: dict[str, list[int]] = {}
    for k, c in enumerate(changes):
        if c.kind == "addition" and c.sentence_new is not None:
            key = unicodedata.normalize("NFC", c.sentence_new.strip())
            if count_words(tokenize(key)) >= SENTENCE_MOVE_WORDS:
                added.setdefault(f"{c.field}\0{key}", []).append(k)
    if not added:
        return changes
    replaced: dict[int, Change] = {}
    dropped: set[int] = set()
    for k, c in enumerate(changes):
        if c.kind != "deletion" or c.sentence_old is None:
            continue
        key = f"{c.field}\0{unicodedata.normalize('NFC', c.sentence_old.strip())}"
        waiting = added.get(key)
        if waiting:
            target = waiting.pop(0)
            new = changes[target]
            dropped.add(k)
            replaced[target] = Change(
                "move", c.field, new.paragraph, c.sentence_old, new.sentence_new, (), "update"
            )
    return [replaced.get(k, c) for k, c in enumerate(changes) if k not in dropped]


def verdict(changes: Iterable[Change]) -> Level:
    """The highest level among the changes; ``minor`` when there are none."""
    best = 0
    for c in changes:
        best = max(best, LEVELS.index(c.level))
    return LEVELS[best]


def move_change(old: Unit, new: Unit, paragraph: int) -> Change:
    kind: ChangeKind = "move"
    return Change(kind, "body", paragraph, "".join(old.tokens), "".join(new.tokens), (), "update")
