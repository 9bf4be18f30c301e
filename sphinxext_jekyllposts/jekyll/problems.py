"""Problems found while reading a Jekyll site, as plain data.

The Sphinx side turns each into a warning of type ``jekyllposts`` whose subtype
is the kind's value, so ``suppress_warnings = ["jekyllposts.date"]`` silences
one kind.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ProblemKind(enum.Enum):
    """What a problem is about; the value is the Sphinx warning subtype."""

    FRONT_MATTER = "front_matter"
    DATE = "date"
    TITLE = "title"
    TAXONOMY = "taxonomy"
    ENCODING = "encoding"
    FORMAT = "format"
    CONFIG = "config"
    PERMALINK = "permalink"
    DIRECTIVE = "directive"

    @property
    def description(self) -> str:
        """When a warning of this kind is given, for the documentation."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    ProblemKind.FRONT_MATTER: "The YAML front matter is malformed, is not a mapping, or is "
    "opened and never closed. The post builds without it.",
    ProblemKind.DATE: "A ``date:`` cannot be understood (the file name's date is used), or "
    "the date in the file name does not exist (the post is skipped).",
    ProblemKind.TITLE: "The title is empty, a list or a mapping; the page is titled from "
    "the file name.",
    ProblemKind.TAXONOMY: "A category or tag is a mapping, or ``categories``/``tags`` is "
    "neither text nor a list; that value is ignored.",
    ProblemKind.ENCODING: "The post cannot be read or is not valid UTF-8; it is skipped, "
    "as Jekyll skips it.",
    ProblemKind.FORMAT: "A post in ``_posts`` is not Markdown (``.html``, ``.textile``); "
    "it is skipped.",
    ProblemKind.PERMALINK: "A ``permalink`` is not text or uses a placeholder Jekyll does "
    "not know; it is kept as written.",
    ProblemKind.DIRECTIVE: "A ``post-list`` filter or a ``category-toctree`` category matches "
    "no post.",
    ProblemKind.CONFIG: "A ``jekyllposts_*`` value or a ``_config.yml`` setting is invalid; "
    "its default is used.",
}


@dataclass(frozen=True)
class Problem:
    """One problem: the file (relative to the site root), the 1-based line and what."""

    path: str
    line: int
    kind: ProblemKind
    message: str
