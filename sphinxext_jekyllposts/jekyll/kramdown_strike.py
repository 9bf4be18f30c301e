"""kramdown's ``~~strike~~`` (its GFM parser), as a markdown-it inline rule:
a ``del`` span whose content is read on its own; a single ``~`` is text.
Registered by :func:`.kramdown_inline.kramdown_inline_plugin`."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it.rules_inline import StateInline

#: Ruby's ``\s``: ASCII white space only (a CJK full-width space is not).
SPACE = frozenset(" \t\n\r\f\v")
#: A valid ``~~`` closer: ``[^\s~]~~`` (kramdown's STRIKETHROUGH_MATCH).
_DEL_CLOSER = re.compile(r"(?<=[^ \t\n\r\f\v~])~~")


def strikethrough_rule(per_text: Callable[..., list[int]]) -> Callable[[StateInline, bool], bool]:
    """The rule, finding the closers once per text with ``per_text`` (the
    inline rules' cache of what is computed once per text)."""

    def rule(state: StateInline, silent: bool) -> bool:
        return _strikethrough(state, silent, per_text)

    return rule


def _strikethrough(state: StateInline, silent: bool, _per_text: Callable[..., list[int]]) -> bool:
    """``~~text~~`` as kramdown's GFM parser reads it: the shortest
    ``~~(?!\\s|~).*?[^\\s~]~~``, its content parsed on its own."""
    src, start = state.src, state.pos
    if not src.startswith("~~", start) or start + 2 >= state.posMax:
        return False
    if src[start + 2] in SPACE or src[start + 2] == "~":
        return False
    closers = _per_text(state, "del", _del_closers)
    at = bisect_left(closers, start + 3)
    if at == len(closers) or closers[at] + 2 > state.posMax:
        return False
    end = closers[at]
    if not silent:
        old_max = state.posMax
        opened = len(state.tokens)
        token = state.push("del_open", "del", 1)
        token.markup = "~~"
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        if state.pos > end:
            # markdown-it-py 3's code spans look for their closing backticks
            # past posMax: the content is then its text, as markdown-it-py 4 reads it.
            del state.tokens[opened + 1 :]
            state.push("text", "", 0).content = src[start + 2 : end]
        token = state.push("del_close", "del", -1)
        token.markup = "~~"
    state.pos = end + 2
    return True


def _del_closers(src: str) -> list[int]:
    """Every valid ``~~`` closer of the text."""
    return [match.start() for match in _DEL_CLOSER.finditer(src)]
