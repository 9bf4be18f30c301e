"""kramdown's inline syntax where it is not CommonMark's, as markdown-it rules.

:func:`kramdown_inline_plugin` (called by :func:`.kramdown.kramdown_plugin`)
replaces markdown-it's rules with kramdown 2.4.0's (GFM parser) for:

- emphasis: ``*``, ``**``, ``_`` and ``__`` pair as kramdown's recursive
  parser pairs them, not by CommonMark's flanking rules: ``**答案：**因为`` and
  ``**foo.**bar`` are bold; ``_`` is never intraword (``foo_bar_``,
  ``a-_b_``); an opener followed by white space and a closer preceded by it
  are text;
- ``~~strike~~``: a ``del`` span, as kramdown's GFM parser makes it (its
  content is read on its own; a single ``~`` is text);
- inline links and images whose URL has spaces (``![a](/images/day 4.jpg)``),
  or whose title has quotes inside (``[a](u "say "hi" now")``); the URL is
  kept as written, as kramdown writes it;
- autolinks ``<http://...>``: kramdown's schemes (``http``, ``https``,
  ``ftp``, ``ftps``, ``mailto``) and e-mail addresses, the URL and the text
  exactly as written (``%20`` stays ``%20``);
- an inline attribute list split over a line break (``![x](y.gif){:⏎.icon}``)
  is joined, so that :mod:`.kramdown` applies it.

Every rule is linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from markdown_it.rules_inline.state_inline import Delimiter

from .kramdown_strike import SPACE as _SPACE
from .kramdown_strike import strikethrough_rule

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

_EM, _STRONG = 1, 2
_AUTOLINK_URL = re.compile(r"<(?:mailto|https?|ftps?):[^\n]")
_AUTOLINK_EMAIL = re.compile(r"<([\w.\-]++@[\w.\-]++)>")
_AUTOLINK_STOP = re.compile(r"[>\n]")
_PARENS = re.compile(r"[()]")
_BEFORE_QUOTE = re.compile(r"[ \t\n\r\f\v](?=[\"'])")
_TITLE_END = re.compile(r"([\"'])(?=[ \t\n\r\f\v]*+\))[ \t\n\r\f\v]*+\)")
_ANGLE = re.compile(">")
_BREAK = re.compile("\n")
_T = TypeVar("_T")
_LinkStops = tuple[
    dict[int, int], list[int], dict[str, list[tuple[int, int]]], list[int], list[int]
]


def kramdown_inline_plugin(md: MarkdownIt) -> None:
    """Read emphasis, strikethrough, links, autolinks as kramdown does."""
    md.inline.ruler.at("emphasis", _emphasis_tokenize)
    md.inline.ruler2.at("emphasis", _emphasis_pairs)
    md.inline.ruler.disable("strikethrough", ignoreInvalid=True)
    md.inline.ruler2.disable("strikethrough", ignoreInvalid=True)
    md.inline.ruler.before("emphasis", "kramdown_strikethrough", strikethrough_rule(_per_text))
    md.inline.ruler.before("link", "kramdown_link", _link)
    md.inline.ruler.at("autolink", _autolink)
    md.core.ruler.before("kramdown_attributes", "kramdown_split_ials", _join_split_ials)


# Emphasis ----------------------------------------------------------------------


@dataclass(slots=True)
class _Mark(Delimiter):
    """One ``*`` or ``_`` of a run, where it is in the source."""

    pos: int = 0
    run_end: int = 0
    after: str = ""  # the character after the run, "" at the end of the text
    intraword: bool = False  # for "_": a letter (or a letter and "-") before the run
    space_before: bool = False  # white space just before this character


def _emphasis_tokenize(state: StateInline, silent: bool) -> bool:
    """Each ``*`` or ``_`` as its own text token and delimiter, paired later."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in "*_":
        return False
    end = start
    while end < state.posMax and state.src[end] == marker:
        end += 1
    after = state.src[end] if end < state.posMax else ""
    intraword = False
    if marker == "_" and start > 0:
        before = state.src[start - 1]
        intraword = before.isalpha() or (
            before == "-" and start > 1 and state.src[start - 2].isalpha()
        )
    for pos in range(start, end):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            _Mark(ord(marker), end - start, len(state.tokens) - 1, -1, False, False)
        )
        mark = state.delimiters[-1]
        assert isinstance(mark, _Mark)
        mark.pos, mark.run_end, mark.after = pos, end, after
        mark.intraword = intraword and pos == start
        mark.space_before = pos > 0 and state.src[pos - 1] in _SPACE
    state.pos = end
    return True


