"""kramdown's block syntax where it is not CommonMark's (tests/roots/test-kramdown-blocks):
HTML blocks as kramdown delimits them, the ``markdown`` attribute, the ``^``
end-of-block marker, ordered lists, unclosed fences.

``tests/data/kramdown-blocks/jekyll-content.json`` is what real ``jekyll build``
(Jekyll 4.3.1, kramdown 2.4.0, ``input: GFM``) made of each post of the root:
its ``_posts`` copied into a site whose layout is ``{{ content }}``. Each post
must read as it does there: the same text and the same structure counts
(headings, paragraphs, list items, tables, code blocks, ...) as the fidelity
benchmark compares them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, page, served
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll import kramdown_html, kramdown_tables
from sphinxext_jekyllposts.jekyll.kramdown import kramdown_plugin

JEKYLL = json.loads(
    (Path(__file__).parent / "data" / "kramdown-blocks" / "jekyll-content.json").read_text("utf-8")
)
#: Where what is left differs in span-level HTML (kramdown escapes a tag it
#: does not read, in a paragraph), not in the blocks.
SPAN_LEVEL = {"2021-01-17-html-not-a-block"}
#: Where the text differs in how footnotes are marked (docutils' "[1]" label
#: before the note, kramdown's "1" and a "↩" back-link after it).
FOOTNOTE_MARKS = {"2021-01-23-footnote-named-like-a-heading"}


def _fidelity():
    path = Path(__file__).parents[1] / "benchmarks" / "fidelity.py"
    spec = importlib.util.spec_from_file_location("fidelity", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module
    spec.loader.exec_module(module)
    return module


fidelity = _fidelity()


def _build(tmp_path_factory, name, **overrides):
    srcdir = tmp_path_factory.mktemp(name) / "site"
    shutil.copytree(ROOTS / "test-kramdown-blocks", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=io.StringIO(),
        warning=io.StringIO(),
        confoverrides=overrides,
    )
    app.build()
    return app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    app = _build(tmp_path_factory, "kramdown-blocks")
    yield app
    app.cleanup()


def body(app, name):
    html = served(Path(app.outdir) / "_posts" / f"{name}.html").read_text("utf-8")
    return fidelity.our_body(html, False)


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(JEKYLL))
def test_each_post_reads_as_jekyll_renders_it(built, name):
    ours = body(built, name)
    theirs = BeautifulSoup(JEKYLL[name], "html.parser")
    assert fidelity.structure(ours) == fidelity.structure(theirs)
    if name not in SPAN_LEVEL | FOOTNOTE_MARKS:
        assert squeezed(fidelity.text_of(ours)) == squeezed(fidelity.text_of(theirs))


def test_the_end_of_block_marker_splits_lists_and_shows_nothing(built):
    main = body(built, "2021-01-01-end-of-block")
    assert "^" not in main.get_text()
    assert [len(ul.find_all("li", recursive=False)) for ul in main.find_all("ul")] == [2, 1, 1]
    assert main.find("pre").get_text() == "code2\n"


def test_bullets_of_any_kind_make_one_list_until_a_marker_or_an_ial(built):
    main = body(built, "2021-01-27-bullets-of-one-list")
    lists = [ul for ul in main.find_all("ul") if ul.find_parent("ul") is None]
    # Jekyll: a, b, c and d; the table of contents (`* e` then `{:toc}`); f
    assert [len(ul.find_all("li", recursive=False)) for ul in lists] == [4, 1, 1]
    assert lists[1].get("id") == "markdown-toc"
    nested = lists[2].find("ul")
    assert [li.get_text(strip=True) for li in nested.find_all("li")] == ["g", "h"]


def test_an_indented_heading_a_percent_line_and_guillemets_are_kramdowns(built):
    main = body(built, "2021-01-28-indented-heading-and-percent")
    texts = [" ".join(p.get_text().split()) for p in main.find_all("p")]
    assert "## An indented heading is text" in texts
    assert any(t.startswith("%SystemRoot%") for t in texts)  # no MyST comment
    shift = next(p for p in main.find_all("p") if "Shift" in p.get_text())
    assert shift.find("code").get_text() == ">>"
    # Jekyll: a no-break space on the side of a space, as here
    assert "with\u00a0» and «\u00a0in text, «\u00a0quoted\u00a0»." in shift.get_text()


def test_an_ordered_list_after_a_paragraph_line_starts_at_one(built):
    main = body(built, "2021-01-02-ordered-list")
    ol = main.find("ol")
    assert [li.get_text(strip=True) for li in ol.find_all("li")] == ["three", "four"]
    assert ol.get("start") is None  # kramdown numbers every list from 1
    assert "1) not a list in kramdown" in main.find_all("p")[-1].get_text()


def test_a_table_with_blank_lines_stays_one_html_block(built):
    main = body(built, "2021-01-03-html-table")
    table = main.find("table")
    assert [td.get_text() for td in table.find_all("td")] == ["a", "*b*", "c"]
    assert main.find("pre") is None  # the indented row is not a code block


def test_a_heading_right_after_an_end_tag_is_a_heading(built):
    main = body(built, "2021-01-04-html-div-heading")
    assert main.find("div", class_="x").get_text(strip=True) == "inside *a*"
    assert main.find("h2").get_text(strip=True) == "Heading"


def test_pre_code_holding_an_end_script_tag_stays_code(built):
    main = body(built, "2021-01-06-html-pre-script")
    assert main.find("pre").get_text() == 'var a = "</script>";\n\n*x*\n'
    assert main.find("em").get_text() == "em"


def test_lines_starting_with_span_tags_are_paragraphs(built):
    main = body(built, "2021-01-07-html-span-tag-lines")
    paragraphs = main.find_all("p")
    assert len(paragraphs) == 3
    assert paragraphs[0].find("img") is not None
    assert paragraphs[0].find("em") is not None
    assert paragraphs[2].get_text(strip=True) == "text after"


def test_what_follows_an_end_tag_on_its_line_is_a_new_block(built):
    main = body(built, "2021-01-08-html-after-end-tag")
    texts = [p.get_text() for p in main.find_all("p")]
    assert texts[:3] == ["trailing em\nnext line", "after comment", "</div>"]


def test_markdown_attribute(built):
    main = body(built, "2021-01-10-markdown-attribute")
    assert [div.find("strong") is not None for div in main.find_all("div")][:2] == [True, True]
    assert "*raw*" in main.get_text()
    assert "markdown=" not in str(main)


@pytest.fixture(scope="module")
def built_without_raw_html(tmp_path_factory):
    app = _build(tmp_path_factory, "kramdown-blocks-text", jekyllposts_raw_html=False)
    yield app
    app.cleanup()


def test_html_blocks_are_text_without_raw_html(built_without_raw_html):
    main = page(built_without_raw_html, "_posts/2021-01-03-html-table").find(attrs={"role": "main"})
    assert main.find("table") is None
    assert "<td>*b*</td>" in main.get_text()
    shown = page(built_without_raw_html, "_posts/2021-01-13-html-comments-and-scripts")
    text = shown.find(attrs={"role": "main"}).get_text()
    assert "<script>if (a<b) x=" in text
    assert shown.find(attrs={"role": "main"}).find("script") is None
    shown = page(built_without_raw_html, "_posts/2021-01-06-html-pre-script")
    text = shown.find(attrs={"role": "main"}).get_text()
    assert "</script>" in text  # as written: kramdown's escape undone
    assert "&lt;" not in text


# The scanner on its own ---------------------------------------------------------


def element_at(text, pos=0):
    finder = kramdown_html.Finder(text, len(text))
    tag = kramdown_html.start_tag(finder, pos)
    return tag, tag and kramdown_html.raw_element(finder, tag)


def test_a_start_tag_is_read_as_kramdown_reads_it():
    tag, _ = element_at("<div class=\"a b\"\n  id=x markdown='1'>")
    assert (tag.name, tag.markdown, tag.closed) == ("div", "1", False)
    assert element_at("<div class=a-b>")[0] is None  # unquoted values are word characters
    assert element_at('<div title="unclosed>')[0] is None
    assert element_at("<DIV/>")[0].name == "div"
    assert element_at("<Foo>")[0].name == "Foo"  # unknown names keep their case


def test_a_raw_element_ends_at_its_matching_end_tag():
    text = "<div><div>a</div>\n\n<p>b</p>\n</div>after"
    _, element = element_at(text)
    assert text[: element.end] == "<div><div>a</div>\n\n<p>b</p>\n</div>"
    _, element = element_at("<div><p>unclosed</div>rest")
    assert element.unclosed == ["p", "div"]
    assert element.escaped == [len("<div><p>unclosed")]  # the stray </div> is text


def test_script_and_comments_run_to_their_end():
    text = "<div><script>x = '</div>'</script><!-- </div> --></div>!"
    _, element = element_at(text)
    assert text[element.end :] == "!"


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("<div>", True),
        ("</div>", True),
        ("<div class=a-b", True),
        ("<span>", False),
        ("<img src=x>", False),
        ("<script>", False),
        ("<!-- c -->", False),
        ("<SPAN>", True),  # kramdown compares these names as written
        ("</span>", False),
        ("text", False),
    ],
)
def test_which_lines_end_a_paragraph(line, ends):
    assert kramdown_html.ends_paragraph(line) is ends


html_text = st.lists(
    st.sampled_from(
        [
            *("<div>", "</div>", "<p>", "</p>", "<span>", "<!--", "-->", "<?", "?>", "<br>"),
            *("<script>", "</script>", '<a href="', '"', "'", ">", "<", "</", "x", " ", "\n"),
            *("\n\n", "=", "/", 'markdown="1"', "<DIV ", "<pre>", "</pre>", "`", "```", "^", "1. "),
            *("|", "---", "|:-", "==="),
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(html_text)
def test_the_scanner_loses_no_text(text):
    """Whatever the HTML, the element's output is its text, with only ``<``
    escaped, the markdown attribute taken out and end tags added."""
    for pos in (index for index, char in enumerate(text) if char == "<"):
        finder = kramdown_html.Finder(text, len(text))
        tag = kramdown_html.start_tag(finder, pos)
        if tag is None:
            continue
        element = kramdown_html.raw_element(finder, tag)
        assert pos < element.end <= len(text)
        out = kramdown_html.assemble(text, [(pos, element.end)], element)
        closing = "".join(f"</{name}>" for name in element.unclosed)
        assert out.endswith(closing)
        shown = out[: len(out) - len(closing)].replace("&lt;", "<")
        source = text[pos : element.end]
        for start, end in sorted(element.removed, reverse=True):
            source = source[: start - pos] + source[end - pos :]
        assert shown == source


@settings(max_examples=300, deadline=None)
@given(html_text)
def test_kramdown_blocks_never_raise_and_keep_every_line(text):
    tokens = MarkdownIt("commonmark").enable("table").use(kramdown_plugin).parse(text)
    kept = "".join(token.content for token in tokens if token.content) + "".join(
        child.content for token in tokens for child in token.children or ()
    )
    for word in re.findall(r"x+", text):
        assert word in kept


def test_a_table_needs_no_separator_row_and_no_outer_pipes(built):
    main = body(built, "2021-01-19-table-without-separator")
    first, second = main.find_all("table")
    assert first.find("thead") is None
    assert [td.get_text(strip=True) for td in first.find_all("td")] == ["a", "b", "1", "2"]
    assert [th.get_text(strip=True) for th in second.find_all("th")] == ["x", "y"]
    assert [td.get_text(strip=True) for td in second.find_all("td")] == ["a|b", "c | d"]
    paragraphs = [p for p in main.find_all("p") if p.find_parent("table") is None]
    assert "no | pipe | sep" in paragraphs[0].get_text()  # no block boundary after it


def test_a_table_right_after_a_paragraph_line_is_paragraph_text(built):
    main = body(built, "2021-01-18-table-after-paragraph")
    assert main.find("table") is None
    assert "| a | b |" in main.find("p").get_text()


def test_short_rows_get_empty_cells_and_the_footer_comes_last(built):
    main = body(built, "2021-01-20-table-header-footer-lists")
    rows = [
        [cell.get_text(strip=True) for cell in tr.find_all(["td", "th"])]
        for tr in main.find_all("tr")
    ]
    assert rows[:4] == [["h1", "h2", ""], ["c1", "", ""], ["c1", "c2", "c3"], ["f", "", ""]]
    assert (
        main.find("h2").find_next_sibling("p").get_text() == "x | y"
    )  # no boundary after a heading


@pytest.mark.parametrize(
    ("row", "split"),
    [
        ("a | b", (["a ", " b"], True)),
        ("| a |", (["", " a ", ""], True)),
        ("`x | y` | z", (["`x | y` ", " z"], True)),
        ("<code>a|b</code> | c", (["<code>a|b</code> ", " c"], True)),
        ("a \\| b", (["a \\| b"], False)),
        ("``a`` | ` unclosed", (["``a`` ", " ` unclosed"], True)),
    ],
)
def test_a_row_is_split_at_pipes_outside_code(row, split):
    assert kramdown_tables.cells(row) == split


@given(st.text(alphabet="|`\\<>code/ ab", max_size=40))
def test_a_row_split_loses_nothing(row):
    found, split = kramdown_tables.cells(row)
    assert "|".join(found) == row
    assert split == (len(found) > 1)


def test_a_heading_in_a_list_item_or_quote_keeps_its_level(built):
    """kramdown: ``- #### Bell Labs`` is ``<li><h4 id="bell-labs">``; docutils
    has no section there, and the rubric is written as that heading."""
    main = body(built, "2021-01-22-headings-in-containers")
    assert main.select_one("li > h4")["id"] == "bell-labs"
    assert main.select_one("blockquote h3").get_text() == "Quoted"


def test_a_footnote_named_like_a_heading_is_kept(built):
    """``## Footnote`` and ``[^footnote]``: kramdown keeps both (myst-parser 4
    dropped the footnote as a duplicate of the heading's name)."""
    main = body(built, "2021-01-23-footnote-named-like-a-heading")
    notes = [note.get_text(" ", strip=True) for note in main.select("aside.footnote > p")]
    assert notes == ["The footnote source", "The 2nd footnote source"]
    assert main.select_one("section#footnote h2").get_text().startswith("Footnote")
