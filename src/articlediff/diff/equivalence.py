"""Equivalences: two wordings that state the same thing, so that replacing one by the other
is house style (``minor``) in the labelling guideline's sense — "rewording that keeps every
fact, number, name, role, quote and attribution".

Each test here is general (grammar, inflection, word order, reference), never keyed to the
words of particular articles; docs/diff.md lists them with the figures that justified them
and the near misses that must stay ``update`` or ``substantive``.

Words are compared by their stem: the Snowball (Porter 2) English stemmer, pure Python and
deterministic, with the common irregular verb forms mapped to their base form ("lost" →
"lose", "won" → "win"), so "costs" → "cost", "reading" → "read" and "lost" → "lose" are the
same word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import snowballstemmer  # type: ignore[import-untyped]

from articlediff.diff import lexicon as lx

_STEMMER: Final = snowballstemmer.stemmer("english")

GRAMMAR_ONLY: Final = frozenset(
    (
        *("a", "an", "the", "that", "'s", "s"),
        *("is", "are", "was", "were", "be", "been", "being", "am"),
        *("has", "have", "had", "having", "do", "does", "did", "done"),
    )
)
"""Words that only serve the grammar of a sentence (articles, the complementiser "that",
auxiliary forms of be/have/do): left out when two wordings are compared word for word.
Modals (will, may, must), negations, prepositions and pronouns are kept: they carry claims
("to London" is not "from London", "will" is not "may")."""

DESCRIPTOR_STARTS: Final = frozenset(("the", "this", "that"))
"""How a descriptor that stands for a named referent begins ("the hacker", "the singer")."""


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's stem (case-folded input): irregular verb forms first, then Snowball."""
    base = lx.IRREGULAR_FORMS.get(word, word)
    return str(_STEMMER.stemWord(base))


def claim_words(tokens: Sequence[str]) -> list[str]:
    """The words a sentence's claims are made of, in order: every word but the purely
    grammatical ones (:data:`GRAMMAR_ONLY`), case-folded; lower-case words by their stem,
    capitalised ones (names: "Williams" is not "William") as they are."""
    out = []
    for token in tokens:
        folded = token.casefold()
        for word in expand(folded):
            if word not in GRAMMAR_ONLY:
                out.append(stem(word) if token[:1].islower() else word)
    return out


def initials(tokens: Sequence[str]) -> Counter[str]:
    """What :func:`claim_words` would give, by first letter only (no stemming): a stem keeps
    its word's first letter, so two wordings whose claim words differ here differ there.
    The cheap test that spares the stemmer nearly every stretch."""
    out: Counter[str] = Counter()
    for token in tokens:
        folded = token.casefold()
        for word in expand(folded) if "'" in folded else (folded,):
            if word not in GRAMMAR_ONLY:
                base = lx.IRREGULAR_FORMS.get(word, word) if token[:1].islower() else word
                out[base[:1]] += 1
    return out


def expand(word: str) -> tuple[str, ...]:
    """A contraction as its words ("don't" → "do not", "can't" → "cannot", "won't" → "will
    not"); any other word as itself."""
    if word in lx.CONTRACTIONS:
        return lx.CONTRACTIONS[word]
    if word.endswith("n't") and len(word) > 3:
        return (word[:-3], "not")
    return (word,)


SAME: Final = "same"
MOVED: Final = "moved"
SWAPPED: Final = "swapped"


def compare(old: Sequence[str], new: Sequence[str]) -> str | None:
    """How ``new`` (tokens as written) says ``old``'s claim words (:func:`claim_words`),
    when it has the same ones as often: :data:`SAME` (in the same order: grammar or
    inflection changed), :data:`MOVED` (one stretch moved elsewhere: a clause moved to the
    front, or the same clause put in the other voice: :func:`voice_changed`), :data:`SWAPPED`
    (two stretches exchanged around a verb: who did what to whom,
    see :func:`swapped`); ``None`` when the words differ or are otherwise reordered."""
    if voice_changed(old, new) or voice_changed(new, old):
        return MOVED  # the passive for the active, or back: the same claim
    if initials(old) != initials(new):
        return None
    a, b = claim_words(old), claim_words(new)
    if not a or Counter(a) != Counter(b):
        return None
    if a == b:
        return SAME
    if one_move(a, b):
        return MOVED
    return SWAPPED if _swapped(old, a, b) else None


_BE: Final = frozenset(("is", "are", "was", "were", "been", "being", "be"))
_AGENT: Final = frozenset(("by", "for"))


def voice_changed(passive: Sequence[str], active: Sequence[str]) -> bool:
    """The same clause in the passive and the active voice, doer and done-to kept: "Rest of
    the matches was lost for Herlev" / "Herlev lost the rest of the matches", "the gunmen
    were shot by police" / "police shot the gunmen" (never "the gunmen shot police"). The
    passive side has a form of "be", the verb, then "by" or "for" and the doer; the active
    side has the doer's words before the same verb and the done-to's after it."""
    p = [t.casefold() for t in passive]
    a = [t.casefold() for t in active]
    for i in range(len(p) - 2):
        if p[i] not in _BE or p[i + 2] not in _AGENT:
            continue
        verb = p[i + 1]
        done_to, doer = _content(p[:i]), _content(p[i + 3 :])
        for j, word in enumerate(a):
            if word != verb or (j > 0 and a[j - 1] in _BE) or not doer or not done_to:
                continue
            if _content(a[:j]) == doer and _content(a[j + 1 :]) == done_to:
                return True
    return False