def _emphasis_pairs(state: StateInline) -> None:
    """Pair every scope's marks as kramdown does: the text's, each link's and
    each ``~~``'s; inside an emphasis, a link cannot hold the same emphasis.

    Scopes are paired in the order of their first mark, so that the emphasis
    around a scope is known when it is paired.
    """
    scopes = [state.delimiters] + [
        meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta
    ]
    found = []
    for delimiters in scopes:
        marks = [d for d in delimiters if isinstance(d, _Mark)]
        if marks:
            found.append((marks[0].token, marks))
    found.sort(key=lambda scope: scope[0])
    open_masks = [0]
    walked = 0
    for first, marks in found:
        for token in state.tokens[walked:first]:
            if token.type in {"em_open", "strong_open"}:
                open_masks.append(open_masks[-1] | (_EM if token.type == "em_open" else _STRONG))
            elif token.type in {"em_close", "strong_close"} and len(open_masks) > 1:
                open_masks.pop()
        walked = max(walked, first)
        _pair_scope(state, marks, open_masks[-1])


class _Scope:
    """kramdown's ``parse_emphasis`` over one scope's marks, memoised.

    ``parse_spans(el, stop)`` from a mark, in a state (the stop delimiter and
    the emphasis elements open around it), always goes on the same way from
    there: each (mark, state) is worked out once, from the last mark back, so
    the scope takes linear time where kramdown's re-parsing takes quadratic or
    worse. A state is ``4 * (char is "_") + 2 * (stop is double) + (both
    elements open)``.
    """

    def __init__(self, marks: list[_Mark], outer: int) -> None:
        count = len(marks)
        self.outer = outer
        self.pos = [mark.pos for mark in marks]
        self.underscore = [mark.marker == 0x5F for mark in marks]
        self.double = [mark.pos + 1 < mark.run_end for mark in marks]
        # An opener that is text whatever is open: "_" inside a word, or white
        # space after it (Ruby's \s).
        self.blocked: list[bool] = []
        # Whether the mark closes a single and a double stop of its character.
        self.closes_single: list[bool] = []
        self.closes_double: list[bool] = []
        for mark, double in zip(marks, self.double, strict=True):
            underscore = mark.marker == 0x5F
            length = 2 if double else 1
            following = chr(mark.marker) if mark.pos + length < mark.run_end else mark.after
            self.blocked.append((underscore and mark.intraword) or following in _SPACE)
            left = mark.run_end - mark.pos
            after_single = "_" if left > 1 else mark.after
            after_double = "_" if left > 2 else mark.after
            open_ok = not mark.space_before
            self.closes_single.append(
                open_ok and left != 2 and not (underscore and after_single.isalnum())
            )
            self.closes_double.append(
                open_ok and left >= 2 and not (underscore and after_double.isalnum())
            )
        self.masks = [
            (_STRONG if state & 2 else _EM) | outer | (_EM | _STRONG if state & 1 else 0)
            for state in range(8)
        ]
        self.on = [[-1] * (count + 1) for _ in range(8)]
        self.first = [[-1] * (count + 1) for _ in range(8)]
        for k in range(count - 1, -1, -1):
            nexts: dict[tuple[int, bool], int] = {}
            underscore = self.underscore[k]
            for state in range(8):
                mask, parent_em = self.masks[state], not state & 2
                nxt = nexts.get((mask, parent_em))
                if nxt is None:
                    nxt = nexts[mask, parent_em] = self.opener(k, mask, parent_em)[0]
                on = self.on[state]
                self.first[state][k] = on[nxt]
                closes = (underscore == bool(state & 4)) and (
                    self.closes_double[k] if state & 2 else self.closes_single[k]
                )
                on[k] = k if closes else on[nxt]

    def state(self, underscore: bool, double: bool, mask: int) -> int:
        return 4 * underscore + 2 * double + (mask == _EM | _STRONG)

    def opener(self, k: int, mask: int, parent_em: bool) -> tuple[int, int, int]:
        """kramdown's ``parse_emphasis`` at mark ``k``: the mark to go on
        from, the element made (0: text) and its closing mark."""
        double = self.double[k]
        length = 2 if double else 1
        element = _STRONG if double else _EM
        if self.blocked[k] or mask & element:
            return k + length, 0, -1
        underscore = self.underscore[k]
        close = self.content(
            k + length, self.pos[k] + length, self.state(underscore, double, mask | element)
        )
        if close >= 0:
            return close + length, element, close
        if double and not parent_em:
            close = self.content(k + 1, self.pos[k] + 1, self.state(underscore, False, mask | _EM))
            if close >= 0:
                return close + 1, _EM, close
        return k + length, 0, -1

    def content(self, k: int, start: int, state: int) -> int:
        """Where the emphasis whose content starts at source position
        ``start`` (its first mark from ``k`` on) closes, or -1."""
        if k >= len(self.pos):
            return -1
        table = self.first if self.pos[k] == start else self.on
        return table[state][k]


