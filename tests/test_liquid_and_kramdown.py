"""Liquid and kramdown in posts, on a tiny site (tests/roots/test-liquid):
what the page shows, which warnings come at which line, and that includes and
data files are dependencies of the posts that use them."""

from __future__ import annotations

import io
import os
import re
import shutil
import time

import pytest
from conftest import ROOTS, build_once, copy_root, href, page, page_file, warnings_of
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll.excerpts import excerpt_separator

POSTS = "_posts/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the site, shared by the tests that only read its output."""
    srcdir = tmp_path_factory.mktemp("liquid") / "site"
    shutil.copytree(ROOTS / "test-liquid", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    yield app
    app.cleanup()


def main_of(app, docname):
    return page(app, docname).find(attrs={"role": "main"})


def warning_lines(app):
    """``(file name, line, subtype)`` of each warning."""
    found = re.findall(r"/([^/\s]+\.md):(\d+): WARNING: .*?\[(\S+)\]", warnings_of(app))
    return [(name, int(line), kind) for name, line, kind in found]


def test_site_page_data_and_filters(built):
    text = main_of(built, POSTS + "2020-02-02-liquid").get_text(" ")
    assert "Site The Liquid Blog, page Liquid everywhere, tags liquid+jekyll." in text
    assert "Grace (ADMIRAL)" in text
    assert "Linus (KERNEL)" in text
    assert "Base /blog/about/ and https://example.org/blog/about/" in text
    assert "date 2020/02/02" in text
    assert "where Linus" in text
    assert "words 3" in text
    assert "<b>&" in text  # xml_escape'd, so shown as text, not markup
    assert "{{" not in text.replace("{{ written }}", "")


def test_highlight_is_a_sphinx_code_block_with_line_numbers(built):
    main = main_of(built, POSTS + "2020-02-02-liquid")
    block = main.find("div", class_="highlight-python")
    assert block is not None
    assert [n.get_text() for n in block.find_all(class_="linenos")] == ["1", "2"]
    assert '"liquid-everywhere"' in block.get_text()  # Liquid inside highlight renders


def test_raw_is_literal(built):
    text = main_of(built, POSTS + "2020-02-02-liquid").get_text(" ")
    assert "Shown as {{ written }} and {% if %}" in text


def test_post_url_and_link_resolve_to_the_target_page(built):
    main = main_of(built, POSTS + "2020-02-02-liquid")
    links = {a.get_text(): a["href"] for a in main.find_all("a")}
    target = href(built, POSTS + "2020-02-02-liquid", POSTS + "2020-01-01-target")
    assert links["the target"] == target
    assert links["again"] == target
    here = page_file(built, POSTS + "2020-02-02-liquid").parent
    assert (here / links["the target"]).resolve() == page_file(built, POSTS + "2020-01-01-target")


def test_includes_with_parameters_and_relative_includes(built):
    main = main_of(built, POSTS + "2020-02-02-liquid")
    assert main.find("aside", class_="note").get_text() == "Careful (warning)"
    assert "Relative snippet for Liquid everywhere." in main.get_text(" ").replace("  ", " ")
    assert main.find("em", string="snippet") is not None


def test_unknown_tags_warn_at_each_use_and_render_nothing(built):
    text = main_of(built, POSTS + "2020-02-02-liquid").get_text(" ")
    assert "youtube" not in text
    assert "abc123" not in text
    tags = [w for w in warning_lines(built) if w[2] == "jekyllposts.liquid_tag"]
    # two uses on line 30, and one in a loop in another post: each use warned once
    assert tags.count(("2020-02-02-liquid.md", 30, "jekyllposts.liquid_tag")) == 2
    assert ("2020-05-05-lines.md", 18, "jekyllposts.liquid_tag") in tags
    assert len(tags) == 3


def test_missing_targets_warn_at_their_line(built):
    found = set(warning_lines(built))
    assert ("2020-02-02-liquid.md", 32, "jekyllposts.include") in found
    assert ("2020-02-02-liquid.md", 32, "jekyllposts.link") in found


def test_render_with_liquid_false_keeps_the_text(built):
    text = main_of(built, POSTS + "2020-03-03-off").get_text(" ")
    assert "Keep {{ page.title }} and {% raw %} as written." in text


def test_unbalanced_blocks_warn_and_the_post_is_shown_as_written(built):
    text = main_of(built, POSTS + "2020-04-04-broken").get_text(" ")
    assert "First line." in text
    assert "Never closed." in text
    assert ("2020-04-04-broken.md", 6, "jekyllposts.liquid") in warning_lines(built)
    assert "'{% if %}' is never closed" in warnings_of(built)


def test_sphinx_warnings_after_liquid_point_at_the_source_line(built):
    # Line 11 of the file; the rendered text has it three lines later.
    assert ("2020-05-05-lines.md", 11, "myst.xref_missing") in warning_lines(built)
    # A MyST message given while parsing, as well as one given while resolving.
    assert ("2020-05-05-lines.md", 15, "myst.directive_unknown") in warning_lines(built)
    text = main_of(built, POSTS + "2020-05-05-lines").get_text(" ")
    assert "row 1" in text
    assert "row 3" in text


def test_an_enormous_loop_hits_the_limit(built):
    assert ("2020-06-06-limits.md", 4, "jekyllposts.limit") in warning_lines(built)
    assert "After." in main_of(built, POSTS + "2020-06-06-limits").get_text()


def test_includes_never_leave_the_site_or_recurse_forever(built):
    warnings = [w for w in warning_lines(built) if w[0] == "2020-07-07-escape.md"]
    assert warnings == [
        ("2020-07-07-escape.md", line, "jekyllposts.include") for line in (4, 5, 6, 7)
    ]
    text = main_of(built, POSTS + "2020-07-07-escape").get_text()
    assert "title:" not in text
    assert "root:" not in text
    assert "extensions" not in text
    assert text.count("again") == 10


def test_kramdown_attributes_toc_and_ids(built):
    main = main_of(built, POSTS + "2020-08-08-kramdown")
    notice = main.find("p", class_="notice--info")
    assert notice is not None
    assert notice.get("id") == "note-1"
    assert notice.get_text() == "A notice paragraph."
    button = main.find("a", string="Button")
    assert {"btn", "btn--primary"} <= set(button["class"])
    assert main.find("section", id="中文-标题") is not None
    assert main.find("section", id="my-id") is not None
    toc = main.find("ul", id="markdown-toc")
    assert [a["href"] for a in toc.find_all("a")] == ["#中文-标题", "#my-id"]
    # kramdown's headings are not links back to the table of contents.
    assert main.find("a", class_="toc-backref") is None
    text = main.get_text(" ")
    assert "{:" not in text
    assert "TOC" not in text
    assert "<!--more-->" not in str(main)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "<!--more-->"),
        ({"excerpt_separator": None}, "<!--more-->"),
        ({"excerpt_separator": False}, "<!--more-->"),
        ({"excerpt_separator": "<!--cut-->"}, "<!--cut-->"),
        ({"excerpt_separator": 5}, "5"),
        ({"excerpt_separator": ""}, ""),
    ],
)
def test_the_page_loses_the_separator_the_excerpt_was_cut_at(data, expected):
    """The parser takes the post's separator as the catalog does, with the one
    function (Jekyll's ``nil`` or ``false`` is the site's): the one cut at is
    the one removed."""
    assert excerpt_separator(data, "<!--more-->") == expected


