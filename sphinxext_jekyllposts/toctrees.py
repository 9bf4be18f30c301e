"""The ``category-toctree`` directive: a real Sphinx toctree built from the catalog.

Without an argument, its entries are the category pages (each with its post
count), then the posts that have no category, then the tag and year indexes:
used in a root page it puts every post into the navigation. With a category
as argument, it lists that category's posts, newest first.

The entries are computed when the page is read; each use records what it
showed, and a page is re-read when the same query against a new catalog would
show something else (a post added, a category renamed).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ._compat.sphinx import (
    has_navigation_html,
    marked_navigation_html,
    page_toc,
    page_tocs,
    relink,
    toctree_children,
)
from ._compat.themes import edit_pydata_sidebar
from .jekyll.problems import ProblemKind
from .reporting import warn
from .state import build_state, per_document, shown_record, site_state

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.catalog import Post

Entries = list[tuple[str | None, str]]


def toctree_entries(
    state: SiteState, category: str | None, *, primary: bool, year: str | None = None
) -> Entries:
    """(explicit title or None, docname) of each entry, in order.

    Each post has one parent: its first category's page; without one, its
    year's page; without that either, the page with the category toctree
    without argument (the root page)."""
    if category is not None:
        entries: Entries = []
        for docname, post in reversed(state.posts()):
            if category in post.categories and (not primary or post.categories[0] == category):
                entries.append((None, docname))
        return entries
    if year is not None:
        return [
            (None, docname)
            for docname, post in reversed(state.posts())
            if f"{post.date.year:04d}" == year and not _category_page(state, post)
        ]
    entries = []
    categories = state.archives.get("category", ())
    for archive in categories:
        entries.append((f"{archive.name} ({len(archive.posts)})", state.archive_docname(archive)))
    for docname, post in reversed(state.posts()):
        if not _category_page(state, post) and not _year_page(state, post):
            entries.append((None, docname))
    for kind in ("tag", "year"):
        if state.archives.get(kind):
            entries.append((None, state.archive_index_docname(kind)))
    pages = state.pagination()
    if pages:
        entries.append((None, pages[0]))
    return entries


def _category_page(state: SiteState, post: Post) -> str | None:
    return state.archive_page("category", post.categories[0]) if post.categories else None


def _year_page(state: SiteState, post: Post) -> str | None:
    return state.archive_page("year", f"{post.date.year:04d}")


Query = tuple[str | None, str | None, bool, int | None, str]


def toctree_queries(env: BuildEnvironment) -> dict[str, list[Query]]:
    """Each page's category toctrees: what they asked for and a digest of the
    entries they got (the entries themselves would make the saved environment
    grow by a line per post)."""
    return per_document(env, "toctrees")


def entries_digest(entries: Sequence[tuple[str | None, str]]) -> str:
    """A toctree's entries, condensed (what pages keep to know they changed)."""
    return hashlib.blake2b(repr(list(entries)).encode("utf-8"), digest_size=16).hexdigest()


