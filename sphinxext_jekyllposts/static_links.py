"""Site paths to static files resolve from every page.

A post's raw HTML (``<img src="/assets/a.png">``, what Liquid's
``{{ site.baseurl }}/images/b.png`` or ``markdownify`` give) and its links
(``[pdf](/files/a.pdf)``) name static files by their path on the site,
``/assets/a.png`` or ``<baseurl>/assets/a.png``. When a page of the site
folder is written by the ``html`` or ``dirhtml`` builder (``doctree-resolved``),
each ``src``, ``href``, ``srcset`` and ``poster`` of its raw HTML and each link
that names a static file (:mod:`.static_files`) becomes a URL relative to the
page, so that the output works from ``file://``, under any base URL and at any
depth of page. An image, or a link to a file (a path with an extension other
than ``.html``, ``.htm`` or ``.xml``), whose file is nowhere in the site warns
at its line. Markdown images (``![](/assets/a.png)``) are Sphinx's: copied to
``_images/``, as before.
"""

from __future__ import annotations

import os
import posixpath
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

from .jekyll.html_links import rewrite_links
from .jekyll.problems import ProblemKind
from .output import SITE_BUILDERS, safe_parts, shown
from .reporting import warn
from .state import build_running, build_state, per_document, site_state
from .static_files import StaticFiles, static_files

if TYPE_CHECKING:
    from collections.abc import Callable, Container, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState

#: Extensions of links to pages, which are no static file's.
PAGE_EXTENSIONS = frozenset({"", ".html", ".htm", ".xml"})
#: The files Jekyll makes a ``.css`` of (jekyll-sass-converter).
_SASS = (".scss", ".sass")


def site_path_candidates(url: str, baseurl: str) -> tuple[list[str], str] | None:
    """The site paths ``url`` may name (without the site's ``baseurl`` and as
    written, in that order; percent-decoded, relative to the site root) and its
    query and fragment; ``None`` when it is not a site path (``/...``)."""
    if not url.startswith("/") or url.startswith("//"):
        return None
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, suffix = url[:cut], url[cut:]
    paths = []
    base = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    if base and (path + "/").startswith(base + "/"):
        paths.append(path[len(base) :])
    paths.append(path)
    found = []
    for candidate in paths:
        parts = safe_parts(candidate)
        if parts:
            found.append("/".join(parts))
    return found, suffix


class _Resolver:
    """The site paths of one page, made relative to it."""

    def __init__(
        self,
        *,
        static: StaticFiles,
        baseurl: str,
        page_uri: str,
        site_dir: Path,
        outdir: str,
        docname: str,
        copied: Container[str],
        page_uri_at: Callable[[str], str | None],
    ) -> None:
        self.page_uri_at = page_uri_at
        self.static = static
        self.baseurl = baseurl
        self.page_uri = page_uri
        self.site_dir = site_dir
        self.outdir = outdir
        self.docname = docname
        self.copied = copied

    def resolve(self, url: str, *, image: bool, line: int) -> str | None:
        """The URL relative to the page of the static file ``url`` names, or
        ``None`` (with a warning when it names a file the site does not have)."""
        found = site_path_candidates(url.strip(), self.baseurl)
        if found is None:
            return None
        paths, suffix = found
        for path in paths:
            if path in self.static.files:
                # Not "," (it separates srcset candidates) nor white space.
                target = urllib.parse.quote(self.static.output_path(path), safe="/@~!$&'()*;=+")
                return relative_uri(self.page_uri, target) + suffix
        for path in paths if not image else ():
            page = self.page_uri_at(path)
            if page is not None:
                # A post's or page's URL: where this build wrote it, from this page.
                return relative_uri(self.page_uri, page) + suffix
        if not paths:
            return None
        extension = posixpath.splitext(paths[-1])[1].lower()
        if (image or extension not in PAGE_EXTENSIONS) and not any(map(self._exists, paths)):
            what = "image" if image else "link"
            warn(
                f"the {what} {shown(url)!r} names no file of the site "
                f"({shown(paths[0])} is not in {shown(str(self.site_dir))})",
                ProblemKind.LINK,
                location=(self.docname, line),
            )
        return None

    def source(self, url: str, env: BuildEnvironment, builder: Any) -> str | None:
        """The URL relative to the page of the document whose source file the
        relative ``url`` names (``../_docs/index.md``, what ``{% link %}`` and
        ``{% post_url %}`` give in raw HTML), or ``None``."""
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        path, suffix = urllib.parse.unquote(url[:cut]), url[cut:]
        if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
            return None
        if posixpath.splitext(path)[1] not in env.config.source_suffix:
            return None
        relative = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), path))
        if relative.startswith("../"):
            return None
        docname = env.path2doc(os.path.join(env.srcdir, *relative.split("/")))  # noqa: PTH118
        if docname is None or docname not in env.found_docs:
            return None
        return str(builder.get_relative_uri(self.docname, docname)) + suffix

    def _exists(self, path: str) -> bool:
        """Whether the site or the output has a file at ``path`` (a page, a
        file Sphinx writes, a stylesheet Jekyll makes of Sass)."""
        parts = path.split("/")
        local = os.path.join(self.site_dir, *parts)  # noqa: PTH118
        if os.path.exists(local):  # noqa: PTH110
            return True
        output = self.static.output_path(path)
        # A file copied by the last build and gone from the site is removed at its end.
        if output not in self.copied and os.path.exists(os.path.join(self.outdir, output)):  # noqa: PTH110, PTH118
            return True
        stem, extension = os.path.splitext(local)  # noqa: PTH122
        return extension == ".css" and any(os.path.exists(stem + s) for s in _SASS)  # noqa: PTH110


