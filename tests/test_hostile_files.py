"""Hostile files, set up at run time (tests/roots cannot hold them): named
pipes, symbolic links out of the site and link loops, names Sphinx cannot make
a page of. Each is not read and warns at its own path; the build ends at once,
with exit status 0 and no traceback; the other posts come out as without it;
nothing is written outside the output folder and nothing from outside the site
reaches it. Also ``jekyllposts build``'s mirror of such a site, and a lone
surrogate from ``_data`` reaching a feed."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import signal
import time
import unicodedata
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import served, warnings_of
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts import cli
from sphinxext_jekyllposts.jekyll import SiteSettings, scan_site
from sphinxext_jekyllposts.jekyll.files import RefusedFile, read_site_file
from sphinxext_jekyllposts.jekyll.liquid import load_site_data, without_surrogates

SECRET = "SECRET-FROM-OUTSIDE-THE-SITE"
GOOD = ("_posts/2020-01-01-good.md", "_posts/2020-01-02-liquid.md")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no os.mkfifo here")


class Overtime(Exception):
    """Not TimeoutError: that is an OSError, which os.walk would swallow."""


@contextlib.contextmanager
def deadline(seconds: int = 60):
    """Fail, rather than hang the test run, if a named pipe is waited on or a
    walk goes round a link loop."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(*_: object) -> None:
        raise Overtime(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def make_site(top: Path) -> Path:
    """A small site whose posts use ``_data`` and ``_includes``, and beside it a
    folder of files that must never reach the output."""
    site = top / "site"
    write(
        site / "conf.py",
        'extensions = ["sphinxext_jekyllposts"]\nproject = "Files"\nlanguage = "en"\n'
        'html_baseurl = "https://example.org/"\nhtml_sidebars = {"**": []}\n'
        "jekyllposts_post_navigation = False\n",
    )
    write(site / "index.md", "# Files\n\n```{post-list}\n```\n")
    write(site / "_config.yml", "title: Files\n")
    write(site / GOOD[0], "---\ntitle: Good\n---\nA good post.\n")
    write(
        site / GOOD[1],
        "---\ntitle: Liquid\n---\nData: {{ site.data.d.v }}.\n\n{% include ok.html %}\n",
    )
    write(site / "_data" / "d.yml", "v: from the data\n")
    write(site / "_includes" / "ok.html", "From the include.\n")
    outside = top / "outside"
    for name in ("2020-02-02-secret.md", "secret.yml", "secret.html", "secret.json"):
        write(outside / name, f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    write(outside / "secret.yml", f"v: {SECRET}\n")
    write(outside / "d.yml", f"v: {SECRET}\n")
    write(outside / "ok.html", f"{SECRET}\n")
    write(outside / "_posts" / "2020-02-03-secret.md", f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    return site


def build(srcdir: Path, **overrides) -> SphinxTestApp:
    app = SphinxTestApp(
        "html", srcdir=srcdir, status=io.StringIO(), warning=io.StringIO(), confoverrides=overrides
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def our_warnings(app, site: Path) -> set[tuple[str, int, str]]:
    """Each jekyllposts warning as (path relative to the site, line, subtype)."""
    found = set()
    for path, line, kind in re.findall(
        r"^(.*?):(\d+): WARNING: .*\[jekyllposts\.(\w+)\]$", warnings_of(app), re.M
    ):
        found.add((path.removeprefix(f"{site}/"), int(line), kind))
    return found


def main_of(app, post: str) -> str:
    page = served(Path(app.outdir) / (post.rsplit(".", 1)[0] + ".html"))
    main = BeautifulSoup(page.read_text("utf-8"), "html.parser").find(attrs={"role": "main"})
    assert main is not None, page  # the post's page, not a redirect
    return str(main)


def snapshot(folder: Path, *, skip: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for current, dirnames, filenames in os.walk(folder):
        here = Path(current)
        dirnames[:] = [d for d in dirnames if here / d != skip]
        for name in filenames:
            info = (here / name).lstat()
            found[os.fsdecode(here / name)] = (info.st_mtime_ns, info.st_size)
    return found


def output_text(folder: Path) -> str:
    return "".join(
        path.read_text("utf-8", errors="replace") for path in folder.rglob("*") if path.is_file()
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The good posts' pages, built without any hostile file."""
    site = make_site(tmp_path_factory.mktemp("reference"))
    app = build(site)
    assert our_warnings(app, site) == set()
    return {post: main_of(app, post) for post in GOOD}


# Each case: what it does to the site (given the site and the folder beside
# it), the warnings it gives, and the good posts it changes.


def fifo_post(site: Path, outside: Path) -> None:
    os.mkfifo(site / "_posts" / "2020-03-01-fifo.md")


def fifo_draft(site: Path, outside: Path) -> None:
    (site / "_drafts").mkdir()
    os.mkfifo(site / "_drafts" / "fifo.md")


def fifo_config(site: Path, outside: Path) -> None:
    (site / "_config.yml").unlink()
    os.mkfifo(site / "_config.yml")


def fifo_data(site: Path, outside: Path) -> None:
    os.mkfifo(site / "_data" / "fifo.yml")


def fifo_include(site: Path, outside: Path) -> None:
    os.mkfifo(site / "_includes" / "fifo.html")
    write(site / "_posts" / "2020-03-02-includes.md", "---\n---\n\n{% include fifo.html %}\n")


def posts_folder_out(site: Path, outside: Path) -> None:
    (site / "old").mkdir()
    (site / "old" / "_posts").symlink_to(outside)


def drafts_folder_out(site: Path, outside: Path) -> None:
    (site / "_drafts").symlink_to(outside / "_posts")


def posts_folder_to_the_root(site: Path, outside: Path) -> None:
    # Sphinx follows links while it looks for documents: it would walk the disk.
    (site / "old").mkdir()
    (site / "old" / "_posts").symlink_to(Path(os.sep))


def includes_folder_out(site: Path, outside: Path) -> None:
    for path in (site / "_includes").iterdir():
        path.unlink()
    (site / "_includes").rmdir()
    (site / "_includes").symlink_to(outside)


def data_folder_out(site: Path, outside: Path) -> None:
    for path in (site / "_data").iterdir():
        path.unlink()
    (site / "_data").rmdir()
    (site / "_data").symlink_to(outside)


def file_links_out(site: Path, outside: Path) -> None:
    (site / "_posts" / "2020-02-02-secret.md").symlink_to(outside / "2020-02-02-secret.md")
    (site / "_data" / "secret.yml").symlink_to(outside / "secret.yml")
    (site / "_includes" / "secret.html").symlink_to(outside / "secret.html")
    write(site / "_posts" / "2020-03-02-includes.md", "---\n---\n\n{% include secret.html %}\n")


def link_loops(site: Path, outside: Path) -> None:
    posts = site / "_posts"
    (posts / "2020-04-01-self.md").symlink_to("2020-04-01-self.md")
    (posts / "2020-04-02-a.md").symlink_to("2020-04-02-b.md")
    (posts / "2020-04-02-b.md").symlink_to("2020-04-02-a.md")
    (posts / "up").symlink_to("..")
    (posts / "again").symlink_to("..")  # two: Sphinx's walk would branch at every level
    (site / "_data" / "loop.yml").symlink_to("loop.yml")
    (site / "_data" / "up").symlink_to("..")
    (site / "_includes" / "loop.html").symlink_to("loop.html")
    write(site / "_posts" / "2020-03-02-includes.md", "---\n---\n\n{% include loop.html %}\n")


def posts_folder_inside(site: Path, outside: Path) -> None:
    write(site / "real" / "2020-05-01-linked.md", "---\ntitle: Linked\n---\nThrough a link.\n")
    (site / "blog").mkdir()
    (site / "blog" / "_posts").symlink_to(Path("..") / "real")
    (site / "_posts" / "2020-05-02-linked-file.md").symlink_to(
        Path("..") / "real" / "2020-05-01-linked.md"
    )


def newline_in_name(site: Path, outside: Path) -> None:
    write(site / "_posts" / "2020-06-01-new\nline.md", "---\ntitle: Newline\n---\nText.\n")


def undecodable_name(site: Path, outside: Path) -> None:
    name = os.fsdecode(b"2020-06-02-bad\xffname.md")
    write(site / "_posts" / name, "---\ntitle: Bad name\n---\nText.\n")


def decomposed_name(site: Path, outside: Path) -> None:
    name = unicodedata.normalize("NFD", "2020-06-03-été.md")
    write(site / "_posts" / name, "---\ntitle: Decomposed\n---\nText.\n")


def unknown_suffix_case(site: Path, outside: Path) -> None:
    write(site / "_posts" / "2020-06-04-mixed.mD", "---\ntitle: Mixed\n---\nMixed case.\n")
    write(site / "_posts" / "2020-06-05-upper.MARKDOWN", "---\ntitle: Upper\n---\nUpper.\n")


NFD = unicodedata.normalize("NFD", "_posts/2020-06-03-été.md")
CASES = {
    "fifo-post": (fifo_post, {("_posts/2020-03-01-fifo.md", 1, "file")}, {}),
    "fifo-draft": (fifo_draft, {("_drafts/fifo.md", 1, "file")}, {"jekyllposts_drafts": True}),
    "fifo-config": (fifo_config, {("_config.yml", 1, "file")}, {}),
    "fifo-data": (fifo_data, {("_data/fifo.yml", 1, "file")}, {}),
    "fifo-include": (fifo_include, {("_posts/2020-03-02-includes.md", 4, "include")}, {}),
    "posts-folder-out": (posts_folder_out, {("old/_posts", 1, "file")}, {}),
    "drafts-folder-out": (
        drafts_folder_out,
        {("_drafts", 1, "file")},
        {"jekyllposts_drafts": True},
    ),
    "posts-folder-to-the-root": (posts_folder_to_the_root, {("old/_posts", 1, "file")}, {}),
    "includes-folder-out": (
        includes_folder_out,
        {("_posts/2020-01-02-liquid.md", 6, "include")},
        {},
    ),
    "data-folder-out": (data_folder_out, {("_data", 1, "file")}, {}),
    "file-links-out": (
        file_links_out,
        {
            ("_posts/2020-02-02-secret.md", 1, "file"),
            ("_data/secret.yml", 1, "file"),
            ("_posts/2020-03-02-includes.md", 4, "include"),
        },
        {},
    ),
    "link-loops": (
        link_loops,
        {
            ("_posts/2020-04-01-self.md", 1, "file"),
            ("_posts/2020-04-02-a.md", 1, "file"),
            ("_posts/2020-04-02-b.md", 1, "file"),
            ("_posts/up", 1, "file"),
            ("_posts/again", 1, "file"),
            ("_data/loop.yml", 1, "file"),
            ("_data/up", 1, "file"),
            ("_posts/2020-03-02-includes.md", 4, "include"),
        },
        {},
    ),
    "posts-folder-inside": (posts_folder_inside, set(), {}),
    "newline-in-name": (newline_in_name, {("_posts/2020-06-01-new\\nline.md", 1, "file")}, {}),
    "undecodable-name": (
        undecodable_name,
        {("_posts/2020-06-02-bad\\xffname.md", 1, "file")},
        {},
    ),
    "decomposed-name": (decomposed_name, {(NFD, 1, "file")}, {}),
    "unknown-suffix-case": (unknown_suffix_case, set(), {}),
}
#: The good posts a case changes (the one whose include or data it takes away).
CHANGES = {"includes-folder-out": {GOOD[1]}, "data-folder-out": {GOOD[1]}}


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_file_warns_at_itself_and_changes_nothing_else(name, tmp_path, reference):
    setup, expected, overrides = CASES[name]
    if name.startswith("fifo") and not hasattr(os, "mkfifo"):
        pytest.skip("no os.mkfifo here")
    site = make_site(tmp_path)
    setup(site, tmp_path / "outside")
    out = site / "_build"
    before = snapshot(tmp_path, skip=out)
    start = time.monotonic()
    with deadline():
        app = build(site, **overrides)
    assert time.monotonic() - start < 30
    assert app.statuscode == 0
    assert "Traceback" not in warnings_of(app)
    assert our_warnings(app, site) == expected
    for post in set(GOOD) - CHANGES.get(name, set()):
        assert main_of(app, post) == reference[post], post
    assert SECRET not in output_text(out)
    assert snapshot(tmp_path, skip=out) == before


@needs_fifo
def test_a_named_pipe_among_the_pages_is_not_opened_by_sphinx(tmp_path):
    site = make_site(tmp_path)
    os.mkfifo(site / "about.md")  # a page, not a post: Sphinx itself would read it
    (site / "notes").mkdir()
    os.mkfifo(site / "notes" / "pipe.rst")
    with deadline():
        app = build(site)
    assert app.statuscode == 0
    assert our_warnings(app, site) == set()
    status = app.status.getvalue()
    assert f"not read: {site}/about.md: it is a named pipe (FIFO), not a regular file" in status
    assert f"not read: {site}/notes/pipe.rst:" in status


def test_a_folder_linked_inside_the_site_is_read(tmp_path):
    site = make_site(tmp_path)
    posts_folder_inside(site, tmp_path / "outside")
    app = build(site)
    out = Path(app.outdir)
    assert (
        "Through a link." in served(out / "blog" / "_posts" / "2020-05-01-linked.html").read_text()
    )
    assert "Through a link." in served(out / "_posts" / "2020-05-02-linked-file.html").read_text()


def test_a_name_sphinx_cannot_use_warns_and_leaves_no_broken_link(tmp_path):
    site = make_site(tmp_path)
    newline_in_name(site, tmp_path)
    # With navigation, the posts around it would link to the page it has not.
    app = build(site, jekyllposts_post_navigation=True)
    line = next(line for line in warnings_of(app).splitlines() if "new\\nline" in line)
    assert "line break" in line
    for page in Path(app.outdir).rglob("*.html"):
        assert "%0A" not in page.read_text("utf-8"), page


def test_every_case_variant_of_a_markdown_extension_is_built(tmp_path):
    site = make_site(tmp_path)
    unknown_suffix_case(site, tmp_path)
    app = build(site)
    out = Path(app.outdir) / "_posts"
    assert "Mixed case." in served(out / "2020-06-04-mixed.html").read_text("utf-8")
    assert "Upper." in served(out / "2020-06-05-upper.html").read_text("utf-8")


def test_a_markdown_ext_of_the_site_is_built_in_any_case(tmp_path):
    site = make_site(tmp_path)
    write(site / "_config.yml", "title: Files\nmarkdown_ext: md,TXT\n")
    write(site / "_posts" / "2020-06-06-text.txt", "---\ntitle: Text\n---\nA text post.\n")
    app = build(site)
    assert our_warnings(app, site) == set()
    assert (
        "A text post." in served(Path(app.outdir) / "_posts" / "2020-06-06-text.html").read_text()
    )
    # The suffix is this build's: the next site in the same process has none.
    other = build(make_site(tmp_path / "other"))
    assert ".txt" not in other.config.source_suffix


# The scan and the readers on their own ---------------------------------------


@needs_fifo
def test_reading_a_named_pipe_refuses_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with deadline(10), pytest.raises(RefusedFile, match="named pipe"):
        read_site_file(tmp_path / "pipe")


def test_reading_a_link_out_of_a_folder_is_refused(tmp_path):
    write(tmp_path / "outside.txt", SECRET)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "link").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(RefusedFile, match="outside the site"):
        read_site_file(tmp_path / "site" / "link", inside=os.path.realpath(tmp_path / "site"))
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(RefusedFile, match="loop"):
        read_site_file(tmp_path / "loop")


def test_the_scan_names_each_refused_file_and_folder(tmp_path):
    site = make_site(tmp_path)
    link_loops(site, tmp_path / "outside")
    posts_folder_out(site, tmp_path / "outside")
    catalog = scan_site(site, SiteSettings(timezone="UTC"))
    refused = {s.path: s for s in catalog.skipped if s.problem is not None}
    assert set(refused) == {
        "_posts/2020-04-01-self.md",
        "_posts/2020-04-02-a.md",
        "_posts/2020-04-02-b.md",
        "_posts/again",
        "_posts/up",
        "old/_posts",
    }
    assert refused["old/_posts"].folder
    assert "outside the site" in refused["old/_posts"].problem.message
    assert "(a loop)" in refused["_posts/up"].problem.message
    assert {p.title for p in catalog} == {"Good", "Liquid", "Includes"}


def test_site_data_refuses_loops_and_links_out(tmp_path):
    site = make_site(tmp_path)
    (site / "_data" / "loop.yml").symlink_to("loop.yml")
    (site / "_data" / "secret.yml").symlink_to(tmp_path / "outside" / "secret.yml")
    found = load_site_data(site)
    assert found.data == {"d": {"v": "from the data"}}
    assert {(p.path, p.kind.value) for p in found.problems} == {
        ("_data/loop.yml", "file"),
        ("_data/secret.yml", "file"),
    }


def test_lone_surrogates_in_loaded_data_become_replacement_characters():
    shared = ["\ud800"]
    data = {"a\udfff": {"list": [shared, shared, "ok"]}, "n": 1, "s": {"\udc00x"}}
    assert without_surrogates(data) == {
        "a\ufffd": {"list": [["\ufffd"], ["\ufffd"], "ok"]},
        "n": 1,
        "s": {"\ufffdx"},
    }
    deep: list[object] = []
    node = deep
    for _ in range(10_000):  # no recursion limit
        node.append([])
        node = node[0]  # type: ignore[assignment]
    node.append("\ud800")
    without_surrogates(deep)
    assert node == ["\ufffd"]


def test_a_lone_surrogate_from_data_reaches_the_feed_as_a_replacement_character(tmp_path):
    site = make_site(tmp_path)
    (site / "_data" / "u.json").write_text(
        json.dumps({"title": "T \ud800", "text": "x \udfff y"}), "utf-8"
    )
    write(site / "_posts" / "2020-07-01-data.md", "# Heading {{ site.data.u.title }}\n\n")
    write(
        site / "_posts" / "2020-07-02-body.md",
        "---\ntitle: Body\n---\nBody {{ site.data.u.text }} end.\n",
    )
    app = build(site)
    assert app.statuscode == 0
    assert "Traceback" not in warnings_of(app)
    feed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {entry.title: entry for entry in feed.entries}
    assert "Heading T \ufffd" in entries
    assert "x \ufffd y" in entries["Body"].content[0].value


# The command line's mirror ---------------------------------------------------


def hostile_site(tmp_path: Path) -> Path:
    site = make_site(tmp_path)
    (site / "conf.py").unlink()
    (site / "index.md").unlink()
    outside = tmp_path / "outside"
    file_links_out(site, outside)
    link_loops(site, outside)
    posts_folder_inside(site, outside)
    (site / "_drafts").symlink_to(outside / "_posts")
    if hasattr(os, "mkfifo"):
        os.mkfifo(site / "_posts" / "2020-03-01-fifo.md")
    return site


MIRROR_WARNINGS = {
    "_posts/2020-02-02-secret.md",
    "_data/secret.yml",
    "_includes/secret.html",
    "_posts/2020-04-01-self.md",
    "_posts/2020-04-02-a.md",
    "_posts/2020-04-02-b.md",
    "_posts/up",
    "_posts/again",
    "_data/loop.yml",
    "_data/up",
    "_includes/loop.html",
    "_drafts",
} | ({"_posts/2020-03-01-fifo.md"} if hasattr(os, "mkfifo") else set())


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "copies"])
def test_the_mirror_copies_nothing_from_outside_the_site(tmp_path, capsys, monkeypatch, hard_links):
    site = hostile_site(tmp_path)
    out = tmp_path / "out"
    if not hard_links:
        # As across file systems: os.link fails and the files are copied.
        def no_link(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EXDEV, "Invalid cross-device link")

        monkeypatch.setattr(cli.os, "link", no_link)
    before = snapshot(tmp_path, skip=out)
    with deadline():
        assert cli.main(["build", "-q", str(site), str(out)]) == 0
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    warned = set(
        re.findall(
            rf"^{re.escape(str(site))}/(.*?):1: warning: .*\[jekyllposts\.file\]$", stderr, re.M
        )
    )
    assert warned == MIRROR_WARNINGS
    assert SECRET not in output_text(out)
    assert snapshot(tmp_path, skip=out) == before
    built = out / "_posts"
    assert "A good post." in served(built / "2020-01-01-good.html").read_text("utf-8")
    assert (
        "Through a link." in served(out / "blog" / "_posts" / "2020-05-01-linked.html").read_text()
    )
    assert "Through a link." in served(built / "2020-05-02-linked-file.html").read_text("utf-8")
    # A second build, after a linked folder became a real one: nothing goes
    # through the link the mirror had.
    (site / "blog" / "_posts").unlink()
    write(site / "blog" / "_posts" / "2020-05-03-real.md", "---\ntitle: Real\n---\nReal.\n")
    with deadline():
        assert cli.main(["build", "-q", str(site), str(out)]) == 0
    mirror = out / cli.WORK_DIR / "source"
    assert sorted(p.name for p in (mirror / "real").iterdir()) == ["2020-05-01-linked.md"]
    assert not (mirror / "blog" / "_posts").is_symlink()


def test_a_site_in_a_folder_of_the_project_is_kept_out_of_its_loops(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    site = make_site(tmp_path)
    (site / "conf.py").rename(project / "conf.py")
    write(project / "index.md", "# Project\n\n```{toctree}\nnews/index\n```\n")
    site.rename(project / "news")
    site = project / "news"
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('jekyllposts_site_dir = "news"\n')
    (site / "_posts" / "up").symlink_to("..")
    (site / "_posts" / "again").symlink_to("..")
    (site / "_data" / "up").symlink_to("..")
    (site / "_includes" / "up").symlink_to(Path("..") / "..")
    with deadline():
        app = build(project)
    assert app.statuscode == 0
    assert our_warnings(app, project) == {
        ("news/_posts/up", 1, "file"),
        ("news/_posts/again", 1, "file"),
        ("news/_data/up", 1, "file"),  # when the data is read (a post uses it)
    }
    assert (
        "A good post."
        in served(Path(app.outdir) / "news" / "_posts" / "2020-01-01-good.html").read_text()
    )
    # Sphinx did not walk the loops: no page below them
    assert not list(Path(app.outdir).glob("news/_*/up/**/*.html"))
