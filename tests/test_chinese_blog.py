"""The demo blog (docs/) in Simplified Chinese, checked in a real browser:
Chinese labels and dates, and Sphinx's search finding a post by a Chinese word.

Apart from tests/test_themes.py so that the two builds never overlap."""

from __future__ import annotations

import pytest
from conftest import warnings_of
from test_themes import CHINESE_POST, browser, build_docs, page, url

__all__ = ["browser", "page"]  # fixtures


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    app = build_docs(tmp_path_factory.mktemp("zh"), html_theme="alabaster", language="zh_CN")
    yield app
    app.cleanup()


def test_the_chinese_blog_has_chinese_labels_and_dates(chinese, page):
    assert warnings_of(chinese) == ""
    page.goto(url(chinese, CHINESE_POST))
    header = page.locator(".jekyllposts-post-header")
    assert header.is_visible()
    text = header.inner_text()
    assert "发布于" in text
    assert "2018年5月18日" in text
    assert "分类" in text
    assert "阅读约" in text
    older = page.locator(".jekyllposts-older")
    assert "上一篇" in older.inner_text()


def test_search_finds_a_chinese_post_by_a_chinese_word(chinese, page):
    pytest.importorskip("jieba", reason="Sphinx splits Chinese into words with jieba")
    page.goto(url(chinese, "search") + "?q=温哥华")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(CHINESE_POST in (href or "") for href in hrefs), hrefs


def test_the_chinese_build_passes_the_theme_checks(chinese, page):
    page.goto(url(chinese, CHINESE_POST))
    assert page.locator("h1:visible").first.inner_text().startswith("一个 openstack 老兵")
    header = page.locator(".jekyllposts-post-header")
    assert header.get_by_role("link", name="技术", exact=True).is_visible()
    for selector, target in (
        (".jekyllposts-older a", "news/_posts/2018-01-02-jekyll-3-7-0-released"),
        (".jekyllposts-newer a", "news/_posts/2019-08-19-jekyll-4-0-0-released"),
    ):
        page.goto(url(chinese, CHINESE_POST))
        link = page.locator(selector)
        assert link.is_visible()
        link.click()
        page.wait_for_load_state()
        assert page.url == url(chinese, target)
    page.goto(url(chinese, "news/index"))
    titles = page.locator("ul.jekyllposts-post-list").first.locator("a.jekyllposts-title")
    assert titles.count() == 3
    assert all(titles.nth(i).is_visible() for i in range(3))
    navigation = page.locator(".sphinxsidebar li.toctree-l1 a[href*='category/']")
    assert any(navigation.nth(i).is_visible() for i in range(navigation.count()))
