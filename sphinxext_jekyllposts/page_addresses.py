"""Posts at their Jekyll URLs: each post's page is written where Jekyll wrote it.

With the ``html`` and ``dirhtml`` builders, a post whose Jekyll URL is
``/2018/05/18/slug.html`` is written at ``2018/05/18/slug.html`` (below the
site's folder when the blog is a folder of a larger project), and one whose
URL is ``/2018/05/18/slug/`` at ``2018/05/18/slug/index.html``, as Jekyll's
``Document#destination`` does. Docnames stay as they are (``_posts/…``): toctree
globs and ``{doc}`` references by file path keep working, and Sphinx's own
path becomes a redirect page (:mod:`.redirects`).

The two builders are replaced by subclasses that answer
:meth:`~sphinx.builders.Builder.get_target_uri` and
:meth:`~sphinx.builders.html.StandaloneHTMLBuilder.get_output_path` from the
post's address; every link Sphinx makes (toctrees, references, previous/next,
the relative paths to ``_static/`` and ``_images/``) follows from those two.
A URL that another page or a file Sphinx writes already has, that two posts
share, or that no file can have, warns naming both files and keeps the Sphinx
path for the later post.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import urllib.parse
from pathlib import Path, PosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder

from .jekyll.problems import ProblemKind
from .output import name_problem, replace_file, safe_parts, shown
from .reporting import warn
from .state import shown_record, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.catalog import Post

#: What Sphinx writes at the output root besides pages: no post may take these.
SPHINX_FILES = frozenset(
    {
        "search.html",
        "genindex.html",
        "py-modindex.html",
        "searchindex.js",
        "objects.inv",
        ".buildinfo",
        ".nojekyll",
    }
)
SPHINX_FOLDERS = ("_static", "_images", "_sources", "_downloads", "_modules")
#: A warning about an address: its message and location (docname, line).
AddressProblem = tuple[str, tuple[str, int] | None]
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# What urllib.parse.quote(..., safe="/") leaves as it is.
_NEEDS_NO_QUOTING = re.compile(r"[A-Za-z0-9_.\-~/]*")


class Address(NamedTuple):
    """Where a post's page is: its file, and how links name it."""

    file: str
    """Relative to the output folder, ``/``-separated, not percent-encoded."""
    link: str
    """The page's URI relative to the output root, percent-encoded, in this
    builder's form (``…/slug/index.html`` for ``html``, ``…/slug/`` for ``dirhtml``)."""
    public: str
    """The Jekyll form of the address, relative to the output root: what the
    canonical link, feeds and sitemaps give (``…/slug/``)."""


def destination(url: str, output_ext: str) -> str | None:
    """The file Jekyll writes for a document at ``url`` (``Document#destination``):
    the URL's path percent-decoded, ``index.html`` in a folder, ``output_ext``
    added unless the path ends with it. ``None`` when it would leave the output
    folder or is the root."""
    # A post's URL is a path: split only what has a query or a fragment.
    path = urllib.parse.urlsplit(url).path if "?" in url or "#" in url or ":" in url else url
    parts = safe_parts(path)
    if not parts:
        return None
    relative = "/".join(parts)
    if path.endswith("/"):
        return f"{relative}/index.html"
    return relative if relative.endswith(output_ext) else relative + output_ext


def output_ext(post: Post) -> str:
    """The extension of what Jekyll writes for a post: ``.html`` for Markdown,
    the file's own for an HTML post (Jekyll's identity converter keeps it)."""
    suffix = posixpath.splitext(post.path)[1]  # a string: no path object per post
    return suffix if suffix.lower() in _HTML_SUFFIXES else ".html"


def _link(file: str, *, directories: bool) -> str:
    quoted = file if _NEEDS_NO_QUOTING.fullmatch(file) else urllib.parse.quote(file, safe="/")
    if directories and (file == "index.html" or file.endswith("/index.html")):
        return quoted.removesuffix("index.html")
    return quoted


def _taken_by_sphinx(file: str) -> bool:
    return file in SPHINX_FILES or file.split("/", 1)[0] in SPHINX_FOLDERS


def _why_not(found: str | None, file: str, outdir: Path, held: str | None) -> str:
    """Why ``file`` (Jekyll's destination ``found``, below the site's folder)
    cannot be a page's address; empty when it can. ``held``: what is written
    there already."""
    if found is None:
        return "it is no file inside the output folder"
    problem = name_problem(file, outdir)
    if not problem and _taken_by_sphinx(file):
        problem = f"{shown(file)} is a file Sphinx writes"
    if not problem and held is not None:
        problem = f"{shown(file)} is also the page of {held}"
    return problem


