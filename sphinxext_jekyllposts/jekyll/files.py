"""Reading a site's files: regular files only, never through a link out of the site.

A post, a draft, ``_config.yml``, a ``_data`` file or an include may be a named
pipe (reading it would wait forever), a device, a socket, a symbolic link loop
or a link to any file of the machine. :func:`read_site_file` reads only a
regular file, and only inside the folder it is given, else raises
:class:`RefusedFile` saying why. Paths are resolved with ``os.path.realpath``,
which never raises (``Path.resolve`` raises ``RuntimeError`` on a link loop
before Python 3.13).
"""

# Paths here are whatever the callers have, str or Path, and the scan calls
# these for every post: os and os.path, not pathlib.
# ruff: noqa: PTH100, PTH114, PTH116, PTH120

from __future__ import annotations

import errno
import os
import re
import stat
from typing import TYPE_CHECKING

from .problems import Problem, ProblemKind

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Opening a named pipe for reading waits for a writer unless O_NONBLOCK is set;
# O_NOCTTY: a terminal device never becomes the build's controlling terminal.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)

#: A lone surrogate: in a string read from YAML or JSON, or a file name no
#: file system can hold; shown as U+FFFD.
SURROGATE = re.compile("[\ud800-\udfff]")


class RefusedFile(OSError):
    """A file that is not read: not a regular file, a link loop, outside the site."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class FileTooLarge(OSError):
    """A regular file larger than the most that is read."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size:,} bytes")
        self.size = size


def real_path(path: str | os.PathLike[str]) -> str:
    """The path with every symbolic link followed; a loop is left unresolved."""
    return os.path.realpath(path)


def is_inside(path: str | os.PathLike[str], root: str) -> bool:
    """Whether ``path``, links followed, is ``root`` or below it (``root`` real)."""
    real = real_path(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def what_it_is(mode: int) -> str:
    """What a file that is not a regular file is, in a few words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def refusal(path: str | os.PathLike[str], info: os.stat_result | None = None) -> str:
    """Why ``path`` is not read as a file (``""`` when it is a regular file or
    cannot be looked at for another reason, which reading it will tell)."""
    if info is None:
        try:
            info = os.stat(path)
        except OSError as error:
            return _link_problem(path, error)
    if not stat.S_ISREG(info.st_mode):
        return f"it is {what_it_is(info.st_mode)}, not a regular file"
    return ""


def file_link_refusal(path: str | os.PathLike[str], root: str) -> str:
    """Why a file that is a symbolic link is not read (``""`` when it is): a
    link out of ``root``, the real path of the site (Jekyll's safe mode: it
    would publish any file of the machine), a loop, a link to nothing or to
    what is not a regular file."""
    if not is_inside(path, root):
        return "it is a symbolic link to a file outside the site"
    return refusal(path)


def refused_problem(relative_path: str, why: str, *, folder: bool = False) -> Problem:
    """The warning that a file or folder of the site (``relative_path``) is not
    read, and ``why``: the scan's and ``jekyllposts build``'s mirror's."""
    what = "folder" if folder else "file"
    return Problem(relative_path, 1, ProblemKind.FILE, f"the {what} is not read: {why}")


def folder_link_refusal(folder: str | os.PathLike[str], root: str) -> str:
    """Why a folder that is a symbolic link is not entered (``""`` when it is:
    not a link, or a link to a folder inside ``root``, the real path of the
    site, that is not one of its own parents)."""
    if not os.path.islink(folder):
        return ""
    try:
        info = os.stat(folder)
    except OSError as error:
        return _link_problem(folder, error) or f"it cannot be read ({error.strerror})"
    if not stat.S_ISDIR(info.st_mode):
        return "it is a symbolic link to a file, not a folder"
    target = real_path(folder)
    if not is_inside(target, root):
        return f"it is a symbolic link to {target}, outside the site"
    parent = real_path(os.path.dirname(os.path.abspath(folder)))
    if parent == target or parent.startswith(target.rstrip(os.sep) + os.sep):
        return "it is a symbolic link to a folder that contains it (a loop)"
    return ""


def unusual_entries(
    root: str | os.PathLike[str], *, pruned: Callable[[str], bool]
) -> Iterator[tuple[str, bool]]:
    """Each symbolic link to a folder below ``root`` as (``/``-separated
    relative path, ``True``), and each entry that is neither a folder, a
    regular file nor a link (a named pipe, a socket) as (path, ``False``);
    no link is followed, no folder for which ``pruned(path)`` is entered. From
    the folder listings alone, where the system gives entry types."""
    stack = [("", os.fspath(root))]
    while stack:
        relative, folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in found:
            path = f"{relative}{entry.name}"
            try:
                if entry.is_dir():
                    if pruned(path):
                        continue
                    if entry.is_symlink():
                        yield path, True
                    else:
                        stack.append((path + "/", entry.path))
                elif not entry.is_symlink() and not entry.is_file(follow_symlinks=False):
                    yield path, False
            except OSError:
                continue


def _link_problem(path: str | os.PathLike[str], error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symbolic link loop"
    if os.path.islink(path):
        return "it is a broken symbolic link"
    return ""


def read_site_file(
    path: str | os.PathLike[str], *, inside: str | None = None, max_bytes: int | None = None
) -> bytes:
    """The bytes of the regular file at ``path``.

    Raises :class:`RefusedFile` when it is not a regular file, is a link loop,
    or (given the real path of a folder, ``inside``) is outside that folder;
    :class:`FileTooLarge` when it is larger than ``max_bytes``; ``OSError``
    when it cannot be read. A named pipe is never waited on.
    """
    if inside is not None and not is_inside(path, inside):
        raise RefusedFile("it is a symbolic link to a file outside the site")
    why = refusal(path)
    if why:
        raise RefusedFile(why)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except OSError as error:
        why = _link_problem(path, error)
        if why:
            raise RefusedFile(why) from None
        raise
    try:
        # Checked again on what was opened: the file may have been replaced.
        info = os.fstat(descriptor)
        why = refusal(path, info)
        if why:
            raise RefusedFile(why)
        if max_bytes is not None and info.st_size > max_bytes:
            raise FileTooLarge(info.st_size)
        chunks = []
        size = 0
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise FileTooLarge(size)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
