"""Writes and names (issue 12): every file the extension writes, and every name
it derives from a post, survives long names, odd characters and write failures
with a warning naming the post; a failed write never deletes a good file; a URL
claimed twice goes to whom Jekyll serves there; an incremental build removes
what a deleted post left."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOTS, build_once, copy_root, page_file, served, warnings_of

from sphinxext_jekyllposts import output

CONF = (
    'extensions = ["sphinxext_jekyllposts"]\n'
    'project = "Writes"\n'
    'html_baseurl = "https://example.org/"\n'
    "jekyllposts_jekyll_urls = True\n"
)
#: Posts at their Jekyll URLs, and the mode with redirect pages at the Jekyll URLs.
MODES = pytest.mark.parametrize("urls", [True, "redirect"], ids=["at-urls", "redirect-mode"])


def make_site(
    tmp_path: Path, posts: dict[str, str], config: str = "title: Writes\n", urls: object = True
) -> Path:
    """A tiny site: ``conf.py``, ``_config.yml``, an index and ``posts``."""
    srcdir = tmp_path / "site"
    (srcdir / "_posts").mkdir(parents=True)
    conf = CONF.replace("jekyllposts_jekyll_urls = True", f"jekyllposts_jekyll_urls = {urls!r}")
    (srcdir / "conf.py").write_text(conf, "utf-8")
    (srcdir / "_config.yml").write_text(config, "utf-8")
    (srcdir / "index.md").write_text("# Home\n", "utf-8")
    for name, text in posts.items():
        (srcdir / "_posts" / name).write_text(text, "utf-8")
    return srcdir


def post(title: str, *lines: str) -> str:
    return "\n".join(["---", f"title: {title}", *lines, "---", f"Body of {title}.", ""])


def warning_lines(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "WARNING" in line]


def redirect_target(path: Path) -> str:
    """Where a redirect page sends the reader."""
    return re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', path.read_text("utf-8"))[1]


def leads_to(path: Path) -> Path:
    """The file the redirect page at ``path`` sends the reader to."""
    target = urllib.parse.unquote(redirect_target(path))
    found = path.parent / target
    return (found / "index.html" if target.endswith("/") else found).resolve()


def is_the_page_of(app, path: Path, docname: str) -> bool:
    """Whether ``path`` is ``docname``'s page itself (no redirect)."""
    text = path.read_text("utf-8")
    return "Redirecting" not in text and page_file(app, docname).resolve() == path.resolve()


def listed(page: Path) -> list[str]:
    """The titles a page's post list shows."""
    html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return [a.get_text() for a in html.select(".jekyllposts-post-list a")]


def files_of(outdir: Path) -> set[str]:
    return {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()}


