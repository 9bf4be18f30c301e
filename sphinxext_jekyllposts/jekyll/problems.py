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
    """The YAML front matter is malformed, not a mapping, or not closed."""
    DATE = "date"
    """A date in the front matter or the file name cannot be understood."""
    TITLE = "title"
    """The title is empty or not a string."""
    TAXONOMY = "taxonomy"
    """A category or tag value is not a string, number or list of them."""
    ENCODING = "encoding"
    """The file is not valid UTF-8."""
    FORMAT = "format"
    """A post in a format Sphinx cannot read as Markdown."""
    SKIPPED = "skipped"
    """A post is left out of the build (and why)."""
    CONFIG = "config"
    """A site setting (``_config.yml`` or ``jekyllposts_*``) is invalid."""


@dataclass(frozen=True)
class Problem:
    """One problem: the file (relative to the site root), the 1-based line and what."""

    path: str
    line: int
    kind: ProblemKind
    message: str
