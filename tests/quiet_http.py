"""A local HTTP server for tests that never prints into a command's captured stderr.

Test servers run in the test's own process, whose ``sys.stderr`` is the command's captured
stderr while ``CliRunner`` runs it. A client that hangs up on a kept-alive connection (a
fetch that closes an error answer without reading its body resets the connection, as real
clients do) is not an error of the server: socketserver would print its traceback to
``sys.stderr`` from the server's thread at whatever moment the reset arrives, into the
middle of the command's output. Here a hang-up is counted; any other error is kept and
printed to the process's real stderr.
"""

from __future__ import annotations

import http.server
import sys
import threading
import traceback


class QuietHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.hung_up = threading.Semaphore(0)  # released once per connection a client reset
        self.errors: list[BaseException] = []

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            self.hung_up.release()
            return
        if error is not None:
            self.errors.append(error)
        traceback.print_exc(file=sys.__stderr__)
