"""What the extension needs of Sphinx that Sphinx does not document.

Checked with Sphinx 8.2 and 9.0; ``tests/test_compat.py`` fails when a
release changes any of it. Each function says what it relies on, and why no
public way serves.
"""

from __future__ import annotations

import html
import logging
import re
import urllib.parse
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sphinx
from sphinx import highlighting
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util.logging import suppress_logging

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


# -- the project: which documents there are -----------------------------------


def add_document(env: BuildEnvironment, docname: str, path: Path, relative: Path) -> None:
    """Make ``path`` (outside the source folder: a generated page) the source
    of document ``docname``; ``relative`` is the same file relative to the
    source folder, which is what Sphinx shows (search index, source links).

    Sphinx has no public way to add a document from outside the source
    folder. Relies on ``env.project.docnames`` (a set) and the two mappings
    ``Project._docname_to_path`` and ``Project._path_to_docname``, which
    ``Project.doc2path`` and ``path2doc`` read.
    """
    project = env.project
    project.docnames.add(docname)
    project._docname_to_path[docname] = relative
    project._path_to_docname[relative] = docname
    project._path_to_docname[path] = docname


def forget_documents(env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Take ``docnames`` out of the documents Sphinx found, before it reads.

    The public way, ``exclude_patterns``, is configuration: changing it as
    posts are unpublished or published would make Sphinx read every document
    again. Relies on ``env.found_docs`` being the project's own set of
    docnames, which discovery fills and the build reads afterwards.
    """
    found = env.found_docs
    for docname in docnames:
        found.discard(docname)


def was_read(env: BuildEnvironment, docname: str) -> bool:
    """Whether the environment has ``docname`` from an earlier read.

    Relies on ``env.all_docs`` (docname to the time it was read), which
    Sphinx does not document; ``found_docs`` says what exists, not what was read.
    """
    return docname in env.all_docs


def registered_source_suffixes(app: Sphinx) -> set[str]:
    """Every source suffix Sphinx knows, also those that extensions registered.

    ``config.source_suffix`` holds the user's; ``app.add_source_suffix`` adds
    to the registry's ``source_suffix`` mapping, which has no public reader.
    """
    return set(app.registry.source_suffix)


# -- navigation ---------------------------------------------------------------


def page_toc(env: BuildEnvironment, docname: str) -> nodes.bullet_list | None:
    """The table of contents Sphinx made of page ``docname`` (``env.tocs``,
    undocumented): the toctrees it holds are what the printed navigation shows."""
    toc: nodes.bullet_list | None = env.tocs.get(docname)
    return toc


def page_tocs(env: BuildEnvironment) -> Iterable[nodes.bullet_list]:
    """Every page's table of contents (``env.tocs``, undocumented)."""
    return env.tocs.values()


def toctree_children(env: BuildEnvironment) -> dict[str, list[str]]:
    """Each page's toctree entries (``env.toctree_includes``, undocumented):
    what Sphinx takes for the page's children (breadcrumbs, previous/next)."""
    includes: dict[str, list[str]] = env.toctree_includes
    return includes


class _LinksMarked:
    """A builder whose relative links are marks naming the target document,
    to be made relative to any page afterwards (:func:`relink`)."""

    def __init__(self, builder: Builder) -> None:
        self._builder = builder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        self._builder.get_target_uri(to, typ)  # raises NoUri as it would
        kind = "" if typ is None else urllib.parse.quote(typ, safe="")
        return f"{_MARK}{urllib.parse.quote(to, safe='')}!{kind}!"


# Only unreserved characters and `%XX` between the `!`s: HTML escaping keeps it as is.
_MARK = "jekyllposts-link:"
_MARKED = re.compile(re.escape(_MARK) + r"([A-Za-z0-9%._~-]*)!([A-Za-z0-9%._~-]*)!")


def marked_navigation_html(builder: Builder, docname: str, **kwargs: Any) -> str:
    """The HTML the ``toctree()`` template function gives on page ``docname``,
    with each link a mark of its target: :func:`relink` makes them relative
    to a page, so one resolved toctree serves every page that shows it.

    ``global_toctree_for_doc`` is public; rendering it as the HTML builder
    does (``render_partial``, undocumented) and taking the template
    function's arguments as it does (``includehidden`` off unless asked, an
    empty ``maxdepth`` ignored; Sphinx 9 wants the builder's ``tags``)
    follow ``StandaloneHTMLBuilder._get_local_toctree``. The marks rely on the
    toctree asking the builder for every link (``get_relative_uri``), and
    adding the anchor after it.
    """
    kwargs.setdefault("includehidden", False)
    if kwargs.get("maxdepth") == "":
        kwargs.pop("maxdepth")
    if sphinx.version_info >= (9,):
        kwargs["tags"] = builder.tags
    collapse = kwargs.pop("collapse", True)
    proxy: Any = _LinksMarked(builder)
    toctree = global_toctree_for_doc(builder.env, docname, proxy, collapse=collapse, **kwargs)
    return render_fragment(builder, toctree)


def relink(builder: Builder, marked: str, pagename: str) -> str:
    """``marked`` (from :func:`marked_navigation_html`) with its links relative
    to page ``pagename``, as the builder makes them."""

    def link(match: re.Match[str]) -> str:
        to = urllib.parse.unquote(match[1])
        typ = urllib.parse.unquote(match[2]) or None
        return html.escape(builder.get_relative_uri(pagename, to, typ))

    return _MARKED.sub(link, marked)


def navigation_html(builder: Builder, docname: str, links_from: str, **kwargs: Any) -> str:
    """The HTML the ``toctree()`` template function gives on page ``docname``,
    with every link relative to page ``links_from`` instead."""
    return relink(builder, marked_navigation_html(builder, docname, **kwargs), links_from)


def has_navigation_html(builder: Builder) -> bool:
    """Whether :func:`navigation_html` can render for ``builder`` (an HTML builder)."""
    return callable(getattr(builder, "render_partial", None))


def render_fragment(builder: Any, node: nodes.Node | None) -> str:
    """``node`` as the HTML builder writes it, alone (``""`` for ``None``).

    Relies on ``StandaloneHTMLBuilder.render_partial`` (undocumented), which
    gives the HTML writer's parts, ``fragment`` among them.
    """
    if node is None:
        return ""
    parts: dict[str, str] = builder.render_partial(node)
    return parts["fragment"]


# -- writing ------------------------------------------------------------------


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


# -- logging ------------------------------------------------------------------


@contextmanager
def log_filter(remap: logging.Filter) -> Iterator[None]:
    """While the block runs, every record Sphinx logs passes through ``remap``
    before it is shown (to change its location, say).

    Relies on Sphinx showing its messages through the handlers of the
    ``sphinx`` logger (``sphinx.util.logging.setup``), whose filters see each
    record first; there is no public hook on a message's location.
    """
    handlers = list(logging.getLogger("sphinx").handlers)
    for handler in handlers:
        handler.addFilter(remap)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(remap)


# -- highlighting -------------------------------------------------------------


def sphinx_lexer_names() -> set[str]:
    """The languages Sphinx highlights without asking Pygments by name: its
    own (``none``, ``python``, ...) and those extensions added with
    ``app.add_lexer``.

    Relies on ``sphinx.highlighting.lexer_classes`` and ``lexers`` (module
    dictionaries, undocumented), which ``PygmentsBridge.get_lexer`` looks in
    before Pygments; ``app.add_lexer`` adds to the first.
    """
    return set(highlighting.lexer_classes) | set(highlighting.lexers)


def highlight_language(env: BuildEnvironment) -> str:
    """The language of a code block that names none, in the document being
    read: the last ``highlight`` directive's, else ``highlight_language``.

    Relies on ``env.temp_data["highlight_language"]``, where Sphinx's
    ``highlight`` directive keeps it (kept "for backwards compatibility" in
    Sphinx 9, whose ``env.current_document`` Sphinx 8 does not have).
    """
    language = env.temp_data.get("highlight_language")
    return str(language or env.config.highlight_language)
