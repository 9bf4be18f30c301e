"""A Jekyll post built by Sphinx: title, date, categories, tags, header, metadata."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from conftest import page, warnings_of

from sphinxext_jekyllposts.state import post_for, post_pages, site_state

SEED = "_posts/2018-05-18-2018-openstack-vancouver-summit"
SEED_TITLE = "一个 openstack 老兵的2018 OpenStack 温哥华峰会总结"


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_post_builds_without_warnings(app):
    app.build()
    assert warnings_of(app) == ""


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_post_title_is_its_front_matter_title(app):
    app.build()
    html = page(app, SEED)
    assert html.title.get_text().startswith(SEED_TITLE + " ")
    h1s = html.find_all("h1")
    assert [h.get_text().rstrip("¶") for h in h1s] == [SEED_TITLE]
    toctree_links = [a.get_text() for a in page(app, "index").select(".toctree-wrapper a")]
    assert toctree_links == [SEED_TITLE, "A plain page"]


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_post_date_comes_from_its_file_name(app):
    app.build()
    post = post_for(app.env, SEED)
    assert post is not None
    assert (post.date.year, post.date.month, post.date.day) == (2018, 5, 18)
    assert post.date.tzinfo is not None
    assert page(app, SEED).select_one(".jekyllposts-date-value").get_text() == "May 18, 2018"


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_post_header_shows_category_and_cjk_reading_time(app):
    app.build()
    header = page(app, SEED).select_one(".jekyllposts-post-header")
    assert [c.get_text() for c in header.select(".jekyllposts-category")] == ["技术"]
    minutes = int(header.select_one(".jekyllposts-reading-time").get_text().split()[0])
    # about 4,000 Chinese characters at 400 a minute, not "140 words"
    assert 8 <= minutes <= 14
    stats = post_pages(app.env)[SEED].stats
    assert stats.cjk_chars > 3000


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_post_metadata_is_readable_and_record_is_typed(app):
    app.build()
    meta = app.env.metadata[SEED]
    assert meta["title"] == SEED_TITLE
    assert meta["category"] == "技术"
    assert meta["categories"] == "技术"
    assert meta["layout"] == "post"
    assert meta["date"].startswith("2018-05-18T00:00:00")
    record = post_pages(app.env)[SEED].post
    assert isinstance(record.date, dt.datetime)
    assert record.categories == ("技术",)
    assert record.tags == ()


@pytest.mark.sphinx("html", testroot="seed")
def test_files_jekyll_would_not_build_are_left_out_silently(app):
    app.build()
    assert "_posts/README" not in app.env.found_docs
    assert "_posts/_2018-01-01-hidden" not in app.env.found_docs
    assert warnings_of(app) == ""


@pytest.mark.sphinx("html", testroot="seed")
def test_markdown_outside_post_folders_is_plain_myst(app):
    app.build()
    html = page(app, "plain")
    assert [h.get_text().rstrip("¶") for h in html.find_all("h1")] == ["A plain page"]
    assert html.select_one(".jekyllposts-post-header") is None
    assert post_for(app.env, "plain") is None
    # exactly what MyST stores for front matter of a non-post page
    assert app.env.metadata["plain"]["categories"] == '["a", "b"]'


@pytest.mark.sphinx("html", testroot="h1")
def test_a_body_that_starts_with_its_title_keeps_it_as_the_only_title(app):
    app.build()
    html = page(app, "_posts/2020-01-05-same-heading")
    assert [h.get_text().rstrip("¶") for h in html.find_all("h1")] == [
        "The post’s title"
    ]  # smartquotes, as Sphinx does
    assert html.select_one("h1 + .jekyllposts-post-header") is not None


@pytest.mark.sphinx("html", testroot="h1")
def test_a_first_heading_saying_something_else_is_a_section_under_the_title(app):
    # As a Jekyll layout shows it: the front matter's title, then the post.
    app.build()
    html = page(app, "_posts/2020-01-01-own-heading")
    assert [h.get_text().rstrip("¶") for h in html.find_all("h1")] == ["Front matter title"]
    assert html.select_one("h1 + .jekyllposts-post-header") is not None
    sections = [h.get_text().rstrip("¶") for h in html.select("section section > h2")]
    assert sections[0] == "The body’s own title"
    assert html.find("title").get_text().startswith("Front matter title")


@pytest.mark.sphinx("html", testroot="h1")
def test_a_post_without_title_is_titled_from_its_slug(app):
    app.build()
    html = page(app, "_posts/2020-01-02-no-title")
    assert [h.get_text().rstrip("¶") for h in html.find_all("h1")] == ["No Title"]
    assert [h.get_text().rstrip("¶") for h in html.find_all("h2")] == [
        "Starts with a second-level heading"
    ]


@pytest.mark.sphinx("html", testroot="h1")
def test_a_title_is_never_markdown_nor_a_script(app):
    """Its inline HTML shows (tests/test_titles.py); Markdown and roles stay
    text, as a layout's ``{{ page.title }}`` shows them; a script never runs."""
    app.build()
    html = page(app, "_posts/2020-01-03-markup-title")
    expected = "Markup: *not* emphasis, {role}`x`, & $x$"
    assert html.find("h1").get_text().rstrip("¶") == expected
    assert html.find("script", string="alert(1)") is None
    assert warnings_of(app) == ""


