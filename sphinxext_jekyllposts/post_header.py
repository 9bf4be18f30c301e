"""The header under a post's title: date, author, categories, tags, reading
time; and the links under the post to the older, newer and related posts.

Built from standard docutils nodes (a container holding a paragraph of
classed inline spans), so every builder writes it and every theme shows it,
with no theme template overridden; :mod:`.presentation` has their stylesheet.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from docutils import nodes

from .jekyll.theme_keys import subtitle
from .modified import modified_date
from .presentation import Linker, _, add_filled_node, format_post_date
from .state import build_state, post_pages, site_state, stale_documents

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .collector import PostPage
    from .config import JekyllPostsConfig


def build_post_header(
    page: PostPage,
    config: JekyllPostsConfig,
    *,
    language: str | None,
    state: SiteState | None = None,
    link: Linker | None = None,
    updated: dt.datetime | None = None,
) -> nodes.container:
    """The header nodes for one post, with the fields ``config`` asks for.

    Categories and tags link to their generated pages when ``state`` has them;
    ``updated`` (its last modification) is shown when it is not the post's day.
    """
    post = page.post

    def items(kind: str, values: tuple[str, ...]) -> list[nodes.Node]:
        found: list[nodes.Node] = []
        for index, value in enumerate(values):
            if index:
                found.append(nodes.Text(", "))
            item = nodes.inline(classes=[f"jekyllposts-{kind}"])
            target = state.archive_page(kind, value) if state is not None else None
            text = nodes.Text(value)
            item += link(target, text) if target and link is not None else text
            found.append(item)
        return found

    header = nodes.container(classes=["jekyllposts-post-header"])
    shown_subtitle = subtitle(post.data)
    if shown_subtitle:
        header += nodes.paragraph(shown_subtitle, shown_subtitle, classes=["jekyllposts-subtitle"])
    line = nodes.paragraph()
    header += line
    fields: list[nodes.Node] = []
    for name in config.header_fields:
        if name == "date":
            text = format_post_date(post.date, date_format=config.date_format, language=language)
            fields.append(
                _field(
                    "date",
                    _("Posted on") + " ",
                    nodes.inline(text, text, classes=["jekyllposts-date-value"]),
                )
            )
        elif name == "updated" and updated is not None and updated.date() != post.date.date():
            text = format_post_date(updated, date_format=config.date_format, language=language)
            value = nodes.inline(text, text, classes=["jekyllposts-date-value"])
            fields.append(_field("updated", _("Updated") + " ", value))
        elif name == "author" and post.author:
            fields.append(_field("author", _("By") + " ", nodes.inline(post.author, post.author)))
        elif name == "categories" and post.categories:
            fields.append(
                _field(
                    "categories",
                    _("Categories: "),
                    *items("category", post.categories),
                )
            )
        elif name == "tags" and post.tags:
            fields.append(_field("tags", _("Tags: "), *items("tag", post.tags)))
        elif name == "reading_time":
            minutes = page.stats.minutes(
                words_per_minute=config.words_per_minute,
                cjk_chars_per_minute=config.cjk_chars_per_minute,
            )
            text = _("%d min read") % minutes
            fields.append(nodes.inline(text, text, classes=["jekyllposts-reading-time"]))
    for index, field in enumerate(fields):
        if index:
            line += nodes.inline(" · ", " · ", classes=["jekyllposts-separator"])
        line += field
    return header


def _field(name: str, label: str, *values: nodes.Node) -> nodes.inline:
    field = nodes.inline(classes=[f"jekyllposts-{name}"])
    if label:
        field += nodes.inline(label, label, classes=["jekyllposts-label"])
    field.extend(values)
    return field


def build_post_navigation(older: str | None, newer: str | None, *, link: Linker) -> nodes.container:
    """Links to the older and newer post, by title."""
    navigation = nodes.container(classes=["jekyllposts-post-navigation"])
    line = nodes.paragraph()
    navigation += line
    for target, label, css in ((older, _("Older"), "older"), (newer, _("Newer"), "newer")):
        if target is None:
            continue
        part = nodes.inline(classes=[f"jekyllposts-{css}"])
        part += nodes.inline(label + ": ", label + ": ", classes=["jekyllposts-label"])
        part += link(target)
        if line.children:
            line += nodes.inline(" · ", " · ", classes=["jekyllposts-separator"])
        line += part
    return navigation


def build_related(docnames: list[str], link: Linker) -> nodes.container:
    """A list of links to related posts, by title."""
    related = nodes.container(classes=["jekyllposts-related-posts"])
    label = _("Related posts")
    related += nodes.rubric(label, label)
    items = nodes.bullet_list()
    for docname in docnames:
        item = nodes.list_item()
        item += nodes.paragraph("", "", link(docname))
        items += item
    related += items
    return related


class post_decoration(nodes.General, nodes.Element):  # type: ignore[misc]
    """Where a post's header (``part="header"``) or its links to the previous,
    next and related posts (``part="footer"``) go.

    Only this marker is saved with the doctree; what it shows is made when the
    page is written, by the builder's translator (so, with ``-j``, in the
    writing processes), from the catalog as it is then. It saves a few
    kilobytes per post, and the header's labels stay out of the search index.

    Whatever this extension adds to a post's doctree is in one of these (or is
    one of a subclass): feed entries leave every one out, with what it shows.
    """


def add_post_decorations(app: Sphinx, doctree: nodes.document) -> None:
    """Mark the place of the header, right after the post's title, and of the
    footer, at the end of its first section."""
    env = app.env
    if post_pages(env).get(env.docname) is None:
        return
    section = doctree.next_node(nodes.section)
    header = post_decoration(docname=env.docname, part="header")
    footer = post_decoration(docname=env.docname, part="footer")
    (section if section is not None else doctree).append(footer)
    if section is None:
        doctree.insert(0, header)
        return
    title_index = section.first_child_matching_class(nodes.title)
    section.insert(0 if title_index is None else title_index + 1, header)


def decoration_of(doctree: nodes.document, part: str) -> post_decoration | None:
    """The ``header`` or ``footer`` marker :func:`add_post_decorations` put into
    a post's doctree (looked for where it puts them, not in the whole tree)."""
    section = doctree.next_node(nodes.section)
    place: nodes.Element = section if section is not None else doctree
    children = reversed(place.children) if part == "footer" else iter(place.children)
    for child in children:
        if isinstance(child, post_decoration) and child.get("part") == part:
            return child
    return None


