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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("jekyllposts-options", OptionsTable)
    app.add_directive("jekyllposts-warnings", WarningsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