@pytest.mark.sphinx("html", testroot="taxonomy")
def test_categories_and_tags_follow_jekyll(app):
    app.build()
    assert warnings_of(app) == ""

    def record(docname):
        post = post_for(app.env, docname)
        return post.categories, post.tags

    assert record("_posts/2020-01-01-lists") == (
        ("技术", "随笔"),
        ("云计算", "OpenStack"),
    )
    assert record("_posts/2020-01-02-strings") == (("linux", "shell"), ("a", "b", "c"))
    # the singular key is one value, never split; `categories` still adds to it
    assert record("_posts/2020-01-03-singular") == (
        ("ignored-plural", "技术 随笔"),
        ("one tag",),
    )
    assert record("blog/_posts/2020-01-04-above") == (("blog", "extra"), ())
    assert record("_posts/sub/2020-01-05-below") == ((), ())
    assert record("_posts/2020-01-06-numbers") == (("2019", "true", "1.5"), ("3",))


@pytest.mark.sphinx("html", testroot="taxonomy")
def test_list_metadata_is_comma_separated_text(app):
    app.build()
    meta = app.env.metadata["_posts/2020-01-01-lists"]
    assert meta["categories"] == "技术, 随笔"
    assert meta["tags"] == "云计算, OpenStack"


@pytest.mark.sphinx("html", testroot="taxonomy")
def test_header_shows_tags_and_author(app):
    app.build()
    header = page(app, "_posts/2020-01-06-numbers").select_one(".jekyllposts-post-header")
    assert header.select_one(".jekyllposts-author").get_text() == "By 马壮"
    assert [t.get_text() for t in header.select(".jekyllposts-tag")] == ["3"]


@pytest.mark.sphinx(
    "html",
    testroot="taxonomy",
    confoverrides={
        "jekyllposts_header_fields": ["tags"],
        "jekyllposts_date_format": "%Y",
    },
)
def test_header_fields_can_be_chosen(app):
    app.build()
    header = page(app, "_posts/2020-01-01-lists").select_one(".jekyllposts-post-header")
    assert header.get_text(strip=True) == "Tags:云计算,OpenStack"


@pytest.mark.sphinx("html", testroot="taxonomy", confoverrides={"jekyllposts_post_header": False})
def test_header_can_be_turned_off(app):
    app.build()
    assert page(app, "_posts/2020-01-01-lists").select_one(".jekyllposts-post-header") is None


@pytest.mark.sphinx("html", testroot="taxonomy", confoverrides={"language": "zh_CN"})
def test_dates_are_written_for_the_document_language(app):
    app.build()
    html = page(app, "_posts/2020-01-01-lists")
    assert html.select_one(".jekyllposts-date-value").get_text() == "2020年1月1日"
    # the labels come from the Simplified Chinese catalog shipped with the package
    labels = [label.get_text() for label in html.select(".jekyllposts-label")]
    assert labels[:2] == ["发布于 ", "分类："]
    assert html.select_one(".jekyllposts-reading-time").get_text() == "阅读约 1 分钟"


@pytest.mark.sphinx("text", testroot="taxonomy")
def test_header_shows_in_other_builders(app):
    app.build()
    text = (app.outdir / "_posts" / "2020-01-01-lists.txt").read_text("utf-8")
    assert "Categories: 技术, 随笔" in text


@pytest.mark.sphinx("singlehtml", testroot="blog")
def test_every_post_gets_its_header_and_links_in_a_single_page(app):
    app.build()
    assert warnings_of(app) == ""
    html = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    state = site_state(app.env)
    headers = html.select(".jekyllposts-post-header")
    assert len(headers) == len(state.posts())
    # links inside the one page, to the generated pages and to other posts
    category_links = html.select(".jekyllposts-category a")
    assert category_links
    assert all(a["href"].startswith("#") for a in category_links)
    older = html.select(".jekyllposts-older a")
    assert older
    assert all(a["href"].startswith("#document-") for a in older)
    assert older[0].get_text() in {app.env.titles[d].astext() for d, _ in state.posts()}


@pytest.mark.sphinx("html", testroot="h1")
def test_site_absolute_links_stay_urls_and_skipped_levels_do_not_warn(app):
    app.build()
    assert warnings_of(app) == ""
    html = page(app, "_posts/2020-01-04-jekyll-habits")
    assert html.find("a", string="the docs")["href"] == "/docs/collections/"
    assert html.find("a", string="a section")["href"] == "#later"
    assert html.find("a", string="the top")["href"] == "#"
