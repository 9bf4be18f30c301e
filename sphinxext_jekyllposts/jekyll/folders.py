"""Which files of a site are posts and drafts: the walk of ``_posts`` and
``_drafts`` folders as Jekyll's reader does it (not hidden by a leading
``.``/``_``/``#``/``~`` nor by ``exclude``), refusing what a build must not read.
"""

# Run for every file on every build: plain strings and os.path, not Path objects.
# ruff: noqa: PTH114, PTH116, PTH118

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .files import (
    SURROGATE,
    file_link_refusal,
    folder_link_refusal,
    is_inside,
    real_path,
    refusal,
    refused_problem,
    unusual_entries,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from .site import SiteSettings

from .records import DRAFTS_DIR, HTML_EXTENSIONS, POSTS_DIR, Skipped

_SPECIAL_LEADING = (".", "_", "#", "~")


def stat_key(path: str) -> tuple[tuple[int, int] | None, str]:
    """The file's (modification time, size), and why it is not read ("" if it is)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None, refusal(path)
    return (stat.st_mtime_ns, stat.st_size), refusal(path, stat)


@dataclass(frozen=True)
class PostFolders:
    """What a site's post folders hold, found without reading any file."""

    refused: tuple[str, ...] = ()
    """The symbolic links in post folders that are not followed (relative to
    the site root): a post folder that is a link out of the site or to one of
    its parents, a link to a folder inside a post folder, a link to a file
    outside the site, a link loop."""
    extensions: frozenset[str] = frozenset()
    """The extensions (``.md``, ``.MD``) of the Markdown files in post folders."""
    html_extensions: frozenset[str] = frozenset()
    """The extensions (``.html``, ``.HTM``) of the HTML files in post folders
    that are not Markdown (see :func:`~.posts.post_markup`)."""
    folders: tuple[str, ...] = ()
    """The post folders (relative to the site root) with a file of an HTML
    extension (``.html``, ``.htm``, ``.xhtml``, Markdown or not): where Sphinx
    must look for such files, and nowhere else."""
    files: tuple[tuple[Path, str, str] | Skipped, ...] = ()
    """What the walk found, for :func:`scan_site`."""
    settings: SiteSettings | None = None
    """The settings the walk was made with."""


def survey_post_folders(
    site_dir: Path, settings: SiteSettings, *, skip_dirs: tuple[Path, ...] = ()
) -> PostFolders:
    """The folders :func:`scan_site` refuses and the extensions of the posts it
    reads, from the folder listings alone (so cheap to know before a scan)."""
    refused: list[str] = []
    extensions: set[str] = set()
    html_extensions: set[str] = set()
    folders: set[Path] = set()
    markdown = {ext.lower() for ext in settings.markdown_ext}
    files = tuple(post_files(site_dir, settings, {real_path(p) for p in skip_dirs}))
    for found in files:
        if isinstance(found, Skipped):
            refused.append(found.path)
            continue
        folder, entry, ignored = found
        ext = PurePosixPath(entry).suffix
        name = ext.lstrip(".").lower()
        if name in HTML_EXTENSIONS:
            folders.add(folder)
        if ignored:
            continue
        if name in markdown:
            extensions.add(ext)
        elif name in HTML_EXTENSIONS:
            html_extensions.add(ext)
    return PostFolders(
        refused=tuple(refused),
        extensions=frozenset(extensions),
        html_extensions=frozenset(html_extensions),
        folders=tuple(sorted(folder.relative_to(site_dir).as_posix() for folder in folders)),
        files=files,
        settings=settings,
    )


def entries_to_avoid(
    site_dir: Path, settings: SiteSettings, *, skip_dirs: tuple[Path, ...] = ()
) -> tuple[tuple[str, str], ...]:
    """What a walk of the whole site (Sphinx's, looking for documents) must not
    enter or open, each with why (relative paths): a link to one of its own
    parent folders (a walk through it never ends); a link out of the site where
    Jekyll has no pages, below a folder named ``_...`` or ``....``
    (``_includes``, ``_data``; a link out in a folder of pages is the site's
    own layout); a file that is not a regular file (reading a named pipe waits
    for ever). Folders in ``exclude`` (``node_modules``, ``vendor/bundle``) and
    ``skip_dirs`` are not looked into."""
    site_real = real_path(site_dir)
    skip = {os.path.relpath(real_path(p), site_real).replace(os.sep, "/") for p in skip_dirs}

    def pruned(relative: str) -> bool:
        return relative in skip or excluded(relative, settings)

    found = []
    for relative, link in unusual_entries(site_dir, pruned=pruned):
        path = os.path.join(site_dir, relative)
        if not link:
            found.append((relative, refusal(path) or "it is not a regular file"))
            continue
        why = folder_link_refusal(path, site_real)
        jekylls = any(part.startswith(_SPECIAL_LEADING) for part in relative.split("/"))
        if why and (jekylls or is_inside(path, site_real)):
            found.append((relative, why))
    return tuple(found)


def post_files(
    site_dir: Path, settings: SiteSettings, skip: set[str]
) -> Iterator[tuple[Path, str, str] | Skipped]:
    """Each (post folder, entry relative to it, why Jekyll ignores it or ""),
    and each file or folder that is refused outright (a :class:`Skipped`)."""
    site_real = real_path(site_dir)
    for current, dirnames, files in os.walk(site_dir):
        here = Path(current)
        relative_here = here.relative_to(site_dir).as_posix()
        for name in (POSTS_DIR, DRAFTS_DIR):
            if name in files and os.path.islink(os.path.join(current, name)):
                # a link to a folder that does not exist, or a loop
                relative = name if relative_here == "." else f"{relative_here}/{name}"
                why = refusal(os.path.join(current, name)) or "it is not a folder"
                yield refused_entry(relative, why, folder=True)
        keep = []
        for name in sorted(dirnames):
            child = here / name
            relative = name if relative_here == "." else f"{relative_here}/{name}"
            posts = name in (POSTS_DIR, DRAFTS_DIR) and not excluded(relative, settings)
            why = folder_link_refusal(child, site_real) if os.path.islink(child) else ""
            if why:
                # Refused even where Jekyll would not look (`_includes`, an excluded
                # folder): Sphinx follows links when it looks for documents.
                refused = refused_entry(relative, why, folder=True)
                yield refused if posts else dataclasses.replace(refused, problem=None)
            elif posts:
                yield from _entries(child, site_dir, settings, site_real)
            elif (
                name in (POSTS_DIR, DRAFTS_DIR)
                or name.startswith(_SPECIAL_LEADING)
                or excluded(relative, settings)
                or os.path.islink(child)
                or real_path(child) in skip
            ):
                continue
            else:
                keep.append(name)
        dirnames[:] = keep


def refused_entry(relative_path: str, why: str, *, folder: bool = False) -> Skipped:
    problem = refused_problem(relative_path, why, folder=folder)
    return Skipped(relative_path, why, problem, folder=folder)


def _entries(
    folder: Path, site_dir: Path, settings: SiteSettings, site_real: str
) -> Iterator[tuple[Path, str, str] | Skipped]:
    """Files below a post folder, each with why Jekyll's ``EntryFilter`` drops it
    (or ``""`` when it does not); links to folders, which are not followed."""
    # Plain strings, not Path objects: this runs for every file of every build.
    folder_text = os.fspath(folder)
    inside = os.fspath(folder.relative_to(site_dir).as_posix())
    for current, dirnames, files in os.walk(folder_text):
        below = os.path.relpath(current, folder_text).replace(os.sep, "/")
        prefix = "" if below == "." else below + "/"
        followed = []
        for name in sorted(dirnames):
            link = os.path.join(current, name)
            if os.path.islink(link):
                # Jekyll does not read posts through a link to a folder; Sphinx
                # would (and loop through a link to a parent): refused, with a warning.
                why = folder_link_refusal(link, site_real)
                yield refused_entry(
                    f"{inside}/{prefix}{name}",
                    why or "it is a symbolic link to a folder, which Jekyll does not follow",
                    folder=True,
                )
            else:
                followed.append(name)
        dirnames[:] = followed
        for name in sorted(files):
            entry = prefix + name
            path = os.path.join(current, name)
            if SURROGATE.search(entry):
                # os.walk gives undecodable bytes as lone surrogates, which no page,
                # URL or message can hold; Jekyll stops the build on such a name.
                yield refused_entry(f"{inside}/{entry}", "its name is not valid UTF-8")
            elif entry.startswith(_SPECIAL_LEADING) or name.startswith(_SPECIAL_LEADING):
                yield folder, entry, "Jekyll ignores names starting with . _ # or ~"
            elif name.endswith("~"):
                yield folder, entry, "Jekyll ignores backup files ending in ~"
            elif os.path.islink(path) and (why := file_link_refusal(path, site_real)):
                yield refused_entry(f"{inside}/{entry}", why)
            elif excluded(f"{inside}/{entry}", settings):
                yield folder, entry, "it is in exclude"
            else:
                yield folder, entry, ""


def excluded(relative: str, settings: SiteSettings) -> bool:
    """Whether the site path ``relative`` is in ``exclude`` (a folder above it,
    a glob matching it) and not listed in ``include``."""
    return _exclusion(settings.exclude, settings.include)(relative)


@lru_cache(maxsize=16)
def _exclusion(exclude: tuple[str, ...], include: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a path (relative to the site) is in ``exclude`` and not ``include``d:
    the path itself, a folder above it, or a glob matching it. One regular
    expression: this is asked of every file of every build."""
    alternatives = []
    for pattern in exclude:
        if pattern in include:
            continue
        clean = pattern.strip("/")
        alternatives.append(re.escape(clean) + r"(?:/.*)?\Z")
        alternatives.append(fnmatch.translate(clean))
    if not alternatives:
        return lambda relative: False
    matcher = re.compile("|".join(f"(?:{a})" for a in alternatives), re.S)
    return lambda relative: matcher.match(relative) is not None
