"""The site's pages and output collections' documents in this build
(:mod:`.jekyll.pages` finds and reads them): which of them Sphinx reads, as
what, and which HTML pages discovery lets in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._compat.sphinx import registered_source_suffixes
from .jekyll.catalog import HTML_EXTENSIONS, Post
from .jekyll.pages import PageFile, find_pages, read_page
from .jekyll.problems import Problem
from .jekyll.site import CONFIG_FILE
from .reporting import info, printable, report
from .state import build_state
from .static_files import sphinx_folders

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .config import JekyllPostsConfig
    from .jekyll.catalog import PostCatalog


def site_pages(
    app: Sphinx,
    config: JekyllPostsConfig,
    catalog: PostCatalog,
    site_dir: Path,
    *,
    site_docdir: str,
    posts: dict[str, str],
    found: tuple[list[PageFile], list[Problem]] | None = None,
) -> dict[str, Post]:
    """The site's pages and collection documents that Sphinx reads, by
    docname (none unless ``jekyllposts_pages`` or a ``_config.yml`` says so);
    each one Sphinx does not read, or cannot be read, is reported."""
    if not pages_enabled(config, site_dir):
        return {}
    settings = catalog.settings
    if found is None:
        found = find_pages(site_dir, settings, skip=sphinx_folders(app, site_dir, site_docdir))
    files, problems = found
    for problem in problems:
        report(problem, site_dir=site_dir)
    pages: dict[str, Post] = {}
    for page in files:
        path = site_dir.joinpath(*page.relative.split("/"))
        docname = app.env.path2doc(str(path))
        if docname is None or docname in posts or docname not in app.env.found_docs:
            continue  # not a document of this project (include_patterns, exclude_patterns)
        if Path(app.env.doc2path(docname)) != path:
            continue  # another file is that document (`index.md` beside `index.html`)
        record = read_page(page, settings, settings.zone)
        if isinstance(record, Problem):
            report(record, site_dir=site_dir)
            build_state(app.env).not_built.add(docname)
            continue
        pages[docname] = record
    return pages


def docname_prefix(app: Sphinx, site_dir: Path) -> str:
    """The site folder as a docname prefix (``news/``), empty for the source folder."""
    try:
        prefix = site_dir.relative_to(Path(app.srcdir).resolve()).as_posix()
    except ValueError:
        prefix = "."
    return "" if prefix == "." else f"{prefix}/"


def _is_html_page(relative: str) -> bool:
    return relative.rsplit(".", 1)[-1].lower() in HTML_EXTENSIONS


def html_page_files(
    app: Sphinx, config: Config, site_dir: Path, pages: list[PageFile]
) -> list[str]:
    """The HTML pages Sphinx is to read: not one whose document name another
    source file beside it has (``notes.md`` beside ``notes.html``: that is
    the document; the HTML page is not built, and said so)."""
    suffixes = config.source_suffix
    # The user's suffixes and the extensions' (MyST's `.md`, registered, not in the config).
    known = {suffixes} if isinstance(suffixes, str) else set(suffixes)
    others = sorted(
        s for s in known | registered_source_suffixes(app) if s and not _is_html_page(s)
    )
    found = []
    for page in pages:
        if not _is_html_page(page.relative):
            continue
        stem = page.relative.rsplit(".", 1)[0]
        twin = next((stem + s for s in others if (site_dir / (stem + s)).is_file()), None)
        if twin is not None:
            info(f"not built: {printable(page.relative)}: {printable(twin)} is that document")
            continue
        found.append(page.relative)
    return found


def pages_enabled(config: JekyllPostsConfig, site_dir: Path) -> bool:
    """Whether the site's pages are built as Jekyll builds them: as
    ``jekyllposts_pages`` says, else when the site folder is a Jekyll site
    (it has a ``_config.yml``)."""
    if config.pages is not None:
        return config.pages
    return (site_dir / CONFIG_FILE).is_file()
