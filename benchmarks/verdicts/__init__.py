"""Measuring verdicts against labelled edits: the sets, their scoring and the mutation set.

``scoring`` is pure (no articlediff import); ``sets`` loads the labelled sets and runs the
project's diff and check rules over them through the public API. See benchmarks/verdicts_bench.py
and docs/diff.md ("Measuring verdicts").
"""
