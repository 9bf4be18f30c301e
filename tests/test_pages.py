"""A site's pages and the documents of its output collections
(tests/roots/test-pages): read as Jekyll 4.3 reads them, rendered as posts
are (Liquid, kramdown, the title), written at their Jekyll URLs, listed
nowhere; a page that lists the posts is the extension's listing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root, page, page_file, run, served, site_from, warnings_of

from sphinxext_jekyllposts.jekyll.menu import site_menu
from sphinxext_jekyllposts.jekyll.pages import (
    document_url,
    is_listing,
    output_collections,
    page_url,
    permalink_suffix,
)
from sphinxext_jekyllposts.jekyll.records import Post
from sphinxext_jekyllposts.jekyll.site import SiteSettings
from sphinxext_jekyllposts.state import document_for, post_for, site_state

DATE = dt.datetime(2020, 5, 6, tzinfo=dt.UTC)
#: Where Jekyll 4.3.1 writes each page of the root (``jekyll build``, the
#: default ``date`` style), and the file the extension reads it from.
PAGES = {
    "about": "about.html",
    "contact": "contact/index.html",
    "_pages/faq": "faq/index.html",
    "docs/guide": "docs/guide.html",
    "blog/index": "blog/index.html",
    "404": "404.html",
    "_recipes/soup": "recipes/soup/index.html",
    "links": "links/index.html",  # an HTML page
    "archive": "archive.html",  # an HTML page that lists the posts
}


@pytest.mark.parametrize(
    ("style", "suffixed"),
    [
        (None, "/:path/:basename:output_ext"),  # Jekyll's default style, date
        ("date", "/:path/:basename:output_ext"),
        ("ordinal", "/:path/:basename:output_ext"),
        ("none", "/:path/:basename:output_ext"),
        ("pretty", "/:path/:basename/"),
        # Jekyll names no other style: it adds what the pattern ends with, if anything
        ("weekdate", "/:path/:basename"),
        ("/:year/:title/", "/:path/:basename/"),
        ("/:categories/:title:output_ext", "/:path/:basename:output_ext"),
    ],
)
def test_the_permalink_style_gives_pages_their_suffix(style, suffixed):
    assert permalink_suffix("/:path/:basename", style) == suffixed


@pytest.mark.parametrize(
    ("path", "data", "style", "url"),
    [
        ("about.md", {}, "date", "/about.html"),
        ("about.md", {}, "pretty", "/about/"),
        ("about.md", {}, "/:year/:month/:day/:title/", "/about/"),
        # weekdate adds no suffix: the URL has none (the file is about.html)
        ("about.md", {}, "weekdate", "/about"),
        ("docs/guide.md", {}, "date", "/docs/guide.html"),
        ("index.md", {}, "pretty", "/"),
        ("docs/index.md", {}, "date", "/docs/"),
        ("about.md", {"permalink": "/contact/"}, "date", "/contact/"),
        ("about.md", {"permalink": "/:basename/"}, "date", "/about/"),
        ("_pages/faq.md", {"permalink": "/faq/"}, "date", "/faq/"),
        ("404.md", {"permalink": "/404.html"}, "pretty", "/404.html"),
        ("notes/a b.md", {}, "date", "/notes/a%20b.html"),
        ("about.md", {"permalink": 3}, "pretty", "/about/"),  # not text: not a permalink
    ],
)
def test_page_urls_are_jekylls(path, data, style, url):
    assert page_url(path, data, style) == (url, ())


def test_an_unknown_placeholder_in_a_page_permalink_is_reported():
    assert page_url("a.md", {"permalink": "/:year/:basename/"}, "date") == (
        "/:year/a/",
        ("year",),
    )


@pytest.mark.parametrize(
    ("path", "template", "data", "url"),
    [
        ("_docs/install.md", "/:collection/:path/", {}, "/docs/install/"),
        ("_docs/sub/a.md", "/:collection/:path/", {}, "/docs/sub/a/"),
        ("_docs/install.md", "/:collection/:path:output_ext", {}, "/docs/install.html"),
        ("_docs/install.md", "/:collection/:name/", {"slug": "x"}, "/docs/install/"),
        ("_docs/install.md", "/:collection/:title/", {"slug": "Other"}, "/docs/Other/"),
        ("_docs/install.md", "/:collection/:year/:path/", {}, "/docs/2020/install/"),
        ("_docs/install.md", "/:collection/:path/", {"permalink": "/setup/"}, "/setup/"),
    ],
)
def test_collection_document_urls_are_jekylls(path, template, data, url):
    assert document_url(path, "docs", "_docs", data, template, date=DATE) == (url, ())


def test_only_collections_with_output_are_written():
    raw = {
        "collections": {
            "posts": {"output": True},
            "recipes": {"output": True, "permalink": "/:collection/:path/"},
            "notes": {"output": False},
            "plain": None,
        }
    }
    assert output_collections(SiteSettings(raw=raw)) == {
        "recipes": {"output": True, "permalink": "/:collection/:path/"}
    }
    assert output_collections(SiteSettings(raw={"collections": ["recipes"]})) == {}


def _page(layout: str | None = None) -> Post:
    data = {"layout": layout} if layout else {}
    return Post("p.md", "", DATE, "p", ".md", (), (), False, None, data)


@pytest.mark.parametrize(
    ("layout", "body", "listing"),
    [
        ("home", "Welcome!", True),
        ("posts", "", True),
        ("page", "Some text.", False),
        (None, "{% for post in paginator.posts %}<h2>{{ post.title }}</h2>{% endfor %}", True),
        (
            None,
            "<ul>\n{%- for p in site.posts -%}\n<li>{{ p.title }}</li>\n{% endfor %}</ul>",
            True,
        ),
        (None, "My posts:\n{% for post in site.posts %}{{ post.title }}{% endfor %}", False),
        (None, "{% for item in site.data.links %}{{ item }}{% endfor %}", False),
    ],
)
def test_a_page_that_lists_the_posts_is_known(layout, body, listing):
    assert is_listing(_page(layout), body) is listing


@pytest.mark.sphinx("html", testroot="pages")
def test_pages_are_at_their_jekyll_urls_rendered_as_jekyll_renders_them(app):
    app.build()
    for docname, file in PAGES.items():
        assert page_file(app, docname) == app.outdir / file, docname
        assert (app.outdir / file).is_file(), file
    about = page(app, "about")
    assert [h.get_text().rstrip("¶") for h in about.find_all("h1")] == ["About this blog"]
    # Liquid (site and page variables, the front matter defaults of pages), kramdown's IAL
    lead = about.select_one("p.lead")
    assert lead is not None
    assert lead.get_text() == "This blog is Pages and collections, by Someone."
    assert page(app, "_recipes/soup").select_one("section p").get_text() == "Boil soup."
    # an untitled page is titled from its name, as a post is
    assert page(app, "404").find("h1").get_text().rstrip("¶") == "404"
    # pages are not posts: no post header, in no listing, no feed
    assert about.select_one(".jekyllposts-post-header") is None
    assert post_for(app.env, "about") is None
    assert document_for(app.env, "about") is not None
    index = page(app, "index")
    listed = [a.get_text() for a in index.select(".jekyllposts-post-list a")]
    assert "About this blog" not in listed
    assert listed, "the post list shows the post"
    # a site path to a page or post leads where this build wrote it, from
    # every page (under any base URL, from file://)
    assert [a["href"] for a in about.select("section p a")] == [
        "contact/index.html",
        "2020/01/01/hello.html",
    ]
    hello = page(app, "_posts/2020-01-01-hello")
    assert [a["href"] for a in hello.select("section p a")] == [
        "../../../about.html",
        "../../../recipes/soup/index.html",
    ]
    # a link to a folder's URL or of another scheme is kept as written, as in
    # Jekyll (relative to the page's URL, which is where the page is)
    guide = page(app, "docs/guide")
    assert [a["href"] for a in guide.select("section p a")] == [
        "../",
        "../blog/#top",
        "irc://irc.libera.chat/#jekyll",
        "../about.html",  # {% link about.md %} in raw HTML: where the page is
    ]
    # redirect_from, as for posts
    assert (
        served(app.outdir / "old-contact/index.html")
        == (app.outdir / "contact/index.html").resolve()
    )
    # and no warning: pages are in no toctree, as in Jekyll
    assert warnings_of(app) == ""


@pytest.mark.sphinx("html", testroot="pages")
def test_the_sphinx_path_of_a_page_redirects_to_its_url(app):
    app.build()
    sphinx_path = app.outdir / "contact.html"
    assert served(sphinx_path) == (app.outdir / "contact/index.html").resolve()
    assert served(app.outdir / "_pages/faq.html") == (app.outdir / "faq/index.html").resolve()
    # a link to the page goes to its URL
    assert app.builder.get_relative_uri("index", "contact") == "contact/index.html"


@pytest.mark.sphinx("html", testroot="pages")
def test_a_page_that_lists_posts_is_the_extensions_listing(app):
    app.build()
    blog = page(app, "blog/index")
    assert blog.find("h1").get_text().rstrip("¶") == "The blog"
    listed = [a.get_text() for a in blog.select(".jekyllposts-post-list a")]
    assert "Hello" in listed
    # an HTML page whose body is only a loop over the posts
    archive = page(app, "archive")
    assert archive.find("h1").get_text().rstrip("¶") == "Every post"
    assert "Hello" in [a.get_text() for a in archive.select(".jekyllposts-post-list a")]
    assert "{%" not in archive.get_text()


@pytest.mark.sphinx("html", testroot="pages")
def test_an_html_page_is_its_html_after_liquid(app):
    app.build()
    links = page(app, "links")
    assert links.find("h1").get_text().rstrip("¶") == "Links"
    assert "Friends of Pages and collections:" in links.get_text()
    assert links.select_one("section em").get_text() == "Pages and collections"
    assert [a["href"] for a in links.select("section li a")] == ["https://example.org/"]


@pytest.mark.sphinx("dirhtml", testroot="pages")
def test_pages_with_dirhtml(app):
    app.build()
    for docname, file in PAGES.items():
        assert (app.outdir / file).is_file(), file
        assert page_file(app, docname) == app.outdir / file
    # the Sphinx form of a page at a .html URL is its redirect
    assert served(app.outdir / "about/index.html") == (app.outdir / "about.html").resolve()
    assert app.builder.get_relative_uri("index", "about") == "about.html"
    assert warnings_of(app) == ""


def test_pages_can_be_plain_myst_documents(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_pages": False})
    app.build()
    assert site_state(app.env).pages == {}
    assert (app.outdir / "about.html").is_file()
    assert not (app.outdir / "contact/index.html").exists()
    # MyST reads the page as it is: its Liquid stays
    assert "{{ site.title }}" in page(app, "about").get_text()


def test_a_page_whose_record_changes_is_read_again(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    config = srcdir / "_config.yml"
    config.write_text(
        config.read_text("utf-8").replace("author: Someone", "author: Another"), "utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    lead = page(app, "about").select_one("p.lead")
    assert lead is not None
    assert lead.get_text().endswith("by Another.")


def test_jekyllposts_build_builds_the_pages(tmp_path):
    site = site_from("test-pages", tmp_path)
    out = tmp_path / "out"
    result = run("build", site, out, "-W")
    assert result.returncode == 0, result.stderr
    for file in PAGES.values():
        assert (out / file).is_file(), file
    about = BeautifulSoup((out / "about.html").read_text("utf-8"), "html.parser")
    assert about.select_one("p.lead").get_text().startswith("This blog is Pages")
    # the menu is the navigation: its entries, then the categories and years
    nav = [a.get_text() for a in about.select("li.toctree-l1 > a")]
    assert nav[: len(MENU)] == MENU
    home = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    hidden = home.select_one(".jekyllposts-site-menu")  # hidden on the home page
    assert hidden is not None
    assert hidden.select("a") == []
    # what Jekyll does not build is not built: a Markdown file without front
    # matter, a collection that is not written
    assert not (out / "README.html").exists()
    assert not list(out.rglob("hidden*.html"))
    assert not Path(out / "_notes").exists()


def _menu(
    site: Path, settings: SiteSettings, pages: tuple[Post, ...] = ()
) -> list[tuple[str, str, str]]:
    menu = site_menu(site, settings, pages)
    assert menu.problems == ()
    return [(entry.title, entry.url, entry.path) for entry in menu.entries]


def test_the_menu_is_where_the_theme_keeps_it(tmp_path):
    assert site_menu(tmp_path, SiteSettings(), ()).entries == ()
    # minima: header_pages
    settings = SiteSettings(raw={"header_pages": ["about.md", "blog/index.md"]})
    assert _menu(tmp_path, settings) == [("", "", "about.md"), ("", "", "blog/index.md")]
    # the mzlogin family: navs
    settings = SiteSettings(raw={"navs": [{"href": "/", "label": "首页"}, {"href": "/wiki/"}]})
    assert _menu(tmp_path, settings) == [("首页", "/", ""), ("", "/wiki/", "")]
    # Chirpy: the tabs collection, by order
    tabs = (
        dataclasses.replace(_page(), path="_tabs/tags.md", data={"order": 2}),
        dataclasses.replace(_page(), path="_tabs/about.md", data={"order": 4}),
        dataclasses.replace(_page(), path="_tabs/archives.md", data={"order": 1}),
        dataclasses.replace(_page(), path="other.md", data={"order": 0}),
    )
    assert [path for _, _, path in _menu(tmp_path, SiteSettings(), tabs)] == [
        "_tabs/archives.md",
        "_tabs/tags.md",
        "_tabs/about.md",
    ]
    # Minimal Mistakes: _data/navigation.yml, first of all
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/navigation.yml").write_text(
        "main:\n  - title: About\n    url: /about/\n  - title: Code\n    url: https://x.org/\n",
        "utf-8",
    )
    assert _menu(tmp_path, settings) == [("About", "/about/", ""), ("Code", "https://x.org/", "")]


def test_a_bad_menu_entry_warns_at_its_file(tmp_path):
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data/navigation.yml").write_text(
        "main:\n  - title: About\n  - title: Home\n    url: /\n", "utf-8"
    )
    menu = site_menu(tmp_path, SiteSettings(), ())
    assert [entry.url for entry in menu.entries] == ["/"]
    assert [(p.path, p.message) for p in menu.problems] == [
        (
            "_data/navigation.yml",
            "menu entry 1 has no url: (a site path or a URL); it is left out",
        )
    ]


MENU = ["About", "Contact me", "Soup", "Elsewhere"]


def _menu_titles(html: BeautifulSoup) -> list[str]:
    menu = html.select_one(".jekyllposts-site-menu")
    assert menu is not None
    return [a.get_text() for a in menu.select("a")]


@pytest.mark.sphinx("html", testroot="pages", confoverrides={"html_theme": "alabaster"})
def test_the_site_menu_is_a_toctree_of_its_pages_and_links(app):
    app.build()
    index = page(app, "index")
    assert _menu_titles(index) == MENU
    links = index.select_one(".jekyllposts-site-menu").select("a")
    assert [a["href"] for a in links] == [
        "about.html",
        "contact/index.html",
        "recipes/soup/index.html",
        "https://example.org/",
    ]
    # the navigation of every page shows it (Alabaster's sidebar)
    nav = [a.get_text() for a in page(app, "docs/guide").select("li.toctree-l1 > a")]
    assert nav[: len(MENU)] == MENU


def test_a_menu_entry_that_names_no_page_warns(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    navigation = srcdir / "_data/navigation.yml"
    navigation.write_text(
        navigation.read_text("utf-8") + "  - title: Gone\n    url: /nowhere/\n", "utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert _menu_titles(page(app, "index")) == MENU
    assert (
        warnings_of(app)
        .strip()
        .endswith(
            "_data/navigation.yml:1: WARNING: the menu's entry 'Gone' names '/nowhere/', which "
            "is no page of the site; it is left out of the menu [jekyllposts.link]"
        )
    )


def test_a_changed_menu_is_shown_on_the_next_build(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    (srcdir / "_data/navigation.yml").write_text(
        "main:\n  - title: Soup first\n    url: /recipes/soup/\n  - url: /about.html\n", "utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    # an entry without a title has its page's
    assert _menu_titles(page(app, "index")) == ["Soup first", "About this blog"]


def test_site_paths_to_pages_under_a_baseurl(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    config = srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8") + "baseurl: /blog\n", "utf-8")
    (srcdir / "docs/guide.md").write_text(
        "---\ntitle: A guide\n---\n\n[Contact]({{ site.baseurl }}/contact/), "
        "<a href=\"{{ '/about.html' | relative_url }}\">about</a>.\n",
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    guide = page(app, "docs/guide")
    assert [a["href"] for a in guide.select("section p a")] == [
        "../contact/index.html",
        "../about.html",
    ]
    assert warnings_of(app) == ""


def test_a_bad_page_permalink_warns_at_its_line(make_app, tmp_path):
    srcdir = copy_root("pages", tmp_path)
    (srcdir / "bad.md").write_text("---\ntitle: Bad\npermalink: [a]\n---\n\nText.\n", "utf-8")
    (srcdir / "blog/index.md").write_text("---\nlayout: home\npermalink: 3\n---\n", "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert "bad.md:3: WARNING: permalink must be text; it is ignored [jekyllposts.permalink]" in (
        warnings
    )
    # a page that lists the posts too
    assert "blog/index.md:3: WARNING: permalink must be text; it is ignored" in warnings
    assert page_file(app, "bad") == app.outdir / "bad.html"
