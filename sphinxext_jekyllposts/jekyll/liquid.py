"""Liquid in a post, rendered as Jekyll 4.3 renders it, on python-liquid.

:class:`LiquidRenderer` adds Jekyll's tags (``highlight``, ``post_url``,
``link``, ``include``, ``include_relative``; ``raw`` is python-liquid's) and
filters (``relative_url``, ``markdownify``, ``where``, ``jsonify``, ...) to a
python-liquid environment, with ``site`` (``_config.yml``, ``_data/``, the
posts) and ``page`` (the post) as Jekyll gives them.

What differs from a plain ``Template.render``:

- every output line knows the source line it came from
  (:attr:`Rendered.lines`), so Sphinx's messages about the rendered Markdown
  point at the post's own lines;
- nothing raises: a syntax error, an unknown tag (a site plugin's, such as
  ``{% youtube %}``), a missing include, an unknown ``post_url`` target, an
  unknown filter become :class:`LiquidProblem` records with the line, and the
  rest renders; a tag no one knows renders nothing;
- ``{% highlight %}`` becomes a fenced code block (``{code-block}`` with
  ``:linenos:`` when asked) that MyST turns into a real Sphinx code block;
- ``post_url`` and ``link`` ask a resolver for the target, so the Sphinx side
  can answer with a link that works from the page being built;
- includes never leave the site folder (``..``, absolute paths, symlinks out
  are refused) and nest at most :data:`MAX_INCLUDE_DEPTH` deep;
- templates are split by :mod:`.liquid_lexer`, in linear time where
  python-liquid's regexp could take minutes, and an expression longer than
  :data:`MAX_EXPRESSION` is not parsed;
- a render is stopped, and the post kept as written, when it takes longer than
  :attr:`LiquidLimits.seconds`, writes more than
  :attr:`LiquidLimits.output_chars`, makes a value (a filter's result, a
  capture) or holds variables larger than that, or loops more than
  :attr:`LiquidLimits.loop_iterations` times.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import random
import re
import time
import urllib.parse
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml
from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.ast import Node
from liquid.builtin.content import ContentNode, Literal
from liquid.builtin.expressions import FilteredExpression
from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.builtin.output import Output, OutputNode
from liquid.exceptions import (
    LiquidError,
    LiquidSyntaxError,
    LoopIterationLimitError,
    OutputStreamLimitError,
)
from liquid.filter import with_context
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.stringify import to_liquid_string
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_ILLEGAL, TOKEN_TAG, Token
from liquid.undefined import is_undefined
from markdown_it import MarkdownIt

from .dates import parse_date, resolve_zone
from .excerpts import has_liquid
from .files import (
    FileTooLarge,
    RefusedFile,
    folder_link_refusal,
    is_inside,
    read_site_file,
    real_path,
)
from .frontmatter import load_yaml, ruby_str
from .liquid_lexer import linear_lexer
from .names import slugify
from .problems import Problem, ProblemKind

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from .catalog import Post, PostCatalog

MAX_INCLUDE_DEPTH = 10
MAX_INCLUDE_BYTES = 1_000_000
MAX_DATA_BYTES = 5_000_000
_HIGHLIGHT = re.compile(r"""^([\w+#.-]+)((?:\s+\w+(?:=(?:\w+|"[^"]*"|'[^']*'))?)*)\s*$""", re.ASCII)
_HIGHLIGHT_OPTION = re.compile(r"""(\w+)(?:=(\w+|"[^"]*"|'[^']*'))?""", re.ASCII)
# A name starts a word: from inside one, each start rescanned the rest of it.
_INCLUDE_PARAM = re.compile(
    r"""(?<![\w-])([\w-]++)\s*+=\s*+"""
    r"""(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]'"-]+))"""
)
# Atomic: what follows the name always matches, so each part is taken at its first fit.
_INCLUDE_VARIABLE_NAME = re.compile(r"^((?>[^\s{]*\{\{.*?\}\}[^\s{]*)+)(.*)$", re.S)
_TAG_OPENING = re.compile(r"\{%-?\s*$")
_STRUCTURE_WORDS = frozenset({"else", "elsif", "when", "break", "continue"})


@dataclass(frozen=True)
class LiquidLimits:
    """The most one post's Liquid may cost.

    ``output_chars`` bounds what is written, and also each value made (a
    filter's result, a capture: a string's characters, a list's items and the
    strings in them) and all variables together.
    """

    seconds: float = 10.0
    output_chars: int = 5_000_000
    loop_iterations: int = 1_000_000


#: The largest number a filter may make: far past any date or count, and cheap
#: to compute with (squaring a number doubles its bits).
MAX_NUMBER_BITS = 100_000
#: The longest expression of a ``{{ output }}`` or ``{% tag %}``: python-liquid
#: reads one in time that can grow with its square (real posts' are under 200).
MAX_EXPRESSION = 2_000


@dataclass(frozen=True)
class LiquidProblem:
    """Something in a post's Liquid that did not render as written.

    ``kind`` is ``liquid`` (syntax and render errors), ``liquid_tag`` (a tag
    Jekyll itself does not have), ``include``, ``link`` or ``limit``.
    """

    line: int
    kind: str
    message: str
    tag: str = ""


@dataclass
class Rendered:
    """A rendered post body and, for each of its lines, the source line."""

    text: str
    lines: list[int]
    problems: list[LiquidProblem] = field(default_factory=list)
    dependencies: set[Path] = field(default_factory=set)
    """The include files the render read (found or not)."""


class Resolver(Protocol):
    """Answers ``post_url`` and ``link`` for the post being rendered."""

    def post_url(self, name: str) -> str | None:
        """The link to the post called ``name`` (``2010-07-21-slug``), or None."""

    def link(self, path: str) -> str | None:
        """The link to the site file at ``path`` (``_posts/x.md``), or None."""


class _Stop(LiquidError):
    """A limit was reached: the render is abandoned."""


class _Output(io.StringIO):
    """The render buffer: remembers which source line each stretch of text is from."""

    def __init__(self, state: _RenderState) -> None:
        super().__init__()
        self.state = state
        self.marks: list[tuple[int, int, bool]] = []

    def write(self, text: str) -> int:
        state = self.state
        state.written += len(text)
        if state.written > state.limits.output_chars:
            raise _Stop(
                f"its Liquid output passed {state.limits.output_chars:,} characters", token=None
            )
        state.check_time()
        return super().write(text)

    def mark(self, line: int, *, counting: bool) -> None:
        """Text written from here on is from ``line`` (and the lines after it when
        ``counting``, else all of it from ``line``)."""
        self.marks.append((self.tell(), line, counting))

    def child(self) -> _Output:
        return _Output(self.state)

    def write_from(self, other: _Output, start: int, end: int) -> None:
        """Write ``other``'s text ``[start:end]`` with the lines it remembers."""
        base = self.tell()
        value = other.getvalue()
        marks = other.marks
        before = [m for m in marks if m[0] <= start]
        if before:
            _, line, counting = before[-1]
            offset = before[-1][0]
            if counting:
                line += value.count("\n", offset, start)
            self.marks.append((base, line, counting))
        for offset, line, counting in marks:
            if start < offset <= end:
                self.marks.append((base + offset - start, line, counting))
        self.write(value[start:end])

    def line_at_start(self) -> bool:
        value = self.getvalue()
        return not value or value.endswith("\n") or value[value.rfind("\n") + 1 :].isspace()


@dataclass
class _RenderState:
    """What one render tracks: the post's source, limits, problems."""

    source: str
    first_line: int
    limits: LiquidLimits
    resolver: Resolver | None
    post_dir: str
    deadline: float = float("inf")
    written: int = 0
    problems: list[LiquidProblem] = field(default_factory=list)
    include_lines: list[int] = field(default_factory=list)
    dependencies: set[Path] = field(default_factory=set)
    line_starts: list[int] = field(default_factory=list)
    variable_sizes: dict[str, int] = field(default_factory=dict)
    """The size of each variable assigned or captured, as :func:`_made_size` counts."""
    variables_size: int = 0

    def __post_init__(self) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Stop(f"its Liquid took longer than {self.limits.seconds:g} s", token=None)

    def line_of(self, token: Token | None) -> int:
        """The post line of ``token``; inside an include, the include tag's line."""
        if self.include_lines:
            return self.include_lines[0]
        if token is None or token.source is not self.source:
            return self.first_line
        return self.first_line + bisect_right(self.line_starts, token.start_index) - 1

    def problem(self, token: Token | None, kind: str, message: str, tag: str = "") -> None:
        self.problems.append(LiquidProblem(self.line_of(token), kind, message, tag))


def _made_size(value: object, budget: int) -> int:
    """How large a value Liquid made is: a string's characters, a number's bits,
    a list's items with the strings and lists in them (as often as they appear,
    as they are written out and flattened); a mapping its entries, not descended
    (the posts in ``site`` are mappings). Counting stops past ``budget``."""
    return _size(value, budget, mappings=False)


def _written_size(value: object, budget: int) -> int:
    """How many characters (about) ``value`` is as text: :func:`_made_size`,
    mappings descended too. Counting stops past ``budget``."""
    return _size(value, budget, mappings=True)


def _size(value: object, budget: int, *, mappings: bool) -> int:
    # Each list (and mapping) is sized once, however often it appears: a list
    # pushed into itself 40 times is 41 lists, not 2**40 items to walk.
    sizes: dict[int, int] = {}
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        item, children_sized = stack.pop()
        if not _descended(item, mappings):
            continue
        key = id(item)
        if not children_sized:
            if key in sizes:
                continue
            sizes[key] = budget + 1  # until sized: a list inside itself is endless
            stack.append((item, True))
            stack.extend((child, False) for child in _children(item) if id(child) not in sizes)
            continue
        size = 1 + len(item)  # type: ignore[arg-type]
        for child in _children(item):
            size += sizes[id(child)] if _descended(child, mappings) else _leaf_size(child, budget)
            if size > budget:
                return size
        sizes[key] = size
    return sizes[id(value)] if _descended(value, mappings) else _leaf_size(value, budget)


def _descended(value: object, mappings: bool) -> bool:
    return isinstance(value, list | tuple) or (mappings and isinstance(value, dict))


def _children(value: Any) -> Iterable[object]:
    return (part for pair in value.items() for part in pair) if isinstance(value, dict) else value


def _leaf_size(value: object, budget: int) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return budget + 1 if value.bit_length() > MAX_NUMBER_BITS else value.bit_length() // 3 + 1
    if isinstance(value, range | dict):
        return len(value)
    return 1


#: Filters that keep their input's items as they are (no item made text): a
#: list of the site's posts goes through them without its posts being counted.
_KEEPING_ITEMS = frozenset(
    {
        "compact", "concat", "default", "find", "find_exp", "find_index", "first",
        "group_by", "group_by_exp", "has", "last", "map", "pop", "push", "reject",
        "reverse", "sample", "shift", "size", "slice", "sort", "sort_natural", "sum",
        "uniq", "unshift", "where", "where_exp",
    }
)  # fmt: skip


def _guarded(
    function: Callable[..., Any],
    name: str,
    token: Token | None,
    state: _RenderState,
    left: object,
    *args: object,
    **kwargs: object,
) -> object:
    """Run the filter ``function``, unless what it would make is larger than the
    limit: its inputs and (for the filters that multiply text) its result are
    sized first, and its result after."""
    state.check_time()
    limit = state.limits.output_chars
    keeping = name in _KEEPING_ITEMS
    for value in (left, *args, *kwargs.values()):
        if isinstance(value, range) and name not in {"size", "first", "last"}:
            size = len(value)  # every other filter makes the range a list
        elif isinstance(value, list | tuple | dict):
            size = (_made_size if keeping else _written_size)(value, limit)
        else:
            continue
        if size > limit:
            raise _Stop(
                f"the filter '{name}' was given a value of {_more_than(limit)}", token=token
            )
    if _multiplied(name, left, args, limit) > limit:
        raise _Stop(f"the filter '{name}' would make a text of {_more_than(limit)}", token=token)
    result = function(left, *args, **kwargs)
    if isinstance(result, int) and result.bit_length() > MAX_NUMBER_BITS:
        raise _Stop(
            f"the filter '{name}' made a number of over {MAX_NUMBER_BITS:,} bits", token=token
        )
    if _made_size(result, limit) > limit:
        raise _Stop(f"the filter '{name}' made a value of {_more_than(limit)}", token=token)
    return result


def _more_than(limit: int) -> str:
    return f"more than {limit:,} characters (jekyllposts_liquid_max_output)"


def _multiplied(name: str, left: object, args: tuple[object, ...], limit: int) -> int:
    """The most a filter that multiplies its text can make (``replace`` of ``""``
    puts its replacement between every two characters, ``join`` its separator
    between every two items); 0 for the other filters."""
    if name == "join" and isinstance(left, list | tuple):
        separator = len(str(args[0])) if args else 1
        return _written_size(left, limit) * max(1, separator)
    if name == "replace" and isinstance(left, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        return len(left) + (left.count(old) if old else len(left) + 1) * len(new)
    return 0


class _Captured(io.StringIO):
    """A capture's buffer: bounded like a value, the clock checked like the output."""

    def __init__(self, state: _RenderState) -> None:
        super().__init__()
        self.state = state
        self.size = 0

    def write(self, text: str) -> int:
        self.state.check_time()
        self.size += len(text)
        limit = self.state.limits.output_chars
        if self.size > limit:
            raise _Stop(f"a capture of {_more_than(limit)}", token=None)
        return super().write(text)


class _GuardedContext(RenderContext):
    """A render context whose filters, variables and captures keep to the limits."""

    def filter(self, name: str, token: Token | None) -> Callable[..., object]:
        return partial(_guarded, super().filter(name, token), name, token, _state(self))

    def assign(self, key: str, val: Any) -> None:
        state = _state(self)
        state.check_time()
        limit = state.limits.output_chars
        size = _made_size(val, limit)
        state.variables_size += size - state.variable_sizes.get(key, 0)
        state.variable_sizes[key] = size
        if state.variables_size > limit:
            raise _Stop(f"variables of {_more_than(limit)} in all", token=None)
        super().assign(key, val)

    def get_buffer(self, buf: Any = None) -> io.StringIO:
        return _Captured(_state(self))


class _GuardedTemplate(BoundTemplate):
    context_class = _GuardedContext


class _GuardedOutputNode(OutputNode):
    """``{{ value }}``: a list or mapping is sized before it is made text."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        value = self.expression.evaluate(context)
        if isinstance(value, list | tuple | dict):
            limit = _state(context).limits.output_chars
            if _written_size(value, limit) > limit:
                raise _Stop(f"a value of {_more_than(limit)} to write", token=self.token)
        return int(buffer.write(to_liquid_string(value, context.autoescape)))


class _GuardedOutput(Output):
    node_class = _GuardedOutputNode


class _TrackedContent(ContentNode):
    """Template text that marks the output with its source line."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        if isinstance(buffer, _Output) and self.token.source is buffer.state.source:
            state = buffer.state
            start = state.line_of(self.token)
            buffer.mark(start, counting=True)
            written = buffer.write(self.text)
            buffer.mark(start + self.text.count("\n"), counting=False)
            return written
        return int(buffer.write(self.text))


class _Content(Literal):
    node_class = _TrackedContent


class _Nothing(Node):
    """What a tag renders when it cannot render anything."""

    __slots__ = ()

    def __init__(self, token: Token) -> None:
        super().__init__(token)
        self.blank = True

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        return 0


def _expression_text(stream: TokenStream) -> str:
    """The raw argument text of the tag at the head of ``stream``.

    Leaves the stream on the tag's last token, as python-liquid's parser expects
    of a tag without a block.
    """
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return stream.current.value.strip()
    return ""


def _state(context: RenderContext) -> _RenderState:
    state: _RenderState = context.env.render_state  # type: ignore[attr-defined]
    return state


class _UnknownTag(Tag):
    """A tag python-liquid and Jekyll do not have: noted once, renders nothing."""

    name = TOKEN_ILLEGAL
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        name = token.value
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        if not name:
            raise LiquidSyntaxError("missing tag name", token=token)
        if name in _STRUCTURE_WORDS or (name.startswith("end") and name[3:] in self.env.tags):
            raise LiquidSyntaxError(f"unexpected '{{% {name} %}}'", token=token)
        if not (name.startswith("end") and len(name) > 3):
            env: JekyllEnvironment = self.env  # type: ignore[assignment]
            env.unknown_tag(name, token)
        return _Nothing(token)


class _HighlightNode(Node):
    __slots__ = ("block", "indent", "language", "options")

    def __init__(
        self, token: Token, language: str, options: dict[str, str], block: Node, indent: str
    ) -> None:
        super().__init__(token)
        self.language = language
        self.options = options
        self.block = block
        self.indent = indent
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        inner = buffer.child() if isinstance(buffer, _Output) else _Output(_state(context))
        self.block.render(context, inner)
        code = inner.getvalue()
        # Jekyll strips the line breaks around the code; the indentation before
        # {% endhighlight %} goes too.
        start = len(code) - len(code.lstrip("\r\n"))
        end = len(code.rstrip(" \t").rstrip("\r\n"))
        end = max(end, start)
        longest = max((len(run) for run in re.findall("`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        lines = []
        if "linenos" in self.options or "mark_lines" in self.options:
            lines.append(f"{fence}{{code-block}} {self.language}")
            if "linenos" in self.options:
                lines.append(":linenos:")
            marked = self.options.get("mark_lines", "").strip("\"'").split()
            if marked and all(n.isdigit() for n in marked):
                lines.append(":emphasize-lines: " + ",".join(marked))
        else:
            lines.append(fence + self.language)
        written: int = 0
        if not (isinstance(buffer, _Output) and buffer.line_at_start()):
            written += int(buffer.write("\n" + self.indent))
        written += int(buffer.write(("\n" + self.indent).join(lines) + "\n"))
        if isinstance(buffer, _Output):
            buffer.write_from(inner, start, end)
        else:
            buffer.write(code[start:end])
        written += end - start
        written += int(buffer.write("\n" + self.indent + fence))
        return written


class _Highlight(Tag):
    name = "highlight"
    end = "endhighlight"
    block = True

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        text = _expression_text(stream)
        match = _HIGHLIGHT.match(text)
        if not match:
            raise LiquidSyntaxError(
                f"'{{% highlight {text} %}}' is not 'highlight <language> [linenos]'",
                token=token,
            )
        options = {m.group(1): m.group(2) or "" for m in _HIGHLIGHT_OPTION.finditer(match[2])}
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        line_start = token.source.rfind("\n", 0, token.start_index) + 1
        indent = _TAG_OPENING.sub("", token.source[line_start : token.start_index])
        if indent.strip():
            indent = ""
        return _HighlightNode(token, match[1], options, block, indent)


class _LinkNode(Node):
    __slots__ = ("kind", "target")

    def __init__(self, token: Token, kind: str, target: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.target = target
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        state = _state(context)
        target = self.target
        if "{{" in target:
            target = _render_inline(context, target)
        target = target.strip()
        resolver = state.resolver
        if resolver is None:
            return 0
        found = resolver.post_url(target) if self.kind == "post_url" else resolver.link(target)
        if found is None:
            what = "no post" if self.kind == "post_url" else "no file"
            state.problem(
                self.token, "link", f"'{{% {self.kind} {target} %}}': {what} of that name"
            )
            found = "#"
        return int(buffer.write(found))


def _render_inline(context: RenderContext, text: str) -> str:
    _state(context).check_time()  # where_exp and the like render once per item
    template = context.env.from_string(text)
    out = io.StringIO()
    for node in template.nodes:
        node.render(context, out)
    return out.getvalue()


class _PostUrl(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        return _LinkNode(token, self.name, _expression_text(stream))


class _Link(_PostUrl):
    name = "link"


class _IncludeNode(Node):
    __slots__ = ("file", "params", "relative")

    def __init__(self, token: Token, file: str, params: str, *, relative: bool) -> None:
        super().__init__(token)
        self.file = file
        self.params = params
        self.relative = relative
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        state = env.render_state
        name = self.file
        if "{{" in name:
            name = _render_inline(context, name).strip()
        tag = "include_relative" if self.relative else "include"
        if len(state.include_lines) >= MAX_INCLUDE_DEPTH:
            state.problem(
                self.token,
                "include",
                f"'{{% {tag} {name} %}}' is nested more than {MAX_INCLUDE_DEPTH} "
                "includes deep (does it include itself?); not rendered",
            )
            return 0
        found = env.include_file(name, relative=self.relative, post_dir=state.post_dir)
        if isinstance(found, str):
            state.problem(self.token, "include", f"'{{% {tag} {name} %}}': {found}")
            return 0
        _path, template = found
        params = {
            key: self._value(context, match)
            for match in _INCLUDE_PARAM.finditer(self.params)
            for key in (match[1],)
        }
        state.include_lines.append(state.line_of(self.token))
        try:
            template.render_with_context(context, buffer, partial=True, include=params)
        finally:
            state.include_lines.pop()
        return 1

    def _value(self, context: RenderContext, match: re.Match[str]) -> object:
        if match[2] is not None:
            return match[2].replace('\\"', '"')
        if match[3] is not None:
            return match[3].replace("\\'", "'")
        expression = FilteredExpression.parse(
            context.env,
            TokenStream(tokenize_expression(match[4], parent_token=self.token)),
        )
        return expression.evaluate(context)


class _Include(Tag):
    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        text = _expression_text(stream)
        if not text:
            raise LiquidSyntaxError(f"'{{% {self.name} %}}' names no file", token=token)
        match = _INCLUDE_VARIABLE_NAME.match(text)
        if match and "{{" in match[1]:
            file, params = match[1], match[2]
        else:
            file, _, params = text.partition(" ")
        return _IncludeNode(token, file, params, relative=self.relative)


class _IncludeRelative(_Include):
    name = "include_relative"
    relative = True


class JekyllEnvironment(Environment):
    """A python-liquid environment with Jekyll's tags and filters."""

    template_comments = False
    template_class = _GuardedTemplate

    def __init__(self, site_dir: Path | None, includes_dir: str, limits: LiquidLimits) -> None:
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)
        self.site_dir = site_dir
        self.includes_dir = includes_dir
        self.limits = limits
        self.loop_iteration_limit = limits.loop_iterations  # type: ignore[misc]
        self.render_state = _RenderState("", 1, limits, None, "")
        self._includes: dict[Path, Any] = {}
        self.recording = True
        for tag in (
            _Content,
            _GuardedOutput,
            _UnknownTag,
            _Highlight,
            _PostUrl,
            _Link,
            _Include,
            _IncludeRelative,
        ):
            self.add_tag(tag)

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        if isinstance(exc, (_Stop, LoopIterationLimitError, OutputStreamLimitError)):
            raise exc
        if not self.recording:
            raise exc
        message = exc.message if hasattr(exc, "message") else str(exc)
        self.render_state.problem(exc.token or token, "liquid", f"Liquid: {message}")

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        # python-liquid's lexer is a regexp that backtracks quadratically on some
        # posts: the same tokens in linear time, the clock read between them.
        return linear_lexer(self._lexed)

    def _lexed(self, source: str, start: int, expression: int) -> None:
        self.render_state.check_time()
        if expression > MAX_EXPRESSION:
            raise _Stop(
                f"a Liquid tag or output has more than {MAX_EXPRESSION:,} characters inside",
                token=Token(TOKEN_TAG, "", start_index=start, source=source),
            )

    def unknown_tag(self, name: str, token: Token) -> None:
        self.render_state.problem(
            token,
            "liquid_tag",
            f"unknown Liquid tag '{name}' (a Jekyll plugin's?); it renders nothing",
            tag=name,
        )

    def include_file(self, name: str, *, relative: bool, post_dir: str) -> tuple[Path, Any] | str:
        """The parsed template of an include, or why there is none."""
        if self.site_dir is None:
            return "includes need the site folder"
        if (
            not name
            or "\x00" in name
            or name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", name)
        ):
            return "an include path must be relative"
        # os.path.realpath, not Path.resolve: that raises on a link loop before 3.13.
        root = real_path(self.site_dir)
        base = (self.site_dir / post_dir) if relative else (self.site_dir / self.includes_dir)
        parts = Path(name).parts
        if not relative and ".." in parts:
            return "an include path may not contain '..'"
        path = Path(real_path(base / name))
        self.render_state.dependencies.add(base / name)
        if not relative:
            folder = real_path(base)
            if not is_inside(folder, root):
                return f"the {self.includes_dir}/ folder is outside the site folder; refused"
            if not is_inside(path, folder):
                return f"the file is outside {self.includes_dir}/; refused"
        if not is_inside(path, root):
            return "the file is outside the site folder; refused"
        if path in self._includes:
            return path, self._includes[path]
        try:
            raw = read_site_file(base / name, inside=root, max_bytes=MAX_INCLUDE_BYTES)
        except FileNotFoundError:
            where = "next to the post" if relative else f"in {self.includes_dir}/"
            return f"no such file {where}; it renders nothing"
        except RefusedFile as error:
            return f"{error}; not rendered"
        except FileTooLarge:
            return f"the file is larger than {MAX_INCLUDE_BYTES:,} bytes; not rendered"
        except OSError as error:
            return f"cannot be read ({error.strerror})"
        text = raw.decode("utf-8", errors="replace")
        try:
            self.recording = False
            template = self.from_string(text, name=name, path=path)
        except LiquidError as error:
            return f"its Liquid does not parse: {getattr(error, 'message', error)}"
        finally:
            self.recording = True
        self._includes[path] = template
        return path, template


class LiquidRenderer:
    """Renders posts' Liquid for one site; build one per build (or process)."""

    def __init__(
        self,
        catalog: PostCatalog,
        site_dir: Path | None,
        *,
        limits: LiquidLimits | None = None,
        data: Mapping[str, Any] | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        settings = catalog.settings
        raw = settings.raw
        includes_dir = raw.get("includes_dir") if isinstance(raw.get("includes_dir"), str) else None
        self.env = JekyllEnvironment(
            site_dir, includes_dir or "_includes", limits or LiquidLimits()
        )
        self.site_dir = site_dir
        self.catalog = catalog
        _add_filters(self.env, raw, settings.baseurl)
        posts = [page_drop(post) for post in catalog]
        by_path = {post.path: drop for post, drop in zip(catalog, posts, strict=True)}
        self._pages = by_path
        categories: dict[str, list[dict[str, Any]]] = {}
        tags: dict[str, list[dict[str, Any]]] = {}
        self._index = {post.path: i for i, post in enumerate(catalog)}
        for post, drop in reversed(list(zip(catalog, posts, strict=True))):
            for name in post.categories:
                categories.setdefault(name, []).append(drop)
            for name in post.tags:
                tags.setdefault(name, []).append(drop)
        self.site: dict[str, Any] = {
            **raw,
            "time": RubyTime.of(now or dt.datetime.now(dt.UTC)),
            "posts": posts[::-1],
            "categories": categories,
            "tags": tags,
            "data": dict(data or {}),
            "pages": [],
            "static_files": [],
            "html_pages": [],
            "collections": [],
            "documents": posts,
            "baseurl": settings.baseurl,
            "url": str(raw.get("url") or ""),
        }

    def _neighbours(self, post: Post) -> dict[str, Post]:
        posts = self.catalog.posts
        index = self._index.get(post.path)
        if index is None:
            return {}
        found = {}
        # The catalog is oldest first: Jekyll's `previous` is the older post.
        if index > 0:
            found["previous"] = posts[index - 1]
        if index + 1 < len(posts):
            found["next"] = posts[index + 1]
        return found

    def render(
        self,
        post: Post,
        body: str,
        *,
        first_line: int,
        resolver: Resolver | None = None,
    ) -> Rendered:
        """``body`` (starting on ``first_line`` of the post's file) rendered."""
        identity = Rendered(body, list(range(first_line, first_line + body.count("\n") + 1)))
        if not has_liquid(body):
            return identity
        env = self.env
        post_dir = post.path.rsplit("/", 1)[0] if "/" in post.path else ""
        state = _RenderState(body, first_line, env.limits, resolver, post_dir)
        page = dict(self._pages.get(post.path) or page_drop(post))
        page.update({key: self._pages.get(p.path) for key, p in self._neighbours(post).items()})
        out = _Output(state)
        state.deadline = time.monotonic() + env.limits.seconds
        env.render_state = state
        try:
            unbalanced = _unbalanced(env, body, state)
            if unbalanced is not None:
                identity.problems = [unbalanced]
                return identity
            template = env.from_string(body, path=post.path)
            context = template.context_class(
                template, globals=template.make_globals({"site": self.site, "page": page})
            )
            template.render_with_context(context, out)
        except _Stop as stop:
            line = state.line_of(stop.token) if stop.token is not None else first_line
            identity.problems = [
                *state.problems,
                LiquidProblem(line, "limit", f"not rendered: {stop.message}"),
            ]
            return identity
        except LoopIterationLimitError:
            identity.problems = [
                *state.problems,
                LiquidProblem(
                    first_line,
                    "limit",
                    f"not rendered: its loops passed {env.limits.loop_iterations:,} iterations",
                ),
            ]
            return identity
        except Exception as error:  # a post must never stop the build
            message = getattr(error, "message", None) or str(error) or type(error).__name__
            problem = LiquidProblem(
                state.line_of(getattr(error, "token", None)),
                "liquid",
                f"Liquid: {message}; the post is shown without its Liquid rendered",
            )
            identity.problems = [*state.problems, problem]
            return identity
        finally:
            env.render_state = _RenderState("", 1, env.limits, None, "")
        text = out.getvalue()
        return Rendered(
            text, _line_map(text, out.marks, first_line), state.problems, state.dependencies
        )


_BLOCKS = frozenset(
    {"if", "unless", "case", "for", "tablerow", "capture", "comment", "highlight", "ifchanged"}
)


def _unbalanced(env: Environment, source: str, state: _RenderState) -> LiquidProblem | None:
    """A block tag that is never closed, or an end tag that closes nothing."""
    stack: list[Token] = []
    try:
        tokens = list(env.tokenizer()(source))
    except _Stop:
        raise
    except LiquidError as error:
        return LiquidProblem(
            state.line_of(error.token),
            "liquid",
            f"Liquid: {error.message}; the post is shown without its Liquid rendered",
        )
    for token in tokens:
        if token.kind != TOKEN_TAG:
            continue
        name = token.value
        if stack and stack[-1].value == "comment" and name not in {"comment", "endcomment"}:
            continue
        if name in _BLOCKS:
            stack.append(token)
        elif name.startswith("end") and name[3:] in _BLOCKS:
            if stack and stack[-1].value == name[3:]:
                stack.pop()
                continue
            if stack:
                opener = stack[-1]
                where = state.line_of(opener)
                why = f"'{{% {name} %}}' where '{{% {opener.value} %}}' (line {where}) is open"
            else:
                why = f"'{{% {name} %}}' closes no block"
            return LiquidProblem(
                state.line_of(token),
                "liquid",
                f"Liquid: {why}; the post is shown without its Liquid rendered",
            )
    if stack:
        opener = stack[-1]
        return LiquidProblem(
            state.line_of(opener),
            "liquid",
            f"Liquid: '{{% {opener.value} %}}' is never closed; the post is shown without "
            "its Liquid rendered",
        )
    return None


def _line_map(text: str, marks: list[tuple[int, int, bool]], first_line: int) -> list[int]:
    lines: list[int] = []
    offsets = [m[0] for m in marks]
    position = 0
    while True:
        index = bisect_right(offsets, position) - 1
        if index < 0:
            lines.append(first_line)
        else:
            offset, line, counting = marks[index]
            lines.append(line + text.count("\n", offset, position) if counting else line)
        newline = text.find("\n", position)
        if newline < 0:
            return lines
        position = newline + 1


class RubyTime(dt.datetime):
    """A datetime that prints as Ruby's ``Time#to_s`` (``2018-05-18 00:00:00 +0800``)."""

    @classmethod
    def of(cls, value: dt.datetime) -> RubyTime:
        return cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
        )

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").strip()


def page_drop(post: Post) -> dict[str, Any]:
    """The post as Liquid's ``page`` (and an entry of ``site.posts``)."""
    name = post.path.rsplit("/", 1)[-1]
    return {
        **post.data,
        "title": post.title,
        "date": RubyTime.of(post.date),
        "slug": post.slug,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "url": post.url,
        "id": post.id,
        "path": post.path,
        "relative_path": post.path,
        "name": name,
        "ext": post.ext,
        "draft": post.draft,
        "excerpt": post.excerpt,
        "collection": "posts",
        "layout": post.data.get("layout", ""),
    }


@dataclass
class SiteData:
    """``site.data``, the files it was read from and what could not be read."""

    data: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Each file or folder not read, at its path relative to the site folder."""


def load_site_data(site_dir: Path, folder: str = "_data") -> SiteData:
    """``site.data``: the YAML, JSON, CSV and TSV files under ``_data/``.

    Only regular files inside the site are read (never a named pipe, a link
    loop, a link out of the site or a ``_data`` folder that is one); a lone
    surrogate in a string (JSON's ``"\\ud800"``) becomes U+FFFD, since no
    page or feed can hold it.
    """
    root = site_dir / folder
    found = SiteData()
    data, problems = found.data, found.problems
    resolved_site = real_path(site_dir)

    def problem(path: Path, kind: ProblemKind, message: str) -> None:
        relative = os.path.relpath(path, site_dir).replace(os.sep, "/")
        problems.append(Problem(relative, 1, kind, message))

    why = folder_link_refusal(root, resolved_site)
    if why:
        problem(root, ProblemKind.FILE, f"the {folder}/ folder is not read: {why}")
        return found
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in [d for d in dirnames if (here / d).is_symlink()]:
            problem(
                here / name,
                ProblemKind.FILE,
                "the folder is not read: it is a symbolic link to a folder",
            )
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()
        )
        target = data
        for part in here.relative_to(root).parts:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                break
        else:
            for filename in sorted(filenames):
                path = here / filename
                stem, _, suffix = filename.rpartition(".")
                if not stem or suffix.lower() not in {"yml", "yaml", "json", "csv", "tsv"}:
                    continue
                try:
                    raw = read_site_file(path, inside=resolved_site, max_bytes=MAX_DATA_BYTES)
                    found.files.append(path)
                    text = raw.decode("utf-8-sig")
                    target[stem] = without_surrogates(_parse_data(text, suffix.lower()))
                except RefusedFile as error:
                    problem(path, ProblemKind.FILE, f"the data file is not read: {error}")
                except FileTooLarge:
                    problem(
                        path, ProblemKind.LIMIT, f"larger than {MAX_DATA_BYTES:,} bytes; ignored"
                    )
                except (
                    OSError,
                    UnicodeDecodeError,
                    ValueError,
                    RecursionError,
                    yaml.YAMLError,
                    csv.Error,
                ) as error:
                    problem(path, ProblemKind.CONFIG, f"cannot be read ({error}); ignored")
    return found


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """``value`` (loaded JSON or YAML) with every lone surrogate in its strings
    replaced by U+FFFD, in place; shared (aliased) parts are visited once."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or not isinstance(item, dict | list | set):
            continue
        seen.add(id(item))
        if isinstance(item, list):
            for index, element in enumerate(item):
                if isinstance(element, str):
                    item[index] = _SURROGATE.sub("\ufffd", element)
                else:
                    stack.append(element)
        elif isinstance(item, set):
            if any(isinstance(e, str) and _SURROGATE.search(e) for e in item):
                members = {without_surrogates(e) if isinstance(e, str) else e for e in item}
                item.clear()
                item.update(members)
        else:
            for key, element in list(item.items()):
                if isinstance(element, str):
                    item[key] = _SURROGATE.sub("\ufffd", element)
                else:
                    stack.append(element)
            if any(isinstance(key, str) and _SURROGATE.search(key) for key in item):
                cleaned = {
                    without_surrogates(k) if isinstance(k, str) else k: v for k, v in item.items()
                }
                item.clear()
                item.update(cleaned)
    return value


def _parse_data(text: str, suffix: str) -> Any:
    if suffix == "json":
        return json.loads(text)
    if suffix in {"csv", "tsv"}:
        return list(csv.DictReader(io.StringIO(text), delimiter="," if suffix == "csv" else "\t"))
    return load_yaml(text)


# Jekyll's filters -------------------------------------------------------------


def _add_filters(env: Environment, config: Mapping[str, Any], baseurl: str) -> None:
    site_url = str(config.get("url") or "")

    def relative_url(value: object) -> str:
        text = _text(value)
        if urllib.parse.urlsplit(text).scheme:
            return text
        path = "/" + text.lstrip("/") if text else ""
        base = ("/" + baseurl.strip("/")) if baseurl.strip("/") else ""
        return (base + path) or "/"

    def absolute_url(value: object) -> str:
        text = _text(value)
        if urllib.parse.urlsplit(text).scheme:
            return text
        return site_url.rstrip("/") + relative_url(text)

    @with_context
    def where_exp(
        value: object, variable: str, expression: str, *, context: RenderContext
    ) -> list[Any]:
        return [item for item in _items(value) if _test(context, variable, expression, item)]

    @with_context
    def find_exp(value: object, variable: str, expression: str, *, context: RenderContext) -> Any:
        return next((i for i in _items(value) if _test(context, variable, expression, i)), None)

    @with_context
    def group_by_exp(
        value: object, variable: str, expression: str, *, context: RenderContext
    ) -> list[Any]:
        groups: dict[str, list[Any]] = {}
        for item in _items(value):
            key = _render_inline_with(context, variable, item, "{{ " + expression + " }}")
            groups.setdefault(key, []).append(item)
        return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]

    filters: dict[str, Callable[..., Any]] = {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "markdownify": lambda value: _markdown().render(_text(value)),
        "smartify": lambda value: _markdown().renderInline(_text(value)),
        "jsonify": lambda value: json.dumps(value, ensure_ascii=False, default=_json_default),
        "slugify": lambda value, mode="default": slugify(_text(value), str(mode)),
        "xml_escape": lambda value: (
            html.escape(_text(value), quote=True) if value is not None else ""
        ),
        "cgi_escape": lambda value: urllib.parse.quote_plus(_text(value)),
        "uri_escape": lambda value: urllib.parse.quote(_text(value), safe="!#$&'()*+,/:;=?@[]~"),
        "date_to_xmlschema": lambda value: _date(value, lambda d: d.isoformat()),
        "date_to_rfc822": lambda value: _date(
            value, lambda d: d.strftime("%a, %d %b %Y %H:%M:%S %z")
        ),
        "date_to_string": lambda value, kind="", style="": _date(
            value, lambda d: _date_string(d, "%b", kind, style)
        ),
        "date_to_long_string": lambda value, kind="", style="": _date(
            value, lambda d: _date_string(d, "%B", kind, style)
        ),
        "number_of_words": _number_of_words,
        "array_to_sentence_string": _sentence,
        "normalize_whitespace": lambda value: " ".join(_text(value).split()),
        "where": _where,
        "where_exp": where_exp,
        "find_exp": find_exp,
        "group_by": _group_by,
        "group_by_exp": group_by_exp,
        "sample": lambda value, count=None: _sample(value, count),
        "pop": lambda value, count=1: _items(value)[: -int(count) or None],
        "shift": lambda value, count=1: _items(value)[int(count) :],
        "push": lambda value, item: [*_items(value), item],
        "unshift": lambda value, item: [item, *_items(value)],
        "inspect": lambda value: json.dumps(value, ensure_ascii=False, default=_json_default),
        "to_integer": lambda value: (
            int(float(_text(value) or 0)) if not isinstance(value, bool) else int(value)
        ),
    }
    for name, function in filters.items():
        env.add_filter(name, function)


def _text(value: object) -> str:
    if value is None or is_undefined(value):
        return ""
    if isinstance(value, list | tuple | dict):
        # Ruby's to_s, as Jekyll's filters take it; cut short, where Python's
        # would write out a list nested in itself 2**40 times.
        return ruby_str(list(value) if isinstance(value, tuple) else value)
    return value if isinstance(value, str) else str(value)


def _items(value: object) -> list[Any]:
    if isinstance(value, dict):
        return [[k, v] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if value is None or not _text(value) else [value]


def _property(item: object, name: str) -> object:
    if isinstance(item, dict):
        return item.get(name)
    return None


def _where(value: object, prop: str, target: object = None) -> list[Any]:
    wanted = _text(target)
    found = []
    for item in _items(value):
        have = _property(item, str(prop))
        if isinstance(have, (list, tuple)):
            if wanted in (_text(v) for v in have):
                found.append(item)
        elif _text(have) == wanted:
            found.append(item)
    return found


def _group_by(value: object, prop: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in _items(value):
        have = _property(item, str(prop))
        key = ", ".join(map(_text, have)) if isinstance(have, (list, tuple)) else _text(have)
        groups.setdefault(key, []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def _test(context: RenderContext, variable: str, expression: str, item: object) -> bool:
    return (
        _render_inline_with(context, variable, item, "{% if " + expression + " %}1{% endif %}")
        == "1"
    )


def _render_inline_with(context: RenderContext, variable: str, item: object, source: str) -> str:
    with context.extend({str(variable): item}):
        return _render_inline(context, source)


def _sample(value: object, count: object) -> Any:
    items = _items(value)
    if count is None:
        return random.choice(items) if items else None
    return random.sample(items, min(len(items), int(str(count))))


def _sentence(value: object, connector: str = "and") -> str:
    items = [_text(v) for v in _items(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return ", ".join(items[:-1]) + f", {connector} {items[-1]}"


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _number_of_words(value: object, mode: str = "") -> int:
    text = _text(value)
    if mode == "cjk":
        return len(_CJK.findall(text)) + len(_CJK.sub(" ", text).split())
    if mode == "auto" and _CJK.search(text):
        return _number_of_words(text, "cjk")
    return len(text.split())


def _as_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value:
        return parse_date(value, resolve_zone(None))
    return None


def _date(value: object, format_: Any) -> str:
    date = _as_datetime(value)
    return _text(value) if date is None else str(format_(date))


def _date_string(date: dt.datetime, month: str, kind: str, style: str) -> str:
    if kind == "ordinal":
        day = date.day
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        if style == "US":
            return date.strftime(f"{month} ") + f"{day}{suffix}, {date.year}"
        return f"{day}{suffix} " + date.strftime(f"{month} %Y")
    return f"{date.day:02d} " + date.strftime(f"{month} %Y")


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    return _text(value)


_MARKDOWN: list[MarkdownIt] = []


def _markdown() -> MarkdownIt:
    if not _MARKDOWN:
        _MARKDOWN.append(
            MarkdownIt("commonmark", {"typographer": True}).enable(
                ["table", "strikethrough", "replacements", "smartquotes"]
            )
        )
    return _MARKDOWN[0]
