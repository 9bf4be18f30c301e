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
from typing import TYPE_CHECKING

from markdown_it.rules_inline.state_inline import Delimiter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

#: Ruby's ``\s``: ASCII white space only (a CJK full-width space is not).
_SPACE = frozenset(" \t\n\r\f\v")
_EM, _STRONG = 1, 2
#: A valid ``~~`` closer: ``[^\s~]~~`` (kramdown's STRIKETHROUGH_MATCH).
_DEL_CLOSER = re.compile(r"(?<=[^ \t\n\r\f\v~])~~")
_AUTOLINK_URL = re.compile(r"<(?:mailto|https?|ftps?):[^\n]")
_AUTOLINK_EMAIL = re.compile(r"<([\w.\-]++@[\w.\-]++)>")
_AUTOLINK_STOP = re.compile(r"[>\n]")
_LINK_PAREN_STOP = re.compile(r"[()]|[ \t\n\r\f\v](?=[\"'])")
#: A link's URL and title are read at most this far (kramdown reads to the end
#: of the paragraph); longer ones are left to CommonMark's rule.
_LINK_REACH = 2000


def kramdown_inline_plugin(md: MarkdownIt) -> None:
    """Read emphasis, strikethrough, links, autolinks as kramdown does."""
    md.inline.ruler.at("emphasis", _emphasis_tokenize)
    md.inline.ruler2.at("emphasis", _emphasis_pairs)
    md.inline.ruler.disable("strikethrough", ignoreInvalid=True)
    md.inline.ruler2.disable("strikethrough", ignoreInvalid=True)
    md.inline.ruler.before("emphasis", "kramdown_strikethrough", _strikethrough)
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
    """Pair every scope's marks as kramdown does: the paragraph's, then each
    link's (inside an emphasis, a link cannot hold the same emphasis)."""
    _pair_scope(state, state.delimiters, 0)
    open_masks = [0]
    for index, token in enumerate(state.tokens):
        if token.type in {"em_open", "strong_open"}:
            open_masks.append(open_masks[-1] | (_EM if token.type == "em_open" else _STRONG))
        elif token.type in {"em_close", "strong_close"} and len(open_masks) > 1:
            open_masks.pop()
        meta = state.tokens_meta[index] if index < len(state.tokens_meta) else None
        if meta and "delimiters" in meta:
            _pair_scope(state, meta["delimiters"], open_masks[-1])


class _Scope:
    """kramdown's ``parse_emphasis`` over one scope's marks, memoised.

    ``parse_spans(el, stop)`` from a mark in a state (the stop delimiter and the
    emphasis elements open around it) always continues the same way from there:
    each (mark, state) is worked out once, from the last mark back, so the whole
    scope takes linear time where kramdown's re-parsing takes quadratic or worse.
    """

    def __init__(self, marks: list[_Mark], outer: int) -> None:
        self.marks = marks
        self.outer = outer
        size = len(marks) + 1
        # Per state: the closing mark from mark k on (content already started),
        # and from mark k when k starts the content (nothing parsed yet).
        self.on: dict[tuple[str, int, int], list[int]] = {}
        self.first: dict[tuple[str, int, int], list[int]] = {}
        states = [
            (char, length, mask)
            for char in "*_"
            for length in (1, 2)
            for mask in {(_EM if length == 1 else _STRONG) | outer | extra for extra in (0, 1, 2)}
        ]
        for key in states:
            self.on[key] = [-1] * size
            self.first[key] = [-1] * size
        for k in range(len(marks) - 1, -1, -1):
            for key in states:
                nxt = self.opener(k, key[2], key[1] == 1)[0]
                self.first[key][k] = self.on[key][nxt]
                self.on[key][k] = k if self.closes(k, key) else self.on[key][nxt]

    def closes(self, k: int, key: tuple[str, int, int]) -> bool:
        char, length, _ = key
        mark = self.marks[k]
        if chr(mark.marker) != char or mark.pos + length > mark.run_end:
            return False
        if mark.space_before:
            return False
        if length == 1 and mark.run_end - mark.pos == 2:
            return False  # "*" does not close at exactly "**"
        if char == "_":
            following = "_" if mark.pos + length < mark.run_end else mark.after
            if following.isalnum():
                return False
        return True

    def content(self, k: int, start: int, key: tuple[str, int, int]) -> int:
        """Where the emphasis whose content starts at mark ``k`` (source
        position ``start``) closes, or -1."""
        if k >= len(self.marks):
            return -1
        table = self.first if self.marks[k].pos == start else self.on
        return table[key][k]

    def opener(self, k: int, mask: int, parent_em: bool) -> tuple[int, int, int]:
        """kramdown's ``parse_emphasis`` at mark ``k``: the mark to go on
        from, the element made (0: text) and its closing mark."""
        mark = self.marks[k]
        char = chr(mark.marker)
        length = 2 if mark.pos + 1 < mark.run_end else 1
        element = _STRONG if length == 2 else _EM
        following = char if mark.pos + length < mark.run_end else mark.after
        if (char == "_" and mark.intraword) or following in _SPACE or mask & element:
            return k + length, 0, -1
        close = self.content(k + length, mark.pos + length, (char, length, mask | element))
        if close >= 0:
            return close + length, element, close
        if element == _STRONG and not parent_em:
            close = self.content(k + 1, mark.pos + 1, (char, 1, mask | _EM))
            if close >= 0:
                return close + 1, _EM, close
        return k + length, 0, -1


