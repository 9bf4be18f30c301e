"""Which files Sphinx reads as documents, and which pages it no longer writes.

- Before Sphinx looks for documents (``config-inited``, :func:`prepare_discovery`):
  keep it out of what the scan refuses (links out of the site, named pipes)
  and give it every suffix the posts have; an HTML suffix (``.html``) only
  in the post folders (:func:`only_in_post_folders`): a layout, an include, a
  template or a site's HTML page is never a document;
- after the scan (:func:`without_unbuildable`): the posts Sphinx cannot make a
  page of are skipped with a warning, like a post Jekyll does not build;
- before reading (``env-get-outdated``): files in post folders that Jekyll
  would not build are taken out of the document set (:func:`leave_out_unbuilt`),
  and what Sphinx wrote for posts and generated pages that are gone is deleted
  (:func:`remove_old_pages`).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._compat.sphinx import forget_documents, registered_source_suffixes, was_read
from .config import configured
from .jekyll.catalog import (
    DRAFTS_DIR,
    HTML_EXTENSIONS,
    POSTS_DIR,
    Post,
    PostCatalog,
    PostFolders,
    Skipped,
    entries_to_avoid,
    survey_post_folders,
)
from .jekyll.files import real_path
from .jekyll.problems import Problem, ProblemKind
from .output import NAME_MAX, name_problem
from .reporting import info, printable
from .state import build_state, generated_docnames, site_state

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .jekyll.site import SiteSettings

#: The source file type of HTML posts (``.html`` files in post folders that are
#: not Markdown), which :class:`~.html_posts.JekyllHtmlPostParser` reads.
HTML_POST_FILETYPE = "jekyllposts-html"


def leave_out_unbuilt(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Take the files Jekyll would not build out of the document set, and have
    the posts whose record changed read again."""
    build = build_state(env)
    state = site_state(env)
    posts = set(state.docnames) | set(state.pages) if state is not None else set()
    suffixes = app.config.source_suffix
    html_suffixes = {s for s, kind in suffixes.items() if kind == HTML_POST_FILETYPE}
    if html_suffixes:
        # Only a post or page is read as HTML, whatever include_patterns let in.
        for docname in env.found_docs - posts:
            if Path(env.doc2path(docname, False)).suffix in html_suffixes:
                build.not_built.add(docname)
    # Here, not through exclude_patterns: a config change would re-read everything.
    forget_documents(env, build.not_built)
    for docname in build.not_built:
        added.discard(docname)
        changed.discard(docname)
        if was_read(env, docname):
            removed.add(docname)  # a post that was built before, e.g. now unpublished
    return sorted(build.changed - added - changed)


def _unbuildable(post: Post, docname: str | None, site_dir: Path) -> str:
    """Why Sphinx cannot make a page of a post Jekyll builds ("" when it can)."""
    if "\n" in post.path:
        # Sphinx's file discovery never matches a name with a line break.
        return (
            "the file name has a line break, so Sphinx cannot make a page of it; "
            "the post is not built (rename the file)"
        )
    composed = unicodedata.normalize("NFC", post.path)
    if composed != post.path and not (site_dir / composed).exists():
        # Sphinx finds documents by their NFC names, and cannot open this one by it.
        return (
            "the file name is not in Unicode NFC form (its accents are separate "
            "characters, as macOS may write them), so Sphinx cannot read it; "
            "the post is not built (rename the file)"
        )
    if docname is None:
        return (
            f"Sphinx has no source suffix {post.ext!r} (add it to source_suffix, or "
            "rename the file); the post is not built"
        )
    return ""


