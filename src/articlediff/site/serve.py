"""Previewing a built site on 127.0.0.1 with the standard library's HTTP server."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final

from articlediff.errors import InputError

_TYPES: Final = {
    ".jsonld": "application/ld+json",
    ".xml": "application/atom+xml",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**self.extensions_map, **_TYPES}
        super().__init__(*args, **kwargs)


def make_server(root: Path, port: int = 8000) -> ThreadingHTTPServer:
    """A server for the files under ``root`` on 127.0.0.1 (``port`` 0: any free port).
    Call ``serve_forever()`` on it; it serves nothing outside ``root``."""
    handler = functools.partial(_Handler, directory=str(root))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise InputError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None
