"""``benchmarks/site_check.py``, issue 14's check of a built site: its rules on
small folders made here, a passing and a failing case for each."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
POST = "_posts/2020-01-01-hello.md"
REDIRECT = (
    "<!DOCTYPE html>\n<html>\n<!-- written by sphinxext-jekyllposts: a redirect -->\n"
    '<meta http-equiv="refresh" content="0; url=../x.html">\n<h1>Redirecting…</h1>\n</html>\n'
)


def site_check():
    # site_check.py imports jekyll_files.py beside it, as when it runs as a script.
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("site_check")


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def page(title: str = "Hello", body: str = "") -> str:
    return f'<html><body><h1>{title}<a class="headerlink" href="#">¶</a></h1>{body}</body></html>'


# --- (a) the file that serves a post's URL ------------------------------------------


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("/a/b/", "a/b/index.html"),
        ("/a/b.html", "a/b.html"),
        ("/a/b", "a/b.html"),
        ("/c/d", "c/d/index.html"),
        ("/edge case/e/", "edge case/e/index.html"),
        ("/", "index.html"),
    ],
)
def test_the_file_serving_a_url(tmp_path, url, file):
    for name in ("a/b/index.html", "a/b.html", "c/d/index.html", "edge case/e/index.html"):
        write(tmp_path / name)
    write(tmp_path / "index.html")
    assert site_check().serving_file(tmp_path, url) == tmp_path / file


@pytest.mark.parametrize("url", ["/a/missing/", "/a/missing", "/../outside.html", "/a/../../x"])
def test_no_file_serves_a_url(tmp_path, url):
    write(tmp_path / "a/b.html")
    write(tmp_path.parent / "outside.html")
    assert site_check().serving_file(tmp_path, url) is None


def test_a_post_served_at_its_url(tmp_path):
    write(tmp_path / "edge case/hello/index.html", page("Hello &amp; “welcome”"))
    entry = {"path": POST, "url": "/edge%20case/hello/", "title": 'Hello & "welcome"'}
    assert site_check().check_post(tmp_path, entry) is None


@pytest.mark.parametrize(
    ("written", "why"),
    [
        (None, "no file serves the URL"),
        (REDIRECT, "a redirect page"),
        (page("Another post"), "no <h1> with the post's title"),
        ("<html><p>Hello</p></html>", "no <h1> with the post's title"),
    ],
)
def test_a_post_not_served_at_its_url(tmp_path, written, why):
    if written is not None:
        write(tmp_path / "2020/01/01/hello.html", written)
    entry = {"path": POST, "url": "/2020/01/01/hello.html", "title": "Hello"}
    failure = site_check().check_post(tmp_path, entry)
    assert failure is not None
    assert (failure.check, failure.why, failure.page) == ("posts", why, POST)


def test_a_meta_refresh_alone_is_a_redirect():
    markup = '<meta http-equiv="refresh" content="0; url=/x/"><h1>Hello</h1>'
    assert site_check().is_redirect(markup)
    assert not site_check().is_redirect(page())


# --- (b) local links ------------------------------------------------------------------


@pytest.fixture
def out(tmp_path):
    out = tmp_path / "out"
    for name in (
        "index.html",
        "a/b.html",
        "a/img.png",
        "a/two words.png",
        "c/index.html",
        "d.html",
        "_static/site.css",
    ):
        write(out / name)
    (out / "empty").mkdir()
    return out


@pytest.mark.parametrize(
    "url",
    [
        "b.html",
        "./b.html",
        "img.png?v=1#x",
        "two%20words.png",
        "two words.png",
        "../c/",
        "../c",
        "../d",
        "../_static/site.css",
        "/blog/a/b.html",
        "/blog/c/#top",
        "/blog/",
        "/blog",
        "?page=2",
    ],
)
def test_a_local_link_that_resolves(out, url):
    resolved, file = site_check().resolve_link(out, "a/b.html", url, baseurl="/blog")
    assert resolved, file


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("missing.png", "no such file"),
        ("../../outside.html", "outside the output folder"),
        ("/blog/../../outside.html", "outside the output folder"),
        ("/a/b.html", "absolute, not below the baseurl /blog"),
        ("/blogs/a/b.html", "absolute, not below the baseurl /blog"),
        ("../empty/", "a folder without index.html"),
        ("b.html/", "no such file"),
    ],
)
def test_a_local_link_that_does_not_resolve(out, url, why):
    write(out.parent / "outside.html")
    assert site_check().resolve_link(out, "a/b.html", url, baseurl="/blog") == (False, why)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/",
        "mailto:me@example.com",
        "javascript:void(0)",
        "data:image/png;base64,AAAA",
        "//cdn.example.com/x.js",
        "#section",
        "tel:+100",
        "",
    ],
)
def test_not_a_local_link(url):
    assert not site_check().is_local(url)


def test_links_of_every_page(out):
    write(
        out / "a/b.html",
        '<link href="../_static/site.css"><a href="https://x.org/">x</a><a href="#s">s</a>'
        '<img src="img.png" srcset="img.png 1x, two%20words.png 2x, gone.png 3x">'
        '<a href="gone.html">gone</a><script src="../_static/gone.js"></script>',
    )
    # A build's own files, in a dot folder, are not pages.
    write(out / ".jekyllposts/doctrees/fragment.html", '<img src="nowhere.png">')
    failures = []
    assert site_check().check_links(out, failures=failures) == (4, 7)
    assert [(f.page, f.target) for f in failures] == [
        ("a/b.html", "img srcset=gone.png"),
        ("a/b.html", "a href=gone.html"),
        ("a/b.html", "script src=../_static/gone.js"),
    ]


# --- (c) static files, by Jekyll's rule ------------------------------------------------


@pytest.fixture
def site(tmp_path):
    site = tmp_path / "site"
    write(
        site / "_config.yml",
        'title: t\nbaseurl: "/blog/"\ninclude: [.htaccess, _pages]\n'
        'exclude: [README.md, LICENSE, "*.gem", tools]\n',
    )
    write(site / POST, "---\ntitle: Hello\n---\nHi\n")
    for name in (
        "assets/css/site.css",
        "images/a photo.png",
        "favicon.ico",
        "notes.txt",
        ".htaccess",
        "_pages/kept.png",
        "empty.txt",
        # not static: under or named with `_`, `.`, `#`, `~`, or excluded
        "_includes/x.html",
        "_sass/x.scss",
        ".git/config",
        "assets/.hidden.css",
        "backup.txt~",
        "#scratch.txt",
        "README.md",
        "LICENSE",
        "LICENSE-source",
        "theme.gem",
        "nested/theme.gem",
        "tools/build.sh",
        "node_modules/x/index.js",
        "vendor/bundle/x.rb",
        "Gemfile",
    ):
        write(site / name, "" if name == "empty.txt" else "content\n")
    write(site / "about.md", "---\ntitle: About\n---\nA page, not a static file.\n")
    write(site / "feed.xml", "---  \nlayout: null\n---\n")
    return site


def test_static_files_by_jekylls_rule(site):
    assert sorted(site_check().static_files(site)) == [
        ".htaccess",
        "_pages/kept.png",
        "assets/css/site.css",
        "empty.txt",
        "favicon.ico",
        "images/a photo.png",
        "notes.txt",
    ]


@pytest.mark.parametrize(
    ("config", "static"),
    [("title: t\n", [".htaccess", "a.txt"]), ("include: [_pages]\n", ["_pages/b.txt", "a.txt"])],
)
def test_include_replaces_jekylls_default(tmp_path, config, static):
    write(tmp_path / "_config.yml", config)
    for name in (".htaccess", "a.txt", "_pages/b.txt"):
        write(tmp_path / name, "x\n")
    assert sorted(site_check().static_files(tmp_path)) == static


def test_the_output_inside_the_site_is_no_static_file(site):
    write(site / "built/assets/css/site.css")
    assert "built/assets/css/site.css" not in site_check().static_files(site, skip=site / "built")


def _complete_output(site: Path, out: Path) -> None:
    """An output that passes every check for ``site``."""
    write(out / "2020/01/01/hello.html", page("Hello", '<a href="/blog/index.html">home</a>'))
    write(out / "index.html", page("Home", '<link href="assets/css/site.css">'))
    for relative in site_check().static_files(site):
        write(out / relative)
    write(out / ".nojekyll")


def test_a_site_that_passes_every_check(site, tmp_path):
    out = tmp_path / "out"
    _complete_output(site, out)
    report = site_check().check_site(site, out)  # no manifest: `jekyllposts inspect`
    assert report.passed == dict.fromkeys(("posts", "links", "static files", ".nojekyll"), True)
    assert (report.posts, report.static, report.links) == (1, 7, 2)
    assert report.failures == []


def test_a_site_that_fails_every_check(site, tmp_path):
    out = tmp_path / "out"
    _complete_output(site, out)
    write(out / "2020/01/01/hello.html", REDIRECT)
    (out / "images/a photo.png").unlink()
    (out / ".nojekyll").unlink()
    write(out / "index.html", page("Home", '<img src="images/a%20photo.png">'))
    report = site_check().check_site(site, out)
    assert report.passed == dict.fromkeys(("posts", "links", "static files", ".nojekyll"), False)
    assert sorted((f.check, f.why, f.page) for f in report.failures) == [
        (".nojekyll", "not in the output", ".nojekyll"),
        ("links", "no such file", "index.html"),
        ("posts", "a redirect page", POST),
        ("static files", "not in the output", "images/a photo.png"),
    ]


def test_a_link_broken_in_jekylls_output_too(site, tmp_path):
    """A URL Jekyll wrote, absolute, to nothing the site has, is Jekyll's own broken link;
    the same link made relative, or to a page the site has, is ours."""
    write(
        site / "jekyll-content.json",
        json.dumps({POST: '<img src="/blog/gone.png"><a href="/blog/about/">a</a>'}),
    )
    out = tmp_path / "out"
    _complete_output(site, out)
    links = '<img src="/blog/gone.png"><img src="gone.png"><a href="/blog/about/">a</a>'
    write(out / "2020/01/01/hello.html", page("Hello", links))
    report = site_check().check_site(site, out)
    assert (report.links_ok, report.links_as_jekyll, report.links) == (1, 1, 4)
    assert sorted(f.target for f in report.failures) == [
        "a href=/blog/about/",
        "img src=gone.png",
    ]


def test_the_command_line(site, tmp_path, capsys):
    out = tmp_path / "out"
    _complete_output(site, out)
    main = site_check().main
    assert main([str(site), "--out", str(out), "--check"]) == 0
    assert "| site | 1 / 1 | 2 / 2 | 0 | 7 / 7 | yes |" in capsys.readouterr().out
    (out / ".nojekyll").unlink()
    assert main([str(site), "--out", str(out), "--check", "--json"]) == 1
    (figures,) = json.loads(capsys.readouterr().out)
    assert figures["passed"][".nojekyll"] is False
    assert figures["failures"] == [
        {
            "check": ".nojekyll",
            "why": "not in the output",
            "count": 1,
            "first": [
                {
                    "check": ".nojekyll",
                    "why": "not in the output",
                    "page": ".nojekyll",
                    "target": "",
                }
            ],
        }
    ]
    assert main([str(site), "--out", str(out)]) == 0
