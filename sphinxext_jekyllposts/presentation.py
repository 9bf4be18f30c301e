"""What every feature module shows a reader with: the extension's messages
(in the reader's language), dates as posts show them, links between pages
made when a page is written, and the stylesheet.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel.core
import babel.dates
from docutils import nodes
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.util.i18n import format_date

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

MESSAGE_CATALOG = "sphinxext_jekyllposts"
_ = get_translation(MESSAGE_CATALOG)
_STYLESHEET = Path(__file__).parent / "static" / "jekyllposts.css"


@functools.lru_cache(maxsize=16384)
def format_post_date(date: dt.datetime, *, date_format: str | None, language: str | None) -> str:
    """``date`` as the post header writes it.

    With ``date_format``, Sphinx's ``format_date`` (``strftime`` codes,
    localised); without, the long date of ``language`` from the Unicode CLDR
    (``May 18, 2018``, ``2018年5月18日``).
    """
    # Cached: a pure function of its arguments, asked for each date several
    # times a build (header, neighbours, listings, sidebars).
    language = language or "en"
    if date_format:
        return format_date(date_format, date=date, language=language)
    try:
        locale = babel.core.Locale.parse(language)
    except (ValueError, babel.core.UnknownLocaleError):
        locale = babel.core.Locale.parse("en")
    return babel.dates.format_date(date.date(), format="long", locale=locale)


class Linker:
    """Links from one page to others, made when the page is written: the header
    and the post navigation are not kept in the saved doctree (a few kilobytes
    per post), and they link to pages whose names are known by then."""

    def __init__(self, builder: Builder, fromdoc: str) -> None:
        self.builder = builder
        self.fromdoc = fromdoc

    def __call__(self, target: str, content: nodes.Node | None = None) -> nodes.Node:
        """A link to document ``target``; without ``content``, its title."""
        if content is None:
            title = self.builder.env.titles.get(target)
            text = title.astext() if title is not None else target
            content = nodes.inline(text, text, classes=["doc"])
        try:
            uri = self.builder.get_relative_uri(self.fromdoc, target)
        except NoUri:
            return content
        return nodes.reference("", "", content, internal=True, refuri=uri)


def add_filled_node(
    app: Sphinx, node_class: type[nodes.Element], fill: Callable[[Builder, Any], list[nodes.Node]]
) -> None:
    """Register a marker node that the builder's translator fills with
    ``fill(builder, node)`` when it writes the page (in the writing processes
    with ``-j``), then visits as any other nodes."""

    def visit(translator: Any, node: nodes.Element) -> None:
        if not node.children:
            node.extend(fill(translator.builder, node))

    def depart(translator: Any, node: nodes.Element) -> None:
        pass

    visitors = (visit, depart)
    app.add_node(
        node_class, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
    )


def add_static_path(app: Sphinx, config: Config) -> None:
    """Let Sphinx copy the stylesheet; first, so a user's file of the same name wins.

    At ``config-inited``, so the saved configuration has it too and Sphinx does
    not report a configuration change on every build."""
    config.html_static_path = [str(_STYLESHEET.parent), *config.html_static_path]


def setup_presentation(app: Sphinx) -> None:
    """The message catalog and the stylesheet."""
    app.add_message_catalog(MESSAGE_CATALOG, str(Path(__file__).parent / "locale"))
    app.add_css_file(_STYLESHEET.name)
    app.connect("config-inited", add_static_path)
