"""Posts written at their Jekyll URLs (``page_addresses.py``), with both
builders, below the site's folder, and Sphinx's path as the redirect."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root, page, warnings_of
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts import page_addresses
from sphinxext_jekyllposts.page_addresses import destination
from sphinxext_jekyllposts.redirects import MARKER

PLAIN = "news/_posts/2020-01-01-plain"
PRETTY = "news/_posts/2020-01-02-pretty"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def redirect_target(path: Path) -> str:
    text = path.read_text("utf-8")
    assert MARKER in text, f"{path} is not a redirect page"
    return re.search(r'url=([^"]+)"', text).group(1)


@pytest.mark.parametrize(
    ("url", "ext", "expected"),
    [
        ("/2018/05/18/slug.html", ".html", "2018/05/18/slug.html"),
        ("/2018/05/18/slug/", ".html", "2018/05/18/slug/index.html"),
        ("/bare", ".html", "bare.html"),
        ("/a.htm", ".html", "a.htm.html"),  # Jekyll adds the output extension
        ("/a.htm", ".htm", "a.htm"),  # an HTML post keeps its own
        ("/%E4%B8%AD%E6%96%87.html", ".html", "中文.html"),
        ("/a%20b/", ".html", "a b/index.html"),
        ("/../etc/passwd", ".html", None),
        ("/", ".html", None),
    ],
)
def test_destination_is_jekylls(url, ext, expected):
    assert destination(url, ext) == expected


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def built(tmp_path_factory, request):
    srcdir = copy_root("addresses", tmp_path_factory.mktemp(request.param))
    app = SphinxTestApp(request.param, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    yield app
    app.cleanup()


def test_posts_are_written_at_their_jekyll_urls(built):
    out = Path(built.outdir)
    plain = out / "news/notes/2020/01/01/plain.html"
    assert soup(plain).find("h1").get_text().startswith("Plain")
    pretty = out / "news/2020/pretty/index.html"
    assert soup(pretty).find("h1").get_text().startswith("Pretty")
    assert soup(out / "news/2020/01/03/中文.html").find("h1").get_text().startswith("中文")
    # A URL without an extension is written as Jekyll writes it.
    assert soup(out / "news/bare.html").find("h1").get_text().startswith("No extension")
    # The post's page, from the builder's own answer, is there.
    assert Path(built.builder.get_output_path(PLAIN)) == plain


def test_the_sphinx_path_sends_readers_to_the_post(built):
    out = Path(built.outdir)
    sphinx_path = Path(built.builder.sphinx_output_file(PLAIN))
    target = redirect_target(out / sphinx_path)
    resolved = ((out / sphinx_path).parent / target).resolve()
    if target.endswith("/"):
        resolved /= "index.html"
    assert resolved == (out / "news/notes/2020/01/01/plain.html").resolve()
    # redirect_from sends to the post's address too, below the site's folder.
    old = out / "news/old-pretty/index.html"
    assert redirect_target(old) in ("../2020/pretty/index.html", "../2020/pretty/")


def test_links_and_resources_follow_the_page(built):
    out = Path(built.outdir)
    about = page(built, "about")
    link = about.find("a", string=re.compile("Plain"))
    about_file = Path(built.builder.get_output_path("about"))
    assert (about_file.parent / link["href"]).resolve() == (
        out / "news/notes/2020/01/01/plain.html"
    ).resolve()
    pretty = out / "news/2020/pretty/index.html"
    html = soup(pretty)
    stylesheets = [tag["href"] for tag in html.find_all("link", rel="stylesheet")]
    assert stylesheets, "no stylesheet"
    for href in stylesheets:
        assert (pretty.parent / href.split("?")[0]).is_file(), href
    image = html.find("img", alt="logo")
    assert (pretty.parent / image["src"]).is_file()


def test_canonical_link_is_the_jekyll_url(built):
    html = soup(Path(built.outdir) / "news/2020/pretty/index.html")
    assert html.find("link", rel="canonical")["href"] == "https://example.org/news/2020/pretty/"


def test_a_url_already_taken_keeps_the_sphinx_path_with_a_warning(built):
    warnings = warnings_of(built)
    out = Path(built.outdir)
    # Two posts, one URL: the earlier has it, the later stays at its Sphinx path.
    assert soup(out / "news/twins.html").find("h1").get_text().startswith("First twin")
    assert re.search(
        r"2020-01-06-twin-b\.md:3: WARNING: the Jekyll URL '/twins\.html' cannot be this "
        r"post's address: news/twins\.html is also the page of "
        r"news/_posts/2020-01-05-twin-a\.md",
        warnings,
    )
    second = Path(built.builder.get_output_path("news/_posts/2020-01-06-twin-b"))
    assert second.relative_to(out).as_posix().startswith("news/_posts/")
    assert soup(second).find("h1").get_text().startswith("Second twin")
    if built.builder.name == "html":
        # A page of the project keeps its file.
        assert soup(out / "news/about.html").find("h1").get_text().startswith("News about")
        assert "news/about.html is also the page of news/about.md" in warnings
    else:  # the page is news/about/index.html: the post may have news/about.html
        assert soup(out / "news/about.html").find("h1").get_text().startswith("Takes about")
    # search.html at the root of the site's folder is no Sphinx file: the post has it.
    assert soup(out / "news/search.html").find("h1").get_text().startswith("Takes search")
    assert warnings.count("WARNING") == (2 if built.builder.name == "html" else 1), warnings


def test_the_option_off_keeps_sphinx_paths(make_app, tmp_path):
    srcdir = copy_root("addresses", tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"jekyllposts_jekyll_urls": "redirect"})
    app.build()
    out = Path(app.outdir)
    assert soup(out / f"{PLAIN}.html").find("h1").get_text().startswith("Plain")
    assert redirect_target(out / "news/notes/2020/01/01/plain.html").endswith(
        "_posts/2020-01-01-plain.html"
    )


def test_a_page_that_cannot_be_written_stays_whole_and_is_written_next_time(tmp_path, monkeypatch):
    """A full disk while a page is written (simulated in the one function that
    writes it) leaves the last build's page whole, warns at the post, and the
    next build writes it, though the post did not change again."""
    srcdir = copy_root("addresses", tmp_path)
    first = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    first.build()
    page_path = Path(first.builder.get_output_path(PLAIN))
    before = page_path.read_bytes()
    first.cleanup()

    post = srcdir / f"{PLAIN}.md"
    post.write_text(post.read_text("utf-8") + "\nAn edit.\n", "utf-8")
    real = page_addresses.replace_file

    def full_disk(path, content):
        if path == page_path:
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(page_addresses, "replace_file", full_disk)
    failed = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    failed.build()
    warnings = warnings_of(failed)
    failed.cleanup()
    assert re.search(r"2020-01-01-plain\.md:1: WARNING: the page could not be written", warnings)
    assert page_path.read_bytes() == before  # whole, as it was
    assert not [p for p in page_path.parent.iterdir() if p.name.startswith(".")]

    monkeypatch.setattr(page_addresses, "replace_file", real)
    again = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    again.build()
    again.cleanup()
    assert "An edit." in page_path.read_text("utf-8")


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_archive_pages_at_jekyll_archives_urls(tmp_path, builder):
    """With a ``jekyll-archives:`` block, the generated category and year pages
    are where jekyll-archives writes them; their Sphinx paths redirect there."""
    srcdir = copy_root("addresses", tmp_path)
    config = srcdir / "news" / "_config.yml"
    config.write_text(
        config.read_text("utf-8") + "jekyll-archives:\n  enabled: [categories, year]\n"
        "  permalinks:\n    category: /categories/:name/\n",
        "utf-8",
    )
    app = SphinxTestApp(builder, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
        out = Path(app.outdir)
        category = out / "news/categories/notes/index.html"
        assert "Plain" in soup(category).get_text()
        assert soup(out / "news/2020/index.html").find("h1").get_text().startswith("2020")
        old = out / app.builder.sphinx_output_file("news/category/notes")
        target = redirect_target(old)
        assert (
            (old.parent / target).resolve() / ("" if target.endswith(".html") else "index.html")
        ).resolve() == category.resolve()
        # The post's header links its category at the new address.
        post = soup(out / "news/notes/2020/01/01/plain.html")
        link = post.find("a", href=re.compile("categories/notes"))
        assert link is not None
        assert "cannot be its page's address" not in warnings_of(app)
    finally:
        app.cleanup()
