"""What themes show of a post beside its text (:mod:`.jekyll.theme_keys`): the
header image at the top of the post and a table of contents after its header.

The image is a real image node (Sphinx copies a site file it names, as a
Markdown image's), inside a :class:`post_image`; the table of contents is a
:class:`post_toc` filled when the page is written, from the post's sections.
Both are post decorations: feeds leave them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .jekyll.comments import theme_family
from .jekyll.theme_keys import header_image, image_url, wants_toc
from .post_header import post_decoration
from .presentation import _, add_filled_node
from .state import post_pages, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: How deep the table of contents goes below the post's title.
TOC_DEPTH = 3


class post_image(post_decoration):
    """The image at the top of a post (its child)."""


class post_toc(post_decoration):
    """Where a post's table of contents goes, made when the page is written."""


class HeaderImage(SphinxTransform):
    """Put a post's header image after its title."""

    # Before ImagesAtSitePaths (95), which finds the site's file it names.
    default_priority = 90

    def apply(self, **kwargs: Any) -> None:
        state = site_state(self.env)
        docname = self.env.docname
        post = state.post(docname) if state is not None else None
        image = header_image(post.data) if post is not None else None
        if post is None or image is None:
            return
        site = state.catalog.settings.raw  # type: ignore[union-attr]
        if theme_family(site) == "chirpy":
            image = image_url(image, post.data, site)
        holder = post_image(docname=docname, part="image")
        node = nodes.image(uri=image.path, alt=image.alt or post.text_title)
        node.source = self.document["source"]
        node.line = post.key_lines.get("image") or post.key_lines.get("header") or 1
        holder += nodes.container("", node, classes=["jekyllposts-header-image"])
        section = self.document.next_node(nodes.section)
        if section is None:
            self.document.insert(0, holder)
            return
        title = section.first_child_matching_class(nodes.title)
        section.insert(0 if title is None else title + 1, holder)


def add_toc_marker(app: Sphinx, doctree: nodes.document) -> None:
    """Put a :class:`post_toc` after the header of each post that wants one."""
    env = app.env
    state = site_state(env)
    page = post_pages(env).get(env.docname)
    if state is None or page is None:
        return
    site = state.catalog.settings.raw
    if not wants_toc(page.post.data, site, theme_family(site)):
        return
    for header in doctree.findall(post_decoration):
        if header.get("part") == "header" and header.parent is not None:
            after = header.parent.index(header) + 1
            if after < len(header.parent) and isinstance(header.parent[after], post_image):
                after += 1
            header.parent.insert(after, post_toc(docname=env.docname, part="toc"))
            return


def toc_nodes(builder: Builder, node: nodes.Element) -> list[nodes.Node]:
    """The table of contents of the post ``node`` is in: its sections' titles."""
    root: nodes.Node = node
    while root.parent is not None:
        root = root.parent
    top = root.next_node(nodes.section) if isinstance(root, nodes.Element) else None
    entries = _entries(top, 1) if top is not None else None
    if entries is None:
        return []
    state = site_state(builder.env)
    post = state.post(node["docname"]) if state is not None else None
    label = str(post.data.get("toc_label") or "") if post is not None else ""
    label = label.strip() or _("Contents")
    box = nodes.container(classes=["jekyllposts-toc"])
    box += nodes.rubric(label, label)
    box += entries
    return [box]


def _entries(section: nodes.Element, depth: int) -> nodes.bullet_list | None:
    items = nodes.bullet_list()
    for child in section.children:
        if not isinstance(child, nodes.section) or not child["ids"]:
            continue
        title = child.next_node(nodes.title)
        text = title.astext() if title is not None else ""
        item = nodes.list_item()
        reference = nodes.reference(text, text, internal=True, refuri="#" + child["ids"][0])
        item += nodes.paragraph("", "", reference)
        deeper = _entries(child, depth + 1) if depth < TOC_DEPTH else None
        if deeper is not None:
            item += deeper
        items += item
    return items if items.children else None


def setup_post_extras(app: Sphinx) -> None:
    """The header image and the table of contents of posts."""
    app.add_transform(HeaderImage)
    app.connect("doctree-read", add_toc_marker, priority=602)
    add_filled_node(app, post_image, lambda builder, node: [])
    add_filled_node(app, post_toc, toc_nodes)
