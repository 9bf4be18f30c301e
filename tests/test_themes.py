"""The demo blog (docs/) under five popular themes, and in Chinese, checked in
a real browser: headless Chromium (Debian's ``chromium``) driven by Playwright.

Skipped, with a message saying so, only when Chromium or Playwright is missing
(``.ci/run`` installs both). Screenshots of a post page go to a temporary folder,
or to ``$JEKYLLPOSTS_SCREENSHOTS`` when set; the docs' ones are made with::

    JEKYLLPOSTS_SCREENSHOTS=docs/_static/themes python -m pytest tests/test_themes.py
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import built_root, page_file, warnings_of
from sphinx.testing.util import SphinxTestApp

DOCS = Path(__file__).parents[1] / "docs"
CHROMIUM = os.environ.get("JEKYLLPOSTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
THEMES = ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme", "sphinx_rtd_theme"]
#: Where each theme puts its site navigation.
NAVIGATION = {
    "alabaster": ".sphinxsidebar li.toctree-l1",
    "furo": ".sidebar-tree",
    "pydata_sphinx_theme": ".bd-sidebar-primary nav",
    "sphinx_book_theme": ".bd-sidebar-primary nav",
    "sphinx_rtd_theme": ".wy-menu-vertical",
}
#: How each theme with a dark mode is switched to it.
DARK_MODE = {
    "furo": "document.body.dataset.theme = 'dark'",
    "pydata_sphinx_theme": "document.documentElement.dataset.theme = 'dark'",
    "sphinx_book_theme": "document.documentElement.dataset.theme = 'dark'",
}
POST = "news/_posts/2012-03-14-layout-excerpt-generated"
OLDER = "news/_posts/2009-06-01-edge-case-many-tags"
NEWER = "news/_posts/2018-01-02-jekyll-3-7-0-released"
CHINESE_POST = "news/_posts/2018-05-18-2018-openstack-vancouver-summit"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
    )
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


def build_docs(folder: Path, **overrides) -> SphinxTestApp:
    srcdir = folder / "docs"
    shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(DOCS.parent / "CHANGELOG.md", folder)  # docs/changelog.md includes it
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        confoverrides=overrides,
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    app.build()
    return app


@pytest.fixture(scope="module", params=THEMES)
def site(request, tmp_path_factory):
    theme = request.param
    if theme != "alabaster":
        pytest.importorskip(theme)
    app = build_docs(tmp_path_factory.mktemp(theme), html_theme=theme)
    yield theme, app
    app.cleanup()


@pytest.fixture(scope="module", params=THEMES)
def comments_site(request, tmp_path_factory):
    """tests/roots/test-comments (giscus, from Chirpy's keys) in each theme."""
    theme = request.param
    if theme != "alabaster":
        pytest.importorskip(theme)
    for app in built_root("comments", tmp_path_factory, html_theme=theme):
        yield theme, app


@pytest.fixture
def page(browser):
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    yield tab
    tab.close()


def url(app, docname: str) -> str:
    """The address of ``docname``'s page (a post's is its Jekyll URL)."""
    return page_file(app, docname).as_uri()


def test_the_blog_builds_without_warnings_or_theme_error_pages(site):
    theme, app = site
    assert warnings_of(app) == ""
    for path in (Path(app.outdir) / "news").rglob("*.html"):
        assert "inheriting from" not in path.read_text("utf-8"), (theme, path)


def test_a_post_shows_its_title_date_categories_tags_and_neighbours(site, page):
    theme, app = site
    page.goto(url(app, POST))
    title = page.locator("h1:visible").first
    assert title.inner_text().startswith("Layout: Excerpt (Generated)")
    header = page.locator(".jekyllposts-post-header")
    assert header.is_visible()
    assert "March 14, 2012" in header.inner_text()
    for name in ("Layout", "Uncategorized", "content", "excerpt", "layout"):
        link = header.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), (theme, name)
    shots = Path(os.environ.get("JEKYLLPOSTS_SCREENSHOTS") or app.outdir)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{theme}.png"))
    for selector, target, title in (
        (".jekyllposts-older a", OLDER, "Edge Case: Many Tags"),
        (".jekyllposts-newer a", NEWER, "Jekyll 3.7.0 Released"),
    ):
        page.goto(url(app, POST))
        link = page.locator(selector)
        assert link.is_visible(), (theme, selector)
        link.click()
        page.wait_for_load_state()
        assert page.url == url(app, target)
        assert page.locator("h1:visible").first.inner_text().startswith(title)


