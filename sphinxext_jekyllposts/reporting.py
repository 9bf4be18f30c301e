"""Every message the extension gives goes through here: one warning type,
``jekyllposts``, with the subtypes of :class:`~.jekyll.problems.ProblemKind`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from pathlib import Path

    from .jekyll.problems import Problem, ProblemKind

logger = logging.getLogger("sphinxext_jekyllposts")

WARNING_TYPE = "jekyllposts"


def warn(message: str, kind: ProblemKind, *, location: str | tuple[str, int] | None = None) -> None:
    """A Sphinx warning of type ``jekyllposts.<kind>`` at ``location``.

    ``location`` is ``(docname, line)`` for documents Sphinx reads, or a
    ``"path:line"`` string for files it does not (skipped posts, ``_config.yml``).
    """
    logger.warning(message, type=WARNING_TYPE, subtype=kind.value, location=location)


def report(problem: Problem, *, site_dir: Path, docname: str | None = None) -> None:
    """Warn about ``problem``; at ``docname`` when the file is a Sphinx document."""
    if docname is not None:
        warn(problem.message, problem.kind, location=(docname, problem.line))
    else:
        warn(
            problem.message,
            problem.kind,
            location=f"{site_dir / problem.path}:{problem.line}",
        )


def info(message: str, *, location: str | None = None) -> None:
    """A message shown unless ``-q``: things left out on purpose."""
    logger.info(message, location=location)
