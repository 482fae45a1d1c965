"""The walk-through: the bundled sample imported into a throw-away store, then the real
commands run on it one after another, each printing what it always prints."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import click

from articlediff.errors import InputError

SAMPLE_VERSIONS = Path(__file__).resolve().parents[2] / "demo_versions"
"""The sample revisions, shipped inside the package (the project's ``versions/`` links here)."""

CORRECTION = (
    "Correction: an earlier version of this article misstated how long it had been "
    "since Putin's last visit. It was his first trip to North Korea in 24 years, not 23."
)
_PLAIN_ARGUMENT = re.compile(r"[\w@%+=:,./-]+", re.ASCII)


def as_typed(args: Sequence[str]) -> str:
    """``args`` as a person would type them in a shell: each argument with anything besides
    letters, digits and ``@%+=:,./-`` in double quotes."""
    return " ".join(
        arg if _PLAIN_ARGUMENT.fullmatch(arg) else '"' + re.sub(r'(["\\$`])', r"\\\1", arg) + '"'
        for arg in args
    )


@click.command()
@click.option(
    "--from",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of revision files (default: the project's versions/ sample).",
)
@click.pass_context
def demo(ctx: click.Context, folder: Path | None) -> None:
    """Import sample revisions into a throw-away store and walk through the commands."""
    import tempfile

    from articlediff.store import Store, init_store

    source = folder or SAMPLE_VERSIONS
    if not source.is_dir():
        raise InputError(f"no sample revisions at {source}: pass --from FOLDER")
    group = ctx.find_root().command
    with tempfile.TemporaryDirectory(prefix="articlediff-demo-") as scratch:
        store, _ = init_store(Path(scratch) / "store", "Europe/London")
        store.close()
        click.echo(f"A throw-away store at {store.root} (time zone Europe/London).\n", err=True)

        def run(*args: str) -> None:
            """Show the command line, then run it through the same commands as ever."""
            click.echo(f"\n$ articlediff {as_typed(args)}")
            group.main(
                ["--store", str(store.root), *args], prog_name="articlediff", standalone_mode=False
            )

        run("import", str(source))
        with Store(store.root) as imported:
            summaries = imported.summaries()
        if not summaries:
            raise InputError(f"no revisions in {source}")
        article_id = summaries[0].article_id
        if folder is None:
            click.echo(
                "(r1, the 07:38 text, is constructed for illustration, not the outlet's real "
                "07:38 text; r2 is the real 08:14 text. See versions/README.md.)"
            )
        run("log", article_id)
        run("show", article_id, "--at", "19/06/2024 07:50")
        run("diff", article_id)
        run("check")
        fixes = ("--fixes", "r2", "--at", "19/06/2024 09:05")
        run("correct", article_id, "--kind", "correction", *fixes, "--text", CORRECTION)
        run("check")
        run("notes", article_id)
