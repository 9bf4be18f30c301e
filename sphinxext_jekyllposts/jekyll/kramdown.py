"""kramdown syntax that MyST reads differently, as markdown-it rules.

Jekyll's Markdown is kramdown (with its GFM parser). Posts written for it use
syntax CommonMark does not have; :func:`kramdown_plugin` teaches a markdown-it
parser (MyST's) to read it:

- inline attribute lists: ``{: .class #id key="v"}`` on the line after (or
  before) a block, and ``[link](url){: .btn}`` after a span, give the element
  its classes and id; other attributes are dropped; an IAL is never shown;
- ``* TOC`` followed by ``{:toc}`` becomes a ``kramdown_toc`` token (kramdown's
  table of contents, :mod:`.kramdown_toc`); headings with ``{:.no_toc}`` get
  the ``no_toc`` class;
- ``## Heading {#custom-id}`` explicit ids (kept in ``token.meta["jekyll_id"]``);
- ``$$...$$`` is math, inline or as a block; a single ``$`` is text;
- abbreviations: ``*[HTML]: Hyper Text Markup Language`` defines, every
  ``HTML`` in the post becomes an ``abbr`` token.

:func:`gfm_id` is the heading id kramdown's GFM parser gives (CJK kept), and
:func:`prepare_lines` the line-level changes (the excerpt separator) made
before parsing, with each line's source line kept. Block syntax (HTML blocks,
``markdown="1"``, ``^``, lists) is :mod:`.kramdown_blocks`'.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from types import MappingProxyType
from typing import TYPE_CHECKING

from mdit_py_plugins.dollarmath import dollarmath_plugin

from .abbreviations import collect_abbreviations, mark_abbreviations, text_token
from .kramdown_blocks import kramdown_blocks_plugin
from .kramdown_inline import kramdown_inline_plugin
from .kramdown_toc import toc_token

if TYPE_CHECKING:
    from collections.abc import Iterator

    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

# Possessive: an IAL ends at its first "}" outside quotes, whatever follows. For
# anchored matches; :func:`_ials` searches.
_IAL = re.compile(r"\{:\s*+((?:[^}\"']|\"[^\"]*+\"|'[^']*+')*+)\}")
_IAL_WHOLE = re.compile(r"^\s*+" + _IAL.pattern + r"\s*+$")
_IAL_STOPS = re.compile(r"[}\"']")
_IAL_PART = re.compile(
    r"""\.([^\s.#=]+)|#([^\s.#=]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))|([\w-]+)"""
)
_SPAN_OWNERS = MappingProxyType(
    {
        "link_close": "link_open",
        "em_close": "em_open",
        "strong_close": "strong_open",
        "s_close": "s_open",
    }
)
_SELF_CONTAINED_INLINE = frozenset({"image", "code_inline", "math_inline"})


class Attributes:
    """The classes, id, key-values and reference names of one IAL."""

    def __init__(self, text: str) -> None:
        self.classes: list[str] = []
        self.id = ""
        self.names: list[str] = []
        for match in _IAL_PART.finditer(text):
            if match[1]:
                self.classes.append(match[1])
            elif match[2]:
                self.id = match[2]
            elif match[7]:
                self.names.append(match[7])

    def apply(self, token: Token) -> None:
        """Give ``token`` (an opening or self-contained token) these attributes."""
        if "toc" in self.names and token.type in {"bullet_list_open", "ordered_list_open"}:
            token.meta["kramdown_toc"] = True
        for name in self.classes:
            token.attrJoin("class", name)
        if self.id:
            if token.type == "heading_open":
                token.meta["jekyll_id"] = self.id
            else:
                token.attrSet("id", self.id)


def gfm_id(text: str, seen: dict[str, int]) -> str:
    """The id kramdown's GFM parser gives a heading, made unique with ``seen``.

    Lower case; everything but letters, digits, ``_``, ``-`` and spaces removed;
    spaces become ``-``; CJK is kept.
    """
    kept = "".join(
        ch
        for ch in text.lower()
        if ch in "-_ \t" or unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Pc"
    )
    base = kept.replace(" ", "-").replace("\t", "-") or "section"
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def kramdown_plugin(md: MarkdownIt) -> None:
    """Add kramdown's IALs, TOC, header ids, ``$$`` math and abbreviations to ``md``."""
    if "math_block" not in md.block.ruler.get_all_rules():
        dollarmath_plugin(md, allow_labels=False, allow_space=True, allow_digits=True)
    md.inline.ruler.disable("math_inline", ignoreInvalid=True)
    md.inline.ruler.before("escape", "kramdown_math", _double_dollar)
    md.core.ruler.before("inline", "kramdown_abbreviations", collect_abbreviations)
    md.core.ruler.push("kramdown_attributes", _attributes)
    md.core.ruler.push("kramdown_abbr", mark_abbreviations)
    md.core.ruler.push("kramdown_guillemets", _guillemets)
    kramdown_inline_plugin(md)
    kramdown_blocks_plugin(md)


def _guillemets(state: StateCore) -> None:
    """kramdown's typographic ``<<`` and ``>>`` in text: ``«`` and ``»``, with a
    no-break space on the inner side when a space is there (``<< a >>``)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text" and ("<<" in child.content or ">>" in child.content):
                child.content = _GUILLEMET.sub(_guillemet, child.content)


_GUILLEMET = re.compile(r"<< | >>|<<|>>")
_GUILLEMETS = MappingProxyType(
    {"<< ": "\u00ab\u00a0", " >>": "\u00a0\u00bb", "<<": "\u00ab", ">>": "\u00bb"}
)


def _guillemet(match: re.Match[str]) -> str:
    return _GUILLEMETS[match[0]]


def _double_dollar(state: StateInline, silent: bool) -> bool:
    """``$$tex$$`` inside a line is inline math (kramdown); ``$`` alone is text."""
    src, start = state.src, state.pos
    if not src.startswith("$$", start):
        return False
    end = src.find("$$", start + 2)
    if end < 0 or end == start + 2:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = "$"
        token.content = src[start + 2 : end].strip()
    state.pos = end + 2
    return True


def _attributes(state: StateCore) -> None:
    tokens = state.tokens
    source = _Lines(state.src)
    _remove_marked(tokens)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            token.type == "paragraph_open"
            and index + 2 < len(tokens)
            and _IAL_WHOLE.match(tokens[index + 1].content)
        ):
            index = _block_ial(tokens, index)
            continue
        if token.type == "inline":
            _inline_ials(tokens, index, source)
        index += 1
    index = 0
    while index < len(tokens):
        if tokens[index].meta.get("kramdown_toc"):
            _table_of_contents(tokens, index)
        index += 1


def _remove_marked(tokens: list[Token]) -> None:
    index = 0
    while index < len(tokens):
        if tokens[index].meta.get("kramdown_remove"):
            del tokens[index : index + 3]
        else:
            index += 1


def _block_ial(tokens: list[Token], index: int) -> int:
    """A paragraph that is only an IAL: give its attributes to the block
    before it (when adjacent) or after it; returns where to go on."""
    paragraph = tokens[index]
    match = _IAL_WHOLE.match(tokens[index + 1].content)
    assert match is not None
    attributes = Attributes(match[1])
    del tokens[index : index + 3]
    previous = _block_before(tokens, index)
    following = index if index < len(tokens) and tokens[index].nesting >= 0 else None
    target = previous
    if previous is not None and following is not None:
        start = paragraph.map[0] if paragraph.map else None
        previous_map = tokens[previous].map
        end = previous_map[1] if previous_map else None
        if start is not None and end is not None and start > end:
            target = following
    elif previous is None:
        target = following
    if target is None:
        return index
    if tokens[target].level == paragraph.level:
        attributes.apply(tokens[target])
    return index


def _block_before(tokens: list[Token], index: int) -> int | None:
    """The opening (or only) token of the block that ends just before ``index``."""
    if index == 0:
        return None
    last = tokens[index - 1]
    if last.nesting == 0:
        return index - 1 if last.type != "inline" else None
    if last.nesting == 1:
        return None
    depth = 0
    for position in range(index - 1, -1, -1):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return None


def _block_end(tokens: list[Token], start: int) -> int:
    depth = 0
    for position in range(start, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _table_of_contents(tokens: list[Token], start: int) -> None:
    end = _block_end(tokens, start)
    tokens[start : end + 1] = [toc_token(tokens, start, end)]


def _inline_ials(tokens: list[Token], index: int, source: _Lines) -> None:
    inline = tokens[index]
    children = inline.children or []
    owner = tokens[index - 1] if index > 0 else None
    if owner is not None and owner.type == "heading_open" and children:
        last = children[-1]
        if last.type == "text":
            header_id = _header_id(last.content)
            ial = next(_ials(last.content), None)
            if header_id:
                owner.meta["jekyll_id"] = header_id[1]
                last.content = last.content[: header_id[0]]
            elif ial and last.content[ial[1] :].strip() == "":
                Attributes(ial[2]).apply(owner)
                last.content = last.content[: ial[0]].rstrip()
    kept: list[Token] = []
    for position, child in enumerate(children):
        if child.type != "text" or "{:" not in child.content:
            kept.append(child)
            continue
        content = child.content
        whole = _IAL_WHOLE.match(content)
        before = kept[-1] if kept else None
        after = children[position + 1] if position + 1 < len(children) else None
        if whole and owner is not None and owner.type == "paragraph_open":
            at_end = after is None and before is not None and before.type == "softbreak"
            at_start = not kept and after is not None and after.type == "softbreak"
            if at_end or at_start:
                if at_end:
                    kept.pop()
                else:
                    children[position + 1] = text_token("")
                Attributes(whole[1]).apply(_paragraph_or_list(tokens, index - 1, source))
                continue
        match = _IAL.match(content)
        if match and before is not None:
            span = _span_owner(kept)
            if span is not None:
                Attributes(match[1]).apply(span)
                content = content[match.end() :]
        child.content = _without_ials(content)
        kept.append(child)
    inline.children = kept


_OUTSIDE, _DOUBLE, _SINGLE = 0, 1, 2


def _ials(text: str) -> Iterator[tuple[int, int, str]]:
    """Each IAL in ``text`` from left to right, as ``_IAL.finditer`` finds them:
    its start, its end and what is between ``{:`` and ``}`` (leading spaces off).

    Linear: the scan from a ``{:`` walks the quotes and braces after it, and stops
    as soon as it reaches one (in the same state: outside quotes, in ``"``, in
    ``'``) from which an earlier scan found no closing brace.
    """
    stops = [match.start() for match in _IAL_STOPS.finditer(text)]
    dead: set[int] = set()
    start = text.find("{:")
    while start >= 0:
        end = _ial_end(text, stops, bisect_left(stops, start + 2), dead)
        if end < 0:
            start = text.find("{:", start + 1)
            continue
        yield start, end, text[start + 2 : end - 1].lstrip()
        start = text.find("{:", end)


def _ial_end(text: str, stops: list[int], first: int, dead: set[int]) -> int:
    """Where the IAL whose content starts before ``stops[first]`` ends, or -1."""
    state = _OUTSIDE
    seen = []
    for index in range(first, len(stops)):
        key = 3 * index + state
        if key in dead:
            break
        seen.append(key)
        char = text[stops[index]]
        if state == _OUTSIDE:
            if char == "}":
                return stops[index] + 1
            state = _DOUBLE if char == '"' else _SINGLE
        elif char == ('"' if state == _DOUBLE else "'"):
            state = _OUTSIDE
    dead.update(seen)
    return -1


def _without_ials(text: str) -> str:
    parts = []
    position = 0
    for start, end, _ in _ials(text):
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _header_id(text: str) -> tuple[int, str] | None:
    """A heading's trailing ``{#id}``: where it starts (with the white space
    before it) and the id."""
    end = len(text.rstrip())
    if not text.endswith("}", 0, end):
        return None
    # The id cannot hold white space or "}": its "{#" is in the run before the "}".
    run = end - 1
    while run > 0 and not text[run - 1].isspace() and text[run - 1] != "}":
        run -= 1
    at = text.find("{#", run, end - 1)
    if at < 0 or at + 2 == end - 1:
        return None
    return len(text[:at].rstrip()), text[at + 2 : end - 1]


def _span_owner(kept: list[Token]) -> Token | None:
    last = kept[-1]
    if last.type in _SELF_CONTAINED_INLINE:
        return last
    opening = _SPAN_OWNERS.get(last.type)
    if opening is None:
        return None
    for token in reversed(kept[:-1]):
        if token.type == opening:
            return token
    return None


def _paragraph_or_list(tokens: list[Token], paragraph: int, source: _Lines) -> Token:
    """A trailing IAL in the last paragraph of a list applies to the list when
    the paragraph is tight, or when the IAL's line is indented less than the
    item's content: kramdown ends the list before such a line (no lazy IAL),
    loose list or not (``* a⏎⏎* TOC⏎{:toc}``)."""
    close = paragraph + 2
    if not (
        close + 2 < len(tokens)
        and tokens[close + 1].type == "list_item_close"
        and tokens[close + 2].type in {"bullet_list_close", "ordered_list_close"}
    ):
        return tokens[paragraph]
    opening = _block_before(tokens, close + 3)
    item = _block_before(tokens, close + 2)
    if opening is None:
        return tokens[paragraph]
    if tokens[paragraph].hidden or (
        item is not None and _outdented(source, tokens[item], tokens[paragraph])
    ):
        return tokens[opening]
    return tokens[paragraph]


_ITEM_START = re.compile(r"[ \t]*+(?:[-+*]|\d{1,9}\.)[ \t]*+")


def _outdented(source: _Lines, item: Token, paragraph: Token) -> bool:
    """Whether the paragraph's last line is indented less than the item's content."""
    if not item.map or not paragraph.map:
        return False
    first = source.line(item.map[0]).expandtabs(4)
    last = source.line(paragraph.map[1] - 1).expandtabs(4)
    start = _ITEM_START.match(first)
    return start is not None and len(last) - len(last.lstrip()) < start.end()


class _Lines:
    """The lines of a source text, split when one is first asked for."""

    def __init__(self, src: str) -> None:
        self._src = src
        self._lines: list[str] | None = None

    def line(self, number: int) -> str:
        if self._lines is None:
            self._lines = self._src.split("\n")
        return self._lines[number] if 0 <= number < len(self._lines) else ""


def prepare_lines(text: str, lines: list[int], *, separator: str = "") -> tuple[str, list[int]]:
    """Line-level kramdown before parsing, keeping each line's source line:
    the excerpt separator (when it is not the default blank line) is removed
    from the page, where Jekyll's would be an invisible comment or visible text.
    (``<div markdown="1">`` is read by :mod:`.kramdown_blocks`.)
    """
    if separator and separator.strip() and separator in text:
        at = text.index(separator)
        text = text[:at] + "\n" * separator.count("\n") + text[at + len(separator) :]
    return text, lines
