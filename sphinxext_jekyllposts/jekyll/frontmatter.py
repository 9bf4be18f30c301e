"""Splitting a Jekyll file into its YAML front matter and its body.

Jekyll recognises front matter with one regular expression
(``Document::YAML_FRONT_MATTER_REGEXP``): the file starts with ``---``, and the
block ends at the first line that is ``---`` or ``...``. It loads the block with
Psych's safe loader, which knows dates and times but no other tags.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, ProblemKind

# Jekyll's regexp, Ruby's always-multiline ^ and $ spelled out, and its ASCII \s;
# atomic, as no earlier newline of the opening can lead to a closing line when its
# last one does not.
_FRONT_MATTER = re.compile(
    r"\A(---(?>\s*\n).*?\n?)^((?:---|\.\.\.)\s*$\n?)", re.S | re.M | re.ASCII
)
_OPENING = re.compile(r"\A---\s*\r?\n", re.ASCII)
# `---` ended by a carriage return alone: classic Mac OS line endings.
_CR_ONLY_OPENING = re.compile(r"\A---[ \t]*\r(?!\n)")
# The white space before the colon is stripped after matching: a lazy key
# followed by \s* retried every space of a long line.
_TOP_LEVEL_KEY = re.compile(r"""^("[^"]*+"\s*+|'[^']*+'\s*+|[^\s#:'"][^:]*+):(?:\s|$)""")


# libyaml's parser when PyYAML has it (every PyPI wheel does): several times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _JekyllYamlLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, made to fail softer where Psych would not fail.

    A timestamp that is not a real date (``2015-02-30``) stays a string, so it
    reaches the date parser and gets a precise warning instead of sinking the
    whole front matter.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []
        """Each key given twice in one mapping, with its 0-based line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, key_node.start_mark.line))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_JekyllYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _JekyllYamlLoader.construct_yaml_timestamp
)


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of one file.

    ``data`` is the YAML mapping (empty when there is none or it could not be
    read), ``present`` says whether the file opened a front matter block at all,
    and ``body_line`` is the 1-based line on which the body starts.
    """

    data: dict[str, Any]
    present: bool
    body_line: int
    body_offset: int
    problems: tuple[Problem, ...] = field(default=())
    key_lines: dict[str, int] = field(default_factory=dict)
    """The 1-based line of each top-level key, for warnings that point at it."""

    def line_of(self, key: str) -> int:
        """The line of ``key`` in the file, else the first line."""
        return self.key_lines.get(key, 1)


def body_start(text: str) -> tuple[int, int]:
    """Where the body of ``text`` starts: (character offset, 1-based line).

    Only the regular expression runs, no YAML: for a parser that already has
    the front matter's data.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return 0, 1
    return match.end(), text.count("\n", 0, match.end()) + 1


def split_front_matter(text: str, *, path: str = "", max_chars: int = 0) -> FrontMatter:
    """Split ``text`` as Jekyll does and load its YAML front matter.

    Never raises for bad input: problems come back in ``FrontMatter.problems``
    with the line they are on, and the data is whatever could be understood
    (nothing, when the YAML itself is broken). Front matter longer than
    ``max_chars`` (when given) is not loaded at all.
    """
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if match is None:
        problems: tuple[Problem, ...] = ()
        if _OPENING.match(text):
            problems = (
                Problem(
                    path,
                    1,
                    ProblemKind.FRONT_MATTER,
                    "front matter is opened with '---' but never closed; "
                    "the whole file is read as the body, as Jekyll does",
                ),
            )
        elif _CR_ONLY_OPENING.match(text):
            # Jekyll's expression wants a line feed after the opening `---`.
            problems = (
                Problem(
                    path,
                    1,
                    ProblemKind.FRONT_MATTER,
                    "the lines end in a carriage return alone (classic Mac OS), so Jekyll "
                    "sees no front matter: the whole file is read as the body, as Jekyll "
                    "does; convert the line endings to LF",
                ),
            )
        return FrontMatter({}, present=False, body_line=1, body_offset=0, problems=problems)

    yaml_text = match.group(1)
    body_offset = match.end()
    body_line = text.count("\n", 0, body_offset) + 1
    if max_chars and len(yaml_text) > max_chars:
        problem = Problem(
            path,
            1,
            ProblemKind.LIMIT,
            f"the front matter is {len(yaml_text):,} characters, more than the "
            f"{max_chars:,} read (jekyllposts_max_front_matter); it is ignored",
        )
        return FrontMatter({}, True, body_line, body_offset, problems=(problem,))
    data, problems = load_yaml_mapping(yaml_text, path=path, first_line=1)
    return FrontMatter(
        data,
        present=True,
        body_line=body_line,
        body_offset=body_offset,
        problems=problems,
        key_lines=top_level_key_lines(yaml_text),
    )


def top_level_key_lines(yaml_text: str) -> dict[str, int]:
    """The 1-based line of each top-level key of a YAML mapping (its first)."""
    key_lines: dict[str, int] = {}
    for number, line in enumerate(yaml_text.splitlines(), start=1):
        key = top_level_key(line)
        if key is not None:
            key_lines.setdefault(key, number)
    return key_lines


