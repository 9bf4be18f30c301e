"""Atom feeds, as jekyll-feed writes them.

One feed of the whole blog (``feed.xml``), and optionally one per category
(``feed/<category>.xml``) and per tag (``feed/by_tag/<tag>.xml``), with
jekyll-feed's fields and defaults; the ``feed:`` block of ``_config.yml`` is
read and ``jekyllposts_feed_*`` settings override it. Links are absolute, from
``html_baseurl``, else ``url`` + ``baseurl`` of ``_config.yml``; without either
no feed is written and one warning says what to set.

An entry's content is the post's doctree as its page is written, without its
title and without the nodes this extension adds to the page (every
:class:`~.post_header.post_decoration`: the post header, the links to older,
newer and related posts), rendered by the HTML builder's own translator when
the page is written (``html-page-context``, also in parallel writers), only for
the posts some feed shows, and kept for the feeds. Feeds are written at the end
of an HTML build, only when their content changed. Every page's ``<head>``
links the main feed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ._compat.sphinx import html_body
from .jekyll.archives import Archive, archive_slugs
from .jekyll.authors import author_keys
from .jekyll.config_values import DEFAULT_FEED_POSTS_LIMIT, FeedBlock, parse_author
from .jekyll.problems import ProblemKind
from .modified import modified_date
from .output import NAME_MAX, SITE_BUILDERS, output_file, shown, starts_with, write_if_changed
from .page_addresses import public_uri
from .post_header import post_decoration
from .reporting import warn
from .state import build_state, shown_record, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.catalog import Post
    from .jekyll.site import SiteSettings

ATOM = "http://www.w3.org/2005/Atom"
GENERATOR = "sphinxext-jekyllposts"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# Each entry's content, as rendered for the feeds (the whole page body was kept
# in "jekyllposts-bodies" before: a new name, so that those are not taken for it).
BODIES_FOLDER = "jekyllposts-feed-content"
# Characters XML 1.0 forbids; a post can contain them, a feed must not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedSettings:
    """What the feeds need, from ``feed:`` in ``_config.yml`` and ``conf.py``."""

    base_url: str
    path: str
    posts_limit: int
    excerpt_only: bool
    categories: tuple[str, ...]
    tags: bool | tuple[str, ...]
    except_tags: tuple[str, ...]
    title: str
    subtitle: str
    author: dict[str, str]


def feed_settings(app: Sphinx, state: SiteState) -> FeedSettings | None:
    """The feed settings, or ``None`` when feeds are off or cannot be written."""
    config = state.config
    site = state.catalog.settings
    block = site.feed or FeedBlock()
    path = config.feed_path if config.feed_path is not None else block.path
    if not path:
        return None
    base = base_url(app.config.html_baseurl, site)
    if not base:
        return None
    limit = config.feed_posts_limit if config.feed_posts_limit is not None else block.posts_limit
    tags, except_tags = block.tags, block.except_tags
    if config.feed_tags is not None:
        given = config.feed_tags
        tags = given if isinstance(given, bool) else tuple(str(t) for t in given)
        except_tags = ()
    categories = block.categories
    if config.feed_categories is not None:
        categories = tuple(config.feed_categories)
    excerpt_only = config.feed_excerpt_only
    if excerpt_only is None:
        excerpt_only = block.excerpt_only
    return FeedSettings(
        base_url=base,
        path=path.strip("/"),
        posts_limit=limit if limit > 0 else DEFAULT_FEED_POSTS_LIMIT,
        excerpt_only=excerpt_only,
        categories=categories,
        tags=tags,
        except_tags=except_tags,
        title=site.title or app.config.project,
        subtitle=site.description,
        author=site.author.fields(),
    )


def base_url(html_baseurl: str, site: SiteSettings) -> str:
    """The site's absolute URL, ending in ``/`` (``html_baseurl``, else ``url`` +
    ``baseurl`` from ``_config.yml``); ``""`` when neither is an http(s) URL."""
    if html_baseurl:
        return html_baseurl.rstrip("/") + "/"
    url, baseurl = site.url, site.baseurl
    if url.startswith(("http://", "https://")):
        return url.rstrip("/") + "/" + (baseurl.strip("/") + "/" if baseurl else "")
    return ""


def _author(value: object) -> dict[str, str]:
    """A post's ``author`` as the feeds write it (as the site's: :func:`.parse_author`)."""
    return parse_author(value)[0].fields()


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", value)


def absolute(base_url: str, relative: str) -> str:
    """An absolute, percent-encoded URL for a path relative to the site root."""
    return base_url + urllib.parse.quote(relative, safe="/#%:@!$&'()*+,;=~")


def _body_file(app: Sphinx, docname: str) -> Path:
    name = hashlib.sha1(docname.encode("utf-8"), usedforsecurity=False).hexdigest()
    # By builder: html and dirhtml (or epub) sharing a doctree folder link differently.
    return Path(app.doctreedir) / BODIES_FOLDER / app.builder.name / f"{name}.html"


class feed_snapshot(post_decoration):
    """Put first in the doctree of a post some feed shows, when it is resolved:
    the first node visited when its page is written, it takes itself out and
    keeps a copy of the doctree as it is then (references, tables of contents
    and images resolved as for the page, nothing yet changed by writing it) on
    the doctree, as ``jekyllposts_feed_snapshot``, for the page's
    ``html-page-context``. The feed entry is rendered from that copy."""


def mark_for_snapshot(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put a :class:`feed_snapshot` into the doctree of each post some feed shows."""
    if app.builder.format != "html":
        return
    state = site_state(app.env)
    settings = feed_settings(app, state) if state is not None else None
    if state is None or settings is None or docname not in in_feeds(app.env, state, settings):
        return
    doctree.insert(0, feed_snapshot(docname=docname))