def _pair_scope(state: StateInline, marks: list[_Mark], outer: int) -> None:
    scope = _Scope(marks, outer)
    # Replay the parse that kramdown keeps: the paragraph's, then each
    # emphasis's content (nested at most a few deep: em and strong do not nest
    # in themselves).
    work: list[tuple[int, int, int, bool]] = [(0, len(marks), outer, False)]
    while work:
        k, stop, mask, parent_em = work.pop()
        while k < stop:
            nxt, element, close = scope.opener(k, mask, parent_em)
            if element:
                length = nxt - close
                _make_pair(state, marks, k, close, length)
                work.append((k + length, close, mask | element, element == _EM))
            k = nxt


def _make_pair(
    state: StateInline, marks: list[_Mark], opening: int, closing: int, length: int
) -> None:
    char = chr(marks[opening].marker)
    tag = "strong" if length == 2 else "em"
    for index, side in ((opening, "open"), (closing, "close")):
        token = state.tokens[marks[index].token]
        token.type = f"{tag}_{side}"
        token.tag = tag
        token.nesting = 1 if side == "open" else -1
        token.markup = char * length
        token.content = ""
        if length == 2:
            state.tokens[marks[index + 1].token].content = ""


# Strikethrough -----------------------------------------------------------------


# Links and images ---------------------------------------------------------------


def _link(state: StateInline, silent: bool) -> bool:
    """An inline link or image that CommonMark does not read and kramdown does:
    spaces in the URL, quotes in the title."""
    src, start = state.src, state.pos
    image = src.startswith("![", start)
    if not image and src[start] != "[":
        return False
    bracket = start + 1 if image else start
    label_end = state.md.helpers.parseLinkLabel(state, bracket, not image)
    if label_end < 0 or label_end + 1 >= state.posMax or src[label_end + 1] != "(":
        return False
    if _commonmark_reads(state, label_end + 1):
        return False
    found = _kramdown_destination(state, label_end + 1)
    if found is None:
        return False
    url, title, end = found
    if not state.md.validateLink(url):
        return False
    if not silent:
        if image:
            children: list[Token] = []
            content = src[bracket + 1 : label_end]
            state.md.inline.parse(content, state.md, state.env, children)
            token = state.push("image", "img", 0)
            token.attrs = {"src": url, "alt": ""}
            token.children = children
            token.content = content
        else:
            old_max = state.posMax
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": url}
            state.pos, state.posMax = bracket + 1, label_end
            state.linkLevel += 1
            state.md.inline.tokenize(state)
            state.linkLevel -= 1
            state.posMax = old_max
            close = state.push("link_close", "a", -1)
            close.markup = ""
        if title:
            token.attrSet("title", title)
    state.pos = end
    return True


def _commonmark_reads(state: StateInline, paren: int) -> bool:
    """Whether CommonMark reads ``(url "title")`` at ``paren``: then its rule does."""
    src, end = state.src, state.posMax
    pos = _skip_space(src, paren + 1, end)
    if pos >= end:
        return False
    destination = state.md.helpers.parseLinkDestination(src, pos, end)
    if not destination.ok:
        return False
    pos = destination.pos
    spaced = _skip_space(src, pos, end)
    if spaced != pos:
        title = state.md.helpers.parseLinkTitle(src, spaced, end)
        if title.ok:
            spaced = _skip_space(src, title.pos, end)
    return spaced < end and src[spaced] == ")"


