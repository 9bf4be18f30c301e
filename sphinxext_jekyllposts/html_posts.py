"""HTML posts: ``_posts/2020-01-01-name.html`` (``.htm``, ``.xhtml``, any case).

Jekyll reads such a post's front matter and renders its Liquid like a
Markdown post's, then converts nothing: the content is the HTML as written.
:class:`JekyllHtmlPostParser` does the same: the post's title becomes its
section (as for a Markdown post without ``# heading``, so its header, footer,
listings and feed entry are a Markdown post's), and the HTML after Liquid one
raw HTML node in it. Headings in the HTML are HTML: they are not sections of
the page (no entries in its table of contents).

- Builders that do not write HTML (LaTeX, text, man) get the post's text, in
  paragraphs, instead of the raw HTML they would drop.
- With ``jekyllposts_raw_html = False`` no HTML of the post reaches the page:
  it is shown as its text (tags, scripts and styles left out), with a warning.

Only files in post folders are read so (:mod:`.discovery`): an ``.html``
layout, include, template or page never becomes a document.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ._compat.myst import add_link_targets
from .discovery import HTML_POST_FILETYPE
from .github_plugins import html_post_body
from .jekyll.excerpts import html_paragraphs
from .jekyll.html_ids import html_ids
from .jekyll.problems import ProblemKind
from .liquid import DOC_LINK
from .parser import JekyllPostParser
from .reporting import warn
from .state import document_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The ``only`` expressions that choose between the raw HTML and its text.
_HTML_BUILDERS = "format_html"
_OTHER_BUILDERS = "not format_html"
# What {% post_url %} and {% link %} wrote (liquid.DOC_LINK); linear: the name
# stops at the next noncharacter, so no start scans past the next start.
_DOC_LINK = re.compile(re.escape(DOC_LINK).replace(r"\{\}", "([^\ufdd0\ufdd1]*+)"))


def _paragraphs(markup: str, line: int) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for text in html_paragraphs(_DOC_LINK.sub("", markup)):
        paragraph = nodes.paragraph(text, text)
        paragraph.line = line
        found.append(paragraph)
    return found


def html_post_nodes(markup: str, *, raw_html: bool, docname: str, line: int) -> list[nodes.Node]:
    """The nodes of an HTML post's content ``markup`` (after Liquid), which
    starts at ``line`` of its file."""
    if not raw_html:
        warn(
            "raw HTML is off (jekyllposts_raw_html = False): this HTML post is shown "
            "as its text, without its markup",
            ProblemKind.UNTRUSTED,
            location=(docname, line),
        )
        return _paragraphs(markup, line)
    raw = nodes.raw(markup, markup, format="html")
    raw.line = line
    in_html = addnodes.only(expr=_HTML_BUILDERS)
    in_html += raw
    elsewhere = addnodes.only(expr=_OTHER_BUILDERS)
    elsewhere.extend(_paragraphs(markup, line))
    return [in_html, elsewhere]


def reading_text(doctree: nodes.document) -> str:
    """The text of an HTML post's page to count for its reading time: its text,
    not its markup."""
    parts = [title.astext() for title in doctree.findall(nodes.title)]
    parts += [
        only.astext()
        for only in doctree.findall(addnodes.only)
        if only.get("expr") == _OTHER_BUILDERS
    ]
    return "\n\n".join(parts)


class JekyllHtmlPostParser(JekyllPostParser):
    """Reads an HTML post: front matter, Liquid, the HTML as it is."""

    supported = (HTML_POST_FILETYPE,)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        post = document_for(env, env.docname)
        if post is None:
            # Discovery reads no other file of this type; should one come, its
            # markup is not trusted to be a page's.
            document.extend(_paragraphs(inputstring, 1))
            return
        if self.listing_page(document, post, inputstring):
            return
        body, _, line = self.liquid_body(env, post, inputstring)
        body = html_post_body(env, post, body)
        # The title, as a Markdown post without a heading of its own gets it;
        # the anchors of the HTML (`id=`, `<a name>`) are the page's, for links.
        self.render_markdown(document, post, "", line)
        add_link_targets(document, {anchor: (anchor, "") for anchor in html_ids(body)})
        section = document.next_node(nodes.section)
        (section if section is not None else document).extend(
            html_post_nodes(
                body,
                raw_html=bool(env.config.jekyllposts_raw_html),
                docname=env.docname,
                line=line,
            )
        )


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put into an HTML post the links its ``{% post_url %}`` and ``{% link %}``
    asked for, as this builder links the pages (``doctree-resolved``, before
    the feeds keep a copy of the page)."""
    post = document_for(app.env, docname)
    if post is None or post.markup != "html":
        return

    def link(match: re.Match[str]) -> str:
        target = match[1]
        if target not in app.env.found_docs:
            return "#"
        return html.escape(app.builder.get_relative_uri(docname, target))

    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "\ufdd0" in text:
            resolved = _DOC_LINK.sub(link, text)
            raw.replace_self(nodes.raw(resolved, resolved, format=raw["format"]))


def setup_html_posts(app: Sphinx) -> None:
    """Read HTML posts (their suffixes are given at ``config-inited``, by
    :func:`~.discovery.prepare_discovery`, where the posts are known)."""
    app.add_source_parser(JekyllHtmlPostParser)
    app.connect("doctree-resolved", resolve_links, priority=400)
