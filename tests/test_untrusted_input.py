"""Property-based tests: no front matter, date or file name makes the core raise."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxext_jekyllposts.jekyll import (
    SiteSettings,
    parse_date,
    parse_post_name,
    split_front_matter,
)
from sphinxext_jekyllposts.jekyll.catalog import Post, post_from_front_matter
from sphinxext_jekyllposts.jekyll.excerpts import excerpt_text
from sphinxext_jekyllposts.jekyll.frontmatter import value_text
from sphinxext_jekyllposts.readingtime import reading_stats

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
jekyll_keys = st.sampled_from(
    [
        "title",
        "date",
        "categories",
        "category",
        "tags",
        "tag",
        "published",
        "slug",
        "author",
        "layout",
    ]
)
front_matters = st.dictionaries(jekyll_keys | st.text(max_size=10), yaml_values, max_size=8)
ZONES = [None, dt.UTC, dt.timezone(dt.timedelta(hours=8))]


@given(st.text(max_size=400))
def test_split_front_matter_never_raises_on_any_text(text):
    front = split_front_matter("---\n" + text)
    assert isinstance(front.data, dict)
    assert front.body_line >= 1


@given(st.text(max_size=60), st.sampled_from(ZONES))
def test_parse_date_returns_an_aware_datetime_or_none(text, zone):
    result = parse_date(text, zone)
    assert result is None or result.tzinfo is not None


@given(
    front_matters,
    st.sampled_from(["_posts/2020-01-01-x.md", "_drafts/y.md", "a/_posts/2020-1-1-z.md"]),
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_front_matter_gives_a_post_with_text_fields(data, path):
    front = split_front_matter("---\n---\n")
    front = type(front)(data, present=True, body_line=3, body_offset=8)
    post = post_from_front_matter(
        front,
        relative_path=path,
        settings=SiteSettings(timezone="UTC"),
        zone=dt.UTC,
        draft=path.startswith("_drafts"),
    )
    assert isinstance(post, Post)
    assert isinstance(post.title, str)
    assert post.display_title.strip()
    assert all(isinstance(c, str) for c in post.categories)
    assert all(isinstance(t, str) for t in post.tags)
    assert post.date.tzinfo is not None


@given(st.text(max_size=80))
def test_parse_post_name_never_raises(path):
    name = parse_post_name(path)
    assert not name.slug.endswith(".")


@given(yaml_values)
def test_readable_metadata_is_always_text(value):
    assert isinstance(value_text(value), str)


def test_readable_metadata_is_bounded_for_alias_bombs():
    bomb: list = ["lol"] * 10
    for _ in range(9):
        bomb = [bomb] * 10
    text = value_text(bomb)
    assert len(text) < 100_000
    assert text.endswith("…")


@given(st.text(max_size=300))
def test_reading_stats_never_raise(text):
    stats = reading_stats(text)
    assert stats.minutes() >= 1


def test_lone_surrogates_become_replacement_characters():
    front = split_front_matter("---\n---\n")
    front = type(front)(
        {"title": "a\ud800", "categories": ["\udfffb"]}, present=True, body_line=3, body_offset=8
    )
    post = post_from_front_matter(
        front,
        relative_path="_posts/2020-01-01-x.md",
        settings=SiteSettings(timezone="UTC"),
        zone=dt.UTC,
        draft=False,
    )
    assert post.title == "a\ufffd"
    assert post.categories == ("\ufffdb",)
    assert post.url.startswith("/%EF%BF%BDb/")


def test_an_alias_bomb_in_taxonomy_and_title_is_cut_short_quickly():
    lines = ["a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    for previous, current in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = (
        "---\n"
        + "\n".join(lines)
        + "\ncategories: [*i]\ntags: *i\ntitle: *i\nslug: *i\ndate: *i\n---\n"
    )
    front = split_front_matter(text)
    start = time.perf_counter()
    post = post_from_front_matter(
        front,
        relative_path="_posts/2020-01-01-x.md",
        settings=SiteSettings(timezone="UTC"),
        zone=dt.UTC,
        draft=False,
    )
    assert time.perf_counter() - start < 5  # 9**9 values if expanded
    assert post.categories == ("lol",)
    assert post.slug == "x"
    assert all(len(problem.message) < 300 for problem in post.problems)
    assert any("more than 10000 category values" in p.message for p in post.problems)


@pytest.mark.parametrize("markdown", ["+\n<!A<<<![!<!A<<<![!--\n", "a <![!x <b>bold</b>"])
def test_an_excerpt_with_a_declaration_the_html_parser_fails_on_is_text(markdown):
    # Found by fuzz/fuzz_kramdown.py: CPython's HTMLParser raised AssertionError.
    assert "<!A" in excerpt_text(markdown) or "bold" in excerpt_text(markdown)
