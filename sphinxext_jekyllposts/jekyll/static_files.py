"""The files Jekyll 4.3 copies as they are: its reader's walk of the site.

Jekyll reads every folder of the site except those its ``EntryFilter`` drops
(a name starting with ``.``, ``_``, ``#`` or ``~``, ending in ``~`` or ``.``,
or in ``exclude``, unless ``include``d); each file that starts with a front
matter line (``---``) is a page, every other one a static file, copied to
the same path below the output folder. :func:`site_files` walks the site as
that reader does (refusing, as every walk of the site here does, links out
of the site, link loops and what is not a regular file);
:func:`has_front_matter` tells a page from a static file.
"""

# Asked of every file of every build: os and os.path, not Path objects.
# ruff: noqa: PTH113, PTH118, PTH123

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .files import (
    SURROGATE,
    file_link_refusal,
    folder_link_refusal,
    is_inside,
    real_path,
    refusal,
    refused_problem,
)
from .folders import excluded

if TYPE_CHECKING:
    from collections.abc import Callable

    from .problems import Problem
    from .site import SiteSettings

_SPECIAL_LEADING = (".", "_", "#", "~")
#: The most bytes of a first line looked at for ``---`` and white space.
_FIRST_LINE_LIMIT = 1 << 16


@dataclass(frozen=True)
class SiteFile:
    """A file of the site Jekyll reads outside its special folders: a static
    file, unless it has front matter (then a page)."""

    relative: str
    """Its path relative to the site root, ``/``-separated."""
    path: str
    """Where it is (below the site folder, maybe through a link to a folder in it)."""
    size: int
    mtime_ns: int

    @property
    def key(self) -> list[object]:
        """What says the file changed, as a record holds it (JSON)."""
        return [self.relative, self.size, self.mtime_ns]


def is_included(name: str, include: tuple[str, ...], *, folder: bool = False) -> bool:
    """Whether Jekyll's ``include`` takes in the entry ``name`` (a file or folder
    name, at any depth): a pattern matching the name, a pattern the name starts
    with, or ``name/`` for a folder (``EntryFilter#included?``)."""
    for pattern in include:
        if not pattern:
            continue
        if (
            fnmatch.fnmatchcase(name, pattern)
            or name.startswith(pattern)
            or (folder and pattern == name + "/")
        ):
            return True
    return False


def ignored_name(name: str) -> bool:
    """Whether Jekyll leaves out an entry so named, unless ``include``d."""
    return name.startswith(_SPECIAL_LEADING) or name.endswith("~")


def site_files(
    site_dir: str | os.PathLike[str],
    settings: SiteSettings,
    *,
    skip: Callable[[str, bool], bool],
) -> tuple[list[SiteFile], list[Problem]]:
    """Every file of the site Jekyll reads as a page or a static file, sorted by
    path, and the problems of those refused (a link out of the site, a link
    loop, a named pipe, a name that is not UTF-8).

    ``skip(relative, is_folder)`` leaves out more (the caller's own files and
    folders); a skipped folder is not entered. Links to folders inside the site
    are followed, each real folder entered once.
    """
    root = os.fspath(site_dir)
    site_real = real_path(root)
    found: list[SiteFile] = []
    problems: list[Problem] = []
    entered = {site_real}
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            relative = prefix + entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not _read_by_jekyll(entry.name, relative, settings, folder=is_folder):
                continue
            if SURROGATE.search(relative):
                problems.append(refused_problem(relative, "its name is not valid UTF-8"))
            elif skip(relative, is_folder):
                continue
            elif is_folder:
                why = folder_link_refusal(entry.path, site_real) if entry.is_symlink() else ""
                real = real_path(entry.path)
                if why:
                    problems.append(refused_problem(relative, why, folder=True))
                elif real not in entered:
                    entered.add(real)
                    stack.append((relative + "/", entry.path))
            else:
                file = _site_file(entry, relative, site_real)
                if isinstance(file, SiteFile):
                    found.append(file)
                else:
                    problems.append(file)
    found.sort(key=lambda file: file.relative)
    return found, problems


def _read_by_jekyll(name: str, relative: str, settings: SiteSettings, *, folder: bool) -> bool:
    """Whether Jekyll's ``EntryFilter`` keeps an entry of the site."""
    if name.endswith("."):
        return False  # ".", "..", "name."
    if is_included(name, settings.include, folder=folder):
        return True
    return not (excluded(relative, settings) or ignored_name(name))


def _site_file(entry: os.DirEntry[str], relative: str, site_real: str) -> SiteFile | Problem:
    """The file ``entry``, or why it is refused."""
    why = file_link_refusal(entry.path, site_real) if entry.is_symlink() else ""
    if why:
        return refused_problem(relative, why)
    try:
        info = entry.stat()
    except OSError as error:
        return refused_problem(relative, refusal(entry.path) or f"it cannot be read ({error})")
    if not stat.S_ISREG(info.st_mode):
        return refused_problem(relative, refusal(entry.path, info))
    return SiteFile(relative, entry.path, info.st_size, info.st_mtime_ns)


def is_site_file(site_dir: str | os.PathLike[str], relative: str, settings: SiteSettings) -> bool:
    """Whether ``relative`` (``/``-separated, relative to the site root) is a
    regular file inside the site that Jekyll reads (a page or a static file):
    no folder or name on its way that Jekyll leaves out, no link out of the site."""
    parts = relative.split("/")
    if not relative or any(part in ("", ".", "..") for part in parts):
        return False
    for depth, name in enumerate(parts):
        last = depth == len(parts) - 1
        if not _read_by_jekyll(name, "/".join(parts[: depth + 1]), settings, folder=not last):
            return False
    root = real_path(site_dir)
    path = os.path.join(site_dir, *parts)
    return is_inside(path, root) and os.path.isfile(path) and not refusal(path)


def has_front_matter(path: str | os.PathLike[str]) -> bool:
    """Whether the file's first line is ``---`` and white space, as Jekyll's
    ``Utils.has_yaml_header?`` asks (then the file is a page, not copied).
    Reads that line only (at most 64 KiB of it); an unreadable file is not a
    page (copying it will tell why)."""
    try:
        with open(path, "rb") as file:
            line = file.readline(_FIRST_LINE_LIMIT)
    except OSError:
        return False
    return line.startswith(b"---") and line.endswith(b"\n") and not line[3:].strip()
