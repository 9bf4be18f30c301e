"""What a post may run (tests/roots/test-post-directives): by default only the
harmless directives and roles, local files only from inside the site; a site
allows more directives and roles by name, or trusts its posts entirely."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import copy_root, page, warnings_of

POST = "_posts/2021-01-01-reads-a-site-file"


def main_of(app):
    return page(app, POST).find(attrs={"role": "main"})


@pytest.mark.sphinx("html", testroot="post-directives")
def test_by_default_a_post_reads_no_file_and_runs_no_unlisted_directive(app):
    app.build()
    warnings = warnings_of(app)
    main = main_of(app)
    assert "Inside the site: included text." not in main.get_text()
    assert "```{literalinclude} ../files/inside.txt" in main.get_text()
    assert "reads-a-site-file.md:9: WARNING: the directive 'literalinclude' is not run" in warnings
    assert "reads-a-site-file.md:12: WARNING: the directive 'py:function' is not run" in warnings
    assert "Set by {{ who }}." in main.get_text()
    # A file inside the site is a download, a domain role a cross-reference.
    assert main.select_one("a.download") is not None
    assert main.select_one("code.xref.py-func") is not None


@pytest.mark.sphinx(
    "html",
    testroot="post-directives",
    confoverrides={"jekyllposts_post_directives": ["py:function"]},
)
def test_a_site_allows_more_directives_by_name(app):
    app.build()
    assert main_of(app).select_one("dl.py.function") is not None
    assert "'py:function' is not run" not in warnings_of(app)
    # File insertion stays off: only jekyllposts_trusted_posts turns it on.
    assert "Inside the site: included text." not in main_of(app).get_text()


@pytest.mark.sphinx(
    "html", testroot="post-directives", confoverrides={"jekyllposts_trusted_posts": True}
)
def test_trusted_posts_run_everything(app):
    app.build()
    main = main_of(app)
    assert "Inside the site: included text." in main.get_text()
    assert main.select_one("dl.py.function") is not None
    assert "Set by the front matter." in main.get_text()
    assert "jekyllposts.untrusted" not in warnings_of(app)


def test_a_bad_allowance_warns_and_uses_the_default(make_app, tmp_path):
    srcdir = copy_root("post-directives", tmp_path)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("jekyllposts_post_roles = [1]\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "jekyllposts_post_roles = [1]: expected a list of names" in warnings_of(app)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_symlink_out_of_the_site_or_a_fifo_is_never_copied(make_app, tmp_path):
    srcdir = copy_root("post-directives", tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_text("SECRET BESIDE THE SITE", "utf-8")
    (srcdir / "files" / "link.png").symlink_to(secret)
    os.mkfifo(srcdir / "files" / "pipe.png")
    (srcdir / "_posts" / "2021-02-01-images.md").write_text(
        "---\ntitle: Images\n---\n![link](../files/link.png)\n\n![pipe](../files/pipe.png)\n\n"
        "[pipe](../files/pipe.png)\n",
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    assert "images.md:4: WARNING: the image '../files/link.png' is outside the site" in warnings
    assert "images.md:6: WARNING: the image '../files/pipe.png' is not a regular file" in warnings
    out = app.outdir
    copied = [p.name for p in out.rglob("*") if p.is_file() and b"SECRET" in p.read_bytes()]
    assert copied == []
    assert "Traceback" not in warnings
    shutil.rmtree(srcdir / "files")
