"""python-liquid's template lexer, in linear time.

python-liquid splits a template with one regular expression (``liquid.lex``)
whose backtracking is quadratic on text a post can hold: an unclosed ``{{``
repeated, ``{% tag`` followed by a long word and no ``%}``, a tag with a long
run of white space before its ``%}``. :func:`linear_lexer` matches what that
expression's ``finditer`` matches, by a scan that reads each character a bounded
number of times, and hands the matches to python-liquid's own post-processing,
so the tokens are the same; ``check`` is asked between tokens (the clock).

Private API: python-liquid's function that takes the matches is reached
through :func:`sphinxext_jekyllposts._compat.liquid.template_lexer`; the tests
compare the tokens with python-liquid's lexer on random templates.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..._compat.liquid import CONTENT_RULE, OUTPUT_RULE, template_lexer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from liquid import Token

    Check = Callable[[str, int, int], None]

_SPACE = re.compile(r"\s*")
_WORD = re.compile(r"\w+")
_OPENER = re.compile(r"\{[%{]")
# The end of a raw or doc block, possessive: nothing in it can backtrack usefully.
_BLOCK_ENDS = MappingProxyType(
    {
        "raw": re.compile(r"\{%-?+\s*+endraw\s*+(-?)%\}"),
        "doc": re.compile(r"\{%-?+\s*+enddoc\s*+(-?)%\}"),
    }
)
_BLOCK_GROUPS = MappingProxyType(
    {"raw": ("RAW", "raw", "rsr", "rsr_e"), "doc": ("DOC", "doc", "lsd", "rsd")}
)


def _after_space(source: str, at: int, stop: int | None = None) -> int:
    space = _SPACE.match(source, at, len(source) if stop is None else stop)
    return space.end() if space else at


class _Match:
    """What python-liquid's template tokenizer reads of a match: its rule, text and groups."""

    __slots__ = ("_end", "_groups", "_source", "_start", "lastgroup")

    def __init__(
        self, source: str, rule: str, start: int, end: int, groups: dict[str, tuple[str, int]]
    ) -> None:
        self._source = source
        self.lastgroup = rule
        self._start = start
        self._end = end
        self._groups = groups

    def group(self, name: str | int = 0) -> str | None:
        if name == 0:
            return self._source[self._start : self._end]
        found = self._groups.get(str(name))
        return None if found is None else found[0]

    def start(self, name: str | int = 0) -> int:
        return self._start if name == 0 else self._groups[str(name)][1]

    def end(self) -> int:
        return self._end


