"""Pure analyses of an article's history, built on the diff: the correction log's rules of
form and which revision each note explains (``corrections``), short quotations of changes
(``excerpts``), sentence blame (``blame``) and the store-wide audit's rows (``audit``).

Layer: above ``diff``. It may import ``diff``, ``model``, ``errors`` and ``common``; no I/O,
no git, no clock.
"""
