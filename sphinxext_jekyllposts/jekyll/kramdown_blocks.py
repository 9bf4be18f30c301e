"""kramdown's block syntax where it differs from CommonMark, as markdown-it rules.

:func:`kramdown_blocks_plugin` (registered by :func:`.kramdown.kramdown_plugin`)
makes a markdown-it parser delimit blocks as kramdown 2.4 (GFM parser, Jekyll's
defaults) does:

- **HTML blocks** (markdown-it's ``html_block`` rule is replaced): a line that
  starts (after at most three spaces) with the start tag of an element that is
  not span-level (``<div>``, ``<table>``, ``<pre>``, any unknown name) opens a
  raw HTML block that ends at the element's matching end tag, nested elements
  counted, blank lines and all, not at a blank line; what follows the end tag on
  its line is read as a new block. An element never closed takes the rest of
  its container and is closed there. A line starting with a span-level tag
  (``<span>``, ``<img>``, ``<a>``, ``<br>``, ...) is a paragraph. A comment
  (``<!-- -->``) at the start of a line is a block. A start tag kramdown does
  not read as a tag (``<div class=a-b>``: an unquoted value must be word
  characters), an end tag nothing opened, and a ``<`` that starts no tag are
  text, as kramdown escapes them (``&lt;``). ``<script>`` and ``<style>`` run
  to their end tag, whatever is inside. A line starting with a block-level tag
  (open or end) ends a paragraph.
- **The ``markdown`` attribute**: ``markdown="1"`` (or ``"block"``) on a
  block-level element makes its content Markdown, up to the end tag at the
  start of a line; on a span-level one (``<p markdown="1">``, or
  ``markdown="span"``) the content up to the end tag is one paragraph's text;
  ``"0"`` keeps it raw; the attribute is removed.
- **The end-of-block marker**: a line holding only ``^`` ends the block before
  it (two lists, a list and a code block) and shows nothing.
- **Headings**: a line of only ``#`` marks is text, not an empty heading, and so
  is an indented one (`` ## x``).
- **Lists**: an item takes every line up to a blank one, whatever it starts
  (:mod:`.kramdown_lists`); an ordered item of any number ends a paragraph
  (``text⏎3. item``); every list is numbered from 1 (kramdown writes no
  ``start``); ``1)`` is text, not a list item.
- **Fenced code** is a code block only when its closing fence follows (in its
  container); an unclosed fence line is paragraph text, where CommonMark runs
  the block to the end of the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from markdown_it.rules_block import fence, heading, list_block

from .kramdown_html import (
    CLOSE_TAG,
    NAME_AT,
    SPAN_ELEMENTS,
    VOID_ELEMENTS,
    Element,
    Finder,
    assemble,
    canonical,
    content_model,
    end_tag_pattern,
    ends_paragraph,
    raw_element,
    start_tag,
)
from .kramdown_lists import join_bullet_lists, mark_lazy_lines
from .kramdown_tables import kramdown_tables_plugin

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore

_FENCE_RUN = MappingProxyType({"`": re.compile(r"`{3,}+"), "~": re.compile(r"~{3,}+")})
_PAREN_ITEM = re.compile(r"\d++\)")
_EMPTY_HEADING = re.compile(r"#{1,6}[ \t]*")
_ORDERED_ITEM = re.compile(r" {0,3}\d++\.[ \t]")


def kramdown_blocks_plugin(md: MarkdownIt) -> None:
    """Replace ``html_block``, ``fence`` and ``list`` with kramdown's; add the
    ``^`` marker and ordered items that end paragraphs."""
    md.block.ruler.at("html_block", html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.before(
        "list",
        "kramdown_eob",
        end_of_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.at("list", dotted_list, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("heading", atx_heading, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.before(
        "list", "kramdown_ordered", ordered_item_ends_paragraph, {"alt": ["paragraph"]}
    )
    md.block.ruler.at(
        "fence", fenced_code, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.core.ruler.push("kramdown_list_start", _numbered_from_one)
    md.core.ruler.after("block", "kramdown_bullet_lists", join_bullet_lists)
    kramdown_tables_plugin(md)


def fenced_code(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A fenced code block only when its closing fence is there (kramdown GFM's
    ``FENCED_CODEBLOCK_MATCH``); otherwise the line is paragraph text, where
    CommonMark runs the code block to the end of the post."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    marker = state.src[pos : pos + 1]
    if marker not in {"`", "~"}:
        return False
    run = _FENCE_RUN[marker].match(state.src, pos, state.eMarks[start])
    if run is None or not _closing_fence(state, run[0], start, end):
        return False
    return fence(state, start, end, silent)


def _closing_fence(state: StateBlock, opening: str, start: int, end: int) -> bool:
    """Whether a line of the container after ``start`` closes the fence.
    Remembered, so that many unclosed fences stay linear."""
    parse = _parse_of(state)
    last = _container_end(state, parse, start, end)
    key = (opening, state.blkIndent, end, last)
    cached = parse.fences.get(key)
    if cached is not None and cached[0] <= start + 1 and (cached[1] < 0 or cached[1] > start):
        return cached[1] >= 0
    found = -1
    for line in range(start + 1, last):
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        if text.startswith(opening) and not text.strip(opening[0]):
            found = line
            break
    parse.fences[key] = (start + 1, found)
    return found >= 0


def end_of_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's end-of-block marker: a line of only ``^`` (at the block's
    indentation) ends the block before it and shows nothing."""
    if state.sCount[start] > state.blkIndent:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if state.src[pos : state.eMarks[start]].rstrip() != "^":
        return False
    if not silent:
        state.line = start + 1
    return True


