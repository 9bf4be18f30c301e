"""A site's pages and the documents of its collections, as Jekyll 4.3 reads them.

A *page* is a file Jekyll's reader keeps (not below a ``_``, ``.``, ``#`` or
``~`` folder unless ``include``\\ d, not ``exclude``\\ d) that starts with front
matter; a *collection document* is such a file in the folder ``_<label>`` of a
collection whose ``output`` is true. Markdown ones (``markdown_ext``) and HTML
ones (``.html``, ``.htm``, ``.xhtml``: their text after Liquid is the page) are
built here; other files with front matter (a feed template, a stylesheet) are not.

Their URLs follow ``Page#url`` and ``Document#url``: the front matter
``permalink`` (placeholders allowed), else the template Jekyll derives from the
site's ``permalink`` style (``/:path/:basename:output_ext`` for ``date``,
``/:path/:basename/`` for ``pretty``...), ``/:path/`` for an ``index`` page; a
collection's own ``permalink``, else ``/:collection/:path:output_ext``.

Each is read into a :class:`~.records.Post` record (the parser renders pages
as it renders posts: Liquid, kramdown, the title as the heading); the catalog
keeps them apart from the posts, so no listing or feed shows them.
"""

# Asked of every file of the site on every build: os and os.path, not Path objects.
# ruff: noqa: PTH112, PTH116, PTH118

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .defaults import deep_merge, defaults_for
from .files import FileTooLarge, RefusedFile, read_site_file, real_path
from .frontmatter import ruby_str, ruby_truthy, split_front_matter
from .names import slugify
from .permalinks import STYLES, front_matter_permalink, output_ext, placeholders, render_url
from .problems import Problem, ProblemKind
from .records import DRAFTS_DIR, POSTS_DIR, Post
from .static_files import has_front_matter, site_files

if TYPE_CHECKING:
    from collections.abc import Callable

    from .dates import Zone
    from .site import SiteSettings

#: The layouts of the themes people use whose page is a list of posts
#: (minima's ``home``, Minimal Mistakes' ``home`` and ``posts``, Chirpy's
#: ``home`` and ``archives``...): such a page is served by a post listing.
LISTING_LAYOUTS = frozenset({"home", "posts", "archive", "archives", "blog", "paginate"})
_HTML_EXTS = (".html", ".htm", ".xhtml")
_POST_LOOP = re.compile(
    r"\{%-?\s*for\s+\w+\s+in\s+(?:site\.posts|paginator\.posts)\b.*?\{%-?\s*endfor\s*-?%\}",
    re.DOTALL,
)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class PageFile:
    """A page or collection document found in the site, not yet read."""

    relative: str
    """Relative to the site root, ``/``-separated."""
    path: str
    """Where it is."""
    collection: str | None = None
    """The collection's label, for a collection document; ``None`` for a page."""


def permalink_suffix(template: str, style: object) -> str:
    """``Utils.add_permalink_suffix``: what the site's ``permalink`` style adds
    to a page's (or a collection's) URL template. Jekyll names only ``pretty``
    (a ``/``), ``date``, ``ordinal`` and ``none`` (the output extension); for
    any other value, a trailing ``/`` or ``:output_ext`` of the pattern itself
    (so ``weekdate`` adds nothing, as in Jekyll)."""
    name = "date" if style is None else str(style)
    if name == "pretty":
        return template + "/"
    if name in ("date", "ordinal", "none"):
        return template + ":output_ext"
    if name.endswith("/"):
        template += "/"
    if name.endswith(":output_ext"):
        template += ":output_ext"
    return template


def page_url(
    relative: str, data: dict[str, Any], style: object, *, converted_ext: str = ".html"
) -> tuple[str, tuple[str, ...]]:
    """``Page#url`` of the page at ``relative`` (its front matter ``data``, the
    site's ``permalink`` ``style``); and the placeholders it used that pages
    have not."""
    folder, name = posixpath.split(relative)
    basename = posixpath.splitext(name)[0]
    permalink = front_matter_permalink(data)[0]
    ext = output_ext(permalink, converted_ext)
    if ext.lower() not in _HTML_EXTS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = permalink_suffix("/:path/:basename", style)
    values = {"path": f"/{folder}" if folder else "", "basename": basename, "output_ext": ext}
    return render_url(permalink or template, values)


