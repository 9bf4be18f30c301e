"""kramdown's table of contents (``* TOC`` + ``{:toc}``), without Sphinx.

kramdown replaces the list carrying the ``toc`` reference name with a list of
*every* heading of the document whose level is in its ``toc_levels`` option
(``kramdown: toc_levels:`` in Jekyll's ``_config.yml``; 1 to 6 by default),
wherever the list stands, nested by level: each heading goes under the nearest
heading before it of a lower level. Headings with the ``no_toc`` class are left
out; a ``1. TOC`` list gives ``<ol>``, a ``* TOC`` list ``<ul>``; the list has the
id ``markdown-toc`` (unless its IAL gives another) and each link the id
``markdown-toc-`` + the heading's id. A table of contents without headings
leaves nothing.

:func:`toc_token` is the markdown-it token that stands where the list was,
:func:`toc_levels` reads the option as kramdown does and :func:`nest` nests the
headings as kramdown's ``generate_toc_tree`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from markdown_it.token import Token

DEFAULT_LEVELS = frozenset(range(1, 7))
TOC_ID = "markdown-toc"
_RANGE = re.compile(r"^(\d)\.\.(\d)$")
_LIST = re.compile(r"^\d(?:,\d)*+$")

T = TypeVar("T")


def toc_token(tokens: list[Token], start: int, end: int) -> Token:
    """The ``kramdown_toc`` token for the list ``tokens[start : end + 1]``.

    ``meta``: ``ordered`` (``1. TOC``), and the ``id`` and ``classes`` its IAL gave.
    """
    opening = tokens[start]
    token = Token("kramdown_toc", "", 0)
    token.map = opening.map
    token.block = True
    token.level = opening.level
    classes = str(opening.attrGet("class") or "").split()
    token.meta = {
        "ordered": opening.type == "ordered_list_open",
        "id": str(opening.attrGet("id") or "") or TOC_ID,
        "classes": classes,
    }
    return token


def toc_levels(value: object) -> frozenset[int] | None:
    """kramdown's ``toc_levels`` option: ``"2..3"``, ``"2,3"``, ``[2, 3]``;
    ``None`` when kramdown would refuse it (Jekyll stops there)."""
    if value is None:
        return DEFAULT_LEVELS
    levels: list[int]
    if isinstance(value, str):
        text = value
        if match := _RANGE.match(text):
            levels = list(range(int(match[1]), int(match[2]) + 1))
        elif _LIST.match(text):
            levels = [int(part) for part in text.split(",")]
        else:
            return None
    elif isinstance(value, list) and all(
        isinstance(item, int | str) and not isinstance(item, bool) for item in value
    ):
        try:
            levels = [int(item) for item in value]
        except ValueError:
            return None
    else:
        return None
    if not all(1 <= level <= 6 for level in levels):
        return None
    return frozenset(levels)


@dataclass
class Entry(Generic[T]):
    """One heading of a table of contents and the entries nested under it."""

    level: int
    item: T
    children: list[Entry[T]] = field(default_factory=list)


def nest(headings: list[tuple[int, T]]) -> list[Entry[T]]:
    """``(level, item)`` pairs in document order, nested as kramdown does: under
    the nearest entry before of a lower level (``##``, ``####``, ``###``: both
    under the ``##``)."""
    top: list[Entry[T]] = []
    stack: list[Entry[T]] = []
    for level, item in headings:
        entry = Entry(level, item)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else top).append(entry)
        stack.append(entry)
    return top
