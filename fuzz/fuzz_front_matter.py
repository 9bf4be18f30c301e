"""Fuzz the front matter reader and the post record built from it.

    pip install atheris
    python fuzz/fuzz_front_matter.py -max_total_time=300

Any exception other than the ones the reader reports as problems is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from sphinxext_jekyllposts.jekyll.catalog import Post, post_from_front_matter
    from sphinxext_jekyllposts.jekyll.dates import resolve_zone
    from sphinxext_jekyllposts.jekyll.frontmatter import split_front_matter, value_text
    from sphinxext_jekyllposts.jekyll.site import SiteSettings

SETTINGS = SiteSettings()
ZONE = resolve_zone("Asia/Shanghai")


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    front = split_front_matter(text, path="_posts/2020-01-01-fuzz.md")
    post = post_from_front_matter(
        front,
        relative_path="_posts/2020-01-01-fuzz.md",
        settings=SETTINGS,
        zone=ZONE,
        draft=False,
        body=text[front.body_offset :],
    )
    if isinstance(post, Post):
        assert isinstance(post.title, str)
        value_text(post.data)
        post.excerpt  # noqa: B018 - computing it is the test


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[1]))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
