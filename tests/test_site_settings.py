"""The site's settings: ``_config.yml`` read once into typed fields, and the
overrides of ``conf.py`` and the command line. Plain functions, no Sphinx."""

from __future__ import annotations

import pytest
from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxext_jekyllposts.jekyll.config_values import FeedBlock, SiteAuthor, parse_author
from sphinxext_jekyllposts.jekyll.problems import ProblemKind
from sphinxext_jekyllposts.jekyll.site import (
    SiteSettings,
    load_site_settings,
    settings_from_config,
    with_overrides,
)


def test_overrides_replace_only_what_is_given():
    site, _ = settings_from_config(
        {"timezone": "Asia/Shanghai", "future": True, "permalink": "/:title/"}
    )
    assert with_overrides(site) == site
    changed = with_overrides(site, drafts=True, permalink="pretty", excerpt_separator="")
    assert changed.show_drafts is True
    assert changed.permalink == "/:categories/:year/:month/:day/:title/"
    assert changed.excerpt_separator == ""
    assert (changed.timezone, changed.future) == ("Asia/Shanghai", True)


def test_an_empty_timezone_override_is_the_machines_zone():
    site = SiteSettings(timezone="UTC")
    assert with_overrides(site, timezone="").timezone is None
    assert with_overrides(site, timezone=None).timezone == "UTC"
    assert with_overrides(site, defaults=[{"values": {"x": 1}}]).defaults == ({"values": {"x": 1}},)


def _load(tmp_path, text):
    (tmp_path / "_config.yml").write_text(text, "utf-8")
    return load_site_settings(tmp_path)


def test_without_a_config_every_field_is_its_default(tmp_path):
    settings, problems = load_site_settings(tmp_path)
    assert problems == ()
    assert (settings.title, settings.description, settings.url, settings.lang) == ("",) * 4
    assert settings.author == SiteAuthor()
    assert (settings.plugins, settings.includes_dir, settings.paginate) == ((), "_includes", 0)
    assert settings.feed is None


def test_every_key_the_extension_uses_is_a_typed_field(tmp_path):
    settings, problems = _load(
        tmp_path,
        "title: My blog\n"
        "description: Posts.\n"
        "author: {name: Ada, email: ada@example.org, uri: 'https://ada.example', avatar: a.png}\n"
        "url: https://example.org\n"
        "baseurl: /blog\n"
        "lang: zh-CN\n"
        "plugins: [jekyll-feed]\n"
        "gems: [jekyll-paginate]\n"
        "includes_dir: _parts\n"
        "paginate: 5\n"
        "feed:\n"
        "  path: atom.xml\n"
        "  posts_limit: 3\n"
        "  excerpt_only: true\n"
        "  categories: [news, 2020]\n"
        "  tags: {only: [a, b], except: [b]}\n",
    )
    assert problems == ()
    assert settings.title == "My blog"
    assert settings.description == "Posts."
    assert settings.author.fields() == {
        "name": "Ada",
        "email": "ada@example.org",
        "uri": "https://ada.example",
    }
    assert (settings.url, settings.baseurl, settings.lang) == (
        "https://example.org",
        "/blog",
        "zh-CN",
    )
    assert settings.plugins == ("jekyll-feed", "jekyll-paginate")
    assert (settings.includes_dir, settings.paginate) == ("_parts", 5)
    assert settings.feed == FeedBlock(
        path="atom.xml",
        posts_limit=3,
        excerpt_only=True,
        categories=("news", "2020"),
        tags=("a", "b"),
        except_tags=("b",),
    )
    # every key stays in raw, for Liquid's `site`
    assert settings.raw["feed"]["posts_limit"] == 3


def test_the_title_is_the_name_when_there_is_none_and_numbers_are_text():
    settings, problems = settings_from_config({"name": "Named", "description": 2048})
    assert problems == ()
    assert (settings.title, settings.description) == ("Named", "2048")
    settings, _ = settings_from_config({"title": "Titled", "name": ["not", "read"]})
    assert settings.title == "Titled"
    settings, _ = settings_from_config({"title": "", "name": "Named"})
    assert settings.title == "Named"


def test_the_site_fields_do_not_decide_whether_the_scan_is_read_again():
    first, _ = settings_from_config({"title": "A", "paginate": 2, "feed": {}})
    second, _ = settings_from_config({"title": "B", "url": "https://x.org"})
    assert first == second
    assert settings_from_config({"future": True})[0] != second


