"""```` ```mermaid ```` fences (tests/roots/test-mermaid): diagrams in posts with
``mermaid: true``, the script only on their pages; code elsewhere and in feeds.
The diagram is checked in Chromium when a local mermaid.min.js is given
(``JEKYLLPOSTS_MERMAID_JS``; ``.ci/run`` fetches it from npm)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_root, page, page_file, warnings_of

DIAGRAM = "_posts/2018-05-18-diagram"
CODE = "_posts/2018-05-19-code"
LOCAL_JS = os.environ.get("JEKYLLPOSTS_MERMAID_JS", "")
CHROMIUM = os.environ.get("JEKYLLPOSTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _build(make_app, tmp_path, **overrides):
    app = make_app("html", srcdir=copy_root("mermaid", tmp_path), confoverrides=overrides)
    app.build()
    return app


def test_a_post_with_mermaid_true_has_a_diagram_and_the_script(make_app, tmp_path):
    app = _build(make_app, tmp_path)
    assert warnings_of(app) == ""
    soup = page(app, DIAGRAM)
    diagram = soup.select_one(".jekyllposts-mermaid pre.mermaid")
    assert diagram.get_text().startswith("graph TD\n  A[Start] --> B{Is it <ok>?}")
    scripts = [s.get("src") for s in soup.find_all("script")]
    assert "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js" in scripts
    code = page(app, CODE)
    assert code.select_one(".jekyllposts-mermaid") is None
    assert "graph TD" in code.select_one("pre").get_text()
    assert "mermaid.min.js" not in str(code)
    feed = (app.outdir / "feed.xml").read_text("utf-8")
    assert "mermaid.min.js" not in feed


def test_the_option_draws_every_posts_diagrams_or_none(make_app, tmp_path):
    app = _build(make_app, tmp_path / "all", jekyllposts_mermaid=True)
    assert page(app, CODE).select_one("pre.mermaid") is not None
    app = _build(make_app, tmp_path / "none", jekyllposts_mermaid=False)
    assert page(app, DIAGRAM).select_one("pre.mermaid") is None


def test_other_builders_show_the_code(make_app, tmp_path):
    app = make_app("text", srcdir=copy_root("mermaid", tmp_path))
    app.build()
    text = (Path(app.outdir) / f"{DIAGRAM}.txt").read_text("utf-8")
    assert "A[Start] --> B{Is it <ok>?}" in text


@pytest.mark.skipif(not os.path.isfile(LOCAL_JS), reason="no local mermaid.min.js")  # noqa: PTH113
def test_the_diagram_is_drawn_in_a_browser(make_app, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    app = _build(make_app, tmp_path, jekyllposts_mermaid_js=Path(LOCAL_JS).as_uri())
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        tab = browser.new_page()
        tab.goto(page_file(app, DIAGRAM).as_uri())
        svg = tab.locator(".jekyllposts-mermaid svg")
        svg.wait_for(timeout=15000)
        labels = svg.text_content() or ""
        browser.close()
    assert "Start" in labels
    assert "Done" in labels
