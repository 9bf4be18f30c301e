"""Liquid on the Sphinx side: one renderer per build, links that resolve to
Sphinx documents, warnings at the post's own lines.

The Jekyll semantics are in :mod:`.jekyll.liquid`; here:

- :func:`render_post_liquid` renders a post's body with the site's renderer
  (built once per build and process: ``_config.yml``, ``_data/``, every post
  as ``site.posts``), reports its problems (an unknown tag at each line it is
  used on), and returns the rendered text with each line's source line;
- ``{% post_url %}`` and ``{% link %}`` answer with the target's source file
  relative to the post (``2010-07-21-name.md``), which MyST turns into a
  cross-document link that is right from any page and in any builder;
- :func:`lines_remapped` makes every warning Sphinx, docutils or MyST gives
  while the rendered text is parsed, and every node's line, point at the line
  of the post the text came from.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import urllib.parse
from contextlib import contextmanager
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import get_source_line

from ._compat.sphinx import log_filter
from .jekyll.excerpts import has_liquid
from .jekyll.problems import ProblemKind
from .jekyll.static_files import has_front_matter, is_site_file
from .reporting import report, warn
from .state import build_state, site_state

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .config import JekyllPostsConfig
    from .jekyll.catalog import Post, PostCatalog
    from .jekyll.liquid import LiquidRenderer, Rendered, SiteData

_LOCATION = re.compile(r"^(.*):(\d+)$", re.S)


def _renderer(env: BuildEnvironment, state: SiteState) -> tuple[LiquidRenderer, SiteData]:
    return build_state(env).shared_value(
        "liquid", lambda: _new_renderer(state.catalog, state.site_dir, state.config)
    )


def _new_renderer(
    catalog: PostCatalog, site_dir: Path, config: JekyllPostsConfig
) -> tuple[LiquidRenderer, SiteData]:
    # python-liquid is imported by the first post that has Liquid in it.
    from .jekyll.liquid import LiquidLimits, LiquidRenderer, load_site_data  # noqa: PLC0415

    site_data = load_site_data(site_dir)
    for problem in site_data.problems:
        report(problem, site_dir=site_dir)
    renderer = LiquidRenderer(
        catalog,
        site_dir,
        data=site_data.data,
        limits=LiquidLimits(
            seconds=float(config.liquid_timeout), output_chars=config.liquid_max_output
        ),
        mapped_tags=dict(config.liquid_tags or ()),
    )
    return renderer, site_data


#: What ``post_url`` and ``link`` write in an HTML post, which no Markdown link
#: resolves: the page's link, put in when the page is written (``html_posts.py``).
#: Between two Unicode noncharacters, which are for a program's own use (docutils
#: drops NUL from text).
DOC_LINK = "\ufdd0jekyllposts-doc:{}\ufdd1"


class _Links:
    """``post_url`` and ``link`` for one post: paths to source files, relative to
    it (or, in an HTML post, :data:`DOC_LINK` markers)."""

    def __init__(
        self, env: BuildEnvironment, state: SiteState, docname: str, *, html: bool = False
    ) -> None:
        self.env = env
        self.state = state
        self.here = posixpath.dirname(docname)
        self.html = html

    def _relative(self, docname: str) -> str:
        if self.html:
            return DOC_LINK.format(docname)
        source = self.env.doc2path(docname, base=False)
        return posixpath.relpath(str(source).replace(os.sep, "/"), self.here or ".")

    def post_url(self, name: str) -> str | None:
        folder, _, stem = name.strip().strip("/").rpartition("/")
        for post in self.state.catalog:
            base = post.path.rsplit("/", 1)[-1]
            if base.rsplit(".", 1)[0] != stem:
                continue
            if folder and f"/{folder}/" not in f"/{post.path}":
                continue
            docname = self.state.docname(post)
            if docname is not None:
                return self._relative(docname)
        return None

    def source_link(self, path: str) -> str | None:
        """The source of the post or page at ``path``, relative to this one's."""
        path = path.strip().lstrip("/")
        post = self.state.catalog.by_path(path)
        if post is not None:
            docname = self.state.docname(post)
            return self._relative(docname) if docname is not None else None
        docname = self.env.path2doc(str(self.state.site_dir / path))
        if docname is not None and docname in self.env.found_docs:
            return self._relative(docname)
        return None

    def link(self, path: str) -> str | None:
        """``{% link path %}``: a post's or page's source, or a static file's site path."""
        found = self.source_link(path)
        if found is not None or self.state.catalog.by_path(path.strip().lstrip("/")):
            return found
        path = path.strip().lstrip("/")
        site_dir, settings = self.state.site_dir, self.state.catalog.settings
        if is_site_file(site_dir, path, settings) and not has_front_matter(site_dir / path):
            # A static file: its site path, which pages link relative to
            # themselves when written (static_links.py).
            return urllib.parse.quote("/" + path)
        return None


