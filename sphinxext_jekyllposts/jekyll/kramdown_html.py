"""kramdown's reading of raw HTML (``kramdown/parser/html.rb`` and
``parser/kramdown/html.rb`` of kramdown 2.4), as pure functions on a text:

- which names are span-level (a line starting with one is a paragraph),
  block-level, void, and how each element's content is read (raw, block, span;
  Jekyll leaves ``parse_block_html`` false, so raw unless the ``markdown``
  attribute says otherwise);
- :func:`start_tag`: a start tag as ``HTML_TAG_RE`` reads it (an unquoted
  attribute value is only word characters; a quoted one runs to the next same
  quote, over lines);
- :func:`raw_element`: where a raw element ends (``parse_raw_html``): nested
  elements close in order, ``<script>`` and ``<style>`` run to their end tag,
  an end tag that closes nothing and a ``<`` that starts nothing are text
  (kramdown escapes them), an element never closed runs to the end;
- :func:`assemble`: the element's HTML as kramdown outputs it.

Every search is linear: :class:`Finder` remembers the answers of ``find``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# kramdown/parser/html.rb, HTML_SPAN_ELEMENTS: these at a line start are a paragraph.
SPAN_ELEMENTS = _names(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark "
    "option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var"
)
_BLOCK_ELEMENTS = _names(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu "
    "li main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul"
)
VOID_ELEMENTS = _names(
    "area base br col command embed hr img input keygen link meta param source track wbr"
)
_MODEL_BLOCK = _names(
    "address applet article aside blockquote body dd details div dl fieldset figure "
    "figcaption footer form header hgroup iframe li main map menu nav noscript object "
    "section summary td"
)
_MODEL_SPAN = _names(
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins "
    "label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt"
)
_MODEL_RAW = _names("script style math option textarea pre code kbd samp var")
#: Names kramdown knows as HTML: their case is folded.
_KNOWN = SPAN_ELEMENTS | _BLOCK_ELEMENTS | VOID_ELEMENTS | _MODEL_BLOCK | _MODEL_SPAN | _MODEL_RAW
# A line starting with `<name` (not span-level, not script) or `</name>` ends a
# paragraph (kramdown's LAZY_END); the name is compared as written.
_LAZY_EXCLUDED = SPAN_ELEMENTS | {"script"}

# REXML's UNAME_STR: an XML name with an optional prefix. Possessive: linear.
_NAME = r"[^\W\d][\w.\-]*+(?::[^\W\d][\w.\-]*+)?+"
NAME_AT = re.compile(_NAME)
CLOSE_TAG = re.compile(r"</(" + _NAME + r")\s*+>")
_SPACE = re.compile(r"\s++")
_WORD = re.compile(r"\w++")
_WORD_RUN = re.compile(r"\w*+")
_MARKERS = MappingProxyType({"0": "raw", "1": "default", "span": "span", "block": "block"})


@dataclass
class Tag:
    """A start tag as kramdown's ``HTML_TAG_RE`` reads it."""

    name: str
    end: int
    closed: bool
    #: the ``markdown`` attribute's value (None without one) and its span, with
    #: the white space before it
    markdown: str | None = None
    markdown_span: tuple[int, int] = (0, 0)


@dataclass
class Finder:
    """``str.find`` on one text and limit, remembering answers so that repeated
    searches (an unclosed comment tried at every ``<!--``) stay linear."""

    text: str
    limit: int
    found: dict[str, tuple[int, int]] = field(default_factory=dict)
    patterns: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def find(self, needle: str, start: int) -> int:
        cached = self.found.get(needle)
        if cached is not None and cached[0] <= start and (cached[1] < 0 or cached[1] >= start):
            return cached[1]
        at = self.text.find(needle, start, self.limit)
        self.found[needle] = (start, at)
        return at

    def search(self, pattern: re.Pattern[str], start: int) -> tuple[int, int]:
        """Where ``pattern`` next matches at or after ``start``: (start, end) or (-1, -1)."""
        cached = self.patterns.get(pattern.pattern)
        if cached is not None and cached[0] <= start and (cached[1] < 0 or cached[1] >= start):
            return cached[1], cached[2]
        match = pattern.search(self.text, start, self.limit)
        at, end = (match.start(), match.end()) if match else (-1, -1)
        self.patterns[pattern.pattern] = (start, at, end)
        return at, end


def canonical(name: str) -> str:
    """Known HTML names compare in lower case, others as written (kramdown)."""
    return name.lower() if name.lower() in _KNOWN else name


def start_tag(finder: Finder, pos: int) -> Tag | None:
    """The start tag at ``pos`` (a ``<``), read as kramdown's ``HTML_TAG_RE``:
    attributes after white space, an unquoted value only word characters, a
    quoted value up to the next same quote (over lines)."""
    text, limit = finder.text, finder.limit
    name = NAME_AT.match(text, pos + 1, limit)
    if name is None:
        return None
    at = name.end()
    markdown: str | None = None
    markdown_span = (0, 0)
    while True:
        space = _SPACE.match(text, at, limit)
        attribute = space and NAME_AT.match(text, space.end(), limit)
        if not space or not attribute:
            break
        value_at = attribute.end()
        value: str | None = None
        after = value_at
        equals = _SPACE.match(text, value_at, limit)
        probe = equals.end() if equals else value_at
        if probe < limit and text[probe] == "=":
            probe += 1
            gap = _SPACE.match(text, probe, limit)
            probe = gap.end() if gap else probe
            word = _WORD.match(text, probe, limit)
            if word:
                value, after = word[0], word.end()
            elif probe < limit and text[probe] in "\"'":
                close = finder.find(text[probe], probe + 1)
                if close >= 0:
                    value, after = text[probe + 1 : close], close + 1
        if attribute[0].lower() == "markdown":
            markdown, markdown_span = value or "", (at, after)
        at = after
    space = _SPACE.match(text, at, limit)
    at = space.end() if space else at
    closed = at < limit and text[at] == "/"
    at += closed
    if at >= limit or text[at] != ">":
        return None
    return Tag(canonical(name[0]), at + 1, closed, markdown, markdown_span)


