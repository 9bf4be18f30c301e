"""Post excerpts as Jekyll 4.3 takes them (``Jekyll::Excerpt``).

The excerpt is the ``excerpt:`` front matter when given; otherwise the body up
to the first ``excerpt_separator`` (the post's, else the site's, ``"\\n\\n"`` by
default: the first paragraph), plus the link reference definitions from the
rest of the post that it uses. An empty separator means no excerpt.

:func:`excerpt_text` turns excerpt Markdown (:func:`html_excerpt_text` an
HTML post's excerpt) into plain text, with kramdown's
typographic quotes and dashes, for listings, feeds and ``jekyllposts inspect``.
Liquid is not rendered here: the Sphinx side renders it
(:meth:`.liquid.LiquidRenderer.excerpt`); in an excerpt not rendered,
``{% raw %}`` keeps its content, other tags and ``{{ output }}`` are dropped.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from .frontmatter import ruby_str

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from markdown_it.token import Token

DEFAULT_SEPARATOR = "\n\n"
_LABEL_START = re.compile(r"^ {0,3}\[", re.M)
_RAW_START = re.compile(r"\{%-?+\s*+raw\s*+-?%\}")
_RAW_END = re.compile(r"\{%-?+\s*+endraw\s*+-?%\}")
_LIQUID_START = re.compile(r"\{[%{]")
_TAG_NAME = re.compile(r"\{%-?\s*(\w*)")
_LINK_TAGS = frozenset({"post_url", "link"})
# An IAL not closed on its line takes the rest of the line as it is: no "{:" in
# it could close either, and trying each one again was quadratic.
_IAL = re.compile(r"\{:[^}\n]*+(\})?")
_SPACE = re.compile(r"\s+")
# A "<" never closed takes the rest as it is: no later "<" could close either.
_TAG = re.compile(r"<[^>]*+(>)?")


def has_liquid(text: str) -> bool:
    """Whether ``text`` has any Liquid tag or output at all (most posts have none)."""
    return "{%" in text or "{{" in text


def _link_references(text: str) -> Iterator[tuple[str, str]]:
    """The link reference definitions in ``text``, ``("[label]", ": url ...")``,
    as Jekyll's regexp finds them (a label may span lines), in linear time: the
    first ``]`` after a line's ``[`` is kept for the lines that start before it.
    """
    closing = -1
    position = 0
    while (start := _LABEL_START.search(text, position)) is not None:
        label = start.end()
        if closing < label:
            closing = text.find("]", label)
            if closing < 0:
                return
        rest = closing + 1
        if closing > label and text.startswith(":", rest) and text[rest + 1 : rest + 2] not in "\n":
            end = text.find("\n", rest)
            end = len(text) if end < 0 else end
            yield text[label - 1 : rest], text[rest:end]
            position = end
        else:
            position = start.start() + 1


def excerpt_separator(data: Mapping[str, Any], site_separator: str) -> str:
    """``Document#excerpt_separator``: the post's ``excerpt_separator`` (its front
    matter's or a default's) unless it is ``nil`` or ``false``, else the site's
    ``site_separator``; as Ruby's ``to_s`` writes it (``5`` is ``"5"``)."""
    value = data.get("excerpt_separator")
    if value is None or value is False:
        return site_separator
    return ruby_str(value)


def excerpt_source(body: str, separator: str) -> str:
    """``Excerpt#extract_excerpt``: the Markdown of the excerpt of ``body``."""
    if not separator:
        return ""
    head, found, tail = body.partition(separator)
    if not found or not tail:
        return head
    definitions = [label + rest for label, rest in _link_references(tail) if label in head]
    if not definitions:
        return head
    return head + "\n\n" + "\n".join(definitions)


@cache
def _markdown() -> MarkdownIt:
    # kramdown turns quotes, dashes and ellipses into typographic characters.
    md = MarkdownIt("commonmark", {"typographer": True, "html": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.options["quotes"] = "“”‘’"
    md.use(footnote_plugin)
    # kramdown numbers a footnote reference plainly (a superscript "1", not "[1]").
    md.add_render_rule("footnote_ref", _footnote_number)
    md.add_render_rule("footnote_anchor", _footnote_backlink)
    return md


def _footnote_number(renderer: object, tokens: list[Token], idx: int, *_: object) -> str:
    return str(tokens[idx].meta["id"] + 1)


def _footnote_backlink(*_: object) -> str:
    return " ↩"  # kramdown's, without markdown-it's emoji variation selector


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p", "li", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append(" ")


def html_text(markup: str) -> str:
    """The visible text of an HTML fragment, white space collapsed."""
    parser = _TextOf()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except AssertionError:
        # CPython's parser asserts on some malformed declarations ("<![!"):
        # then the tags are only cut out.
        text = _TAG.sub(_space_unless_unclosed, markup)
    return _SPACE.sub(" ", html.unescape(text)).strip()


_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "template", "noscript", "title"})
# A tag: its name, then anything up to the next ">" (which the caller knows exists).
_HTML_TAG = re.compile(r"<(/?+)([A-Za-z][A-Za-z0-9:-]*+)[^>]*+>")


