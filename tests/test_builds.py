"""Parallel and incremental builds: the same output, and no needless re-reading."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOTS, build_once, page_file, served, warnings_of

from sphinxext_jekyllposts.state import post_pages


def status_of(app):
    """The status output without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


def _html(outdir):
    """Every page: the posts' (at their Jekyll URLs) and the redirects at their Sphinx paths."""
    return {
        path.relative_to(outdir).as_posix(): path.read_text("utf-8")
        for path in sorted(outdir.rglob("*.html"))
    }


def test_parallel_read_gives_the_same_output_and_environment(make_app, tmp_path):
    outputs = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-parallel", srcdir)
        app = make_app("html", srcdir=srcdir, parallel=jobs)
        app.build()
        assert warnings_of(app) == ""
        if jobs == 2:
            # the read really ran in worker processes, whose results were merged
            assert re.search(r"reading sources\.\.\. .*\[ *\d+%\] \S+ \.\. \S+", status_of(app))
        pages = post_pages(app.env)
        assert len(pages) == 14  # 12 generated, the seed post, a CJK file name
        seed = "_posts/2018-05-18-2018-openstack-vancouver-summit"
        cjk = "_posts/2021-03-01-中文文件名"
        files = {d: page_file(app, d).relative_to(app.outdir).as_posix() for d in (seed, cjk)}
        assert not files[seed].startswith("_posts/")  # at its Jekyll URL
        outputs[jobs] = (
            _html(app.outdir),
            {d: (p.post, p.stats) for d, p in pages.items()},
            {d: app.env.metadata[d] for d in pages},
        )
        app.cleanup()  # unregister this app's nodes before the next app
    assert outputs[1][0].keys() == outputs[2][0].keys()
    for name in outputs[1][0]:
        one = outputs[1][0][name].replace("j1", "jN")
        two = outputs[2][0][name].replace("j2", "jN")
        assert one == two, name
    assert "jekyllposts-post-header" in outputs[2][0][files[seed]]
    assert "中文文件名" in outputs[2][0][files[cjk]]
    assert outputs[1][1] == outputs[2][1]
    assert outputs[1][2] == outputs[2][2]


def _read_docs(app):
    status = app.status.getvalue()
    return status[status.find("updating environment") :].split("\n", 1)[0]


