"""The ``post-list`` directive: a listing of posts, filled in when pages are written.

The directive leaves a placeholder; the builder's translator fills it in with a
bullet list of links (date, title, and the fields asked for) when it writes the
page, so with ``-j`` in the writing processes, and the listed excerpts are not
indexed for search a second time. Because the listing is made at write time
from the catalog, a page with a listing is not re-read when posts change: it is
only rewritten, and only when what its listings show did change.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .jekyll.authors import author_keys
from .jekyll.problems import ProblemKind
from .jekyll.snippets import attribute
from .jekyll.theme_keys import hidden, image_url, pinned, teaser_image, theme_family
from .presentation import _, add_filled_node, format_post_date
from .reporting import warn
from .state import build_state, per_document, shown_record, site_state
from .static_links import site_file_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.catalog import Post

FIELDS = ("date", "title", "author", "categories", "tags", "excerpt")
SORTS = ("newest", "oldest", "title")
FILTERS = ("category", "tag", "year", "author")


class post_list(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder for a listing, filled in when the page is written."""


def _fields(argument: str | None) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (argument or "").replace(",", " ").split() if n.strip())
    unknown = [n for n in names if n not in FIELDS]
    if unknown or not names:
        raise ValueError(f"fields must be among {', '.join(FIELDS)}; not {unknown or names}")
    return names


def _sort(argument: str | None) -> str:
    return str(directives.choice(argument, SORTS))


class PostList(SphinxDirective):
    """``post-list``: posts filtered by category, tag, year and author."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "category": directives.unchanged_required,
        "tag": directives.unchanged_required,
        "year": directives.unchanged_required,
        "author": directives.unchanged_required,
        "limit": directives.positive_int,
        "offset": directives.nonnegative_int,
        "sort": _sort,
        "excerpts": directives.flag,
        "date-format": directives.unchanged_required,
        "fields": _fields,
        "class": directives.class_option,
        "archive": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        state = site_state(self.env)
        if state is None:
            return []
        query = {key: self.options[key] for key in FILTERS if key in self.options}
        if "archive" in self.options:
            archive = state.archive_by_reference(self.options["archive"])
            if archive is not None:
                query[archive.kind] = archive.name
        matching = True
        for key, value in query.items():
            if not _select(state, {key: value}):
                matching = False
                warn(
                    f"post-list: no post has {key} {value!r}",
                    ProblemKind.DIRECTIVE,
                    location=self.get_location(),
                )
        if matching and len(query) > 1 and not _select(state, query):
            combined = ", ".join(f"{k} {v!r}" for k, v in query.items())
            warn(
                f"post-list: no post matches all of {combined}",
                ProblemKind.DIRECTIVE,
                location=self.get_location(),
            )
        fields = self.options.get("fields", ("date", "title"))
        if "excerpts" in self.options and "excerpt" not in fields:
            fields = (*fields, "excerpt")
        node = post_list()
        node["query"] = query
        node["limit"] = self.options.get("limit")
        node["offset"] = self.options.get("offset", 0)
        node["sort"] = self.options.get("sort", "newest")
        node["fields"] = fields
        node["date_format"] = self.options.get("date-format")
        node["classes"] = ["jekyllposts-post-list", *self.options.get("class", [])]
        node["docname"] = self.env.docname
        self.set_source_info(node)
        return [node]


def _select(state: SiteState, query: dict[str, str]) -> list[tuple[str, Post]]:
    selected = []
    for docname, post in state.posts():
        if hidden(post.data) and not query:
            continue  # out of the listing of all posts (Chirpy's home), not its archives
        if "category" in query and query["category"] not in post.categories:
            continue
        if "tag" in query and query["tag"] not in post.tags:
            continue
        if "year" in query and f"{post.date.year:04d}" != query["year"].strip():
            continue
        if "author" in query and query["author"] not in (post.author, *author_keys(post.data)):
            continue
        selected.append((docname, post))
    return selected


def listed(state: SiteState, node: nodes.Element) -> list[tuple[str, Post]]:
    """The (docname, post) pairs a ``post_list`` node shows, in order."""
    selected = _select(state, node["query"])
    if node["sort"] == "newest":
        selected.reverse()
        if not node["query"]:  # the listing of all posts: pinned ones first (Chirpy)
            selected.sort(key=lambda item: not pinned(item[1].data))
    elif node["sort"] == "title":
        selected.sort(key=lambda item: item[1].text_title.lower())
    offset = node.get("offset", 0)
    end = offset + node["limit"] if node["limit"] else None
    return selected[offset:end]


def listing_nodes(env: BuildEnvironment) -> dict[str, list[nodes.Element]]:
    """Each page's ``post-list`` nodes (options only), kept so that they can be
    evaluated without loading the page's doctree."""
    return per_document(env, "listings")