def collection_template(collection: dict[str, Any], style: object) -> str:
    """``Collection#url_template``: its ``permalink``, else the style's."""
    permalink = collection.get("permalink")
    if isinstance(permalink, str) and permalink:
        return STYLES.get(permalink, permalink)
    return permalink_suffix("/:collection/:path", style)


def document_url(
    relative: str,
    label: str,
    directory: str,
    data: dict[str, Any],
    template: str,
    *,
    date: dt.datetime,
    converted_ext: str = ".html",
) -> tuple[str, tuple[str, ...]]:
    """``Document#url`` of the document at ``relative`` in the collection
    ``label`` (in ``directory``, relative to the site root), with the
    collection's URL ``template``."""
    stem = posixpath.splitext(relative)[0]
    # cleaned_relative_path: "/installation" for "_docs/installation.md"
    path = stem.removeprefix(directory).rstrip(".")
    basename = stem.rsplit("/", 1)[-1]
    permalink = front_matter_permalink(data)[0]
    slug_value = data.get("slug")
    slug = ruby_str(slug_value) if ruby_truthy(slug_value) else basename
    values = placeholders(
        date=date,
        slug=slug,
        basename=basename,
        categories=(),
        path=path,
        permalink=permalink,
        converted_ext=converted_ext,
    )
    values["collection"] = label
    return render_url(permalink or template, values)


def url_key(url: str) -> str:
    """A site path as the URLs of one page share it: ``/about/``,
    ``/about/index.html``, ``/about`` and ``/about.html`` are ``about``
    (percent-decoded, no query or fragment; the root is ``""``)."""
    path = urllib.parse.unquote(url.split("#", 1)[0].split("?", 1)[0]).strip("/")
    for ending in ("/index.html", "index.html", ".html"):
        if path.endswith(ending):
            return path[: -len(ending)].strip("/")
    return path


def output_collections(settings: SiteSettings) -> dict[str, dict[str, Any]]:
    """The collections (but ``posts``) whose documents Jekyll writes, by label."""
    collections = settings.raw.get("collections")
    found: dict[str, dict[str, Any]] = {}
    if isinstance(collections, list):  # Jekyll 2's list of labels: no output
        return found
    if not isinstance(collections, dict):
        return found
    for label, metadata in collections.items():
        if not isinstance(label, str) or label in ("posts", "drafts") or "/" in label:
            continue
        if isinstance(metadata, dict) and ruby_truthy(metadata.get("output")):
            found[label] = metadata
    return found


def find_pages(
    site_dir: str | os.PathLike[str],
    settings: SiteSettings,
    *,
    skip: Callable[[str, bool], bool],
) -> tuple[list[PageFile], list[Problem]]:
    """The site's Markdown and HTML pages and the documents of its output
    collections, sorted by path, and the problems of the files refused in the
    collections' folders. ``skip(relative, is_folder)`` leaves out more
    (Sphinx's own files)."""
    markdown = {ext.lower() for ext in settings.markdown_ext}

    def is_markdown(name: str) -> bool:
        ext = posixpath.splitext(name)[1]
        return ext.lstrip(".").lower() in markdown or ext.lower() in _HTML_EXTS

    # What the walk refuses there (a link out of the site, a named pipe) is
    # the static files' walk's to report, and discovery's: the same entries.
    files, _refused = site_files(site_dir, settings, skip=skip)
    problems: list[Problem] = []
    found = [
        PageFile(file.relative, file.path)
        for file in files
        # an `include:`d _posts is still the posts' folder
        if is_markdown(file.relative)
        and not _in_post_folder(file.relative)
        and has_front_matter(file.path)
    ]
    root = os.fspath(site_dir)
    site_real = real_path(root)
    for label in output_collections(settings):
        directory = collection_directory(settings, label)
        folder = os.path.join(root, *directory.split("/"))
        real = real_path(folder)
        if not os.path.isdir(folder) or not real.startswith(site_real.rstrip(os.sep) + os.sep):
            continue
        documents, refused = site_files(folder, settings, skip=lambda _relative, _folder: False)
        problems += [
            Problem(f"{directory}/{problem.path}", problem.line, problem.kind, problem.message)
            for problem in refused
        ]
        found += [
            PageFile(f"{directory}/{file.relative}", file.path, label)
            for file in documents
            if is_markdown(file.relative) and has_front_matter(file.path)
        ]
    found.sort(key=lambda page: page.relative)
    return found, problems