def prepare_discovery(
    app: Sphinx,
    config: Config,
    site_dir: Path,
    site: SiteSettings,
    *,
    html_pages: Sequence[str] = (),
) -> PostFolders:
    """Before Sphinx looks for documents (it follows links): keep it out of
    the links the scan refuses and of the folder links no walk may follow
    (through a link to a parent folder Sphinx walks the site forty times over,
    through a link out of the site any folder of the machine), and give it
    every suffix the posts have (Jekyll's are case-insensitive, Sphinx's are
    not: ``.MD``, ``.Markdown``). At config-inited, so the environment's
    config is the same on every build. ``site`` is the site's ``_config.yml``;
    ``html_pages``, the site's HTML pages (relative to its root), which are
    documents too. Returns what it found of the post folders, for the scan."""
    settings = configured(config).site_settings(site)
    outputs = (Path(app.outdir), Path(app.doctreedir))
    survey = survey_post_folders(site_dir, settings, skip_dirs=outputs)
    refused = list(survey.refused)
    for path, why in entries_to_avoid(site_dir, settings, skip_dirs=outputs):
        if path in survey.refused:
            continue
        refused.append(path)
        if not {POSTS_DIR, DRAFTS_DIR} & set(path.split("/")):  # the scan warns about those
            # No location: before the environment exists, Sphinx would take it for a docname.
            info(f"not read: {printable(str(site_dir / path))}: {printable(why)}")
    relative = os.path.relpath(site_dir, real_path(app.srcdir)).replace(os.sep, "/")
    if refused and not relative.startswith(".."):  # else Sphinx does not look there
        base = "" if relative == "." else relative + "/"
        patterns = [glob_literal(base + path) for path in refused]
        config.exclude_patterns = [*config.exclude_patterns, *patterns]
    suffixes = config.source_suffix
    known = {suffixes} if isinstance(suffixes, str) else set(suffixes)
    known |= registered_source_suffixes(app)
    missing = sorted(survey.extensions - known)
    page_extensions = {os.path.splitext(page)[1] for page in html_pages}  # noqa: PTH122
    html = sorted((survey.html_extensions | page_extensions) - known - set(missing))
    if (missing or html) and isinstance(suffixes, dict):
        # Sphinx merges added suffixes into this dict, which can be the default
        # value every Sphinx application in the process shares: this build's own.
        config.source_suffix = dict(suffixes)
    for suffix in missing:
        app.add_source_suffix(suffix, "markdown")
    for suffix in html:
        app.add_source_suffix(suffix, HTML_POST_FILETYPE)
    post_only = [suffix for suffix in (*missing, *html) if _is_html(suffix)]
    if post_only and "**" in config.include_patterns and not relative.startswith(".."):
        base = "" if relative == "." else relative + "/"
        folders = [base + folder for folder in survey.folders]
        config.include_patterns = [
            *(pattern for pattern in config.include_patterns if pattern != "**"),
            *only_in_post_folders(post_only, folders),
            # and the HTML pages, each by name
            *(glob_literal(unicodedata.normalize("NFC", base + page)) for page in html_pages),
        ]
    return survey


def _is_html(suffix: str) -> bool:
    return suffix.lstrip(".").lower() in HTML_EXTENSIONS


def only_in_post_folders(suffixes: list[str], folders: list[str]) -> list[str]:
    """Sphinx include patterns for every file except those ending in one of
    ``suffixes`` (``.html``) outside ``folders`` (relative to the source folder).

    Sphinx's patterns have no negation, but a file not ending in ``.html`` is
    one whose last character is not ``l``, or that ends in ``l`` with another
    character before it, and so on (or is that short): a few patterns per
    suffix, the same for any site. Include patterns (unlike exclude patterns)
    decide nothing but which files are documents: ``html_extra_path`` and
    ``html_static_path`` are copied as they were.
    """
    patterns: list[str] = []
    tree: dict[str, Any] = {}
    for suffix in suffixes:
        node = tree
        for char in reversed(suffix):
            node = node.setdefault(char, {})
        node[""] = {}  # the whole suffix: files ending so are not included

    def walk(node: dict[str, Any], ending: str) -> None:
        if "" in node:
            return
        if ending:
            patterns.extend((ending, f"**/{ending}"))  # a name that is only this
        # (suffixes are letters and dots: nothing to escape in a class)
        patterns.append(f"**[!{''.join(sorted(node))}]{ending}")
        for char, child in sorted(node.items()):
            walk(child, char + ending)

    walk(tree, "")
    patterns += [f"{glob_literal(unicodedata.normalize('NFC', f))}/**" for f in folders]
    return patterns


def glob_literal(path: str) -> str:
    """``path`` as a Sphinx exclude pattern that matches only itself."""
    return re.sub(r"([\[*?])", r"[\1]", path)


