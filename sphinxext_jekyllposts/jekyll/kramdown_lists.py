"""kramdown's lazy list lines, for markdown-it's list rule.

In kramdown 2.4 (``Parser::Kramdown#parse_list``) a list item takes every
line up to a blank one, however little it is indented (a "lazy" line), and
whatever it starts: a heading, a quote, a fence, an ordered item under a
bullet item. CommonMark continues an item lazily only with the text of a
paragraph, so there ``- #### Heading⏎text`` ends the list after the heading,
and ``- item⏎## Heading`` puts the heading outside the list.

:func:`mark_lazy_lines` is called as a list starts: it reads the list's lines
as kramdown does, item by item and level by level, and gives each lazy line
the indentation of the item it belongs to (the innermost one open), so that
markdown-it's own list rule keeps it in that item. A line after a blank one
is never lazy; a block IAL (``{: .x}``) or a line starting with a block-level
HTML tag ends the list, as kramdown's ``lazy_re`` excludes them.

:func:`join_bullet_lists` makes one list of bullet lists that kramdown reads as
one: it has no change of bullet (``- a⏎⏎* b``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kramdown_html import ends_paragraph

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore

_MARKER = re.compile(r"(?:([-+*])|\d{1,9}\.)(?=[ \t]|$)")
_BLOCK_IAL = re.compile(r"\{:(?![\w-]*:)")
_RULE = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ENV_KEY = "kramdown_lazy_lists"


@dataclass(frozen=True)
class _Level:
    """An item open at a line: its list's kind, its marker's column, its content's."""

    bullet: bool
    marker: int
    content: int


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _item(state: StateBlock, line: int) -> _Level | None:
    """The item the line starts, if it starts with a list marker."""
    text = _text(state, line)
    found = _MARKER.match(text)
    if found is None or _RULE.match(text):
        return None
    column = start = state.sCount[line] + found.end()
    for char in text[found.end() :]:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    else:
        column = start + 1  # an empty item
    if column - start > 4:
        column = start + 1  # the content is indented code (CommonMark, kramdown alike)
    return _Level(found[1] is not None, state.sCount[line], column)


def mark_lazy_lines(state: StateBlock, start: int, end: int) -> None:
    """Give the lazy lines of the list starting at ``start`` the indentation
    of the item that takes them (see the module docstring)."""
    # The lines the last scan at each block indentation read: a list among them
    # (markdown-it starts one at each change of bullet, and at each nested
    # list) has had its lazy lines given their item already.
    scanned: dict[int, tuple[int, int]] = state.env.setdefault(_ENV_KEY, {}).setdefault(
        id(state.src), {}
    )
    if any(
        indent <= state.blkIndent and first <= start < stop
        for indent, (first, stop) in scanned.items()
    ):
        return
    scanned[state.blkIndent] = (start, _scan(state, start, end))


def _scan(state: StateBlock, start: int, end: int) -> int:
    """:func:`mark_lazy_lines`' reading of the list; returns the line after it."""
    first = _item(state, start)
    if first is None:
        return start + 1
    levels = [first]
    blank_before = False
    for line in range(start + 1, end):
        if state.isEmpty(line):
            blank_before = True
            continue
        indent = state.sCount[line]
        if indent < state.blkIndent:
            return line  # outside the list's container
        text = _text(state, line)
        at_margin = indent - state.blkIndent <= 3
        if indent == state.blkIndent and text.rstrip() == "^":
            return line  # kramdown's end-of-block marker ends the list
        if blank_before and at_margin and _RULE.match(text):
            return line
        deepest = max((k for k, level in enumerate(levels) if indent >= level.content), default=-1)
        item = _item(state, line)
        if item is not None and deepest < len(levels) - 1:
            # a sibling of the item at that level, or (another kind of list) a lazy line
            if levels[deepest + 1].bullet == item.bullet or blank_before:
                if deepest < 0 and levels[0].bullet != item.bullet:
                    return line  # another list after a blank line
                levels[deepest + 1 :] = [item]
                blank_before = False
                continue
            state.sCount[line] = levels[-1].content
            levels.append(_item(state, line) or item)
            continue
        if item is not None:
            levels.append(item)  # a list inside the innermost item
            blank_before = False
            continue
        if deepest == len(levels) - 1:
            blank_before = False
            continue  # the innermost item's own text
        if blank_before:
            if deepest < 0:
                return line  # unindented text after a blank line ends the list
            del levels[deepest + 1 :]
            blank_before = False
            continue
        if at_margin and (_BLOCK_IAL.match(text) or ends_paragraph(text)):
            return line  # not lazy: the list ends before it
        state.sCount[line] = levels[-1].content
    return end


def join_bullet_lists(state: StateCore) -> None:
    """One list where kramdown has one: bullet items with other bullets after
    blank lines (``- a⏎⏎* b``) are items of the same list in kramdown, which
    knows no change of bullet; CommonMark starts a new list at ``*``. Two
    lists with anything but blank lines between (``^``) stay two."""
    tokens = state.tokens
    lines: list[str] | None = None
    openers: list[int] = []
    dropped: set[int] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "bullet_list_open":
            openers.append(index - 1)
        if token.type != "bullet_list_close" or not openers:
            continue
        opened = openers.pop()
        opener = tokens[opened]
        following = tokens[index] if index < len(tokens) else None
        if following is None or following.type != "bullet_list_open":
            continue
        if following.level != token.level or not opener.map or not following.map:
            continue
        if lines is None:
            lines = state.src.split("\n")
        between = lines[opener.map[1] : following.map[0]]
        if any(line.strip(" \t>") for line in between) or _ends_with_ial(lines, opener.map):
            continue
        dropped.update((index - 1, index))
        opener.map = [opener.map[0], following.map[1]]
        openers.append(opened)  # it goes on, with the next one's items
        index += 1
    if dropped:
        state.tokens = [token for at, token in enumerate(tokens) if at not in dropped]


def _ends_with_ial(lines: list[str], span: list[int]) -> bool:
    """Whether the list's last line is a block IAL not indented as an item's
    content (``* TOC⏎{:toc}``): kramdown ends the list there."""
    for number in range(min(span[1], len(lines)) - 1, span[0] - 1, -1):
        line = lines[number]
        if line.strip():
            text = line.lstrip(" >")
            return len(line) - len(line.lstrip()) < 2 and _BLOCK_IAL.match(text) is not None
    return False
