"""HTML posts (tests/roots/test-html-posts): ``_posts/*.html`` and ``.htm``
files, which Jekyll builds with their front matter and Liquid and converts
nothing. What Jekyll 4.3.1 made of the root (``jekyll build --drafts``, the
content after Liquid and conversion, before the layout) is
``tests/data/html-posts-jekyll.json``."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, href, page, page_file, run, served, site_from, warnings_of
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.matching import compile_matchers

from sphinxext_jekyllposts.discovery import only_in_post_folders
from sphinxext_jekyllposts.html_posts import _DOC_LINK
from sphinxext_jekyllposts.jekyll import SiteSettings
from sphinxext_jekyllposts.jekyll.catalog import scan_site
from sphinxext_jekyllposts.jekyll.excerpts import html_paragraphs, html_text
from sphinxext_jekyllposts.jekyll.posts import post_markup
from sphinxext_jekyllposts.liquid import DOC_LINK
from sphinxext_jekyllposts.state import post_pages

JEKYLL = json.loads((Path(__file__).parent / "data" / "html-posts-jekyll.json").read_text("utf-8"))
HTML_POST = "_posts/2021-03-04-html-post"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(tmp_path, builder="html", srcdir=None, **overrides):
    if srcdir is None:
        srcdir = tmp_path / "site"
        shutil.copytree(ROOTS / "test-html-posts", srcdir)
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        confoverrides=overrides,
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    app.build()
    app.cleanup()
    return app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(tmp_path_factory.mktemp("html-posts"))


def body_of(app, docname):
    return page(app, docname).find(attrs={"role": "main"})


def test_an_html_post_is_its_html_after_liquid_under_its_title(built):
    html = page_file(built, HTML_POST).read_text("utf-8")
    # Jekyll's content, byte for byte: Liquid and the include rendered, no Markdown.
    assert JEKYLL[f"{HTML_POST}.html"]["content"] in html
    main = body_of(built, HTML_POST)
    assert main.find("h1").get_text().rstrip("¶") == "An HTML post"
    assert (
        main.select_one(".jekyllposts-post-header .jekyllposts-date")
        .get_text(" ")
        .endswith("March 4, 2021")
    )
    assert "*Markdown*" in main.get_text()
    # A heading in the HTML is HTML: no section of the page, no entry in its toc.
    heading = main.find("h2")
    assert heading.get_text() == "A heading in HTML"
    assert heading.parent.name == "section"
    assert heading.parent.get("id") == "an-html-post"
    assert "a-heading-in-html" not in html
    assert built.env.titles[HTML_POST].astext() == "An HTML post"
    assert warnings_of(built) == ""


def test_the_neighbours_listings_category_and_tag_pages_show_html_posts(built):
    navigation = body_of(built, HTML_POST).select_one(".jekyllposts-post-navigation").get_text(" ")
    assert "A Markdown post" in navigation
    assert "Htm Post" in navigation
    listed = [a.get_text() for a in body_of(built, "index").select("a.jekyllposts-title")]
    assert listed == [
        "Code and links",
        "No Front Matter",
        "Htm Post",
        "An HTML post",
        "A Markdown post",
    ]
    excerpts = [p.get_text() for p in body_of(built, "index").select(".jekyllposts-excerpt")]
    # Jekyll's excerpts, as text (Liquid is not rendered in excerpts yet)
    assert excerpts[2] == "An .htm post, titled from its file name."
    assert excerpts[3].startswith("The first paragraph of")
    web = [a.get_text() for a in body_of(built, "category/web").select("a.jekyllposts-title")]
    assert web == ["An HTML post", "A Markdown post"]
    tag = [a.get_text() for a in body_of(built, "tag/html").select("a.jekyllposts-title")]
    assert tag == ["An HTML post"]


def test_htm_and_front_matter_less_posts_are_posts_titled_from_their_names(built):
    for docname, path in (
        ("_posts/2021-03-05-htm-post", "_posts/2021-03-05-htm-post.htm"),
        ("_posts/2021-03-06-no-front-matter", "_posts/2021-03-06-no-front-matter.html"),
    ):
        main = body_of(built, docname)
        assert main.find("h1").get_text().rstrip("¶") == JEKYLL[path]["title"]
        assert JEKYLL[path]["content"] in str(main)
    # Jekyll keeps an HTML post's own extension in its URL: /2021/03/05/htm-post.htm
    assert JEKYLL["_posts/2021-03-05-htm-post.htm"]["url"] == "/2021/03/05/htm-post.htm"
    htm = Path(built.outdir) / "2021" / "03" / "05" / "htm-post.htm"
    assert page_file(built, "_posts/2021-03-05-htm-post") == htm  # the post's page itself
    sphinx_path = Path(built.outdir) / "_posts" / "2021-03-05-htm-post.html"
    assert served(sphinx_path) == htm.resolve()  # a redirect to it
    assert page_file(built, HTML_POST) == Path(built.outdir) / "web/2021/03/04/html-post.html"


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_highlight_and_links_in_an_html_post_are_html(tmp_path, builder):
    app = build(tmp_path, builder)
    docname = "_posts/2021-03-07-code-and-links"
    main = body_of(app, docname)
    jekyll = BeautifulSoup(JEKYLL[f"{docname}.html"]["content"], "html.parser")
    # Jekyll's block (Rouge's classes are Pygments'), its text
    code = main.select_one("figure.highlight > pre > code.language-python")
    assert code["data-lang"] == "python"
    assert code.get_text() == jekyll.find("code").get_text()
    assert code.select_one("span.k").get_text() == "def"
    # {% post_url %} and {% link %}: links to the pages, as this builder writes them
    links = [a["href"] for a in main.select("p a")][:2]
    targets = ["_posts/2021-03-04-html-post", "_posts/2021-01-01-markdown-post"]
    assert links == [href(app, docname, target) for target in targets]
    # the posts at their Jekyll URLs, which end in .html whatever the builder
    assert links[0] == "../../../web/2021/03/04/html-post.html"
    assert "jekyllposts-doc" not in str(main)
    assert warnings_of(app) == ""


def test_the_feed_has_html_posts_with_their_content(built):
    feed = ET.fromstring((Path(built.outdir) / "feed.xml").read_bytes())
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {
        "Code and links",
        "No Front Matter",
        "Htm Post",
        "An HTML post",
        "A Markdown post",
    }
    entry = entries["An HTML post"]
    assert entry.findtext(f"{ATOM}id") == "https://example.org/web/2021/03/04/html-post"
    content = entry.findtext(f"{ATOM}content")
    assert "<p>The first paragraph of <b>An HTML post</b>.</p>" in content
    assert '<aside class="note">Included for readers.</aside>' in content
    assert entry.findtext(f"{ATOM}summary").startswith("The first paragraph of")


def test_html_files_outside_post_folders_are_not_documents(built):
    found = built.env.found_docs
    assert {d for d in found if d.startswith("_posts/")} == {
        "_posts/2021-01-01-markdown-post",
        HTML_POST,
        "_posts/2021-03-05-htm-post",
        "_posts/2021-03-06-no-front-matter",
        "_posts/2021-03-07-code-and-links",
    }
    for docname in ("_layouts/default", "_includes/note", "_templates/unused", "extra/google123"):
        assert docname not in found
    assert "_static/static-page" not in found
    # notes.md is the page, notes.html beside it a file of the site (no
    # "multiple files found" warning: that is not a document either)
    assert str(built.env.doc2path("notes", False)) == "notes.md"
    assert "Notes in Markdown" in page(built, "notes").get_text()
    # html_extra_path and html_static_path are copied as ever
    assert (Path(built.outdir) / "google123.html").is_file()
    assert (Path(built.outdir) / "_static" / "static-page.html").is_file()
    assert "not built: _posts/notes.html" in built.status.getvalue()


def test_a_rebuild_without_changes_reads_nothing(tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-html-posts", srcdir)
    build(tmp_path, srcdir=srcdir)
    again = build(tmp_path, srcdir=srcdir)
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert "config changed" not in again.status.getvalue()


def test_an_html_draft(tmp_path):
    app = build(tmp_path, jekyllposts_drafts=True)
    main = body_of(app, "_drafts/a-draft")
    assert main.find("h1").get_text().rstrip("¶") == JEKYLL["_drafts/a-draft.html"]["title"]
    assert JEKYLL["_drafts/a-draft.html"]["content"] in str(main)
    assert (Path(app.outdir) / "2021/04/01/a-draft.html").is_file()


def test_with_raw_html_off_an_html_post_is_its_text_and_nothing_runs(tmp_path):
    app = build(tmp_path, jekyllposts_raw_html=False)
    main = body_of(app, HTML_POST)
    assert main.find("script") is None
    assert main.find("b") is None
    assert main.find("aside") is None
    paragraphs = [p.get_text() for p in main.find_all("p")]
    assert "The first paragraph of An HTML post." in paragraphs
    assert "A heading in HTML" in paragraphs
    assert "Included for readers." in paragraphs
    assert 'document.title = "ran"' not in main.get_text()
    assert (
        f"{HTML_POST}.html:7: WARNING: raw HTML is off (jekyllposts_raw_html = False): this "
        "HTML post is shown as its text, without its markup [jekyllposts.untrusted]"
    ) in warnings_of(app)
    feed = (Path(app.outdir) / "feed.xml").read_text("utf-8")
    assert "document.title" not in feed
    assert "&lt;b&gt;" not in feed


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_builders_that_write_no_html_get_the_posts_text(tmp_path, builder):
    app = build(tmp_path, builder)
    if builder == "text":
        text = (Path(app.outdir) / f"{HTML_POST}.txt").read_text("utf-8")
    else:
        text = "".join(p.read_text("utf-8") for p in Path(app.outdir).glob("*.tex"))
    assert "The first paragraph of An HTML post." in text
    assert "Included for readers." in text
    assert "<p>" not in text
    assert "document.title" not in text
    assert "WARNING" not in warnings_of(app)


def test_reading_time_counts_the_text_not_the_markup(built):
    stats = post_pages(built.env)[HTML_POST].stats
    # title (3) + the text of the five blocks, no tag names, no script
    assert stats.words == 3 + 6 + 4 + 6 + 3


def test_jekyllposts_build_builds_html_posts(tmp_path):
    site = site_from("test-html-posts", tmp_path)
    out = tmp_path / "out"
    result = run("build", site, out, "-W")
    assert result.returncode == 0, result.stderr
    html = served(out / f"{HTML_POST}.html").read_text("utf-8")
    assert JEKYLL[f"{HTML_POST}.html"]["content"] in html
    titles = [
        a.get_text()
        for a in BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser").select(
            "a.jekyllposts-title"
        )
    ]
    assert "Htm Post" in titles
    # notes.html is a page of the site (it has front matter): built, as Jekyll
    # builds it; notes.md beside it (no front matter) is no page
    notes = BeautifulSoup((out / "notes.html").read_text("utf-8"), "html.parser")
    assert "An HTML page of the site" in notes.get_text()


def test_a_site_folder_of_a_larger_project(tmp_path):
    srcdir = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-html-posts", srcdir / "blog")
    for name in ("conf.py", "index.md"):
        (srcdir / "blog" / name).rename(srcdir / name)
    (srcdir / "page.html").write_text("<p>a page of the docs</p>\n", "utf-8")
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxext_jekyllposts"]\njekyllposts_site_dir = "blog"\n', "utf-8"
    )
    (srcdir / "index.md").write_text("# Docs\n\n```{post-list}\n```\n", "utf-8")
    app = build(tmp_path, srcdir=srcdir)
    assert f"blog/{HTML_POST}" in app.env.found_docs
    assert not {"page", "blog/_layouts/default", "blog/_includes/note"} & app.env.found_docs
    assert str(app.env.doc2path("blog/notes", False)) == "blog/notes.md"
    html = page_file(app, f"blog/{HTML_POST}").read_text("utf-8")
    assert JEKYLL[f"{HTML_POST}.html"]["content"] in html
    assert (
        page_file(app, f"blog/{HTML_POST}")
        == Path(app.outdir) / "blog/web/2021/03/04/html-post.html"
    )


def test_markdown_ext_decides_what_is_markdown(tmp_path):
    # Jekyll 4.3.1 with `markdown_ext: "html,md"`: `.html` posts are Markdown
    # (<p><em>md?</em></p>), `.htm` stays HTML, `.markdown` is no longer Markdown.
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text('markdown_ext: "html,md"\n', "utf-8")
    for name in ("2020-01-01-a.html", "2020-01-01-b.markdown", "2020-01-01-c.htm"):
        (site / "_posts" / name).write_text("---\n---\n<p>ext</p>\n\n*md?*\n", "utf-8")
    (site / "conf.py").write_text('extensions = ["sphinxext_jekyllposts"]\n', "utf-8")
    (site / "index.md").write_text("# Blog\n\n```{post-list}\n```\n", "utf-8")
    (site / "other.html").write_text("<p>not a page</p>\n", "utf-8")
    app = build(tmp_path, srcdir=site)
    assert "<em>md?</em>" in str(body_of(app, "_posts/2020-01-01-a"))
    assert "*md?*" in body_of(app, "_posts/2020-01-01-c").get_text()
    assert "_posts/2020-01-01-b" not in app.env.found_docs
    assert "other" not in app.env.found_docs
    assert "'.markdown' is not a Markdown extension (markdown_ext)" in warnings_of(app)


def test_post_markup_as_jekyll_converts():
    markdown_ext = SiteSettings().markdown_ext
    assert post_markup(".md", markdown_ext) == "markdown"
    assert post_markup(".MD", markdown_ext) == "markdown"
    for ext in (".html", ".htm", ".xhtml", ".HTML", ".Htm"):
        assert post_markup(ext, markdown_ext) == "html"
    assert post_markup(".html", ("html", "md")) == "markdown"
    assert post_markup(".markdown", ("md",)) is None
    assert post_markup(".txt", markdown_ext) is None


def test_the_catalog_has_jekylls_urls_titles_and_excerpts():
    catalog = scan_site(ROOTS / "test-html-posts", SiteSettings())
    for post in catalog:
        expected = JEKYLL[post.path]
        assert (post.url, post.title) == (expected["url"], expected["title"])
        if "{{" not in post.excerpt_source:  # Liquid is not rendered in excerpts yet
            assert post.excerpt == html_text(expected["excerpt"])
    assert {post.path: post.markup for post in catalog} == {
        "_posts/2021-01-01-markdown-post.md": "markdown",
        f"{HTML_POST}.html": "html",
        "_posts/2021-03-05-htm-post.htm": "html",
        "_posts/2021-03-06-no-front-matter.html": "html",
        "_posts/2021-03-07-code-and-links.html": "html",
    }


def test_html_paragraphs():
    assert html_paragraphs("<p>a <b>b</b></p><ul><li>c</li><li>d\ne</li></ul>tail") == [
        "a b",
        "c",
        "d e",
        "tail",
    ]
    assert html_paragraphs("<style>p{}</style><script>x()</script><p>&amp; y</p>") == ["& y"]
    assert html_paragraphs("") == []
    assert html_paragraphs("a < b <3 <!-- hidden --> c") == ["a < b <3 c"]
    assert html_paragraphs("x <!-- never closed <p>y</p>") == ["x"]
    assert html_paragraphs("<p>unclosed <b tag") == ["unclosed <b tag"]
    assert html_paragraphs("<P>Up</P><SCRIPT>no()</SCRIPT>") == ["Up"]


@given(st.text())
def test_html_paragraphs_reads_any_text(text):
    paragraphs = html_paragraphs(text)
    assert all(p and p == " ".join(p.split()) for p in paragraphs)


_NAMES = st.text(alphabet="abhlmtx._/LMTH", min_size=1, max_size=12).filter(
    lambda p: not p.startswith("/") and not p.endswith("/") and "//" not in p
)


@given(_NAMES, st.sampled_from([[".html"], [".html", ".htm"], [".HTML", ".xhtml", ".htm"]]))
def test_only_in_post_folders_includes_exactly_what_it_should(path, suffixes):
    folders = ["_posts", "blog/_drafts"]
    matchers = compile_matchers(only_in_post_folders(suffixes, folders))
    included = any(match(path) for match in matchers)
    in_folder = any(path.startswith(folder + "/") for folder in folders)
    expected = in_folder or not any(path.endswith(suffix) for suffix in suffixes)
    assert included == expected, (path, suffixes)


_OPEN_LINK = DOC_LINK.format("x").removesuffix("\ufdd1")
#: Hostile shapes of about n characters.
_HOSTILE = {
    "unclosed link markers": lambda n: _OPEN_LINK * (n // len(_OPEN_LINK)),
    "one long unclosed marker": lambda n: DOC_LINK.format("x" * n).removesuffix("\ufdd1"),
    "unclosed tags": lambda n: "<p " * (n // 3),
    "nested blocks": lambda n: "<div>" * (n // 11) + "x" + "</div>" * (n // 11),
    "unclosed comments": lambda n: "<!--" * (n // 4),
    "no tag names": lambda n: "< " * (n // 2) + ">",
    "unclosed scripts": lambda n: "<script>" * (n // 8) + "x",
}


@pytest.mark.parametrize("shape", sorted(_HOSTILE))
def test_html_post_text_is_read_in_linear_time(shape):
    for n in (25_000, 100_000):
        text = _HOSTILE[shape](n)
        start = time.perf_counter()
        _DOC_LINK.sub("", text)
        html_paragraphs(text)
        assert time.perf_counter() - start < 2.0, (shape, n)


def _fidelity():
    path = Path(__file__).parents[1] / "benchmarks" / "fidelity.py"
    spec = importlib.util.spec_from_file_location("fidelity", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_post_reads_as_jekyll_rendered_it(built):
    """benchmarks/fidelity.py's comparison, on the posts of the root; the
    links of {% post_url %} differ on purpose (to the page, not the Jekyll URL)."""
    fidelity = _fidelity()
    for path, expected in JEKYLL.items():
        if path.startswith("_drafts/"):
            continue
        result = fidelity.compare_post(
            path, expected["content"], fidelity.page_of(Path(built.outdir), path)
        )
        assert result.similarity == 1.0, path
        assert result.lost == 0.0, path
        assert result.structure_equal, (path, result.ours, result.theirs)


def test_an_html_posts_anchors_emoji_and_mentions(tmp_path):
    """Links to an HTML post's own ``id=`` anchors resolve without a warning;
    jemoji and jekyll-mentions act on an ``.html`` post's body (they act on
    every page whose output ends in ``.html``), not on an ``.htm`` one's."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("plugins: [jemoji, jekyll-mentions]\n", "utf-8")
    body = '---\ntitle: H\n---\n<h2 id="part">Part :tada: @octocat</h2>\n'
    (site / "_posts" / "2020-01-01-h.html").write_text(body, "utf-8")
    (site / "_posts" / "2020-01-02-m.htm").write_text(body, "utf-8")
    (site / "_posts" / "2020-01-03-link.md").write_text(
        "---\ntitle: L\n---\n[to the part](2020-01-01-h.html#part)\n", "utf-8"
    )
    (site / "conf.py").write_text('extensions = ["sphinxext_jekyllposts"]\n', "utf-8")
    (site / "index.md").write_text("# Blog\n\n```{post-list}\n```\n", "utf-8")
    app = build(tmp_path, srcdir=site)
    html_post = body_of(app, "_posts/2020-01-01-h")
    assert html_post.find("img", class_="emoji")["alt"] == ":tada:"
    assert html_post.find("a", class_="user-mention")["href"] == "https://github.com/octocat"
    htm_post = body_of(app, "_posts/2020-01-02-m")
    assert htm_post.find("img", class_="emoji") is None
    assert "local id not found" not in warnings_of(app)
    link = body_of(app, "_posts/2020-01-03-link").find("a", string="to the part")
    assert link["href"] == href(app, "_posts/2020-01-03-link", "_posts/2020-01-01-h") + "#part"


def test_an_html_page_beside_a_markdown_document_is_left_out_in_a_fresh_process(tmp_path):
    # In a process of its own: there, at config-inited, MyST's `.md` is only in
    # Sphinx's registry, not yet in the configuration (in the test process, an
    # earlier application may have put it there).
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-html-posts", site)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(site), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "multiple files found" not in result.stderr
    assert "not built: notes.html: notes.md is that document" in result.stdout
    assert "Notes in Markdown" in (tmp_path / "out" / "notes.html").read_text("utf-8")
