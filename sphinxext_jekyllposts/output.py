"""Files the extension writes into the output folder: never outside it, never
over a page Sphinx wrote, only when their content changed, and whole or not at
all (a failed write leaves the file as it was)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import urllib.parse
from typing import TYPE_CHECKING

from .jekyll.problems import ProblemKind
from .reporting import warn

if TYPE_CHECKING:
    from pathlib import Path


#: Builders that make a web site (not epub, not single page): the ones posts
#: have addresses in, static files are copied for and redirects are written by.
SITE_BUILDERS = frozenset({"html", "dirhtml"})
_DRIVE = re.compile(r"^[A-Za-z]:")
#: The longest file or folder name, in bytes, that common file systems accept
#: (ext4, APFS, NTFS in UTF-16 units), and the longest path, with its final NUL (Linux).
NAME_MAX = 255
PATH_MAX = 4096


def safe_parts(path: str) -> list[str] | None:
    """The segments of a site path (percent-decoded), or ``None`` when it could
    reach outside the folder it is relative to (``..``, NUL, ``\\``, a drive)."""
    if "%" in path:
        path = urllib.parse.unquote(path)
    if "\x00" in path or "\\" in path or _DRIVE.match(path.lstrip("/")):
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts or any(_unencodable(part) for part in parts):
        return None
    return parts


def _unencodable(part: str) -> bool:
    try:
        part.encode("utf-8")
    except UnicodeEncodeError:
        return True  # a lone surrogate: no file system can name it
    return False


def name_problem(relative: str, root: Path | str) -> str:
    """Why ``relative`` (``/``-separated, inside ``root``) cannot be a file's
    path: a name in it over :data:`NAME_MAX` bytes, or the whole path from the
    file system's root :data:`PATH_MAX` bytes or more. Empty when it can be."""
    parts = relative.split("/")
    root_text = os.fspath(root)
    # A character is at most 4 bytes in UTF-8: most names need no encoding to be known short.
    if (
        4 * max(map(len, parts)) <= NAME_MAX
        and 4 * (len(root_text) + 1 + len(relative) + _TEMPORARY_LENGTH) < PATH_MAX
    ):
        return ""
    longest = max(len(os.fsencode(part)) for part in parts)
    if longest > NAME_MAX:
        return f"a name in it would be {longest} bytes; file systems allow {NAME_MAX}"
    size = len(os.fsencode(os.path.join(root_text, *parts)))  # noqa: PTH118
    # The file is first written under a temporary name (replace_file), maybe longer.
    longer = _TEMPORARY_LENGTH - len(os.fsencode(parts[-1]))
    if size + max(longer, 0) >= PATH_MAX:
        return f"its path would be {size} bytes; file systems allow {PATH_MAX - 1}"
    return ""


def _temporary_name() -> str:
    return f".jekyllposts-{secrets.token_hex(8)}.tmp"


_TEMPORARY_LENGTH = len(_temporary_name())


def shown(text: str, limit: int = 120) -> str:
    """``text`` for a message: a long one cut in the middle."""
    if len(text) <= limit:
        return text
    return f"{text[: limit * 2 // 3]}…({len(text)} characters)…{text[-(limit // 4) :]}"


def _resolved(folder: Path, known: dict[Path, Path] | None) -> Path:
    """``folder.resolve()``, remembered in ``known`` (the build's): redirect
    pages share a few folders."""
    if known is None:
        return folder.resolve()
    if folder not in known:
        known[folder] = folder.resolve()
    return known[folder]


def ensure_folder(folder: Path, made: set[Path] | None = None) -> None:
    """``folder.mkdir(parents=True, exist_ok=True)``, once per folder in ``made``
    (the build's folders known to exist)."""
    if made is None or folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(folder)


