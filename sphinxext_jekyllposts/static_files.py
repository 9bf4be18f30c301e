"""The site's static files, copied where Jekyll copies them.

For the ``html`` and ``dirhtml`` builders, every file Jekyll 4.3 would copy as
it is (:mod:`.jekyll.static_files`: not in a folder or named with a leading
``_ . # ~``, not ``exclude``\\ d, no front matter) is copied to the same path
below the output folder (below the site's folder when the blog is a folder of a
larger project), except what is Sphinx's: its source documents, ``conf.py``,
the output and doctree folders, what ``exclude_patterns`` matches and the
folders of ``templates_path``, ``html_static_path``, ``html_extra_path`` and
``locale_dirs``.

The files are found once per build, before pages are written
(``write-started``: the links in posts, :mod:`.static_links`, point at them),
and copied at ``build-finished``: only those whose size or modification time
changed (an unchanged site is looked at, never read), never over a file this
extension did not copy (a page Sphinx wrote: a warning names both), and those
copied before that are gone from the site are removed. ``.nojekyll`` is
written at the output root, so that GitHub Pages publishes ``_static/`` and
``_images/``.
"""

# Run for every file of the site on every build: os and os.path, not Path objects.
# ruff: noqa: PTH110, PTH112, PTH116, PTH118

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from .jekyll.files import real_path
from .jekyll.problems import Problem, ProblemKind
from .jekyll.static_files import SiteFile, has_front_matter, site_files
from .output import SITE_BUILDERS, copy_file, output_file, write_if_changed
from .reporting import printable, report
from .state import build_running, build_state, site_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .catalog import SiteState

NOJEKYLL = ".nojekyll"


@dataclass(frozen=True)
class StaticFiles:
    """The site's static files for one build."""

    files: dict[str, SiteFile] = field(default_factory=dict)
    """Each static file by its path relative to the site root."""
    prefix: str = ""
    """The site folder in the output folder (``news/``), empty for its root."""

    def output_path(self, relative: str) -> str:
        """Where the site file ``relative`` is copied, relative to the output folder."""
        return self.prefix + relative


def static_files(app: Sphinx) -> StaticFiles:
    """This build's static files (found once, in the main process, at
    ``write-started``; none for builders that make no web site)."""
    if not build_running(app.env):
        return StaticFiles()
    return build_state(app.env).shared_value("static_files", lambda: _find(app))


def _find(app: Sphinx) -> StaticFiles:
    state = site_state(app.env)
    if (
        state is None
        or app.builder.name not in SITE_BUILDERS
        or not state.config.static_files
        or not os.path.isdir(state.site_dir)
    ):
        return StaticFiles()
    skip = _sphinx_files(app, state)
    found, problems = site_files(state.site_dir, state.catalog.settings, skip=skip)
    for problem in problems:
        report(problem, site_dir=state.site_dir)
    written = build_state(app.env).written
    copied = {tuple(key) for key in written.of("static").values() if isinstance(key, list)}
    pages_before = written.of("static_pages")
    pages: dict[str, list[int]] = {}
    files: dict[str, SiteFile] = {}
    for file in found:
        key = [file.size, file.mtime_ns]
        if tuple(file.key) in copied:
            files[file.relative] = file  # copied last time as it is now: not read again
        elif pages_before.get(file.relative) == key or has_front_matter(file.path):
            pages[file.relative] = key
        else:
            files[file.relative] = file
    pages_before.clear()
    pages_before.update(pages)
    return StaticFiles(files, state.site_docdir)


class _BelowSite:
    """A path's place in the site folder (``/``-separated), links followed;
    ``None`` outside it or for the site folder itself."""

    def __init__(self, site_dir: str | os.PathLike[str]) -> None:
        self.site_real = real_path(site_dir)
        self.inside = self.site_real.rstrip(os.sep) + os.sep

    def __call__(self, path: str | os.PathLike[str], *, real: str | None = None) -> str | None:
        real = real or real_path(path)
        if real == self.site_real or not real.startswith(self.inside):
            return None
        return real[len(self.inside) :].replace(os.sep, "/")


