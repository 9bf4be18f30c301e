"""Jekyll's tags, but the includes (:mod:`.includes`), and what the other tags
render to.

- template text marks the output with its source line (:class:`_TrackedContent`);
- a tag no one knows renders nothing and is noted where it is used
  (:class:`_UnknownTag`),
  a misplaced ``else`` or ``endif`` is a syntax error;
- ``{% highlight %}`` becomes a fenced code block (:class:`_Highlight`);
- ``{% post_url %}`` and ``{% link %}`` ask the render's resolver
  (:class:`_PostUrl`, :class:`_Link`).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from liquid import Node, Tag
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..._compat.liquid import FallbackTag, TextNode, TextTag
from .buffer import _Output
from .state import _render_inline, _state

if TYPE_CHECKING:
    from liquid import RenderContext, Token, TokenStream

    from .renderer import JekyllEnvironment


_HIGHLIGHT = re.compile(r"""^([\w+#.-]+)((?:\s+\w+(?:=(?:\w+|"[^"]*"|'[^']*'))?)*)\s*$""", re.ASCII)
_HIGHLIGHT_OPTION = re.compile(r"""(\w+)(?:=(\w+|"[^"]*"|'[^']*'))?""", re.ASCII)
_TAG_OPENING = re.compile(r"\{%-?\s*$")
_STRUCTURE_WORDS = frozenset({"else", "elsif", "when", "break", "continue"})


class _TrackedContent(TextNode):
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


class _Content(TextTag):
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


class _UnknownTag(FallbackTag):
    """A tag python-liquid and Jekyll do not have: renders nothing, noted where used."""

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        name = token.value
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        if not name:
            raise LiquidSyntaxError("missing tag name", token=token)
        if name in _STRUCTURE_WORDS or (name.startswith("end") and name[3:] in self.env.tags):
            raise LiquidSyntaxError(f"unexpected '{{% {name} %}}'", token=token)
        if name.startswith("end") and len(name) > 3:
            return _Nothing(token)
        return _UnknownNode(token)


class _UnknownNode(_Nothing):
    """An unknown tag: renders nothing, and is warned about at each place it is
    rendered from (once per line of the post, however often a loop renders it)."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        env.unknown_tag(self.token.value, self.token)
        return 0


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
        if _state(context).html:
            # An HTML post is not converted: the block is HTML, as Jekyll writes it.
            return int(buffer.write(highlighted_html(code[start:end], self.language)))
        longest = max((len(run) for run in re.findall("`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        # A directive, not a Markdown fence: line numbers only with `linenos`,
        # whatever kramdown's options give fences. An option line, then a blank
        # line, so that code starting with "---" or ":x:" stays code.
        lines = [f"{fence}{{code-block}} {self.language}", ":force:"]
        if "linenos" in self.options:
            lines.append(":linenos:")
        marked = self.options.get("mark_lines", "").strip("\"'").split()
        if marked and all(n.isdigit() for n in marked):
            lines.append(":emphasize-lines: " + ",".join(marked))
        lines.append("")
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


def highlighted_html(code: str, language: str) -> str:
    """``{% highlight %}`` as Jekyll writes it (Rouge's classes are Pygments'):
    ``<figure class="highlight"><pre><code class="language-x" data-lang="x">``."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        body = html.escape(code, quote=False)  # Rouge falls back to plain text
    else:
        body = highlight(code, lexer, HtmlFormatter(nowrap=True)).removesuffix("\n")
    name = html.escape(language)
    return (
        f'<figure class="highlight"><pre><code class="language-{name}" data-lang="{name}">'
        f"{body}</code></pre></figure>"
    )


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


class _PostUrl(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        return _LinkNode(token, self.name, _expression_text(stream))


class _Link(_PostUrl):
    name = "link"
