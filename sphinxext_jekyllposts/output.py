"""Files the extension writes into the output folder: never outside it, never
over a page Sphinx wrote, and only when their content changed."""

from __future__ import annotations

import os
import re
import urllib.parse
from functools import lru_cache
from typing import TYPE_CHECKING

from .jekyll.problems import ProblemKind
from .reporting import warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_parts(path: str) -> list[str] | None:
    """The segments of a site path (percent-decoded), or ``None`` when it could
    reach outside the folder it is relative to (``..``, NUL, ``\\``, a drive)."""
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
    return len(part.encode("utf-8")) > 255


@lru_cache(maxsize=4096)
def _resolved(folder: Path) -> Path:
    """``folder.resolve()``, remembered: redirect pages share a few folders.
    Forgotten at the start of each build (:func:`forget_resolved`)."""
    return folder.resolve()


_made: set[Path] = set()


def ensure_folder(folder: Path) -> None:
    """``folder.mkdir(parents=True, exist_ok=True)``, once per folder and build."""
    if folder not in _made:
        folder.mkdir(parents=True, exist_ok=True)
        _made.add(folder)


def forget_resolved(*_: object) -> None:
    """Start a build with no remembered folder: links and folders may have changed."""
    _resolved.cache_clear()
    _made.clear()


def output_file(outdir: Path, relative: str) -> Path | None:
    """The file ``relative`` (``/``-separated) inside ``outdir``, or ``None``.

    Symbolic links are followed (in the folders and the file itself) before
    checking that the file is inside ``outdir``.
    """
    parts = safe_parts(relative)
    if not parts:
        return None
    root = _resolved(outdir)
    folder = _resolved(root.joinpath(*parts[:-1])) if len(parts) > 1 else root
    target = folder / parts[-1]
    if target.is_symlink():
        target = target.resolve()
    inside = str(target).startswith(str(root).rstrip(os.sep) + os.sep)
    return target if inside else None


def write_if_changed(path: Path, content: bytes, *, what: str) -> bool:
    """Write ``content`` unless the file already holds it; warn (never raise) when
    the file system refuses. Returns whether the file now holds ``content``."""
    try:
        if path.is_file() and path.read_bytes() == content:
            return True
        ensure_folder(path.parent)
        path.write_bytes(content)
    except OSError as error:
        warn(f"{what} cannot be written at {path}: {error}", ProblemKind.CONFIG)
        return False
    return True


def starts_with(path: Path, marker: bytes, size: int = 400) -> bool:
    """Whether a file begins (in its first ``size`` bytes) with our ``marker``."""
    try:
        with path.open("rb") as file:
            return marker in file.read(size)
    except OSError:
        return False


def output_record(env: BuildEnvironment, app: Sphinx, name: str) -> dict[str, str]:
    """What was last written for this builder and output folder, under ``name``.

    Kept on the environment, which builders with the same doctree folder share:
    hence one record per builder and output folder.
    """
    key = f"{app.builder.name}:{app.outdir}"
    records: dict[str, dict[str, dict[str, str]]] = env.__dict__.setdefault(
        "jekyllposts_records", {}
    )
    return records.setdefault(key, {}).setdefault(name, {})