@pytest.mark.parametrize(
    ("text", "line", "message", "check"),
    [
        ("x: 1\ntitle: [a, b]\n", 2, "'title' must be text, not a list; it is ignored", None),
        ("url:\n  a: b\n", 1, "'url' must be text, not a mapping", ("url", "")),
        ("lang: no\n", 1, "'lang' must be text, not false", ("lang", "")),
        ("baseurl: true\n", 1, "'baseurl' must be text, not true", ("baseurl", "")),
        ("description: [x]\n", 1, "'description' must be text", ("description", "")),
        (
            "\nincludes_dir: [x]\n",
            2,
            "'includes_dir' must be text, not a list; '_includes' is used",
            ("includes_dir", "_includes"),
        ),
        ("plugins: jekyll-feed\n", 1, "'plugins' must be a list", ("plugins", ())),
        ("gems: [1, jekyll-feed]\n", 1, "'gems' lists something", ("plugins", ("jekyll-feed",))),
        ("author: 5\n", 1, "author: must be a name or a mapping", None),
        ("author: {name: [a], email: e}\n", 1, "author: name: must be text", None),
        ("paginate: '5'\n", 1, "'paginate' must be a number of posts per page", ("paginate", 0)),
        ("paginate: -1\n", 1, "not the number -1; the posts are not paginated", ("paginate", 0)),
        ("paginate: true\n", 1, "'paginate' must be a number", ("paginate", 0)),
        ("markdown_ext: [md]\n", 1, "'markdown_ext' must be text", None),
        ("exclude: {a: b}\n", 1, "'exclude' must be a list of paths", None),
        ("excerpt_separator: [a]\n", 1, "'excerpt_separator' must be text", None),
        ("timezone: [a]\n", 1, "'timezone' must be a zone name", ("timezone", None)),
        ("defaults: [x]\n", 1, "an invalid front matter default set is ignored", None),
    ],
)
def test_a_value_of_the_wrong_type_warns_at_its_line_and_the_default_is_used(
    tmp_path, text, line, message, check
):
    settings, problems = _load(tmp_path, text)
    (problem,) = problems
    assert (problem.path, problem.line, problem.kind) == ("_config.yml", line, ProblemKind.CONFIG)
    assert message in problem.message
    if check is not None:
        name, expected = check
        assert getattr(settings, name) == expected


def test_a_wrong_author_field_is_left_out_and_the_rest_kept():
    settings, problems = settings_from_config({"author": {"name": [1], "email": "e", "uri": True}})
    assert settings.author.fields() == {"email": "e"}
    assert [p.message for p in problems] == [
        "author: name: must be text, not a list; it is ignored",
        "author: uri: must be text, not true; it is ignored",
    ]


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("  Ada  ", {"name": "Ada"}),
        ("   ", {}),
        (None, {}),
        ({"name": "Ada", "email": 5, "bio": "x"}, {"name": "Ada", "email": "5"}),
        # a given but empty name is kept (the feed's <author> as before)
        ({"name": ""}, {"name": ""}),
        (["Ada"], {}),
    ],
)
def test_an_author_as_the_feeds_take_it(value, author):
    assert parse_author(value)[0].fields() == author


@pytest.mark.parametrize(
    ("block", "expected", "warned"),
    [
        (None, FeedBlock(), ""),
        ({}, FeedBlock(), ""),
        ("yes", FeedBlock(), "'feed' must be a mapping"),
        # null has always meant no feeds here (jekyll-feed writes feed.xml)
        ({"path": None}, FeedBlock(path=""), ""),
        ({"path": ""}, FeedBlock(path=""), ""),
        ({"path": ["a"]}, FeedBlock(), "feed: path: must be text, not a list; 'feed.xml' is used"),
        (
            {"posts_limit": 0},
            FeedBlock(),
            "feed: posts_limit: must be a number of posts, 1 or more",
        ),
        ({"posts_limit": "3"}, FeedBlock(), "feed: posts_limit:"),
        ({"posts_limit": True}, FeedBlock(), "not true; 10 is used"),
        ({"excerpt_only": "yes"}, FeedBlock(), "feed: excerpt_only: must be true or false"),
        ({"categories": "news"}, FeedBlock(), "feed: categories: must be a list"),
        ({"categories": ["a", None, ["b"]]}, FeedBlock(categories=("a",)), "lists something"),
        ({"tags": True}, FeedBlock(tags=True), ""),
        ({"tags": ["a", 1]}, FeedBlock(tags=("a", "1")), ""),
        ({"tags": {}}, FeedBlock(tags=True), ""),
        ({"tags": {"except": ["x"]}}, FeedBlock(tags=True, except_tags=("x",)), ""),
        ({"tags": {"only": "x"}}, FeedBlock(tags=True), "feed: tags: only: must be a list"),
        ({"tags": {"except": "x"}}, FeedBlock(tags=True), "feed: tags: except: must be a list"),
        ({"tags": "all"}, FeedBlock(), "feed: tags: must be true, false, a list"),
    ],
)
def test_the_feed_block(block, expected, warned):
    settings, problems = settings_from_config({"x": 1, "feed": block}, key_lines={"feed": 2})
    assert settings.feed == expected
    assert [p.line for p in problems] == ([2] if warned else [])
    assert warned in " ".join(p.message for p in problems)


