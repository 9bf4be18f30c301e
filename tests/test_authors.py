"""Authors (tests/roots/test-authors): ``author:``/``authors:`` resolved through
``_data/authors.yml`` and the site's ``author:`` block; the author box after
each post; a page and a feed per author."""

from __future__ import annotations

import pytest
from conftest import built_root, copy_root, page, page_file, warnings_of

from sphinxext_jekyllposts.jekyll.authors import Author, author_keys, post_authors, profile

OWNER = "_posts/2018-05-18-by-owner"
ANN = "_posts/2018-05-19-by-ann"
TWO = "_posts/2018-05-20-by-two"


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ({"author": "ann"}, ("ann",)),
        ({"author": {"name": "Ann"}}, ("Ann",)),
        ({"author": ["ann", "bob", "ann"]}, ("ann", "bob")),
        ({"authors": ["ann", "bob"], "author": "carl"}, ("ann", "bob")),
        ({"authors": "ann"}, ("ann",)),
        ({"author": ["x"] * 100 + ["y"]}, ("x",)),
        ({}, ()),
    ],
)
def test_the_authors_a_post_names(data, keys):
    assert author_keys(data) == keys


def test_a_profile_from_authors_yml_or_the_site_block():
    found = profile(
        "ann",
        {"name": "Ann", "avatar": "/a.png", "links": [{"label": "Site", "url": "https://a"}, 3]},
    )
    assert found == Author("ann", "Ann", avatar="/a.png", links=(("Site", "https://a"),))
    assert profile("x", "Just a name") == Author("x", "Just a name")
    assert not Author("x", "X").has_profile


def test_a_post_naming_no_one_is_the_sites_authors():
    site = {"name": "Owner", "bio": "Hi"}
    assert post_authors({}, {}, site) == (Author("", "Owner", bio="Hi"),)
    assert post_authors({"author": "Owner"}, {}, site) == (Author("Owner", "Owner", bio="Hi"),)
    assert post_authors({"author": "carl"}, {}, site) == (Author("carl", "carl"),)
    assert post_authors({}, {}, None) == ()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("authors", tmp_path_factory)


def box(app, docname):
    return page(app, docname).select_one(".jekyllposts-author-box")


def test_each_post_has_the_box_of_its_authors(built):
    assert warnings_of(built) == ""
    owner = box(built, OWNER)
    assert owner.select_one(".jekyllposts-author-name").get_text() == "Site Owner"
    assert owner.select_one(".jekyllposts-author-bio").get_text() == "Writes most posts."
    assert owner.select_one(".jekyllposts-author-links a")["href"] == "https://owner.example.org"
    avatar = owner.select_one("img.jekyllposts-avatar")
    assert (page_file(built, OWNER).parent / avatar["src"]).resolve().is_file()
    ann = box(built, ANN)
    assert ann.select_one(".jekyllposts-author-name a")["href"] == "https://ann.example.org"
    two = box(built, TWO)
    # Bob has only a name: no entry of his own.
    assert [n.get_text() for n in two.select(".jekyllposts-author-name")] == ["Ann Author"]


def test_the_box_comes_after_the_post_and_not_in_feeds(built):
    html = str(page(built, ANN))
    assert html.index("A guest post.") < html.index("jekyllposts-author-box")
    feed = (built.outdir / "feed.xml").read_text("utf-8")
    assert "A guest post." in feed
    assert "Guest writer." not in feed


def test_a_change_to_authors_yml_rewrites_the_posts(make_app, tmp_path):
    srcdir = copy_root("authors", tmp_path)
    app = make_app("html", srcdir=srcdir)
    app.build()
    data = srcdir / "_data" / "authors.yml"
    data.write_text(data.read_text("utf-8").replace("Guest writer.", "A new bio."), "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert box(app, ANN).select_one(".jekyllposts-author-bio").get_text() == "A new bio."


def test_the_option_turns_the_box_off(make_app, tmp_path):
    app = make_app(
        "html",
        srcdir=copy_root("authors", tmp_path),
        confoverrides={"jekyllposts_author_box": False},
    )
    app.build()
    assert box(app, ANN) is None


def test_each_author_has_a_page_with_their_posts_and_a_feed(built):
    ann = page(built, "author/ann")
    assert ann.select_one("h1").get_text().startswith("Ann Author")
    titles = [a.get_text() for a in ann.select("a.jekyllposts-title")]
    assert titles == ["By two", "By Ann"]
    bob = [a.get_text() for a in page(built, "author/bob").select("a.jekyllposts-title")]
    assert bob == ["By two"]
    feed = (built.outdir / "feed" / "by_author" / "ann.xml").read_text("utf-8")
    assert feed.count("<entry>") == 2
    link = ann.find("link", rel="alternate", href="https://example.org/feed/by_author/ann.xml")
    assert link is not None
    index = [a.get_text() for a in page(built, "author/index").select(".toctree-wrapper a")]
    assert index == ["ann (2)", "bob (1)"]


def test_an_avatar_the_site_does_not_have_warns_and_is_not_shown(make_app, tmp_path):
    srcdir = copy_root("authors", tmp_path)
    (srcdir / "assets" / "ann.png").unlink()
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app).count("ann: the avatar '/assets/ann.png' names no file") == 1
    assert "_data/authors.yml:1: WARNING" in warnings_of(app)  # ann: is its first key
    assert box(app, ANN).select_one("img") is None
    assert box(app, OWNER).select_one("img") is not None
