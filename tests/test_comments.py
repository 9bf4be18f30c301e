"""Comments on the threads the Jekyll site had (tests/roots/test-comments):
the keys of Minimal Mistakes, Chirpy and minima, each post's ``comments:``,
``jekyllposts_comments``, only in production, never in feeds."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import built_root, copy_root, page, page_file, warnings_of
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxext_jekyllposts.jekyll.comments import (
    CommentsSettings,
    comments_settings,
    pathname_term,
    snippet,
    thread_of,
)
from sphinxext_jekyllposts.jekyll.site import settings_from_config
from sphinxext_jekyllposts.jekyll.theme_keys import theme_family

HELLO = "_posts/2018-05-18-hello"
QUIET = "_posts/2018-05-19-quiet"
CHINESE = "_posts/2018-05-20-你好"
GISCUS = {"repo": "me/blog", "repo_id": "R_1", "category": "General", "category_id": "DIC_2"}


def settings_of(data, override=None):
    problems = []
    found = comments_settings(data, lambda message, key: problems.append((key, message)), override)
    return found, problems


# The keys of each theme ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "family"),
    [
        ({"theme": "minimal-mistakes-jekyll"}, "minimal-mistakes"),
        ({"remote_theme": "mmistakes/minimal-mistakes@4.24.0"}, "minimal-mistakes"),
        ({"theme": "jekyll-theme-chirpy"}, "chirpy"),
        ({"theme": "minima"}, "minima"),
        ({"comments": {"active": "disqus"}}, "chirpy"),
        ({"comments": {"provider": "giscus", "giscus": {"repo": "a/b"}}}, "chirpy"),
        ({"comments": {"provider": "disqus"}}, "minimal-mistakes"),
        ({"disqus": {"shortname": "x"}}, ""),
        ({"theme": ["not", "text"]}, ""),
    ],
)
def test_the_theme_family_is_its_theme_key_else_its_comment_keys(data, family):
    assert theme_family(data) == family


def test_minimal_mistakes_giscus_keys_and_the_sites_repository():
    found, problems = settings_of(
        {
            "repository": "Me/Blog",
            "comments": {
                "provider": "giscus",
                "giscus": {
                    "repo_id": "R_1",
                    "category_name": "General",
                    "category_id": "DIC_2",
                    "discussion_term": "title",
                    "lazy": True,
                },
            },
            "minimal_mistakes_skin": "dark",
        }
    )
    assert problems == []
    attributes = dict(found.attributes)
    assert (found.provider, found.family, found.mapping) == ("giscus", "minimal-mistakes", "title")
    assert attributes["repo"] == "me/blog"  # Minimal Mistakes downcases it
    assert attributes["category"] == "General"
    assert attributes["input-position"] == "top"
    assert attributes["theme"] == "light"
    assert attributes["loading"] == "lazy"


def test_chirpy_giscus_keys_default_to_the_sites_language_and_the_readers_scheme():
    found, problems = settings_of(
        {
            "theme": "jekyll-theme-chirpy",
            "lang": "zh-CN",
            "comments": {"provider": "giscus", "giscus": dict(GISCUS, input_position="top")},
        }
    )
    attributes = dict(found.attributes)
    assert problems == []
    assert attributes["lang"] == "zh-CN"
    assert attributes["input-position"] == "top"
    assert attributes["theme"] == "preferred_color_scheme"


def test_chirpy_before_6_names_the_provider_active():
    found, _ = settings_of({"comments": {"active": "disqus", "disqus": {"shortname": "blog"}}})
    assert (found.provider, found.family, found.shortname) == ("disqus", "chirpy", "blog")


def test_minima_needs_only_a_disqus_shortname():
    found, _ = settings_of({"theme": "minima", "disqus": {"shortname": "myblog"}})
    assert (found.provider, found.shortname) == ("disqus", "myblog")


def test_utterances_keys():
    found, problems = settings_of(
        {
            "repository": "https://github.com/me/blog",
            "comments": {
                "provider": "utterances",
                "utterances": {"theme": "github-dark", "label": "blog-comment"},
            },
        }
    )
    assert problems == []
    assert dict(found.attributes) == {
        "repo": "me/blog",
        "theme": "github-dark",
        "label": "blog-comment",
    }
    assert found.mapping == "pathname"


@pytest.mark.parametrize("provider", ["false", "", None, False])
def test_no_provider_is_no_comments_and_no_warning(provider):
    found, problems = settings_of({"comments": {"provider": provider}})
    assert (found.provider, problems) == ("", [])


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"comments": {"provider": "staticman_v2"}}, "'staticman_v2' is not supported"),
        ({"comments": {"provider": "livefyre"}}, "unknown comments provider 'livefyre'"),
        ({"comments": {"provider": "disqus", "disqus": {"shortname": None}}}, "shortname"),
        ({"comments": {"provider": "discourse"}}, "server"),
        ({"comments": {"provider": "utterances"}}, "needs repo"),
        ({"comments": {"provider": "giscus", "giscus": {"repo": "a/b"}}}, "repo_id, category"),
        (
            {"comments": {"provider": "giscus", "giscus": dict(GISCUS, mapping="path")}},
            "mapping 'path' is not one of",
        ),
    ],
)
def test_each_provider_without_what_it_needs_warns_at_the_comments_key(data, words):
    found, problems = settings_of(data)
    assert [key for key, _ in problems] == ["comments"]
    assert words in problems[0][1]
    assert found.provider in ("", "giscus")  # a bad mapping falls back; the rest is off


def test_config_problems_are_reported_at_the_line_of_the_comments_key():
    _, problems = settings_from_config(
        {"title": "x", "comments": {"provider": "facebook"}},
        key_lines={"title": 1, "comments": 7},
    )
    assert [(p.path, p.line) for p in problems] == [("_config.yml", 7)]


def test_conf_py_replaces_the_provider_and_its_keys():
    site = {"theme": "minima", "disqus": {"shortname": "old"}}
    found, problems = settings_of(site, {"provider": "utterances", "repo": "me/blog"})
    assert (found.provider, found.family, problems) == ("utterances", "minima", [])


# Which posts show them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "comments", "shown"),
    [
        ("minimal-mistakes", None, False),  # Minimal Mistakes and Chirpy: only when true
        ("minimal-mistakes", True, True),
        ("chirpy", None, False),
        ("chirpy", True, True),
        ("chirpy", "false", False),
        ("minima", None, True),  # minima: unless false
        ("minima", False, False),
        ("", None, True),
    ],
)
def test_a_post_shows_comments_as_its_theme_decides(family, comments, shown):
    settings = CommentsSettings("disqus", family, shortname="x")
    data = {} if comments is None else {"comments": comments}
    assert settings.shown_on(data) is shown


# The thread ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "term"),
    [
        ("/", "index"),
        ("/2018/05/18/hello.html", "2018/05/18/hello"),
        ("/blog/2018/05/18/hello/", "blog/2018/05/18/hello/"),
        ("/2018/%E4%BD%A0%E5%A5%BD.html", "2018/%E4%BD%A0%E5%A5%BD"),
        ("/posts/v1.2", "posts/v1"),  # as the providers' /\.\w+$/ does
    ],
)
def test_the_pathname_term_is_what_giscus_and_utterances_make_of_the_address(path, term):
    assert pathname_term(path) == term


@pytest.mark.parametrize(
    ("family", "identifier"),
    [
        ("minimal-mistakes", "/2018/05/18/hello"),  # page.id
        ("chirpy", "/2018/05/18/hello.html"),  # page.url
        ("minima", "https://x.org/blog/2018/05/18/hello.html"),  # page.url | absolute_url
    ],
)
def test_disqus_is_told_the_identifier_each_theme_gave_it(family, identifier):
    thread = thread_of(
        CommentsSettings("disqus", family, shortname="x"),
        site_url="https://x.org",
        baseurl="/blog/",
        url="/2018/05/18/hello.html",
        post_id="/2018/05/18/hello",
        permalink="/:year/:month/:day/:title:output_ext",
    )
    assert thread.identifier == identifier
    assert thread.url == "https://x.org/blog/2018/05/18/hello.html"
    assert thread.term is None


def test_discourse_embeds_the_url_without_index_html_for_folder_permalinks():
    thread = thread_of(
        CommentsSettings("discourse", "minimal-mistakes", server="forum.x.org"),
        site_url="https://x.org",
        baseurl="",
        url="/2018/hello/",
        post_id="/2018/hello",
        permalink="/:year/:title/",
    )
    assert thread.url == "https://x.org/2018/hello"


def test_giscus_gets_the_jekyll_pathname_as_a_specific_term():
    found, _ = settings_of({"comments": {"provider": "giscus", "giscus": GISCUS}})
    thread = thread_of(
        found, site_url="", baseurl="/blog", url="/a/b.html", post_id="/a/b", permalink=""
    )
    html = snippet(found, thread)
    assert 'data-mapping="specific" data-term="blog/a/b"' in html
    assert html.startswith('<div class="giscus"></div>')


# Hostile settings ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["giscus", "utterances", "disqus", "discourse"]),
    st.text(min_size=1, max_size=30),
    st.text(max_size=30),
)
def test_no_setting_or_url_breaks_out_of_the_snippet(provider, value, url):
    keys = {
        "giscus": {**dict.fromkeys(GISCUS, value), "theme": value},
        "utterances": {"repo": value, "theme": value},
        "disqus": {"shortname": value},
        "discourse": {"server": value},
    }[provider]
    found, _ = settings_of({"comments": {"provider": provider, provider: keys}})
    thread = thread_of(found, site_url=url, baseurl=url, url="/" + url, post_id=url, permalink="")
    html = snippet(found, thread)
    scripts = html.count("<script")
    assert html.lower().count("</script") == scripts
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == scripts
    assert not soup.find_all(True, attrs={"onerror": True})


# Built sites -----------------------------------------------------------------------


def comments_block(app, docname):
    return page(app, docname).select_one(".jekyllposts-comments")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("comments", tmp_path_factory)


def test_a_post_gets_its_giscus_thread_after_its_last_paragraph(built):
    block = comments_block(built, HELLO)
    assert block is not None
    script = block.find("script")
    assert script["src"] == "https://giscus.app/client.js"
    assert script["data-term"] == "blog/2018/05/18/hello"  # /blog/2018/05/18/hello.html
    assert script["data-repo"] == "me/blog"
    body = page(built, HELLO)
    paragraphs = [p.get_text() for p in body.select("p")]
    last = paragraphs.index("The last paragraph of the post.")
    assert paragraphs.index("Comments") > last
    assert warnings_of(built) == ""


def test_a_post_with_comments_false_has_none(built):
    assert comments_block(built, QUIET) is None
    assert comments_block(built, HELLO) is not None


def test_a_chinese_url_is_the_term_as_the_browser_gives_the_pathname(built):
    script = comments_block(built, CHINESE).find("script")
    assert script["data-term"] == "blog/2018/%E4%BD%A0%E5%A5%BD/"


def test_feeds_and_listings_never_show_comments(built):
    feed = (built.outdir / "feed.xml").read_text("utf-8")
    assert "giscus" not in feed
    assert "The last paragraph of the post." in feed
    assert "giscus" not in page_file(built, "index").read_text("utf-8")


def _build(make_app, srcdir, **overrides):
    app = make_app("html", srcdir=srcdir, confoverrides=overrides)
    app.build()
    return app


def test_only_a_production_build_shows_comments(make_app, tmp_path, monkeypatch):
    srcdir = copy_root("comments", tmp_path)
    app = _build(make_app, srcdir, jekyllposts_environment="development")
    assert comments_block(app, HELLO) is None
    monkeypatch.setenv("JEKYLL_ENV", "development")
    app = _build(make_app, copy_root("comments", tmp_path / "env"))
    assert comments_block(app, HELLO) is None


def test_conf_py_can_replace_the_provider_or_turn_comments_off(make_app, tmp_path):
    srcdir = copy_root("comments", tmp_path)
    app = _build(
        make_app, srcdir, jekyllposts_comments={"provider": "utterances", "repo": "me/talk"}
    )
    script = comments_block(app, HELLO).find("script")
    assert (script["src"], script["repo"]) == ("https://utteranc.es/client.js", "me/talk")
    assert script["issue-term"] == "blog/2018/05/18/hello"
    assert comments_block(app, QUIET) is None  # the post's own comments: false still wins
    app = _build(make_app, srcdir, jekyllposts_comments=False)
    assert comments_block(app, HELLO) is None


def test_a_bad_conf_py_value_warns_and_the_sites_comments_stay(make_app, tmp_path):
    srcdir = copy_root("comments", tmp_path)
    app = _build(make_app, srcdir, jekyllposts_comments={"provider": "facebook"})
    assert "jekyllposts_comments = {'provider': 'facebook'}: 'provider' must be one of" in (
        warnings_of(app)
    )
    assert comments_block(app, HELLO).find("script")["src"] == "https://giscus.app/client.js"


def test_conf_py_keys_a_provider_lacks_warn_once(make_app, tmp_path):
    srcdir = copy_root("comments", tmp_path)
    app = _build(make_app, srcdir, jekyllposts_comments={"provider": "disqus"})
    assert warnings_of(app).count("jekyllposts_comments: comments: disqus needs shortname") == 1
    assert comments_block(app, HELLO) is None


def test_a_new_provider_in_the_config_rewrites_every_post_and_nothing_else(make_app, tmp_path):
    srcdir = copy_root("comments", tmp_path)
    _build(make_app, srcdir)
    config = srcdir / "_config.yml"
    text = config.read_text("utf-8")
    config.write_text(
        re.sub(
            r"comments:\n  provider: giscus",
            "comments:\n  provider: disqus\n  disqus:\n    shortname: blog",
            text,
        ),
        "utf-8",
    )
    app = _build(make_app, srcdir)
    script = comments_block(app, HELLO).find("script")
    assert "blog.disqus.com/embed.js" in script.get_text()
    # Chirpy's identifier is page.url; the URL is absolute, with the baseurl.
    assert '"/2018/05/18/hello.html"' in script.get_text()
    assert '"https://blog.example.org/blog/2018/05/18/hello.html"' in script.get_text()


def test_other_builders_show_no_comments(make_app, tmp_path):
    srcdir = copy_root("comments", tmp_path)
    app = make_app("text", srcdir=srcdir)
    app.build()
    text = (app.outdir / f"{HELLO}.txt").read_text("utf-8")
    assert "The last paragraph of the post." in text
    assert "Comments" not in text


def test_the_heading_is_in_the_sites_language(make_app, tmp_path):
    app = _build(make_app, copy_root("comments", tmp_path), language="zh_CN")
    assert comments_block(app, HELLO).select_one(".rubric").get_text() == "评论"


@pytest.mark.parametrize(
    ("config", "words"),
    [
        # minima: every post unless comments: false; the absolute URL as identifier.
        (
            "theme: minima\ndisqus:\n  shortname: myblog\n",
            ['"https://blog.example.org/blog/2018/05/18/hello.html"', "myblog.disqus.com"],
        ),
        # Minimal Mistakes' Discourse: the absolute URL (an .html permalink keeps it).
        (
            "theme: minimal-mistakes-jekyll\ncomments:\n  provider: discourse\n"
            "  discourse:\n    server: forum.example.org\n",
            ["https://forum.example.org/", '"https://blog.example.org/blog/2018/05/18/hello.html"'],
        ),
    ],
)
def test_minimas_disqus_and_minimal_mistakes_discourse(make_app, tmp_path, config, words):
    srcdir = copy_root("comments", tmp_path)
    site = srcdir / "_config.yml"
    text = site.read_text("utf-8")
    start, end = text.index("theme:"), text.index("defaults:")
    site.write_text(text[:start] + config + text[end:], "utf-8")
    app = _build(make_app, srcdir)
    assert warnings_of(app) == ""
    script = comments_block(app, HELLO).find("script").get_text()
    for word in words:
        assert word in script
    assert comments_block(app, QUIET) is None
