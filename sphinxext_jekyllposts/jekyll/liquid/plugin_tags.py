"""The tags of Jekyll plugins people depend on, and the site's own tags mapped
to include templates.

- ``{% gist user/id [file] %}`` (jekyll-gist, a GitHub Pages default): the
  gist's ``<script>`` embed, and, since the gist's code is never fetched, a
  ``<noscript>`` link to the gist (:class:`_Gist`);
- ``{% figure [caption:"..."] [class:"..."] %}...{% endfigure %}``
  (jekyll-figure): a ``<figure>`` around the content, read as Markdown, with a
  ``<figcaption>`` (:class:`_Figure`);
- a tag named in ``jekyllposts_liquid_tags`` renders its include template, the
  tag's arguments given as ``include.*``; with an ``{% end<name> %}`` after it
  in the same file it is a block, its rendered content ``include.content``
  (:func:`mapped_tag`).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, cast

from liquid import Node, Tag, TokenStream, is_undefined
from liquid.builtin.expressions import FilteredExpression
from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.token import TOKEN_EOF, TOKEN_TAG

from .buffer import _Output
from .includes import _INCLUDE_PARAM, include_parameter, render_include
from .state import _render_inline, _state
from .tags import _expression_text

if TYPE_CHECKING:
    from liquid import RenderContext, Token

    from .renderer import JekyllEnvironment

# A gist id or file name: a word of anything but white space.
_VARIABLE = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")
# Liquid::TagAttributes: `name: value`, the value quoted or a run of other
# characters (each alternative starts with a different character: linear).
_TAG_ATTRIBUTE = re.compile(
    r"""(\w[\w-]*)\s*:\s*("[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+)"""
)
# A positional argument of a mapped tag: a quoted string or a run of non-space.
_ARGUMENT = re.compile(r""""([^"]*)"|'([^']*)'|(\S+)""")


def _looked_up(context: RenderContext, token: Token, word: str) -> object:
    """``word`` itself, or the value of the variable it names when there is one
    (jekyll-gist: ``context[gist_id] if context.key?(gist_id)``)."""
    if not _VARIABLE.fullmatch(word):
        return word
    expression = FilteredExpression.parse(
        context.env, TokenStream(tokenize_expression(word, parent_token=token))
    )
    value = expression.evaluate(context)
    return word if value is None or is_undefined(value) else value


class _GistNode(Node):
    __slots__ = ("arguments",)

    def __init__(self, token: Token, arguments: list[str]) -> None:
        super().__init__(token)
        self.arguments = arguments
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        found = [str(_looked_up(context, self.token, word)) for word in self.arguments]
        gist, file = found[0], (found[1] if len(found) > 1 else "")
        url = f"https://gist.github.com/{gist}.js"
        if file:
            url += f"?file={file}"
        page = f"https://gist.github.com/{gist}"
        text = (
            f'<script src="{html.escape(url)}"> </script>'
            f'<noscript><a href="{html.escape(page)}">{html.escape(page)}</a></noscript>'
        )
        return int(buffer.write(text))


class _Gist(Tag):
    """``{% gist user/1234567 [file.rb] %}``."""

    name = "gist"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        words = _expression_text(stream).split()
        if not 1 <= len(words) <= 2:
            raise LiquidSyntaxError(
                "'{% gist %}' is '{% gist user/1234567 %}' or '{% gist user/1234567 file.rb %}'",
                token=token,
            )
        return _GistNode(token, words)


def _unquoted(value: str) -> str:
    # jekyll-figure: value.gsub!(/\A"|"\Z/, ""), so only double quotes go.
    if value.startswith('"'):
        value = value[1:]
    if value.endswith('"'):
        value = value[:-1]
    return value


_PARAGRAPH_TAG = re.compile(r"</?p(?=[\s>])[^>]*+>")


def _figure_paragraphs(context: RenderContext) -> bool:
    """jekyll-figure's ``paragraphs`` setting (``jekyll-figure:`` in
    ``_config.yml``, as the plugin reads it from the site's configuration)."""
    site = context.resolve("site", default=None)
    settings = site.get("jekyll-figure") if isinstance(site, dict) else None
    return not (isinstance(settings, dict) and settings.get("paragraphs") is False)


