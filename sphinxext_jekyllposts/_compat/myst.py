"""What the extension needs of myst-parser beyond its documented parsers.

Checked with myst-parser 4.0 and 5.0; ``tests/test_compat.py`` fails when a
release changes any of it. The post renderer subclasses MyST's Sphinx
renderer and overrides ``render_*`` methods, which MyST's Python API
reference lists; the names below are the ones it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.parsers.rst.states import MarkupError
from myst_parser.config.main import merge_file_level
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.warnings_ import MystWarnings, create_warning

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from markdown_it import MarkdownIt
    from myst_parser.config.main import MdParserConfig
    from sphinx.environment import BuildEnvironment

#: The warning MyST gives when a heading skips a level (``#`` then ``###``).
HEADING_SKIPS_LEVEL = MystWarnings.MD_HEADING_NON_CONSECUTIVE


class RendererWithStart(SphinxRenderer):
    """MyST's Sphinx renderer with :meth:`at_start`, called once the document
    is set up and before the first token is rendered.

    Relies on ``DocutilsRenderer._render_initialise`` (private), which
    ``render`` calls first; there is no public hook at that point.
    """

    def at_start(self) -> None:
        """Override: render what comes before the body (a title, say)."""

    def _render_initialise(self) -> None:
        super()._render_initialise()
        self.at_start()


def markdown_parser(config: MdParserConfig, renderer: type[SphinxRenderer]) -> MarkdownIt:
    """MyST's markdown-it parser for ``config``, rendering with ``renderer``
    (``myst_parser.parsers.mdit.create_md_parser``, which the Sphinx parser uses)."""
    return create_md_parser(config, renderer)


def without_line_comments(parser: MarkdownIt) -> None:
    """``parser`` without MyST's ``% comment`` lines (a line of text in kramdown).

    Relies on the name of the block rule mdit-py-plugins' ``myst_block_plugin``
    adds for them, ``myst_line_comment``.
    """
    parser.disable("myst_line_comment")


def file_level_config(
    config: MdParserConfig, front_matter: dict[str, Any], warning: Callable[[Any, str], None]
) -> MdParserConfig:
    """``config`` with a document's ``myst:`` front matter applied, as MyST
    applies it (``myst_parser.config.main.merge_file_level``)."""
    return merge_file_level(config, front_matter, warning)


def warn_in_document(document: nodes.document, message: str, subtype: Any, line: int) -> None:
    """A MyST warning of ``subtype`` at ``line``, appended to ``document`` as
    MyST does (``myst_parser.warnings_.create_warning``)."""
    create_warning(document, message, subtype, line=line, append_to=document)


def directive_options(
    directive: Any, first_line: str, content: str, line: int, additional: dict[str, str] | None
) -> set[str] | None:
    """The options a MyST directive block gives ``directive`` (``None`` when
    MyST cannot parse the block: it reports that when it runs it).

    Relies on ``myst_parser.parsers.directives.parse_directive_text`` with its
    ``line`` and ``additional_options`` keywords and the ``options`` of its result.
    """
    try:
        parsed = parse_directive_text(
            directive, first_line, content, line=line, additional_options=additional
        )
    except MarkupError:
        return None
    return set(parsed.options)


def add_link_targets(document: nodes.document, targets: dict[str, tuple[str, str]]) -> None:
    """Let MyST's links find ``targets`` (an anchor: the element's id and its
    text) of the document being read: ``[x](#中文-标题)`` in it, and
    ``[x](this.md#中文-标题)`` or ``[x]({% post_url this %}#here)`` in another
    document; MyST's own heading anchors win.

    Relies on MyST looking anchors up in the slugs its renderer keeps: for a
    link in the same document, ``document.myst_slugs`` (its
    ``ResolveAnchorIds`` transform; MyST 4 finds nothing else there), for a
    link from another, ``env.metadata[docname]["myst_slugs"]``
    (``myst_parser.sphinx_ext.myst_refs``, which says "local id not found"
    otherwise); both map an anchor to ``(line, id, text)``, and are filled
    with ``myst_heading_anchors`` only.
    """
    slugs: dict[str, tuple[int | None, str, str]] | None = getattr(document, "myst_slugs", None)
    if slugs is None:
        slugs = {}
        document.myst_slugs = slugs
    for anchor, (target_id, text) in targets.items():
        slugs.setdefault(anchor, (None, target_id, text))
    env = document.settings.env
    env.metadata[env.docname]["myst_slugs"] = slugs


def myst_settings(env: BuildEnvironment) -> MdParserConfig:
    """MyST's settings from ``conf.py`` (``myst_*``), as MyST keeps them.

    Relies on ``env.myst_config``, which MyST sets at ``builder-inited``
    (``create_myst_config``) and documents only as "added to the environment".
    """
    config: MdParserConfig = getattr(env, "myst_config")  # noqa: B009 (not in Sphinx's types)
    return config