def _take_snapshot(translator: Any, node: nodes.Element) -> None:
    document = node.document
    node.parent.remove(node)  # the walk goes on with a copy of the list of children
    document.jekyllposts_feed_snapshot = document.deepcopy()
    raise nodes.SkipNode


def entry_content(snapshot: nodes.document) -> nodes.document:
    """``snapshot`` with only what the post says: without the title of its first
    section (the entry's own) and without every node this extension adds to the
    post's page (:class:`~.post_header.post_decoration`)."""
    for node in list(snapshot.findall(post_decoration)):
        node.parent.remove(node)
    for raw in list(snapshot.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            text = without_scripts(raw.astext())
            if not text.strip():
                raw.parent.remove(raw)
            elif text != raw.astext():
                raw.replace_self(nodes.raw("", text, format=raw["format"]))
    section = snapshot.next_node(nodes.section)
    index = section.first_child_matching_class(nodes.title) if section is not None else None
    if index is not None:
        del section[index]
    return snapshot


# An opening tag runs to its ">"; one never closed takes the rest, as no later
# one could close either (each is read once: linear).
_SCRIPT_OPENING = re.compile(r"<script\b[^>]*+(>)?", re.IGNORECASE)
_SCRIPT_CLOSING = re.compile(r"</script\s*>", re.IGNORECASE)
_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*+(>)?", re.IGNORECASE)


def without_scripts(markup: str) -> str:
    """``markup`` as a feed shows it: no ``<script>`` (a feed reader runs none),
    and what a ``<noscript>`` holds (a ``{% gist %}``'s link) as plain content."""
    if "<script" not in markup.lower() and "<noscript" not in markup.lower():
        return markup
    parts = []
    position = 0
    while (opening := _SCRIPT_OPENING.search(markup, position)) is not None:
        parts.append(markup[position : opening.start()])
        closing = _SCRIPT_CLOSING.search(markup, opening.end()) if opening[1] else None
        if closing is None:
            break  # a script never closed runs to the end: it all goes
        position = closing.end()
    else:
        parts.append(markup[position:])
    return _NOSCRIPT_TAG.sub(lambda tag: "" if tag[1] else tag[0], "".join(parts))


def keep_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Render a post's entry content and keep it for the feeds; link the feed in
    every page's head."""
    snapshot = getattr(doctree, "jekyllposts_feed_snapshot", None)
    state = site_state(app.env)
    if state is None:
        return
    settings = feed_settings(app, state)
    if settings is None:
        return
    href = absolute(settings.base_url, settings.path)
    link = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{_attribute(settings.title)}" href="{_attribute(href)}" />'
    )
    context["metatags"] = context.get("metatags", "") + "\n" + link
    for archive in state.archives.get("author", ()):
        if state.archive_docname(archive) == pagename:
            href = absolute(settings.base_url, author_feed(archive))
            title = f"{settings.title}: {archive.name}"
            context["metatags"] += (
                f'\n<link rel="alternate" type="application/atom+xml" '
                f'title="{_attribute(title)}" href="{_attribute(href)}" />'
            )
    if snapshot is not None and pagename in in_feeds(app.env, state, settings):
        body = html_body(app.builder, entry_content(snapshot))
        write_if_changed(
            _body_file(app, pagename),
            body.strip().encode("utf-8"),
            what="the post's content for the feeds",
            location=(pagename, 1),
        )


def _attribute(value: str) -> str:
    return html.escape(xml_text(value), quote=True)


