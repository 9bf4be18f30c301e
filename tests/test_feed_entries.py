"""What a feed entry's content is: the post as its author wrote it, without its
title and without anything this extension adds to the post's page (the post
header, the links to the older, newer and related posts)."""

from __future__ import annotations

import shutil
import urllib.parse

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, page, warnings_of

from sphinxext_jekyllposts.page_addresses import public_uri

BASE = "https://example.org/blog/"
POSTS = {
    "First of three": "_posts/2021-01-01-first",
    "Second of three": "_posts/2021-02-01-second",
    "Third of three": "_posts/2021-03-01-third",
}


def _links_to(app, docname):
    """Every absolute link that leads to a post: its page's (at its Jekyll URL,
    in the builder's form and in Jekyll's) and its Sphinx path (the redirect)."""
    return {
        BASE + app.builder.get_target_uri(docname),
        BASE + public_uri(app, docname),
        BASE + urllib.parse.quote(docname) + ".html",
    }


def _build(make_app, tmp_path, name="feed-content", **kwargs):
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / "test-feed-content", srcdir)
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    assert warnings_of(app) == ""
    return app


@pytest.fixture
def site(make_app, tmp_path):
    return _build(make_app, tmp_path)


def _entries(app, path="feed.xml"):
    feed = feedparser.parse((app.outdir / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {entry.title: entry.content[0].value for entry in feed.entries}


def test_the_pages_have_what_the_feed_entries_leave_out(site):
    """The test root really shows a header, navigation and related posts."""
    for title, docname in POSTS.items():
        html = page(site, docname)
        assert html.find("h1").get_text().startswith(title)
        assert html.select_one(".jekyllposts-post-header")
        assert html.select_one(".jekyllposts-post-navigation")
        assert html.select_one(".jekyllposts-related-posts .rubric").get_text() == "Related posts"


@pytest.mark.parametrize("feed", ["feed.xml", "feed/by_tag/python.xml", "feed/by_tag/feeds.xml"])
def test_no_entry_has_the_related_posts_header_navigation_or_title(site, feed):
    entries = _entries(site, feed)
    assert entries
    for title, content in entries.items():
        assert "Related posts" not in content, title
        for added in (
            "Posted on",
            "Categories:",
            "Tags:",
            "min read",
            "By Ada",
            "Older:",
            "Newer:",
        ):
            assert added not in content, (title, added)
        html = BeautifulSoup(content, "html.parser")
        found = {c for e in html.find_all(class_=True) for c in e["class"]}
        assert {c for c in found if c.startswith("jekyllposts-")} <= {
            "jekyllposts-post-list",  # a listing the author put in the post (the third)
            "jekyllposts-post",
            "jekyllposts-date",
            "jekyllposts-title",
        }, title
        # The only links to other posts are those of the author's own listing.
        for link in html.find_all("a", href=True):
            if any(link["href"] in _links_to(site, other) for other in POSTS.values()):
                assert link.find_parent("ul", class_="jekyllposts-post-list"), (title, link)
        assert title not in content  # nor its title, the entry's own
        assert all(title not in h1.get_text() for h1 in html.find_all("h1"))


def test_an_entry_keeps_everything_the_post_says(site):
    entries = _entries(site)
    assert "The first post’s own text." in entries["First of three"]
    second = BeautifulSoup(entries["Second of three"], "html.parser")
    assert second.find("p").get_text().startswith("The second post’s own text, with a footnote")
    assert second.find("code").get_text() == "inline code"
    # each admonition has its title once (a doctree written twice gets it twice)
    assert [p.get_text() for p in second.select(".admonition-title")] == ["Note"]
    assert second.find("h2").get_text().startswith("Details")
    assert 'print("a code block")' in second.select_one("div.highlight").get_text()
    assert second.find("img")["src"] == BASE + "_images/dot.svg"
    assert "中文正文，没有标题。" in second.get_text()
    footnote = second.select_one("aside.footnote")
    assert footnote.get_text().strip().endswith("The footnote’s text.")
    reference = second.select_one("a.footnote-reference")
    second_page = BASE + site.builder.get_target_uri(POSTS["Second of three"])
    assert second_page == BASE + "notes/2021/02/01/second.html"  # its Jekyll URL
    assert reference["href"] == second_page + "#" + footnote["id"]
    third = BeautifulSoup(entries["Third of three"], "html.parser")
    assert "The third post’s own text." in third.get_text()
    listing = third.select("ul.jekyllposts-post-list a")
    assert [a.get_text() for a in listing] == ["Second of three", "First of three"]
    listed = [POSTS["Second of three"], POSTS["First of three"]]
    assert [a["href"] for a in listing] == [
        BASE + site.builder.get_target_uri(docname) for docname in listed
    ]
    # a later top-level heading is a section of the post, under its title: only
    # the title goes
    assert [h.get_text() for h in third.find_all(["h1", "h2"])] == ["A second top heading¶"]
    assert "Text under the second top heading." in third.get_text()


def test_an_entry_has_the_pages_markup_without_what_is_left_out(site):
    """The entry is the page's body, as written, less the title and our blocks."""
    section = page(site, POSTS["First of three"]).select_one("section#first-of-three")
    for added in section.select("h1, .jekyllposts-post-header, .jekyllposts-post-navigation"):
        added.decompose()
    section.select_one(".jekyllposts-related-posts").decompose()
    entry = BeautifulSoup(_entries(site)["First of three"], "html.parser")
    assert " ".join(str(entry).split()) == " ".join(str(section).split())


def test_a_parallel_build_writes_the_same_entries(make_app, tmp_path):
    feeds = {}
    for jobs in (1, 2):
        app = _build(make_app, tmp_path, name=f"j{jobs}", parallel=jobs)
        feeds[jobs] = {
            p.relative_to(app.outdir).as_posix(): p.read_bytes() for p in app.outdir.rglob("*.xml")
        }
        app.cleanup()
    assert feeds[1].keys() == feeds[2].keys() >= {"feed.xml", "feed/by_tag/python.xml"}
    assert feeds[1] == feeds[2]
    assert b"Related posts" not in b"".join(feeds[2].values())
