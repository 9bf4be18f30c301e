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

from .jekyll.problems import ProblemKind
from .jekyll.theme_keys import header_image, image_url, theme_family, wants_toc
from .output import shown
from .post_header import decoration_of, post_decoration
from .presentation import _, add_filled_node
from .reporting import warn
from .state import post_pages, site_state
from .static_links import site_file_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .catalog import SiteState

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
        if state is None or post is None:
            return
        site = state.catalog.settings.raw
        family = theme_family(site)
        image = header_image(post.data, family)
        if image is None:
            return
        if family == "chirpy":
            image = image_url(image, post.data, site)
        line = post.key_lines.get("image") or post.key_lines.get("header") or 1
        uri = _site_image(state, image.path, docname, line)
        if uri is None:
            return
        holder = post_image(docname=docname, part="image")
        node = nodes.image(uri=uri, alt=image.alt or post.text_title)
        node.source = self.document["source"]
        node.line = line
        holder += nodes.container("", node, classes=["jekyllposts-header-image"])
        section = self.document.next_node(nodes.section)
        if section is None:
            self.document.insert(0, holder)
            return
        title = section.first_child_matching_class(nodes.title)
        section.insert(0 if title is None else title + 1, holder)


def _site_image(state: SiteState, path: str, docname: str, line: int) -> str | None:
    """The URI of a header image: a URL as written; a path of the site (as
    themes take it, from the site's root) when the site has that file, else
    ``None``, with a warning."""
    if "://" in path or path.startswith("//"):
        return path
    if site_file_of(state, path) is not None:
        return path if path.startswith("/") else "/" + path
    warn(
        f"the header image {shown(path)!r} names no file of the site; it is not shown",
        ProblemKind.LINK,
        location=(docname, line),
    )
    return None


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
    header = decoration_of(doctree, "header")
    if header is not None and header.parent is not None:
        after = header.parent.index(header) + 1
        if after < len(header.parent) and isinstance(header.parent[after], post_image):
            after += 1
        header.parent.insert(after, post_toc(docname=env.docname, part="toc"))


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
