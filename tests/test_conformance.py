"""The same post set, dates, titles, slugs, categories and tags as Jekyll 4.3.1
on every real site in ``../shared/corpora`` (skipped without ``../shared``)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sphinxext_jekyllposts.jekyll import load_site_settings, scan_site

CORPORA = ["chirpy", "jekyll-docs", "minimal-mistakes", "mzlogin"]


def _jekyll_view(post) -> dict:
    return {
        "date": post.date.isoformat(),
        "title": post.title,
        "slug": post.slug,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "draft": post.draft,
    }


@pytest.mark.parametrize("name", CORPORA)
def test_catalog_matches_jekyll_manifest(shared, name):
    site = shared / "corpora" / name
    manifest = json.loads((site / "jekyll-manifest.json").read_text("utf-8"))
    settings, problems = load_site_settings(site)
    assert problems == ()
    # the manifests were made with drafts shown only where they list drafts
    settings = dataclasses.replace(settings, show_drafts=any(e["draft"] for e in manifest))
    catalog = scan_site(site, settings)
    ours = {post.path: _jekyll_view(post) for post in catalog}
    theirs = {
        entry["path"]: {key: entry[key] for key in _jekyll_view(catalog.posts[0])}
        for entry in manifest
    }
    for entry in theirs.values():
        entry["tags"] = [str(tag) for tag in entry["tags"]]
    assert sorted(ours) == sorted(theirs)
    assert ours == theirs
    assert [p for post in catalog for p in post.problems] == []
