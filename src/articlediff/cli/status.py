"""Exit statuses, and the one place that turns what stopped a command into one.

Commands raise the library's errors (``InputError``, ``StoreError`` and their subclasses) or
Click's usage errors; ``exit_statuses`` below, wrapped around every command by the group,
turns each into one line on stderr and its status. No other module of the CLI calls
``sys.exit`` or writes an exit status as a number.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

import click

from articlediff.errors import ArticleDiffError, StoreError


class ExitStatus(IntEnum):
    """What the process's exit status tells a script or CI (see the README's table)."""

    OK = 0
    FINDINGS = 1
    """``check`` found problems."""
    BAD_INPUT = 2
    """Bad invocation or bad input: unreadable or binary file, bad time, unknown article or
    revision, invalid id."""
    STORE = 3
    """A store problem: not a store, busy for too long, damaged."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT, as shells report it)."""


class CommandError(click.ClickException):
    """An error on its way out: Click prints ``Error: <message>`` and exits with ``status``."""

    def __init__(self, message: str, status: ExitStatus) -> None:
        super().__init__(message)
        self.exit_code = status  # type: ignore[misc]  # Click reads it per instance


@contextmanager
def exit_statuses() -> Iterator[None]:
    """Run a command, turning whatever stops it into one line on stderr and an exit status.

    - ``ArticleDiffError``: its message, ``STORE`` for store errors, else ``BAD_INPUT``.
    - Click's usage errors: one line instead of Click's usage block, ``BAD_INPUT``.
    - Ctrl-C: says the store is unchanged (writes are all-or-nothing), ``INTERRUPTED``.
    - A closed output pipe (``articlediff log ID | head``): nothing more is written, and the
      status is ``FINDINGS`` (1), as Click has always exited on it: not 0, so that ``check |
      head`` under ``pipefail`` never passes for a check that did not finish.
    - Any other OS error: its file and cause, ``STORE``.
    """
    try:
        yield
    except ArticleDiffError as error:
        status = ExitStatus.STORE if isinstance(error, StoreError) else ExitStatus.BAD_INPUT
        raise CommandError(str(error), status) from None
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "articlediff"
        message = f"{error.format_message()} (see '{where} --help')"
        raise CommandError(message, ExitStatus.BAD_INPUT) from None
    except KeyboardInterrupt:
        click.echo("interrupted; the store is unchanged", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # As Python's documentation advises: what is still buffered for the closed pipe
        # goes to devnull, so that flushing it at exit cannot fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitStatus.FINDINGS)
    except OSError as error:
        # The store names the file and the cause of every OS error its writes meet
        # (``store.files``); this is the net for any other, one line instead of a traceback.
        where = f"{error.filename}: " if error.filename else ""
        raise CommandError(f"{where}{error.strerror or error}", ExitStatus.STORE) from None
