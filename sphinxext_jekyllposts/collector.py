"""What each post document contributes to the environment, purged and merged
per document so that incremental and parallel (``-j``) reads stay exact.

- ``env.metadata[docname]`` gets the front matter as readable strings
  (``categories: 技术, 随笔``; dates in ISO 8601), with Jekyll's computed
  ``title``, ``date``, ``slug``, ``categories`` and ``tags``;
- the extension's domain keeps a :class:`PostPage` per post
  (:func:`~.state.post_pages`): the typed :class:`~.jekyll.catalog.Post`
  record and the reading statistics; Sphinx purges and merges it per document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .html_posts import reading_text
from .jekyll.frontmatter import value_text
from .jekyll.theme_keys import share_image
from .readingtime import ReadingStats, reading_stats
from .state import post_for, post_pages

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from .jekyll.catalog import Post

#: Front matter keys that configure MyST rather than describe the post.
_MYST_KEYS = frozenset({"myst", "mystnb", "html_meta", "substitutions"})


@dataclass(frozen=True)
class PostPage:
    """A post as it was read: its record and how much there is to read."""

    post: Post
    stats: ReadingStats


def collect_post_page(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the post's :class:`PostPage` and readable metadata (``doctree-read``)."""
    env = app.env
    post = post_for(env, env.docname)
    if post is None:
        return
    text = reading_text(doctree) if post.markup == "html" else doctree.astext()
    post_pages(env)[env.docname] = PostPage(post, reading_stats(text))
    env.metadata[env.docname].update(readable_metadata(post))


def readable_metadata(post: Post) -> dict[str, Any]:
    """The post's front matter as strings a template or a reader can use."""
    meta: dict[str, Any] = {
        key: value_text(value) for key, value in post.data.items() if key not in _MYST_KEYS
    }
    meta["title"] = post.title
    meta["date"] = post.date.isoformat()
    meta["slug"] = post.slug
    for key, values in (("categories", post.categories), ("tags", post.tags)):
        if values or key in meta:
            meta[key] = ", ".join(values)
    if "tocdepth" in post.data:
        try:
            meta["tocdepth"] = int(post.data["tocdepth"])
        except (TypeError, ValueError, OverflowError):
            meta["tocdepth"] = 0  # as Sphinx's own metadata collector does
    return meta


def article_metadata(post: Post) -> dict[str, str]:
    """For sphinxext-opengraph and the like: a post is an article, described by
    its ``description`` or its excerpt (not by its first paragraph, the header)."""
    meta = {"og:type": "article"}
    description = post.data.get("description")
    if isinstance(description, str) and description.strip():
        meta["og:description"] = " ".join(description.split())
    elif post.excerpt:
        meta["og:description"] = post.excerpt
    image = share_image(post.data)
    if image is not None:
        meta["og:image"] = image.path
    meta["article:published_time"] = post.date.isoformat()
    return meta


def add_article_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Put :func:`article_metadata` into the page's ``meta`` when it is written
    (not into ``env.metadata``: the saved environment stays small); front matter
    with the same keys wins."""
    post = post_for(app.env, pagename)
    if post is None:
        return
    context["meta"] = article_metadata(post) | dict(context.get("meta") or {})


def setup_collector(app: Sphinx) -> None:
    """Collect each post's page as it is read."""
    app.connect("doctree-read", collect_post_page)
    # Before sphinxext-opengraph's handler, which reads the page's ``meta``.
    app.connect("html-page-context", add_article_metadata, priority=100)
