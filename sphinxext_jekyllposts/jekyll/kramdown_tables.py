"""kramdown's tables (``parser/kramdown/table.rb`` of kramdown 2.4) as a
markdown-it rule, in place of GFM's ``table``:

- a table starts at a block boundary (after a blank line, a ``^`` marker, at
  the start of a container), never inside a paragraph (``text⏎| a | b |`` is
  one paragraph), and must end at one (a blank line, ``^``, an IAL line, the
  end of its container);
- every line holds a ``|`` (not escaped, not in a code span or ``<code>``);
  no separator row is needed: without one every row is a body row; a leading
  or trailing ``|`` is optional;
- the rows before the first separator row (``|---|:-:|``, any of ``+|: -``
  with a ``-``) are the header; a later separator row splits the body; a row
  of ``=`` starts the footer (its rows come last, in the body);
- rows get as many cells as the longest row; alignment comes from the
  separator's colons.

Tokens are markdown-it's (``table_open``, ``thead_open``, ``tr_open``,
``th_open`` with ``style``, ...), with ``meta["kramdown_columns"]`` on
``table_open``; a table may have no ``thead`` and several header rows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock

_SEPARATOR = re.compile(r"[+|: \t-]*+")
_FOOTER = re.compile(r"[+|: \t=]*+")
_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")
_TICKS = re.compile(r"`++")
_ALIGNMENT = MappingProxyType(
    {("", ""): "", (":", ""): "left", ("", ":"): "right", (":", ":"): "center"}
)


def kramdown_tables_plugin(md: MarkdownIt) -> None:
    """Replace GFM's ``table`` rule with kramdown's (which ends no paragraph),
    tried where kramdown tries it: after HTML blocks, headings and lists, so
    that ``<iframe title="a|b">`` is HTML and ``# a | b`` a heading."""
    md.block.ruler.disable("table")
    md.block.ruler.before("paragraph", "kramdown_table", table, {"alt": []})


def has_pipe(line: str) -> bool:
    """kramdown's ``TABLE_PIPE_CHECK``: a ``|`` first, or one after a character
    other than a backslash."""
    at = line.find("|")
    while at > 0 and line[at - 1] == "\\":
        at = line.find("|", at + 1)
    return at >= 0


def cells(row: str) -> tuple[list[str], bool]:
    """The row split at each ``|`` outside code spans and ``<code>`` (an escaped
    ``\\|`` stays in its cell), and whether it had such a ``|``."""
    by_length: dict[int, list[int]] = {}
    for match in _TICKS.finditer(row):
        by_length.setdefault(len(match[0]), []).append(match.start())
    found, split, position, at = [""], False, 0, 0
    code_closes = "</code>" in row
    while at < len(row):
        char = row[at]
        if char == "`":
            length = _run(row, at)
            same = by_length[length]
            later = bisect_right(same, at)
            at = same[later] + length if later < len(same) else at + length
        elif char == "<" and code_closes and row.startswith("<code", at):
            close = row.find("</code>", at)
            code_closes = close >= 0
            at = close + 7 if code_closes else at + 1
        elif char == "|" and not row.startswith("\\", at - 1):
            found[-1] += row[position:at]
            found.append("")
            split, position, at = True, at + 1, at + 1
        else:
            at += 1
    found[-1] += row[position:]
    return found, split


def _run(row: str, at: int) -> int:
    match = _TICKS.match(row, at)
    return len(match[0]) if match else 0


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _boundary_before(state: StateBlock, start: int) -> bool:
    if start == 0 or state.isEmpty(start - 1) or _line(state, start - 1).rstrip() == "^":
        return True
    return bool(state.tokens) and state.tokens[-1].nesting == 1


def _boundary_after(state: StateBlock, line: int, end: int) -> bool:
    if line >= end or state.isEmpty(line) or state.sCount[line] < state.blkIndent:
        return True
    text = _line(state, line).rstrip()
    return text == "^" or text.startswith("{:")


def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's table at ``start`` (see the module docstring)."""
    if state.sCount[start] - state.blkIndent >= 4 or not _boundary_before(state, start):
        return False
    line = start
    head: list[tuple[int, list[str]]] = []
    rows: list[tuple[int, list[str]]] = []
    alignment: list[str] = []
    footer = False
    leading = _line(state, start).startswith("|")
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        text = _line(state, line).rstrip()
        if not has_pipe(text):
            break
        if "-" in text and _SEPARATOR.fullmatch(text):
            if rows and not head and not footer:
                head, rows = rows, []
                alignment = [_ALIGNMENT[(m[1], m[2])] for m in _ALIGN.finditer(text)]
        elif "=" in text and _FOOTER.fullmatch(text):
            footer = True
        else:
            found, split = cells(text)
            if not split:
                return False
            if leading and not found[0].strip():
                found.pop(0)
            if found and not found[-1].strip():
                found.pop()
            rows.append((line, [cell.strip() for cell in found]))
        line += 1
    if not rows or not _boundary_after(state, line, end):
        return False
    if not any(row for _, row in head + rows):
        return False  # only empty cells: nothing to show as a table
    if not silent:
        _push_table(state, head, rows, alignment, (start, line))
    state.line = line
    return True


def _push_table(
    state: StateBlock,
    head: list[tuple[int, list[str]]],
    rows: list[tuple[int, list[str]]],
    alignment: list[str],
    lines: tuple[int, int],
) -> None:
    columns = max(len(row) for _, row in head + rows)
    opening = state.push("table_open", "table", 1)
    opening.map = list(lines)
    opening.meta["kramdown_columns"] = columns
    for tag, cell, group in (("thead", "th", head), ("tbody", "td", rows)):
        if not group:
            continue
        state.push(f"{tag}_open", tag, 1)
        for number, row in group:
            state.push("tr_open", "tr", 1).map = [number, number + 1]
            for index in range(columns):
                token = state.push(f"{cell}_open", cell, 1)
                align = alignment[index] if index < len(alignment) else ""
                if align:
                    token.attrs["style"] = f"text-align:{align}"
                inline = state.push("inline", "", 0)
                inline.content = row[index] if index < len(row) else ""
                inline.map = [number, number + 1]
                inline.children = []
                state.push(f"{cell}_close", cell, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{tag}_close", tag, -1)
    state.push("table_close", "table", -1)
