"""python-liquid's names that are not its public API, each behind one small
function, class or constant saying what it relies on.

Checked with python-liquid 2.3.6 (installed here) and 2.3.3 (the oldest that
``pyproject.toml`` allows, which the oldest test session installs): the
sources relied on are the same in both. ``tests/test_compat_liquid.py`` fails
when a release changes any of it. No Sphinx, docutils or MyST import here:
:mod:`sphinxext_jekyllposts.jekyll.liquid` imports this module.

Public, and so imported from their own places everywhere else: what
``liquid/__init__.py`` exports (``Environment``, ``BoundTemplate``,
``RenderContext``, ``Mode``, ``Node``, ``Tag``, ``Token``, ``TokenStream``,
``is_undefined``), and what python-liquid 2's documentation shows custom tags
and filters using: ``liquid.exceptions`` (its API reference),
``liquid.filter.with_context`` (the custom filters guide and the API
reference), ``liquid.parser.get_parser`` and ``liquid.token.TOKEN_EOF``,
``TOKEN_TAG`` and ``TOKEN_EXPRESSION`` (the custom tags guide), and
``liquid.builtin.expressions.tokenize`` and ``FilteredExpression.parse`` (the
migration guide's way to parse an expression in a tag).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Final, Protocol, cast

from liquid import Tag
from liquid.builtin.content import ContentNode, Literal
from liquid.builtin.output import Output, OutputNode
from liquid.lex import _tokenize_template
from liquid.stringify import to_liquid_string
from liquid.token import TOKEN_CONTENT, TOKEN_ILLEGAL, TOKEN_OUTPUT

if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator

    from liquid import RenderContext, Token

# The template lexer --------------------------------------------------------------------

OUTPUT_RULE: Final = TOKEN_OUTPUT
"""The rule name (``lastgroup``) of an ``{{ output }}`` match, as
``liquid.lex._tokenize_template`` compares it: ``liquid.token.TOKEN_OUTPUT``."""

CONTENT_RULE: Final = TOKEN_CONTENT
"""The rule name (``lastgroup``) of a match of template text, as
``liquid.lex._tokenize_template`` compares it: ``liquid.token.TOKEN_CONTENT``."""


class RuleMatch(Protocol):
    """What ``liquid.lex._tokenize_template`` reads of a match: ``lastgroup``,
    ``group()``, ``group(name)``, ``start()``, ``start(name)`` and ``end()``."""

    lastgroup: str

    def group(self, name: str | int = 0) -> str | None: ...

    def start(self, name: str | int = 0) -> int: ...

    def end(self) -> int: ...


class Rules(Protocol):
    """What ``liquid.lex._tokenize_template`` asks of its compiled rules: only
    ``finditer(source)``."""

    def finditer(self, source: str) -> Iterator[RuleMatch]: ...


def template_lexer(rules: Rules) -> Callable[[str], Iterator[Token]]:
    """python-liquid's lexer, taking its matches from ``rules.finditer``.

    Relies on ``liquid.lex._tokenize_template(source, rules)`` (the function
    ``liquid.lex.get_lexer`` makes its lexer of, with ``rules=`` the compiled
    expression): it calls ``rules.finditer(source)`` only, reads of each match
    what :class:`RuleMatch` has, and knows the rules and groups of
    ``liquid.lex.compile_liquid_rules`` without comments: ``RAW`` (groups
    ``raw``, ``rsr``), ``DOC`` (``doc``, ``rsd``), :data:`OUTPUT_RULE`
    (``stmt``, ``rss``), ``TAG`` (``name``, ``expr``, ``rst``) and
    :data:`CONTENT_RULE` (``rstrip``). Checked with python-liquid 2.3.3 and 2.3.6.
    """
    # Duck-typed: _tokenize_template only calls the rules' finditer.
    return partial(_tokenize_template, rules=cast("re.Pattern[str]", rules))


# The pseudo tags the parser asks for ---------------------------------------------------


class TextNode(ContentNode):
    """python-liquid's node of template text, to subclass.

    Relies on ``liquid.builtin.content.ContentNode``: made as
    ``(token, text)``, it keeps ``.token`` and ``.text``, has ``__slots__``,
    and is rendered by ``render_to_output(context, buffer)``, which returns the
    number of characters written. Checked with python-liquid 2.3.3 and 2.3.6.
    """

    __slots__ = ()


class TextTag(Literal):
    """python-liquid's pseudo tag for template text, to subclass with a
    ``node_class`` and give to ``Environment.add_tag``, which then replaces it.

    Relies on ``liquid.builtin.content.Literal``: its ``name`` is
    ``liquid.token.TOKEN_CONTENT``, the tag the parser asks for every content
    token, and its ``parse`` makes ``node_class(token, token.value)``.
    Checked with python-liquid 2.3.3 and 2.3.6.
    """


class OutputStatementNode(OutputNode):
    """python-liquid's node of an output statement (``{{ value }}``), to subclass.

    Relies on ``liquid.builtin.output.OutputNode``: made as
    ``(token, expression)``, it keeps ``.token`` and ``.expression`` (whose
    ``evaluate(context)`` is the value with its filters applied), has
    ``__slots__``, and is rendered by ``render_to_output(context, buffer)``,
    which returns the number of characters written. Checked with python-liquid
    2.3.3 and 2.3.6.
    """

    __slots__ = ()


class OutputStatementTag(Output):
    """python-liquid's pseudo tag for output statements, to subclass with a
    ``node_class`` and give to ``Environment.add_tag``, which then replaces it.

    Relies on ``liquid.builtin.output.Output``: its ``name`` is
    ``liquid.token.TOKEN_OUTPUT``, the tag the parser asks for every output
    token, and its ``parse`` makes ``node_class(token, expression)``. Checked
    with python-liquid 2.3.3 and 2.3.6.
    """


def output_text(value: object, context: RenderContext) -> str:
    """``value`` as an output statement writes it: ``true``, nothing for nil,
    a list's items joined, a range as ``1..3``, escaped when the environment
    autoescapes.

    Relies on ``liquid.stringify.to_liquid_string(value, autoescape)``, what
    ``liquid.builtin.output.OutputNode`` writes, and on
    ``RenderContext.autoescape``. Checked with python-liquid 2.3.3 and 2.3.6.
    """
    return to_liquid_string(value, context.autoescape)


class FallbackTag(Tag):
    """The base of a tag the parser gives every tag name no tag is registered
    for, given to ``Environment.add_tag`` in place of python-liquid's.

    Relies on ``liquid.parser.Parser``: a tag token whose name is not in
    ``Environment.tags`` is parsed by ``tags[liquid.token.TOKEN_ILLEGAL]``
    (``liquid.builtin.illegal.Illegal`` unless replaced), with the unknown
    tag's token at the head of the stream. Checked with python-liquid 2.3.3
    and 2.3.6.
    """

    name = TOKEN_ILLEGAL
    block = False
