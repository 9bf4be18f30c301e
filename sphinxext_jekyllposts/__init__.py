"""Build a Jekyll blog's ``_posts`` with Sphinx.

Add ``"sphinxext_jekyllposts"`` to ``extensions`` in ``conf.py``: every post in
the site's ``_posts`` folders is read with its Jekyll meaning (title, date,
categories, tags, drafts, ``published``, future posts) and gets a post header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .analytics import setup_analytics
from .archive_pages import setup_archive_pages
from .authors import setup_authors
from .catalog import setup_catalog
from .collector import setup_collector
from .comments import setup_comments
from .config import setup_config
from .feeds import setup_feeds
from .github_plugins import setup_github_plugins
from .html_posts import setup_html_posts
from .listings import setup_listings
from .menu import setup_menu
from .mermaid import setup_mermaid
from .modified import setup_modified
from .page_addresses import setup_page_addresses
from .parser import setup_parser
from .post_extras import setup_post_extras
from .post_header import setup_post_header
from .presentation import setup_presentation
from .redirects import setup_redirects
from .seo import setup_seo
from .sidebars import setup_sidebars
from .sitemap import setup_sitemap
from .state import setup_state
from .static_files import setup_static_files
from .static_links import setup_static_links
from .toctrees import setup_toctrees
from .untrusted_posts import setup_untrusted_posts

__version__ = "0.1.0.dev0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """The extension's table of contents: one ``setup_*`` per feature module."""
    app.setup_extension("myst_parser")
    setup_config(app)
    setup_state(app)
    setup_catalog(app)
    setup_parser(app)
    setup_github_plugins(app)
    setup_html_posts(app)
    setup_untrusted_posts(app)
    setup_collector(app)
    setup_presentation(app)
    setup_post_header(app)
    setup_modified(app)
    setup_comments(app)
    setup_authors(app)
    setup_post_extras(app)
    setup_mermaid(app)
    setup_archive_pages(app)
    setup_toctrees(app)
    setup_listings(app)
    setup_menu(app)
    setup_sidebars(app)
    setup_feeds(app)
    setup_sitemap(app)
    setup_static_files(app)
    setup_static_links(app)
    setup_page_addresses(app)
    setup_redirects(app)
    setup_seo(app)
    setup_analytics(app)
    return {
        "version": __version__,
        "env_version": 8,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