def html_paragraphs(markup: str) -> list[str]:
    """The visible text of an HTML fragment, one paragraph per block element
    (paragraph, list item, cell, heading), white space collapsed; comments,
    scripts and styles left out; a ``<`` that starts no tag is text.

    A linear scan (CPython's ``HTMLParser`` takes minutes on 25,000 unclosed
    ``<p``): a tag is looked for only up to the next ``>``, and once there is
    none, the rest is text.
    """
    blocks: list[list[str]] = [[]]
    hidden = 0
    position, length = 0, len(markup)
    closing = markup.find(">")  # the next ">" at or after `position`, or -1
    while position < length:
        start = markup.find("<", position)
        if start < 0:
            start = length
        if not hidden:
            blocks[-1].append(markup[position:start])
        if start == length:
            break
        if markup.startswith("<!--", start):
            end = markup.find("-->", start + 4)
            position = length if end < 0 else end + 3  # an open comment hides the rest
            continue
        if closing < start:
            closing = markup.find(">", start)
            if closing < 0:
                if not hidden:
                    blocks[-1].append(markup[start:])
                break
        tag = _HTML_TAG.match(markup, start, closing + 1)
        if tag is None:
            if not hidden:
                blocks[-1].append("<")
            position = start + 1
            continue
        name = tag[2].lower()
        if name in _HIDDEN:
            hidden = max(0, hidden + (-1 if tag[1] else 1))
        elif name in _BLOCKS and not hidden:
            blocks.append([])
        position = tag.end()
    texts = (" ".join(html.unescape("".join(block)).split()) for block in blocks)
    return [text for text in texts if text]


def _space_unless_unclosed(tag: re.Match[str]) -> str:
    return " " if tag[1] else tag[0]


@lru_cache(maxsize=16_384)
def excerpt_text(markdown: str, *, rendered: bool = False) -> str:
    """Plain text of excerpt Markdown: rendered, tags stripped, white space collapsed.
    Its Liquid is left out, unless it is ``rendered`` already (what is left of
    ``{{`` is then text).

    Cached: listings, feeds and archive pages ask for the same excerpts many times.
    """
    if not markdown.strip():
        return ""
    if "{" in markdown:
        if not rendered:
            markdown = _without_liquid(markdown)
        markdown = _IAL.sub(_unless_unclosed, markdown)
    return html_text(_markdown().render(markdown))


@lru_cache(maxsize=16_384)
def html_excerpt_text(markup: str, *, rendered: bool = False) -> str:
    """Plain text of an HTML post's excerpt, which Jekyll does not convert:
    its Liquid dropped as in :func:`excerpt_text` (unless ``rendered``), its
    tags stripped."""
    if "{" in markup and not rendered:
        markup = _without_liquid(markup)
    return " ".join(html_paragraphs(markup))


def _unless_unclosed(ial: re.Match[str]) -> str:
    return "" if ial[1] else ial[0]


def _without_liquid(text: str) -> str:
    """Drop Liquid tags and outputs, keeping what ``{% raw %}`` protects."""
    parts = []
    position = 0
    while (raw := _RAW_START.search(text, position)) is not None:
        end = _RAW_END.search(text, raw.end())
        if end is None:
            break  # a later {% raw %} has no {% endraw %} after it either
        parts += [_liquid_dropped(text[position : raw.start()]), text[raw.end() : end.start()]]
        position = end.end()
    parts.append(_liquid_dropped(text[position:]))
    return "".join(parts)


def _liquid_dropped(text: str) -> str:
    """``text`` with each ``{% tag %}`` and ``{{ output }}`` replaced by its stand-in.

    A tag runs from ``{%`` to the first ``%}`` after its name, an output from
    ``{{`` to the first ``}}``; once one kind finds no end, no later one of that
    kind can, so it is not looked for again (which was quadratic).
    """
    parts = []
    copied = looked = 0
    ends = {"%": True, "{": True}
    while (start := _LIQUID_START.search(text, looked)) is not None:
        at = start.start()
        kind = text[at + 1]
        name = _TAG_NAME.match(text, at) if kind == "%" else None
        after = name.end() if name else at + 2
        close = text.find("%}" if name else "}}", after) if ends[kind] else -1
        if close < 0:
            ends[kind] = False
            looked = at + 1
            continue
        stand_in = "/" if name and name[1] in _LINK_TAGS else ""  # a link tag stands for a URL
        parts += [text[copied:at], stand_in]
        copied = looked = close + 2
    parts.append(text[copied:])
    return "".join(parts)