def site_file_of(state: SiteState, path: str) -> str | None:
    """The file of the site a path from a theme key names (an avatar, a header
    image, a teaser: ``/assets/me.jpg``, with or without the ``baseurl``, or
    ``assets/me.jpg`` from the site's root), relative to the site folder, as
    :func:`site_path_candidates` reads it; ``None`` when the site has no such file."""
    found = site_path_candidates(
        path if path.startswith("/") else "/" + path, state.catalog.settings.baseurl
    )
    if found is None or found[1]:
        return None
    for candidate in found[0]:
        if os.path.isfile(os.path.join(state.site_dir, *candidate.split("/"))):  # noqa: PTH113, PTH118
            return candidate
    return None


def site_file_uri(builder: Builder, state: SiteState, docname: str, path: str) -> str | None:
    """``path`` (an avatar, a teaser) as the page of ``docname`` links it: a URL
    as written; the site's file it names (:func:`site_file_of`) relative to the
    page, where the file is copied; ``None`` when the site has no such file."""
    if "://" in path or path.startswith("//"):
        return path
    found = site_file_of(state, path)
    if found is None:
        return None
    output_path = getattr(builder, "get_output_path", None)
    if output_path is None:
        return "/" + found
    page = Path(output_path(docname)).parent
    target = Path(builder.outdir) / (state.site_docdir + found)
    return posixpath.join(*Path(os.path.relpath(target, page)).parts)


def _line(node: nodes.Node) -> int:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 1


