"""The ``articlediff`` command line: parse options, call one library function, print.

Exit codes (the contract scripts and CI rely on; ``status.ExitStatus``):

    0    success
    1    ``check`` found problems
    2    bad invocation or bad input (unreadable or binary file, bad time, unknown article
         or revision, invalid id)
    3    store problem (not a store, busy for too long, damaged)
    130  interrupted (Ctrl-C); the store is left as it was

Data goes to stdout, status and errors to stderr; every error is one line.

- ``main``: the group, the global ``--store`` option, command registration
- ``context``: the ``App`` passed through ``ctx.obj`` (opens the store on first use), JSON
  output
- ``options``: the option decorators several commands share
- ``status``: exit statuses and the one mapping from errors to them
- ``commands/``: the commands, one module per group of tasks

Each command imports the library modules it needs when it runs, so that ``--help`` and the
quick commands do not pay for the renderers, the diff engine or git.

Layer: the top. It may import every other layer, and it is the only package that imports
click.
"""

from articlediff.cli.main import cli

__all__ = ["cli"]
