"""```` ```mermaid ```` fences as diagrams, where the post asks for them (its
``mermaid: true``, as Chirpy reads it; every post with
``jekyllposts_mermaid = True``), with the mermaid script loaded only on the
pages that have one. Kramdown shows such a fence as code; the theme's script
draws it in the browser, and so does this.

Each diagram is a ``<pre class="mermaid">`` for HTML builders and stays a code
block for the others (and in feeds, which leave scripts out).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .jekyll.snippets import attribute
from .state import post_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The attribute :func:`.code_blocks.markdown_code_block` marks a fence with.
MARK = "jekyllposts_mermaid"
_CLASS = "jekyllposts-mermaid"


def _wanted(app: Sphinx, docname: str) -> bool:
    """Whether the post ``docname`` draws its mermaid fences."""
    post = post_for(app.env, docname)
    if post is None:
        return False
    wanted = app.config.jekyllposts_mermaid
    return post.data.get("mermaid") is True if wanted is None else bool(wanted)


def draw_diagrams(app: Sphinx, doctree: nodes.document) -> None:
    """Make each mermaid fence of a post that asks for diagrams one."""
    if not _wanted(app, app.env.docname):
        return
    for block in list(doctree.findall(nodes.literal_block)):
        if not block.get(MARK):
            continue
        source = block.astext()
        markup = f'<pre class="mermaid">{html.escape(source, quote=False)}</pre>'
        diagram = nodes.container(classes=[_CLASS])
        diagram += nodes.raw(markup, markup, format="html")
        fallback = addnodes.only(expr="not html")
        fallback += block.deepcopy()
        diagram += fallback
        block.replace_self(diagram)


def load_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Load the mermaid script on a page with a diagram."""
    if not isinstance(doctree, nodes.document) or not _wanted(app, pagename):
        return
    if not any(_CLASS in node["classes"] for node in doctree.findall(nodes.container)):
        return
    source = attribute(app.config.jekyllposts_mermaid_js)
    script = (
        f'<script src="{source}"></script>\n'
        "<script>document.addEventListener('DOMContentLoaded', function () "
        "{ mermaid.initialize({ startOnLoad: false }); "
        "mermaid.run({ querySelector: 'pre.mermaid' }); });</script>"
    )
    context["metatags"] = context.get("metatags", "") + "\n" + script


def setup_mermaid(app: Sphinx) -> None:
    """Draw the posts' mermaid fences."""
    app.connect("doctree-read", draw_diagrams)
    app.connect("html-page-context", load_script)