def resolve_site_paths(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the site paths to static files in a page's raw HTML and links relative."""
    if app.builder.name not in SITE_BUILDERS:
        return
    state = site_state(app.env)
    if state is None or not state.config.static_files:
        return
    if not _of_the_site(state, docname):
        return  # a page of the larger project, not of the site
    static = static_files(app)
    resolver = _Resolver(
        static=static,
        baseurl=state.catalog.settings.baseurl,
        page_uri=app.builder.get_target_uri(docname),
        site_dir=state.site_dir,
        outdir=str(app.outdir),
        docname=docname,
        copied=build_state(app.env).written.of("static"),
        page_uri_at=lambda path: _page_uri_at(app, state, path),
    )
    for image in doctree.findall(nodes.image):
        if MISSING_URI in image:
            image["uri"] = image[MISSING_URI]
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        if "/" not in text:
            continue
        first = _line(raw)

        def replace(
            url: str, attribute: str, offset: int, text: str = text, first: int = first
        ) -> str | None:
            line = first + text.count("\n", 0, offset)
            found = resolver.resolve(url, image=attribute != "href", line=line)
            if found is None and attribute == "href":
                found = resolver.source(url, app.env, app.builder)
            return found

        new = rewrite_links(text, replace)
        if new != text:
            raw.replace_self(nodes.raw(raw.rawsource, new, **raw.attributes))
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri")
        if not isinstance(uri, str) or not uri.startswith("/") or reference.get("internal"):
            continue
        new_uri = resolver.resolve(uri, image=False, line=_line(reference))
        if new_uri is not None:
            reference["refuri"] = new_uri


def _page_uri_at(app: Sphinx, state: SiteState, path: str) -> str | None:
    """Where this builder writes the post or page whose Jekyll URL the site
    path ``path`` is, relative to the output root; ``None`` for no such page."""
    docname = state.docname_at(path)
    return app.builder.get_target_uri(docname) if docname is not None else None


def _site_urls(doctree: nodes.document) -> Iterator[str]:
    """Every URL of the doctree's raw HTML and links that may be a site path."""
    found: list[str] = []

    def note(url: str, attribute: str, offset: int) -> None:
        found.append(url)

    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split() and "/" in raw.astext():
            rewrite_links(raw.astext(), note)
    yield from found
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri")
        if isinstance(uri, str) and uri.startswith("/") and not reference.get("internal"):
            yield uri


def collect_site_paths(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the site paths a page of the site names (``doctree-read``): when the
    site gains or loses a file at one of them, the page is written again."""
    env = app.env
    state = site_state(env)
    docname = env.docname
    if state is None or not _of_the_site(state, docname):
        return
    paths: set[str] = set()
    for url in _site_urls(doctree):
        found = site_path_candidates(url.strip(), state.catalog.settings.baseurl)
        if found is not None:
            paths.update(found[0])
    if paths:
        per_document(env, "site_paths")[docname] = frozenset(paths)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages naming a site path that became, or is no longer, a static
    file since this builder last copied them (``env-updated``)."""
    if app.builder.name not in SITE_BUILDERS or not build_running(env):
        return []
    static = static_files(app)
    copied = build_state(env).written.of("static").values()
    before = {key[0] for key in copied if isinstance(key, list) and key}
    changed = before ^ static.files.keys()
    if not changed:
        return []
    named: dict[str, frozenset[str]] = per_document(env, "site_paths")
    return sorted(d for d, paths in named.items() if d in env.found_docs and paths & changed)


#: The site path of a Markdown image whose file the site does not have.
MISSING_URI = "jekyllposts_missing_uri"


class ImagesAtSitePaths(SphinxTransform):
    """A Markdown image at a site path, ``![](/assets/a.png)`` or
    ``![]({{ site.baseurl }}/assets/a.png)``, is the site's file even when the
    site is a folder of the project or has a ``baseurl``: Sphinx (which reads
    ``/x`` from its source folder) is given that file to copy to ``_images/``."""

    # Before Sphinx's image collector (doctree-read) and LocalFilesInsideSite (100).
    default_priority = 95

    def apply(self, **kwargs: Any) -> None:
        state = site_state(self.env)
        docname = self.env.docname
        if state is None or not state.config.static_files or not _of_the_site(state, docname):
            return
        prefix = state.site_docdir
        for image in self.document.findall(nodes.image):
            uri = str(image.get("uri", ""))
            found = site_path_candidates(uri, state.catalog.settings.baseurl)
            if found is None or not found[0] or found[1]:
                continue
            for path in found[0]:
                if os.path.isfile(os.path.join(state.site_dir, *path.split("/"))):  # noqa: PTH113, PTH118
                    image["uri"] = "/" + prefix + path
                    break
            else:
                # No such file (Sphinx warns): the page names it as Jekyll's does,
                # not as a path below the post's folder.
                image[MISSING_URI] = uri


def _of_the_site(state: SiteState, docname: str) -> bool:
    return docname.startswith(state.site_docdir) or state.post(docname) is not None


def setup_static_links(app: Sphinx) -> None:
    """Resolve site paths to static files as each page is written."""
    app.add_transform(ImagesAtSitePaths)
    app.connect("doctree-read", collect_site_paths)
    app.connect("env-updated", pages_to_rewrite)
    # Before the feed's copy of the doctree (990): its entry links as the page does.
    app.connect("doctree-resolved", resolve_site_paths, priority=600)