def _pair_scope(state: StateInline, delimiters: list[Delimiter], outer: int) -> None:
    marks = [d for d in delimiters if isinstance(d, _Mark)]
    if not marks:
        return
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


def _strikethrough(state: StateInline, silent: bool) -> bool:
    """``~~text~~`` as kramdown's GFM parser reads it: the shortest
    ``~~(?!\\s|~).*?[^\\s~]~~``, its content parsed on its own."""
    src, start = state.src, state.pos
    if not src.startswith("~~", start) or start + 2 >= state.posMax:
        return False
    if src[start + 2] in _SPACE or src[start + 2] == "~":
        return False
    closers = _del_closers(state)
    at = bisect_left(closers, start + 3)
    if at == len(closers) or closers[at] + 2 > state.posMax:
        return False
    end = closers[at]
    if not silent:
        old_max = state.posMax
        token = state.push("del_open", "del", 1)
        token.markup = "~~"
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        token = state.push("del_close", "del", -1)
        token.markup = "~~"
    state.pos = end + 2
    return True


def _del_closers(state: StateInline) -> list[int]:
    """Every valid ``~~`` closer of the text, found once per text."""
    cached = state.env.get("kramdown_del_closers")
    if cached is not None and cached[0] is state.src:
        closers: list[int] = cached[1]
        return closers
    closers = [match.start() for match in _DEL_CLOSER.finditer(state.src)]
    state.env["kramdown_del_closers"] = (state.src, closers)
    return closers


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
    found = _kramdown_destination(src, label_end + 1, min(state.posMax, label_end + _LINK_REACH))
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


def _kramdown_destination(src: str, paren: int, end: int) -> tuple[str, str, int] | None:
    """kramdown's ``(url)`` or ``(url "title")`` at ``paren``: the URL, the
    title and where the link ends; None when kramdown reads no link there.

    The URL runs to the ``)`` that balances ``(`` or to white space before a
    quote; the title, to its quote followed by ``)``, as kramdown's
    ``LINK_PAREN_STOP_RE`` and ``LINK_INLINE_TITLE_RE`` read them.
    """
    if src.startswith("(<", paren):
        close = src.find(">", paren + 2, end)
        if close >= 0 and src.startswith(")", close + 1):
            return src[paren + 2 : close], "", close + 2
    depth = 0
    for stop in _LINK_PAREN_STOP.finditer(src, paren, end):
        pos = stop.start()
        if stop[0] == "(":
            depth += 1
        elif stop[0] == ")":
            depth -= 1
            if depth == 0:
                return src[paren + 1 : pos].strip(), "", pos + 1
        else:
            break
    else:
        return None
    url = src[paren + 1 : pos].strip()
    quote_at = pos + 1
    quote = src[quote_at]
    # The shortest title: its quote, white space, then ")".
    search = quote_at + 2
    while True:
        at = src.find(quote, search, end)
        if at < 0:
            return None
        after = _skip_space_ruby(src, at + 1, end)
        if after < end and src[after] == ")":
            return url, src[quote_at + 1 : at], after + 1
        search = max(at + 1, after)


def _skip_space_ruby(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in _SPACE:
        pos += 1
    return pos


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