def feeds_of(
    state: SiteState, settings: FeedSettings
) -> dict[str, tuple[str, list[tuple[str, Post]]]]:
    """Every feed to write: its path in the output, its title and its posts."""
    feeds = {settings.path: (settings.title, state.posts())}
    category_slugs = archive_slugs(settings.categories)
    for category in settings.categories:
        posts = [(d, p) for d, p in state.posts() if category in p.categories]
        name = _feed_name(category, category_slugs[category])
        feeds[f"feed/{name}.xml"] = (f"{settings.title}: {category}", posts)
    if settings.tags:
        names = sorted(state.catalog.tags())
        if isinstance(settings.tags, tuple):
            names = [t for t in names if t in settings.tags]
        names = [t for t in names if t not in settings.except_tags]
        tag_slugs = archive_slugs(names)
        for tag in names:
            posts = [(d, p) for d, p in state.posts() if tag in p.tags]
            name = _feed_name(tag, tag_slugs[tag])
            feeds[f"feed/by_tag/{name}.xml"] = (f"{settings.title}: {tag}", posts)
    # One per author, as ABlog has them (jekyll-feed has none).
    for archive in state.archives.get("author", ()):
        posts = [(d, p) for d, p in state.posts() if archive.name in author_keys(p.data)]
        feeds[author_feed(archive)] = (f"{settings.title}: {archive.name}", posts)
    return feeds


def author_feed(archive: Archive) -> str:
    """The path of an author's feed in the output."""
    return f"feed/by_author/{archive.slug}.xml"


def in_feeds(env: BuildEnvironment, state: SiteState, settings: FeedSettings) -> frozenset[str]:
    """The posts some feed shows (each feed's newest ``posts_limit``): only
    their bodies are kept for the feeds, not every post's."""
    return build_state(env).shared_value(
        "in-feeds",
        lambda: frozenset(
            docname
            for _title, posts in feeds_of(state, settings).values()
            for docname, _post in list(reversed(posts))[: settings.posts_limit]
        ),
        key=settings,
    )


def _feed_name(name: str, slug: str) -> str:
    # jekyll-feed names feeds by the category or tag as written; keep that
    # where it is a plain file name, so subscribers' URLs stay the same.
    plain = _PLAIN_NAME.fullmatch(name) and len(name) + len(".xml") <= NAME_MAX
    return name if plain else slug


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """Write every feed whose content changed (web site builders only), and
    remove feeds of categories and tags that have none any more."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    state = site_state(app.env)
    if state is None or not state.posts():
        return
    settings = feed_settings(app, state)
    if settings is None:
        if state.config.feed_path != "" and _feed_expected(state):
            warn(
                "no feed is written: set html_baseurl in conf.py (or url in _config.yml) "
                "to the address the site is published at, e.g. 'https://example.org/blog/'; "
                "or set jekyllposts_feed_path = '' to turn feeds off",
                ProblemKind.CONFIG,
            )
        return
    outdir = Path(app.outdir)
    pages = {app.builder.get_target_uri(d) for d in app.env.found_docs}
    build = build_state(app.env)
    record = build.written.of("feeds")
    before = set(record)
    feeds = feeds_of(state, settings)
    written = set()
    for path, (title, posts) in feeds.items():
        target = output_file(outdir, path, resolved=build.resolved_folders)
        if target is None or path in pages or target.is_dir():
            warn(
                f"feed path {shown(path)!r} is not a file the feed may be written to",
                ProblemKind.CONFIG,
            )
            continue
        if target.is_file() and not starts_with(target, GENERATOR.encode()):
            warn(
                f"{path} exists and is not a feed of this extension; not replaced",
                ProblemKind.CONFIG,
            )
            continue
        xml = atom_feed(app, state, settings, path=path, title=title, posts=posts)
        if write_if_changed(target, xml, what="a feed", made=build.made_folders) or path in before:
            written.add(path)  # a feed that failed stays ours, as it was, and is not removed
    # Only feeds no longer wanted go, never one that just failed to be written.
    for path in before - set(feeds):
        stale = output_file(outdir, path, resolved=build.resolved_folders)
        if stale is not None and stale.is_file() and starts_with(stale, GENERATOR.encode()):
            with contextlib.suppress(OSError):
                stale.unlink()
    record.clear()
    record.update(dict.fromkeys(sorted(written), ""))


def atom_feed(
    app: Sphinx,
    state: SiteState,
    settings: FeedSettings,
    *,
    path: str,
    title: str,
    posts: list[tuple[str, Post]],
) -> bytes:
    """The Atom document of one feed: its newest ``posts_limit`` posts, newest first."""
    from . import __version__  # noqa: PLC0415 (the package imports this module)

    newest = list(reversed(posts))[: settings.posts_limit]
    feed = ET.Element("feed", {"xmlns": ATOM})
    language = app.config.language
    if language:
        feed.set("xml:lang", language.replace("_", "-"))
    ET.SubElement(
        feed,
        "generator",
        {"uri": "https://pypi.org/project/sphinxext-jekyllposts/", "version": __version__},
    ).text = "sphinxext-jekyllposts"
    feed_url = absolute(settings.base_url, path)
    ET.SubElement(feed, "link", {"href": feed_url, "rel": "self", "type": "application/atom+xml"})
    ET.SubElement(
        feed, "link", {"href": settings.base_url, "rel": "alternate", "type": "text/html"}
    )
    updated = max((_updated(app, docname, post) for docname, post in newest), default=None)
    ET.SubElement(feed, "updated").text = (updated or _EPOCH).isoformat()
    ET.SubElement(feed, "id").text = feed_url
    # Titles and summaries are plain text here (jekyll-feed strips their HTML).
    ET.SubElement(feed, "title", {"type": "text"}).text = xml_text(title)
    if settings.subtitle:
        ET.SubElement(feed, "subtitle").text = xml_text(settings.subtitle)
    if settings.author:
        _add_author(feed, settings.author)
    for docname, post in newest:
        feed.append(_entry(app, state, settings, docname, post))
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + document + b"\n"


def _entry(
    app: Sphinx, state: SiteState, settings: FeedSettings, docname: str, post: Post
) -> ET.Element:
    entry = ET.Element("entry")
    if isinstance(post.data.get("lang"), str) and post.data["lang"].strip():
        entry.set("xml:lang", xml_text(post.data["lang"].strip()))
    url = absolute(settings.base_url, public_uri(app, docname))
    title = app.env.titles.get(docname)
    text = title.astext() if title is not None else post.text_title
    ET.SubElement(entry, "title", {"type": "text"}).text = xml_text(text)
    ET.SubElement(
        entry,
        "link",
        {"href": url, "rel": "alternate", "type": "text/html", "title": xml_text(text)},
    )
    ET.SubElement(entry, "published").text = post.date.isoformat()
    ET.SubElement(entry, "updated").text = _updated(app, docname, post).isoformat()
    # jekyll-feed's entry id, so readers subscribed to the Jekyll feed see no duplicates
    ET.SubElement(entry, "id").text = absolute(settings.base_url, post.id.lstrip("/"))
    body = None if settings.excerpt_only else _body(app, docname)
    if body is not None:
        ET.SubElement(entry, "content", {"type": "html", "xml:base": url}).text = xml_text(body)
    author = _author(post.data.get("author")) if post.data.get("author") else settings.author
    if author:
        _add_author(entry, author)
    for term in (*post.categories, *post.tags):
        ET.SubElement(entry, "category", {"term": xml_text(term)})
    summary = post.excerpt
    if summary:
        ET.SubElement(entry, "summary", {"type": "text"}).text = xml_text(summary)
    return entry


def _add_author(parent: ET.Element, author: dict[str, str]) -> None:
    element = ET.SubElement(parent, "author")
    for key in ("name", "email", "uri"):
        if author.get(key):
            ET.SubElement(element, key).text = xml_text(author[key])


def _updated(app: Sphinx, docname: str, post: Post) -> dt.datetime:
    """jekyll-feed's ``post.last_modified_at | default: post.date``."""
    return modified_date(app.env, docname) or post.date