@dataclass
class Element:
    """A raw HTML element as kramdown reads it: where it ends, the ``<`` it
    shows as text, the end tags it lacked."""

    end: int
    escaped: list[int]
    unclosed: list[str]
    removed: list[tuple[int, int]]


def end_tag_pattern(name: str) -> re.Pattern[str]:
    """``</name>`` in any case, as kramdown ends a raw element it reads to its end."""
    return re.compile(r"</" + re.escape(name) + r"\s*+>", re.IGNORECASE)


def raw_element(finder: Finder, tag: Tag) -> Element:
    """The element whose start tag is ``tag``, read raw to its end tag
    (kramdown's ``parse_raw_html``): nested elements must close in order; an end
    tag that closes nothing, and a ``<`` that starts nothing, are text."""
    text, limit = finder.text, finder.limit
    escaped: list[int] = []
    removed = [tag.markdown_span] if tag.markdown is not None else []
    if tag.closed or tag.name in VOID_ELEMENTS:
        return Element(tag.end, escaped, [], removed)
    if tag.name in {"script", "style"}:
        _, end = finder.search(end_tag_pattern(tag.name), tag.end)
        return (
            Element(end, escaped, [], removed)
            if end >= 0
            else Element(limit, [], [tag.name], removed)
        )
    stack = [tag.name]
    pos = tag.end
    while stack:
        at = text.find("<", pos, limit)
        if at < 0:
            return Element(limit, escaped, stack[::-1], removed)
        pos = at + 1
        if text.startswith("<!--", at):
            close = finder.find("-->", at + 4)
            if close >= 0:
                pos = close + 3
                continue
        elif text.startswith("<?", at):
            close = finder.find("?>", at + 2)
            if close >= 0:
                pos = close + 2
                continue
        inner = start_tag(finder, at)
        if inner is not None:
            pos = inner.end
            if inner.markdown is not None:
                removed.append(inner.markdown_span)
            if inner.name in {"script", "style"}:
                _, end = finder.search(end_tag_pattern(inner.name), inner.end)
                if end < 0:
                    return Element(limit, escaped, stack[::-1], removed)
                pos = end
            elif not inner.closed and inner.name not in VOID_ELEMENTS:
                stack.append(inner.name)
            continue
        close_tag = CLOSE_TAG.match(text, at, limit)
        if close_tag is not None:
            pos = close_tag.end()
            if canonical(close_tag[1]) == stack[-1]:
                stack.pop()
                continue
        escaped.append(at)
    return Element(pos, escaped, [], removed)


def assemble(text: str, pieces: list[tuple[int, int]], element: Element | None) -> str:
    """The ``pieces`` of ``text`` (one per line), joined by newlines, as kramdown
    outputs the element: stray ``<`` escaped, the ``markdown`` attribute
    removed, missing end tags added."""
    edits: list[tuple[int, int, str]] = []
    if element is not None:
        edits = [(at, at + 1, "&lt;") for at in element.escaped]
        edits += [(a, b, "") for a, b in element.removed if b > a]
        edits.sort()
    lines, index = [], 0
    for start, end in pieces:
        parts, position = [], start
        while index < len(edits) and edits[index][0] < end:
            a, b, replacement = edits[index]
            if a >= position and b <= end:
                parts += [text[position:a], replacement]
                position = b
            index += 1
        parts.append(text[position:end])
        lines.append("".join(parts))
    closing = "".join(f"</{name}>" for name in element.unclosed) if element else ""
    return "\n".join(lines) + closing


def content_model(tag: Tag) -> str:
    """``raw``, ``block`` or ``span``: how kramdown reads the element's content
    (``parse_block_html`` is false in Jekyll: raw unless ``markdown`` says)."""
    marker = _MARKERS.get(tag.markdown or "")
    if marker == "default":
        if tag.name in _MODEL_BLOCK:
            return "block"
        return "span" if tag.name in _MODEL_SPAN else "raw"
    return marker if marker in {"block", "span"} else "raw"


def ends_paragraph(line: str) -> bool:
    """Whether a line (indentation removed) starting with a tag ends a paragraph:
    ``<name`` or ``</name>`` whose name is not span-level or ``script``."""
    if not line.startswith("<"):
        return False
    closing = line.startswith("</")
    name = NAME_AT.match(line, 1 + closing)
    if name is None:
        return False
    word = _WORD_RUN.match(line, name.start())
    if word is not None and word[0] in _LAZY_EXCLUDED:
        return False
    return not closing or CLOSE_TAG.match(line) is not None
