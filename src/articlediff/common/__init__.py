"""Small helpers every layer shares: times, durations and time windows (``timeutil``),
counted nouns (``words``), output-format names (``formats``), lazy exports (``lazy``).

Layer: the bottom, beside ``model`` and ``errors``. It may import ``errors`` only, and nothing
here does I/O other than reading the clock in ``timeutil.now``.
"""
