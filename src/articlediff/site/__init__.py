"""The static site: pure builders returning {relative path: content}, and a thin writer.

``build_site(histories, tz)`` makes every page (see ``articlediff.site.build``);
``write_site(files, outdir)`` puts them on disk; ``make_server(outdir)`` previews them.

The names are loaded on first use, so that reading a store does not load Jinja2.

Layer: above ``notes`` and ``render``. It may import ``notes``, ``render``, ``analysis``,
``diff``, ``model``, ``errors`` and ``common``; only ``write`` and ``serve`` touch files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from articlediff.common.lazy import lazy_exports

if TYPE_CHECKING:
    from articlediff.site.build import DEFAULT_TITLE, build_site
    from articlediff.site.serve import make_server
    from articlediff.site.write import MARKER, write_site, write_text

_HOMES = {
    "DEFAULT_TITLE": "articlediff.site.build",
    "build_site": "articlediff.site.build",
    "make_server": "articlediff.site.serve",
    "MARKER": "articlediff.site.write",
    "write_site": "articlediff.site.write",
    "write_text": "articlediff.site.write",
}

__getattr__ = lazy_exports(__name__, _HOMES)

__all__ = ["DEFAULT_TITLE", "MARKER", "build_site", "make_server", "write_site", "write_text"]
