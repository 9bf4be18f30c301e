"""jekyll-archives' ``enabled`` and ``permalinks``, read as the plugin reads them."""

from __future__ import annotations

import pytest

from sphinxext_jekyllposts.jekyll.archive_urls import archives_block


def block(value):
    warnings = []
    return archives_block(value, lambda message, key: warnings.append(message)), warnings


def test_no_block_no_archive_urls():
    assert block(None) == (None, [])


@pytest.mark.parametrize(
    ("kind", "name", "slug", "url"),
    [
        ("category", "技术", "技术", "/category/%E6%8A%80%E6%9C%AF/"),
        ("tag", "C#", "c", "/tag/c/"),
        ("year", "2020", "2020", "/2020/"),
    ],
)
def test_the_defaults_of_jekyll_archives(kind, name, slug, url):
    archives, warnings = block({"enabled": "all"})
    assert archives.url(kind, name, slug) == url
    assert warnings == []


def test_only_what_is_enabled_and_the_sites_permalinks():
    archives, warnings = block(
        {"enabled": ["categories"], "permalinks": {"category": "/categories/:name/"}}
    )
    assert archives.url("category", "Notes", "notes") == "/categories/notes/"
    assert archives.url("tag", "x", "x") is None
    assert archives.url("year", "2020", "2020") is None
    assert warnings == []


@pytest.mark.parametrize(
    "value",
    [
        "categories",
        {"enabled": "categories"},
        {"enabled": ["weeks"]},
        {"enabled": "all", "permalinks": {"tag": 3}},
        {"enabled": "all", "permalinks": "/x/"},
    ],
)
def test_what_is_of_the_wrong_kind_warns_and_is_left_out(value):
    archives, warnings = block(value)
    assert warnings
    if archives is not None:
        assert archives.url("tag", "x", "x") in (None, "/tag/x/")