def _fill_listing(builder: Builder, node: nodes.Element) -> list[nodes.Node]:
    state = site_state(builder.env)
    if state is None:
        return []
    return [_render(builder, state, node, node["docname"])]


def _render(
    builder: Builder, state: SiteState, node: nodes.Element, fromdocname: str
) -> nodes.Node:
    items = nodes.bullet_list(classes=node["classes"])
    language = builder.config.language
    for docname, post in listed(state, node):
        item = nodes.list_item(classes=["jekyllposts-post"])
        line = nodes.paragraph()
        for field in node["fields"]:
            if field == "date":
                text = format_post_date(
                    post.date,
                    date_format=node["date_format"] or state.config.date_format,
                    language=language,
                )
                line += nodes.inline(text, text, classes=["jekyllposts-date"])
                line += nodes.Text(" ")
            elif field == "title":
                title = _title(builder.env, docname, post)
                uri = builder.get_relative_uri(fromdocname, docname)
                line += nodes.reference(
                    title, title, internal=True, refuri=uri, classes=["jekyllposts-title"]
                )
                line += nodes.Text(" ")
            elif field == "author" and post.author:
                text = _("By") + " " + post.author
                line += nodes.inline(text, text, classes=["jekyllposts-author"])
                line += nodes.Text(" ")
            elif field in ("categories", "tags"):
                values = post.categories if field == "categories" else post.tags
                if values:
                    text = ", ".join(values)
                    line += nodes.inline(text, text, classes=[f"jekyllposts-{field}"])
                    line += nodes.Text(" ")
        if line.children and isinstance(line.children[-1], nodes.Text):
            line.pop()
        item += line
        if "excerpt" in node["fields"] and builder.format == "html":
            item += _teaser(builder, state, fromdocname, post)
        if "excerpt" in node["fields"] and post.excerpt:
            item += nodes.paragraph(post.excerpt, post.excerpt, classes=["jekyllposts-excerpt"])
        items += item
    if not items.children:
        text = _("No posts.")
        return nodes.paragraph(text, text, classes=node["classes"])
    return items


def _teaser(builder: Builder, state: SiteState, fromdocname: str, post: Post) -> list[nodes.Node]:
    """The post's teaser image, as a listing with excerpts shows it (Chirpy's
    preview, Minimal Mistakes' teaser); none when the site lacks its file."""
    site = state.catalog.settings.raw
    family = theme_family(site)
    image = teaser_image(post.data, family)
    if image is None:
        return []
    if family == "chirpy":
        image = image_url(image, post.data, site)
    source = site_file_uri(builder, state, fromdocname, image.path)
    if source is None:
        return []
    markup = (
        f'<img class="jekyllposts-teaser" src="{attribute(source)}" '
        f'alt="{attribute(image.alt or post.text_title)}" loading="lazy" />'
    )
    return [nodes.raw(markup, markup, format="html")]


def _title(env: BuildEnvironment, docname: str, post: Post) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else post.text_title


def _digest(app: Sphinx, state: SiteState, docname: str) -> str:
    """What the listings of a page show, condensed: it changes when they change."""
    parts = []
    for node in listing_nodes(app.env).get(docname, []):
        fields = node["fields"]
        for listed_doc, post in listed(state, node):
            shown: list[object] = [
                listed_doc,
                _title(app.env, listed_doc, post),
                post.date.isoformat(),
            ]
            shown += [post.author] if "author" in fields else []
            shown += [post.categories] if "categories" in fields else []
            shown += [post.tags] if "tags" in fields else []
            shown += [post.excerpt_source] if "excerpt" in fields else []
            shown += [repr(teaser_image(post.data))] if "excerpt" in fields else []
            parts.append(repr(shown))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def collect_listing_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """Keep each page's listing placeholders (small: options only)."""
    found = [node.deepcopy() for node in doctree.findall(post_list)]
    if found:
        listing_nodes(app.env)[app.env.docname] = found


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose listings now show something else than when last written."""
    state = site_state(env)
    if state is None:
        return []
    build = build_state(env)
    if build.nothing_changed:
        return []  # what listings show comes from the catalog and the pages' titles
    shown = shown_record(app, "listings")
    stale = []
    for docname in sorted(listing_nodes(env)):
        digest = _digest(app, state, docname)
        if shown.get(docname) != digest:
            shown[docname] = digest
            stale.append(docname)
    return stale


def setup_listings(app: Sphinx) -> None:
    """Register ``post-list`` and rewrite its pages when what they list changes."""
    add_filled_node(app, post_list, _fill_listing)
    app.add_directive("post-list", PostList)
    app.connect("doctree-read", collect_listing_nodes)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-before-read-docs", _note_documents_read, priority=900)


def _note_documents_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_state(env).documents_read = bool(docnames)