def rendered_excerpts(
    env: BuildEnvironment, catalog: PostCatalog, site_dir: Path, config: JekyllPostsConfig
) -> dict[str, str]:
    """The excerpts (Markdown, by post path) that have Liquid, rendered as Jekyll
    renders them; at the scan, so listings, feeds and descriptions show them.

    They are rendered at every build (a few short texts), so they always show
    the includes and ``_data`` as they are now: an excerpt that changes makes
    its post's record change, which updates whatever shows it.
    """
    if not config.liquid or not any(
        has_liquid(p.excerpt_source) and not p.excerpt_from_front_matter for p in catalog
    ):
        return {}  # the renderer is not even built
    renderer, _ = build_state(env).shared_value(
        "liquid", lambda: _new_renderer(catalog, site_dir, config)
    )
    found = {}
    for post in catalog:
        text = renderer.excerpt(post)
        if text is not None:
            found[post.path] = text
    return found


def site_source_link(env: BuildEnvironment, docname: str, path: str) -> str | None:
    """The source file of the post or page at ``path`` (from the site folder, as
    ``{% link %}`` takes it), relative to ``docname``'s; None if it is neither."""
    state = site_state(env)
    return _Links(env, state, docname).source_link(path) if state is not None else None


def render_post_liquid(
    env: BuildEnvironment, post: Post, body: str, first_line: int
) -> Rendered | None:
    """The post's body with its Liquid rendered, or None when it is not rendered."""
    state = site_state(env)
    if state is None or not state.config.liquid:
        return None
    if post.data.get("render_with_liquid") is False or not has_liquid(body):
        return None  # no Liquid: the renderer is not even built
    renderer, site_data = _renderer(env, state)
    rendered = renderer.render(
        post,
        body,
        first_line=first_line,
        resolver=_Links(env, state, env.docname, html=post.markup == "html"),
    )
    # An edited include or data file rebuilds the posts that use it.
    for path in rendered.dependencies:
        env.note_dependency(str(path))
    if "site.data" in body:
        for path in site_data.files:
            env.note_dependency(str(path))
    for problem in rendered.problems:
        warn(problem.message, ProblemKind(problem.kind), location=(env.docname, problem.line))
    return rendered


class _RemapFilter(logging.Filter):
    """Moves a log record's location from a rendered line to the post's line."""

    def __init__(self, docname: str, sources: set[str], lines: list[int]) -> None:
        super().__init__()
        self.docname = docname
        self.sources = sources
        self.lines = lines

    def line(self, line: int) -> int:
        if not self.lines or line < 1:
            return line
        return self.lines[min(line, len(self.lines)) - 1]

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, tuple) and len(location) == 2:
            # (docname, line); myst-parser 4 gives (source path, line), which
            # Sphinx 8 would show as "post.md.rst".
            at_post = location[0] == self.docname or location[0] in self.sources
            if at_post and isinstance(location[1], int):
                record.location = (self.docname, self.line(location[1]))
        elif isinstance(location, nodes.Node):
            source, line = get_source_line(location)
            if line and source in self.sources:
                record.location = (self.docname, self.line(line))
        elif isinstance(location, str):
            match = _LOCATION.match(location)
            # myst-parser 4 under Sphinx 8 names the file "post.md.rst".
            source = match and next(
                (s for s in self.sources if match[1] == s or match[1] == s + ".rst"), None
            )
            if match and source:
                record.location = f"{source}:{self.line(int(match[2]))}"
        return True


@contextmanager
def lines_remapped(document: nodes.document, lines: list[int] | None) -> Iterator[None]:
    """While parsing text whose line ``n`` is the post's ``lines[n-1]``: messages
    point at the post's lines, and so do the nodes made, afterwards.

    ``lines=None`` when the text is the post's own: messages still name the
    post's file (myst-parser 4 would name it ``post.md.rst`` under Sphinx 8).
    """
    env = document.settings.env
    sources = {str(document["source"]), str(env.doc2path(env.docname))}
    remap = _RemapFilter(env.docname, sources, lines or [])
    try:
        with log_filter(remap):
            yield
    finally:
        for node in document.findall(nodes.Element) if lines else ():
            if node.line:
                node.line = remap.line(node.line)
            if isinstance(node, nodes.system_message) and node.get("line"):
                node["line"] = remap.line(node["line"])