def test_no_feed_key_is_no_feed_block():
    assert settings_from_config({"plugins": ["jekyll-feed"]})[0].feed is None


def test_a_site_separator_of_null_is_the_default_and_numbers_are_text():
    # Jekyll 4.3.1: `excerpt_separator: ~` keeps the default, the first paragraph.
    assert settings_from_config({"excerpt_separator": None})[0].excerpt_separator == "\n\n"
    assert settings_from_config({"excerpt_separator": 5})[0].excerpt_separator == "5"
    assert settings_from_config({})[0].excerpt_separator == "\n\n"


#: The one problem the shared corpora's ``_config.yml`` files have: Minimal
#: Mistakes' demo still names Universal Analytics, which Google retired in 2023.
CORPUS_PROBLEMS = {"minimal-mistakes": [(92, "analytics: provider 'google-universal' is")]}


def test_the_corpora_and_test_sites_give_no_problems_but_real_ones(shared):
    sites = [p.parent for p in (shared / "corpora").glob("*/_config.yml")]
    sites += [p.parent for p in ROOTS.glob("*/_config.yml")]
    assert len(sites) >= 8
    for site in sites:
        problems = load_site_settings(site)[1]
        expected = CORPUS_PROBLEMS.get(site.name, []) if site.parent.name == "corpora" else []
        assert len(problems) == len(expected), (site, problems)
        for problem, (line, start) in zip(problems, expected, strict=True):
            assert (problem.line, problem.message[: len(start)]) == (line, start)


config_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
config_keys = st.sampled_from(
    [
        "title",
        "name",
        "description",
        "author",
        "url",
        "baseurl",
        "lang",
        "plugins",
        "gems",
        "includes_dir",
        "paginate",
        "paginate_path",
        "feed",
        "excerpt_separator",
        "markdown_ext",
        "exclude",
        "include",
        "timezone",
        "defaults",
    ]
)
feed_blocks = st.dictionaries(
    st.sampled_from(["path", "posts_limit", "excerpt_only", "categories", "tags"]),
    config_values | st.dictionaries(st.sampled_from(["only", "except"]), config_values, max_size=2),
    max_size=5,
)


@given(
    st.dictionaries(config_keys, config_values, max_size=8),
    st.none() | feed_blocks,
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_any_config_gives_typed_settings_and_config_problems(data, block):
    if block is not None:
        data["feed"] = block
    site, problems = settings_from_config(data)
    assert all(p.kind is ProblemKind.CONFIG and p.path == "_config.yml" for p in problems)
    for name in ("title", "description", "url", "baseurl", "lang", "excerpt_separator"):
        assert isinstance(getattr(site, name), str)
    assert site.includes_dir
    assert all(isinstance(v, str) for v in site.author.fields().values())
    assert all(isinstance(p, str) for p in site.plugins)
    assert isinstance(site.paginate, int)
    assert site.paginate >= 0
    feed = site.feed
    if feed is not None:
        assert isinstance(feed.path, str)
        assert isinstance(feed.posts_limit, int)
        assert feed.posts_limit >= 1
        assert isinstance(feed.excerpt_only, bool)
        assert all(isinstance(c, str) for c in feed.categories)
        assert feed.tags in (True, False) or all(isinstance(t, str) for t in feed.tags)
        assert all(isinstance(t, str) for t in feed.except_tags)


def test_a_source_folder_is_not_read_and_says_so():
    _settings, problems = settings_from_config(
        {"source": "src", "title": "x"}, key_lines={"title": 1, "source": 2}
    )
    assert [(p.line, p.kind) for p in problems] == [(2, ProblemKind.CONFIG)]
    assert "'source: src' is not read" in problems[0].message
    for same in (".", "./", ""):
        assert settings_from_config({"source": same})[1] == ()