def test_the_listing_shows_the_posts_and_links_to_them(site, page):
    theme, app = site
    page.goto(url(app, "news/index"))
    titles = page.locator("ul.jekyllposts-post-list").first.locator("a.jekyllposts-title")
    assert titles.count() == 3
    assert all(titles.nth(i).is_visible() for i in range(3)), theme
    first = titles.nth(0).inner_text()
    titles.nth(0).click()
    page.wait_for_load_state()
    assert page.locator("h1:visible").first.inner_text().startswith(first)


def test_the_category_toctree_is_in_the_theme_navigation(site, page):
    theme, app = site
    page.goto(url(app, POST))
    navigation = page.locator(NAVIGATION[theme]).locator("a[href*='category/']")
    visible = {
        re.sub(r"\s*\(\d+\)$", "", navigation.nth(i).inner_text().strip())
        for i in range(navigation.count())
        if navigation.nth(i).is_visible()
    }
    assert {"Layout", "release", "Uncategorized"} <= visible, (theme, visible)


def test_a_posts_category_is_the_current_entry_of_the_navigation(site, page):
    theme, app = site
    page.goto(url(app, POST))
    current = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + ' a')]
        .filter(a => a.closest('li.current, li.active') === a.parentElement.closest('li')
                     && a.closest('li').matches('.current, .active') && a.offsetParent !== null)
        .map(a => [a.innerText.trim(), a.href])""",
        NAVIGATION[theme].split(" li")[0],
    )
    # The post's page shows its (first) category's page as where the reader is,
    # with a working link to it.
    assert current, theme
    text, href = current[-1]
    assert re.sub(r"\s*\(\d+\)$", "", text) == "Layout", (theme, current)
    page.goto(href)
    assert page.locator("h1:visible").first.inner_text().startswith("Layout")


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def test_the_post_header_is_readable_in_dark_mode(site, page):
    theme, app = site
    if theme not in DARK_MODE:
        pytest.skip(f"{theme} has no dark mode")
    page.goto(url(app, POST))
    page.evaluate(DARK_MODE[theme])
    colours = page.evaluate(
        """() => {
        const header = document.querySelector('.jekyllposts-post-header');
        let node = header, background = 'rgba(0, 0, 0, 0)';
        while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
          background = getComputedStyle(node).backgroundColor; node = node.parentElement;
        }
        return [getComputedStyle(header).color, background];
        }"""
    )
    text, background = (_luminance(c) for c in colours)
    assert _luminance(colours[1]) < 0.2, colours  # the theme is dark
    contrast = (max(text, background) + 0.05) / (min(text, background) + 0.05)
    assert contrast >= 4.5, (theme, colours)


def test_the_comments_come_after_the_post_in_its_column(comments_site, page):
    theme, app = comments_site
    # (Its warnings are test_comments.py's: here another theme's app may be alive.)
    page.route("http*://**", lambda route: route.abort())  # giscus.app is not reached
    page.goto(url(app, "_posts/2018-05-18-hello"))
    block = page.locator(".jekyllposts-comments")
    assert block.is_visible(), theme
    assert block.locator(".rubric").inner_text().strip() == "Comments"
    assert block.locator("div.giscus").count() == 1
    last = page.get_by_text("The last paragraph of the post.").bounding_box()
    box = block.bounding_box()
    assert box["y"] >= last["y"] + last["height"], theme
    assert box["x"] < last["x"] + last["width"], theme  # the same column
    assert last["x"] < box["x"] + box["width"], theme
    in_main = page.evaluate(
        """() => !!document.querySelector('.jekyllposts-comments')
        .closest('[role=main], main, article, div.body')"""
    )
    assert in_main, theme
    # Every theme writes the head the extension gives it: SEO's JSON-LD (Chirpy's
    # keys turn it on) and the analytics snippet.
    data = page.evaluate(
        "() => JSON.parse(document.head.querySelector('script[type=\"application/ld+json\"]').text)"
    )
    assert data["@type"] == "BlogPosting", theme
    assert page.locator('head script[src*="gtag/js?id=G-THEMES"]').count() == 1, theme
    shots = Path(os.environ.get("JEKYLLPOSTS_SCREENSHOTS") or app.outdir)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"comments-{theme}.png"), full_page=True)
