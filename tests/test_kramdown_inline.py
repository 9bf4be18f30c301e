"""kramdown's inline syntax where it differs from CommonMark
(``sphinxext_jekyllposts/jekyll/kramdown_inline.py``).

The expected HTML of the site tests is what ``jekyll build`` (Jekyll 4.3.1,
kramdown 2.4.0, GFM input) made of tests/roots/test-kramdown-inline. The
emphasis rule is also checked against a direct port of kramdown's recursive
``parse_emphasis`` (exponential, so on short texts only).
"""

from __future__ import annotations

import io
import re
import shutil
import time
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from conftest import ROOTS, page, warnings_of
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll.kramdown import kramdown_plugin

POSTS = "_posts/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("kramdown-inline") / "site"
    shutil.copytree(ROOTS / "test-kramdown-inline", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    yield app
    app.cleanup()


def shape(node: Tag | NavigableString) -> str:
    """The markup of ``node`` with tag names only (no attributes)."""
    if isinstance(node, NavigableString):
        return str(node)
    inner = "".join(shape(child) for child in node.children)
    return f"<{node.name}>{inner}</{node.name}>"


def paragraphs(app, docname: str) -> list[Tag]:
    main = page(app, docname).find(attrs={"role": "main"})
    for ours_only in main.select(
        ".jekyllposts-post-header, .jekyllposts-post-footer, .jekyllposts-post-navigation,"
        " .jekyllposts-related"
    ):
        ours_only.decompose()
    return main.find_all("p")


def jekyll_paragraphs(markup: str) -> list[str]:
    soup = BeautifulSoup(markup, "html.parser")
    return ["".join(shape(child) for child in p.children) for p in soup.find_all("p")]


# What `jekyll build` made of _posts/2020-01-01-emphasis.md.
JEKYLL_EMPHASIS = """
<p><strong>答案：</strong>因为</p>
<p><strong>…。</strong>你说</p>
<p><strong>前置工作：</strong>将</p>
<p>这是<em>强调。</em>的</p>
<p><strong>foo.</strong>bar</p>
<p>a<strong>b</strong>c</p>
<p>_a_b</p>
<p>foo_bar_baz</p>
<p>foo-_bar_</p>
<p><em>a *b</em></p>
<p><strong>a <em>b</em> c</strong></p>
<p><strong><em>foo</em></strong></p>
<p><em>*foo</em></p>
<p><em>foo<strong>bar</strong>baz</em></p>
<p>__a__b</p>
<p>a <strong>b</strong></p>
<p>x <em>a</em>b</p>
<p><strong>a* b</strong></p>
<p>word<em>s</em> and_x_</p>
<p>a ** b **</p>
<p><em>a <a href="http://e.com/u">b* c</a> d</em></p>
<p><a href="http://e.com/u"><em>a</em></a> *<a href="http://e.com/u">b*</a></p>
<p>a *b <del>c* d</del> e</p>
<p><em>a <a href="http://e.com/u">*b*</a> c</em> \
<strong><a href="http://e.com/u">x **y** <em>z</em></a></strong></p>
<p>The <em>tab</em>, then <em>more</em>, <strong>bold</strong> (<em>aside</em>), \
<a href="http://e.com/u"><strong>linked</strong></a> too.</p>
"""


def test_emphasis_pairs_as_kramdown_pairs_it(built):
    ours = [
        "".join(shape(child) for child in p.children)
        for p in paragraphs(built, POSTS + "2020-01-01-emphasis")
    ]
    assert ours == jekyll_paragraphs(JEKYLL_EMPHASIS)


def test_links_with_spaces_and_quoted_titles(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    image = main.find("img", alt="day four")
    # Jekyll: <img src="/images/day 4.jpg">; Sphinx copies it to _images/.
    assert image is not None
    assert unquote(image["src"]).endswith("/day 4.jpg")
    spaced = main.find("a", string="spaced")
    titled = main.find("a", string="titled")
    # Jekyll: <a href="/notes/a b.html">, the URL as written.
    assert spaced["href"] == "/notes/a b.html"
    assert (titled["href"], titled["title"]) == ("/notes/a b.html", "The title")
    quoted = main.find("a", string="quoted")
    single = main.find("a", string="single")
    assert (quoted["href"], quoted["title"]) == ("http://e.com/q", 'title "quoted" here')
    assert (single["href"], single["title"]) == ("http://e.com/s", "it's")
    assert "](" not in main.get_text()


def test_relative_links_to_no_document_are_kept_as_written(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    # Jekyll: each href as written (relative to the page's URL, where it is written).
    hrefs = {name: main.find("a", string=name)["href"] for name in ("relative", "empty", "page")}
    # (docutils writes an empty address as "#": this page, as "" is)
    assert hrefs == {"relative": "youtu.be/x?t=1", "empty": "#", "page": "notes.html"}
    assert main.find("a", string="relative")["title"] == "WWDC"
    assert main.find("a", string="spaced page")["href"] == "a b.html"
    # A file beside the post is still MyST's: copied, and linked.
    assert "_downloads/" in main.find("a", string="file")["href"]


def test_an_inline_ial_over_a_line_break(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    icon = main.find("img", alt="icon")
    assert "icon" in icon["class"]
    assert "{:" not in main.get_text()


def test_strikethrough_is_del(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    strike = next(p for p in main.find_all("p") if "strike" in p.get_text())
    # Jekyll: <del>strike</del> and <del>two words</del> but ~single~ and ~~ spaced~~
    assert "".join(shape(c) for c in strike.children) == (
        "<del>strike</del> and <del>two words</del> but ~single~ and ~~ spaced~~"
    )
    assert "Strikethrough" not in warnings_of(built)


def test_protocol_relative_links_are_external(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    assert main.find("a", string="other host")["href"] == "//example.org/path"
    assert "//example.org/path" not in warnings_of(built)


def test_autolinks_keep_the_url_as_written(built):
    main = page(built, POSTS + "2020-01-02-links").find(attrs={"role": "main"})
    links = [(a["href"], a.get_text()) for a in main.find_all("a", class_="external")]
    assert ("https://example.com/a%20b", "https://example.com/a%20b") in links
    assert ("http://example.com/a b", "http://example.com/a b") in links
    # Sphinx hides the address from robots (%40 for @).
    assert ("mailto:someone@example.com", "someone@example.com") in [
        (unquote(href), text) for href, text in links
    ]
    # kramdown's GFM parser links no bare URL.
    assert not main.find("a", href="https://example.com/bare")
    assert "https://example.com/bare stays text" in main.get_text()


def test_no_warnings(built):
    assert "WARNING" not in warnings_of(built)


# The emphasis rule against kramdown's own algorithm ---------------------------------

SPACE = " \t\n\r\f\v"


def kramdown_emphasis(src: str) -> str:
    """A direct port of kramdown 2.4.0's ``parse_emphasis`` and the part of
    ``parse_spans`` it relies on, for a text of plain characters."""

    def spans(pos, stop, tree, ancestors):
        out: list[str] = []
        while pos < len(src):
            char = src[pos]
            if char not in "*_":
                out.append(char)
                pos += 1
                continue
            if stop and src.startswith(stop, pos):
                closes = (
                    (pos == 0 or src[pos - 1] not in SPACE)
                    and (
                        tree != "em"
                        or not (src.startswith(stop * 2, pos) and not src.startswith(stop, pos + 2))
                    )
                    and (stop[0] != "_" or not src[pos + len(stop) : pos + len(stop) + 1].isalnum())
                    and bool(out)
                )
                if closes:
                    return True, "".join(out), pos
            text, pos = emphasis(pos, tree, ancestors)
            out.append(text)
        return stop is None, "".join(out), pos

    def emphasis(pos, tree, ancestors):
        char = src[pos]
        length = 2 if src.startswith(char * 2, pos) else 1
        element = "strong" if length == 2 else "em"
        before = src[:pos]
        intraword = char == "_" and re.search(r"[^\W\d_]-?[^\W\d_]*\Z", before)
        after = src[pos + length : pos + length + 1]
        if intraword or (after and after in SPACE) or element in ancestors:
            return char * length, pos + length
        found, inner, end = spans(pos + length, char * length, element, ancestors | {element})
        if found:
            return f"<{element}>{inner}</{element}>", end + length
        if element == "strong" and tree != "em":
            found, inner, end = spans(pos + 1, char, "em", ancestors | {"em"})
            if found:
                return f"<em>{inner}</em>", end + 1
        return char * length, pos + length

    return spans(0, None, "", frozenset())[1]


def ours(src: str) -> str:
    md = MarkdownIt("commonmark").use(kramdown_plugin)
    return md.renderInline(src)


@pytest.mark.parametrize(
    "text",
    ["**答案：**因为", "**foo.**bar", "a**b**c", "_a_b", "***foo***", "**foo*", "*a **b** c*"],
)
def test_the_port_of_kramdown_agrees_with_jekyll_and_us(text):
    assert ours(text) == kramdown_emphasis(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="*_a .-中\t", max_size=14))
def test_emphasis_is_what_kramdown_does(text):
    assert ours(text) == kramdown_emphasis(text)


TAG = re.compile(r"<[^>]*>")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_~a [](`)<>:{}\n-", max_size=40))
def test_inline_rules_never_crash_and_nest(text):
    md = MarkdownIt("commonmark").use(kramdown_plugin)
    tokens = md.parse(text)
    SyntaxTreeNode(tokens)
    for token in tokens:
        if token.type == "inline":
            assert sum(child.nesting for child in token.children or ()) == 0


MARKUP = re.compile(r"<[^>]*>|[*_~`\s]")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_~a `\n-中.", max_size=40))
@example("~~`~~.`")  # markdown-it-py 3's code span ran past the ~~ closer
def test_emphasis_loses_no_text(text):
    """What is shown is the text without its delimiters."""
    assert MARKUP.sub("", ours(text)) == MARKUP.sub("", text)


# Linear time ----------------------------------------------------------------------

N = 40_000
SECONDS = 1.0
HOSTILE = {
    "openers without closers": lambda n: "*a " * (n // 3),
    "strong openers without closers": lambda n: "**a *" * (n // 5),
    "underscores": lambda n: "_a" * (n // 2),
    "a long run": lambda n: "*" * n,
    "nested tries": lambda n: "**a _b *c __d " * (n // 14),
    "strikethrough openers": lambda n: "~~a " * (n // 4),
    "strikethrough in links": lambda n: "[~~a ](" * (n // 7),
    "links without ends": lambda n: "[a](b " * (n // 6),
    "links with a quote": lambda n: '[a](b "' * (n // 7),
    "links in angle brackets": lambda n: "[a](<b" * (n // 6) + "\n>)",
    "autolinks without ends": lambda n: "<http:a" * (n // 7),
    "autolinks and >": lambda n: "<http:>" * (n // 7),
    "e-mail autolinks": lambda n: "<a@b" * (n // 4),
    "split IALs": lambda n: "![x](y){:\n" * (n // 10),
}


def seconds(md: MarkdownIt, text: str, runs: int = 3) -> float:
    """The best of ``runs`` timings (the machine may be busy: a single timing on a
    loaded CI machine once came out twice the best)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        md.render(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape_of", HOSTILE.values(), ids=HOSTILE)
def test_inline_rules_are_linear(shape_of):
    """Four times the text takes about four times as long (not sixteen), and
    not much longer than CommonMark's own rules take."""
    md = MarkdownIt("commonmark").use(kramdown_plugin)
    small, big = shape_of(N // 4), shape_of(N)
    small_time, big_time = seconds(md, small), seconds(md, big)
    # markdown-it-py 3's own rules are quadratic on some of these texts (its
    # fragments_join deletes list items one by one): ours may only add to that.
    commonmark = seconds(MarkdownIt("commonmark"), big)
    assert big_time < max(10 * small_time, 3 * commonmark, 0.5), (
        f"{small_time:.2f} s, then {big_time:.2f} s"
    )
    assert big_time < 5 * commonmark + SECONDS, f"{big_time:.2f} s, CommonMark {commonmark:.2f} s"
