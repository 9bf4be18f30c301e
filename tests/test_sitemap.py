"""``sitemap.xml`` and ``robots.txt`` as jekyll-sitemap writes them (tests/roots/test-updated
with jekyll-sitemap), or sphinx-sitemap's alone when it is in ``extensions``."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import copy_root, warnings_of

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def with_sitemap(tmp_path, extra: str = ""):
    srcdir = copy_root("updated", tmp_path)
    config = srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8") + "  - jekyll-sitemap\n" + extra, "utf-8")
    return srcdir


def entries(app) -> dict[str, str | None]:
    root = ET.parse(app.outdir / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_every_post_and_page_at_its_jekyll_url_with_its_lastmod(make_app, tmp_path):
    srcdir = with_sitemap(tmp_path)
    (srcdir / "hidden.md").write_text("---\ntitle: Hidden\nsitemap: false\n---\nx\n", "utf-8")
    (srcdir / "about.md").write_text(
        "---\ntitle: About\nlast_modified_at: 2020-02-02\n---\nx\n", "utf-8"
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    found = entries(app)
    assert found["https://example.org/2018/05/18/edited.html"] == "2019-03-04T10:00:00+00:00"
    # Without a commit, jekyll-last-modified-at takes the file's time: some date.
    assert found["https://example.org/2018/05/19/committed.html"]
    assert found["https://example.org/about.html"] == "2020-02-02T00:00:00+00:00"
    assert found["https://example.org/index.html"] is None
    assert not any("hidden" in loc or "search" in loc or "genindex" in loc for loc in found)
    robots = (app.outdir / "robots.txt").read_text("utf-8")
    assert robots == "Sitemap: https://example.org/sitemap.xml\n"


def test_a_sites_own_robots_txt_is_kept(make_app, tmp_path):
    srcdir = with_sitemap(tmp_path)
    (srcdir / "robots.txt").write_text("User-agent: *\nDisallow:\n", "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert (app.outdir / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow:\n"


def test_without_the_plugin_there_is_no_sitemap(make_app, tmp_path):
    app = make_app("html", srcdir=copy_root("updated", tmp_path))
    app.build()
    assert not (app.outdir / "sitemap.xml").exists()


def test_sphinx_sitemap_writes_the_only_sitemap(make_app, tmp_path):
    pytest.importorskip("sphinx_sitemap")
    srcdir = with_sitemap(tmp_path)
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"extensions": ["sphinxext_jekyllposts", "sphinx_sitemap"]},
    )
    app.build()
    text = (app.outdir / "sitemap.xml").read_text("utf-8")
    assert "sphinxext-jekyllposts" not in text
    # (sphinx-sitemap lists a post at its Sphinx path, the redirect to its Jekyll URL.)
    assert "2018-05-18-edited.html" in text


def test_without_a_base_url_it_warns_once(make_app, tmp_path):
    srcdir = with_sitemap(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace('html_baseurl = "https://example.org/"\n', ""), "utf-8"
    )
    config = srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8").replace("url: https://example.org\n", ""), "utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app).count("jekyll-sitemap: no sitemap.xml is written") == 1
    assert not (app.outdir / "sitemap.xml").exists()
