"""What :mod:`sphinxext_jekyllposts._compat.liquid` relies on in python-liquid,
one test per function, class or constant: each fails, naming the behaviour,
when a python-liquid release changes it."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import liquid.lex
from liquid import Environment, Node, RenderContext
from liquid.builtin.content import Literal
from liquid.builtin.illegal import Illegal
from liquid.builtin.output import Output

from sphinxext_jekyllposts._compat import liquid as compat
from sphinxext_jekyllposts._compat.liquid import (
    CONTENT_RULE,
    OUTPUT_RULE,
    FallbackTag,
    OutputStatementNode,
    OutputStatementTag,
    TextNode,
    TextTag,
    output_text,
    template_lexer,
)

#: Every rule and group the linear lexer's matches have (jekyll/liquid/lexer.py).
OUR_RULES = {"RAW", "DOC", "TAG", OUTPUT_RULE, CONTENT_RULE}
OUR_GROUPS = {"raw", "rsr", "rsr_e", "doc", "lsd", "rsd", "stmt", "rss", "name", "expr", "rst"}
OUR_GROUPS |= {"rstrip"}

SOURCE = (
    "a {{ x | upcase -}} {%- if y %}{% raw %}{{z}}{% endraw %}{% doc %}d{% enddoc %}"
    "{% comment %}{% if %}{% endcomment %}b{% endif %}\n"
)
TOKENS = [
    ("content", "a ", 0),
    ("output", "{{ x | upcase -}}", 2),
    ("expression", "x | upcase", 5),
    ("tag", "if", 24),
    ("expression", "y", 27),
    ("content", "{{z}}", 31),
    ("doc", "d", 57),
    ("tag", "comment", 82),
    ("comment", "{% if %}", 92),
    ("tag", "endcomment", 103),
    ("content", "b", 116),
    ("tag", "endif", 120),
    ("content", "\n", 128),
]


class _ReadMatch:
    """A match of python-liquid's own rules that notes what is read of it, and
    fails on anything the linear lexer's matches do not have."""

    __slots__ = ("_match", "_reads")

    def __init__(self, match, reads):
        self._match = match
        self._reads = reads

    @property
    def lastgroup(self):
        self._reads.add(("lastgroup", self._match.lastgroup))
        return self._match.lastgroup

    def group(self, name=0):
        self._reads.add(("group", name))
        return self._match.group(name)

    def start(self, name=0):
        self._reads.add(("start", name))
        return self._match.start(name)

    def end(self):
        self._reads.add(("end", 0))
        return self._match.end()

    def __getattr__(self, name):
        raise AssertionError(
            f"liquid.lex._tokenize_template now reads match.{name}, which the linear "
            "lexer's matches do not have"
        )


class _ReadRules:
    """python-liquid's compiled rules, offering only ``finditer``."""

    __slots__ = ("_reads", "_rules", "asked")

    def __init__(self, reads):
        self._rules = liquid.lex.compile_liquid_rules()
        self._reads = reads
        self.asked = []

    def finditer(self, source):
        self.asked.append(source)
        return (_ReadMatch(m, self._reads) for m in self._rules.finditer(source))

    def __getattr__(self, name):
        raise AssertionError(
            f"liquid.lex._tokenize_template now asks its rules for {name!r}; the linear "
            "lexer's rules have only finditer"
        )


def test_template_lexer_hands_the_matches_to_python_liquids_tokenizer():
    parameters = list(inspect.signature(liquid.lex._tokenize_template).parameters)
    assert parameters == ["source", "rules"], (
        f"liquid.lex._tokenize_template takes {parameters}, not (source, rules)"
    )
    reads = set()
    rules = _ReadRules(reads)
    tokens = [tuple(token)[:3] for token in template_lexer(rules)(SOURCE)]
    assert rules.asked == [SOURCE], "_tokenize_template no longer calls rules.finditer(source)"
    assert tokens == TOKENS, "_tokenize_template makes other tokens of the same matches"
    rules_read = {value for what, value in reads if what == "lastgroup"}
    groups_read = {value for what, value in reads if what in {"group", "start"} and value != 0}
    assert rules_read <= OUR_RULES, f"_tokenize_template now knows rules {rules_read - OUR_RULES}"
    assert groups_read <= OUR_GROUPS, f"_tokenize_template now reads groups {groups_read}"


