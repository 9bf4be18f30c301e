"""jemoji and jekyll-mentions in posts, on the Sphinx side.

The rule is :func:`.jekyll.github_plugins.github_plugins_rule`, given the
site's settings (``_config.yml``, read once) and the post's front matter.
An emoji is a :class:`jemoji` node: in HTML (pages and feeds) the image
jemoji writes, in other builders (and ePub) the emoji character; its text, as for
heading ids, is ``:name:`` (kramdown makes ids before jemoji runs).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .jekyll.github_plugins import (
    emoji_character,
    emoji_image_url,
    emoji_spans,
    github_plugins_rule,
    load_gemoji,
    post_mentions_base,
    rewritten_html,
)
from .state import build_state, site_state

if TYPE_CHECKING:
    from collections.abc import Mapping

    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .jekyll.catalog import Post


class jemoji(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """An emoji of jemoji (``:tada:``): its character as text, ``alt`` and ``src``."""

    def astext(self) -> str:
        return str(self["alt"])


def _plugins_for(
    env: BuildEnvironment, post: Post
) -> tuple[str | None, Mapping[str, str], str | None] | None:
    """jemoji's image root, the emoji names and jekyll-mentions' base URL for
    ``post``; ``None`` when neither plugin acts on it."""
    state = site_state(env)
    if state is None:
        return None
    site = state.catalog.settings.github
    mentions = post_mentions_base(site, post.data)
    if site.emoji_root is None and mentions is None:
        return None
    names = build_state(env).shared_value("gemoji", load_gemoji) if site.emoji_root else {}
    return site.emoji_root, names, mentions


def use_github_plugins(md: MarkdownIt, env: BuildEnvironment, post: Post) -> None:
    """Add to ``md`` what the site's jemoji and jekyll-mentions do to ``post``."""
    plugins = _plugins_for(env, post)
    if plugins is None:
        return
    emoji_root, names, mentions = plugins
    github_plugins_rule(
        md,
        emoji_root=emoji_root,
        emoji_names=names,
        mentions_base=mentions,
        raw_html=bool(env.config.jekyllposts_raw_html),
    )


def emojify_title(title: nodes.Element, env: BuildEnvironment, post: Post) -> None:
    """jemoji's images in a title given as nodes (a title with inline HTML),
    outside its code, as the Markdown rule makes them in a plain title."""
    plugins = _plugins_for(env, post)
    root, names = (None, {}) if plugins is None else plugins[:2]
    if root is None:
        return
    for text in list(title.findall(nodes.Text)):
        if ":" not in text or isinstance(text.parent, nodes.literal):
            continue
        pieces: list[nodes.Node] = []
        for piece, points in emoji_spans(str(text), names):
            if points is None:
                pieces.append(nodes.Text(piece))
                continue
            pieces.append(_emoji(f":{piece}:", points, emoji_image_url(root, points)))
        parent = text.parent
        at = parent.index(text)
        parent[at : at + 1] = pieces


def html_post_body(env: BuildEnvironment, post: Post, body: str) -> str:
    """An HTML post's body with what jemoji and jekyll-mentions do to it: they
    act on every page whose output ends in ``.html`` (not ``.htm``)."""
    plugins = _plugins_for(env, post)
    if plugins is None or post.ext.lower() != ".html" or not env.config.jekyllposts_raw_html:
        return body
    return rewritten_html(body, *plugins)


def render_jemoji(renderer: Any, token: SyntaxTreeNode) -> None:
    """The renderer's method for a ``jemoji`` token."""
    node = _emoji(token.content, str(token.meta["points"]), str(token.meta["src"]))
    renderer.add_line_and_source_path(node, token)
    renderer.current_node.append(node)


def _emoji(alt: str, points: str, src: str) -> jemoji:
    node = jemoji(alt, emoji_character(points))
    node["alt"] = alt
    node["src"] = src
    return node


def _visit_html(translator: Any, node: nodes.Element) -> None:
    if not translator.builder.supported_remote_images:
        # ePub: a book is read offline, GitHub's image would be missing.
        translator.body.append(html.escape(node[0].astext()))
        raise nodes.SkipNode
    alt = html.escape(str(node["alt"]))
    src = html.escape(str(node["src"]))
    translator.body.append(
        f'<img class="emoji" title="{alt}" alt="{alt}" src="{src}" height="20" width="20">'
    )
    raise nodes.SkipNode


def _pass(translator: Any, node: nodes.Element) -> None:
    pass


def setup_github_plugins(app: Sphinx) -> None:
    """The emoji node: jemoji's image in HTML, the emoji character elsewhere."""
    text = (_pass, _pass)
    app.add_node(jemoji, html=(_visit_html, None), latex=text, text=text, man=text, texinfo=text)
