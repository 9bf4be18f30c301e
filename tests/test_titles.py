"""A title's inline HTML shows in the page heading, as a Jekyll layout's
``<h1>{{ page.title }}</h1>`` shows it; ``<title>``, listings, the links to
older and newer posts, feeds and search get its text (tests/roots/test-titles;
the expected headings are those ``jekyll build`` gave with such a layout).
"""

from __future__ import annotations

import html
import io
import json
import shutil
import time

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, page, served, warnings_of
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll.titles import MAX_DEPTH, parts_text, title_parts, title_text

POSTS = "_posts/"


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("如何理解 <code>document</code>", ("如何理解 ", ("code", ("document",)))),
        ("Special&nbsp;---&nbsp;Characters", ("Special\xa0---\xa0Characters",)),
        ("Q & A", ("Q & A",)),
        (
            "<i>a</i> <b>b</b> <kbd>k</kbd>",
            (("em", ("a",)), " ", ("strong", ("b",)), " ", ("code", ("k",))),
        ),
        ("x <em>never <strong>closed", ("x ", ("em", ("never ", ("strong", ("closed",)))))),
        ("<code> spaced </code>  end ", (("code", ("spaced ",)), "end")),
        ('<span class="x">red</span><br>next', ("red next",)),
        ("C++ <vector> and <T>", ("C++ <vector> and <T>",)),
        ("<script>alert(1)</script>ok<style>p {}</style>", ("ok",)),
        ("<code></code><img src=x onerror=alert(1)>", ()),
        ("1 < 2 > 0", ("1 < 2 > 0",)),
    ],
)
def test_title_parts(title, parts):
    assert title_parts(title) == parts


def test_title_text_is_the_text_a_reader_sees():
    assert title_text("如何理解 <code>document</code>") == "如何理解 document"
    assert title_text("A &amp; B &lt;code&gt;") == "A & B <code>"


@given(st.text(alphabet="<>/&;ab codemistrng =\"'\n#x", max_size=80))
def test_any_title_reads(title):
    parts = title_parts(title)
    assert parts_text(parts) == title_text(title)
    assert title_text(title) == title_text(title).strip(" ")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("titles") / "site"
    shutil.copytree(ROOTS / "test-titles", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    yield app
    app.cleanup()


def heading(app, docname):
    return page(app, docname).find("h1")


def test_the_heading_shows_the_titles_inline_html(built):
    code = heading(built, POSTS + "2020-01-01-code")
    assert code.find("code").get_text() == "document"
    assert code.get_text().rstrip("¶") == "如何理解 document"
    styles = heading(built, POSTS + "2020-01-02-styles")
    assert styles.find("em").get_text() == "Emph"
    assert styles.find("strong").get_text() == "bold"
    assert styles.find("sub").get_text() == "2"
    assert styles.find("sup").get_text() == "2"
    assert "&\xa0" not in styles.get_text()
    assert "& Special\xa0" in styles.get_text()  # &amp; and &nbsp; read as Jekyll's page shows them
    assert warnings_of(built) == ""


def test_no_html_but_these_styles_ever_reaches_the_page(built):
    other = heading(built, POSTS + "2020-01-03-other-tags")
    # Jekyll's page shows "C++ in red" (the browser hides <vector>): differs, on purpose.
    assert other.get_text().rstrip("¶") == "C++ <vector> in red"
    assert other.find(["span", "img", "script"]) is None
    written = served(built.outdir / "_posts" / "2020-01-03-other-tags.html").read_text("utf-8")
    assert "onerror" not in written
    assert "alert(" not in written


def test_title_listings_neighbours_feeds_and_search_get_the_text(built):
    post = page(built, POSTS + "2020-01-01-code")
    assert post.find("title").get_text().startswith("如何理解 document — ")
    listing = [a.get_text() for a in page(built, "index").select("a.jekyllposts-title")]
    assert listing == [
        "C++ <vector> in red",
        "Emph, bold, H2O, x2 & Special\xa0—\xa0Characters",
        "如何理解 document",
    ]
    navigation = page(built, POSTS + "2020-01-02-styles").select_one(".jekyllposts-older a")
    assert navigation.get_text() == "如何理解 document"
    assert navigation.find("code") is None
    feed = feedparser.parse((built.outdir / "feed.xml").read_bytes())
    assert "如何理解 document" in [entry.title for entry in feed.entries]
    index = (built.outdir / "searchindex.js").read_text("utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    titles = dict(zip(data["docnames"], data["titles"], strict=True))
    # Sphinx 8 keeps the heading's HTML there (its search page shows it), 9 its text.
    shown = BeautifulSoup(titles[POSTS + "2020-01-01-code"], "html.parser").get_text()
    assert html.unescape(shown) == "如何理解 document"


def test_without_raw_html_the_heading_is_the_same_nodes(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-titles", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_raw_html": False})
    app.build()
    code = heading(app, POSTS + "2020-01-01-code")
    assert code.find("code").get_text() == "document"
    assert "onerror" not in served(app.outdir / "_posts" / "2020-01-03-other-tags.html").read_text()


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "<em" * n,
        lambda n: "<" * n,
        lambda n: "<x>" * n,
        lambda n: "<!--" * n,
        lambda n: '<a b="' * n,
        lambda n: "<em>a</code>" * n,
    ],
)
def test_a_title_reads_in_linear_time(shape):
    for size in (25_000, 100_000):
        start = time.perf_counter()
        title_parts(shape(size))
        assert time.perf_counter() - start < 3.0


def test_styles_nest_only_so_deep():
    parts = title_parts("<em>" * 100 + "deep")
    depth = 0
    while parts and not isinstance(parts[0], str):
        parts = parts[0][1]
        depth += 1
    assert depth == MAX_DEPTH
    assert parts == ("deep",)