def compute_addresses(
    builder: JekyllAddressesBuilder, state: SiteState, problems: list[AddressProblem]
) -> dict[str, Address]:
    """The address of every post that can be at its Jekyll URL; in ``problems``,
    a warning for each that cannot, naming what holds the URL."""
    outdir = Path(builder.outdir)
    # The posts first: a page (Jekyll's, or a collection's document) whose URL
    # is a post's keeps its Sphinx path.
    posts = dict(state.posts()) | state.pages
    holders: dict[str, str] = {}  # output file -> the path of what is written there
    for docname in builder.env.found_docs:
        if docname not in posts:
            file = builder.sphinx_output_file(docname)
            holders[file] = builder.env.doc2path(docname, False).as_posix()
    addresses: dict[str, Address] = {}
    prefix = state.site_docdir
    for docname, post in posts.items():
        line = post.key_lines.get("permalink", 1)
        # The site's root page (its index.md): the site folder's own index.
        found = "index.html" if post.url == "/" else destination(post.url, output_ext(post))
        file = prefix + (found or "")
        problem = _why_not(found, file, outdir, holders.get(file))
        if problem:
            what = "post" if docname not in state.pages else "page"
            message = (
                f"the Jekyll URL {shown(post.url)!r} cannot be this {what}'s address: "
                f"{problem}; the {what} is written at its Sphinx path"
            )
            problems.append((message, (docname, line)))
            continue
        holders[file] = prefix + post.path
        addresses[docname] = _address(builder, file)
    addresses.update(_archive_addresses(builder, state, holders, problems))
    return addresses


def _address(builder: JekyllAddressesBuilder, file: str) -> Address:
    return Address(
        file, _link(file, directories=builder.name == "dirhtml"), _link(file, directories=True)
    )


def _archive_addresses(
    builder: JekyllAddressesBuilder,
    state: SiteState,
    holders: dict[str, str],
    problems: list[AddressProblem],
) -> dict[str, Address]:
    """The generated pages at the URLs the site's plugins give such pages: the
    category, tag and year pages at jekyll-archives' (when the site's
    ``jekyll-archives:`` block makes them), the pages of all posts after the
    first at jekyll-paginate's ``paginate_path``."""
    wanted: list[tuple[str, str, str]] = []  # docname, URL, what it is
    archives = state.catalog.settings.archives
    if archives is not None:
        for kind, pages in sorted(state.archives.items()):
            for archive in pages:
                url = archives.url(kind, archive.name, archive.slug)
                if url is not None:
                    what = f"the {kind} {archive.name!r}"
                    wanted.append((state.archive_docname(archive), url, what))
    wanted += _pagination_urls(state)
    addresses: dict[str, Address] = {}
    outdir = Path(builder.outdir)
    for docname, url, what in wanted:
        if docname not in builder.env.found_docs:
            continue
        found = destination(url, ".html")
        file = state.site_docdir + (found or "")
        own = builder.sphinx_output_file(docname)
        held = holders.get(file) if file != own else None
        problem = _why_not(found, file, outdir, held)
        if problem:
            message = (
                f"the URL {shown(url)!r} of {what} cannot be its page's address: "
                f"{problem}; the page is written at {own}"
            )
            problems.append((message, None))
            continue
        holders.pop(own, None)
        holders[file] = f"the page of {what}"
        addresses[docname] = _address(builder, file)
    return addresses


def _pagination_urls(state: SiteState) -> list[tuple[str, str, str]]:
    """Page 2 and after of all posts, at jekyll-paginate's URL: ``paginate_path``
    with the number, a folder (``/page2/``, written ``page2/index.html``).
    Page 1 is the root page in jekyll-paginate; here it keeps its own path."""
    pattern = state.config.paginate_path or state.catalog.settings.paginate_path
    found = []
    for number, docname in enumerate(state.pagination(), start=1):
        if number == 1:
            continue
        path = pattern.replace(":num", str(number)).strip("/")
        url = f"/{path}" if path.endswith(_HTML_SUFFIXES) else f"/{path}/"
        found.append((docname, url, f"page {number} of all posts"))
    return found


def addresses_for(builder: JekyllAddressesBuilder) -> dict[str, Address]:
    """This build's post addresses, computed once for each state of the site
    (silently: :func:`report_addresses` warns, once per build)."""
    env = builder.env
    state = site_state(env)
    if state is None or state.config.jekyll_urls is not True:
        return {}
    return _computed(builder, state)[0]


def _computed(
    builder: JekyllAddressesBuilder, state: SiteState
) -> tuple[dict[str, Address], list[AddressProblem]]:
    docs = builder.env.found_docs
    key = (id(state), id(docs), len(docs))
    known = builder.jekyllposts_addresses
    if known is None or known[0] != key:
        problems: list[AddressProblem] = []
        found = compute_addresses(builder, state, problems)
        known = builder.jekyllposts_addresses = (key, found, problems)
        builder.jekyllposts_output_paths = {}
    return known[1], known[2]


