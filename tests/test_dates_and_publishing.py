"""Dates, time zones, drafts, ``published: false`` and future posts, as Jekyll 4.3."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOTS, page, warnings_of

from sphinxext_jekyllposts.state import post_for


def iso(app, docname):
    return post_for(app.env, docname).date.isoformat()


@pytest.mark.sphinx("html", testroot="dates")
def test_dates_in_the_site_time_zone_from_config_yml(app):
    app.build()
    assert warnings_of(app) == ""
    assert iso(app, "_posts/2015-01-01-offset") == "2015-01-01T17:00:00+08:00"
    # a YAML timestamp without offset is UTC (Psych), shown in the site's zone
    assert iso(app, "_posts/2015-01-02-yaml-utc") == "2015-01-02T18:00:00+08:00"
    # a string YAML does not take for a timestamp is wall time in the site's zone
    assert iso(app, "_posts/2015-01-03-local") == "2015-01-03T10:00:00+08:00"
    assert iso(app, "_posts/2015-01-04-date-only") == "2015-01-04T00:00:00+08:00"
    assert iso(app, "_posts/2015-1-5-short-name") == "2015-01-05T00:00:00+08:00"
    assert iso(app, "_posts/2015-01-06-rfc") == "2015-01-06T16:00:00+08:00"
    assert iso(app, "_posts/2015-01-07-name-only") == "2015-01-07T00:00:00+08:00"


@pytest.mark.sphinx(
    "html",
    testroot="dates",
    confoverrides={"jekyllposts_timezone": "America/Los_Angeles"},
)
def test_jekyllposts_timezone_overrides_config_yml(app):
    app.build()
    assert iso(app, "_posts/2015-01-01-offset") == "2015-01-01T01:00:00-08:00"
    assert iso(app, "_posts/2015-01-07-name-only") == "2015-01-07T00:00:00-08:00"


@pytest.mark.sphinx(
    "html", testroot="dates", confoverrides={"jekyllposts_timezone": "Mars/Olympus"}
)
def test_an_unknown_time_zone_warns_and_falls_back(app):
    app.build()
    warnings = warnings_of(app)
    assert "jekyllposts_timezone = 'Mars/Olympus': unknown time zone" in warnings
    assert "[jekyllposts.config]" in warnings
    assert iso(app, "_posts/2015-01-01-offset") == "2015-01-01T17:00:00+08:00"


@pytest.mark.sphinx("html", testroot="publishing")
def test_unpublished_drafts_and_future_posts_are_left_out(app):
    app.build()
    assert warnings_of(app) == ""
    docs = app.env.found_docs
    assert "_posts/2020-01-01-visible" in docs
    for left_out in (
        "_posts/2020-01-02-unpublished",
        "_posts/2999-01-01-future",
        "_drafts/a-draft",
        "_posts/notes",
        "_posts/notes [old]",
    ):
        assert left_out not in docs
        assert not (app.outdir / f"{left_out}.html").exists()
    status = app.status.getvalue()
    assert "2020-01-02-unpublished.md: its front matter says published: false" in status
    assert "2999-01-01-future.md: it is dated in the future" in status


@pytest.mark.sphinx(
    "html",
    testroot="publishing",
    confoverrides={
        "jekyllposts_drafts": True,
        "jekyllposts_future": True,
        "jekyllposts_unpublished": True,
    },
)
def test_settings_bring_drafts_future_and_unpublished_posts_back(app):
    app.build()
    assert warnings_of(app) == ""
    for shown in (
        "_posts/2020-01-02-unpublished",
        "_posts/2999-01-01-future",
        "_drafts/a-draft",
    ):
        assert (app.outdir / f"{shown}.html").exists(), shown
    draft = post_for(app.env, "_drafts/a-draft")
    assert draft.draft
    assert draft.date.date().isoformat() == "2020-01-03"
    assert page(app, "_drafts/a-draft").find("h1").get_text().rstrip("¶") == "A draft"
    assert "_posts/notes" not in app.env.found_docs


def test_show_drafts_in_config_yml_brings_drafts_back(make_app, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-publishing", srcdir)
    (srcdir / "_config.yml").write_text("show_drafts: true\nfuture: true\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    assert "_drafts/a-draft" in app.env.found_docs
    assert "_posts/2999-01-01-future" in app.env.found_docs
    assert "_posts/2020-01-02-unpublished" not in app.env.found_docs


@pytest.mark.sphinx(
    "html",
    testroot="dates",
    confoverrides={"jekyllposts_permalink": "pretty", "jekyllposts_excerpt_separator": ""},
)
def test_permalink_and_excerpt_separator_can_be_set_in_conf_py(app):
    post = post_for(app.env, "_posts/2015-01-07-name-only")
    assert post.url == "/2015/01/07/name-only/"
    assert post.excerpt == ""
