"""Every message the extension gives goes through here: one warning type,
``jekyllposts``, with the subtypes of :class:`~.jekyll.problems.ProblemKind`."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from pathlib import Path

    from .jekyll.problems import Problem, ProblemKind

logger = logging.getLogger("sphinxext_jekyllposts")

WARNING_TYPE = "jekyllposts"


# C0 and C1 controls, DEL, line and paragraph separators, the bidi marks,
# embeddings, overrides and isolates that make a terminal show text reordered,
# and lone surrogates (a file name's undecodable bytes), which cannot be written.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = MappingProxyType({"\t": "\\t", "\n": "\\n", "\r": "\\r"})


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: each control character (an escape
    sequence's ESC, a line break) and bidi override written as ``\\x1b``,
    ``\\n``, ``\\u202e``."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00  # the byte os.fsdecode could not decode
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def warn(message: str, kind: ProblemKind, *, location: str | tuple[str, int] | None = None) -> None:
    """A Sphinx warning of type ``jekyllposts.<kind>`` at ``location``.

    ``location`` is ``(docname, line)`` for documents Sphinx reads, or a
    ``"path:line"`` string for files it does not (skipped posts, ``_config.yml``).
    """
    logger.warning(printable(message), type=WARNING_TYPE, subtype=kind.value, location=location)


def report(problem: Problem, *, site_dir: Path, docname: str | None = None) -> None:
    """Warn about ``problem``; at ``docname`` when the file is a Sphinx document."""
    if docname is not None:
        warn(problem.message, problem.kind, location=(docname, problem.line))
    else:
        # A file's name may hold a line break or an escape sequence.
        warn(
            problem.message,
            problem.kind,
            location=f"{printable(str(site_dir / problem.path))}:{problem.line}",
        )


def info(message: str, *, location: str | None = None) -> None:
    """A message shown unless ``-q``: things left out on purpose."""
    logger.info(message, location=location)
