"""The copy of a site folder that ``jekyllposts build`` gives Sphinx: every
file Jekyll reads (links to folders, copies or hard links of files), nothing
from outside the site, and Sphinx's messages naming the site's own paths. A
site whose ``_config.yml`` says ``source: src`` is copied from that folder,
with the ``_config.yml``."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .jekyll.files import (
    file_link_refusal,
    folder_link_refusal,
    real_path,
    refusal,
    refused_problem,
)
from .jekyll.pages import find_pages
from .jekyll.site import CONFIG_FILE, source_folder

if TYPE_CHECKING:
    from .jekyll.problems import Problem
    from .jekyll.site import SiteSettings


#: Folders of a Jekyll site that are never sources of posts or their files.
NOT_MIRRORED = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "_site",
        ".jekyll-cache",
        ".jekyll-metadata",
        ".sass-cache",
        "_layouts",
        "_sass",
        "node_modules",
        ".bundle",
        "__pycache__",
    }
)
#: Folders below the site's root that are never mirrored: Jekyll's default
#: ``exclude`` (Bundler's gems); the rest of ``vendor/`` may hold static files.
NOT_MIRRORED_PATHS = frozenset({"vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby"})


class site_paths:
    """Show the site's own paths, not the mirror's, in Sphinx's messages."""

    def __init__(self, mirror: Path, site: Path) -> None:
        self.mirror, self.site = str(mirror), str(site)

    def __enter__(self) -> None:
        self.saved = sys.stdout, sys.stderr
        sys.stdout = _Replacing(sys.stdout, self.mirror, self.site)
        sys.stderr = _Replacing(sys.stderr, self.mirror, self.site)

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr = self.saved


class _Replacing:
    def __init__(self, stream: TextIO, old: str, new: str) -> None:
        self.stream, self.old, self.new = stream, old, new

    def write(self, text: str) -> int:
        return self.stream.write(text.replace(self.old, self.new))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


#: The files ``build`` writes into the mirror's root (a site's own are replaced).
GENERATED = ("conf.py", "index.md")


def mirror_site(
    site: Path, target: Path, *, skip: Path, also_generated: tuple[str, ...] = ()
) -> list[Problem]:
    """Make ``target`` a copy of ``site``'s files (hard links where possible);
    return the files that are not copied, and why. The target root's
    :data:`GENERATED` files and ``also_generated`` (the ``_config.yml`` of a
    ``source:`` folder) are the build's own: not copied, not removed.

    Unchanged files keep their modification time, so an incremental build
    reads only what changed; files gone from the site are removed. Nothing
    from outside the site is copied: a symbolic link to a file inside the
    site is copied as that file, one to a folder inside it is made again as
    a link (so the build sees what the site's scan sees), a link out of the
    site, a link loop or a file that is not a regular file (a named pipe) is
    left out.
    """
    site_real = real_path(site)
    generated = (*GENERATED, *also_generated)
    problems: list[Problem] = []
    seen: set[Path] = set()

    for current, dirnames, filenames in os.walk(site):
        here = Path(current)
        kept = []
        for name in dirnames:
            origin = here / name
            if (
                name in NOT_MIRRORED
                or origin.relative_to(site).as_posix() in NOT_MIRRORED_PATHS
                or Path(real_path(origin)).is_relative_to(skip)
            ):
                continue
            if not origin.is_symlink():
                kept.append(name)
                copy = target / origin.relative_to(site)
                if copy.is_symlink():
                    copy.unlink()  # a link last time: its files must not go through it
                continue
            why = folder_link_refusal(origin, site_real)
            if why:
                relative = origin.relative_to(site).as_posix()
                problems.append(refused_problem(relative, why, folder=True))
                continue
            # Made again as a link (os.walk does not enter it), to the same folder
            # of the mirror: the scan of the mirror then sees what the site's sees.
            copy = target / origin.relative_to(site)
            goal = target / Path(real_path(origin)).relative_to(site_real)
            seen.add(copy)
            _link_folder(copy, Path(os.path.relpath(goal, copy.parent)))
        dirnames[:] = kept
        for name in filenames:
            origin = here / name
            if name in generated and here == site:
                continue  # the generated ones take their place
            copy = target / origin.relative_to(site)
            why = _mirror_file(origin, copy, site_real)
            if why:
                problems.append(refused_problem(origin.relative_to(site).as_posix(), why))
            else:
                seen.add(copy)
    for current, dirnames, filenames in os.walk(target):
        here = Path(current)
        for name in filenames + [d for d in dirnames if (here / d).is_symlink()]:
            path = here / name
            if path not in seen and not (path.name in generated and here == target):
                path.unlink()
    return problems


def _mirror_file(origin: Path, copy: Path, site_real: str) -> str:
    """Copy (or hard-link) ``origin`` to ``copy``, or say why it is not."""
    link = origin.is_symlink()
    # As the scan refuses it: a link out of the site, a loop, a link to nothing,
    # a named pipe.
    why = file_link_refusal(origin, site_real) if link else refusal(origin)
    if why:
        return why
    source = Path(real_path(origin)) if link else origin
    try:
        if copy.exists() and not copy.is_symlink() and _same_file(source, copy):
            return ""
        copy.parent.mkdir(parents=True, exist_ok=True)
        _clear(copy)
        try:
            os.link(source, copy, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, copy, follow_symlinks=False)
    except OSError as error:
        return f"it cannot be copied ({error.strerror or error})"
    return ""


def _link_folder(copy: Path, goal: Path) -> None:
    if copy.is_symlink() and copy.readlink() == goal:
        return
    copy.parent.mkdir(parents=True, exist_ok=True)
    _clear(copy)
    copy.symlink_to(goal, target_is_directory=True)


def _clear(path: Path) -> None:
    """Remove what is at ``path`` in the mirror: a file, a link, or a folder
    that was a folder in the site and is now a link or a file."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    sa, sb = a.stat(), b.stat()
    return (sa.st_ino == sb.st_ino and sa.st_dev == sb.st_dev) or (
        sa.st_size == sb.st_size and int(sa.st_mtime) == int(sb.st_mtime)
    )


def content_folder(site: Path, settings: SiteSettings) -> Path:
    """Where the site's files are: its ``source:`` folder (``source: src``),
    when it is a folder inside the site, else the site folder itself."""
    folder = source_folder(settings.raw)
    if not folder:
        return site
    content = site / folder
    if not content.is_dir() or not Path(real_path(content)).is_relative_to(real_path(site)):
        return site
    return content


def config_of_content(site: Path) -> str:
    """The site's ``_config.yml`` for its ``source:`` folder's mirror: the same
    lines (so its messages name them), ``source:`` made a comment."""
    text = (site / CONFIG_FILE).read_text("utf-8-sig")
    return _SOURCE_LINE.sub(lambda m: f"# {m[0]}  (read by jekyllposts build)", text)


_SOURCE_LINE = re.compile(r"^source[ \t]*:.*$", re.MULTILINE)


def page_files(mirror: Path, settings: SiteSettings) -> list[str]:
    """The site's pages and collection documents in the ``mirror``, but its
    root page (``index.html`` or ``index.md``): the generated ``index.md`` is
    the home page. (Sphinx reports their problems: the extension reads the
    pages again.)"""
    found, _problems = find_pages(mirror, settings, skip=lambda _relative, _folder: False)
    return [page.relative for page in found if posixpath.splitext(page.relative)[0] != "index"]