def _feed_expected(state: SiteState) -> bool:
    """Whether the site had a feed under Jekyll (jekyll-feed, a ``feed:`` block) or
    a ``jekyllposts_feed_*`` setting asks for one: then readers expect it."""
    site = state.catalog.settings
    config = state.config
    asked = (
        config.feed_path,
        config.feed_posts_limit,
        config.feed_categories,
        config.feed_tags,
        config.feed_excerpt_only,
    )
    return (
        "jekyll-feed" in site.plugins or site.feed is not None or any(v is not None for v in asked)
    )


def _body(app: Sphinx, docname: str) -> str | None:
    """The post's entry content, as :func:`keep_body` kept it."""
    path = _body_file(app, docname)
    if not path.is_file():
        return None
    return path.read_text("utf-8").strip()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the feed link in their heads changed (feeds turned on or
    off, moved, retitled), which also makes every post's body be kept again."""
    state = site_state(env)
    settings = feed_settings(app, state) if state is not None else None
    link = repr((settings.path, settings.title, settings.base_url) if settings else None)
    record = shown_record(app, "feeds")
    if record.get("link") != link:
        record["link"] = link
        return sorted(env.found_docs)
    if settings is None or state is None:
        return []
    # A post that has come into a feed (a newer one was removed) is written
    # again, so that its body is kept for the feed.
    return sorted(d for d in in_feeds(app.env, state, settings) if not _body_file(app, d).is_file())


def setup_feeds(app: Sphinx) -> None:
    """Write Atom feeds and link them from every page."""
    app.connect("env-updated", pages_to_rewrite)
    # Late: other extensions' handlers are done with the doctree, and never see the marker.
    app.connect("doctree-resolved", mark_for_snapshot, priority=990)
    app.add_node(feed_snapshot, html=(_take_snapshot, None))
    app.connect("html-page-context", keep_body)
    app.connect("build-finished", write_feeds)
