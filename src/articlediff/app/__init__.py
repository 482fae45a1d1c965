"""The application layer: one module per user task (``save``, ``importing``, ``correct``,
``log``, ``review``, ``publish``, ``fetch``, ``team``, ``watch`` with ``alerts``,
``archives``, ``batch``). Each function opens nothing itself: it takes a ``Store``, calls
the pure layers and returns values that the CLI (or a library user) prints.

Layer: above everything but ``cli``. It may import every other layer except ``cli``, and
never imports click.
"""
