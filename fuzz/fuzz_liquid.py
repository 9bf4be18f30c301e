"""Fuzz the Liquid renderer (Jekyll's tags and filters on python-liquid) and the
kramdown rules with any post body.

    pip install atheris
    python fuzz/fuzz_liquid.py -max_total_time=300

The renderer reports every problem as a record; any exception is a crash, and so
is a line map that does not match the text.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from markdown_it import MarkdownIt

    from sphinxext_jekyllposts.jekyll.catalog import scan_site
    from sphinxext_jekyllposts.jekyll.kramdown import kramdown_plugin, prepare_lines
    from sphinxext_jekyllposts.jekyll.liquid import LiquidLimits, LiquidRenderer
    from sphinxext_jekyllposts.jekyll.site import load_site_settings

SITE = Path(tempfile.mkdtemp(prefix="jekyllposts-fuzz-"))
(SITE / "_posts").mkdir()
(SITE / "_includes").mkdir()
(SITE / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: A\n---\nA\n", "utf-8")
(SITE / "_includes" / "x.html").write_text("{{ include.a }}{% include x.html %}", "utf-8")
SETTINGS, _ = load_site_settings(SITE)
CATALOG = scan_site(SITE, SETTINGS)
RENDERER = LiquidRenderer(CATALOG, SITE, limits=LiquidLimits(seconds=2, output_chars=200_000))
MARKDOWN = MarkdownIt("commonmark").use(kramdown_plugin)


def test_one_input(data: bytes) -> None:
    body = data.decode("utf-8", errors="replace")
    out = RENDERER.render(CATALOG.posts[0], body, first_line=4)
    assert len(out.lines) == out.text.count("\n") + 1
    text, lines = prepare_lines(out.text, out.lines, separator="<!--more-->")
    assert len(lines) == text.count("\n") + 1
    MARKDOWN.parse(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
