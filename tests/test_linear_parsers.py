"""Every parser that reads post text, ``_config.yml`` or ``_data`` finishes in
linear time on the inputs that made the old regular expressions backtrack for
minutes (issue 12), and gives the same answer as they did.

The timed tests are not benchmarks: the bound (seconds, on inputs that took
minutes) catches catastrophic backtracking only. The property tests keep the
old regular expressions as oracles, on inputs small enough for them.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from liquid.exceptions import LiquidError
from liquid.lex import get_lexer
from markdown_it import MarkdownIt

from sphinxext_jekyllposts.jekyll import excerpts, frontmatter, kramdown, names
from sphinxext_jekyllposts.jekyll.abbreviations import Abbreviations
from sphinxext_jekyllposts.jekyll.catalog import scan_site
from sphinxext_jekyllposts.jekyll.kramdown import kramdown_plugin, prepare_lines
from sphinxext_jekyllposts.jekyll.liquid import LiquidRenderer
from sphinxext_jekyllposts.jekyll.liquid import includes as liquid_includes
from sphinxext_jekyllposts.jekyll.liquid import tags as liquid_tags
from sphinxext_jekyllposts.jekyll.liquid.lexer import linear_lexer
from sphinxext_jekyllposts.jekyll.site import load_site_settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from liquid.token import Token

#: The size of the hostile inputs; every parser here took seconds to minutes on it.
N = 100_000
#: Far above what a linear parser needs for N characters, far below quadratic.
SECONDS = 2.0


def finishes_quickly(parse: Callable[[str], object], text: str) -> None:
    start = time.perf_counter()
    parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{elapsed:.1f} s for {len(text):,} characters"


def grown(shape: Callable[[int], str]) -> list[str]:
    """The hostile shape at a quarter of N and at N."""
    return [shape(N // 4), shape(N)]


# Front matter -------------------------------------------------------------------

OLD_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((?:---|\.\.\.)\s*$\n?)", re.S | re.M)
FRONT_MATTER_SHAPES = {
    "blank lines": lambda n: "---\n" + "\n" * n + "x",
    "spaces and newlines": lambda n: "---\n" + " \n" * n + "x",
    "CRLF": lambda n: "---\r\n" + "\r\n" * n + "x",
    "tabs": lambda n: "--- \t\n" + "\t\n" * n + "x",
    "many false closings": lambda n: "---\n" + "---x\n" * (n // 5),
    "closing with long white space": lambda n: "---\na: 1\n---" + " " * n + "x",
}


@pytest.mark.parametrize("shape", FRONT_MATTER_SHAPES.values(), ids=FRONT_MATTER_SHAPES)
def test_an_unclosed_front_matter_is_found_unclosed_in_linear_time(shape):
    for text in grown(shape):
        finishes_quickly(frontmatter.split_front_matter, text)
        finishes_quickly(frontmatter.body_start, text)


@given(st.text(alphabet="-.\n\r \t{:}%x", max_size=60))
def test_the_front_matter_regexp_matches_as_jekylls_did(text):
    for candidate in (text, "---" + text, "---\n" + text):
        old, new = OLD_FRONT_MATTER.match(candidate), frontmatter._FRONT_MATTER.match(candidate)
        assert (new and (new.span(), new.groups())) == (old and (old.span(), old.groups()))


OLD_TOP_LEVEL_KEY = re.compile(r"""^((?:"[^"]*"|'[^']*'|[^\s#:'"][^:]*?))\s*:(?:\s|$)""")


def test_a_long_front_matter_line_is_read_in_linear_time():
    for text in grown(lambda n: "a" + " " * n + "x"):
        finishes_quickly(frontmatter.top_level_key, text)
        finishes_quickly(frontmatter.split_front_matter, f"---\n{text}\n---\n")


@given(st.text(alphabet="\"' \t#:ax", max_size=40))
def test_a_top_level_key_is_found_as_before(line):
    old = OLD_TOP_LEVEL_KEY.match(line)
    assert frontmatter.top_level_key(line) == (old and old.group(1).strip("'\""))


# kramdown -------------------------------------------------------------------------

OLD_IAL = re.compile(r"\{:\s*((?:[^}\"']|\"[^\"]*\"|'[^']*')*)\}")
OLD_IAL_WHOLE = re.compile(r"^\s*" + OLD_IAL.pattern + r"\s*$")
OLD_HEADER_ID = re.compile(r"\s*\{#([^\s}]+)\}\s*$")
KRAMDOWN_SHAPES = {
    "IAL opened, then spaces": lambda n: "{:" + " " * n + "x",
    "IAL opened many times": lambda n: "{:" * (n // 2),
    "IAL with unclosed quotes": lambda n: '{:"{:' * (n // 4),
    "header id after spaces": lambda n: "# a" + " " * n + "b",
    "header id opened many times": lambda n: "# " + "{#" * (n // 2) + " b",
    "markdown= many times, no >": lambda n: "<div" + " markdown=1" * (n // 11),
    "markdown= after spaces": lambda n: "<div" + " " * n + "x markdown=1>\n\nx\n</div>",
    "long tag name": lambda n: "<" + "a-" * (n // 2) + " markdown=1",
    "HTML: unclosed comments in a block": lambda n: "<div>" + "<!--" * (n // 4),
    "HTML: unclosed comments at block starts": lambda n: (
        "<!-- an unclosed comment, at a block start\n\n" * (n // 45)
    ),
    "HTML: unclosed quotes at line starts": lambda n: (
        '<div title="an unclosed attribute value\n' * (n // 40)
    ),
    "HTML: unclosed quotes in a block": lambda n: "<div>" + '<p title="' * (n // 10),
    "HTML: unclosed scripts in a block": lambda n: "<div>" + "<script>" * (n // 8),
    "HTML: stray end tags": lambda n: "<div>" + "</p>" * (n // 4),
    "HTML: nested forever": lambda n: "<div>" * (n // 5),
    "HTML: one block per line": lambda n: (
        "<div>a</div> and then a paragraph after it, on its line\n" * (n // 56)
    ),
    "HTML: long attribute lists": lambda n: "<div" + " a=b" * (n // 4),
    "HTML: markdown blocks": lambda n: '<div markdown="1">\nsome text\n\n' * (n // 30),
    "HTML: in a list item": lambda n: (
        "* <div>\n  the text of the item, in a div never closed\n" * (n // 54)
    ),
    "fences: unclosed": lambda n: "```\nsome text in a paragraph\n\n" * (n // 30),
    "fences: unclosed in list items": lambda n: (
        "* an item with some text, then a fence\n  ```\n" * (n // 46)
    ),
    "end-of-block markers": lambda n: "* a list item with some more text\n^\n" * (n // 36),
    "lists: bullets of every kind": lambda n: (
        "- an item of one kind\n\n* an item of another kind\n\n" * (n // 50)
    ),
    "lists: lazy lines": lambda n: "- #### an item's heading\nits lazy text\n" * (n // 37),
    "lists: nested, then lazy lines": lambda n: (
        "- a\n  - b\n    - c\nlazy text of c, after the nested items\n" * (n // 52)
    ),
    "table rows of backticks": lambda n: "a | " + "`" * n + " | ``",
    "table rows of unclosed code": lambda n: "a | " + "<code " * (n // 6),
    "table lines, no boundary after": lambda n: "\n\n".join(
        ["a | b\nnot a row, but the text of a paragraph"] * (n // 45)
    ),
}


def markdown(text: str) -> object:
    parser = MarkdownIt("commonmark").enable("table").use(kramdown_plugin)
    prepared, _lines = prepare_lines(text, list(range(1, text.count("\n") + 2)))
    return parser.parse(prepared)


@pytest.mark.parametrize("shape", KRAMDOWN_SHAPES.values(), ids=KRAMDOWN_SHAPES)
def test_kramdown_syntax_is_read_in_linear_time(shape):
    for text in grown(shape):
        finishes_quickly(markdown, text)
        finishes_quickly(kramdown._without_ials, text)
        finishes_quickly(kramdown._IAL_WHOLE.match, text)
        finishes_quickly(kramdown._header_id, text)


ial_text = st.lists(
    st.sampled_from(["{:", "{", ":", "}", '"', "'", " ", "x", "\n", "."]), max_size=20
)


@given(ial_text.map("".join))
def test_ials_are_found_as_before(text):
    found = [(m.start(), m.end(), m[1]) for m in OLD_IAL.finditer(text)]
    assert list(kramdown._ials(text)) == found
    for old, new in ((OLD_IAL_WHOLE, kramdown._IAL_WHOLE), (OLD_IAL, kramdown._IAL)):
        before, after = old.match(text), new.match(text)
        assert (after and (after.span(), after[1])) == (before and (before.span(), before[1]))


@given(st.lists(st.sampled_from(["{#", "{", "#", "}", " ", "x", "\t"]), max_size=14).map("".join))
def test_a_header_id_is_found_as_before(text):
    old = OLD_HEADER_ID.search(text)
    assert kramdown._header_id(text) == (old and (old.start(), old[1]))


def old_abbreviations(names: set[str], text: str) -> list[tuple[int, int]]:
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return [m.span() for m in re.finditer(rf"(?<![\w])({alternatives})(?![\w])", text)]


abbreviation_text = st.text(alphabet="ab -_中é!1", max_size=25)


@given(
    st.sets(st.text(alphabet="ab -_中é!1", min_size=1, max_size=4), min_size=1, max_size=4),
    abbreviation_text,
)
def test_abbreviations_are_found_as_before(names, text):
    assert Abbreviations(names).find(text) == old_abbreviations(names, text)


@pytest.mark.parametrize(
    "names",
    [["!" * k + "x" for k in range(1, 301)], ["!" * (N // 2) + "x"]],
    ids=["names sharing beginnings", "one long name"],
)
def test_abbreviations_stop_at_their_bound_on_names_made_to_match_long(names):
    abbreviations = Abbreviations(names)
    finishes_quickly(abbreviations.find, "!" * N)
    assert abbreviations.exhausted


def test_abbreviations_in_plain_text_are_all_found():
    abbreviations = Abbreviations(["HTML", "CSS"])
    assert len(abbreviations.find("HTML and CSS, " * 10_000)) == 20_000
    assert not abbreviations.exhausted


# Excerpts ---------------------------------------------------------------------------

OLD_LINK_REFERENCE = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.M)
OLD_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
OLD_LIQUID = re.compile(r"\{%-?\s*(\w*).*?-?%\}|\{\{-?.*?-?\}\}", re.S)
OLD_EXCERPT_IAL = re.compile(r"\{:[^}\n]*\}")
EXCERPT_SHAPES = {
    "many {%": lambda n: "{%" * (n // 2),
    "{% and a long word": lambda n: "{% " + "a" * n,
    "{% and long white space": lambda n: "{%" + " " * n + "x",
    "many {{": lambda n: "{{" * (n // 2),
    "many {% raw %}": lambda n: "{% raw %}" * (n // 9),
    "many {:": lambda n: "{:" * (n // 2),
    "lines opening a label": lambda n: "[\n" * (n // 2),
    "lines opening a label, one ]": lambda n: "[\n" * (n // 2) + "]",
}


def old_without_liquid(text: str) -> str:
    def stand_in(match: re.Match[str]) -> str:
        return "/" if match.group(1) in {"post_url", "link"} else ""

    parts = []
    position = 0
    for block in OLD_RAW_BLOCK.finditer(text):
        parts += [OLD_LIQUID.sub(stand_in, text[position : block.start()]), block[1]]
        position = block.end()
    return "".join([*parts, OLD_LIQUID.sub(stand_in, text[position:])])


@pytest.mark.parametrize("shape", EXCERPT_SHAPES.values(), ids=EXCERPT_SHAPES)
def test_excerpts_are_taken_in_linear_time(shape):
    for text in grown(shape):
        finishes_quickly(excerpts._without_liquid, text)
        finishes_quickly(lambda t: excerpts._IAL.sub(excerpts._unless_unclosed, t), text)
        finishes_quickly(lambda t: excerpts.excerpt_source("[a]\n\n" + t, "\n\n"), text)
    finishes_quickly(excerpts.excerpt_text, shape(N // 10))


liquid_text = st.lists(
    st.sampled_from(
        ["{%", "%}", "{{", "}}", "{", "}", "%", "-", " ", "raw", "endraw", "link", "x"]
    ),
    max_size=14,
).map("".join)


@given(liquid_text)
def test_liquid_is_dropped_from_excerpts_as_before(text):
    assert excerpts._without_liquid(text) == old_without_liquid(text)


@given(st.lists(st.sampled_from(["{:", "{", ":", "}", " ", "\n", "x"]), max_size=14).map("".join))
def test_ials_are_dropped_from_excerpts_as_before(text):
    assert excerpts._IAL.sub(excerpts._unless_unclosed, text) == OLD_EXCERPT_IAL.sub("", text)


@given(st.lists(st.sampled_from(["[", "]", ":", " ", "\n", "x", "    "]), max_size=16).map("".join))
def test_link_references_are_found_as_before(text):
    assert list(excerpts._link_references(text)) == OLD_LINK_REFERENCE.findall(text)


# File names -------------------------------------------------------------------------

OLD_DATELESS_FILENAME = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
NAME_SHAPES = {
    "nested draft, newline in the name": lambda n: "_drafts/" + "a/" * (n // 2) + "x\ny.md",
    "nested draft ending in a dot": lambda n: "_drafts/" + "a/" * (n // 2) + "x.",
    "nested post, newline in the name": lambda n: "_posts/" + "a/" * (n // 2) + "2020-01-01-x\ny",
    "many dates": lambda n: "_posts/" + "2020-01-01-" * (n // 11) + "x",
}


@pytest.mark.parametrize("shape", NAME_SHAPES.values(), ids=NAME_SHAPES)
def test_a_file_name_is_read_in_linear_time(shape):
    for path in grown(shape):
        finishes_quickly(names.parse_post_name, path)
        finishes_quickly(names.matches_post_name, path)


@given(st.lists(st.sampled_from(["a", "/", ".", "\n", "x", "md", "-"]), max_size=14).map("".join))
def test_a_dateless_name_is_read_as_before(path):
    old = OLD_DATELESS_FILENAME.match(path)
    assert names._dateless(path) == (old and old.groups())


# Jekyll's Liquid tags -----------------------------------------------------------------

OLD_INCLUDE_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\[\]'"-]+))"""
)
OLD_INCLUDE_VARIABLE_NAME = re.compile(r"^((?:[^\s{]*\{\{.*?\}\}[^\s{]*)+)(.*)$", re.S)
TAG_SHAPES = {
    "include with a long word": lambda n: "{% include x.html " + "a" * n + " %}",
    "include with long white space": lambda n: "{% include x.html a" + " " * n + "b=1 %}",
    "include of many variables": lambda n: "{% include {{a}}" + "{{b}}" * (n // 5) + " %}",
    "highlight with many options": lambda n: "{% highlight py" + " a=b" * (n // 4) + " ! %}x",
}


@pytest.fixture(scope="module")
def liquid(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "_posts").mkdir()
    (site / "_includes").mkdir()
    (site / "_includes" / "x.html").write_text("{{ include.a }}", "utf-8")
    (site / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: A\n---\nA\n", "utf-8")
    settings, _ = load_site_settings(site)
    catalog = scan_site(site, settings)
    renderer = LiquidRenderer(catalog, site)
    return lambda body: renderer.render(catalog.posts[0], body, first_line=4)


@pytest.mark.parametrize("shape", TAG_SHAPES.values(), ids=TAG_SHAPES)
def test_jekylls_tags_are_read_in_linear_time(liquid, shape):
    for text in grown(shape):
        finishes_quickly(liquid, text)
        finishes_quickly(lambda t: list(liquid_includes._INCLUDE_PARAM.finditer(t)), text)
        finishes_quickly(liquid_includes._INCLUDE_VARIABLE_NAME.match, text)
        finishes_quickly(liquid_tags._HIGHLIGHT.match, text[len("{% highlight ") :])


include_params = st.lists(
    st.sampled_from(["a", "-", "=", " ", '"', "'", "\\", ".", "[", "]", "é", "_"]), max_size=14
).map("".join)


@given(include_params)
def test_include_parameters_are_read_as_before(text):
    def found(pattern: re.Pattern[str]) -> list[object]:
        return [(m.span(), m.groups()) for m in pattern.finditer(text)]

    assert found(liquid_includes._INCLUDE_PARAM) == found(OLD_INCLUDE_PARAM)


@given(st.lists(st.sampled_from(["{{", "}}", "{", "}", " ", "a", "\n"]), max_size=12).map("".join))
def test_an_include_of_a_variable_name_is_read_as_before(text):
    old, new = (
        OLD_INCLUDE_VARIABLE_NAME.match(text),
        liquid_includes._INCLUDE_VARIABLE_NAME.match(text),
    )
    assert (new and new.groups()) == (old and old.groups())


# Liquid templates -----------------------------------------------------------------------

TEMPLATE_SHAPES = {
    "many unclosed {{": lambda n: "{{" * (n // 2),
    "{{ then white space, unclosed": lambda n: "{{" + " " * n + "x",
    "{% and a long word, unclosed": lambda n: "{% " + "a" * n,
    "a tag with long white space before %}": lambda n: "{% if true" + " " * n + "%}x{% endif %}",
    "unclosed {{ in a comment": lambda n: "{% comment %}" + "{{ a" * (n // 4) + "{% endcomment %}",
    "many {% raw %} never ended": lambda n: "{% raw %}" * (n // 9),
    "a long expression": lambda n: "{{ " + "(" * n + " }}",
}


@pytest.mark.parametrize("shape", TEMPLATE_SHAPES.values(), ids=TEMPLATE_SHAPES)
def test_liquid_templates_are_read_in_linear_time(liquid, shape):
    for text in grown(shape):
        finishes_quickly(liquid, text)


def python_liquid_tokens(lexer: Callable[[str], Iterator[Token]], text: str) -> object:
    try:
        return [(token.kind, token.value, token.start_index) for token in lexer(text)]
    except LiquidError as error:
        return type(error).__name__, error.message, getattr(error.token, "start_index", None)


DELIMITERS = ["{%", "%}", "{{", "}}", "{", "}", "%", "-"]
TAG_WORDS = ["raw", "endraw", "doc", "enddoc", "comment", "endcomment", "if", "a", "#"]
template_text = st.lists(
    st.sampled_from([*DELIMITERS, *TAG_WORDS, " ", "\n", "\u00a0"]), max_size=16
).map("".join)


@given(template_text)
def test_liquid_templates_are_split_into_python_liquids_tokens(text):
    ours = linear_lexer(lambda *_: None)
    assert python_liquid_tokens(ours, text) == python_liquid_tokens(get_lexer(), text)


def test_a_long_liquid_expression_is_a_limit(liquid):
    out = liquid("a\n{{ " + "(" * 5_000 + " }}")
    assert [(p.kind, p.line) for p in out.problems] == [("limit", 5)]
    assert out.text.startswith("a\n{{ (((")
