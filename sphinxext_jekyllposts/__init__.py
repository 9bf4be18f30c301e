"""Build a Jekyll blog's ``_posts`` with Sphinx.

Add ``"sphinxext_jekyllposts"`` to ``extensions`` in ``conf.py``: every post in
the site's ``_posts`` folders is read with its Jekyll meaning (title, date,
categories, tags, drafts, ``published``, future posts) and gets a post header.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .archive_pages import setup_archive_pages
from .catalog import setup_catalog
from .collector import setup_collector
from .config import setup_config
from .feeds import setup_feeds
from .liquid import setup_liquid
from .listings import setup_listings
from .parser import setup_parser
from .post_header import MESSAGE_CATALOG, setup_post_header
from .redirects import setup_redirects
from .sidebars import setup_sidebars
from .toctrees import setup_toctrees
from .untrusted_posts import setup_untrusted_posts

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """The extension's table of contents: one ``setup_*`` per feature module."""
    app.setup_extension("myst_parser")
    setup_config(app)
    setup_catalog(app)
    setup_parser(app)
    setup_untrusted_posts(app)
    setup_liquid(app)
    setup_collector(app)
    setup_post_header(app)
    setup_archive_pages(app)
    setup_toctrees(app)
    setup_listings(app)
    setup_sidebars(app)
    setup_feeds(app)
    setup_redirects(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(__file__).parent / "locale"))
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