def test_a_rebuild_without_changes_reads_nothing(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    make_app("html", srcdir=srcdir).build()
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert "0 added, 0 changed, 0 removed" in _read_docs(again)
    assert "no targets are out of date" in again.status.getvalue()


def test_a_new_site_time_zone_rereads_the_posts_it_changes(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    first = make_app("html", srcdir=srcdir)
    first.build()
    (srcdir / "_config.yml").write_text("timezone: Europe/Paris\n", encoding="utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    status = again.status.getvalue()
    # no post file changed, yet every post's date did: all seven are re-read
    assert "0 added, 7 changed, 0 removed" in _read_docs(again)
    assert "2015-01-01-offset" in status
    for post in post_pages(again.env).values():
        assert post.post.date.utcoffset().total_seconds() == 3600
    html = served(again.outdir / "_posts" / "2015-01-01-offset.html").read_text("utf-8")
    assert "January 1, 2015" in html


def test_editing_one_post_rereads_only_that_post(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    make_app("html", srcdir=srcdir).build()
    post = srcdir / "_posts" / "2015-01-07-name-only.md"
    post.write_text(post.read_text("utf-8") + "\nMore.\n", encoding="utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert "0 added, 1 changed, 0 removed" in _read_docs(again)


@pytest.mark.sphinx("html", testroot="seed")
def test_extension_declares_itself_parallel_safe(app):
    ext = app.extensions["sphinxext_jekyllposts"]
    assert ext.parallel_read_safe is True
    assert ext.parallel_write_safe is True


def test_a_post_with_nan_in_its_front_matter_is_not_reread_every_time(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    (srcdir / "_posts" / "2015-01-08-nan.md").write_text("---\nscore: .nan\n---\nx\n", "utf-8")
    build_once(make_app, srcdir)
    assert "0 added, 0 changed, 0 removed" in _read_docs(build_once(make_app, srcdir))


def test_posts_jekyll_would_not_build_do_not_reread_everything(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    first = build_once(make_app, srcdir)
    assert (first.outdir / "_posts" / "2015-01-07-name-only.html").is_file()
    (srcdir / "_drafts").mkdir()
    (srcdir / "_drafts" / "idea.md").write_text("---\ntitle: Idea\n---\nx\n", "utf-8")
    (srcdir / "_posts" / "README.md").write_text("Notes.\n", "utf-8")
    (srcdir / "_posts" / "2999-01-01-later.md").write_text("---\n---\nx\n", "utf-8")
    again = build_once(make_app, srcdir)
    assert "[config changed" not in again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in _read_docs(again)
    assert warnings_of(again) == ""
    post = srcdir / "_posts" / "2015-01-07-name-only.md"
    post.write_text(
        post.read_text("utf-8").replace("---\n\n", "published: false\n---\n\n", 1), "utf-8"
    )
    third = build_once(make_app, srcdir)
    # the index (glob toctree), the post before it (its "newer" link changes),
    # and the generated page of 2015 and the year index (post counts)
    assert "0 added, 4 changed, 1 removed" in _read_docs(third)
    assert "_posts/2015-01-07-name-only" not in third.env.all_docs
    assert not (third.outdir / "_posts" / "2015-01-07-name-only.html").exists()


def test_a_file_sphinx_reads_but_jekyll_does_not_is_left_out(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-dates", srcdir)
    (srcdir / "_config.yml").write_text("markdown_ext: markdown\n", "utf-8")
    app = build_once(make_app, srcdir)
    assert not any(d.startswith("_posts/") for d in app.env.found_docs)
    assert "is not a Markdown extension (markdown_ext)" in warnings_of(app)
    assert "toc.no_title" not in warnings_of(app)


def test_listings_follow_a_retitled_post_and_a_rebuild_without_changes_writes_nothing(
    make_app, tmp_path
):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-blog", srcdir)
    build_once(make_app, srcdir)
    post = srcdir / "_posts" / "2020-12-07-post-29.md"
    post.write_text(post.read_text("utf-8").replace("Post number 29", "Renamed"), "utf-8")
    again = build_once(make_app, srcdir)
    assert "Renamed" in (again.outdir / "index.html").read_text("utf-8")  # its post-list
    unchanged = build_once(make_app, srcdir)
    assert "no targets are out of date" in unchanged.status.getvalue()


def _site_output(outdir):
    """Every file of a built site (not the doctrees), by its path."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.relative_to(outdir).parts
    }


def _edit_between_builds(srcdir):
    post = srcdir / "_posts" / "2020-12-07-post-29.md"  # the newest: in the feed
    text = post.read_text("utf-8")
    post.write_text(text.replace("Second paragraph", "Edited paragraph"), "utf-8")
    (srcdir / "_posts" / "2021-06-01-new.md").write_text(
        "---\ntitle: New\ncategories: [新分类]\ntags: [云计算]\n---\n\nA new post.\n", "utf-8"
    )
    (srcdir / "_posts" / "2017-03-25-post-26.md").unlink()


def test_two_builds_in_one_process_equal_two_in_separate_processes(tmp_path):
    """As sphinx-autobuild (or ``jekyllposts serve``) runs them: nothing of the
    first build (a catalog, a renderer, a warned tag, a folder) leaks into the second."""
    from sphinx.cmd.build import build_main  # noqa: PLC0415 (sets up logging when run)

    options = ["-q", "-b", "html", "-D", "html_baseurl=https://example.org/"]
    options += ["-D", "jekyllposts_related_posts=3"]
    outputs = {}
    for way in ("inproc", "subproc"):
        srcdir = tmp_path / way / "site"
        shutil.copytree(ROOTS / "test-blog", srcdir)
        outdir = tmp_path / way / "out"
        for build in (1, 2):
            if build == 2:
                _edit_between_builds(srcdir)
            arguments = [*options, str(srcdir), str(outdir)]
            if way == "inproc":
                assert build_main(arguments) == 0
            else:
                subprocess.run([sys.executable, "-m", "sphinx", *arguments], check=True)
        outputs[way] = _site_output(outdir)
    assert outputs["inproc"].keys() == outputs["subproc"].keys()
    assert "category/新分类.html" in outputs["inproc"]
    assert "_posts/2017-03-25-post-26.html" not in outputs["inproc"]
    for name, content in outputs["inproc"].items():
        assert content == outputs["subproc"][name], name
    assert b"Edited paragraph" in outputs["inproc"]["feed.xml"]


def test_another_builds_generated_pages_in_the_source_folder_are_not_documents(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-blog", srcdir)
    first = make_app("html", srcdir=srcdir, builddir=srcdir / "_build1")
    first.build()
    assert list((srcdir / "_build1").rglob("jekyllposts-pages/category/*.md"))
    first.cleanup()
    second = make_app("html", srcdir=srcdir, builddir=srcdir / "_build2", parallel=2)
    second.build()
    assert not [d for d in second.env.found_docs if d.startswith(("_build1/", "_build2/"))]
    assert "duplicate label" not in warnings_of(second)
    assert not list(second.outdir.rglob("jekyllposts-pages"))


def test_a_second_build_of_the_same_application_scans_the_site_again(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-blog", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    (srcdir / "_drafts").mkdir()
    (srcdir / "_drafts" / "idea.md").write_text("---\ntitle: Idea\n---\nx\n", "utf-8")
    post = srcdir / "_posts" / "2020-12-07-post-29.md"
    post.write_text(post.read_text("utf-8").replace("Post number 29", "Renamed"), "utf-8")
    app.build()  # no builder-inited this time
    assert "_drafts/idea" not in app.env.found_docs  # a draft is still not built
    assert "Renamed" in (app.outdir / "index.html").read_text("utf-8")
    assert "Traceback" not in warnings_of(app)


def test_a_retitled_post_is_renamed_in_its_neighbours_links(make_app, tmp_path):
    """The links to the older and newer post show its title: when the title
    changes, the neighbours' pages are written again (not read again)."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-blog", srcdir)
    build_once(make_app, srcdir)
    older = srcdir / "_posts" / "2020-05-13-post-4.md"
    text = older.read_text("utf-8")
    title = re.search(r"^title: (.*)$", text, re.MULTILINE)[1]
    older.write_text(text.replace(f"title: {title}", "title: A new title"), "utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    newest = served(again.outdir / "_posts" / "2020-12-07-post-29.html").read_text("utf-8")
    navigation = newest[newest.index("jekyllposts-post-navigation") :]
    assert "A new title" in navigation
    assert "_posts/2020-12-07-post-29" not in _read_docs(again)  # written, not read again
    again.cleanup()
