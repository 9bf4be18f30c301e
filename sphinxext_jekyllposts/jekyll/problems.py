"""Problems found while reading a Jekyll site, as plain data.

The Sphinx side turns each into a warning of type ``jekyllposts`` whose subtype
is the kind's value, so ``suppress_warnings = ["jekyllposts.date"]`` silences
one kind.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType


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
    LIQUID = "liquid"
    LIQUID_TAG = "liquid_tag"
    INCLUDE = "include"
    LINK = "link"
    LIMIT = "limit"
    UNTRUSTED = "untrusted"
    WRITE = "write"
    FILE = "file"

    @property
    def description(self) -> str:
        """When a warning of this kind is given, for the documentation."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = MappingProxyType(
    {
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
        ProblemKind.FORMAT: "A post in ``_posts`` is neither Markdown (``markdown_ext``) nor "
        "HTML (``.textile``, ``.txt``); it is skipped.",
        ProblemKind.PERMALINK: "A ``permalink`` is not text or uses a placeholder Jekyll does "
        "not know; it is kept as written. Or a URL (the post's, a ``redirect_from`` path) would "
        "lead outside the output folder, cannot be a file name (a name over 255 bytes, a path "
        "over 4095), or is another post's or page's: no redirect is written there.",
        ProblemKind.DIRECTIVE: "A ``post-list`` filter or a ``category-toctree`` category matches "
        "no post.",
        ProblemKind.LIQUID: "A post's Liquid does not parse or fails to render (an unknown "
        "filter, a block never closed). A tag that fails renders nothing; a post whose blocks "
        "do not balance is shown as written.",
        ProblemKind.LIQUID_TAG: "A Liquid tag that neither Liquid nor Jekyll has, usually a "
        "site plugin's (``{% youtube %}``); it renders nothing. Given at each place it is "
        "used; ``jekyllposts_liquid_tags`` can map it to an include template.",
        ProblemKind.INCLUDE: "An ``{% include %}``, ``{% include_cached %}`` or "
        "``{% include_relative %}`` file (or the include of a ``jekyllposts_liquid_tags`` "
        "tag) is "
        "missing, outside the site folder (or the includes folder is), not a regular file "
        "(a named pipe, a link loop), too large, or includes itself; it renders nothing.",
        ProblemKind.LINK: "A ``{% post_url %}`` or ``{% link %}`` names no post or file of the "
        "site; the link points at the page itself (``#``). Or an image, or a link to a file "
        "(``/files/a.pdf``, ``{{ site.baseurl }}/assets/a.png``), names a path of the site "
        "where the site has no file; it is left as written.",
        ProblemKind.LIMIT: "A post's Liquid ran longer, wrote or held more, or looped more "
        "than the limits allow (``jekyllposts_liquid_timeout``, "
        "``jekyllposts_liquid_max_output``), or has a tag of over 2,000 characters: the "
        "post is shown as written; or its front "
        "matter is longer than ``jekyllposts_max_front_matter`` (ignored), or the file "
        "larger than ``jekyllposts_max_post_size`` (skipped); or its kramdown abbreviations "
        "would take too long to mark (the rest of the paragraph is left unmarked).",
        ProblemKind.UNTRUSTED: "A post uses a directive or role that could read files, write "
        "raw output or reach outside the post (``include``, ``raw``, ``eval-rst``, "
        "``toctree``, a ``:file:`` option, ...), or refers to a local image or file that is "
        "outside the site folder or not a regular file. It is shown as text; see "
        "``jekyllposts_trusted_posts``. Or an HTML post (``.html``) is built with "
        "``jekyllposts_raw_html = False``: it is shown as its text, without its markup.",
        ProblemKind.WRITE: "A file cannot be written (something in the way, a full disk, a "
        "folder that may not be written to): it is left as it was and written again on the next "
        "build. Or a post's file name is too long for the page Sphinx makes of it (its name and "
        "``.doctree`` over 255 bytes); the post is skipped. Or a static file of the site "
        "would be copied over a page Sphinx writes (``search.html``) or a file the extension "
        "did not copy: it is not copied.",
        ProblemKind.FILE: "A file or folder of the site is not read: it is not a regular file "
        "(a named pipe, a device, a socket), it is a symbolic link out of the site folder, "
        "a broken link or a link loop; or its name is not UTF-8 (Jekyll stops on it); or "
        "Sphinx cannot make a page of its name (a line break in it, letters not in Unicode "
        "NFC, an extension that is no source suffix). Given at the file or folder, line 1.",
        ProblemKind.CONFIG: "A ``jekyllposts_*`` value or a ``_config.yml`` setting is invalid; "
        "its default is used.",
    }
)


@dataclass(frozen=True)
class Problem:
    """One problem: the file (relative to the site root), the 1-based line and what."""

    path: str
    line: int
    kind: ProblemKind
    message: str
