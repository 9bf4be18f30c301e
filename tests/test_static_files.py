"""Static files (tests/roots/test-static-files): copied where Jekyll 4.3 copies
them, and site paths to them in posts' raw HTML and links resolving from every
page, under both web site builders."""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, copy_root, run, served, site_from, warnings_of
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts import static_files
from sphinxext_jekyllposts.jekyll import SiteSettings
from sphinxext_jekyllposts.jekyll.html_links import rewrite_links
from sphinxext_jekyllposts.jekyll.site import settings_from_config
from sphinxext_jekyllposts.jekyll.static_files import has_front_matter, is_included, site_files
from sphinxext_jekyllposts.serve import Ignored

POST = "_posts/2020-01-01-assets"
DEEPER = "news/_posts/2020-02-01-deeper"

#: What Jekyll 4.3.1 copies of the root (``jekyll build``, its static files),
#: less what is Sphinx's (``conf.py``, ``index.md``, the ``templates`` folder
#: of ``templates_path``, ``notes-for-sphinx.txt`` of ``exclude_patterns``).
STATIC = {
    ".well-known/security.txt",
    "CNAME",
    "assets/a.png",
    "assets/css/site.css",
    "favicon.ico",
    "files/a.pdf",
    "images/b.png",
    "images/b@2x.png",
    "robots.txt",
}
NOT_COPIED = {
    "_config.yml",
    "_private/secret.txt",
    "excluded/x.txt",
    "node_modules/pkg/index.js",
    "robots.txt~",
    "conf.py",
    "index.md",
    "notes-for-sphinx.txt",
    "templates/unused.html",
    "_posts/2020-01-01-assets.md",
}


def build(make_app, srcdir, builder="html", **overrides):
    app = make_app(builder, srcdir=srcdir, confoverrides=overrides)
    app.build()
    app.cleanup()
    return app


def page_file(app, docname: str) -> Path:
    return Path(app.builder.get_outfilename(docname))


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(app, docname).read_text("utf-8"), "html.parser")


