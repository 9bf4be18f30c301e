"""Atom feeds (parsed by feedparser, a real feed client) and redirects from each
post's Jekyll URL (requested over HTTP from the output folder)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, build_once, copy_root, page, page_file, served, warnings_of

from sphinxext_jekyllposts.state import site_state

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.org/blog/"


UPDATED = BASE + "%E6%8A%80%E6%9C%AF/edge%20case/2020/02/01/updated/"  # its Jekyll URL


@pytest.fixture
def site(make_app, tmp_path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app


@pytest.fixture(params=[True, "redirect"], ids=["at-urls", "redirect-mode"])
def either_site(make_app, tmp_path, request):
    """The site with posts at their Jekyll URLs, and in the mode where a post
    stays at its Sphinx path and its Jekyll URL is a redirect page."""
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_jekyll_urls": request.param})
    app.build()
    return app


def test_the_feed_parses_with_jekyll_feeds_fields(site):
    feed = feedparser.parse((site.outdir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "A <b>blog</b> & more"
    assert feed.feed.subtitle == "Posts about things."
    assert feed.feed.author_detail.name == "马壮"
    assert len(feed.entries) == 3  # feed: posts_limit: 3
    assert [e.title for e in feed.entries] == ["Moved away", "中文标题", "Updated later"]
    updated = feed.entries[2]
    assert updated.published.startswith("2020-02-01T00:00:00")
    assert updated.updated.startswith("2020-03-01T10:00:00")  # last_modified_at
    assert {t.term for t in updated.tags} == {"技术", "Edge Case"}
    assert updated.summary == "Updated body."
    assert "Updated body." in updated.content[0].value
    assert "<h1" not in updated.content[0].value  # the title is the entry's, not the content's
    assert updated.link == UPDATED  # the Jekyll URL, in its Jekyll form
    # the id jekyll-feed gave the same post, so subscribers see no duplicate
    assert updated.id == BASE + "%E6%8A%80%E6%9C%AF/edge%20case/2020/02/01/updated"


def test_every_feed_is_well_formed_atom_with_absolute_links(site):
    feeds = sorted(site.outdir.rglob("*.xml"))
    names = {p.relative_to(site.outdir).as_posix() for p in feeds}
    assert names == {"feed.xml", "feed/技术.xml", "feed/by_tag/xml.xml", "feed/by_tag/云计算.xml"}
    for path in feeds:
        root = ET.fromstring(path.read_bytes())
        assert root.tag == f"{ATOM}feed"
        for element in (root, *root.findall(f"{ATOM}entry")):
            assert element.findtext(f"{ATOM}id"), path
            assert element.findtext(f"{ATOM}updated"), path
            assert element.findtext(f"{ATOM}title") is not None, path
        for link in root.iter(f"{ATOM}link"):
            assert link.get("href").startswith("https://"), (path, link.get("href"))
        assert not feedparser.parse(path.read_bytes()).bozo


def test_hostile_titles_and_bodies_stay_well_formed_xml(site):
    text = (site.outdir / "feed" / "技术.xml").read_text("utf-8")
    feed = feedparser.parse(text.encode("utf-8"))
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    # The title's text (its script is none of it); the control character is dropped.
    assert "& ]]>" in titles
    assert "<script>" not in text  # every < of the post is escaped in the XML
    assert "\x01" not in text


def test_every_page_links_the_feed_in_its_head(site):
    for docname in ("index", "_posts/2020-03-01-中文", "category/index"):
        html = page(site, docname)
        link = html.head.find("link", rel="alternate", type="application/atom+xml")
        assert link["href"] == BASE + "feed.xml"


def test_without_a_base_url_a_site_that_had_a_feed_gets_one_clear_warning(make_app, tmp_path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_baseurl": ""})
    app.build()
    warnings = [w for w in warnings_of(app).splitlines() if "no feed" in w]
    assert len(warnings) == 1
    assert "no feed is written: set html_baseurl in conf.py" in warnings[0]
    assert not (app.outdir / "feed.xml").exists()


@pytest.mark.sphinx("html", testroot="seed")
def test_a_site_without_jekyll_feed_and_base_url_gets_no_feed_and_no_warning(app):
    app.build()
    assert warnings_of(app) == ""
    assert not (app.outdir / "feed.xml").exists()


class _Server:
    """A static HTTP server on the output folder, as a web host would serve it."""

    def __init__(self, root):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def follow(self, path: str, hops: int = 3) -> tuple[str, str]:
        """Request ``path``, following meta refreshes; the final URL and HTML."""
        url = self.base + path
        for _ in range(hops):
            with urllib.request.urlopen(url) as response:
                url = response.geturl()
                page = response.read().decode("utf-8")
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
            if not refresh:
                return url, page
            url = urllib.parse.urljoin(url, refresh.group(1).replace("&amp;", "&"))
        return url, page


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _served_file(site, server, url):
    """The output file a URL of ``server`` gives (a folder's ``index.html``)."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url.removeprefix(server.base)).path)
    file = site.outdir / path.lstrip("/")
    return (file / "index.html" if path.endswith("/") else file).resolve()


def test_every_jekyll_url_leads_to_its_post(site):
    server = _Server(site.outdir)
    try:
        state = site_state(site.env)
        for docname, post in state.posts():
            # The same-url post's URL is the hostile post's page, which is
            # there first; the same-url post stays at its Sphinx path.
            if "redirect_to" in post.data or "same" in docname:
                continue
            other_form = post.url.rstrip("/") + ".html" if post.url.endswith("/") else post.url
            for form in (other_form, post.url):  # the other form sends to the page
                url, page = server.follow(form)
                assert _served_file(site, server, url) == page_file(site, docname).resolve(), form
            assert (
                not page_file(site, docname)
                .relative_to(site.outdir)
                .as_posix()
                .startswith("_posts/")
            ), docname
            title = BeautifulSoup(page, "html.parser").find("h1").get_text().rstrip("¶")
            assert title == site.env.titles[docname].astext()
            # Its Sphinx path (old links, search results) sends readers there.
            url, _ = server.follow(f"/{urllib.parse.quote(docname)}.html")
            assert _served_file(site, server, url) == page_file(site, docname).resolve()
        same = "_posts/2020-01-01-same-url"
        url, page = server.follow(state.post(same).url)
        assert _served_file(site, server, url) == page_file(site, "_posts/2020-01-01-hostile")
        url, page = server.follow(f"/{same}.html")
        assert _served_file(site, server, url) == (site.outdir / f"{same}.html").resolve()
        assert BeautifulSoup(page, "html.parser").find("h1").get_text().startswith("Same URL")
    finally:
        server.httpd.shutdown()


@pytest.mark.sphinx("html", testroot="feeds", confoverrides={"jekyllposts_jekyll_urls": "redirect"})
def test_in_redirect_mode_every_jekyll_url_redirects_to_its_post(app):
    app.build()
    server = _Server(app.outdir)
    try:
        state = site_state(app.env)
        for docname, post in state.posts():
            # The hostile post's URL is also the later same-url post's, which
            # Jekyll serves there (it writes the later post last).
            if "redirect_to" in post.data or (post.slug == "hostile" and "same" not in docname):
                continue
            assert page_file(app, docname) == app.outdir / f"{docname}.html"
            forms = [post.url]
            forms.append(post.url.rstrip("/") + ".html" if post.url.endswith("/") else post.url)
            for form in forms:
                url, page = server.follow(form)
                assert url.endswith(urllib.parse.quote(f"{docname}.html")), (form, url)
                title = BeautifulSoup(page, "html.parser").find("h1").get_text().rstrip("¶")
                assert title == app.env.titles[docname].astext()
    finally:
        server.httpd.shutdown()


def test_redirect_from_paths_and_redirect_to(either_site):
    site = either_site
    updated = "_posts/2020-02-01-updated"
    server = _Server(site.outdir)
    try:
        for old in ("/old/path/", "/very-old.html", "/very-old/"):
            url, _ = server.follow(old)
            assert _served_file(site, server, url) == page_file(site, updated).resolve(), old
    finally:
        server.httpd.shutdown()
    moved = served(site.outdir / "_posts" / "2020-04-01-moved.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=https://elsewhere.example/moved/">' in moved
    assert '<meta name="robots" content="noindex">' in moved
    redirect = (site.outdir / "old" / "path" / "index.html").read_text("utf-8")
    if site.config.jekyllposts_jekyll_urls is True:
        canonical = UPDATED  # the post's Jekyll URL, in its Jekyll form
    else:
        canonical = f"{BASE}_posts/2020-02-01-updated.html"
    assert f'<link rel="canonical" href="{canonical}">' in redirect


def test_paths_outside_the_output_are_refused_and_shared_urls_warn(either_site):
    site = either_site
    warnings = warnings_of(site)
    assert "2020-02-01-updated.md:5: WARNING: '../../escape' would lead outside" in warnings
    assert "'/%00nul' would lead outside the output folder" in warnings
    if site.config.jekyllposts_jekyll_urls is True:
        shared = (
            "2020-01-01-same-url.md:3: WARNING: the Jekyll URL "
            "'/%E6%8A%80%E6%9C%AF/2020/01/01/hostile/' cannot be this post's address: "
            "技术/2020/01/01/hostile/index.html is also the page of _posts/2020-01-01-hostile.md"
        )
    else:
        shared = (
            "2020-01-01-same-url.md:3: WARNING: "
            "'/%E6%8A%80%E6%9C%AF/2020/01/01/hostile/' is also the URL of "
            "_posts/2020-01-01-hostile.md; this post is served there"
        )
    assert shared in warnings
    assert warnings.count("2020-01-01-same-url.md:3: WARNING") == 1  # one warning, once
    outside = sorted(p.name for p in site.outdir.parent.parent.iterdir())
    assert "escape" not in outside
    assert not any("\x00" in p.name for p in site.outdir.rglob("*"))


def test_redirects_of_urls_no_post_has_are_removed(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    assert (first.outdir / "old" / "path" / "index.html").is_file()
    post = srcdir / "_posts" / "2020-02-01-updated.md"
    post.write_text(post.read_text("utf-8").replace("  - /old/path/\n", ""), "utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert not (again.outdir / "old" / "path" / "index.html").exists()
    assert (again.outdir / "very-old.html").is_file()


def test_a_rebuild_leaves_redirects_alone_and_puts_back_a_deleted_one(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    kept, deleted = first.outdir / "very-old.html", first.outdir / "old" / "path" / "index.html"
    os.utime(kept, ns=(1, 1))
    deleted.unlink()
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert deleted.is_file()
    assert kept.stat().st_mtime_ns == 1  # unchanged, not rewritten


def test_posts_description_image_and_date_reach_opengraph(make_app, tmp_path):
    pytest.importorskip("sphinxext.opengraph")
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    post = srcdir / "_posts" / "2020-03-01-中文.md"
    post.write_text(
        post.read_text("utf-8").replace(
            "title: 中文标题\n",
            "title: 中文标题\ndescription: 一篇中文文章。\nimage: /img/cover.png\n",
        ),
        "utf-8",
    )
    overrides = {
        "extensions": ["sphinxext_jekyllposts", "sphinxext.opengraph"],
        "ogp_site_url": BASE,
    }
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    html = BeautifulSoup(
        served(app.outdir / "_posts" / "2020-03-01-中文.html").read_text("utf-8"), "html.parser"
    )

    def og(name):
        tag = html.find("meta", property=name)
        return tag["content"] if tag else None

    assert og("og:description") == "一篇中文文章。"
    assert og("og:type") == "article"
    assert og("og:image").endswith("/img/cover.png")
    other = BeautifulSoup(
        served(app.outdir / "_posts" / "2020-02-01-updated.html").read_text("utf-8"), "html.parser"
    )
    # without a description, the excerpt, not the post header's "Posted on ..."
    assert other.find("meta", property="og:description")["content"] == "Updated body."


def test_posts_and_generated_pages_reach_the_sitemap(make_app, tmp_path):
    pytest.importorskip("sphinx_sitemap")
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    overrides = {"extensions": ["sphinxext_jekyllposts", "sphinx_sitemap"]}
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    sitemap = ET.fromstring((app.outdir / "sitemap.xml").read_bytes())
    locations = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert BASE + "_posts/2020-03-01-中文.html" in locations or any(
        "2020-03-01-" in loc for loc in locations
    )
    assert any(loc.endswith("category/index.html") for loc in locations)
    assert not any("/2020/03/01/" in loc for loc in locations)  # redirects are not pages


@pytest.mark.parametrize("path", ["index.html", ".", "feed/../../x.xml", "_posts"])
def test_a_feed_path_that_is_a_page_or_outside_is_refused(make_app, tmp_path, path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_feed_path": path})
    app.build()
    assert f"feed path {path!r} is not a file the feed may be written to" in warnings_of(app)
    assert "<feed" not in (app.outdir / "index.html").read_text("utf-8")


def test_feeds_are_named_as_jekyll_feed_names_them_and_stale_ones_go(make_app, tmp_path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    config = srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8").replace("[技术]", "[技术, Edge Case]"), "utf-8")
    first = make_app("html", srcdir=srcdir)
    first.build()
    first.cleanup()
    assert (first.outdir / "feed" / "by_tag" / "xml.xml").is_file()  # a plain name, as written
    assert (first.outdir / "feed" / "edge-case.xml").is_file()  # not a plain file name: the slug
    hostile = srcdir / "_posts" / "2020-01-01-hostile.md"
    hostile.write_text(hostile.read_text("utf-8").replace("tags: [xml]", "tags: [json]"), "utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert not (again.outdir / "feed" / "by_tag" / "xml.xml").exists()
    assert (again.outdir / "feed" / "by_tag" / "json.xml").is_file()


def test_other_builders_get_no_feeds_or_redirects(make_app, tmp_path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    app = make_app("epub", srcdir=srcdir)
    app.build()
    assert not (app.outdir / "feed.xml").exists()
    assert not (app.outdir / "old").exists()


def test_a_redirect_from_that_is_not_text_warns(make_app, tmp_path):
    srcdir = tmp_path / "feeds"
    shutil.copytree(ROOTS / "test-feeds", srcdir)
    post = srcdir / "_posts" / "2020-03-01-中文.md"
    post.write_text(post.read_text("utf-8").replace("tags:", "redirect_from: 5\ntags:"), "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "redirect_from must be a path or a list of paths" in warnings_of(app)
