"""The buffers a render writes to.

:class:`_Output` is the render's output: it counts what is written against
:attr:`.LiquidLimits.output_chars`, reads the clock, and remembers which source
line each stretch of text is from (:meth:`_Output.mark`), so that
:func:`_line_map` can give each output line its line in the post.
:class:`_Captured` is a ``{% capture %}``'s buffer, bounded the same way.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from typing import TYPE_CHECKING

from .state import _more_than, _Stop

if TYPE_CHECKING:
    from .state import _RenderState


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
