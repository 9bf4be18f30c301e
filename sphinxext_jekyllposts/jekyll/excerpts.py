"""Post excerpts as Jekyll 4.3 takes them (``Jekyll::Excerpt``).

The excerpt is the ``excerpt:`` front matter when given; otherwise the body up
to the first ``excerpt_separator`` (the post's, else the site's, ``"\\n\\n"`` by
default: the first paragraph), plus the link reference definitions from the
rest of the post that it uses. An empty separator means no excerpt.

:func:`excerpt_text` turns excerpt Markdown into plain text, with kramdown's
typographic quotes and dashes, for listings, feeds and ``jekyllposts inspect``.
Liquid is not rendered here: ``{% raw %}`` keeps its content, other tags and
``{{ output }}`` are dropped from the text.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

if TYPE_CHECKING:
    from markdown_it.token import Token

DEFAULT_SEPARATOR = "\n\n"
_LINK_REFERENCE = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.M)
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_LIQUID = re.compile(r"\{%-?\s*(\w*).*?-?%\}|\{\{-?.*?-?\}\}", re.S)
_LINK_TAGS = frozenset({"post_url", "link"})
_IAL = re.compile(r"\{:[^}\n]*\}")
_SPACE = re.compile(r"\s+")


def has_liquid(text: str) -> bool:
    """Whether ``text`` has any Liquid tag or output at all (most posts have none)."""
    return "{%" in text or "{{" in text


def excerpt_source(body: str, separator: str) -> str:
    """``Excerpt#extract_excerpt``: the Markdown of the excerpt of ``body``."""
    if not separator:
        return ""
    head, found, tail = body.partition(separator)
    if not found or not tail:
        return head
    definitions = [label + rest for label, rest in _LINK_REFERENCE.findall(tail) if label in head]
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
    parser.feed(markup)
    parser.close()
    return _SPACE.sub(" ", html.unescape("".join(parser.parts))).strip()


@lru_cache(maxsize=16_384)
def excerpt_text(markdown: str) -> str:
    """Plain text of excerpt Markdown: rendered, tags stripped, white space collapsed.

    Cached: listings, feeds and archive pages ask for the same excerpts many times.
    """
    if not markdown.strip():
        return ""
    if "{" in markdown:
        markdown = _IAL.sub("", _without_liquid(markdown))
    return html_text(_markdown().render(markdown))


def _without_liquid(text: str) -> str:
    """Drop Liquid tags and outputs, keeping what ``{% raw %}`` protects."""
    parts = []
    position = 0
    for block in _RAW_BLOCK.finditer(text):
        parts.append(_LIQUID.sub(_liquid_stand_in, text[position : block.start()]))
        parts.append(block.group(1))
        position = block.end()
    parts.append(_LIQUID.sub(_liquid_stand_in, text[position:]))
    return "".join(parts)


def _liquid_stand_in(match: re.Match[str]) -> str:
    # A link tag stands for a URL: keep the Markdown link around it a link.
    return "/" if match.group(1) in _LINK_TAGS else ""