def dotted_list(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's lists, but ``1)`` is text: kramdown's ordered items are
    ``1.``; an item takes its lazy lines as in kramdown (:mod:`.kramdown_lists`)."""
    pos = state.bMarks[start] + state.tShift[start]
    if _PAREN_ITEM.match(state.src, pos, state.eMarks[start]):
        return False
    if not silent and state.sCount[start] - state.blkIndent < 4:
        mark_lazy_lines(state, start, end)
    return list_block(state, start, end, silent)


def atx_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's ATX headings, but a line of only ``#`` marks is text, as
    kramdown's GFM parser needs a heading's text (CommonMark: an empty heading),
    and so is one indented (`` ## x``): kramdown's ``#`` starts its line."""
    if state.sCount[start] > state.blkIndent:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if _EMPTY_HEADING.fullmatch(state.src, pos, state.eMarks[start]):
        return False
    return heading(state, start, end, silent)


def ordered_item_ends_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An ordered list item of any number ends a paragraph (CommonMark: only 1)."""
    if not silent or state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]] + "\n"
    return _ORDERED_ITEM.match(line) is not None


def _numbered_from_one(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "ordered_list_open" and token.attrs.get("start") is not None:
            del token.attrs["start"]


# The HTML block rule ------------------------------------------------------------

_ENV_KEY = "kramdown_blocks"


@dataclass
class _Parse:
    """What the rule keeps for one source text while markdown-it parses it."""

    src: str
    finders: dict[int, Finder] = field(default_factory=dict)
    #: (block indent, end line) -> (a line, the first line after it outside the container)
    containers: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: elements with ``markdown="1"`` whose content is being read: (name, block indent)
    open_blocks: list[tuple[str, int]] = field(default_factory=list)
    #: (fence, block indent, end line, container end) -> (a line, the closing
    #: fence's line at or after it, or -1)
    fences: dict[tuple[str, int, int, int], tuple[int, int]] = field(default_factory=dict)

    def finder(self, limit: int) -> Finder:
        found = self.finders.get(limit)
        if found is None:
            found = self.finders[limit] = Finder(self.src, limit)
        return found


def _parse_of(state: StateBlock) -> _Parse:
    parses: dict[int, _Parse] = state.env.setdefault(_ENV_KEY, {})
    found = parses.get(id(state.src))
    if found is None or found.src is not state.src:
        found = parses[id(state.src)] = _Parse(state.src)
    return found


def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """kramdown's block-level HTML (see the module docstring)."""
    if state.sCount[start] - state.blkIndent >= 4 or not state.md.options.get("html"):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("<", pos):
        return False
    if silent and not ends_paragraph(state.src[pos : state.eMarks[start]]):
        return False
    if silent and state.parentType == "blockquote":
        return True  # kramdown's quote takes no lazy line that looks like a tag (`<https://x>`)
    parse = _parse_of(state)
    finder = parse.finder(state.eMarks[_container_end(state, parse, start, end) - 1])
    if silent:
        # The paragraph ends only where a block starts (kramdown joins a
        # paragraph to the one before it), or where its list item ends: kramdown
        # takes no such line as a lazy continuation.
        if state.sCount[start] < state.blkIndent:
            return True
        end_tag = CLOSE_TAG.match(state.src, pos, finder.limit)
        if end_tag is not None:
            return _closes_open_block(parse, end_tag[1], state.blkIndent)
        tag = start_tag(finder, pos)
        return tag is not None and tag.name.lower() not in SPAN_ELEMENTS
    at = _one_block(state, parse, finder, start, pos)
    if at < 0:
        return _as_text(state, start, end, finder, pos)
    line = start
    while True:
        while state.eMarks[line] < at:
            line += 1
        if not state.src[at : state.eMarks[line]].strip():
            state.line = line + 1
            return True
        # What follows the end tag on its line is a new block.
        _start_line_at(state, line, at)
        at = _one_block(state, parse, finder, line, state.bMarks[line] + state.tShift[line])
        if at < 0:
            break
    for rule in state.md.block.ruler.getRules(""):
        if rule is not html_block and rule(state, line, end, False):
            break
    return True


def _closes_open_block(parse: _Parse, name: str, indent: int) -> bool:
    return bool(parse.open_blocks) and parse.open_blocks[-1] == (canonical(name), indent)


def _as_text(state: StateBlock, start: int, end: int, finder: Finder, pos: int) -> bool:
    """A line starting with ``<`` that is no HTML block: the rules after this
    one read it (a paragraph). When it starts with an end tag that closes
    nothing, ``<?`` or an unclosed ``<!--``, kramdown shows that as text.
    (A start tag kramdown does not read as one is left to the inline rules.)"""
    if NAME_AT.match(state.src, pos + 1) or (
        state.src.startswith("<!--", pos) and finder.find("-->", pos + 4) >= 0
    ):
        return False
    rules = state.md.block.ruler.getRules("")
    count = len(state.tokens)
    for rule in rules[rules.index(html_block) + 1 :]:
        if rule(state, start, end, False):
            break
    else:
        return False
    for token in state.tokens[count:]:
        if token.type == "inline" and token.content.startswith("<"):
            token.content = "&lt;" + token.content[1:]
            break
    return True


def _container_end(state: StateBlock, parse: _Parse, line: int, end: int) -> int:
    """The first line after ``line`` outside its container (a list item ends
    at a less indented line), as markdown-it's own rule stops."""
    key = (state.blkIndent, end)
    cached = parse.containers.get(key)
    if cached is not None and cached[0] <= line < cached[1]:
        return cached[1]
    after = line + 1
    while after < end and (state.isEmpty(after) or state.sCount[after] >= state.blkIndent):
        after += 1
    parse.containers[key] = (line, after)
    return after


def _start_line_at(state: StateBlock, line: int, pos: int) -> None:
    rest = state.src[pos : state.eMarks[line]]
    indent = rest[: len(rest) - len(rest.lstrip(" \t"))]
    state.bMarks[line] = pos
    state.tShift[line] = len(indent)
    state.sCount[line] = state.blkIndent + len(indent.expandtabs(4))


def _one_block(state: StateBlock, parse: _Parse, finder: Finder, line: int, pos: int) -> int:
    """Push the HTML block at ``pos`` (on ``line``); where it ends, or -1."""
    src = state.src
    if src.startswith("<!--", pos):
        close = finder.find("-->", pos + 4)
        if close < 0 or state.sCount[line] != state.blkIndent:
            return -1  # kramdown: a paragraph
        _push_html(state, line, pos, close + 3, None)
        return close + 3
    end_tag = CLOSE_TAG.match(src, pos, finder.limit)
    if end_tag is not None:
        if not _closes_open_block(parse, end_tag[1], state.blkIndent):
            return -1  # nothing to close: kramdown makes it a paragraph
        parse.open_blocks.pop()
        _push_html(state, line, pos, end_tag.end(), None)
        return end_tag.end()
    tag = start_tag(finder, pos)
    if tag is None or tag.name.lower() in SPAN_ELEMENTS:
        return -1
    model = content_model(tag)
    if model == "raw" or tag.closed or tag.name in VOID_ELEMENTS | {"script", "style"}:
        element = raw_element(finder, tag)
        _push_html(state, line, pos, element.end, element)
        return element.end
    opening = Element(tag.end, [], [], [tag.markdown_span])
    if model == "block":
        _push_html(state, line, pos, tag.end, opening)
        parse.open_blocks.append((tag.name, state.blkIndent))
        return tag.end
    # Span-level content: one paragraph's text, up to the end tag.
    inner, after = finder.search(end_tag_pattern(tag.name), tag.end)
    if inner < 0:
        inner = after = finder.limit
    if tag.name != "p":
        _push_html(state, line, pos, tag.end, opening)
    paragraph = state.push("paragraph_open", "p", 1)
    last = _line_of(state, line, inner)
    paragraph.map = [line, last + 1]
    text = state.push("inline", "", 0)
    text.content = assemble(src, _pieces(state, line, tag.end, inner), None).strip()
    text.map = paragraph.map
    text.children = []
    state.push("paragraph_close", "p", -1)
    if tag.name != "p":
        _push_html(state, last, inner, inner, Element(inner, [], [tag.name], []))
    return after


def _line_of(state: StateBlock, line: int, pos: int) -> int:
    while state.eMarks[line] < pos:
        line += 1
    return line


def _pieces(state: StateBlock, line: int, start: int, end: int) -> list[tuple[int, int]]:
    """Each line's part of ``src[start:end]``, without the container's
    indentation (and a block quote's markers)."""
    pieces, first = [], start
    while True:
        line_end = state.eMarks[line]
        pieces.append((first, min(end, line_end)))
        if line_end >= end:
            return pieces
        line += 1
        first, strip = state.bMarks[line], 0
        while strip < state.blkIndent and state.src[first : first + 1] in {" ", "\t"}:
            first, strip = first + 1, strip + 1


def _push_html(state: StateBlock, line: int, start: int, end: int, element: Element | None) -> None:
    token = state.push("html_block", "", 0)
    token.map = [line, _line_of(state, line, end) + 1]
    pieces = _pieces(state, line, start, end)
    token.content = assemble(state.src, pieces, element) + "\n"
    token.meta["source"] = assemble(state.src, pieces, None) + "\n"  # as written
