"""Small helpers every layer shares: times and durations, output-format names, lazy exports.

Layer: the bottom, beside ``model`` and ``errors``. It may import ``errors`` only, and nothing
here does I/O other than reading the clock in ``timeutil.now``.
"""