def sphinx_folders(
    app: Sphinx, site_dir: str | os.PathLike[str], site_docdir: str
) -> Callable[[str, bool], bool]:
    """Whether a folder of the site (relative to its root) is Sphinx's own: the
    output or doctree folder (this build's or another's), what
    ``exclude_patterns`` matches, a folder of Sphinx's configuration. A walk
    of the site for its files (:func:`.jekyll.static_files.site_files`) does
    not enter them; files are asked about too, and kept unless excluded."""
    below_site = _BelowSite(site_dir)
    config = app.config
    confdir = os.fspath(app.confdir)
    folders: set[str] = set()
    configured: list[str] = [
        *getattr(config, "templates_path", ()),
        *getattr(config, "html_static_path", ()),
        *getattr(config, "html_extra_path", ()),
        *getattr(config, "locale_dirs", ()),
    ]
    outputs: list[str | os.PathLike[str]] = [app.outdir, app.doctreedir]
    for folder in [*outputs, *(os.path.join(confdir, f) for f in configured)]:
        relative = below_site(folder)
        if relative is not None:
            folders.add(relative)
    excluded = Matcher(config.exclude_patterns)
    root = os.fspath(site_dir)

    def skip(relative: str, is_folder: bool) -> bool:
        if is_folder:
            return (
                relative in folders
                or excluded(site_docdir + relative)
                or _sphinx_output(os.path.join(root, relative))
            )
        return excluded(site_docdir + relative)

    return skip


def _sphinx_files(app: Sphinx, state: SiteState) -> Callable[[str, bool], bool]:
    """Whether a path of the site (relative to its root) is Sphinx's own: a
    source document, ``conf.py``, or what :func:`sphinx_folders` leaves out."""
    below_site = _BelowSite(state.site_dir)
    env = app.env
    files: set[str] = set()
    real_folders: dict[str, str] = {}  # a documents' folder to its real path
    site_dir = os.fspath(state.site_dir)
    for docname in env.found_docs:
        # Through the real path: a document's name may differ from its file's
        # (links); each folder resolved once, a file only when it is a link. A
        # post's file is known without asking Sphinx (thousands of paths).
        post_path = state.docnames.get(docname)
        if post_path is not None:
            path = os.path.join(site_dir, *post_path.split("/"))
        else:
            path = os.fspath(env.doc2path(docname))
        doc_folder, name = os.path.split(path)
        real_folder = real_folders.get(doc_folder)
        if real_folder is None:
            real_folder = real_folders[doc_folder] = real_path(doc_folder)
        # Strings, not paths: thousands of documents.
        real = None if os.path.islink(path) else os.path.join(real_folder, name)  # noqa: PTH114
        relative = below_site(path, real=real)
        if relative is not None:
            files.add(relative)
    conf = below_site(os.path.join(os.fspath(app.confdir), "conf.py"))
    if conf is not None:
        files.add(conf)
    folders = sphinx_folders(app, state.site_dir, state.site_docdir)

    def skip(relative: str, is_folder: bool) -> bool:
        return folders(relative, is_folder) or (not is_folder and relative in files)

    return skip


def _sphinx_output(folder: str) -> bool:
    """Whether ``folder`` is the output of another Sphinx build (``build/dirhtml``
    beside this build's ``build/html``) or a doctree folder."""
    return any(os.path.exists(os.path.join(folder, name)) for name in _OUTPUT_MARKS)


_OUTPUT_MARKS = (".buildinfo", "environment.pickle")


