"""A post's title in its page: what the front matter's ``title`` gives the
heading (docutils nodes of its inline HTML), whether the body starts with
the title itself, and one title section per post."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from docutils import nodes

from .jekyll.titles import TitlePart, parts_text, title_parts

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from markdown_it.token import Token

    from .jekyll.catalog import Post

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SKIPPABLE_BEFORE_TITLE = frozenset({"html_block"})
#: What a heading and a title may differ in and still say the same: spaces, Markdown marks.
_NOT_COMPARED = re.compile(r"[\s*_`~\\]+")
_TITLE_STYLES: Mapping[str, type[nodes.TextElement]] = MappingProxyType(
    {
        "code": nodes.literal,
        "em": nodes.emphasis,
        "strong": nodes.strong,
        "sub": nodes.subscript,
        "sup": nodes.superscript,
    }
)


def markdown_literal(text: str) -> str:
    """``text`` escaped so that Markdown renders it as exactly that text."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def title_nodes(parts: tuple[TitlePart, ...]) -> list[nodes.Node]:
    """Docutils nodes of a title's parts (:func:`.jekyll.titles.title_parts`):
    text, and literal, emphasis, strong, subscript and superscript spans."""
    found: list[nodes.Node] = []
    for part in parts:
        if isinstance(part, str):
            found.append(nodes.Text(part))
        else:
            style, inner = part
            text = parts_text(inner)
            found.append(_TITLE_STYLES[style](text, "", *title_nodes(inner)))
    return found


def starts_with_title(tokens: Sequence[Token], post: Post) -> bool:
    """Whether the body starts (comments aside) with the post's title: a
    level-1 heading, saying what the front matter's ``title`` says if it has
    one (``# Title`` under ``title: Title``). A first heading that says
    something else is a section of the post, under its title, as a Jekyll
    layout shows both."""
    for index, token in enumerate(tokens):
        if token.type in _SKIPPABLE_BEFORE_TITLE:
            continue
        if token.type != "heading_open" or token.tag != "h1":
            return False
        given = post.data.get("title")
        if not isinstance(given, str) or not given.strip():
            return True
        heading = tokens[index + 1].content if index + 1 < len(tokens) else ""
        return _comparable(heading) == _comparable(parts_text(title_parts(given)))
    return False


def _comparable(text: str) -> str:
    return _NOT_COMPARED.sub("", text).casefold()


def one_title_section(document: nodes.document) -> None:
    """A post has one title: what follows its first section (later ``#``
    headings, each a section of the top level) goes inside it, so the
    post's header and footer frame the whole post, its ``<title>`` and table
    of contents are the post's, and the other ``#`` headings are its sections."""
    first = next((i for i, n in enumerate(document.children) if isinstance(n, nodes.section)), None)
    if first is None or not any(isinstance(n, nodes.section) for n in document[first + 1 :]):
        return
    rest = document[first + 1 :]
    del document[first + 1 :]
    document[first].extend(rest)