@contextlib.contextmanager
def unwritable(file: Path):
    """``file`` made so that it cannot be replaced: immutable (as root, who
    ignores permissions) or in a read-only folder; skips where neither works."""
    if not hasattr(os, "geteuid"):
        pytest.skip("no POSIX permissions here")
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(file)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("chattr +i does not work here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(file)], check=True)
    else:
        mode = file.parent.stat().st_mode
        file.parent.chmod(0o555)
        try:
            yield
        finally:
            file.parent.chmod(mode)


# Long names


@MODES
def test_a_url_of_three_hundred_categories_warns_at_its_line_and_the_post_builds(
    make_app, tmp_path, urls
):
    words = " ".join(f"category-{n:05d}" for n in range(300))  # 4,500 bytes of folders
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-many.md": post(
                "Many", "permalink: /:categories/:title/", f"categories: {words}"
            ),
            "2020-01-02-other.md": post("Other", "redirect_from: [/other-old/]"),
        },
        urls=urls,
    )
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("jekyllposts_category_dir = None\njekyllposts_tag_dir = None\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1, warnings
    if urls is True:
        expected = (
            r"_posts/2020-01-01-many\.md:3: WARNING: the Jekyll URL "
            r"'/category-00000/category-00001/.*' cannot be this post's address: its path "
            r"would be \d+ bytes; file systems allow 4095; the post is written at its Sphinx "
            r"path \[jekyllposts\.permalink\]"
        )
    else:
        expected = (
            r"_posts/2020-01-01-many\.md:3: WARNING: '/category-00000/category-00001/.*' is no "
            r"valid file name: its path would be \d+ bytes; file systems allow 4095; no redirect "
            r"is written \(the post is still at its own page\) \[jekyllposts\.permalink\]"
        )
    assert re.search(expected, warnings[0])
    assert len(warnings[0]) < 500  # the URL is shortened in the message
    assert "Traceback" not in warnings_of(app)
    assert is_the_page_of(
        app, app.outdir / "_posts" / "2020-01-01-many.html", "_posts/2020-01-01-many"
    )
    assert not (app.outdir / "category-00000").exists()
    assert (app.outdir / "other-old" / "index.html").is_file()  # the others are written


@MODES
def test_a_name_that_is_too_long_only_with_html_added_is_refused_whole(make_app, tmp_path, urls):
    # /x…x (252 bytes) is written by Jekyll as x…x.html (257 bytes): no page can
    # be there. In the redirect mode it is served as x…x/index.html and x…x.html:
    # the URL gets no redirect at all, rather than half of one.
    srcdir = make_site(
        tmp_path, {"2020-01-01-a.md": post("A", "permalink: /" + "x" * 252)}, urls=urls
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    problem = "cannot be this post's address" if urls is True else "is no valid file name"
    assert re.search(
        rf"2020-01-01-a\.md:3: WARNING: .* {problem}: a name in it would be 257 bytes; "
        r"file systems allow 255",
        warnings_of(app),
    )
    assert len(warning_lines(app)) == 1
    assert not (app.outdir / ("x" * 252)).exists()
    assert is_the_page_of(app, app.outdir / "_posts" / "2020-01-01-a.html", "_posts/2020-01-01-a")


def test_a_plain_tag_name_too_long_for_a_file_gets_its_slug_as_feed_name(make_app, tmp_path):
    tag = "t" * 300
    srcdir = make_site(
        tmp_path,
        {"2020-01-01-a.md": post("A", f"tags: [{tag}]")},
        config="title: Writes\nfeed:\n  tags: true\n",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warning_lines(app) == []
    (feed,) = (app.outdir / "feed" / "by_tag").iterdir()
    assert feed.name.startswith("t" * 100)
    assert len(feed.name.encode()) <= 255
    assert f'term="{tag}"' in feed.read_text("utf-8")


# File names Sphinx cannot use


def test_a_post_file_name_of_255_bytes_is_skipped_with_a_warning(make_app, tmp_path):
    long_name = "2020-01-01-" + "a" * 241 + ".md"
    fits = "2020-01-02-" + "b" * 236 + ".md"  # 250 bytes: docname + ".doctree" is 255
    srcdir = make_site(
        tmp_path,
        {long_name: post("Too long"), fits: post("Fits"), "2020-01-03-c.md": post("C")},
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1, warnings
    assert (
        f"_posts/{long_name}:1: WARNING: the file name is 255 bytes; Sphinx needs the page's "
        in (warnings[0])
    )
    assert "'.doctree' in at most 255 bytes (it would be 260): the post is skipped" in warnings[0]
    assert warnings[0].endswith("[jekyllposts.write]")
    assert (app.outdir / "_posts" / (fits.removesuffix(".md") + ".html")).is_file()
    assert (app.outdir / "_posts" / "2020-01-03-c.html").is_file()
    index = (app.outdir / "year" / "2020.html").read_text("utf-8")
    assert "Fits" in index
    assert "Too long" not in index  # no listing links to it
    assert "Too long" not in (app.outdir / "feed.xml").read_text("utf-8")


# paginate_path


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (r'"/page\0:num/"', "has a control character, '\\x00'"),
        (r'"/page\x01:num/"', "has a control character, '\\x01'"),
        ('"../../page:num/"', "must be a path inside the site folder"),
        ('"/blog/../../page:num/"', "must be a path inside the site folder"),
        ('"C:/page:num"', "must be a path inside the site folder"),
        ('"/pa\\\\ge:num"', "must be a path inside the site folder"),
        ('"/' + "p" * 300 + ':num/"', "a name in it is 305 bytes"),
        ('"/' + "/".join(["p" * 100] * 12) + '/:num/"', "is longer than 1024 bytes"),
        ("/page/", "must contain ':num'"),
        ("[1, 2]", "must be text"),
    ],
)
def test_a_bad_paginate_path_warns_at_its_line_and_the_default_is_used(
    make_app, tmp_path, value, reason
):
    posts = {f"2020-01-0{n}-p{n}.md": post(f"P{n}") for n in range(1, 6)}
    srcdir = make_site(
        tmp_path, posts, config=f"title: Writes\npaginate: 2\npaginate_path: {value}\n"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 1, warnings
    assert f"_config.yml:3: WARNING: paginate_path: {reason}" in warnings[0]
    assert warnings[0].endswith("; the default, 'page:num', is used [jekyllposts.config]"), (
        warnings[0]
    )
    assert [p.name for p in sorted(app.outdir.glob("page*.html"))] == [
        "page1.html",
        "page2.html",
        "page3.html",
    ]
    assert not any("\x00" in p.name or "\x01" in p.name for p in app.outdir.rglob("*"))


def test_a_paginate_path_in_a_folder_from_conf_py_is_taken(make_app, tmp_path):
    posts = {f"2020-01-0{n}-p{n}.md": post(f"P{n}") for n in range(1, 4)}
    srcdir = make_site(tmp_path, posts, config="title: Writes\npaginate: 2\n")
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"jekyllposts_paginate_path": "/blog/p:num/"}
    )
    app.build()
    assert warning_lines(app) == []
    assert (app.outdir / "blog" / "p1.html").is_file()
    assert (app.outdir / "blog" / "p2" / "index.html").is_file()  # jekyll-paginate's /blog/p2/


# Failed writes


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"the good feed")
    messages = []
    monkeypatch.setattr(output, "warn", lambda message, *_, **kw: messages.append((message, kw)))

    class _DiskFull(io.BytesIO):
        def write(self, data):
            super().write(data[:3])  # part of it, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_fdopen = os.fdopen

    def fdopen(descriptor, *args, **kwargs):
        real_fdopen(descriptor, *args, **kwargs).close()
        return _DiskFull()

    monkeypatch.setattr(output.os, "fdopen", fdopen)
    written = output.write_if_changed(
        target, b"a new feed", what="a feed", location=("_posts/a", 3)
    )
    assert written is False
    assert target.read_bytes() == b"the good feed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.xml"]
    ((message, keywords),) = messages
    assert message.startswith(f"a feed cannot be written at {target}: No space left on device")
    assert keywords["location"] == ("_posts/a", 3)