def insert_after(marker: nodes.Element, node: nodes.Node) -> None:
    """Put ``node`` right after ``marker`` (a decoration of a post)."""
    parent = marker.parent
    if parent is not None:
        parent.insert(parent.index(marker) + 1, node)


def add_after_footer(
    app: Sphinx, doctree: nodes.document, marker: type[post_decoration], part: str
) -> None:
    """Put a ``marker`` right after a post's footer marker, for what goes under
    the post (comments, the author box); at ``doctree-read``."""
    docname = app.env.docname
    if post_pages(app.env).get(docname) is None:
        return
    footer = decoration_of(doctree, "footer")
    if footer is not None:
        insert_after(footer, marker(docname=docname, part=part))


def decoration_nodes(builder: Builder, docname: str, part: str) -> list[nodes.Node]:
    """What a :class:`post_decoration` shows, for ``builder``."""
    env = builder.env
    state = site_state(env)
    page = post_pages(env).get(docname)
    if state is None or page is None:
        return []
    link = Linker(builder, docname)
    if part == "header":
        if not state.config.post_header:
            return []
        language = builder.config.language
        header = build_post_header(
            page,
            state.config,
            language=language,
            state=state,
            link=link,
            updated=modified_date(env, docname),
        )
        return [header]
    found: list[nodes.Node] = []
    if state.config.post_navigation:
        older, newer = state.neighbours(docname)
        if older or newer:
            found.append(build_post_navigation(older, newer, link=link))
    related = state.related(docname)
    if related:
        found.append(build_related(related, link))
    return found


def _link_targets(state: SiteState, docname: str) -> list[str]:
    """The posts a post's footer links to: older, newer, related."""
    targets = []
    if state.config.post_navigation:
        targets += [t or "" for t in state.neighbours(docname)]
    return targets + state.related(docname)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Posts whose links to other posts now show other titles (a neighbour was
    retitled): written again, not read again, as the footer is made when the
    page is written."""
    state = site_state(env)
    if state is None:
        return []
    build = build_state(env)
    if build.nothing_changed:
        return []  # no record and no title changed
    shown = {}
    for docname, _post in state.posts():
        targets = _link_targets(state, docname)
        titles = [(t, env.titles[t].astext() if t in env.titles else "") for t in targets]
        shown[docname] = hashlib.blake2b(repr(titles).encode("utf-8"), digest_size=12).hexdigest()
    return stale_documents(app, "post-links", shown)


def setup_post_header(app: Sphinx) -> None:
    """Add post headers after the collector has measured the post."""
    app.connect("doctree-read", add_post_decorations, priority=600)
    app.connect("env-updated", pages_to_rewrite)
    add_filled_node(
        app,
        post_decoration,
        lambda builder, node: decoration_nodes(builder, node["docname"], node["part"]),
    )