def target(app, docname: str, url: str) -> Path:
    """The file a relative ``url`` on the page of ``docname`` leads to."""
    page = page_file(app, docname).relative_to(app.outdir).as_posix()
    path = url.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
    return Path(
        app.outdir, posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    )


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def built(request, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(request.param) / "site"
    shutil.copytree(ROOTS / "test-static-files", srcdir)
    app = SphinxTestApp(request.param, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    app.cleanup()
    return app


def copied(app) -> set[str]:
    out = Path(app.outdir)
    found = set()
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith(("_static/", "_sources/", "_images/")):
            found.add(relative)
    return found


def test_the_files_jekyll_copies_are_copied_at_their_paths(built):
    out = Path(built.outdir)
    for relative in STATIC:
        assert (out / relative).read_bytes() == (Path(built.srcdir) / relative).read_bytes()
    assert not NOT_COPIED & copied(built), NOT_COPIED & copied(built)
    assert (out / ".nojekyll").is_file()
    # page.html has front matter: a Jekyll page, built (not copied as it is)
    assert "A Jekyll page, not a static file." in (out / "page.html").read_text("utf-8")
    assert "---" not in (out / "page.html").read_text("utf-8").split("<body", 1)[-1]


def test_a_copy_keeps_the_modification_time(built):
    source, copy = Path(built.srcdir) / "assets/a.png", Path(built.outdir) / "assets/a.png"
    assert copy.stat().st_mtime_ns == source.stat().st_mtime_ns


@pytest.mark.parametrize("docname", [POST, DEEPER])
def test_site_paths_in_raw_html_lead_to_the_copies_from_every_page(built, docname):
    body = soup(built, docname).select_one("section")
    urls = [img["src"] for img in body.select("img")]
    urls += [a["href"] for a in body.select("a[href*='files/']")]
    urls += [el["poster"] for el in body.select("[poster]")]
    urls += [v["src"] for v in body.select("video[src]")]
    urls += [u.split()[0] for img in body.select("img[srcset]") for u in img["srcset"].split(",")]
    assert len(urls) >= 3
    for url in urls:
        if "missing" in url:
            assert url in ("/assets/missing.png", "/files/missing.pdf")  # as written, warned
            continue
        if "none.png" in url:
            assert url == "/images/none.png"  # a Markdown image the site lacks, as written
            continue
        assert not url.startswith("/"), url
        assert target(built, docname, url).is_file(), url


def test_the_base_url_the_query_and_the_fragment(built):
    body = soup(built, POST).select_one("section")
    b = body.select_one("img[alt=b]")
    assert target(built, POST, b["src"]) == Path(built.outdir) / "images/b.png"
    assert "b%402x.png 2x" not in b["srcset"]
    assert b["srcset"].endswith("images/b@2x.png 2x")
    pdf = body.select_one("a[href*='download']")
    assert pdf["href"].endswith("files/a.pdf?download=1#page=2")
    assert body.select_one("a[href='/about/']")  # a page's address: not a static file
    stylesheet = body.find("link")
    assert target(built, POST, stylesheet["href"]) == Path(built.outdir) / "assets/css/site.css"


def test_markdown_links_to_static_files_and_markdown_images(built):
    body = soup(built, POST).select_one("section")
    link = body.find("a", string="the PDF", class_="reference")
    assert target(built, POST, link["href"]) == Path(built.outdir) / "files/a.pdf"
    image = body.select_one("img[alt=md]")
    assert "_images/" in image["src"]  # Sphinx's copy, as before
    assert target(built, POST, image["src"]).is_file()
    based = body.find("img", alt="md with base URL")
    assert "_images/" in based["src"]
    assert target(built, POST, based["src"]).read_bytes() == b"\x89PNG b\n"


def test_liquids_link_tag_names_a_static_file_by_its_site_path(built):
    body = soup(built, POST).select_one("section")
    image = body.select_one("img[alt=linked]")
    assert target(built, POST, image["src"]) == Path(built.outdir) / "assets/a.png"
    link = body.find("a", string="the PDF again")
    assert target(built, POST, link["href"]).read_bytes() == b"%PDF a\n"


def test_a_missing_image_or_file_warns_at_its_line(built):
    warnings = warnings_of(built)
    post = Path(built.srcdir) / f"{POST}.md"
    assert f"{post}:19: WARNING: the image '/assets/missing.png' names no file" in warnings
    assert f"{post}:21: WARNING: the link '/files/missing.pdf' names no file" in warnings
    assert "[jekyllposts.link]" in warnings
    # A page's address and a feed's are no files to look for.
    assert "/nowhere/" not in warnings
    assert "feed.xml" not in warnings
    assert "/about/" not in warnings
    # A Markdown image the site lacks: Sphinx's own warning, at its line.
    assert f"{post}:13: WARNING: image file not readable: images/none.png" in warnings
    assert warnings.count("WARNING") == 3, warnings


def test_an_incremental_build_removes_what_left_the_site_and_copies_only_what_changed(
    make_app, tmp_path
):
    srcdir = copy_root("static-files", tmp_path)
    first = build(make_app, srcdir)
    out = Path(first.outdir)
    os.utime(out / "robots.txt", ns=(1, 1))  # to see that it is not copied again
    (srcdir / "images/b.png").unlink()
    (srcdir / "assets/css/site.css").unlink()
    (srcdir / "favicon.ico").write_bytes(b"new icon")
    (srcdir / "files" / "new.txt").write_text("new", "utf-8")
    again = build(make_app, srcdir)
    assert not (out / "images/b.png").exists()
    assert not (out / "assets/css").exists()  # its folder went with it
    assert (out / "favicon.ico").read_bytes() == b"new icon"
    assert (out / "files/new.txt").read_text("utf-8") == "new"
    assert (out / "robots.txt").stat().st_mtime_ns == 1
    assert (out / ".nojekyll").is_file()
    assert "Traceback" not in warnings_of(again)


def test_a_no_change_rebuild_reads_and_copies_no_static_file(make_app, tmp_path, monkeypatch):
    srcdir = copy_root("static-files", tmp_path)
    build(make_app, srcdir)
    calls = []

    def spy(function):
        def called(*args, **kwargs):
            calls.append(args[0])
            return function(*args, **kwargs)

        return called

    monkeypatch.setattr(static_files, "has_front_matter", spy(static_files.has_front_matter))
    monkeypatch.setattr(static_files, "copy_file", spy(static_files.copy_file))
    build(make_app, srcdir)
    assert calls == []
    (srcdir / "robots.txt").write_text("changed", "utf-8")
    build(make_app, srcdir)
    assert [Path(path).name for path in calls] == ["robots.txt", "robots.txt"]


def test_a_site_file_at_a_page_sphinx_writes_is_not_copied_and_warns(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    (srcdir / "search.html").write_text("<p>the site's own search</p>", "utf-8")
    app = build(make_app, srcdir)
    assert "the site's own search" not in (Path(app.outdir) / "search.html").read_text("utf-8")
    assert (
        f"{srcdir / 'search.html'}:1: WARNING: the static file is not copied to search.html: "
        "that is Sphinx's page 'search'"
    ) in warnings_of(app)


def test_a_file_this_extension_did_not_copy_is_never_replaced(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    builddir = tmp_path / "build"
    theirs = builddir / "html" / "files" / "a.pdf"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("someone else's", "utf-8")
    app = make_app("html", srcdir=srcdir, builddir=builddir)
    app.build()
    assert Path(app.outdir) == builddir / "html"
    assert theirs.read_text("utf-8") == "someone else's"
    assert (
        "WARNING: the static file is not copied to files/a.pdf: "
        "that is a file this extension did not copy"
    ) in warnings_of(app)


def test_a_blog_in_a_folder_of_a_larger_project_copies_below_its_folder(make_app, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "test-static-files", project / "news")
    (project / "news" / "conf.py").rename(project / "conf.py")
    (project / "news" / "index.md").rename(project / "index.md")
    (project / "index.md").write_text("# Project\n\n```{toctree}\nnews/category/index\n```\n")
    (project / "guide.md").write_text('# Guide\n\n<img src="/assets/a.png">\n', "utf-8")
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace('["templates"]', '["news/templates"]')
        + 'jekyllposts_site_dir = "news"\n',
        "utf-8",
    )
    app = build(make_app, project)
    out = Path(app.outdir)
    for relative in STATIC:
        assert (out / "news" / relative).is_file(), relative
    assert not (out / "assets").exists()
    assert not (out / "news/templates").exists()
    post = f"news/{POST}"
    image = soup(app, post).select_one("section img[alt=a]")
    assert target(app, post, image["src"]) == out / "news/assets/a.png"
    # Markdown images at site paths are the blog's files, in _images/ as ever.
    for alt in ("md", "md with base URL"):
        markdown = soup(app, post).find("img", alt=alt)
        assert "_images/" in markdown["src"]
        assert target(app, post, markdown["src"]).is_file()
    assert "image file not readable" not in warnings_of(app)
    # A page of the project outside the blog is not the site's.
    assert soup(app, "guide").select_one("section img")["src"] == "/assets/a.png"


def test_turned_off_nothing_is_copied_and_links_stay(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    app = build(make_app, srcdir, jekyllposts_static_files=False)
    assert not (Path(app.outdir) / "assets").exists()
    assert soup(app, POST).select_one("section img[alt=a]")["src"] == "/assets/a.png"
    assert "names no file" not in warnings_of(app)


def test_other_builders_copy_nothing(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    app = build(make_app, srcdir, "singlehtml")
    assert not (Path(app.outdir) / "assets").exists()
    assert not (Path(app.outdir) / ".nojekyll").exists()


def test_jekyllposts_build_copies_the_static_files(tmp_path):
    site = site_from("test-static-files", tmp_path)
    (site / "vendor" / "js").mkdir(parents=True)
    (site / "vendor" / "js" / "app.js").write_text("app", "utf-8")
    (site / "vendor" / "bundle").mkdir()
    (site / "vendor" / "bundle" / "gem.rb").write_text("gem", "utf-8")
    out = tmp_path / "out"
    result = run("build", site, out, "-q")
    assert result.returncode == 0, result.stderr
    for relative in STATIC:
        assert (out / relative).is_file(), relative
    assert (out / ".nojekyll").is_file()
    assert not (out / "_private").exists()
    # Jekyll excludes Bundler's vendor/bundle, not the rest of vendor/.
    assert (out / "vendor/js/app.js").read_text("utf-8") == "app"
    assert not (out / "vendor/bundle").exists()
    assert f"{site}/_posts/2020-01-01-assets.md:19: WARNING" in result.stderr
    page_file = served(out / f"{POST}.html")  # the post is at its Jekyll URL
    page = BeautifulSoup(page_file.read_text("utf-8"), "html.parser")
    src = page.select_one("section img[alt=a]")["src"]
    assert not src.startswith("/")
    assert (page_file.parent / src).resolve() == (out / "assets/a.png").resolve()


# Jekyll's rules, without Sphinx ---------------------------------------------------


def test_front_matter_is_a_first_line_of_three_dashes(tmp_path):
    cases = {
        "page": b"---\ntitle: x\n---\n",
        "crlf": b"---\r\n---\r\n",
        "spaces": b"---  \t\nx",
        "empty front matter": b"---\n---\n",
    }
    not_pages = {
        "text": b"hello\n---\n",
        "four dashes": b"----\n",
        "no line end": b"---",
        "empty": b"",
        "binary": b"\x89PNG\r\n\x1a\n---\n",
        "dashes then text": b"--- x\n",
    }
    for name, content in {**cases, **not_pages}.items():
        (tmp_path / name).write_bytes(content)
        assert has_front_matter(tmp_path / name) == (name in cases), name


def test_include_takes_names_at_any_depth_and_prefixes():
    assert is_included(".htaccess", (".htaccess",))
    assert is_included(".well-known", (".well",))
    assert is_included("_redirects", ("_redir*",))
    assert is_included("_pages", ("_pages/",), folder=True)
    assert not is_included("_pages", ("_other",), folder=True)
    assert not is_included("x", ("",))


def test_the_walk_refuses_links_out_of_the_site_and_named_pipes(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "assets").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", "utf-8")
    (site / "assets" / "a.png").write_bytes(b"a")
    (site / "assets" / "leak.txt").symlink_to(outside / "secret.txt")
    (site / "assets" / "inside.png").symlink_to(site / "assets" / "a.png")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    (site / "loop").symlink_to(site, target_is_directory=True)
    os.mkfifo(site / "pipe")
    found, problems = site_files(site, SiteSettings(), skip=lambda relative, folder: False)
    assert [f.relative for f in found] == ["assets/a.png", "assets/inside.png"]
    refused = {p.path: p.message for p in problems}
    assert set(refused) == {"assets/leak.txt", "linked", "loop", "pipe"}
    assert "outside the site" in refused["assets/leak.txt"]
    assert "named pipe" in refused["pipe"]


def test_the_walk_follows_exclude_and_include_of_config_yml(tmp_path):
    for relative in [
        "a.txt",
        "vendor/bundle/x.rb",
        "vendor/js/app.js",
        "Gemfile",
        "_drafts/x.md",
        "#x#",
        "x~",
        "docs/x.txt",
        ".htaccess",
        "node_modules/a.js",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    settings, problems = settings_from_config({"exclude": ["docs"], "include": [".htaccess"]})
    assert problems == ()
    found, _ = site_files(tmp_path, settings, skip=lambda relative, folder: False)
    assert [f.relative for f in found] == [".htaccess", "a.txt", "vendor/js/app.js"]


def test_exclude_of_the_wrong_type_warns():
    _, problems = settings_from_config({"exclude": {"a": 1}})
    assert any("'exclude' must be a list" in p.message for p in problems)


def test_raw_html_links_are_rewritten_and_nothing_else():
    seen = []

    def replace(url, attribute, offset):
        seen.append((url, attribute))
        return "new/" + url.lstrip("/") if url.startswith("/") else None

    markup = (
        '<img alt="src=/no" src="/a.png" data-src="/b.png">'
        "<a href='/x&amp;y.pdf'>x</a><source srcset=\"/s.png 1x, /t,u.png 2x\">"
        '<video poster=/p.jpg></video><a href="https://example.org/">e</a>'
    )
    result = rewrite_links(markup, replace)
    assert result == (
        '<img alt="src=/no" src="new/a.png" data-src="/b.png">'
        '<a href="new/x&amp;y.pdf">x</a><source srcset="new/s.png 1x, new/t,u.png 2x">'
        '<video poster="new/p.jpg"></video><a href="https://example.org/">e</a>'
    )
    assert ("/x&y.pdf", "href") in seen
    assert rewrite_links("<p>nothing</p>", replace) == "<p>nothing</p>"


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "<a" * n,
        lambda n: "<a " + "src=" * n,
        lambda n: "<a src='" * n,
        lambda n: "<a " + 'x="' * n + ">",
        lambda n: "<a " + 'src="=' * n + ">",
        lambda n: '<img srcset="' + " ," * n + '">',
        lambda n: '<img srcset="' + "a " * n + '">',
        lambda n: "<img src" + "=" * n + ">",
    ],
)
def test_the_link_scan_takes_linear_time(shape):
    for size in (25_000, 100_000):
        start = time.perf_counter()
        rewrite_links(shape(size), lambda url, attribute, offset: "x")
        assert time.perf_counter() - start < 2.0


def test_sphinx_outputs_inside_the_site_are_never_copied(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    builddir = srcdir / "build"  # no "_": Jekyll would copy it, Sphinx's outputs are not
    dirhtml = make_app("dirhtml", srcdir=srcdir, builddir=builddir)
    dirhtml.build()
    html = make_app("html", srcdir=srcdir, builddir=builddir)
    html.build()
    for app in (dirhtml, html):
        out = Path(app.outdir)
        assert (out / "assets/a.png").is_file()
        assert not (out / "build").exists()


def test_file_names_are_copied_as_they_are_and_linked_percent_encoded(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    names = ["a b.png", "a%20b.png", "图片.png", "%2e%2e.png"]
    for name in names:
        (srcdir / "assets" / name).write_text(name, "utf-8")
    post = srcdir / f"{POST}.md"
    post.write_text(
        post.read_text("utf-8") + '\n<img src="/assets/a%20b.png"> <img src="/assets/图片.png">\n'
        '<img src="/assets/a%2520b.png">\n',
        "utf-8",
    )
    app = build(make_app, srcdir)
    out = Path(app.outdir)
    for name in names:
        assert (out / "assets" / name).read_text("utf-8") == name
    sources = [img["src"] for img in soup(app, POST).select("section img")][-3:]
    assert [target(app, POST, src).read_text("utf-8") for src in sources] == [
        "a b.png",
        "图片.png",
        "a%20b.png",
    ]


def test_a_page_naming_a_file_the_site_gains_or_loses_is_written_again(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    first = build(make_app, srcdir)
    assert soup(first, POST).select_one("section img[alt=missing]")["src"] == "/assets/missing.png"
    (srcdir / "assets" / "missing.png").write_bytes(b"now here")
    gained = build(make_app, srcdir)
    image = soup(gained, POST).select_one("section img[alt=missing]")
    assert target(gained, POST, image["src"]).read_bytes() == b"now here"
    (srcdir / "images" / "b.png").unlink()
    lost = build(make_app, srcdir)
    assert soup(lost, POST).select_one("section img[alt=b]")["src"] == "/blog/images/b.png"
    assert "the image '/blog/images/b.png' names no file" in warnings_of(lost)
    # As a full build of the same site writes it.
    full = make_app("html", srcdir=srcdir, builddir=tmp_path / "full", freshenv=True)
    full.build()
    assert page_file(lost, POST).read_text("utf-8").replace(str(lost.outdir), "") == page_file(
        full, POST
    ).read_text("utf-8").replace(str(full.outdir), "")


def test_a_link_out_of_the_site_is_refused_with_a_warning(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", "utf-8")
    (srcdir / "assets" / "leak.txt").symlink_to(outside)
    (srcdir / "assets" / "same.png").symlink_to(srcdir / "assets" / "a.png")
    app = build(make_app, srcdir)
    out = Path(app.outdir)
    assert not (out / "assets" / "leak.txt").exists()
    assert (out / "assets" / "same.png").read_bytes() == (srcdir / "assets" / "a.png").read_bytes()
    assert not (out / "assets" / "same.png").is_symlink()
    assert (
        f"{srcdir / 'assets' / 'leak.txt'}:1: WARNING: the file is not read: "
        "it is a symbolic link to a file outside the site [jekyllposts.file]"
    ) in warnings_of(app)


def test_serve_watches_vendor_but_not_bundlers_gems(tmp_path):
    ignored = Ignored(tmp_path / "site", tmp_path / "out")
    assert not ignored(str(tmp_path / "site" / "vendor" / "js" / "app.js"))
    assert ignored(str(tmp_path / "site" / "vendor" / "bundle" / "ruby" / "x.rb"))
    assert ignored(str(tmp_path / "site" / "node_modules" / "a.js"))
    assert ignored(str(tmp_path / "out" / "index.html"))


def test_a_copy_changed_in_the_output_is_not_deleted_with_its_source(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    out = Path(build(make_app, srcdir).outdir)
    (out / "robots.txt").write_text("edited in the output", "utf-8")
    (srcdir / "robots.txt").unlink()
    (srcdir / "CNAME").unlink()
    build(make_app, srcdir)
    assert (out / "robots.txt").read_text("utf-8") == "edited in the output"
    assert not (out / "CNAME").exists()


def test_a_copy_that_fails_is_tried_again_and_stays_ours(make_app, tmp_path):
    srcdir = copy_root("static-files", tmp_path)
    out = Path(build(make_app, srcdir).outdir)
    (srcdir / "assets" / "a.png").write_bytes(b"new a")
    copy = out / "assets" / "a.png"
    copy.unlink()
    copy.mkdir()  # in the way: nothing can be renamed over a folder
    failed = build(make_app, srcdir)
    assert "a static file cannot be copied to" in warnings_of(failed)
    copy.rmdir()
    copy.write_bytes(b"old a")  # the old copy, as a failed write leaves it
    again = build(make_app, srcdir)
    assert copy.read_bytes() == b"new a"
    assert "did not copy" not in warnings_of(again)


def test_a_markdown_image_the_site_lacks_keeps_its_site_path(built):
    """As in Jekyll's page (``src="/images/none.png"``), not a path below the
    post's folder; Sphinx warns that it cannot read it."""
    image = soup(built, POST).select_one("section img[alt='md missing']")
    assert image["src"] == "/images/none.png"
    assert "images/none.png" in warnings_of(built)