def output_file(
    outdir: Path, relative: str, *, resolved: dict[Path, Path] | None = None
) -> Path | None:
    """The file ``relative`` (``/``-separated) inside ``outdir``, or ``None``
    when it is outside or cannot be a file's path (:func:`name_problem`).
    ``resolved``: the build's folders with their links resolved, to reuse.

    Symbolic links are followed (in the folders and the file itself) before
    checking that the file is inside ``outdir``.
    """
    parts = safe_parts(relative)
    if not parts:
        return None
    try:
        root = _resolved(outdir, resolved)
        if name_problem("/".join(parts), root):
            return None
        folder = _resolved(root.joinpath(*parts[:-1]), resolved) if len(parts) > 1 else root
        target = folder / parts[-1]
        if target.is_symlink():
            target = target.resolve()
    except (OSError, RuntimeError):  # a loop of links, a name the file system refuses
        return None
    inside = str(target).startswith(str(root).rstrip(os.sep) + os.sep)
    return target if inside else None


def write_if_changed(
    path: Path,
    content: bytes,
    *,
    what: str,
    location: str | tuple[str, int] | None = None,
    made: set[Path] | None = None,
) -> bool:
    """Write ``content`` unless the file already holds it; warn (never raise) when
    the file system refuses, at ``location``. Returns whether the file now holds
    ``content``; when it does not, the file is as it was (see :func:`replace_file`).
    ``made``: the build's folders known to exist (:func:`ensure_folder`)."""
    try:
        replace_if_changed(path, content, made)
    except OSError as error:
        reason = error.strerror or str(error)
        warn(
            f"{what} cannot be written at {shown(str(path))}: {reason}; "
            "it is left as it was and written again on the next build",
            ProblemKind.WRITE,
            location=location,
        )
        return False
    return True


def replace_if_changed(path: Path, content: bytes, made: set[Path] | None = None) -> bool:
    """Write ``content`` into ``path`` (its folder made, whole or not at all:
    :func:`replace_file`) unless the file already holds it; whether it was
    written. Raises ``OSError``, the file left as it was; :func:`write_if_changed`
    warns instead, ``jekyllposts build`` stops. ``made``: the build's folders
    known to exist (:func:`ensure_folder`)."""
    try:
        if path.is_file() and path.read_bytes() == content:
            return False
    except OSError:
        pass  # unreadable: written again below
    ensure_folder(path.parent, made)
    replace_file(path, content)
    return True


def replace_file(path: Path, content: bytes) -> None:
    """Write ``path`` whole or not at all: into a new file in the same folder,
    then renamed over it, so that a full disk or an interrupted build never
    leaves a truncated file. The file keeps its permissions. Raises ``OSError``."""
    # A short name of our own: the target's name may already be 255 bytes long.
    temporary = path.with_name(_temporary_name())
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        with contextlib.suppress(OSError):
            temporary.chmod(path.stat().st_mode & 0o7777)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def copy_file(
    source: str | os.PathLike[str],
    target: Path,
    *,
    what: str,
    location: str | tuple[str, int] | None = None,
    made: set[Path] | None = None,
) -> bool:
    """Copy the file ``source`` to ``target`` whole or not at all (into a new
    file in the same folder, then renamed over it), with the source's
    modification time, as Jekyll copies a static file; warn (never raise) when
    it fails, at ``location``. Returns whether ``target`` now is the copy.
    ``made``: the build's folders known to exist (:func:`ensure_folder`)."""
    temporary = target.with_name(_temporary_name())
    try:
        ensure_folder(target.parent, made)
        with open(source, "rb") as origin:  # noqa: PTH123 (a str or a Path)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            with os.fdopen(descriptor, "wb") as copy:
                shutil.copyfileobj(origin, copy, 1 << 20)
            info = os.fstat(origin.fileno())
        os.utime(temporary, ns=(info.st_atime_ns, info.st_mtime_ns))
        temporary.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        reason = error.strerror or str(error)
        warn(
            f"{what} cannot be copied to {shown(str(target))}: {reason}; "
            "it is copied again on the next build",
            ProblemKind.WRITE,
            location=location,
        )
        return False
    return True


def starts_with(path: Path, marker: bytes, size: int = 400) -> bool:
    """Whether a file begins (in its first ``size`` bytes) with our ``marker``."""
    try:
        with path.open("rb") as file:
            return marker in file.read(size)
    except OSError:
        return False