def collection_directory(settings: SiteSettings, label: str) -> str:
    """The folder of a collection's documents, relative to the site root
    (``_<label>``, below ``collections_dir`` when the site sets one)."""
    base = settings.raw.get("collections_dir")
    base = base.strip("/") if isinstance(base, str) else ""
    return f"{base}/_{label}" if base else f"_{label}"


def _in_post_folder(relative: str) -> bool:
    return bool({POSTS_DIR, DRAFTS_DIR} & set(relative.split("/")[:-1]))


def read_page(page: PageFile, settings: SiteSettings, zone: Zone) -> Post | Problem:
    """The record of a page or collection document, or why it is not read
    (it is then not built, with a warning)."""
    relative = page.relative
    try:
        raw = read_site_file(page.path, max_bytes=settings.max_post_size)
    except (RefusedFile, FileTooLarge, OSError) as error:
        reason = getattr(error, "reason", None) or str(error)
        if isinstance(error, FileTooLarge):
            reason = f"it is {error.size:,} bytes, more than the {settings.max_post_size:,} read"
        return Problem(relative, 1, ProblemKind.FILE, f"the page is not built: {reason}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not valid UTF-8 (byte {error.start}); the page is not built, as in Jekyll"
        return Problem(relative, line, ProblemKind.ENCODING, message)
    front = split_front_matter(text, path=relative, max_chars=settings.max_front_matter)
    problems = list(front.problems)
    doc_type = page.collection or "pages"
    data = deep_merge(defaults_for(settings, relative, doc_type=doc_type), front.data)
    ext = posixpath.splitext(relative)[1]
    # Markdown, else HTML (Jekyll's identity converter: the text after Liquid)
    markup = "markdown" if ext.lstrip(".").lower() in settings.markdown_ext else "html"
    date = _page_date(page.path, zone)
    style = settings.raw.get("permalink")
    converted = ".html" if markup == "markdown" else ext
    if page.collection is None:
        url, unknown = page_url(relative, data, style, converted_ext=converted)
    else:
        metadata = output_collections(settings).get(page.collection, {})
        template = collection_template(metadata, style)
        directory = collection_directory(settings, page.collection)
        url, unknown = document_url(
            relative, page.collection, directory, data, template, date=date, converted_ext=converted
        )
    ignored = front_matter_permalink(data)[1]
    if ignored:
        problems.append(
            Problem(relative, front.line_of("permalink"), ProblemKind.PERMALINK, ignored)
        )
    problems += [
        Problem(
            relative,
            front.line_of("permalink"),
            ProblemKind.PERMALINK,
            f"the permalink has an unknown placeholder ':{name}'; it is kept as written",
        )
        for name in unknown
    ]
    basename = posixpath.splitext(posixpath.basename(relative))[0]
    title = data.get("title")
    return Post(
        path=relative,
        title=" ".join(ruby_str(title).split()) if ruby_truthy(title) else "",
        date=date,
        slug=slugify(basename) or basename,
        ext=ext,
        categories=(),
        tags=(),
        draft=False,
        author=None,
        data=data,
        url=url,
        markup=markup,
        body_line=front.body_line,
        problems=tuple(problems),
        key_lines=front.key_lines,
    )


def _page_date(path: str, zone: Zone) -> dt.datetime:
    """A page has no date in Jekyll; its record's is the file's modification time."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        stamp = 0.0
    return dt.datetime.fromtimestamp(stamp, dt.UTC).astimezone(zone)


def is_listing(page: Post, body: str) -> bool:
    """Whether the page is a list of the site's posts: a theme's listing
    layout, or a body that is only a loop over ``site.posts`` or
    ``paginator.posts`` (with markup and Liquid around it, no text)."""
    layout = page.data.get("layout")
    if isinstance(layout, str) and layout in LISTING_LAYOUTS:
        return True
    without_loop, loops = _POST_LOOP.subn("", body)
    if not loops:
        return False
    return not _TAG.sub("", _LIQUID.sub("", without_loop)).strip()
