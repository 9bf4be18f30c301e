"""The site's analytics snippets (minima, Minimal Mistakes, Chirpy keys) in
every page's head, only in a production build."""

from __future__ import annotations

import pytest
from conftest import copy_root, page, warnings_of

from sphinxext_jekyllposts.jekyll.analytics import Tracker, analytics_of, tracker_html
from sphinxext_jekyllposts.jekyll.site import settings_from_config

POST = "_posts/2018-05-18-hello"


def trackers(data):
    problems = []
    found = analytics_of(data, lambda message, key: problems.append((key, message)))
    return found, problems


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"google_analytics": "G-ABC"}, [Tracker("google", "G-ABC")]),  # minima
        ({"google_analytics": {"id": "G-OLD"}}, [Tracker("google", "G-OLD")]),  # Chirpy < 5
        ({"google_analytics": {"id": None}}, []),
        (
            {
                "analytics": {
                    "provider": "google-gtag",
                    "google": {"tracking_id": "G-MM", "anonymize_ip": True},
                }
            },
            [Tracker("google", "G-MM", anonymize_ip=True)],
        ),
        ({"analytics": {"provider": False}}, []),
        (
            {
                "analytics": {
                    "google": {"id": "G-C"},
                    "goatcounter": {"id": "me"},
                    "umami": {"id": "u-1", "domain": "stats.x.org"},
                    "cloudflare": {"id": "tok"},
                    "matomo": {"id": 3, "domain": "m.x.org"},
                    "fathom": {"id": "FATH"},
                    "unknown": {"id": "?"},
                }
            },
            [
                Tracker("google", "G-C"),
                Tracker("goatcounter", "me"),
                Tracker("umami", "u-1", "stats.x.org"),
                Tracker("cloudflare", "tok"),
                Tracker("matomo", "3", "m.x.org"),
                Tracker("fathom", "FATH"),
            ],
        ),
        ({"analytics": {"google": {"id": None}, "goatcounter": {"id": ""}}}, []),  # Chirpy's blanks
    ],
)
def test_each_themes_keys(data, expected):
    assert trackers(data) == (tuple(expected), [])


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ({"provider": "google-universal", "google": {"tracking_id": "UA-1"}}, "retired"),
        ({"provider": "google", "google": {"tracking_id": "UA-1"}}, "retired"),
        ({"provider": "custom"}, "'custom' is not supported"),
        ({"provider": "google-gtag"}, "needs google.tracking_id"),
        ({"umami": {"id": "u-1"}}, "umami needs domain"),
    ],
)
def test_what_cannot_be_written_warns_at_the_analytics_key(block, words):
    found, problems = trackers({"analytics": block})
    assert found == ()
    assert [key for key, _ in problems] == ["analytics"]
    assert words in problems[0][1]


def test_the_warning_is_at_the_line_of_the_key():
    _, problems = settings_from_config(
        {"analytics": {"provider": "google-universal"}}, key_lines={"analytics": 12}
    )
    assert [(p.path, p.line) for p in problems] == [("_config.yml", 12)]


def test_no_id_breaks_out_of_its_snippet():
    hostile = "x'\"</script><script>alert(1)</script>"
    for provider in ("google", "goatcounter", "umami", "cloudflare", "matomo", "fathom"):
        html = tracker_html(Tracker(provider, hostile, hostile))
        assert html.lower().count("</script") == html.count("<script"), provider
        assert "alert(1)</script>" not in html


def _build(make_app, tmp_path, config: str, **overrides):
    srcdir = copy_root("seo", tmp_path)
    with (srcdir / "_config.yml").open("a", encoding="utf-8") as file:
        file.write(config)
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    return app


def test_every_page_has_the_snippet_in_its_head(make_app, tmp_path):
    app = _build(make_app, tmp_path, "google_analytics: G-TEST123\n")
    assert warnings_of(app) == ""
    for docname in (POST, "index", "about", "genindex"):
        head = page(app, docname).head
        script = head.select_one('script[src*="googletagmanager.com/gtag/js"]')
        assert script is not None, docname
        assert script["src"].endswith("?id=G-TEST123")
    feed = app.outdir / "feed.xml"
    assert not feed.exists() or "googletagmanager" not in feed.read_text("utf-8")


def test_a_development_build_or_the_option_leaves_them_out(make_app, tmp_path, monkeypatch):
    app = _build(
        make_app,
        tmp_path / "a",
        "google_analytics: G-TEST123\n",
        jekyllposts_environment="development",
    )
    assert "googletagmanager" not in page(app, POST).head.decode()
    app = _build(
        make_app, tmp_path / "b", "google_analytics: G-TEST123\n", jekyllposts_analytics=False
    )
    assert "googletagmanager" not in page(app, POST).head.decode()


def test_a_new_id_rewrites_every_page(make_app, tmp_path):
    app = _build(make_app, tmp_path, "google_analytics: G-FIRST\n")
    config = app.srcdir / "_config.yml"
    config.write_text(config.read_text("utf-8").replace("G-FIRST", "G-SECOND"), "utf-8")
    app = make_app("html", srcdir=app.srcdir)
    app.build()
    for docname in (POST, "index", "about"):
        assert "G-SECOND" in page(app, docname).head.decode(), docname
