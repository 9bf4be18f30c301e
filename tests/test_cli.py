"""The ``jekyllposts`` command: inspect, build and new."""

from __future__ import annotations

import argparse
import hashlib
import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import run, served, site_from

from sphinxext_jekyllposts.cli import _generated_conf, _generated_index, main
from sphinxext_jekyllposts.jekyll import (
    PostCatalog,
    SiteSettings,
    read_post,
    resolve_zone,
    settings_from_config,
)


def snapshot(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_help_reads_like_a_real_tool():
    result = run("--help")
    assert result.returncode == 0
    for command in ("inspect", "build", "serve", "new"):
        assert command in result.stdout
    assert "examples:" in result.stdout
    assert run("build", "--help").stdout.count("OUT_DIR") >= 2


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "usage: jekyllposts" in capsys.readouterr().out


def test_inspect_json_has_jekylls_fields(tmp_path, capsys):
    site = site_from("test-taxonomy", tmp_path)
    assert main(["inspect", str(site), "--json"]) == 0
    posts = {p["path"]: p for p in json.loads(capsys.readouterr().out)}
    lists = posts["_posts/2020-01-01-lists.md"]
    assert lists == {
        "path": "_posts/2020-01-01-lists.md",
        "title": "Lists",
        "date": lists["date"],
        "slug": "lists",
        "categories": ["技术", "随笔"],
        "tags": ["云计算", "OpenStack"],
        "url": "/%E6%8A%80%E6%9C%AF/%E9%9A%8F%E7%AC%94/2020/01/01/lists.html",
        "id": "/%E6%8A%80%E6%9C%AF/%E9%9A%8F%E7%AC%94/2020/01/01/lists",
        "draft": False,
        "excerpt": "List.",
    }
    assert posts["blog/_posts/2020-01-04-above.md"]["url"] == "/blog/extra/2020/01/04/above.html"


def test_inspect_reports_bad_posts_on_stderr_and_goes_on(tmp_path, capsys):
    site = site_from("test-bad-input", tmp_path)
    assert main(["inspect", str(site), "--json"]) == 0
    out, err = capsys.readouterr()
    paths = [p["path"] for p in json.loads(out)]
    assert "_posts/2020-01-08-good.md" in paths
    assert "_posts/2020-01-03-bad-date.md" in paths
    assert f"{site}/_posts/2020-01-03-bad-date.md:3: warning: date: 'not a date at all'" in err
    assert "[jekyllposts.encoding]" in err


def test_inspect_table_lists_posts_and_counts(tmp_path, capsys):
    site = site_from("test-publishing", tmp_path)
    assert main(["inspect", str(site), "--drafts"]) == 0
    out = capsys.readouterr().out
    assert "Visible" in out
    assert "A draft" in out
    assert "2 posts; 4 files in post folders not built" in out


# What a terminal acts on: C0 and C1 controls (ESC starts an escape sequence,
# U+009B is CSI) and the bidi overrides and isolates that reorder what it shows.
RAW_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_inspect_prints_no_terminal_control_from_a_post(tmp_path, capsys):
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2020-01-01-a.md").write_text(
        '---\ntitle: "T \\e]0;x\\a \\e[2J \\u202Eab \\x9B1m"\n'
        'categories: ["\\e[31mred"]\ntags: ["tab\\there", "\\u2066iso"]\n---\nBody.\n',
        "utf-8",
    )
    (posts / "2020-01-02-\x1b[2Jname.md").write_text("---\ndate: nope\n---\n", "utf-8")
    assert main(["inspect", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert not RAW_CONTROLS.search(out + err)
    assert "T \\x1b]0;x\\x07 \\x1b[2J \\u202eab \\x9b1m" in out
    assert "\\x1b[31mred" in out
    assert "tab\\there, \\u2066iso" in out
    assert "_posts/2020-01-02-\\x1b[2Jname.md:2: warning:" in err
    assert main(["inspect", str(tmp_path), "--json"]) == 0
    out = capsys.readouterr().out
    assert not RAW_CONTROLS.search(out)
    first = json.loads(out)[0]
    assert first["title"] == "T \x1b]0;x\x07 \x1b[2J \u202eab \x9b1m"
    assert first["tags"] == ["tab\there", "\u2066iso"]


def test_inspect_of_a_missing_folder_fails_clearly(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_build_without_conf_py_builds_every_post_and_writes_nothing_into_the_site(tmp_path):
    site = site_from("test-taxonomy", tmp_path)
    (site / "_config.yml").write_text("title: Taxonomy blog\ndescription: Tests.\n", "utf-8")
    before = snapshot(site)
    out = tmp_path / "out"
    result = run("build", site, out, "-W")
    assert result.returncode == 0, result.stderr
    assert snapshot(site) == before
    pages = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.html") if "_posts/" in str(p)
    )
    assert len(pages) == 6, pages
    index = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert index.find("h1").get_text().rstrip("¶") == "Taxonomy blog"
    titles = [a.get_text() for a in index.select(".jekyllposts-post-list a.jekyllposts-title")]
    assert titles[0] == "Numbers"  # newest first
    assert len(titles) == 6
    assert index.select(".toctree-wrapper a[href^='category/']")  # the category pages


def test_build_makes_the_home_page_whatever_the_sites_index_is_written_in(tmp_path):
    site = site_from("test-taxonomy", tmp_path)
    (site / "index.md").unlink(missing_ok=True)
    (site / "_config.yml").write_text("paginate: 5\nplugins: [jekyll-paginate]\n", "utf-8")
    (site / "index.html").write_text(
        "---\nlayout: page\n---\n{% for post in paginator.posts %}{% endfor %}\n", "utf-8"
    )
    (site / "about.html").write_text("---\ntitle: About\n---\n<p>Me.</p>\n", "utf-8")
    out = tmp_path / "out"
    result = run("build", site, out, "-W")
    assert result.returncode == 0, result.stderr
    assert "multiple files found" not in result.stderr
    index = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert len(index.select(".jekyllposts-post-list a.jekyllposts-title")) == 6


def test_a_site_in_its_source_folder_is_built_from_it(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "src" / "_posts").mkdir(parents=True)
    (site / "src" / "_includes").mkdir()
    (site / "_config.yml").write_text("title: Sourced\nsource: src\n", "utf-8")
    (site / "src" / "_includes" / "note.md").write_text("Included **text**.\n", "utf-8")
    (site / "src" / "_posts" / "2020-01-01-x.md").write_text(
        "---\ntitle: X\ncategories: [notes]\n---\n{% include note.md %}\n", "utf-8"
    )
    out = tmp_path / "out"
    result = run("build", site, out, "-W")
    assert result.returncode == 0, result.stderr
    post = BeautifulSoup((out / "notes/2020/01/01/x.html").read_text("utf-8"), "html.parser")
    assert "Included text." in post.get_text()
    assert not (out / "src").exists()  # src is no category
    assert main(["inspect", str(site), "--json"]) == 0
    captured = capsys.readouterr()
    assert [p["url"] for p in json.loads(captured.out)] == ["/notes/2020/01/01/x.html"]
    assert "source" not in captured.err


def test_build_reports_bad_posts_at_their_site_paths(tmp_path):
    site = site_from("test-bad-input", tmp_path)
    result = run("build", site, tmp_path / "out", "-q")
    assert result.returncode == 0
    assert f"{site}/_posts/2020-01-03-bad-date.md:3: WARNING" in result.stderr
    assert "/.jekyllposts/source/" not in result.stderr


def test_build_uses_the_sites_conf_py_when_there_is_one(tmp_path):
    site = site_from("test-seed", tmp_path, keep_conf=True)
    before = snapshot(site)
    result = run("build", site, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    assert "Seed blog" in (tmp_path / "out" / "index.html").read_text("utf-8")
    assert snapshot(site) == before


def test_build_refuses_an_output_folder_that_is_the_site(tmp_path):
    site = site_from("test-seed", tmp_path)
    result = run("build", site, site)
    assert result.returncode == 2
    assert "OUT_DIR must not be SITE_DIR" in result.stderr


@pytest.mark.parametrize("inside", ["html", "_posts/html"])
def test_build_refuses_an_output_folder_among_the_sites_files(tmp_path, inside):
    site = site_from("test-seed", tmp_path)
    before = snapshot(site)
    result = run("build", site, site / inside)
    assert result.returncode == 2
    assert "must be a folder Jekyll ignores" in result.stderr
    assert snapshot(site) == before


def test_build_stops_cleanly_when_its_conf_py_cannot_be_written(tmp_path):
    site = site_from("test-seed", tmp_path)
    out = tmp_path / "out"
    (out / ".jekyllposts" / "source" / "conf.py").mkdir(parents=True)  # in the way
    result = run("build", site, out)
    assert result.returncode == 1
    assert "conf.py cannot be written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((out / ".jekyllposts" / "source").glob(".jekyllposts-*.tmp"))


def test_build_into_an_underscore_folder_of_the_site_is_allowed(tmp_path):
    site = site_from("test-seed", tmp_path)
    before = snapshot(site)
    result = run("build", site, site / "_build", "-W")
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in snapshot(site).items() if not k.startswith("_build/")} == before
    # only once: the scan before the build does not report what Sphinx reports
    assert result.stderr.count("README") == 0


def test_new_writes_a_dated_post_jekyll_reads_back(tmp_path, capsys):
    (tmp_path / "_config.yml").write_text("timezone: Asia/Shanghai\n", "utf-8")
    argv = [
        "new",
        "技术 笔记: Hello!",
        "--site",
        str(tmp_path),
        "--category",
        "技术",
        "--tags",
        "a",
        "b",
    ]
    assert main(argv) == 0
    (path,) = (tmp_path / "_posts").iterdir()
    assert capsys.readouterr().out.strip() == str(path)
    assert path.name.endswith("-技术-笔记-hello.md")
    post = read_post(
        path,
        relative_path=f"_posts/{path.name}",
        settings=SiteSettings(),
        zone=resolve_zone("Asia/Shanghai"),
        draft=False,
    )
    assert post.title == "技术 笔记: Hello!"
    assert post.categories == ("技术",)
    assert post.tags == ("a", "b")
    assert post.date.utcoffset().total_seconds() == 8 * 3600
    assert post.problems == ()
    assert "+0800" in path.read_text("utf-8")


def test_new_never_overwrites(tmp_path, capsys):
    assert main(["new", "Same", "--site", str(tmp_path)]) == 0
    (path,) = (tmp_path / "_posts").iterdir()
    path.write_text("mine", "utf-8")
    assert main(["new", "Same", "--site", str(tmp_path)]) == 1
    assert "exists; nothing was written" in capsys.readouterr().err
    assert path.read_text("utf-8") == "mine"


@pytest.mark.parametrize("title", ["!!!", "   "])
def test_new_with_a_title_that_has_no_slug(tmp_path, title):
    status = main(["new", title, "--site", str(tmp_path)])
    if title.strip():
        assert status == 0
        assert next((tmp_path / "_posts").iterdir()).name.endswith("-post.md")
    else:
        assert status == 2


def test_the_generated_conf_py_is_made_of_the_sites_typed_settings(tmp_path):
    settings, problems = settings_from_config(
        {
            "name": "Named  blog",
            "lang": "zh-CN",
            "url": "https://example.org/",
            "baseurl": "/blog/",
            "description": "About *things*",
        }
    )
    assert problems == ()
    catalog = PostCatalog(settings=settings)
    conf = _generated_conf(catalog, argparse.Namespace(site=tmp_path, theme=None))
    # `title`, else `name`, as the feeds take it
    assert "project = 'Named blog'" in conf
    assert "html_title = 'Named blog'" in conf
    assert "copyright = 'Named blog'" in conf  # no posts, no author: the title
    assert "language = 'zh_CN'" in conf
    assert "html_baseurl = 'https://example.org/blog'" in conf
    assert _generated_index(catalog).startswith("# Named blog\n\nAbout \\*things\\*\n")
    untitled = PostCatalog(settings=settings_from_config({"url": "example.org"})[0])
    conf = _generated_conf(untitled, argparse.Namespace(site=tmp_path, theme=None))
    assert f"project = {tmp_path.name!r}" in conf
    assert "html_baseurl" not in conf
    assert "language" not in conf
    assert "html_favicon" not in conf


def test_build_looks_like_the_blog_not_like_documentation(tmp_path):
    """Tab title, footer and favicon from the site, as the blog had them."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Notes of Ann\nauthor:\n  name: Ann Lee\n")
    (site / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")
    for name in ("2019-03-01-first.md", "2024-05-02-last.md"):
        (site / "_posts" / name).write_text("---\ntitle: A post\n---\nText.\n")
    assert main(["build", str(site), str(tmp_path / "out"), "-q"]) == 0
    page = served(tmp_path / "out" / "_posts" / "2019-03-01-first.html").read_text("utf-8")
    assert "<title>A post &#8212; Notes of Ann</title>" in page
    assert "documentation</" not in page
    assert "&#169;2019–2024, Ann Lee." in page
    assert 'rel="icon" href="_static/favicon.ico"' in page.replace("../", "")


def test_inspect_renders_the_liquid_of_excerpts(tmp_path, capsys):
    """Jekyll's excerpt: ``Excerpt with Liquid: Ruby 3.2 is out.`` (``page``, an
    include, ``_data``); a block the separator cut is closed, and shows nothing."""
    site = site_from("test-liquid-tags", tmp_path)
    assert main(["inspect", str(site), "--json"]) == 0
    posts = {p["path"]: p for p in json.loads(capsys.readouterr().out)}
    assert posts["_posts/2020-01-04-excerpt.md"]["excerpt"] == (
        "Excerpt with Liquid: Ruby 3.2 is out."
    )
    assert posts["_posts/2020-01-05-captured.md"]["excerpt"] == ""