class JekyllAddressesBuilder(StandaloneHTMLBuilder):
    """What both builders add: posts' pages at their addresses."""

    #: The addresses of the posts, with what they were computed from (they
    #: live as long as the builder: one application, one build).
    jekyllposts_addresses: tuple[object, dict[str, Address], list[AddressProblem]] | None = None
    #: Each page's file for those addresses (Sphinx asks for every page's
    #: file several times a build; a path is slow to make and to print).
    jekyllposts_output_paths: dict[str, PageFile] | None = None

    def sphinx_output_file(self, docname: str) -> str:
        """Where Sphinx itself would write ``docname``, relative to the output folder."""
        path = super().get_output_path(docname)
        return path.relative_to(self.outdir).as_posix()

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        address = addresses_for(self).get(docname)
        return address.link if address is not None else super().get_target_uri(docname, typ)

    def get_output_path(self, page_name: str, /) -> Path:
        address = addresses_for(self).get(page_name)
        paths = self.jekyllposts_output_paths
        if paths is None:  # no addresses in this build
            paths = self.jekyllposts_output_paths = {}
        path = paths.get(page_name)
        if path is None:
            if address is None:
                path = PageFile(super().get_output_path(page_name))
            else:
                path = PageFile(self.outdir, *address.file.split("/"))
            paths[page_name] = path
        return path

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        *,
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        super().handle_page(
            pagename, addctx, templatename, outfilename=outfilename, event_arg=event_arg
        )
        if outfilename is not None:
            return
        try:
            written = self.get_output_path(pagename).stat().st_mtime > 0
        except OSError:
            written = False
        if not written:  # PageFile.write_text failed; Sphinx said "error writing file"
            warn(
                "the page could not be written (see the error above); the last build's "
                "page, if any, stays whole and is written again by the next build",
                ProblemKind.WRITE,
                location=(pagename, 1) if pagename in self.env.found_docs else None,
            )


if TYPE_CHECKING:
    _ConcretePath = PosixPath
else:
    _ConcretePath = type(Path())


class PageFile(_ConcretePath):
    """The file of a page, written whole or not at all: into a temporary file,
    then renamed over the last build's page (Sphinx writes pages in place, so a
    full disk left half a page that no later build replaced). When the write
    fails, the old page is kept and marked as older than any source (its
    modification time 0), so that the next build writes it again."""

    def write_text(
        self,
        data: str,
        encoding: str | None = None,
        errors: str | None = None,
        newline: str | None = None,
    ) -> int:
        try:
            replace_file(Path(self), data.encode(encoding or "utf-8", errors or "strict"))
        except OSError:
            with contextlib.suppress(OSError):
                if self.is_file():
                    os.utime(self, (0, 0))
            raise
        return len(data)


class JekyllHTMLBuilder(JekyllAddressesBuilder):
    """Sphinx's ``html`` builder, with posts at their Jekyll URLs."""

    name = "html"


class JekyllDirHTMLBuilder(JekyllAddressesBuilder, DirectoryHTMLBuilder):
    """Sphinx's ``dirhtml`` builder, with posts at their Jekyll URLs."""

    name = "dirhtml"


def address_of(app: Sphinx, docname: str) -> Address | None:
    """The address of a post's page in this build, ``None`` when it is at its
    Sphinx path (another builder, the option off, a URL taken)."""
    builder = app.builder
    if not isinstance(builder, JekyllAddressesBuilder):
        return None
    return addresses_for(builder).get(docname)


def public_uri(app: Sphinx, docname: str) -> str:
    """A page's URI relative to the output root as published: a post's Jekyll
    form (``2018/05/18/slug/``), else the builder's."""
    address = address_of(app, docname)
    return address.public if address is not None else app.builder.get_target_uri(docname)


def report_addresses(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Warn, once per build, about each post that cannot be at its Jekyll URL;
    every page, when a post's address changed since this builder last wrote
    (a new ``permalink``): any page may link it (listings, navigation,
    neighbours, references), and its relative links are no longer right."""
    builder = app.builder
    state = site_state(env)
    addresses: dict[str, Address] = {}
    if (
        isinstance(builder, JekyllAddressesBuilder)
        and state is not None
        and state.config.jekyll_urls is True
    ):
        addresses, problems = _computed(builder, state)
        for message, location in problems:
            warn(message, ProblemKind.PERMALINK, location=location)
    text = repr(sorted((docname, address.file) for docname, address in addresses.items()))
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
    record = shown_record(app, "addresses")
    if record.get("digest") == digest:
        return []
    record["digest"] = digest
    return sorted(env.found_docs)


def canonical_page_url(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """A post's ``pageurl`` (the canonical link) is its Jekyll URL, ``…/slug/``."""
    address = address_of(app, pagename)
    if address is not None and context.get("pageurl"):
        context["pageurl"] = posixpath.join(app.config.html_baseurl, address.public)


def setup_page_addresses(app: Sphinx) -> None:
    """Replace the ``html`` and ``dirhtml`` builders; warn about taken URLs."""
    app.add_builder(JekyllHTMLBuilder, override=True)
    app.add_builder(JekyllDirHTMLBuilder, override=True)
    app.connect("env-updated", report_addresses)
    app.connect("html-page-context", canonical_page_url)
