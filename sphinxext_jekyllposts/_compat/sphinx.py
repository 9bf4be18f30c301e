"""What is used of Sphinx beyond its documented API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.logging import suppress_logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.builders import Builder


def html_body(builder: Builder, doctree: nodes.document) -> str:
    """The HTML body ``builder`` writes for ``doctree``, as its ``write_doc``
    gives it to ``html-page-context`` (``context["body"]``).

    ``doctree`` is a copy of the page's doctree taken as the page starts being
    written (in the visit of its first node), rendered while the page is
    written: links, numbers and image paths are then the page's. The doctree
    ``html-page-context`` is given cannot be rendered again instead: writing
    changed it (an admonition got its title node, a ``code`` literal lost its
    class, images their paths), nor a copy taken at ``doctree-resolved``:
    Sphinx resolves the tables of contents and chooses images after that.

    Relies on what ``write_doc`` of Sphinx's HTML builder does, which is not
    documented: a walk of the builder's ``create_translator(doctree, builder)``,
    whose ``fragment`` (docutils' HTML translator's) is the body; and on
    ``sphinx.util.logging.suppress_logging``, so that the page's warnings (a
    code block that does not lex, an image without its size) are not given a
    second time. ``StandaloneHTMLBuilder.render_partial`` is not used: it
    renders with other settings than pages and applies docutils' transforms
    again (and its return value changed in Sphinx 9).

    Checked with Sphinx 8.2.3 (docutils 0.21.2) and 9.2.0 (docutils 0.22.4);
    ``tests/test_compat_feeds.py`` compares its result with pages' bodies.
    """
    with suppress_logging():
        visitor = builder.create_translator(doctree, builder)
        doctree.walkabout(visitor)
    return "".join(visitor.fragment)
