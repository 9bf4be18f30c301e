"""kramdown's ``{:toc}`` table of contents, as Jekyll renders it.

The Markdown parser leaves a ``kramdown_toc`` token where a post's ``* TOC`` /
``{:toc}`` list was (:mod:`.jekyll.kramdown_toc`); :func:`render_kramdown_toc`
makes it a :class:`kramdown_toc` placeholder, and :class:`KramdownToc`, once the
document is parsed and its section ids are final, replaces that with the list
kramdown makes: every heading of the post in ``toc_levels`` (not only the
sections under the list, as docutils' ``contents`` would), wherever the list
stands, nested by level, a ``bullet_list`` (``enumerated_list`` for ``1. TOC``)
with the id ``markdown-toc`` of paragraphs holding a ``reference`` to the
section's id (``refid``: it resolves in every builder), the reference with the
id ``markdown-toc-<id>``. The entry is the heading's content with its links
made text and its footnotes left out, as kramdown's; headings are given no
back links. The title the extension adds (a post whose body does not start
with a level-1 heading) is not Jekyll's and is not listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms import SphinxTransform

from .jekyll.kramdown_toc import DEFAULT_LEVELS, Entry, nest
from .state import site_state

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

# Set by the post renderer on each section (or rubric) from one of the post's
# own headings: the heading's level.
LEVEL = "jekyllposts_heading_level"


class kramdown_toc(nodes.General, nodes.Element):  # type: ignore[misc]
    """Where a post's ``{:toc}`` list stands, until :class:`KramdownToc` runs."""


def render_kramdown_toc(self: Any, token: SyntaxTreeNode) -> None:
    """The renderer's method for the ``kramdown_toc`` token."""
    meta = token.meta
    node = kramdown_toc(
        ordered=bool(meta.get("ordered")),
        toc_id=str(meta.get("id", "")),
        classes=list(meta.get("classes", ())),
    )
    self.add_line_and_source_path(node, token)
    self.current_node.append(node)


class KramdownToc(SphinxTransform):
    """Each :class:`kramdown_toc` becomes kramdown's list of the post's headings."""

    default_priority = 730  # section ids are final once the document is parsed

    def apply(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(kramdown_toc))
        if not placeholders:
            return
        levels = self._levels()
        headings = [
            (int(heading[LEVEL]), heading)
            for heading in self.document.findall(_is_heading)
            if heading[LEVEL] in levels and heading["ids"] and "no_toc" not in heading["classes"]
        ]
        for placeholder in placeholders:
            entries = nest(headings)
            if not entries:
                placeholder.parent.remove(placeholder)
                continue
            toc = self._list(entries, placeholder, str(placeholder["toc_id"]))
            ids = self.document.ids
            wanted = str(placeholder["toc_id"])
            if wanted and wanted not in ids:
                toc["ids"].append(wanted)
                ids[wanted] = toc
            toc["classes"] = list(placeholder["classes"])
            placeholder.replace_self(toc)

    def _levels(self) -> frozenset[int]:
        state = site_state(self.env)
        if state is None:
            return DEFAULT_LEVELS
        return state.catalog.settings.code_blocks.toc_levels

    def _list(
        self, entries: list[Entry[nodes.Element]], placeholder: nodes.Element, prefix: str
    ) -> nodes.Element:
        toc: nodes.Element
        if placeholder["ordered"]:
            toc = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        else:
            toc = nodes.bullet_list()
        for entry in entries:
            refid = entry.item["ids"][0]
            reference = nodes.reference(
                "", "", *_entry_text(entry.item), refid=refid, internal=True
            )
            link_id = f"{prefix}-{refid}"
            if link_id not in self.document.ids:
                reference["ids"].append(link_id)
                self.document.ids[link_id] = reference
            item = nodes.list_item("", nodes.paragraph("", "", reference))
            if entry.children:
                item += self._list(entry.children, placeholder, prefix)
            toc += item
        return toc


def _is_heading(node: nodes.Node) -> bool:
    """A section or rubric (a heading in a block quote, list or div) from one
    of the post's own headings."""
    return isinstance(node, nodes.section | nodes.rubric) and LEVEL in node


def heading_text(title: nodes.Element) -> str:
    """A heading's text as kramdown makes its id from: its HTML tags and
    footnote marks left out (``A <span>b</span>`` is ``a-b``)."""
    copy = title.deepcopy()
    for node in list(copy.findall(lambda n: isinstance(n, nodes.raw | nodes.footnote_reference))):
        node.parent.remove(node)
    return str(copy.astext())


def _entry_text(heading: nodes.Element) -> list[nodes.Node]:
    """The heading's content for its entry: links become their text, footnote
    marks and targets go (kramdown's ``fix_for_toc_entry``), no ids are copied."""
    title: nodes.Element | None = heading
    if isinstance(heading, nodes.section):
        title = heading[0] if heading.children and isinstance(heading[0], nodes.title) else None
    if title is None:
        return []
    copy = title.deepcopy()  # (copy.deepcopy would copy the whole document: parent)
    for node in list(copy.findall(nodes.Element, include_self=False)):
        if isinstance(node, nodes.footnote_reference | nodes.target):
            node.parent.remove(node)
            continue
        node["ids"] = []
        node["names"] = []
        if isinstance(node, nodes.reference | pending_xref):
            node.replace_self(node.children)
    return list(copy.children)
