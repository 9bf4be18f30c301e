"""The site's menu as a toctree: ``site-menu``.

The menu the site's theme shows (:mod:`.jekyll.menu`: ``_data/navigation.yml``,
``navs``, ``header_pages``, Chirpy's tabs) is read at ``builder-inited``, each
entry resolved to a page of the project (a Jekyll page or post by its URL or
file, the root page for ``/``) or kept as an external link. The ``site-menu``
directive is a toctree of those entries, in the menu's order: on the root page
(``jekyllposts build`` puts it there, hidden, before the categories), it is
the navigation every theme shows. A page that uses it is read again when the
menu changes. An entry that names no page of the site warns and is left out.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .jekyll.menu import site_menu
from .jekyll.pages import url_key
from .jekyll.problems import Problem, ProblemKind
from .reporting import report
from .state import per_document, site_state
from .toctrees import entries_digest, toctree_node

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState

#: (title, or None for the page's own; docname, or an external URL) of each entry.
MenuEntries = tuple[tuple[str | None, str], ...]


def resolved_menu(app: Sphinx, state: SiteState) -> MenuEntries:
    """The site's menu, each entry a page of the project (a post or page of the
    site by its URL or file) or an external URL. What cannot be resolved is
    reported (at the file the menu is in) and left out."""
    site_dir, settings = state.site_dir, state.catalog.settings
    menu = site_menu(site_dir, settings, state.pages.values())
    for problem in menu.problems:
        report(problem, site_dir=site_dir)
    if not menu.entries:
        return ()
    by_path = {record.path: docname for docname, record in state.pages.items()}
    root = state.site_docdir + "index" if state.site_docdir else app.config.root_doc
    base = settings.baseurl.strip("/")
    found: list[tuple[str | None, str]] = []
    for entry in menu.entries:
        title = entry.title or None
        docname: str | None
        if entry.path:
            path = entry.path.lstrip("/")
            post = state.catalog.by_path(path)
            docname = by_path.get(path) or (state.docname(post) if post is not None else None)
            what = f"the page {entry.path!r}"
        elif urllib.parse.urlsplit(entry.url).scheme or entry.url.startswith("//"):
            found.append((title or entry.url, entry.url))
            continue
        else:
            path = urllib.parse.urlsplit(entry.url).path
            if base and (path.strip("/") + "/").startswith(base + "/"):
                path = path.strip("/")[len(base) :]
            docname = state.docname_at(path) or (root if not url_key(path) else None)
            what = f"{entry.url!r}"
        if docname is None or docname not in app.env.found_docs:
            message = (
                f"the menu's entry {entry.title or entry.path or entry.url!r} names {what}, "
                "which is no page of the site; it is left out of the menu"
            )
            report(Problem(menu.source, menu.line, ProblemKind.LINK, message), site_dir=site_dir)
            continue
        found.append((title, docname))
    return tuple(found)


class SiteMenu(SphinxDirective):
    """``site-menu``: a toctree of the site's menu (pages and external links)."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "maxdepth": directives.nonnegative_int,
        "caption": directives.unchanged_required,
        "hidden": directives.flag,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        state = site_state(self.env)
        entries = state.menu if state is not None else ()
        menu_queries(self.env)[self.env.docname] = entries_digest(entries)
        wrapper, _node = toctree_node(
            self,
            entries,
            maxdepth=self.options.get("maxdepth", 1),
            titlesonly=True,
            classes=["jekyllposts-site-menu"],
        )
        return [wrapper]


def menu_queries(env: BuildEnvironment) -> dict[str, str]:
    """Each page that shows the menu, with a digest of the entries it got."""
    return per_document(env, "menu")


def outdated_menus(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages whose menu would now show other entries."""
    state = site_state(env)
    if state is None:
        return []
    digest = entries_digest(state.menu)
    return sorted(
        d for d, old in menu_queries(env).items() if old != digest and d in env.found_docs
    )


def setup_menu(app: Sphinx) -> None:
    """Register ``site-menu`` and the re-reading of pages that show it."""
    app.add_directive("site-menu", SiteMenu)
    app.connect("env-get-outdated", outdated_menus)