def test_kramdown_math_lists_abbreviations_and_markdown_divs(built):
    main = main_of(built, POSTS + "2020-08-08-kramdown")
    text = main.get_text(" ")
    assert "$PATH and $VAR stay text" in text
    maths = [m.get_text() for m in main.find_all(class_="math")]
    assert r"\(e^{i\pi}+1=0\)" in maths
    assert any("a^2 + b^2 = c^2" in m for m in maths)
    assert main.find("dt").get_text() == "Term"
    assert len(main.find_all("input", type="checkbox")) == 2
    assert main.find("abbr")["title"] == "Hyper Text Markup Language"
    assert "*[HTML]" not in text
    box = main.find("div", class_="box")
    assert box.find("strong").get_text() == "bold"
    assert main.find("aside", class_="footnote") is not None


def test_editing_an_include_rebuilds_the_posts_that_use_it(make_app, tmp_path):
    srcdir = copy_root("liquid", tmp_path)
    build_once(make_app, srcdir)
    note = srcdir / "_includes" / "note.html"
    note.write_text('<aside class="note">Changed {{ include.text }}</aside>\n', "utf-8")
    later = time.time() + 5
    os.utime(note, (later, later))
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert "Changed Careful" in main_of(again, POSTS + "2020-02-02-liquid").get_text()
    assert "Changed one" in main_of(again, POSTS + "2020-05-05-lines").get_text()
    again.cleanup()


@pytest.mark.parametrize(
    ("given", "removed", "kept"),
    [
        ("false", "==cut==", "@@cut@@"),
        ("~", "==cut==", "@@cut@@"),
        ('"@@cut@@"', "@@cut@@", "==cut=="),
    ],
)
def test_the_separator_the_excerpt_is_cut_at_leaves_the_page(
    make_app, tmp_path, given, removed, kept
):
    """``false`` or ``nil`` is the site's separator (Jekyll 4.3): that one, not
    the text "false", is taken out of the page, as the catalog cut there."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "conf.py").write_text('extensions = ["sphinxext_jekyllposts"]\n', "utf-8")
    (site / "_config.yml").write_text('excerpt_separator: "==cut=="\n', "utf-8")
    (site / "index.md").write_text("# Home\n", "utf-8")
    body = "Intro.\n\n==cut==\n\n@@cut@@\n\nRest.\n"
    (site / "_posts" / "2020-01-01-a.md").write_text(
        f"---\ntitle: A\nexcerpt_separator: {given}\n---\n\n{body}", "utf-8"
    )
    app = make_app("html", srcdir=site)
    app.build()
    text = main_of(app, POSTS + "2020-01-01-a").get_text(" ")
    assert "Intro." in text
    assert "Rest." in text
    assert removed not in text
    assert kept in text
