"""kramdown abbreviations, as markdown-it core rules: ``*[HTML]: Hyper Text
Markup Language`` defines one, and every ``HTML`` in the post becomes an
``abbr`` token (see :mod:`.kramdown`, which adds these rules).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markdown_it.rules_core import StateCore

_ABBR_DEF = re.compile(r"^ {0,3}\*\[([^\]\n]+)\]:[ \t]*(.*)$")


def collect_abbreviations(state: StateCore) -> None:
    """Take the definitions (``*[HTML]: ...``) out of the paragraphs into ``state.env``."""
    definitions: dict[str, str] = state.env.setdefault("kramdown_abbr", {})
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0 or tokens[index - 1].type != "paragraph_open":
            continue
        lines = token.content.split("\n")
        kept = []
        for line in lines:
            match = _ABBR_DEF.match(line)
            if match:
                definitions[match[1].strip()] = match[2].strip()
            else:
                kept.append(line)
        if len(kept) != len(lines):
            token.content = "\n".join(kept)
            if not kept:
                tokens[index - 1].hidden = tokens[index + 1].hidden = True
                tokens[index - 1].meta["kramdown_remove"] = True


def mark_abbreviations(state: StateCore) -> None:
    """Make each defined name in the text an ``abbr`` token."""
    definitions: dict[str, str] = state.env.get("kramdown_abbr") or {}
    if not any(definitions):
        return
    names = Abbreviations(definitions)
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            spans = names.find(child.content) if child.type == "text" else []
            if not spans:
                children.append(child)
                continue
            position = 0
            for start, end in spans:
                if start > position:
                    children.append(text_token(child.content[position:start]))
                abbr = Token("abbr", "abbr", 0)
                abbr.content = child.content[start:end]
                abbr.meta["explanation"] = definitions[abbr.content]
                children.append(abbr)
                position = end
            if position < len(child.content):
                children.append(text_token(child.content[position:]))
        token.children = children
        if names.exhausted and token.map:
            message = (
                "abbreviations: the definitions share such long beginnings that marking "
                "them would take too long; the rest of this paragraph is left unmarked"
            )
            state.env.setdefault("jekyllposts_limits", []).append((token.map[0] + 1, message))
            names.exhausted = False


#: Trie steps allowed per character of text: far more than real abbreviations
#: take, and a bound for names made to share long beginnings with the text.
_ABBREVIATION_STEPS = 32


class Abbreviations:
    """A post's abbreviations, found where the regexp of all the names (longest
    first, not inside a word) finds them: at each place not after a letter, digit
    or underscore, the longest name not followed by one. A trie, not the regexp,
    whose time grew with the number of names times the length of the text."""

    def __init__(self, names: Iterable[str]) -> None:
        self.trie: dict[str, Any] = {}
        for name in names:
            node = self.trie
            for char in name:
                node = node.setdefault(char, {})
            if node is not self.trie:  # an empty name marks nothing
                node[""] = {}
        first = "".join(map(re.escape, self.trie))
        self.starts = re.compile(rf"(?<!\w)[{first}]" if first else r"(?!)")
        self.exhausted = False
        """Whether a text had more to look at than its bound allowed."""

    def find(self, text: str) -> list[tuple[int, int]]:
        """Where the names are in ``text``: (start, end) pairs, left to right."""
        budget = _ABBREVIATION_STEPS * len(text)
        spans = []
        position = 0
        while (candidate := self.starts.search(text, position)) is not None:
            start = at = candidate.start()
            end = -1
            node = self.trie
            while at < len(text) and text[at] in node:
                node = node[text[at]]
                at += 1
                if "" in node and (at == len(text) or not _is_word(text[at])):
                    end = at
            budget -= at - start
            if budget < 0:
                self.exhausted = True
                break
            if end < 0:
                position = start + 1
            else:
                spans.append((start, end))
                position = end
        return spans


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # the regexp's \w


def text_token(content: str) -> Token:
    """A text token of ``content``."""
    token = Token("text", "", 0)
    token.content = content
    return token
