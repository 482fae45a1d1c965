"""``sync`` and ``verify``: sharing a store with a team, and checking a clone.

``sync`` rebuilds the history of an article both clones changed with a three-way merge of
each revision's own edit; the store takes that merge as a value, so it is handed over here
(``diff.merge.merge_articles``), where both layers are in reach.
"""

from __future__ import annotations

from articlediff.app.log import body_change
from articlediff.diff.merge import merge_articles
from articlediff.store import Store
from articlediff.store.sync import SyncOutcome, sync_store
from articlediff.store.verify import VerifyReport, verify_store


def sync_with_remote(store: Store, remote: str | None = None) -> SyncOutcome:
    """Fetch, put both sides' revisions together, push: see ``store.sync``."""
    return sync_store(store, remote, merge=merge_articles)


def verify(store: Store, *, accept_rewrite: bool = False) -> VerifyReport:
    """Check the clone (see ``store.verify``), its caches' word counts included;
    ``accept_rewrite`` first accepts a history rewritten since this clone last saw it."""
    return verify_store(store, count_words=body_change, accept_rewrite=accept_rewrite)
