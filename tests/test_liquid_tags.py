"""Liquid tags as Jekyll and its plugins render them (tests/roots/test-liquid-tags):
tags written over several lines, ``include_cached``, ``gist``, ``figure``, the
tags of ``jekyllposts_liquid_tags``, and excerpts with Liquid in them.

The expected HTML is what ``jekyll build`` (4.3.1) gave for the same posts, the
plugins' tags copied from jekyll-figure's, jekyll-gist's (without network: the
script only) and jekyll-include-cache's sources into a scratch ``_plugins/``.
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from io import StringIO

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import build_once, copy_root, page, served, warnings_of
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.cli import main as jekyllposts
from sphinxext_jekyllposts.config_checks import option_problem
from sphinxext_jekyllposts.feeds import without_scripts

POSTS = "_posts/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = copy_root("liquid-tags", tmp_path_factory.mktemp("tags"))
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    yield app
    app.cleanup()


def main_of(app, docname):
    return page(app, docname).find(attrs={"role": "main"})


def _entries(app):
    feed = feedparser.parse((app.outdir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {entry.title: entry for entry in feed.entries}


def test_the_site_builds_without_a_warning(built):
    assert warnings_of(built) == ""


def test_an_include_written_over_several_lines(built):
    """Jekyll: ``<figure class="wide"> <img src="x.jpg" alt="An image" />
    <figcaption>A caption</figcaption> </figure>``."""
    main = main_of(built, POSTS + "2020-01-01-multi-line")
    figure = main.find("figure", class_="wide")
    assert figure is not None
    assert figure.find("img")["src"] == "x.jpg"
    assert figure.find("img")["alt"] == "An image"
    assert figure.find("figcaption").get_text() == "A caption"


def test_output_and_white_space_control_over_several_lines(built):
    text = main_of(built, POSTS + "2020-01-01-multi-line").get_text(" ")
    assert "After MULTI-LINE TAGS done." in text
    assert "Texttighthere." in text


def test_a_second_build_without_changes_reads_no_post(make_app, tmp_path):
    """The include of a tag over several lines was a dependency named with the
    line break, a file that never exists: its post was read again every time."""
    srcdir = copy_root("liquid-tags", tmp_path)
    build_once(make_app, srcdir)
    again = build_once(make_app, srcdir)
    status = again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in status
    assert "no targets are out of date" in status


def test_include_cached_is_an_include(built):
    main = main_of(built, POSTS + "2020-01-02-plugins")
    assert main.find("aside", class_="note").get_text() == "Cached note"


def test_gist_is_its_script_with_a_link_for_readers_without_scripts(built):
    html = str(main_of(built, POSTS + "2020-01-02-plugins"))
    assert (
        '<script src="https://gist.github.com/octocat/6cad326836d38bd3a7ae.js?file=hello.rb">'
        " </script>"
    ) in html
    assert '<script src="https://gist.github.com/28949e1d5ee2273f9fd3.js"> </script>' in html
    main = main_of(built, POSTS + "2020-01-02-plugins")
    links = [a["href"] for noscript in main.find_all("noscript") for a in noscript.find_all("a")]
    assert links == [
        "https://gist.github.com/octocat/6cad326836d38bd3a7ae",
        "https://gist.github.com/28949e1d5ee2273f9fd3",
    ]


def test_a_feed_entry_links_to_the_gist_instead_of_its_script(built):
    content = _entries(built)["Plugin tags"].content[0].value
    assert "<script" not in content
    assert "noscript" not in content
    assert '<a href="https://gist.github.com/28949e1d5ee2273f9fd3">' in content
    assert "Cached note" in content


def test_figure_with_caption_and_class(built):
    """Jekyll (jekyll-figure): ``<figure class="wide dark"><p>Figure <em>content</em>
    here.</p> <figcaption>A <em>Markdown</em> caption</figcaption></figure>``."""
    main = main_of(built, POSTS + "2020-01-02-plugins")
    first, second = main.find_all("figure")
    assert first["class"] == ["wide", "dark"]
    assert first.find("p").decode_contents() == "Figure <em>content</em> here."
    assert first.find("figcaption").decode_contents() == "A <em>Markdown</em> caption"
    assert not second.get("class")
    assert second.find("p").decode_contents() == "Just <em>content</em>."
    assert second.find("figcaption") is None
    assert "End." in main.get_text()


def test_mapped_tags_get_their_arguments_as_include(built):
    main = main_of(built, POSTS + "2020-01-03-mapped")
    first, second = main.find_all("iframe", class_="youtube")
    assert first["src"] == "https://www.youtube.com/embed/abc123"
    assert first["width"] == "640"  # keyword argument
    assert first["title"] == "abc123"  # include.args: the positional ones only
    # a variable's value; a quoted string without its quotes; a number as written
    assert second["src"] == "https://www.youtube.com/embed/from-a-variable"
    assert second["width"] == "560"
    assert second["title"] == "from-a-variable|two words|42"


def test_a_mapped_block_tag_gets_its_content(built):
    details = main_of(built, POSTS + "2020-01-03-mapped").find("details")
    assert details.find("summary").get_text() == "More"
    assert details.find("p").decode_contents() == "Some <em>hidden</em> text."


def test_a_mapped_tag_whose_include_is_missing_warns_at_its_line(make_app, tmp_path):
    srcdir = copy_root("liquid-tags", tmp_path)
    (srcdir / "_includes" / "youtube.html").unlink()
    app = build_once(make_app, srcdir)
    found = re.findall(
        r"2020-01-03-mapped\.md:(\d+): WARNING: '\{% youtube %\}' "
        r"\(jekyllposts_liquid_tags: youtube.html\): no such file.*\[jekyllposts.include\]",
        warnings_of(app),
    )
    assert found == ["6", "8"]


def test_excerpts_render_their_liquid_in_listings_and_feeds(built):
    """Jekyll: ``Excerpt with Liquid: Ruby 3.2 is out.`` (page, include, _data)."""
    listing = main_of(built, "index")
    excerpts = [p.get_text(" ") for p in listing.find_all("p", class_="jekyllposts-excerpt")]
    assert "Excerpt with Liquid: Ruby 3.2 is out." in excerpts
    entry = _entries(built)["Excerpt with Liquid"]
    assert entry.summary == "Excerpt with Liquid: Ruby 3.2 is out."


def test_a_block_cut_by_the_excerpt_separator_is_closed_as_jekyll_closes_it(built):
    """The first blank line is inside ``{% capture %}``: Jekyll closes the block
    in the excerpt, which then captures everything and shows nothing."""
    feed = ET.fromstring((built.outdir / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in feed.iter(f"{atom}entry") if e.findtext(f"{atom}title") == "Captured")
    assert entry.find(f"{atom}summary") is None
    assert entry.find(f"{atom}content") is not None
    listing = main_of(built, "index")
    item = listing.find("a", string="Captured").find_parent("li")
    assert item.find("p", class_="jekyllposts-excerpt") is None


def test_an_edited_include_or_data_file_changes_the_excerpts_shown(make_app, tmp_path):
    srcdir = copy_root("liquid-tags", tmp_path)
    build_once(make_app, srcdir)
    data = srcdir / "_data" / "release.yml"
    data.write_text("name: Crystal\n", "utf-8")
    later = time.time() + 5
    os.utime(data, (later, later))
    again = build_once(make_app, srcdir)
    excerpts = [
        p.get_text(" ") for p in main_of(again, "index").find_all("p", class_="jekyllposts-excerpt")
    ]
    assert "Excerpt with Liquid: Crystal 3.2 is out." in excerpts
    assert _entries(again)["Excerpt with Liquid"].summary == (
        "Excerpt with Liquid: Crystal 3.2 is out."
    )
    # and then nothing changed: nothing is read again
    third = build_once(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in third.status.getvalue()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"youtube": "youtube.html"}, ""),
        (None, ""),
        ({"if": "if.html"}, "Liquid's own tags"),
        ({"include": "x.html"}, "Liquid's own tags"),
        ({"two words": "x.html"}, "expected tag names"),
        ({"youtube": ""}, "expected tag names"),
        ({"youtube": 3}, "expected tag names"),
    ],
)
def test_the_liquid_tags_option_is_checked(value, problem):
    found = option_problem("liquid_tags", value, (dict, type(None)))
    assert (problem in found) if problem else found == ""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<script src="x"> </script><noscript><a href="y">y</a></noscript>', '<a href="y">y</a>'),
        ("<p>kept</p>", "<p>kept</p>"),
        ("a<SCRIPT>var x;</Script >b", "ab"),
        ("before<script>never closed", "before"),
        ("a<noscript", "a<noscript"),
    ],
)
def test_feed_markup_without_scripts(markup, expected):
    assert without_scripts(markup) == expected


@given(
    st.lists(
        st.sampled_from(
            ["<script>", "</script>", "<noscript>", "</noscript>", "<", ">", "x", "<script"]
        ),
        max_size=20,
    ).map("".join)
)
def test_feed_markup_never_keeps_a_closed_script(markup):
    out = without_scripts(markup)
    assert "<noscript>" not in out
    assert not re.search(r"<script>.*</script>", out, re.S)


def test_feed_markup_without_scripts_is_linear():
    start = time.perf_counter()
    without_scripts("<script" * 50_000 + "<noscript" * 50_000)
    without_scripts("<script>x</script>" * 20_000)
    assert time.perf_counter() - start < 2.0


def test_figure_without_paragraphs(tmp_path):
    """``jekyll-figure: {paragraphs: false}`` (Minimal Mistakes' own site): the
    plugin converts the content and strips its ``<p>``; real Jekyll gives
    ``<figure class="g">⏎<a href="/a-lg.jpg"><img src="/a.jpg" alt="x" /></a>⏎
    <figcaption>A <em>caption</em></figcaption>⏎</figure>``."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("jekyll-figure:\n  paragraphs: false\n", "utf-8")
    (site / "_posts" / "2020-01-01-f.md").write_text(
        '---\ntitle: Fig\n---\n\n{% figure caption:"A *caption*" class:"g" %}\n'
        "[![x](/a.jpg)](/a-lg.jpg)\n{% endfigure %}\n\nAfter.\n",
        "utf-8",
    )
    assert jekyllposts(["build", str(site), str(tmp_path / "out"), "-q"]) == 0
    written = served(tmp_path / "out" / "_posts" / "2020-01-01-f.html").read_text("utf-8")
    figure = BeautifulSoup(written, "html.parser").find("figure", class_="g")
    assert figure.find("p") is None
    assert figure.find("a", href="/a-lg.jpg").find("img")["src"] == "/a.jpg"
    assert figure.find("figcaption").decode_contents() == "A <em>caption</em>"