class CategoryToctree(SphinxDirective):
    """``category-toctree [category]``: a toctree of category pages or of one
    category's posts."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "maxdepth": directives.nonnegative_int,
        "caption": directives.unchanged_required,
        "hidden": directives.flag,
        "titlesonly": directives.flag,
        "limit": directives.positive_int,
        "primary": directives.flag,
        "name": directives.unchanged,
        "class": directives.class_option,
        "archive": directives.unchanged_required,
        "relations-only": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        state = site_state(self.env)
        if state is None:
            return []
        category = " ".join(self.arguments[0].split()) if self.arguments else None
        archive = state.archive_by_reference(self.options.get("archive", ""))
        year = None
        if archive is not None and archive.kind == "category":
            category = archive.name
        elif archive is not None and archive.kind == "year":
            year = archive.name
        if category is not None and category not in state.catalog.categories():
            warn(
                f"category-toctree: no post has the category {category!r}",
                ProblemKind.DIRECTIVE,
                location=self.get_location(),
            )
        primary = "primary" in self.options
        limit = self.options.get("limit")
        entries = toctree_entries(state, category, primary=primary, year=year)
        toctree_queries(self.env).setdefault(self.env.docname, []).append(
            (category, year, primary, limit, entries_digest(entries))
        )
        if limit is not None:
            entries = entries[:limit]
        return [self._toctree(entries)]

    def _toctree(self, entries: Entries) -> nodes.Element:
        wrapper, node = toctree_node(
            self,
            entries,
            maxdepth=self.options.get("maxdepth", -1),
            titlesonly="titlesonly" in self.options,
            classes=self.options.get("class", []),
        )
        node["jekyllposts_relations_only"] = "relations-only" in self.options
        return wrapper


def toctree_node(
    directive: SphinxDirective,
    entries: Sequence[tuple[str | None, str]],
    *,
    maxdepth: int,
    titlesonly: bool,
    classes: Sequence[str],
) -> tuple[nodes.compound, addnodes.toctree]:
    """A toctree of ``entries`` (title or ``None``, docname or external URL)
    as Sphinx's own directive makes it, in its wrapper; the directive's
    ``:hidden:``, ``:caption:`` and ``:name:`` apply."""
    node = addnodes.toctree()
    node["parent"] = directive.env.docname
    node["entries"] = list(entries)
    node["includefiles"] = [target for _, target in entries if "://" not in target]
    node["maxdepth"] = maxdepth
    node["caption"] = directive.options.get("caption")
    node["glob"] = False
    node["hidden"] = "hidden" in directive.options
    node["includehidden"] = False
    node["numbered"] = 0
    node["titlesonly"] = titlesonly
    node["rawentries"] = [title for title, _ in entries if title]
    directive.set_source_info(node)
    wrapper = nodes.compound(classes=["toctree-wrapper", *classes])
    wrapper += node
    directive.add_name(wrapper)
    return wrapper, node


def outdated_toctrees(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose category toctrees would now show other entries."""
    state = site_state(env)
    if state is None:
        return []
    stale = []
    for docname, asked in toctree_queries(env).items():
        for category, year, primary, _limit, digest in asked:
            if (
                entries_digest(toctree_entries(state, category, primary=primary, year=year))
                != digest
            ):
                stale.append(docname)
                break
    return sorted(set(stale) & env.found_docs)


def out_of_navigation(state: SiteState, docname: str) -> bool:
    """Whether ``docname`` is a page the printed navigation leaves out: with
    ``jekyllposts_posts_in_navigation = False``, the posts and the pages after
    the first of the paginated index."""
    if state.config.posts_in_navigation:
        return False
    return state.post(docname) is not None or docname in state.pagination()[1:]


def keep_out_of_navigation(app: Sphinx, doctree: nodes.document) -> None:
    """Take posts and ``:relations-only:`` toctrees out of the page's table of contents.

    Sphinx still knows the entries as the page's children (breadcrumbs,
    previous/next, "included in a toctree"), but the navigation themes print on
    every page, which Sphinx builds from the tables of contents, does not list
    them: with them, every page of a blog of N posts would carry N entries,
    and the build would grow with N squared.
    """
    env = app.env
    toc = page_toc(env, env.docname)
    state = site_state(env)
    if toc is None or state is None:
        return
    if env.docname == app.config.root_doc:
        # Sphinx builds every page's navigation from the root page's own
        # toctrees, not from its table of contents: what they list is printed
        # (a post is there only when it has neither a category nor a year page).
        return
    for node in list(toc.findall(addnodes.toctree)):
        if not _trim(state, node):
            node.parent.remove(node)


def _trim(state: SiteState, node: addnodes.toctree) -> bool:
    """Leave out the entries the navigation does not print; ``False``: all of them."""
    if node.get("jekyllposts_relations_only"):
        return False
    kept = [(t, d) for t, d in node["entries"] if not out_of_navigation(state, d)]
    if len(kept) < len(node["entries"]):
        # A table of contents' node shares its lists with the page's own
        # toctree, which still shows every entry: new lists, not edits.
        node["entries"] = kept
        node["includefiles"] = [d for d in node["includefiles"] if not out_of_navigation(state, d)]
    return bool(kept)


def _unprinted_parents(env: BuildEnvironment) -> dict[str, str]:
    """Each page that is a toctree's child but in no navigation: its parent."""
    printed = {
        docname
        for toc in page_tocs(env)
        for node in toc.findall(addnodes.toctree)
        for _title, docname in node["entries"]
    }
    parents: dict[str, str] = {}
    for parent, children in toctree_children(env).items():
        for child in children:
            if child not in printed:
                parents[child] = parent  # the last one, as Sphinx's own ancestors
    return parents


def before_writing(app: Sphinx, builder: Builder) -> None:
    """What every page's navigation uses, computed before the writing processes
    are forked (with ``-j``), not once in each of them."""
    state = site_state(app.env)
    if state is not None:
        build_state(app.env).shared_value("navigation-parents", lambda: _unprinted_parents(app.env))


