"""Local extension for these docs: reference tables generated from the code,
so the documentation cannot drift from it."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from sphinxext_jekyllposts.config import options
from sphinxext_jekyllposts.jekyll.problems import ProblemKind

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def _list_table(header: list[str], rows: list[list[str]], widths: str) -> str:
    lines = [".. list-table::", "   :header-rows: 1", f"   :widths: {widths}", ""]
    for row in [header, *rows]:
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    return "\n".join(lines) + "\n"


class OptionsTable(SphinxDirective):
    """Every ``jekyllposts_*`` option as a ``confval``: type, default, meaning."""

    def run(self) -> list[nodes.Node]:
        lines = []
        for option in options():
            types = " | ".join(
                "None" if t is type(None) else t.__name__ for t in option.metadata["types"]
            )
            default = option.default
            assert default is not dataclasses.MISSING
            lines += [
                f".. confval:: jekyllposts_{option.name}",
                f"   :type: ``{types}``",
                f"   :default: ``{default!r}``",
                "",
                f"   {option.metadata['help']}",
                "",
            ]
        return list(nested_parse_to_nodes(self.state, "\n".join(lines)))


class WarningsTable(SphinxDirective):
    """Every warning subtype, from the enum the code reports with."""

    def run(self) -> list[nodes.Node]:
        rows = [[f"``jekyllposts.{kind.value}``", kind.description] for kind in ProblemKind]
        table = _list_table(["Warning type", "Given when"], rows, "30 70")
        return list(nested_parse_to_nodes(self.state, table))


_BLOG_SIDEBARS = [
    "jekyllposts/recent-posts.html",
    "jekyllposts/categories.html",
    "jekyllposts/tags.html",
    "jekyllposts/archives.html",
]
#: The demo blog's sidebars in each theme: the theme's own, then ours.
THEME_SIDEBARS = {
    "alabaster": ["navigation.html", *_BLOG_SIDEBARS, "searchbox.html"],
    "furo": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        *_BLOG_SIDEBARS,
        "sidebar/scroll-end.html",
    ],
    "pydata_sphinx_theme": ["sidebar-nav-bs.html", *_BLOG_SIDEBARS],
    "sphinx_book_theme": [
        "navbar-logo.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
        *_BLOG_SIDEBARS,
    ],
}


def _sidebars_for_theme(app: Sphinx, config: Any) -> None:
    """The docs build under any theme (``-D html_theme=furo``): the demo blog's
    sidebars are set for the theme chosen; sphinx_rtd_theme has none."""
    sidebars = THEME_SIDEBARS.get(config.html_theme)
    config.html_sidebars = {"news/**": sidebars} if sidebars else {}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _sidebars_for_theme)
    app.add_directive("jekyllposts-options", OptionsTable)
    app.add_directive("jekyllposts-warnings", WarningsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
