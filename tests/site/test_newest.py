"""The feed's bounded heap keeps exactly the newest entries, whatever order they come in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from articlediff.site.feed import NewestEntries


def test_oldest_time_is_none_until_the_heap_is_full() -> None:
    newest = NewestEntries(2)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    newest.offer([(start, "wire/a", 1)])
    assert newest.oldest_time() is None
    newest.offer([(start + timedelta(hours=1), "wire/b", 1), (start, "wire/a", 2)])
    assert newest.oldest_time() == start


def test_newest_entries_are_the_top_of_the_sorted_keys() -> None:
    rng = random.Random(17)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for limit in (1, 3, 10, 500):
        keys = [
            (start + timedelta(minutes=rng.randrange(50)), f"wire/story-{k % 7}", k)
            for k in range(300)
        ]
        newest = NewestEntries(limit)
        for k in range(0, len(keys), 13):
            newest.offer(keys[k : k + 13])
        top = sorted(keys, reverse=True)[:limit]
        assert len(newest) == len(top)
        assert newest.article_ids() == sorted({article_id for _, article_id, _ in top})
        # No older entry can get in once the heap is full: the time the claims must hold from.
        assert newest.oldest_time() == (top[-1][0] if len(keys) >= limit else None)
