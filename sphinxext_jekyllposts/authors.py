"""The author box under each post (:mod:`.jekyll.authors`): each author's
avatar, name (linked to their page or URL), bio and links, from
``_data/authors.yml`` or the site's ``author:`` block, for authors with more
than a name. Made when the page is written, in a :class:`author_box` marker
placed after the post's footer; feeds leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .jekyll.authors import Author, post_authors, profile
from .jekyll.files import RefusedFile, read_site_file, real_path
from .jekyll.frontmatter import load_yaml_mapping, top_level_key_lines
from .jekyll.problems import Problem, ProblemKind
from .jekyll.site import CONFIG_FILE
from .jekyll.snippets import attribute
from .output import shown as shown_text
from .post_header import add_after_footer, post_decoration
from .presentation import add_filled_node
from .reporting import report
from .state import build_running, build_state, rewritten_when_changed, site_state
from .static_links import site_file_of, site_file_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState

AUTHORS_FILES = ("_data/authors.yml", "_data/authors.yaml")


@dataclass(frozen=True)
class AuthorsFile:
    """``_data/authors.yml``: its authors by key, and the line of each key."""

    path: str = AUTHORS_FILES[0]
    authors: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


class author_box(post_decoration):
    """Where a post's author box goes: after its footer, before comments."""


def authors_data(state: SiteState) -> AuthorsFile:
    """``_data/authors.yml`` (empty when the site has none or it is unreadable)."""
    for name in AUTHORS_FILES:
        path = state.site_dir / name
        try:
            text = read_site_file(path, inside=real_path(state.site_dir)).decode("utf-8-sig")
        except (OSError, RefusedFile, UnicodeDecodeError):
            continue
        data, _problems = load_yaml_mapping(text, path=name, first_line=1)
        return AuthorsFile(name, data, top_level_key_lines(text))
    return AuthorsFile()


def _authors(env: BuildEnvironment, state: SiteState) -> AuthorsFile:
    if not build_running(env):
        return authors_data(state)
    return build_state(env).shared_value("authors", lambda: authors_data(state))


def add_author_marker(app: Sphinx, doctree: nodes.document) -> None:
    """Put an :class:`author_box` after the footer marker of each post."""
    add_after_footer(app, doctree, author_box, "author")


def box_nodes(builder: Builder, docname: str) -> list[nodes.Node]:
    """The author box of the post ``docname``: one entry per author with a profile."""
    state = site_state(builder.env)
    post = state.post(docname) if state is not None else None
    if state is None or post is None or not state.config.author_box:
        return []
    site_author = state.catalog.settings.raw.get("author")
    authors = post_authors(post.data, _authors(builder.env, state).authors, site_author)
    shown = [author for author in authors if author.has_profile]
    if not shown:
        return []
    box = nodes.container(classes=["jekyllposts-author-box"])
    for author in shown:
        box += _entry(builder, state, docname, author)
    return [box]


def _entry(builder: Builder, state: SiteState, docname: str, author: Author) -> nodes.Node:
    entry = nodes.container(classes=["jekyllposts-author-entry"])
    source = site_file_uri(builder, state, docname, author.avatar) if author.avatar else None
    if source is not None and builder.format == "html":
        html = (
            f'<img class="jekyllposts-avatar" src="{attribute(source)}" '
            f'alt="{attribute(author.name)}" loading="lazy" />'
        )
        entry += nodes.raw(html, html, format="html")
    name = nodes.strong(author.name, author.name)
    line = nodes.paragraph(classes=["jekyllposts-author-name"])
    if author.url:
        line += nodes.reference("", "", name, refuri=author.url)
    else:
        line += name
    entry += line
    if author.bio:
        entry += nodes.paragraph(author.bio, author.bio, classes=["jekyllposts-author-bio"])
    if author.links:
        links = nodes.paragraph(classes=["jekyllposts-author-links"])
        for index, (label, url) in enumerate(author.links):
            if index:
                links += nodes.Text(" · ")
            links += nodes.reference(label, label, refuri=url)
        entry += links
    return entry


def _missing_avatars(state: SiteState, authors: AuthorsFile) -> None:
    """Warn, once per build, about each avatar that names no file of the site."""
    entries = [("author", CONFIG_FILE, 1, state.catalog.settings.raw.get("author"))]
    entries += [
        (str(key), authors.path, authors.lines.get(key, 1), value)
        for key, value in authors.authors.items()
    ]
    for where, location, line, value in entries:
        avatar = profile("", value).avatar
        if not avatar or "://" in avatar or avatar.startswith("//"):
            continue
        if site_file_of(state, avatar) is None:
            message = (
                f"{where}: the avatar {shown_text(avatar)!r} names no file of the site; "
                "the author box shows none"
            )
            report(Problem(location, line, ProblemKind.LINK, message), site_dir=state.site_dir)


def posts_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every post, when ``_data/authors.yml`` or the site's author changed."""
    state = site_state(env)
    if state is None:
        return []
    if state.config.author_box:
        _missing_avatars(state, _authors(env, state))
    shown = (_authors(env, state), state.catalog.settings.raw.get("author"))
    return rewritten_when_changed(app, "authors", repr(shown), state.docnames)


def setup_authors(app: Sphinx) -> None:
    """The author box after each post."""
    # After the comments' marker (601): put before it.
    app.connect("doctree-read", add_author_marker, priority=602)
    app.connect("env-updated", posts_to_rewrite)
    add_filled_node(app, author_box, lambda builder, node: box_nodes(builder, node["docname"]))
