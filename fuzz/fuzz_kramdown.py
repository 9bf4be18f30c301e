"""Fuzz the scanners that read post text outside Liquid: the kramdown line
preparation and rules, excerpts, and the file-name parser.

    pip install atheris
    python fuzz/fuzz_kramdown.py -max_total_time=300 -timeout=5

Any exception is a crash, and so is a line map that does not match the text;
``-timeout`` reports an input that takes seconds, as backtracking would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from markdown_it import MarkdownIt

    from sphinxext_jekyllposts.jekyll.excerpts import excerpt_source, excerpt_text
    from sphinxext_jekyllposts.jekyll.frontmatter import body_start, top_level_key
    from sphinxext_jekyllposts.jekyll.kramdown import kramdown_plugin, prepare_lines
    from sphinxext_jekyllposts.jekyll.names import matches_post_name, parse_post_name, slugify

MARKDOWN = MarkdownIt("commonmark").use(kramdown_plugin)
SEPARATORS = ("", "\n\n", "<!--more-->", "{% more %}")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    separator = SEPARATORS[provider.ConsumeIntInRange(0, len(SEPARATORS) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    lines = list(range(1, text.count("\n") + 2))
    prepared, prepared_lines = prepare_lines(text, lines, separator=separator)
    assert len(prepared_lines) == prepared.count("\n") + 1
    MARKDOWN.parse(prepared)
    excerpt_text(excerpt_source(text, separator or "\n\n"))
    offset, line = body_start(text)
    assert 0 <= offset <= len(text)
    assert line == text.count("\n", 0, offset) + 1
    for line_text in text.splitlines()[:50]:
        top_level_key(line_text)
    for path in (text, f"_posts/{text}", f"_drafts/a/{text}.md"):
        name = parse_post_name(path)
        assert not name.slug.endswith(".")
        matches_post_name(path)
    slugify(text, "pretty")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[1]))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