def without_unbuildable(
    app: Sphinx, catalog: PostCatalog, docnames: dict[str, str], site_dir: Path
) -> PostCatalog:
    """The catalog without the posts Sphinx cannot make a page of (taken out of
    ``docnames`` too): skipped, with a warning, like a post Jekyll does not
    build, so that no listing or feed links to them."""
    docname_of = {path: docname for docname, path in docnames.items()}
    folders = (os.fspath(app.doctreedir), os.fspath(app.outdir))
    unbuildable: list[Skipped] = []
    for post in catalog:
        docname = docname_of.get(post.path)
        problem = None
        reason = _unbuildable(post, docname, site_dir)
        if reason:
            problem = Problem(post.path, 1, ProblemKind.FILE, reason)
        elif docname is not None:
            reason = _page_name_problem(app, docname, post.ext, folders)
            message = f"{reason}: the post is skipped; give it a shorter file name"
            problem = Problem(post.path, 1, ProblemKind.WRITE, message) if reason else None
        if problem is not None:
            unbuildable.append(Skipped(post.path, reason, problem))
            docnames.pop(docname or "", None)
    if not unbuildable:
        return catalog
    left_out = {skipped.path for skipped in unbuildable}
    return PostCatalog(
        tuple(post for post in catalog if post.path not in left_out),
        tuple(sorted((*catalog.skipped, *unbuildable), key=lambda skipped: skipped.path)),
        catalog.settings,
    )


def _page_name_problem(app: Sphinx, docname: str, ext: str, folders: tuple[str, str]) -> str:
    """Why Sphinx cannot write the files of a page ``docname`` (its doctree
    ``<docname>.doctree``, its page, its copied source) in ``folders`` (the
    doctree and output folders), or ''."""
    stem = docname.rsplit("/", 1)[-1]
    suffix = _longest_suffix(app, ext)
    # A character is at most 4 bytes in UTF-8: most names need no encoding to be known short.
    longest = len(stem + suffix) if 4 * len(stem + suffix) <= NAME_MAX else 0
    longest = longest or len((stem + suffix).encode("utf-8"))
    if longest > NAME_MAX:
        size = len(stem.encode("utf-8")) + len(ext.encode("utf-8"))
        return (
            f"the file name is {size} bytes; Sphinx needs the page's name and {suffix!r} "
            f"in at most {NAME_MAX} bytes (it would be {longest})"
        )
    for folder in folders:
        problem = name_problem(docname + suffix, folder)
        if problem:
            return f"Sphinx cannot write the page's files: {problem}"
    return ""


def _longest_suffix(app: Sphinx, ext: str) -> str:
    """The longest of what Sphinx adds to a page's name for its files."""
    suffixes = [".doctree", getattr(app.builder, "out_suffix", "")]
    if getattr(app.builder, "copysource", False) and app.config.html_copy_source:
        suffixes.append(ext + app.config.html_sourcelink_suffix)
    return max(suffixes, key=lambda text: len(text.encode("utf-8")))


def _page_files(app: Sphinx, docname: str) -> list[str]:
    """The files (relative to the output folder) Sphinx writes for ``docname``:
    its page and its copied source."""
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:
        return []
    outdir = Path(app.outdir)
    files = [Path(output_path(docname)).relative_to(outdir).as_posix()]
    if getattr(app.builder, "copysource", False) and app.config.html_copy_source:
        suffix = Path(app.env.doc2path(docname, False)).suffix
        link_suffix = app.config.html_sourcelink_suffix
        files.append(f"_sources/{docname}{suffix}{'' if suffix == link_suffix else link_suffix}")
    return files


def remove_old_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Delete what Sphinx wrote for posts, Jekyll pages and generated pages that are gone
    (deleted, renamed, now unpublished, a category no post has any more): their
    page and copied source, and only these files, as recorded for this builder
    and output folder in the build that made them. Sphinx itself leaves them.

    Runs after the generated pages are added (priority 700), so ``removed``
    holds exactly the documents gone from this build.
    """
    record = build_state(env).written.of("pages")
    outdir = Path(app.outdir).resolve()
    for docname in sorted(removed & record.keys()):
        for relative in record.pop(docname):
            _remove_file(outdir, relative)
    state = site_state(env)
    ours = set(state.docnames) | set(state.pages) if state is not None else set()
    ours |= generated_docnames(env)
    build = build_state(env)
    posts = set(state.docnames) if state is not None else set()
    for docname in sorted(ours & env.found_docs):
        if build.catalog_unchanged and docname in posts and docname in record:
            continue  # the same post records, URLs and settings: the same files
        files = _page_files(app, docname)
        # A post whose address moved (a new permalink) leaves its old page.
        for relative in set(record.get(docname, files)) - set(files):
            _remove_file(outdir, relative)
        record[docname] = files
    return []


def _remove_file(outdir: Path, relative: str) -> None:
    path = outdir / relative
    with contextlib.suppress(OSError):
        if path.resolve().is_relative_to(outdir) and path.is_file():
            path.unlink()
