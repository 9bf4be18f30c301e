"""jekyll-seo-tag's tags in each page's ``<head>`` (tests/roots/test-seo): the
title, description, Open Graph and Twitter tags, canonical link and JSON-LD;
beside sphinxext-opengraph, no tag twice."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import built_root, copy_root, page, warnings_of

from sphinxext_jekyllposts.jekyll.seo import SeoPage, SeoSite, json_ld, schema_type

POST = "_posts/2018-05-18-hello"
PLAIN = "_posts/2018-05-19-plain"
DATE = dt.datetime(2018, 5, 18, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def ld(soup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def meta(soup, name: str) -> list[str]:
    return [
        tag["content"]
        for tag in soup.find_all("meta")
        if tag.get("property") == name or tag.get("name") == name
    ]


# jekyll-seo-tag's rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "date", "data", "kind"),
    [
        ("/", None, {}, "WebSite"),
        ("/about/", None, {}, "WebSite"),
        ("/index.html", None, {}, "WebSite"),
        ("/2018/05/18/hello.html", DATE, {}, "BlogPosting"),
        ("/contact/", None, {}, "WebPage"),
        ("/x/", DATE, {"seo": {"type": "NewsArticle"}}, "NewsArticle"),
    ],
)
def test_the_schema_type(url, date, data, kind):
    assert schema_type(SeoPage(title="t", url=url, canonical="", date=date, data=data)) == kind


def test_a_posts_json_ld_has_every_field_seo_tag_writes():
    found = json_ld(
        SeoPage(
            title="Hello",
            url="/2018/05/18/hello.html",
            canonical="https://x.org/2018/05/18/hello.html",
            description="About hello.",
            date=DATE,
            image="https://x.org/a.png",
            author="马壮",
        ),
        SeoSite(title="Blog", logo="https://x.org/logo.png"),
    )
    assert found == {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "author": {"@type": "Person", "name": "马壮"},
        "dateModified": "2018-05-18T09:30:00+08:00",
        "datePublished": "2018-05-18T09:30:00+08:00",
        "description": "About hello.",
        "headline": "Hello",
        "image": "https://x.org/a.png",
        "mainEntityOfPage": {"@type": "WebPage", "@id": "https://x.org/2018/05/18/hello.html"},
        "publisher": {
            "@type": "Organization",
            "logo": {"@type": "ImageObject", "url": "https://x.org/logo.png"},
            "name": "马壮",
        },
        "url": "https://x.org/2018/05/18/hello.html",
    }
    assert list(found) == sorted(found)


# Built sites -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("seo", tmp_path_factory)


def test_a_post_has_seo_tags_title_and_blog_posting(built):
    soup = page(built, POST)
    assert warnings_of(built) == ""
    assert meta(soup, "og:title") == ["Hello <world>"]
    assert meta(soup, "description") == ["A post about hello."]
    assert meta(soup, "og:description") == ["A post about hello."]
    assert meta(soup, "og:type") == ["article"]
    assert meta(soup, "article:published_time") == ["2018-05-18T00:00:00+00:00"]
    assert meta(soup, "og:image") == ["https://blog.example.org/blog/assets/hello.png"]
    assert meta(soup, "twitter:card") == ["summary_large_image"]
    assert meta(soup, "twitter:site") == ["@blogger"]
    assert meta(soup, "twitter:creator") == ["@Ann"]
    assert meta(soup, "og:url") == ["https://blog.example.org/blog/2018/05/18/hello.html"]
    canonical = soup.select('link[rel="canonical"]')
    assert [link["href"] for link in canonical] == [
        "https://blog.example.org/blog/2018/05/18/hello.html"
    ]
    data = ld(soup)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Hello <world>"
    assert data["author"] == {"@type": "Person", "name": "Ann"}
    assert data["mainEntityOfPage"]["@id"] == data["url"] == canonical[0]["href"]
    assert data["publisher"]["logo"]["url"] == "https://blog.example.org/blog/assets/logo.png"


def test_the_excerpt_is_the_description_and_canonical_url_wins(built):
    soup = page(built, PLAIN)
    assert meta(soup, "description") == ["The first paragraph, the excerpt."]
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [
        "https://elsewhere.example.com/plain/"
    ]
    assert meta(soup, "twitter:card") == ["summary"]
    assert ld(soup)["url"] == "https://elsewhere.example.com/plain/"


def test_the_root_page_is_the_web_site(built):
    data = ld(page(built, "index"))
    assert data["@type"] == "WebSite"
    assert data["name"] == "A blog"
    assert data["url"] == "https://blog.example.org/blog/"
    assert data["sameAs"] == ["https://github.com/blogger"]


def test_an_about_page_is_the_web_site_too(built):
    assert ld(page(built, "about"))["@type"] == "WebSite"


def test_no_tag_is_written_twice_beside_sphinxext_opengraph(make_app, tmp_path):
    pytest.importorskip("sphinxext.opengraph")
    srcdir = copy_root("seo", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace(
            '["sphinxext_jekyllposts"]', '["sphinxext_jekyllposts", "sphinxext.opengraph"]'
        ),
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    soup = page(app, POST)
    names = [tag.get("property") or tag.get("name") for tag in soup.find_all("meta")]
    doubled = sorted({n for n in names if n and names.count(n) > 1})
    assert doubled in ([], ["viewport"])  # (the theme's and sphinxext-opengraph's own)
    assert meta(soup, "og:description") == ["A post about hello."]
    assert meta(soup, "og:type") == ["article"]
    assert ld(soup)["@type"] == "BlogPosting"


def test_a_site_without_seo_tag_or_a_theme_that_writes_them_gets_none(make_app, tmp_path):
    srcdir = copy_root("seo", tmp_path)
    config = srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8").replace("  - jekyll-seo-tag\n", ""), "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    soup = page(app, POST)
    assert soup.select('script[type="application/ld+json"]') == []
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_seo": True})
    app.build()
    assert ld(page(app, POST))["@type"] == "BlogPosting"
