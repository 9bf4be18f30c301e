"""Generated pages: one per category, tag and year, and an index of each kind.

They are real Sphinx documents (in the toctree, in search, linkable with
``{doc}`` and with ``:ref:`` labels ``category-<slug>``, ``tag-<slug>``,
``year-<yyyy>``), written as small MyST files under the doctree folder (never
into the source tree) and added to Sphinx's document set before reading. A
file is rewritten only when its content changes, so Sphinx re-reads exactly the
pages whose list of posts changed; a page whose category disappears is removed.
A document of the user's with the same name wins over a generated one.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._compat.sphinx import add_document, was_read
from .authors import authors_data
from .jekyll.authors import profile
from .jekyll.problems import ProblemKind
from .output import replace_file, shown
from .post_titles import markdown_literal
from .presentation import _
from .reporting import info, warn
from .state import generated_docnames, set_generated_docnames, site_state
from .toctrees import toctree_entries

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.archives import Archive

GENERATED_FOLDER = "jekyllposts-pages"
# A site that lists none of them in a toctree gets no "not included" warnings.
_ORPHAN = ("---", "orphan: true", "---", "")


def generated_pages(state: SiteState) -> dict[str, str]:
    """Every generated page of the site: docname to MyST source."""
    pages: dict[str, str] = {}
    for kind, archives in state.archives.items():
        if not archives:
            continue
        for archive in archives:
            pages[state.archive_docname(archive)] = _archive_source(state, archive)
        pages[state.archive_index_docname(kind)] = _index_source(state, kind, archives)
    pagination = state.pagination()
    for number, docname in enumerate(pagination, start=1):
        pages[docname] = _paginated_source(pagination, number, state.per_page())
    return pages


def _paginated_source(pages: list[str], number: int, per_page: int) -> str:
    """Page ``number`` of all posts, as jekyll-paginate splits them."""
    total = len(pages)
    title = _("All posts") if total == 1 else _("All posts, page %d of %d") % (number, total)
    lines = [*_ORPHAN, f"(posts-page-{number})=", f"# {markdown_literal(title)}", ""]
    lines += ["```{post-list}", f":limit: {per_page}", f":offset: {(number - 1) * per_page}"]
    lines += [":excerpts:", "```", ""]
    links = []
    if number > 1:
        links.append(f"{{doc}}`{_('Newer posts')} </{pages[number - 2]}>`")
    if number < total:
        links.append(f"{{doc}}`{_('Older posts')} </{pages[number]}>`")
    if links:
        lines += ["```{container} jekyllposts-pagination", " · ".join(links), "```", ""]
    if number == 1 and total > 1:
        lines += ["```{toctree}", ":hidden:", ""]
        lines += [f"/{docname}" for docname in pages[1:]]
        lines += ["```", ""]
    return "\n".join(lines)


def _index_title(kind: str) -> str:
    return {
        "category": _("Categories"),
        "tag": _("Tags"),
        "year": _("Archive"),
        "author": _("Authors"),
    }[kind]


def _index_source(state: SiteState, kind: str, archives: tuple[Archive, ...]) -> str:
    lines = [*_ORPHAN, f"({kind}-index)=", f"# {markdown_literal(_index_title(kind))}", ""]
    lines += ["```{toctree}", ":maxdepth: 1", ""]
    folder = state.archive_index_docname(kind).rsplit("/", 1)[0]
    for archive in archives:
        # a toctree title is plain text, not Markdown
        title = " ".join(f"{archive.name} ({len(archive.posts)})".split())
        relative = state.archive_docname(archive).removeprefix(folder + "/")
        lines.append(f"{title} <{relative}>")
    lines += ["```", ""]
    return "\n".join(lines)


def _archive_source(state: SiteState, archive: Archive) -> str:
    name = archive.name
    if archive.kind == "author":  # the name _data/authors.yml gives the key
        name = profile(name, authors_data(state).authors.get(name, name)).name
    heading = markdown_literal(name) or "“”"  # an empty name still needs a title
    lines = [*_ORPHAN, f"({archive.label})=", f"# {heading}", ""]
    # The archive is named by kind and slug, never by its name: a name is any
    # text, which option parsing could read otherwise (`a #b`, `|`, "").
    reference = f"{archive.kind}/{archive.slug}"
    if archive.kind == "category":
        # Each post sits in the toctree of its first category only, so that it
        # has one place in the navigation (breadcrumbs, previous/next).
        lines += ["```{category-toctree}", f":archive: {reference}", ":primary:", ":hidden:"]
        lines += ["```", ""]
    elif archive.kind == "year" and toctree_entries(state, None, primary=False, year=archive.name):
        # The posts without a category page are their year page's children.
        lines += ["```{category-toctree}", f":archive: {reference}", ":hidden:", "```", ""]
    # Categories show excerpts; tags and years, like jekyll-archives' pages, list
    # dates and titles (every post is on several of them).
    excerpts = [":excerpts:"] if archive.kind == "category" else []
    lines += ["```{post-list}", f":archive: {reference}", *excerpts, "```", ""]
    # The posts, as comments: the source changes exactly when the page's posts do.
    lines += [f"% {json.dumps(p.path)}" for p in archive.posts]
    return "\n".join(lines) + "\n"


def add_generated_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Write the generated sources that changed and add them to the document set."""
    state = site_state(env)
    folder = Path(app.doctreedir) / GENERATED_FOLDER
    wanted = generated_pages(state) if state is not None else {}
    before = generated_docnames(env)
    for docname in sorted(wanted):
        if docname in env.found_docs:
            info(f"{docname}: a page of yours has this name; it is used, not the generated one")
            del wanted[docname]
            continue
        path = folder / f"{docname}.md"
        try:
            content = wanted[docname].encode("utf-8")
            if not path.is_file() or path.read_bytes() != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                replace_file(path, content)
                if was_read(env, docname):
                    changed.add(docname)
        except (OSError, UnicodeError) as error:
            # The page as the last build wrote it, if there is one, is kept.
            kept = docname in before and os.path.isfile(path)  # noqa: PTH113 (never raises)
            warn(
                f"{shown(docname)}: the generated page cannot be written: "
                f"{getattr(error, 'strerror', None) or error}; "
                + ("the last build's is kept" if kept else "it is left out"),
                ProblemKind.WRITE,
            )
            if not kept:
                del wanted[docname]
                continue
        if not was_read(env, docname):
            added.add(docname)
        removed.discard(docname)
        # Relative to the source folder (even with ../), so that what Sphinx
        # derives from it (search index, source links) has no absolute paths.
        add_document(env, docname, path, Path(os.path.relpath(path, env.srcdir)))
    for docname in before - set(wanted):
        with contextlib.suppress(OSError):
            (folder / f"{docname}.md").unlink(missing_ok=True)
    set_generated_docnames(env, wanted)
    return []


def source_name(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """A generated page's source is shown (and copied) as ``<docname>.md``."""
    if pagename in generated_docnames(app.env) and context.get("sourcename"):
        context["sourcename"] = pagename + ".md" + app.config.html_sourcelink_suffix


def keep_discovery_out(app: Sphinx, config: Config) -> None:
    """Sphinx never takes a generated source for a document of its own: not
    this build's (a doctree folder inside the source folder), nor another
    build's left in the source folder (``_build1/.doctrees``, then ``_build2``)."""
    pattern = f"**/{GENERATED_FOLDER}"
    if pattern not in config.exclude_patterns:
        config.exclude_patterns = [*config.exclude_patterns, pattern]


def setup_archive_pages(app: Sphinx) -> None:
    """Generate the category, tag and year pages before Sphinx reads."""
    app.connect("config-inited", keep_discovery_out)
    app.connect("env-get-outdated", add_generated_pages, priority=600)
    app.connect("html-page-context", source_name)