def top_level_key(line: str) -> str | None:
    """The key a line of front matter starts (``title: x``, ``"a b": x``), if any."""
    key = _TOP_LEVEL_KEY.match(line)
    return key.group(1).rstrip().strip("'\"") if key else None


def load_yaml_mapping(
    yaml_text: str, *, path: str, first_line: int
) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """Load YAML that should be a mapping; report anything else as a problem."""
    try:
        data, duplicates = load_yaml_noting_duplicates(yaml_text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        reason = error.problem or error.context or "malformed YAML"
        return {}, (
            Problem(
                path,
                line,
                ProblemKind.FRONT_MATTER,
                f"malformed YAML front matter: {reason}",
            ),
        )
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        return {}, (
            Problem(
                path,
                first_line,
                ProblemKind.FRONT_MATTER,
                f"malformed YAML front matter: {error}",
            ),
        )
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        kind = _yaml_kind(data)
        return {}, (
            Problem(
                path,
                first_line,
                ProblemKind.FRONT_MATTER,
                f"front matter is {kind}, not a mapping of keys to values; it is ignored",
            ),
        )
    problems = tuple(
        Problem(
            path,
            first_line + line,
            ProblemKind.FRONT_MATTER,
            f"key {ruby_str(key)!r} is given more than once; the last value is used, "
            "as Jekyll does",
        )
        for key, line in duplicates
    )
    # Jekyll's keys are strings; YAML allows others (``1: x``), Ruby would keep
    # them but no Jekyll key can match, so they are stringified like Ruby's to_s.
    return {ruby_str(key): value for key, value in data.items()}, problems


_INNER_TAB = re.compile(r"(?<=\S)([ ]*)\t")


def load_yaml(yaml_text: str) -> Any:
    """YAML as Jekyll (Psych, safe) reads it: no Python tags."""
    return load_yaml_noting_duplicates(yaml_text)[0]


def _loaded(yaml_text: str) -> tuple[Any, list[tuple[str, int]]]:
    loader = _JekyllYamlLoader(yaml_text)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def load_yaml_noting_duplicates(yaml_text: str) -> tuple[Any, list[tuple[str, int]]]:
    """:func:`load_yaml`, and each key given twice (with its 0-based line)."""
    try:
        return _loaded(yaml_text)
    except yaml.MarkedYAMLError:
        # Psych accepts a tab inside a value (``tags: a b<TAB>c``), PyYAML does
        # not; a tab after text is read as a space, indentation tabs stay errors.
        if "\t" not in yaml_text:
            raise
        untabbed = _INNER_TAB.sub(lambda m: m.group(1) + " ", yaml_text)
        try:
            return _loaded(untabbed)
        except yaml.YAMLError:
            pass
        raise


def _yaml_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a single {type(value).__name__} value"


def ruby_truthy(value: object) -> bool:
    """Ruby's truth: only ``nil`` and ``false`` are false (``0`` and ``""`` are true)."""
    return value is not None and value is not False


def ruby_str(value: object) -> str:
    """``value.to_s`` as Ruby would write it, for the types YAML gives.

    Bounded: a list built from YAML aliases (a "billion laughs") is cut off
    with ``…`` after 10,000 items, or about 1,000,000 characters of the strings
    in it, rather than expanded.
    """
    return _ruby(value, [_MAX_ITEMS], inspect=False)


def _ruby(value: object, budget: list[int], *, inspect: bool) -> str:
    budget[0] -= 1
    if budget[0] < 0:
        return "…"
    if isinstance(value, str):
        if inspect:
            budget[0] -= len(value) // _CHARS_PER_ITEM
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return value
    if value is None:
        return "nil" if inspect else ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z").strip()
    if isinstance(value, list):
        items = []
        for item in value:
            items.append(_ruby(item, budget, inspect=True))
            if budget[0] < 0:
                break
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        pairs = []
        for key, item in value.items():
            pairs.append(f"{_ruby(key, budget, inspect=True)}=>{_ruby(item, budget, inspect=True)}")
            if budget[0] < 0:
                break
        return "{" + ", ".join(pairs) + "}"
    return str(value)


_MAX_ITEMS = 10_000
_CHARS_PER_ITEM = 100
_MAX_DEPTH = 32


def value_text(value: object) -> str:
    """One front matter value as text: lists joined with ``", "``, dates in ISO
    8601, mappings as ``key: value`` pairs. Bounded, so a YAML alias bomb
    yields a truncated string rather than exhausting memory."""
    parts: list[str] = []
    budget = [_MAX_ITEMS]
    _write(value, parts, budget, 0)
    return "".join(parts)


def _write(value: object, parts: list[str], budget: list[int], depth: int) -> None:
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        if budget[0] == -1 or depth == _MAX_DEPTH + 1:
            parts.append("…")
        return
    if value is None:
        return
    if value is True or value is False:
        parts.append("true" if value else "false")
    elif isinstance(value, dt.date):
        parts.append(value.isoformat())
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            if index:
                parts.append(", ")
            _write(item, parts, budget, depth + 1)
            if budget[0] < 0:
                break
    elif isinstance(value, dict):
        for index, (key, item) in enumerate(value.items()):
            if index:
                parts.append(", ")
            parts.append(f"{key}: ")
            _write(item, parts, budget, depth + 1)
            if budget[0] < 0:
                break
    else:
        parts.append(str(value))
