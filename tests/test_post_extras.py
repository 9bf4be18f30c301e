"""What themes show of a post beside its text (tests/roots/test-extras): the
subtitle, the header image, pinned and hidden posts, the table of contents."""

from __future__ import annotations

import pytest
from conftest import built_root, copy_root, page, page_file, warnings_of

from sphinxext_jekyllposts.jekyll.theme_keys import (
    Image,
    header_image,
    hidden,
    image_url,
    pinned,
    share_image,
    subtitle,
    wants_toc,
)

FIRST = "_posts/2018-05-18-first"
PINNED = "_posts/2018-05-19-pinned"
NEWEST = "_posts/2018-05-20-newest"
HIDDEN = "_posts/2018-05-21-hidden"


@pytest.mark.parametrize(
    ("data", "image"),
    [
        ({"image": "/a.png"}, None),  # only shared (og:image), but in Chirpy
        ({"header": {"image": "/h.png", "image_description": "H"}}, Image("/h.png", "H")),  # MM
        ({"header": {"overlay_image": "/o.png", "image": "/h.png"}}, Image("/o.png")),
        ({"header-img": "img/bg.jpg"}, Image("img/bg.jpg")),  # Clean Blog
        ({"header": {"teaser": "/t.png"}}, None),  # a teaser is for listings only
        ({"image": ["not", "a", "path"]}, None),
        ({}, None),
    ],
)
def test_the_header_image_of_each_theme(data, image):
    assert header_image(data) == image


def test_chirpys_image_is_its_header_image():
    assert header_image({"image": "/a.png"}, "chirpy") == Image("/a.png")
    assert header_image({"image": {"path": "/a.png", "alt": "A"}}, "chirpy") == Image("/a.png", "A")


def test_the_share_image_prefers_image_then_the_headers():
    assert share_image({"header": {"teaser": "/t.png"}}) == Image("/t.png")
    assert share_image({"header": {"og_image": "/og.png", "image": "/h.png"}}) == Image("/og.png")
    assert share_image({"image": "/i.png", "header": {"og_image": "/og.png"}}) == Image("/i.png")


def test_subtitle_pin_sticky_and_hidden():
    assert subtitle({"subtitle": " A  subtitle "}) == "A subtitle"
    assert subtitle({"subtitle": ["x"]}) == ""
    assert pinned({"pin": True})
    assert pinned({"sticky": True})
    assert not pinned({"pin": "yes"})
    assert hidden({"hidden": True})
    assert not hidden({"hidden": False})
    assert not hidden({})


@pytest.mark.parametrize(
    ("data", "site", "family", "shown"),
    [
        ({"toc": True}, {}, "minimal-mistakes", True),
        ({}, {}, "minimal-mistakes", False),
        ({}, {}, "chirpy", True),  # Chirpy's site-wide toc is on by default
        ({}, {"toc": False}, "chirpy", False),
        ({"toc": False}, {"toc": True}, "chirpy", False),
        ({"toc": True}, {}, "", True),
    ],
)
def test_a_table_of_contents_as_each_theme_decides(data, site, family, shown):
    assert wants_toc(data, site, family) is shown


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("extras", tmp_path_factory)


def test_the_subtitle_and_header_image_are_at_the_top(built):
    soup = page(built, FIRST)
    assert warnings_of(built) == ""
    header = soup.select_one(".jekyllposts-post-header")
    assert header.select_one(".jekyllposts-subtitle").get_text() == "The one that came first"
    image = soup.select_one(".jekyllposts-header-image img")
    assert image["alt"] == "A cover"
    assert (page_file(built, FIRST).parent / image["src"]).resolve().is_file()
    body = str(soup.select_one("h1").parent)
    assert body.index("jekyllposts-post-header") < body.index("jekyllposts-header-image")
    assert body.index("jekyllposts-header-image") < body.index("Intro.")


def test_the_image_is_the_share_image_and_not_in_the_feed(built):
    soup = page(built, FIRST)
    assert (
        soup.find("meta", property="og:image")["content"] == "https://example.org/assets/cover.png"
    )
    feed = (built.outdir / "feed.xml").read_text("utf-8")
    assert "Text one." in feed
    assert "cover.png" not in feed.split("<content", 1)[1].split("</content>", 1)[0]


def test_the_table_of_contents_lists_the_sections(built):
    toc = page(built, FIRST).select_one(".jekyllposts-toc")
    assert [a.get_text() for a in toc.select("a")] == ["Part one", "A detail", "Part two"]
    soup = page(built, FIRST)
    for link in toc.select("a"):
        assert soup.find(id=link["href"][1:]) is not None
    assert page(built, NEWEST).select_one(".jekyllposts-toc") is None


def test_pinned_posts_come_first_and_hidden_ones_are_not_listed(built):
    titles = [a.get_text() for a in page(built, "index").select("a.jekyllposts-title")]
    assert titles == ["Pinned", "Newest", "First"]
    assert page_file(built, HIDDEN).is_file()  # built all the same
    # Its year (category, tag) page lists it, as Chirpy's archive layouts do.
    year = [a.get_text() for a in page(built, "year/2018").select("a.jekyllposts-title")]
    assert "Hidden" in year


def test_chirpy_serves_images_from_its_media_subpath_and_cdn():
    site = {"img_cdn": "https://cdn.example.org/"}
    assert image_url(Image("/a.png"), {}, site) == Image("https://cdn.example.org/a.png")
    assert image_url(Image("b.png"), {"media_subpath": "/posts/1"}, site) == Image(
        "https://cdn.example.org/posts/1/b.png"
    )
    assert image_url(Image("b.png"), {"img_path": "/p/"}, {}) == Image("/p/b.png")
    assert image_url(Image("https://x.org/c.png"), {}, site) == Image("https://x.org/c.png")


def test_a_header_image_the_site_does_not_have_warns_and_is_left_out(make_app, tmp_path):
    srcdir = copy_root("extras", tmp_path)
    (srcdir / "assets" / "cover.png").unlink()
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "2018-05-18-first.md:4: WARNING: the header image '/assets/cover.png' names no file" in (
        warnings_of(app)
    )
    assert page(app, FIRST).select_one(".jekyllposts-header-image") is None


def test_a_listing_with_excerpts_shows_each_posts_teaser(built):
    soup = page(built, "teasers")
    teasers = {
        item.select_one("a.jekyllposts-title").get_text(): item.select_one("img.jekyllposts-teaser")
        for item in soup.select("li.jekyllposts-post")
    }
    assert teasers["Newest"] is None
    for title, image in (("Pinned", "teaser.png"), ("First", "cover.png")):
        assert teasers[title]["src"].endswith(image), title
        assert (page_file(built, "teasers").parent / teasers[title]["src"]).resolve().is_file()
    assert page(built, "index").select_one("img.jekyllposts-teaser") is None  # no excerpts


def test_mathjax_loads_only_on_the_posts_with_math(make_app, tmp_path):
    srcdir = copy_root("extras", tmp_path)
    (srcdir / "_posts" / "2018-05-22-math.md").write_text(
        "---\ntitle: Math\nmath: true\n---\nInline $$a^2$$ and a block:\n\n$$\nE = mc^2\n$$\n",
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    math = page_file(app, "_posts/2018-05-22-math").read_text("utf-8")
    assert "mathjax" in math
    assert "E = mc^2" in math
    assert "mathjax" not in page_file(app, NEWEST).read_text("utf-8")
