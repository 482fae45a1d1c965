"""Changing ``articlediff.toml`` from the command line (``watch add`` / ``watch remove``).

A settings change is a commit of its own, of a kind apart from revisions: it touches
``articlediff.toml`` only, never a file under ``versions/``, and its message starts with
``config:`` and carries no revision trailers. ``verify`` checks revisions only in commits that
change ``versions/``, and checks that the settings on the branch parse, so such commits keep
it happy; ``sync`` carries them like any other commit.

The edit is made on the text, so comments and layout are kept: a ``[[watch]]`` table is
appended, or the lines of one are cut out. The result is parsed again and must hold exactly
the settings intended, else nothing is written. Like a save, the commit is written under the
store's lock and lands by compare-and-swap of the branch; then the working copy is refreshed.
A working copy of ``articlediff.toml`` with changes not yet committed is never overwritten.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from articlediff.common.timeutil import now
from articlediff.errors import InputError, StoreError
from articlediff.store.config import CONFIG_NAME, StoreConfig, parse_config
from articlediff.store.files import check_no_links
from articlediff.store.seen import record_tip
from articlediff.store.store import Store
from articlediff.store.watchconfig import WatchSource

_TABLE_HEADER: Final = re.compile(r"^\s*\[")
_WATCH_HEADER: Final = re.compile(r"^\s*\[\[\s*watch\s*\]\]\s*(?:#.*)?$")


def add_watch_source(store: Store, source: WatchSource) -> str:
    """Append ``source`` as a ``[[watch]]`` table, in a commit of its own; its id."""

    def edit(text: str, config: StoreConfig) -> tuple[str, list[WatchSource]]:
        if config.watch.source(source.name) is not None:
            raise InputError(f"a watch source named {source.name!r} exists already")
        block = "\n[[watch]]\n" + "".join(
            f"{key} = {_toml_value(value)}\n" for key, value in source.to_toml().items()
        )
        return text.rstrip("\n") + "\n" + block, [*config.watch.sources, source]

    return _commit_edit(store, edit, f"config: watch {source.name}")


def remove_watch_source(store: Store, name: str) -> str:
    """Cut the ``[[watch]]`` table named ``name`` out, in a commit of its own; its id."""

    def edit(text: str, config: StoreConfig) -> tuple[str, list[WatchSource]]:
        names = [source.name for source in config.watch.sources]
        if name not in names:
            known = ", ".join(names) or "none"
            raise InputError(f"no watch source named {name!r} (sources: {known})")
        index = names.index(name)
        lines = text.splitlines(keepends=True)
        headers = [number for number, line in enumerate(lines) if _WATCH_HEADER.match(line)]
        if len(headers) != len(names):
            raise InputError(
                f"{CONFIG_NAME} writes its watch sources in a form this command cannot edit; "
                "remove the table by hand"
            )
        start = headers[index]
        end = next(
            (n for n in range(start + 1, len(lines)) if _TABLE_HEADER.match(lines[n])), len(lines)
        )
        kept = [*lines[:start], *lines[end:]]
        return "".join(kept).rstrip("\n") + "\n", [
            source for source in config.watch.sources if source.name != name
        ]

    return _commit_edit(store, edit, f"config: stop watching {name}")


def _commit_edit(store: Store, edit: Any, subject: str) -> str:
    repo = store.git
    with repo.writing():
        check_no_links(store.root, CONFIG_NAME)
        head = repo.head_commit()
        blob = repo.blob_at(head, CONFIG_NAME) if head else None
        if head is None or blob is None:
            raise StoreError(
                f"{store.root}: no {CONFIG_NAME} on the branch; run 'articlediff init'"
            )
        committed = repo.read_blob(blob)
        try:
            on_disk = (store.root / CONFIG_NAME).read_bytes()
        except OSError as error:
            raise StoreError(f"cannot read {CONFIG_NAME}: {error.strerror}") from None
        if on_disk != committed:
            raise InputError(
                f"{CONFIG_NAME} has changes that are not committed; commit or undo them first"
            )
        text = committed.decode("utf-8")
        config = parse_config(text, CONFIG_NAME)
        new_text, expected = edit(text, config)
        try:
            new_config = parse_config(new_text, CONFIG_NAME)
        except StoreError as error:
            raise InputError(str(error)) from None
        if list(new_config.watch.sources) != expected or _others(new_config) != _others(config):
            raise InputError(
                f"{CONFIG_NAME} is laid out in a way this command cannot edit safely; "
                "edit it by hand"
            )
        data = new_text.encode("utf-8")
        new_blob = repo.write_object("blob", data)
        tree = repo.tree_with_file(repo.tree_of(head), CONFIG_NAME, new_blob)
        moment = now(store.tz)
        commit = repo.write_commit(tree, head, f"{subject}\n", repo.identity(), moment, moment)
        repo.move_branch(repo.branch_ref(), commit, head, f"articlediff {subject}")
        record_tip(repo, commit, parent=head)
        repo.sync_worktree_file(CONFIG_NAME, new_blob, data)
    store.config = new_config
    return commit


def _others(config: StoreConfig) -> tuple[object, ...]:
    """Everything a watch edit must leave as it was."""
    tables = {key: value for key, value in config.tables.items() if key != "watch"}
    return (config.timezone, config.max_source_bytes, tables, config.watch.settings)


def _toml_value(value: Any) -> str:
    """A TOML value for a string or a list of strings (JSON's string escapes are TOML's)."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