def _skip_space(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t\n":
        pos += 1
    return pos


def _kramdown_destination(state: StateInline, paren: int) -> tuple[str, str, int] | None:
    """kramdown's ``(url)`` or ``(url "title")`` at ``paren``: the URL, the
    title and where the link ends; None when kramdown reads no link there.

    The URL runs to the ``)`` that balances ``(`` or to white space before a
    quote; the title, to its quote followed by ``)``, as kramdown's
    ``LINK_PAREN_STOP_RE`` and ``LINK_INLINE_TITLE_RE`` read them. The
    balancing parentheses and the places where a title can end are found once
    per text.
    """
    src, end = state.src, state.posMax
    matching, before_quotes, title_ends, angles, breaks = _per_text(state, "links", _link_stops)
    if src.startswith("(<", paren):
        # kramdown's \(<(.*?)>\): on one line.
        at = bisect_left(angles, paren + 2)
        close = angles[at] if at < len(angles) else end
        line = bisect_left(breaks, paren)
        one_line = line == len(breaks) or breaks[line] > close
        if close < end and src.startswith(")", close + 1) and one_line:
            return src[paren + 2 : close], "", close + 2
    close = matching.get(paren, -1)
    at = bisect_left(before_quotes, paren + 1)
    space = before_quotes[at] if at < len(before_quotes) else -1
    if space < 0 or space + 1 >= end or (0 <= close < space):
        if 0 <= close < end:
            return src[paren + 1 : close].strip(), "", close + 1
        return None
    quote = src[space + 1]
    ends = title_ends[quote]
    at = bisect_left(ends, (space + 3, -1))
    if at == len(ends) or ends[at][1] >= end:
        return None
    title_end, link_end = ends[at]
    return src[paren + 1 : space].strip(), src[space + 2 : title_end], link_end + 1


def _link_stops(src: str) -> _LinkStops:
    """For :func:`_kramdown_destination`: each ``(`` and its balancing ``)``;
    each white space before a quote; each quote followed by (white space and)
    ``)``, with where that ``)`` is; each ``>``; each line break."""
    matching: dict[int, int] = {}
    opened: list[int] = []
    for match in _PARENS.finditer(src):
        if match[0] == "(":
            opened.append(match.start())
        elif opened:
            matching[opened.pop()] = match.start()
    before_quotes = [match.start() for match in _BEFORE_QUOTE.finditer(src)]
    title_ends: dict[str, list[tuple[int, int]]] = {'"': [], "'": []}
    for match in _TITLE_END.finditer(src):
        title_ends[match[1]].append((match.start(), match.end() - 1))
    angles = [match.start() for match in _ANGLE.finditer(src)]
    breaks = [match.start() for match in _BREAK.finditer(src)]
    return matching, before_quotes, title_ends, angles, breaks


def _per_text(state: StateInline, name: str, compute: Callable[[str], _T]) -> _T:
    """``compute(state.src)``, once per text of the document."""
    cache = state.env.setdefault("kramdown_inline", {})
    key = (name, id(state.src))
    cached = cache.get(key)
    if cached is None or cached[0] is not state.src:
        cached = cache[key] = (state.src, compute(state.src))
    value: _T = cached[1]
    return value


# Autolinks ----------------------------------------------------------------------


def _autolink(state: StateInline, silent: bool) -> bool:
    """``<http://x>``, ``<mailto:a@b>``, ``<a@b.c>``, kept exactly as written
    (kramdown's ``AUTOLINK_START``)."""
    src, start = state.src, state.pos
    if src[start] != "<":
        return False
    email = _AUTOLINK_EMAIL.match(src, start, state.posMax)
    if email is not None:
        target, href, end = email[1], "mailto:" + email[1], email.end()
    elif _AUTOLINK_URL.match(src, start, state.posMax):
        stop = _autolink_stop(state, start + 2)
        if stop < 0 or src[stop] != ">" or stop >= state.posMax:
            return False
        # kramdown's ".+?>": the character after the scheme may be a ">".
        colon = src.index(":", start)
        if stop == colon + 1:
            stop = _autolink_stop(state, stop + 1)
            if stop < 0 or src[stop] != ">" or stop >= state.posMax:
                return False
        target = href = src[start + 1 : stop]
        end = stop + 1
    else:
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        token.markup = "autolink"
        token.info = "auto"
        text = state.push("text", "", 0)
        text.content = target.removeprefix("mailto:")
        token = state.push("link_close", "a", -1)
        token.markup = "autolink"
        token.info = "auto"
    state.pos = end
    return True


def _autolink_stop(state: StateInline, pos: int) -> int:
    """The first ``>`` or line break at or after ``pos`` (-1: none); the last
    answer is kept, so that many ``<http:`` on one line are read in linear time."""
    cached = state.env.get("kramdown_autolink_stop")
    if cached is not None and cached[0] is state.src and cached[1] <= pos:
        found: int = cached[2]
        if found < 0 or pos <= found:
            return found
    match = _AUTOLINK_STOP.search(state.src, pos)
    found = match.start() if match else -1
    state.env["kramdown_autolink_stop"] = (state.src, pos, found)
    return found


# Inline attribute lists over a line break -----------------------------------------


def _join_split_ials(state: StateCore) -> None:
    """An attribute list opened right after a span (``![x](y.gif){:``) and
    closed on the next line: one text, so that it is read as one, as kramdown
    reads it over the line break."""
    for block in state.tokens:
        children = block.children
        if block.type != "inline" or not children:
            continue
        index = 0
        while index + 2 < len(children):
            text = children[index]
            if (
                text.type == "text"
                and text.content.startswith("{:")
                and "}" not in text.content
                and children[index + 1].type == "softbreak"
                and children[index + 2].type == "text"
            ):
                text.content += "\n" + children[index + 2].content
                del children[index + 1 : index + 3]
            index += 1