def test_python_liquids_rules_have_the_names_of_the_linear_lexers_matches():
    names = set(liquid.lex.compile_liquid_rules().groupindex)
    assert names == OUR_RULES | OUR_GROUPS, (
        "liquid.lex.compile_liquid_rules has other rule or group names than the linear "
        f"lexer gives: {sorted(names ^ (OUR_RULES | OUR_GROUPS))}"
    )


def test_text_tag_replaces_the_parsers_content_tag():
    assert type(Environment().tags.get(TextTag.name)) is Literal, (
        "python-liquid no longer registers liquid.builtin.content.Literal under "
        f"{TextTag.name!r}, the name TextTag replaces"
    )

    class Marked(TextNode):
        __slots__ = ()

        def render_to_output(self, context, buffer):
            return buffer.write(f"[{self.text}@{self.token.start_index}]")

    class MarkedTag(TextTag):
        node_class = Marked

    env = Environment()
    env.add_tag(MarkedTag)
    assert env.from_string("a{{ 1 }}b").render() == "[a@0]1[b@8]", (
        "template text is no longer parsed by the tag registered under TOKEN_CONTENT as "
        "node_class(token, text), with .token and .text"
    )


def test_output_statement_tag_replaces_the_parsers_output_tag():
    assert type(Environment().tags.get(OutputStatementTag.name)) is Output, (
        "python-liquid no longer registers liquid.builtin.output.Output under "
        f"{OutputStatementTag.name!r}, the name OutputStatementTag replaces"
    )

    class Marked(OutputStatementNode):
        __slots__ = ()

        def render_to_output(self, context, buffer):
            value = self.expression.evaluate(context)
            return buffer.write(f"<{value}@{self.token.start_index}>")

    class MarkedTag(OutputStatementTag):
        node_class = Marked

    env = Environment()
    env.add_tag(MarkedTag)
    assert env.from_string("x{{ a | upcase }}").render(a="b") == "x<B@1>", (
        "an output statement is no longer parsed by the tag registered under TOKEN_OUTPUT "
        "as node_class(token, expression), with .token and .expression.evaluate(context)"
    )


def test_output_text_writes_values_as_an_output_statement_does():
    context = RenderContext(Environment().from_string(""))
    written = [output_text(v, context) for v in (True, None, ["a", 1], range(1, 4), 2.5, "s")]
    assert written == ["true", "", "a1", "1..3", "2.5", "s"], (
        f"liquid.stringify.to_liquid_string makes other text of values: {written}"
    )
    escaping = RenderContext(Environment(autoescape=True).from_string(""))
    assert output_text("<b>", escaping) == "&lt;b&gt;", (
        "to_liquid_string no longer escapes when the context's autoescape is on"
    )


def test_fallback_tag_parses_every_tag_no_tag_is_registered_for():
    assert type(Environment().tags.get(FallbackTag.name)) is Illegal, (
        "python-liquid no longer registers liquid.builtin.illegal.Illegal under "
        f"{FallbackTag.name!r}, the name FallbackTag replaces"
    )
    seen = []

    class Nothing(Node):
        __slots__ = ()

        def render_to_output(self, context, buffer):
            return buffer.write("?")

    class Unknown(FallbackTag):
        def parse(self, stream):
            seen.append((stream.current.kind, stream.current.value))
            return Nothing(stream.current)

    env = Environment()
    env.add_tag(Unknown)
    assert env.from_string("a{% nosuch %}b").render() == "a?b", (
        "a tag of no registered name is no longer parsed by tags[TOKEN_ILLEGAL]"
    )
    assert seen == [("tag", "nosuch")], (
        f"the tag for unknown names is no longer given the unknown tag's token: {seen}"
    )


def test_the_compat_module_imports_no_sphinx_docutils_or_myst():
    tree = ast.parse(Path(compat.__file__).read_text("utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    unwanted = {
        name for name in imported if name.split(".")[0] in {"sphinx", "docutils", "myst_parser"}
    }
    assert not unwanted, f"_compat/liquid.py imports {unwanted}: the Sphinx-free core imports it"