def _sphinx_pages(builder: Builder) -> dict[str, str]:
    """The files of the pages Sphinx writes (relative to the output folder) to
    the name of each page: the documents and the pages it makes itself."""
    output_path = getattr(builder, "get_output_path", None)
    if output_path is None:
        return {}
    outdir = os.fspath(builder.outdir)
    inside = outdir.rstrip(os.sep) + os.sep
    names = [*builder.env.found_docs, "genindex", "search", "py-modindex"]
    names += list(getattr(builder.config, "html_additional_pages", {}) or {})
    pages = {}
    for name in names:
        path = os.fspath(output_path(name))
        relative = path[len(inside) :] if path.startswith(inside) else os.path.relpath(path, outdir)
        pages[relative.replace(os.sep, "/")] = name
    return pages


def copy_static_files(app: Sphinx, exception: BaseException | None) -> None:
    """Copy the static files that changed, remove those gone, write ``.nojekyll``."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    state = site_state(app.env)
    if state is None:
        return
    build = build_state(app.env)
    outdir = Path(app.outdir).resolve()
    static = static_files(app)
    record = build.written.of("static")
    before = dict(record)
    kept: dict[str, list[object]] = {}
    pages = _sphinx_pages(app.builder)
    outdir_text = str(outdir)
    for relative, file in static.files.items():
        target_path = static.output_path(relative)
        if target_path in pages:
            _conflict(state, relative, f"Sphinx's page {pages[target_path]!r}", target_path)
            continue
        old = before.get(target_path)
        if old == file.key and _same_size(os.path.join(outdir_text, target_path), file.size):
            kept[target_path] = file.key  # copied by the last build and unchanged
            continue
        target = _output_file(outdir, target_path, build.resolved_folders)
        if target is None:
            _conflict(state, relative, "a path outside the output folder", target_path)
            continue
        if old is None and os.path.lexists(target):
            _conflict(state, relative, "a file this extension did not copy", target_path)
            continue
        location = f"{printable(str(state.site_dir / relative))}:1"
        if copy_file(
            file.path, target, what="a static file", location=location, made=build.made_folders
        ):
            kept[target_path] = file.key
        elif old is not None:
            kept[target_path] = old  # still ours, as it was: copied again next time
    for target_path in sorted(set(before) - set(kept) - pages.keys()):
        # (a page Sphinx now writes there has replaced the copy)
        _remove(outdir, target_path, before[target_path], build.resolved_folders)
    record.clear()
    record.update(kept)
    nojekyll = outdir / NOJEKYLL
    if not nojekyll.exists():
        write_if_changed(nojekyll, b"", what=NOJEKYLL)


def _output_file(outdir: Path, target_path: str, resolved: dict[Path, Path]) -> Path | None:
    # output_file reads a URL's path: a file named "a%20b.png" is that name, quoted.
    return output_file(outdir, urllib.parse.quote(target_path), resolved=resolved)


def _same_size(path: str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def _conflict(state: SiteState, relative: str, what: str, target: str) -> None:
    message = f"the static file is not copied to {target}: that is {what}"
    report(Problem(relative, 1, ProblemKind.WRITE, message), site_dir=state.site_dir)


def _remove(outdir: Path, target_path: str, key: object, resolved: dict[Path, Path]) -> None:
    """Delete a file this extension copied (``key``: its record), if it is still
    that copy (its size and modification time), and the folders it leaves empty."""
    target = _output_file(outdir, target_path, resolved)
    if target is None or not isinstance(key, list) or len(key) != 3:
        return
    try:
        info = target.stat()
        if not target.is_file() or [info.st_size, info.st_mtime_ns] != key[1:]:
            return  # changed since: not ours to delete any more
        target.unlink()
    except OSError:
        return
    folder = target.parent
    while folder != outdir and folder.is_relative_to(outdir):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent


def find_before_writing(app: Sphinx, builder: Builder) -> None:
    """Find the static files before pages are written (in the main process:
    ``-j`` writers inherit them)."""
    static_files(app)


def setup_static_files(app: Sphinx) -> None:
    """Copy the site's static files into the output of the web site builders."""
    app.connect("write-started", find_before_writing)
    # Before the redirect pages (500): a site's own file wins its path.
    app.connect("build-finished", copy_static_files, priority=450)
