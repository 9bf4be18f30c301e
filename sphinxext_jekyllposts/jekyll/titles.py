"""A post's title as the page heading shows it, and as text.

A Jekyll layout puts ``page.title`` into the page as it is (Chirpy's and most
themes' ``<h1>{{ page.title }}</h1>``): ``title: 如何理解 <code>document</code>``
shows ``document`` as code in the heading, ``&nbsp;`` as a space that does not
break. Where text is wanted the tags go: jekyll-seo-tag's ``<title>`` and
jekyll-feed's entry titles strip them (``如何理解 document``).

:func:`title_parts` reads the title's inline HTML into text and styled spans
(code, emphasis, strong, subscript, superscript) that the Sphinx side makes
docutils nodes of: never raw HTML. Other HTML elements (``<span>``, ``<a>``,
``<font>``...) show their content, as a browser shows it; a tag that is no
HTML element (``<vector>`` in ``C++ <vector>``) is shown as written.
:func:`title_text` is the text alone.
"""

from __future__ import annotations

import html
import re
from types import MappingProxyType
from typing import Union

#: The inline elements a heading shows with their style, by the style's name.
STYLES = MappingProxyType(
    {
        "code": "code",
        "tt": "code",
        "kbd": "code",
        "samp": "code",
        "em": "em",
        "i": "em",
        "cite": "em",
        "dfn": "em",
        "var": "em",
        "strong": "strong",
        "b": "strong",
        "sub": "sub",
        "sup": "sup",
    }
)
# HTML elements whose tags a title may hold: shown as their content.
_ELEMENTS = frozenset(
    {
        *STYLES,
        "a",
        "abbr",
        "bdi",
        "bdo",
        "big",
        "br",
        "data",
        "del",
        "div",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "img",
        "ins",
        "mark",
        "nobr",
        "p",
        "q",
        "s",
        "small",
        "span",
        "strike",
        "time",
        "u",
        "wbr",
    }
)
# Elements whose content a browser does not show.
_HIDDEN = frozenset({"script", "style", "template", "title"})
# HTML's white space (not the no-break space &nbsp; gives).
_SPACE = re.compile(r"[ \t\n\r\f]+")

#: A part of a title: text, or a style and the parts it holds.
TitlePart = Union[str, "TitleSpan"]
TitleSpan = tuple[str, tuple[TitlePart, ...]]


# A tag: "/" for an end tag, its name, "/" when it closes itself. The scan from
# a "<" never passes another "<": a title is read in linear time.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*+)(?:[\s/][^<>]*+)?>")
#: Styles nest at most this deep; deeper tags only show their text.
MAX_DEPTH = 16


class _TitleReader:
    def __init__(self) -> None:
        # The open styled spans: (style, tag, parts), the title itself first.
        self.stack: list[tuple[str, str, list[TitlePart]]] = [("", "", [])]
        self.hidden = 0
        self.space_before = True  # no white space at the start

    def read(self, title: str) -> tuple[TitlePart, ...]:
        position = 0
        while (start := title.find("<", position)) >= 0:
            self.text(html.unescape(title[position:start]))
            if title.startswith("<!--", start):
                end = title.find("-->", start + 4)
                if end < 0:
                    break  # shown as written
                position = end + 3
                continue
            tag = _TAG.match(title, start)
            if tag is None:
                self.text("<")
                position = start + 1
                continue
            name = tag[2].lower()
            if tag[1]:
                self.end_tag(name)
            elif tag[0].endswith("/>") and (name in STYLES or name in _HIDDEN):
                pass  # <code/>: an empty element
            else:
                self.start_tag(name, tag[0])
            position = tag.end()
        self.text(html.unescape(title[position:]))
        while len(self.stack) > 1:
            self.close_span()
        return _strip_end(_merged(self.stack[0][2]))

    def text(self, data: str) -> None:
        if self.hidden or not data:
            return
        data = _SPACE.sub(" ", data)
        if self.space_before:
            data = data.lstrip(" ")
        if data:
            self.stack[-1][2].append(data)
            self.space_before = data.endswith(" ")

    def start_tag(self, name: str, written: str) -> None:
        if name in _HIDDEN:
            self.hidden += 1
        elif name in STYLES:
            if len(self.stack) <= MAX_DEPTH:
                self.stack.append((STYLES[name], name, []))
        elif name == "br":
            self.text(" ")
        elif name not in _ELEMENTS:
            self.text(written)

    def end_tag(self, name: str) -> None:
        if name in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif name in STYLES:
            tags = [frame[1] for frame in self.stack]
            if name in tags[1:]:
                depth = tags.index(name, 1)
                while len(self.stack) > depth:
                    self.close_span()
        elif name not in _ELEMENTS:
            self.text(f"</{name}>")

    def close_span(self) -> None:
        style, _, parts = self.stack.pop()
        if parts:
            self.stack[-1][2].append((style, _merged(parts)))


def _merged(parts: list[TitlePart]) -> tuple[TitlePart, ...]:
    """``parts`` with each run of text made one string."""
    merged: list[TitlePart] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(part)
    if run:
        merged.append("".join(run))
    return tuple(merged)


def _strip_end(parts: tuple[TitlePart, ...]) -> tuple[TitlePart, ...]:
    """``parts`` without the white space they end with."""
    if not parts:
        return parts
    last = parts[-1]
    if isinstance(last, str):
        last = last.rstrip(" ")
        return (*parts[:-1], last) if last else _strip_end(parts[:-1])
    style, inner = last
    inner = _strip_end(inner)
    return (*parts[:-1], (style, inner)) if inner else _strip_end(parts[:-1])


def title_parts(title: str) -> tuple[TitlePart, ...]:
    """The title as the heading shows it: text, and ``(style, parts)`` spans
    whose style is one of :data:`STYLES`' values. White space is collapsed
    (a no-break space stays)."""
    if "<" not in title and "&" not in title:
        text = _SPACE.sub(" ", title).strip(" ")
        return (text,) if text else ()
    return _TitleReader().read(title)


def parts_text(parts: tuple[TitlePart, ...]) -> str:
    """The text of title parts, without their styles."""
    return "".join(part if isinstance(part, str) else parts_text(part[1]) for part in parts)


def title_text(title: str) -> str:
    """The title as text: the tags a layout would render left out, entities
    read (``如何理解 <code>document</code>`` is ``如何理解 document``)."""
    return parts_text(title_parts(title))
