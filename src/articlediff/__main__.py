"""``python -m articlediff``: the same as the ``articlediff`` command."""

from articlediff.cli import cli

cli(prog_name="articlediff")
