"""What every command shares while it runs: the store behind ``ctx.obj``, and JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from articlediff.store import Store


@dataclass
class App:
    """The domain object passed through ``ctx.obj``: opens the store on first use."""

    store_path: str | None
    opened: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        if self.opened is None:
            from articlediff.store import Store, find_store_root

            self.opened = Store(find_store_root(self.store_path, Path.cwd()))
        return self.opened

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()


pass_app = click.make_pass_decorator(App)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