def navigate_as_parent(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """On a page left out of the navigation, the navigation of the page that lists it.

    A post's page then shows its category page as the current entry, with the
    category's siblings and ancestors expanded as on the category page, in every
    theme that prints the navigation through the ``toctree()`` template
    function (alabaster, Furo, Read the Docs, the book theme, the PyData
    theme's top bar). Links stay relative to the post's page.
    """
    state = site_state(app.env)
    if state is None or "toctree" not in context:
        return
    build = build_state(app.env)
    parents = build.shared_value("navigation-parents", lambda: _unprinted_parents(app.env))
    parent, seen = parents.get(pagename), {pagename}
    while parent in parents and parent not in seen:  # a later page of the index
        seen.add(parent)
        parent = parents[parent]
    if parent is None:
        return
    builder = app.builder
    if not has_navigation_html(builder):
        return
    # The same for every page of the category: resolved once, then its links
    # made relative to each page (a string substitution).
    resolved: dict[tuple[str, str], str] = build.shared_value("navigation-html", dict)

    def toctree(**kwargs: Any) -> str:
        key = (parent, repr(sorted(kwargs.items())))
        if key not in resolved:
            resolved[key] = marked_navigation_html(builder, parent, **kwargs)
        return relink(builder, resolved[key], pagename)

    context["toctree"] = toctree
    context["jekyllposts_navigation_parent"] = builder.get_relative_uri(pagename, parent)


def mark_parent_in_pydata_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """The PyData theme's left sidebar resolves the navigation itself, for the
    page's own name: on a post's page, mark the category page's entry there as
    the theme marks the current page's (``current active``, its branch open)."""
    href = context.get("jekyllposts_navigation_parent")
    if href is None:
        return

    def mark(soup: Any) -> None:
        if soup.select("li.current"):
            return
        for link in soup.select("a[href]"):
            if link["href"] == href:
                link["class"] = [*link.get("class", []), "current"]
                for item in link.find_parents("li"):
                    item["class"] = [*item.get("class", []), "current", "active"]
                    for details in item.find_all("details", recursive=False):
                        details["open"] = "open"
                break

    edit_pydata_sidebar(context, mark)


def _navigation_digest(env: BuildEnvironment, state: SiteState) -> str:
    """What the navigation every page prints is made of, condensed: each page's
    title, and the headings and toctrees (entries, captions, options) of the
    pages it prints (a post's headings are not, by default)."""
    digest = hashlib.blake2b(digest_size=16)
    for docname in sorted(env.found_docs):
        title = env.titles.get(docname)
        digest.update(f"\0{docname}\0{title.astext() if title is not None else ''}".encode())
        toc = page_toc(env, docname)
        if toc is None or out_of_navigation(state, docname):
            continue
        digest.update(toc.astext().encode("utf-8", "surrogatepass"))
        for node in toc.findall(addnodes.toctree):
            options = [node.get(key) for key in _TOCTREE_OPTIONS]
            digest.update(repr((node["entries"], options)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_TOCTREE_OPTIONS = ("caption", "hidden", "maxdepth", "titlesonly", "includehidden", "numbered")


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the navigation they all print changed (a post added to
    a category changes its count, a category page comes or goes): Sphinx
    writes again only the pages it read, whose navigation would then differ
    from the others'."""
    state = site_state(env)
    if state is None:
        return []
    build = build_state(env)
    if build.nothing_changed:
        return []  # nothing was read: no title, heading or toctree changed
    record = shown_record(app, "navigation")
    digest = _navigation_digest(env, state)
    if record.get("digest") == digest:
        return []
    record["digest"] = digest
    return sorted(env.found_docs)


def setup_toctrees(app: Sphinx) -> None:
    """Register ``category-toctree`` and keep its pages up to date."""
    app.add_directive("category-toctree", CategoryToctree)
    # After Sphinx's own table-of-contents collector (priority 500).
    app.connect("doctree-read", keep_out_of_navigation, priority=900)
    # Before the themes' own handlers, which call toctree() (Furo, PyData).
    app.connect("write-started", before_writing)
    app.connect("html-page-context", navigate_as_parent, priority=100)
    app.connect("html-page-context", mark_parent_in_pydata_sidebar, priority=900)
    app.connect("env-get-outdated", outdated_toctrees, priority=700)
    app.connect("env-updated", pages_to_rewrite)
