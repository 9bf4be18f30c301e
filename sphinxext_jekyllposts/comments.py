"""Comments under each post, on the threads the Jekyll site had.

Which provider, with which keys, is the site's (:mod:`.jekyll.comments` reads
the keys of Minimal Mistakes, Chirpy and minima) unless ``jekyllposts_comments``
says otherwise. Each post's doctree gets a :class:`comments_block` marker after
its footer; it is filled when the page is written, only by HTML builders and
only in a ``production`` build (``jekyllposts_environment``, as Jekyll's
``jekyll.environment``), with a rubric and the provider's script. Feeds leave
it out, as every :class:`.post_header.post_decoration`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .config import PRODUCTION, environment
from .jekyll.comments import CommentsSettings, comments_settings, snippet, thread_of
from .jekyll.problems import ProblemKind
from .post_header import add_after_footer, post_decoration
from .presentation import _, add_filled_node
from .reporting import warn
from .state import build_running, build_state, rewritten_when_changed, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState


class comments_block(post_decoration):
    """Where a post's comments go: after its footer (older, newer and related posts)."""


def add_comments_marker(app: Sphinx, doctree: nodes.document) -> None:
    """Put a :class:`comments_block` after the footer marker of each post."""
    add_after_footer(app, doctree, comments_block, "comments")


def site_comments(app: Sphinx, state: SiteState) -> CommentsSettings:
    """The comments this build shows: the site's, or ``jekyllposts_comments``'
    (whose problems are warned about once per build); off outside production."""
    if environment(app.config) != PRODUCTION:
        return CommentsSettings()
    given = app.config.jekyllposts_comments
    if given is False:
        return CommentsSettings()
    site = state.catalog.settings
    if not isinstance(given, dict):
        return site.comments

    def problem(message: str, _key: str) -> None:
        warn(f"jekyllposts_comments: {message}", ProblemKind.CONFIG)

    return comments_settings(site.raw, problem, override=given)


def comments_nodes(builder: Builder, docname: str) -> list[nodes.Node]:
    """What a post's :class:`comments_block` shows with ``builder``."""
    state = site_state(builder.env)
    post = state.post(docname) if state is not None else None
    if builder.format != "html" or post is None or not build_running(builder.env):
        return []
    settings = build_state(builder.env).shared_value("comments", CommentsSettings)
    if not settings.shown_on(post.data):
        return []
    site = state.catalog.settings  # type: ignore[union-attr]
    thread = thread_of(
        settings,
        site_url=site.url,
        baseurl=site.baseurl,
        url=post.url,
        post_id=post.id,
        permalink=site.permalink,
    )
    block = nodes.container(classes=["jekyllposts-comments", f"jekyllposts-{settings.provider}"])
    block["ids"].append("comments")
    label = _("Comments")
    block += nodes.rubric(label, label)
    html = snippet(settings, thread)
    block += nodes.raw(html, html, format="html")
    return [block]


def posts_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Decide this build's comments (in the main process, before any page is
    written); every post, when they are not those the posts were written with."""
    state = site_state(env)
    if state is None:
        return []
    settings = site_comments(app, state)
    build_state(env).shared["comments"] = (None, settings)
    return rewritten_when_changed(app, "comments", settings, state.docnames)


def setup_comments(app: Sphinx) -> None:
    """Mark each post's place for comments; fill it when the page is written."""
    app.connect("doctree-read", add_comments_marker, priority=601)
    app.connect("env-updated", posts_to_rewrite)
    add_filled_node(
        app, comments_block, lambda builder, node: comments_nodes(builder, node["docname"])
    )
