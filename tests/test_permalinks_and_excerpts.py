"""Permalinks and excerpts, against what Jekyll 4.3.1 wrote for the same posts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from sphinxext_jekyllposts.jekyll import load_site_settings, scan_site, settings_from_config
from sphinxext_jekyllposts.jekyll.excerpts import excerpt_separator, excerpt_source, excerpt_text
from sphinxext_jekyllposts.jekyll.frontmatter import ruby_str
from sphinxext_jekyllposts.jekyll.permalinks import escape_path, posts_template, sanitize_url

DATA = Path(__file__).parent / "data" / "permalinks"
EXPECTED = json.loads((DATA / "jekyll-urls.json").read_text("utf-8"))


@pytest.mark.parametrize("style", list(EXPECTED))
def test_every_permalink_style_and_placeholder_as_jekyll(style):
    settings, _ = settings_from_config({"timezone": "UTC", "permalink": style})
    catalog = scan_site(DATA / "site", settings)
    assert {post.path: post.url for post in catalog} == EXPECTED[style]


def test_collection_permalink_wins_over_the_site_style():
    config = {"permalink": "pretty", "collections": {"posts": {"permalink": "/news/:title/"}}}
    assert posts_template(config) == "/news/:title/"
    assert posts_template({}) == "/:categories/:year/:month/:day/:title:output_ext"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("edge case", "edge%20case"),
        ("技术", "%E6%8A%80%E6%9C%AF"),
        ("C#", "C%23"),
        ("100%", "100%25"),
        ("a?b", "a?b"),
        ("[x]", "%5Bx%5D"),
        ("plain-path/x.html", "plain-path/x.html"),
    ],
)
def test_escape_path_as_addressable(value, escaped):
    assert escape_path(value) == escaped


def test_sanitize_url_removes_dot_dot_and_squeezes_slashes():
    assert sanitize_url("//a/../b/./c//d") == "/a/b/c/d"


def test_unknown_placeholder_is_kept_and_reported(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\npermalink: /:nope/:title/\n---\n")
    settings, _ = settings_from_config({"timezone": "UTC"})
    (post,) = scan_site(tmp_path, settings)
    assert post.url == "/:nope/a/"
    assert "unknown placeholder ':nope'" in post.problems[0].message
    assert post.problems[0].line == 2


def test_excerpt_is_the_first_paragraph_by_default():
    body = "\nFirst *paragraph*\nstill first.\n\nSecond.\n"
    assert excerpt_source(body, "\n\n") == "\nFirst *paragraph*\nstill first."
    assert excerpt_text(excerpt_source(body, "\n\n")) == "First paragraph still first."


def test_excerpt_brings_the_link_definitions_it_uses():
    body = 'See [the docs][d] and "quotes".\n\nMore.\n\n[d]: https://example.org\n[e]: https://e\n'
    source = excerpt_source(body, "\n\n")
    assert source.endswith("[d]: https://example.org")
    assert "[e]" not in source
    assert excerpt_text(source) == "See the docs and “quotes”."


def test_excerpt_separator_per_post_and_front_matter_excerpt(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text(
        "---\nexcerpt_separator: <!--more-->\n---\nOne.\n\nTwo.\n<!--more-->\nThree.\n"
    )
    (tmp_path / "_posts" / "2020-01-02-b.md").write_text(
        "---\nexcerpt: Written *by hand*.\n---\nBody.\n"
    )
    settings, _ = settings_from_config({"timezone": "UTC"})
    a, b = scan_site(tmp_path, settings)
    assert a.excerpt == "One. Two."
    # Jekyll leaves a front matter excerpt as written: no Markdown
    assert b.excerpt == "Written *by hand*."


@pytest.mark.parametrize(
    ("given", "body", "excerpt"),
    [
        # false and null are no separator of the post's: the site's is used
        ("false", "One\n\nTwo\n<!--more-->\nThree\n", "One\n\nTwo\n"),
        ("~", "One\n\nTwo\n<!--more-->\nThree\n", "One\n\nTwo\n"),
        # any other value is its to_s: 5 is "5", [a] is '["a"]' (found nowhere)
        ("5", "One\n\nTw5o\n<!--more-->\nThree\n", "One\n\nTw"),
        ("[a]", "One [a] x\n\nTwo\n", "One [a] x\n\nTwo\n"),
        ("''", "One\n\nTwo\n<!--more-->\nThree\n", ""),
    ],
)
def test_a_posts_excerpt_separator_of_another_type_as_jekyll(tmp_path, given, body, excerpt):
    """``(data["excerpt_separator"] || site.config["excerpt_separator"]).to_s``:
    the excerpts ``jekyll build`` 4.3.1 made of the same posts."""
    (tmp_path / "_posts").mkdir()
    text = f"---\nexcerpt_separator: {given}\n---\n{body}"
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text(text)
    settings, _ = settings_from_config({"timezone": "UTC", "excerpt_separator": "<!--more-->"})
    (post,) = scan_site(tmp_path, settings)
    assert post.excerpt_source == excerpt
    assert excerpt_separator(post.data, "<!--more-->") == (
        "<!--more-->" if given in ("false", "~") else ruby_str(yaml.safe_load(given))
    )


def test_an_empty_site_separator_means_no_excerpt(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\n---\nOne.\n\nTwo.\n")
    settings, _ = settings_from_config({"timezone": "UTC", "excerpt_separator": ""})
    (post,) = scan_site(tmp_path, settings)
    assert post.excerpt == ""


def test_excerpt_text_drops_liquid_but_keeps_raw_and_links():
    text = excerpt_text(
        "[a post]({% post_url 2010-01-01-x %}) {{ site.title }} {% raw %}{{ kept }}{% endraw %}"
    )
    assert text == "a post {{ kept }}"


def test_site_settings_from_a_real_config(shared):
    settings, problems = load_site_settings(shared / "corpora" / "jekyll-docs")
    assert problems == ()
    assert settings.permalink == "/news/:year/:month/:day/:title/"
    assert dataclasses.replace(settings, timezone=None).timezone is None


def test_edge_cases_of_categories_tags_titles_and_defaults_as_jekyll():
    """Empty categories, case, numbers as titles, defaults overridden by null:
    compared line by line with what a layout printed under ``jekyll build``."""
    site = Path(__file__).parent / "data" / "edge-cases"
    settings, problems = load_site_settings(site)
    assert problems == ()
    lines = []
    for post in scan_site(site, settings):
        categories = json.dumps(list(post.categories), ensure_ascii=False).replace(" ", "")
        tags = json.dumps(list(post.tags)).replace(" ", "")
        lines.append("|".join([post.path, post.title, categories, tags, post.url, post.slug]))
    expected = (site / "jekyll-output.txt").read_text("utf-8").splitlines()
    assert sorted(lines) == sorted(expected)
