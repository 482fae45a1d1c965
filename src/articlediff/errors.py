"""The library's exception hierarchy.

Every error the library raises on purpose is an ``ArticleDiffError``, of one of two
families that the CLI maps to exit codes in one place: ``InputError`` (and its
``NotFoundError``) → 2, ``StoreError`` (and its ``StoreBusyError``) → 3. Messages are one
line, written for the person at the terminal.
"""

from __future__ import annotations


class ArticleDiffError(Exception):
    """Base class of every error articlediff raises on purpose."""


class InputError(ArticleDiffError):
    """Bad input: an unreadable or binary file, a bad time, an invalid id or reference."""


class NotFoundError(InputError):
    """An unknown article or revision."""


class StoreError(ArticleDiffError):
    """A store problem: not a store, damaged, or locked for too long."""


class StoreBusyError(StoreError):
    """Another process held the store's lock for longer than the wait allows."""
