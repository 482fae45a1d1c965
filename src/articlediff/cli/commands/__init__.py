"""The commands, one module per group of tasks; ``articlediff.cli.main`` registers them.

- ``store``: writing revisions (init, save, import, reextract, correct)
- ``read``: reading and reviewing them (list, log, show, diff, blame, audit)
- ``check``: the correction-log check for CI
- ``publish``: for readers (notes, feed, site)
- ``admin``: team use (verify, sync)
- ``batch``: the per-pair work over a store or a corpus, on Dask
- ``demo``: the walk-through of the bundled sample

Each command imports the library modules it needs when it runs.
"""