def test_a_written_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    assert output.write_if_changed(target, b"new", what="a page")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_feed_path_taken_by_a_folder_warns_and_the_other_feeds_are_written(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    (srcdir / "_build" / "html" / "feed" / "技术.xml").mkdir(parents=True)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "feed path 'feed/技术.xml' is not a file the feed may be written to" in warnings_of(app)
    assert "Traceback" not in warnings_of(app)
    assert (app.outdir / "feed.xml").is_file()
    assert (app.outdir / "feed" / "by_tag" / "xml.xml").is_file()


def test_a_feed_that_cannot_be_written_is_kept_and_written_on_the_next_build(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    feed = first.outdir / "feed" / "by_tag" / "xml.xml"
    good = feed.read_bytes()
    hostile = srcdir / "_posts" / "2020-01-01-hostile.md"
    hostile.write_text(hostile.read_text("utf-8").replace("Second.", "Second, edited."), "utf-8")
    with unwritable(feed):
        failed = build_once(make_app, srcdir)
        assert feed.read_bytes() == good  # the good feed is neither truncated nor deleted
    assert re.search(
        r"WARNING: a feed cannot be written at \S+/feed/by_tag/xml\.xml: .*; it is left as it was "
        r"and written again on the next build \[jekyllposts\.write\]",
        warnings_of(failed),
    )
    records = json.loads((Path(failed.doctreedir) / "jekyllposts-written.json").read_text("utf-8"))
    record = records[f"html:{failed.outdir}"]["feeds"]
    assert "feed/by_tag/xml.xml" in record  # still ours: not removed as stale
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert b"Second, edited." in feed.read_bytes()
    assert not list(feed.parent.glob(".jekyllposts-*"))


def test_a_folder_in_the_way_of_a_redirect_page_warns_at_the_post(make_app, tmp_path):
    srcdir = make_site(tmp_path, {"2020-01-01-a.md": post("A", "redirect_from: [/old.html]")})
    (srcdir / "_build" / "html" / "old.html").mkdir(parents=True)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert re.search(
        r"_posts/2020-01-01-a\.md:3: WARNING: a redirect page cannot be written at \S+old\.html: "
        r"Is a directory; it is left as it was and written again on the next build "
        r"\[jekyllposts\.write\]",
        warnings_of(app),
    )
    assert (app.outdir / "old.html").is_dir()
    assert leads_to(app.outdir / "old" / "index.html") == page_file(app, "_posts/2020-01-01-a")
    assert not list(app.outdir.glob(".jekyllposts-*"))


def test_a_redirect_page_that_cannot_be_written_is_kept_and_retried(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    page = first.outdir / "very-old.html"
    good = page.read_bytes()
    moved = srcdir / "_posts" / "2020-02-01-updated.md"
    moved.rename(srcdir / "_posts" / "2020-02-02-updated.md")  # the redirect's target moves
    with unwritable(page):
        failed = build_once(make_app, srcdir)
        assert page.read_bytes() == good
    assert re.search(
        r"2020-02-02-updated\.md:5: WARNING: a redirect page cannot be written at "
        r"\S+very-old\.html",
        warnings_of(failed),
    )
    again = make_app("html", srcdir=srcdir)
    again.build()  # what failed is written now, though no post changed since
    assert leads_to(page) == page_file(again, "_posts/2020-02-02-updated").resolve()


def test_a_generated_page_source_that_cannot_be_written_is_kept_and_the_page_built(
    make_app, tmp_path
):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    source = Path(first.doctreedir) / "jekyllposts-pages" / "category" / "技术.md"
    (srcdir / "_posts" / "2020-05-01-new.md").write_text(post("New", "categories: [技术]"), "utf-8")
    with unwritable(source):
        failed = build_once(make_app, srcdir)
    assert re.search(
        r"WARNING: category/技术: the generated page cannot be written: .*; the last build's "
        r"is kept \[jekyllposts\.write\]",
        warnings_of(failed),
    )
    assert "Traceback" not in warnings_of(failed)
    # The source kept is the last build's; the list itself is made when the page is written.
    assert listed(failed.outdir / "category" / "技术.html")[:2] == ["New", "Updated later"]
    again = build_once(make_app, srcdir)
    assert "cannot be written" not in warnings_of(again)
    assert "2020-05-01-new" in source.read_text("utf-8")


# Who gets a URL claimed twice


@MODES
def test_a_post_wins_its_url_over_an_older_posts_redirect_from(make_app, tmp_path, urls):
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-older.md": post("Older", "redirect_from: [/2020/02/02/newer.html]"),
            "2020-02-02-newer.md": post("Newer"),
        },
        urls=urls,
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert (
        "_posts/2020-01-01-older.md:3: WARNING: redirect_from '/2020/02/02/newer.html' is the URL "
        "of _posts/2020-02-02-newer.md; as in Jekyll, the post is served there and this "
        "redirect is not written [jekyllposts.permalink]"
    ) in warnings_of(app)
    assert len(warning_lines(app)) == 1
    newer = page_file(app, "_posts/2020-02-02-newer").resolve()
    for name in ("2020/02/02/newer.html", "2020/02/02/newer/index.html"):
        path = app.outdir / name
        assert is_the_page_of(app, path, "_posts/2020-02-02-newer") or leads_to(path) == newer
    if urls is True:  # the post is at its URL, whose other form sends there
        assert (app.outdir / "2020/02/02/newer.html").resolve() == newer


@MODES
def test_a_post_wins_its_url_over_a_newer_posts_redirect_from(make_app, tmp_path, urls):
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-older.md": post("Older"),
            "2020-02-02-newer.md": post("Newer", "redirect_from: /2020/01/01/older.html"),
        },
        urls=urls,
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert (
        "_posts/2020-02-02-newer.md:3: WARNING: redirect_from '/2020/01/01/older.html' is the URL "
        "of _posts/2020-01-01-older.md"
    ) in warnings_of(app)
    older = app.outdir / "2020/01/01/older.html"
    if urls is True:
        assert is_the_page_of(app, older, "_posts/2020-01-01-older")
        assert leads_to(app.outdir / "2020/01/01/older/index.html") == older.resolve()
    else:
        assert redirect_target(older).endswith("_posts/2020-01-01-older.html")


def two_posts_per_url() -> dict[str, str]:
    """Two URLs, each of two posts; on one day, the later file name is the
    later post (Jekyll's order)."""
    return {
        "2020-01-01-first.md": post("First", "permalink: /same/"),
        "2020-02-02-second.md": post("Second", "permalink: /same/"),
        "2020-03-03-b.md": post("B", "permalink: /day/"),
        "2020-03-03-a.md": post("A", "permalink: /day/"),
    }


def test_of_two_posts_with_one_url_the_earlier_has_it_and_the_later_its_sphinx_path(
    make_app, tmp_path
):
    srcdir = make_site(
        tmp_path,
        two_posts_per_url(),
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert (
        "_posts/2020-02-02-second.md:3: WARNING: the Jekyll URL '/same/' cannot be this post's "
        "address: same/index.html is also the page of _posts/2020-01-01-first.md; the post is "
        "written at its Sphinx path [jekyllposts.permalink]"
    ) in warnings
    assert (
        "_posts/2020-03-03-b.md:3: WARNING: the Jekyll URL '/day/' cannot be this post's "
        "address: day/index.html is also the page of _posts/2020-03-03-a.md"
    ) in warnings
    assert len(warning_lines(app)) == 2
    assert is_the_page_of(app, app.outdir / "same" / "index.html", "_posts/2020-01-01-first")
    assert is_the_page_of(app, app.outdir / "day" / "index.html", "_posts/2020-03-03-a")
    for later in ("_posts/2020-02-02-second", "_posts/2020-03-03-b"):
        assert is_the_page_of(app, app.outdir / f"{later}.html", later)


def test_of_two_posts_with_one_url_the_later_is_served_as_in_jekyll(make_app, tmp_path):
    srcdir = make_site(
        tmp_path,
        two_posts_per_url(),
        urls="redirect",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert (
        "_posts/2020-02-02-second.md:3: WARNING: '/same/' is also the URL of "
        "_posts/2020-01-01-first.md; this post is served there, as Jekyll serves the later of "
        "two posts with one URL [jekyllposts.permalink]"
    ) in warnings
    assert (
        "_posts/2020-03-03-b.md:3: WARNING: '/day/' is also the URL of _posts/2020-03-03-a.md"
        in (warnings)
    )
    assert redirect_target(app.outdir / "same" / "index.html") == "../_posts/2020-02-02-second.html"
    assert redirect_target(app.outdir / "day" / "index.html") == "../_posts/2020-03-03-b.html"


def test_of_two_redirect_from_the_later_posts_is_written(make_app, tmp_path):
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-first.md": post("First", "redirect_from: [/old/]"),
            "2020-02-02-second.md": post("Second", "redirect_from: [/old/]"),
        },
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert (
        "_posts/2020-02-02-second.md:3: WARNING: redirect_from '/old/' is also in the "
        "redirect_from of _posts/2020-01-01-first.md"
    ) in warnings_of(app)
    second = page_file(app, "_posts/2020-02-02-second").resolve()
    assert leads_to(app.outdir / "old" / "index.html") == second


@MODES
def test_a_redirect_never_replaces_a_page_sphinx_wrote(make_app, tmp_path, urls):
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-a.md": post("A"),
            "2020-02-02-b.md": post("B", "redirect_from: [/index.html, /_posts/2020-01-01-a.html]"),
            # its own page as its URL: nothing to say
            "2020-03-03-c.md": post("C", "permalink: /_posts/2020-03-03-c.html"),
        },
        urls=urls,
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warning_lines(app)
    assert len(warnings) == 2, warnings
    assert "2020-02-02-b.md:3: WARNING: '/index.html' is the address of the page index" in (
        warnings_of(app)
    )
    assert "'/_posts/2020-01-01-a.html' is the address of the page _posts/2020-01-01-a;" in (
        warnings_of(app)
    )
    for page in ("index.html", "_posts/2020-03-03-c.html"):
        assert "Redirecting" not in (app.outdir / page).read_text("utf-8")
    a = app.outdir / "_posts" / "2020-01-01-a.html"
    if urls is True:  # A's Sphinx path (search results link it) leads to A, not to B
        assert leads_to(a) == page_file(app, "_posts/2020-01-01-a").resolve()
        assert not is_the_page_of(app, a, "_posts/2020-01-01-a")
    else:
        assert is_the_page_of(app, a, "_posts/2020-01-01-a")


@MODES
def test_a_redirect_never_replaces_a_file_sphinx_writes_beside_the_pages(make_app, tmp_path, urls):
    srcdir = make_site(
        tmp_path,
        {
            "2020-01-01-a.md": post("A", "permalink: /genindex.html"),
            "2020-02-02-b.md": post("B", "redirect_from: [/_static/basic.css, /searchindex.js]"),
        },
        urls=urls,
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    text = warnings_of(app)
    if urls is True:
        assert (
            "2020-01-01-a.md:3: WARNING: the Jekyll URL '/genindex.html' cannot be this post's "
            "address: genindex.html is a file Sphinx writes" in text
        )
        assert is_the_page_of(app, app.outdir / "_posts/2020-01-01-a.html", "_posts/2020-01-01-a")
    else:
        assert "2020-01-01-a.md:3: WARNING: '/genindex.html': genindex.html is a file this" in text
    assert "2020-02-02-b.md:3: WARNING: '/_static/basic.css': _static/basic.css is a file" in text
    assert "'/searchindex.js': searchindex.js is a file this extension did not write" in text
    for name in ("genindex.html", "_static/basic.css", "searchindex.js"):
        assert "Redirecting" not in (app.outdir / name).read_text("utf-8")


# Incremental builds


def _compare_with_a_full_build(make_app, srcdir: Path, incremental, tmp_path: Path) -> None:
    """The output of ``incremental`` equals a full build's of the same sources:
    the same files, the same content (but the search index, where Sphinx keeps
    words of removed pages with no page left)."""
    fresh = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    full = build_once(make_app, fresh)
    assert files_of(incremental.outdir) == files_of(full.outdir)
    for name in sorted(files_of(full.outdir) - {"searchindex.js"}):
        assert (incremental.outdir / name).read_bytes() == (full.outdir / name).read_bytes(), name


def test_a_deleted_post_leaves_nothing_behind(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    first = build_once(make_app, srcdir)
    out = first.outdir
    left = [
        "_posts/2020-02-01-updated.html",
        "_sources/_posts/2020-02-01-updated.md.txt",
        "old/path/index.html",
        "very-old.html",
        "category/edge-case.html",  # its only post was this one
    ]
    assert all((out / name).is_file() for name in left)
    (out / "_posts" / "mine.html").write_text("a file of yours", "utf-8")
    (srcdir / "_posts" / "2020-02-01-updated.md").unlink()
    again = build_once(make_app, srcdir)
    assert [name for name in left if (out / name).exists()] == []
    assert served(out / "_posts" / "mine.html").read_text("utf-8") == "a file of yours"  # not ours
    (out / "_posts" / "mine.html").unlink()
    _compare_with_a_full_build(make_app, srcdir, again, tmp_path)


def test_a_renamed_post_leaves_nothing_behind(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    build_once(make_app, srcdir)
    posts = srcdir / "_posts"
    (posts / "2020-03-01-中文.md").rename(posts / "2020-03-02-renamed.md")
    again = build_once(make_app, srcdir)
    assert not (again.outdir / "_posts" / "2020-03-01-中文.html").exists()
    assert (again.outdir / "_posts" / "2020-03-02-renamed.html").is_file()
    _compare_with_a_full_build(make_app, srcdir, again, tmp_path)


def test_a_page_of_yours_that_is_deleted_is_left_as_sphinx_leaves_it(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    # No front matter: a MyST document of the project, not a Jekyll page.
    (srcdir / "about.md").write_text("# About\n", "utf-8")
    first = build_once(make_app, srcdir)
    (srcdir / "about.md").unlink()
    build_once(make_app, srcdir)
    assert (first.outdir / "about.html").is_file()  # not written for a post or page: not ours


def test_a_deleted_jekyll_page_leaves_nothing_behind(make_app, tmp_path):
    srcdir = copy_root("feeds", tmp_path)
    (srcdir / "about.md").write_text("---\npermalink: /about/\n---\nAbout.\n", "utf-8")
    first = build_once(make_app, srcdir)
    assert (first.outdir / "about/index.html").is_file()
    (srcdir / "about.md").unlink()
    again = build_once(make_app, srcdir)
    assert not (again.outdir / "about/index.html").exists()
    assert not (again.outdir / "about.html").exists()  # nor the redirect at its Sphinx path
    _compare_with_a_full_build(make_app, srcdir, again, tmp_path)


def test_a_post_file_renamed_to_a_name_too_long_is_removed_from_the_output(make_app, tmp_path):
    srcdir = make_site(tmp_path, {"2020-01-01-a.md": post("A"), "2020-01-02-b.md": post("B")})
    first = build_once(make_app, srcdir)
    assert (first.outdir / "_posts" / "2020-01-01-a.html").is_file()
    (srcdir / "_posts" / "2020-01-01-a.md").rename(
        srcdir / "_posts" / ("2020-01-01-" + "a" * 241 + ".md")
    )
    again = build_once(make_app, srcdir)
    assert "the post is skipped" in warnings_of(again)
    assert not (again.outdir / "_posts" / "2020-01-01-a.html").exists()
    assert (again.outdir / "_posts" / "2020-01-02-b.html").is_file()


# The hostile corpus's posts about writes, beyond their warnings


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("hostile-writes") / "site"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    from sphinx.testing.util import SphinxTestApp  # noqa: PLC0415

    app = SphinxTestApp("html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    yield app
    app.cleanup()


def test_the_corpus_posts_with_long_urls_are_built_with_their_short_redirects(hostile):
    out = Path(hostile.outdir)
    for name in ("01-long-permalink", "02-long-redirect-from", "03-long-category-url"):
        assert (out / "_posts" / f"2019-12-{name}.html").is_file()
    assert leads_to(out / "short-old-url" / "index.html") == (
        page_file(hostile, "_posts/2019-12-02-long-redirect-from").resolve()
    )
    longest = max(len(os.fsencode(p.name)) for p in out.rglob("*"))
    assert longest <= 255


# jekyllposts new: a file name from a title


def test_new_with_a_very_long_title_writes_a_post_sphinx_can_build(tmp_path, capsys):
    from sphinxext_jekyllposts.cli import main  # noqa: PLC0415

    title = " ".join(f"word{n}" for n in range(100))
    assert main(["new", title, "--site", str(tmp_path)]) == 0
    (path,) = (tmp_path / "_posts").iterdir()
    slug = path.name[len("2020-01-01-") : -len(".md")]
    assert len(slug.encode()) <= 100
    assert slug.startswith("word0-word1-")
    assert title.replace(" ", "-").startswith(slug + "-")  # cut after a whole word
    front = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert front["title"] == title  # the title itself is whole
    assert main(["new", "Long slug", "--slug", "s" * 300, "--site", str(tmp_path)]) == 2
    assert "the file name would be 314 bytes" in capsys.readouterr().err