def voice_flipped(old: Sequence[str], new: Sequence[str]) -> bool:
    """A verb put into the passive, or out of it, with the words around it left where they
    were ("police shot eight gunmen" → "police were shot by eight gunmen"): who did what to
    whom is reversed. ``old`` and ``new`` are the changed stretch's words and the word after
    it (the active verb's object must follow it: "order preserved under" is no clause)."""
    return _flipped(old, new) or _flipped(new, old)


_PREPOSITIONS: Final = frozenset(
    (
        *("by", "for", "under", "with", "to", "in", "on", "at", "from", "of", "into"),
        *("onto", "over", "through", "as", "against", "upon", "after", "before"),
    )
)
"""Words that cannot open the object after an active verb ("order preserved under …" is no
active clause)."""


def _flipped(passive: Sequence[str], active: Sequence[str]) -> bool:
    p = [t.casefold() for t in passive]
    a = [t.casefold() for t in active]
    for i in range(len(p) - 2):
        if p[i] in _BE and p[i + 2] in _AGENT and p[i + 1] in a:
            j = a.index(p[i + 1])
            if (j == 0 or a[j - 1] not in _BE) and j + 1 < len(a) and a[j + 1] not in _PREPOSITIONS:
                return _content(p[:i]) == _content(a[:j]) and _content(p[i + 3 :]) == _content(
                    a[j + 1 :]
                )
    return False


def _content(words: Sequence[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words if w not in lx.FUNCTION_WORDS)


def restated(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether ``new`` says what ``old`` says with the same words, grammar and inflection
    aside, in the same order or with one stretch moved (:func:`compare`). Two stretches
    swapped around a third ("police shot the gunmen" → "the gunmen shot police") changes
    who did what and is not a restatement."""
    return compare(old, new) in (SAME, MOVED)


def one_move(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether ``b`` is ``a`` with one contiguous stretch moved: with the common start and
    end taken off, what is left of ``b`` is a rotation of what is left of ``a``."""
    lo = 0
    while lo < len(a) and lo < len(b) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a, hi_b = hi_a - 1, hi_b - 1
    mid_a, mid_b = list(a[lo:hi_a]), list(b[lo:hi_b])
    if len(mid_a) != len(mid_b):
        return False
    return any(mid_a[k:] + mid_a[:k] == mid_b for k in range(1, len(mid_a)))


def swapped(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether two stretches changed places around one word between them ("police shot the
    gunmen" → "the gunmen shot police", "Smith beat Jones" → "Jones beat Smith"): who did
    what to whom changed, with the same words. The word between is a lower-case content
    word (a verb); each stretch has a content word, and neither is only a day (a time
    adverbial moves freely)."""
    return compare(old, new) == SWAPPED


def _swapped(old: Sequence[str], a: list[str], b: list[str]) -> bool:
    kept = [t for t in old if t.casefold() not in GRAMMAR_ONLY]
    if len(kept) != len(a):
        return False  # a contraction written out: not a plain exchange of words
    for k in range(1, len(a) - 1):
        if b != [*a[k + 1 :], a[k], *a[:k]]:
            continue
        middle = kept[k]
        if not middle[:1].islower() or middle.casefold() in lx.FUNCTION_WORDS:
            continue
        lowered = [t.casefold() for t in kept]
        if _names_someone(lowered[:k]) and _names_someone(lowered[k + 1 :]):
            return True
    return False


def _names_someone(words: Sequence[str]) -> bool:
    content = [w for w in words if w not in lx.FUNCTION_WORDS]
    return bool(content) and not all(
        w in lx.RELATIVE_DAYS or w in lx.WEEKDAYS or w in lx.TIMES_OF_DAY for w in content
    )


def is_pronoun_or_descriptor(words: Sequence[str]) -> bool:
    """A personal pronoun ("he", "she", "they") or a short descriptor ("the hacker", "the
    singer"): a way of referring to someone already named, not a new claim about who."""
    if not words or len(words) > 3:
        return False
    if all(w in lx.PERSONAL_PRONOUNS for w in words):
        return True
    rest = words[1:]
    return (
        words[0] in DESCRIPTOR_STARTS
        and bool(rest)
        and all(w.isalpha() and w not in lx.FUNCTION_WORDS for w in rest)
    )


def prefix_opposites(old: Sequence[str], new: Sequence[str]) -> tuple[str, str] | None:
    """A word and its opposite made by a negating prefix, one on each side ("illegally" →
    "legally", "unjustly" → "justly", "disagree" → "agree"): the pair, or ``None``."""
    for x in old:
        for y in new:
            shorter, longer = sorted((x, y), key=len)
            if len(shorter) >= 4 and any(
                longer == prefix + shorter for prefix in lx.OPPOSITE_PREFIXES
            ):
                return x, y
    return None