class _Scanner:
    """One template's scan; remembers which closings are known to be missing."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.no_output_end_from = len(source) + 1
        self.no_tag_end_from = len(source) + 1
        self.block_ends: dict[str, tuple[int, re.Match[str] | None]] = {}

    def matches(self, check: Check) -> Iterator[_Match]:
        position = 0
        comments = 0  # how deep in {% comment %} blocks, whose tags are not parsed
        while position < len(self.source):
            match = self.at(position)
            name = match.group("name") if match.lastgroup == "TAG" else None
            if name == "comment":
                comments += 1
            elif name == "endcomment" and comments:
                comments -= 1
            expression = match.group("expr" if name else "stmt") or ""
            parsed = match.lastgroup in {OUTPUT_RULE, "TAG"} and not comments
            check(self.source, position, len(expression) if parsed else 0)
            yield match
            position = match.end()

    def at(self, p: int) -> _Match:
        source = self.source
        if source.startswith("{%", p):
            match = self.block(p, "raw") or self.block(p, "doc") or self.tag(p)
        elif source.startswith("{{", p):
            match = self.output(p)
        else:
            match = None
        return match or self.content(p)

    def block(self, p: int, kind: str) -> _Match | None:
        """``{% raw %}...{% endraw %}`` (or doc): the first end after the opening."""
        source = self.source
        at = _after_space(source, p + 2 + source.startswith("-", p + 2))
        if not source.startswith(kind, at):
            return None
        at = _after_space(source, at + len(kind))
        dash = "-" if source.startswith("-", at) else ""
        opened = at + len(dash) + 2
        if not source.startswith("%}", at + len(dash)):
            return None
        end = self.block_end(kind, opened)
        if end is None:
            return None
        rule, body, opening_dash, closing_dash = _BLOCK_GROUPS[kind]
        groups = {
            body: (source[opened : end.start()], opened),
            opening_dash: (dash, at),
            closing_dash: (end[1], end.start(1)),
        }
        return _Match(source, rule, p, end.end(), groups)

    def block_end(self, kind: str, start: int) -> re.Match[str] | None:
        # The first end at or after `start`; one found from earlier still is, when
        # it is not before `start` (no end lies between), and none found stays none.
        searched = self.block_ends.get(kind)
        if searched is not None:
            searched_from, found = searched
            if searched_from <= start and (found is None or found.start() >= start):
                return found
        found = _BLOCK_ENDS[kind].search(self.source, start)
        self.block_ends[kind] = (start, found)
        return found

    def output(self, p: int) -> _Match | None:
        """``{{ expression }}``: up to the first ``}}``."""
        source = self.source
        after = p + 2 + source.startswith("-", p + 2)
        end = -1 if after >= self.no_output_end_from else source.find("}}", after)
        if end < 0:
            self.no_output_end_from = min(self.no_output_end_from, after)
            return None
        inner, dash = self.inner(after, end)
        stmt = inner if inner[0] else ("", after)
        return _Match(source, OUTPUT_RULE, p, end + 2, {"stmt": stmt, "rss": dash})

    def tag(self, p: int) -> _Match | None:
        """``{% name expression %}``: a name, then up to the first ``%}``."""
        source = self.source
        at = _after_space(source, p + 2 + source.startswith("-", p + 2))
        if source.startswith("#", at):
            name_end = at + 1
        else:
            word = _WORD.match(source, at)
            if word is None:
                return None
            name_end = word.end()
        end = -1 if name_end >= self.no_tag_end_from else source.find("%}", name_end)
        if end < 0:
            self.no_tag_end_from = min(self.no_tag_end_from, name_end)
            return None
        inner, dash = self.inner(name_end, end)
        groups = {
            "name": (source[at:name_end], at),
            "expr": inner if inner[0] else ("", name_end),
            "rst": dash,
        }
        return _Match(source, "TAG", p, end + 2, groups)

    def inner(self, start: int, close: int) -> tuple[tuple[str, int], tuple[str, int]]:
        """Between ``start`` and the closing at ``close``: the expression (white
        space around it off) with where it starts, and the ``-`` before the closing."""
        source = self.source
        dash = close - 1 >= start and source[close - 1] == "-"
        stop = close - 1 if dash else close
        begin = _after_space(source, start, stop)
        text = source[begin:stop].rstrip()
        return (text, begin), ("-" if dash else "", stop)

    def content(self, p: int) -> _Match:
        """Text up to the next ``{%`` or ``{{`` (a final newline is its own)."""
        source = self.source
        opener = _OPENER.search(source, p + 1)
        if opener is not None:
            end = opener.start()
            strip = "-" if source.startswith("-", end + 2) else ""
            return _Match(source, CONTENT_RULE, p, end, {"rstrip": (strip, end + 2)})
        end = len(source) - 1 if source.endswith("\n") and len(source) - 1 > p else len(source)
        return _Match(source, CONTENT_RULE, p, end, {})


class _Rules:
    """Stands for python-liquid's compiled rules: ``finditer`` is the scan."""

    def __init__(self, check: Check) -> None:
        self.check = check

    def finditer(self, source: str) -> Iterator[_Match]:
        return _Scanner(source).matches(self.check)


def linear_lexer(check: Check) -> Callable[[str], Iterator[Token]]:
    """A lexer giving python-liquid's tokens (default delimiters, no shorthand
    comments). ``check(source, start, length)`` is called before each token, with
    the length of the expression of a tag or output that will be parsed (else 0);
    it may raise to stop."""
    return template_lexer(_Rules(check))