class _FigureNode(Node):
    __slots__ = ("block", "markup")

    def __init__(self, token: Token, markup: str, block: Node) -> None:
        super().__init__(token)
        self.markup = markup
        self.block = block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        markup = _render_inline(context, self.markup) if "{" in self.markup else self.markup
        attributes = {m[1]: m[2] for m in _TAG_ATTRIBUTE.finditer(markup)}
        opening = "<figure"
        if "class" in attributes:
            opening += f' class="{_unquoted(attributes["class"])}"'
        inner = buffer.child() if isinstance(buffer, _Output) else _Output(_state(context))
        self.block.render(context, inner)
        content = inner.getvalue()
        caption = ""
        if "caption" in attributes:
            smartify = context.env.filters["smartify"]
            caption = smartify(_unquoted(attributes["caption"])).strip()
            caption = f"  <figcaption>{caption}</figcaption>\n"
        if not _figure_paragraphs(context):
            # `jekyll-figure: {paragraphs: false}`: the plugin converts the
            # content itself and strips its paragraphs; one HTML block.
            converted = _PARAGRAPH_TAG.sub("", context.env.filters["markdownify"](content))
            return int(buffer.write(f"\n\n{opening}>\n{converted.strip()}\n{caption}</figure>\n\n"))
        # The content is Markdown of its own, between the HTML of the figure.
        # (kramdown reads an HTML block raw unless it says markdown="1").
        written = int(buffer.write(f'\n\n{opening} markdown="1">\n\n'))
        start = len(content) - len(content.lstrip("\r\n"))
        end = max(len(content.rstrip()), start)
        if isinstance(buffer, _Output):
            buffer.write_from(inner, start, end)
        else:
            buffer.write(content[start:end])
        written += end - start
        return written + int(buffer.write(f"\n\n{caption}</figure>\n\n"))


class _Figure(Tag):
    """``{% figure caption:"..." class:"..." %}...{% endfigure %}``."""

    name = "figure"
    end = "endfigure"
    block = True

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        markup = _expression_text(stream)
        next(stream)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return _FigureNode(token, markup, block)


class _MappedNode(Node):
    __slots__ = ("arguments", "block", "template")

    def __init__(self, token: Token, template: str, arguments: str, block: Node | None) -> None:
        super().__init__(token)
        self.template = template
        self.arguments = arguments
        self.block = block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        name = self.token.value
        return render_include(
            self.token,
            context,
            buffer,
            f"'{{% {name} %}}' (jekyllposts_liquid_tags: {self.template})",
            self.template,
            params=lambda: self._include(context),
        )

    def _include(self, context: RenderContext) -> dict[str, object]:
        """``include``: ``args`` (each positional argument), ``arg1``, ``arg2``, ...,
        every ``key=value``, ``markup`` (the text after the tag name) and, for a
        block, ``content``."""
        text = self.arguments
        values: dict[str, object] = {}
        positional: list[object] = []
        position = 0
        for match in _INCLUDE_PARAM.finditer(text):
            positional += self._positional(context, text[position : match.start()])
            values[match[1]] = include_parameter(context, self.token, match)
            position = match.end()
        positional += self._positional(context, text[position:])
        values.update({f"arg{i}": value for i, value in enumerate(positional, 1)})
        values.update({"args": positional, "markup": text})
        if self.block is not None:
            inner = _Output(_state(context))
            self.block.render(context, inner)
            values["content"] = inner.getvalue()
        return values

    def _positional(self, context: RenderContext, text: str) -> list[object]:
        found: list[object] = []
        for match in _ARGUMENT.finditer(text):
            if match[3] is None:
                found.append(match[1] if match[1] is not None else match[2])
            else:
                found.append(_looked_up(context, self.token, match[3]))
        return found


class _MappedTag(Tag):
    """A tag of ``jekyllposts_liquid_tags``: ``template`` is its include file."""

    block = False
    template = ""

    def parse(self, stream: TokenStream) -> Node:
        token = stream.current
        arguments = _expression_text(stream)
        env = cast("JekyllEnvironment", self.env)
        block = None
        if self.name in env.closed_tags(token.source):
            next(stream)
            block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
            stream.expect(TOKEN_TAG, value=self.end)
        return _MappedNode(token, self.template, arguments, block)


def mapped_tag(name: str, template: str) -> type[Tag]:
    """The tag class of ``{% name %}``, rendering the include ``template``."""
    return type(
        f"_Mapped_{name}", (_MappedTag,), {"name": name, "end": f"end{name}", "template": template}
    )
