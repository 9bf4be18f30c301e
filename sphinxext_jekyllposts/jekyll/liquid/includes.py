"""``{% include %}`` and ``{% include_relative %}``, and the sandbox that says
which files they may read.

:func:`include_file` finds and parses an include: never outside the site
folder (``..``, absolute paths and symbolic links out are refused), an
``include`` only inside ``_includes/``, a file at most
:data:`MAX_INCLUDE_BYTES` long; includes nest at most
:data:`MAX_INCLUDE_DEPTH` deep. Each file asked for is a dependency of the
post, found or not.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquid import Node, Tag, TokenStream
from liquid.builtin.expressions import FilteredExpression
from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.exceptions import LiquidError, LiquidSyntaxError

from ..files import FileTooLarge, RefusedFile, is_inside, read_site_file, real_path
from .state import _render_inline
from .tags import _expression_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from liquid import RenderContext, Token

    from .renderer import JekyllEnvironment


MAX_INCLUDE_DEPTH = 10
MAX_INCLUDE_BYTES = 1_000_000
# A name starts a word: from inside one, each start rescanned the rest of it.
_INCLUDE_PARAM = re.compile(
    r"""(?<![\w-])([\w-]++)\s*+=\s*+"""
    r"""(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]'"-]+))"""
)
# Atomic: what follows the name always matches, so each part is taken at its first fit.
_INCLUDE_VARIABLE_NAME = re.compile(r"^((?>[^\s{]*\{\{.*?\}\}[^\s{]*)+)(.*)$", re.S)


class _IncludeNode(Node):
    __slots__ = ("file", "params", "relative")

    def __init__(self, token: Token, file: str, params: str, *, relative: bool) -> None:
        super().__init__(token)
        self.file = file
        self.params = params
        self.relative = relative
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        name = self.file
        if "{{" in name:
            name = _render_inline(context, name).strip()
        tag = "include_relative" if self.relative else self.token.value
        return render_include(
            self.token,
            context,
            buffer,
            f"'{{% {tag} {name} %}}'",
            name,
            params=lambda: {
                key: include_parameter(context, self.token, match)
                for match in _INCLUDE_PARAM.finditer(self.params)
                for key in (match[1],)
            },
            relative=self.relative,
        )


def include_parameter(context: RenderContext, token: Token, match: re.Match[str]) -> object:
    """The value of a ``key=value`` of :data:`_INCLUDE_PARAM`, as Jekyll reads it."""
    if match[2] is not None:
        return match[2].replace('\\"', '"')
    if match[3] is not None:
        return match[3].replace("\\'", "'")
    expression = FilteredExpression.parse(
        context.env,
        TokenStream(tokenize_expression(match[4], parent_token=token)),
    )
    return expression.evaluate(context)


def _split_at_space(text: str) -> tuple[str, str, str]:
    """``text`` cut at its first run of white space (``str.partition`` on any)."""
    parts = text.split(None, 1)
    if len(parts) < 2:
        return text, "", ""
    return parts[0], " ", parts[1]


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
            # Jekyll: markup.split(/\s+/, 2): a line break separates as a space does.
            file, _, params = _split_at_space(text)
        return _IncludeNode(token, file, params, relative=self.relative)


class _IncludeCached(_Include):
    """jekyll-include-cache's ``{% include_cached %}``: an include (its cache
    only saves Jekyll time)."""

    name = "include_cached"


class _IncludeRelative(_Include):
    name = "include_relative"
    relative = True


def render_include(
    token: Token,
    context: RenderContext,
    buffer: Any,
    written: str,
    name: str,
    *,
    params: Callable[[], dict[str, object]],
    relative: bool = False,
) -> int:
    """Render the include ``name`` into ``buffer``, its ``include`` the result of
    ``params()``; ``written`` names the tag in warnings (``'{% include x %}'``)."""
    env: JekyllEnvironment = context.env  # type: ignore[assignment]
    state = env.render_state
    if len(state.include_lines) >= MAX_INCLUDE_DEPTH:
        state.problem(
            token,
            "include",
            f"{written} is nested more than {MAX_INCLUDE_DEPTH} "
            "includes deep (does it include itself?); not rendered",
        )
        return 0
    found = include_file(env, name, relative=relative, post_dir=state.post_dir)
    if isinstance(found, str):
        state.problem(token, "include", f"{written}: {found}")
        return 0
    _path, template = found
    values = params()
    state.include_lines.append(state.line_of(token))
    try:
        template.render_with_context(context, buffer, partial=True, include=values)
    finally:
        state.include_lines.pop()
    return 1


def include_file(
    env: JekyllEnvironment, name: str, *, relative: bool, post_dir: str
) -> tuple[Path, Any] | str:
    """The parsed template of an include, or why there is none."""
    if env.site_dir is None:
        return "includes need the site folder"
    if not name or "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an include path must be relative"
    # os.path.realpath, not Path.resolve: that raises on a link loop before 3.13.
    root = real_path(env.site_dir)
    base = (env.site_dir / post_dir) if relative else (env.site_dir / env.includes_dir)
    parts = Path(name).parts
    if not relative and ".." in parts:
        return "an include path may not contain '..'"
    path = Path(real_path(base / name))
    env.render_state.dependencies.add(base / name)
    if not relative:
        folder = real_path(base)
        if not is_inside(folder, root):
            return f"the {env.includes_dir}/ folder is outside the site folder; refused"
        if not is_inside(path, folder):
            return f"the file is outside {env.includes_dir}/; refused"
    if not is_inside(path, root):
        return "the file is outside the site folder; refused"
    if path in env.include_templates:
        return path, env.include_templates[path]
    try:
        raw = read_site_file(base / name, inside=root, max_bytes=MAX_INCLUDE_BYTES)
    except FileNotFoundError:
        where = "next to the post" if relative else f"in {env.includes_dir}/"
        return f"no such file {where}; it renders nothing"
    except RefusedFile as error:
        return f"{error}; not rendered"
    except FileTooLarge:
        return f"the file is larger than {MAX_INCLUDE_BYTES:,} bytes; not rendered"
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    text = raw.decode("utf-8", errors="replace")
    try:
        env.recording = False
        template = env.from_string(text, name=name, path=path)
    except LiquidError as error:
        return f"its Liquid does not parse: {getattr(error, 'message', error)}"
    finally:
        env.recording = True
    env.include_templates[path] = template
    return path, template
