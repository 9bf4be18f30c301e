"""What one render keeps and gives back: its limits (:class:`LiquidLimits`),
the problems it meets (:class:`LiquidProblem`), its result (:class:`Rendered`),
the resolver it asks for links (:class:`Resolver`), and its running state
(:class:`_RenderState`: the source, the clock, what was written and assigned),
with the exception that abandons it at a limit (:class:`_Stop`).

Every tag, filter and buffer reaches the state through :func:`_state`;
:func:`_render_inline` renders a bit of Liquid (an include name, a
``where_exp`` test) inside the render under way.
"""

from __future__ import annotations

import io
import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from liquid.exceptions import LiquidError

if TYPE_CHECKING:
    from pathlib import Path

    from liquid import RenderContext, Token


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


@dataclass
class _RenderState:
    """What one render tracks: the post's source, limits, problems."""

    source: str
    first_line: int
    limits: LiquidLimits
    resolver: Resolver | None
    post_dir: str
    html: bool = False
    """Whether the post is HTML (not Markdown): tags write HTML, not Markdown."""
    deadline: float = float("inf")
    written: int = 0
    problems: list[LiquidProblem] = field(default_factory=list)
    include_lines: list[int] = field(default_factory=list)
    dependencies: set[Path] = field(default_factory=set)
    line_starts: list[int] = field(default_factory=list)
    variable_sizes: dict[str, int] = field(default_factory=dict)
    """The size of each variable assigned or captured, as :func:`_made_size` counts."""
    variables_size: int = 0
    unknown_tags: set[tuple[int, int]] = field(default_factory=set)
    """The unknown tags warned about (line, token id): each use is warned about once."""

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


def _more_than(limit: int) -> str:
    return f"more than {limit:,} characters (jekyllposts_liquid_max_output)"


def _state(context: RenderContext) -> _RenderState:
    state: _RenderState = context.env.render_state  # type: ignore[attr-defined]
    return state


def _render_inline(context: RenderContext, text: str) -> str:
    _state(context).check_time()  # where_exp and the like render once per item
    template = context.env.from_string(text)
    out = io.StringIO()
    for node in template.nodes:
        node.render(context, out)
    return out.getvalue()
