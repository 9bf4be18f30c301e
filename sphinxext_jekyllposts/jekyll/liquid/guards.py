"""The limits on what a render makes, beyond what it writes.

Values are sized (:func:`_made_size`, :func:`_written_size`) without being
made text: a filter's inputs and result (:func:`_guarded`), every variable
assigned (:class:`_GuardedContext`), a list or mapping about to be written
(:class:`_GuardedOutputNode`). A value past
:attr:`.LiquidLimits.output_chars`, or a number of more than
:data:`.MAX_NUMBER_BITS` bits, stops the render.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from liquid import BoundTemplate, RenderContext

from ..._compat.liquid import OutputStatementNode, OutputStatementTag, output_text
from .buffer import _Captured
from .state import MAX_NUMBER_BITS, _more_than, _state, _Stop

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterable

    from liquid import Token

    from .state import _RenderState


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


class _GuardedOutputNode(OutputStatementNode):
    """``{{ value }}``: a list or mapping is sized before it is made text."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        value = self.expression.evaluate(context)
        if isinstance(value, list | tuple | dict):
            limit = _state(context).limits.output_chars
            if _written_size(value, limit) > limit:
                raise _Stop(f"a value of {_more_than(limit)} to write", token=self.token)
        return int(buffer.write(output_text(value, context)))


class _GuardedOutput(OutputStatementTag):
    node_class = _GuardedOutputNode
