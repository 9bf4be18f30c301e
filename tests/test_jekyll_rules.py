"""Jekyll 4.3's rules as plain functions: no Sphinx involved.

Expected values were checked against ``jekyll build`` 4.3.1 on the same input.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from sphinxext_jekyllposts.jekyll import (
    SiteSettings,
    parse_date,
    parse_post_name,
    read_post,
    resolve_zone,
    scan_site,
    settings_from_config,
    slugify,
    split_front_matter,
    titleize_slug,
)
from sphinxext_jekyllposts.jekyll.catalog import ReadCache
from sphinxext_jekyllposts.jekyll.defaults import defaults_for
from sphinxext_jekyllposts.jekyll.names import matches_post_name
from sphinxext_jekyllposts.jekyll.problems import ProblemKind

if TYPE_CHECKING:
    from pathlib import Path

SHANGHAI = resolve_zone("Asia/Shanghai")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-01-01 10:00:00 +0100", "2015-01-01T17:00:00+08:00"),
        ("2015-01-01 10:00:00 +01:00", "2015-01-01T17:00:00+08:00"),
        ("2015-01-01T10:00:00Z", "2015-01-01T18:00:00+08:00"),
        ("2015-01-03 10:00", "2015-01-03T10:00:00+08:00"),
        ("2015-01-04", "2015-01-04T00:00:00+08:00"),
        ("2015-1-8", "2015-01-08T00:00:00+08:00"),
        ("15-01-08", "2015-01-08T00:00:00+08:00"),
        ("99-1-8", "1999-01-08T00:00:00+08:00"),
        ("2015/01/16 10:00", "2015-01-16T10:00:00+08:00"),
        ("20150119", "2015-01-19T00:00:00+08:00"),
        ("Tue, 13 Jan 2015 10:00:00 +0200", "2015-01-13T16:00:00+08:00"),
        ("May 18, 2018", "2018-05-18T00:00:00+08:00"),
        ("2015-01-01 10:00 PST", "2015-01-02T02:00:00+08:00"),
        # Ruby rolls an impossible day over into the next month
        ("2015-02-30", "2015-03-02T00:00:00+08:00"),
        # Ruby's parser skips words it does not know (jekyll-docs has this one)
        ("2023-01-29 18:30:22 2023 -0800", "2023-01-30T10:30:22+08:00"),
        ("2015-01-05 10:00 pm", "2015-01-05T22:00:00+08:00"),
        ("2015-01-05 12:30 am", "2015-01-05T00:30:00+08:00"),
        ("13 January 2015", "2015-01-13T00:00:00+08:00"),
        ("5 Jan 2015", "2015-01-05T00:00:00+08:00"),
        ("01/05/2015", "2015-05-01T00:00:00+08:00"),  # day first, as Ruby
    ],
)
def test_parse_date_as_ruby_time_parse(text, expected):
    assert parse_date(text, SHANGHAI).isoformat() == expected


@pytest.mark.parametrize("text", ["", "garbage", "0000-00-00", "2015-13-01", "2015-01-01 25:00:00"])
def test_parse_date_rejects_what_ruby_rejects(text):
    assert parse_date(text, SHANGHAI) is None


def test_unknown_zone_is_an_error():
    with pytest.raises(ValueError, match="unknown time zone"):
        resolve_zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("path", "date", "slug", "ext"),
    [
        (
            "_posts/2018-05-18-2018-openstack-vancouver-summit.md",
            "2018-05-18",
            "2018-openstack-vancouver-summit",
            ".md",
        ),
        ("_posts/2015-1-8-h-WORLD.markdown", "2015-1-8", "h-WORLD", ".markdown"),
        ("_posts/2015-01-16-p..md", "2015-01-16", "p", ".md"),
        ("_posts/sub/2015-01-11-k.md", "2015-01-11", "k", ".md"),
        ("_drafts/a-draft.md", None, "a-draft", ".md"),
        ("_posts/2019-01-01-中文标题.md", "2019-01-01", "中文标题", ".md"),
    ],
)
def test_parse_post_name(path, date, slug, ext):
    name = parse_post_name(path)
    assert (name.date, name.slug, name.ext) == (date, slug, ext)


@pytest.mark.parametrize(
    ("entry", "is_post"),
    [
        ("2020-01-01-a.md", True),
        ("sub/2020-01-01-a.md", True),
        ("README.md", False),
        ("2020-01-01.md", False),
        ("٢٠٢٠-٠١-٠١-arabic-digits.md", False),  # Ruby's \d is ASCII only
    ],
)
def test_which_files_are_posts(entry, is_post):
    assert matches_post_name(entry) is is_post


def test_titleize_slug_capitalizes_each_word_and_lowercases_the_rest():
    assert titleize_slug("h-WORLD") == "H World"
    assert titleize_slug("2018-openstack-vancouver-summit") == "2018 Openstack Vancouver Summit"


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [
        ("The _config.yml file", "default", "the-config-yml-file"),
        ("The _config.yml file", "pretty", "the-_config.yml-file"),
        ("The _config.yml file", "raw", "the-_config.yml-file"),
        ("The _config.yml file", "ascii", "the-config-yml-file"),
        ("技术 随笔", "default", "技术-随笔"),
        ("技术 随笔", "ascii", ""),
        ("C++", "default", "c"),
        ("Café au lait", "latin", "cafe-au-lait"),
        ("Café au lait", "none", "café au lait"),
    ],
)
def test_slugify_modes(text, mode, expected):
    assert slugify(text, mode) == expected


def test_slugify_cased_keeps_case():
    assert slugify("Hello World", cased=True) == "Hello-World"


def test_front_matter_closes_with_dots_and_reports_body_line():
    front = split_front_matter("---\ntitle: x\n...\nbody\n")
    assert front.data == {"title": "x"}
    assert front.body_line == 4


def test_front_matter_tab_inside_a_value_is_read_as_psych_does():
    # libyaml (Psych's parser too) keeps the tab; pure-Python PyYAML would
    # reject it, and then the tab is read as a space: the same three tags.
    assert split_front_matter("---\ntags: a b\tc\n---\n").data["tags"].split() == ["a", "b", "c"]


@pytest.mark.parametrize("space", ["\u00a0", "\u2028", "\x1c"])
def test_front_matter_white_space_is_ascii_as_in_ruby(space):
    opened = split_front_matter(f"---{space}\ntitle: x\n---\nbody")
    assert not opened.present
    assert opened.problems == ()
    # Not a closing line: the block closes on line 4, the body is on line 5.
    assert split_front_matter(f"---\ntitle: x\n---{space}\n---\nbody").body_line == 5


def test_front_matter_with_a_bom_and_crlf():
    front = split_front_matter("\ufeff---\r\ntitle: x\r\n---\r\nbody")
    assert front.data == {"title": "x"}


@pytest.mark.parametrize(
    "text",
    [
        "---\n!!python/object:os.system [ls]\n---\n",
        "---\na: !!python/name:os.system\n---\n",
    ],
)
def test_front_matter_rejects_python_tags(text):
    front = split_front_matter(text)
    assert front.data == {}
    assert front.problems[0].kind is ProblemKind.FRONT_MATTER


def test_front_matter_with_an_impossible_timestamp_keeps_the_rest():
    front = split_front_matter("---\ntitle: x\ndate: 2015-02-30\n---\n")
    assert front.data == {"title": "x", "date": "2015-02-30"}


def test_front_matter_key_lines():
    front = split_front_matter("---\ntitle: x\n# comment\ndate: y\n---\n")
    assert front.line_of("date") == 4
    assert front.line_of("missing") == 1


def _post(tmp_path: Path, relative: str, text: str, settings: SiteSettings | None = None):
    file = tmp_path / relative
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return read_post(
        file,
        relative_path=relative,
        settings=settings or SiteSettings(timezone="UTC"),
        zone=dt.UTC,
        draft=relative.startswith("_drafts"),
        site_dir=tmp_path,
    )


def test_empty_published_key_unpublishes_as_in_ruby(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\npublished:\n---\n")
    (tmp_path / "_posts" / "2020-01-02-b.md").write_text("---\npublished: 'false'\n---\n")
    catalog = scan_site(tmp_path, SiteSettings(timezone="UTC"))
    # nil is false in Ruby; the string "false" is true
    assert [p.path for p in catalog] == ["_posts/2020-01-02-b.md"]


def test_future_posts_depend_on_now(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2030-01-01-later.md").write_text("---\n---\n")
    settings = SiteSettings(timezone="UTC")
    before = dt.datetime(2029, 12, 31, tzinfo=dt.UTC)
    after = dt.datetime(2030, 1, 2, tzinfo=dt.UTC)
    assert len(scan_site(tmp_path, settings, now=before)) == 0
    assert len(scan_site(tmp_path, settings, now=after)) == 1


def test_a_post_without_front_matter_is_still_a_post(tmp_path):
    post = _post(tmp_path, "_posts/2020-01-17-q.md", "no front matter\n")
    assert post.title == "Q"
    assert post.date.isoformat() == "2020-01-17T00:00:00+00:00"


def test_a_post_neither_markdown_nor_html_is_skipped_with_a_problem(tmp_path):
    skipped = _post(tmp_path, "_posts/2020-01-01-notes.txt", "---\n---\nx\n")
    assert skipped.problem.kind is ProblemKind.FORMAT


def test_an_html_post_is_a_post_in_html(tmp_path):
    post = _post(tmp_path, "_posts/2020-01-01-page.html", "---\n---\n<p>x</p>\n")
    assert (post.markup, post.title, post.url) == ("html", "Page", "/2020/01/01/page.html")


def test_defaults_apply_by_path_and_type_most_specific_last():
    settings, problems = settings_from_config(
        {
            "defaults": [
                {"scope": {"path": ""}, "values": {"author": "site", "layout": "page"}},
                {
                    "scope": {"path": "_posts", "type": "posts"},
                    "values": {"layout": "post"},
                },
                {
                    "scope": {"path": "_posts/2020", "type": "pages"},
                    "values": {"layout": "no"},
                },
                {"values": {"comments": True}},
            ]
        }
    )
    assert problems == ()
    assert defaults_for(settings, "_posts/2020-01-01-a.md") == {
        "author": "site",
        "layout": "post",
        "comments": True,
    }


def test_defaults_reach_the_post_and_front_matter_wins(tmp_path):
    settings, _ = settings_from_config(
        {
            "timezone": "UTC",
            "defaults": [
                {
                    "scope": {"path": "_posts"},
                    "values": {"author": "A", "categories": ["d"]},
                }
            ],
        }
    )
    post = _post(
        tmp_path,
        "_posts/2020-01-01-a.md",
        "---\nauthor: B\ncategories: x\n---\n",
        settings,
    )
    assert post.author == "B"
    # categories accumulate from defaults and front matter, as merge_data! does
    assert post.categories == ("d", "x")


def test_invalid_site_settings_are_problems_not_errors():
    settings, problems = settings_from_config(
        {"timezone": "Nowhere/Land", "defaults": "nope", "show_drafts": "yes"}
    )
    assert settings.timezone is None
    assert settings.show_drafts is True  # Ruby truthiness
    assert [p.kind for p in problems] == [ProblemKind.CONFIG, ProblemKind.CONFIG]


def test_catalog_groups_categories_and_tags_newest_first(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\ncategories: x\ntags: t\n---\n")
    (tmp_path / "_posts" / "2020-02-01-b.md").write_text("---\ncategories: x y\n---\n")
    catalog = scan_site(tmp_path, SiteSettings(timezone="UTC"))
    assert [p.slug for p in catalog] == ["a", "b"]
    assert {k: [p.slug for p in v] for k, v in catalog.categories().items()} == {
        "x": ["b", "a"],
        "y": ["b"],
    }
    assert list(catalog.tags()) == ["t"]


def test_scan_skips_hidden_and_excluded_folders(tmp_path):
    for folder in (
        "_posts",
        "blog/_posts",
        "_site/_posts",
        "node_modules/_posts",
        ".git/_posts",
    ):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "2020-01-01-a.md").write_text("---\n---\n")
    settings, _ = settings_from_config({"timezone": "UTC"})
    assert sorted(p.path for p in scan_site(tmp_path, settings)) == [
        "_posts/2020-01-01-a.md",
        "blog/_posts/2020-01-01-a.md",
    ]


def test_an_untitled_post_is_titled_from_its_file_name_even_with_a_slug(tmp_path):
    post = _post(tmp_path, "_posts/2020-01-01-foo-bar.md", "---\nslug: custom\n---\n")
    assert (post.title, post.slug) == ("Foo Bar", "custom")


def test_a_false_singular_key_falls_back_to_the_plural(tmp_path):
    post = _post(tmp_path, "_posts/2020-01-01-a.md", "---\ntag: false\ntags: x y\n---\n")
    assert post.tags == ("x", "y")


def test_symbolic_links_are_posts_only_inside_the_site(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "real.md").write_text("---\ntitle: Linked\n---\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("---\ntitle: Secret\n---\n")
    (tmp_path / "_posts" / "2020-01-01-inside.md").symlink_to(tmp_path / "real.md")
    (tmp_path / "_posts" / "2020-01-02-outside.md").symlink_to(outside)
    catalog = scan_site(tmp_path, SiteSettings(timezone="UTC"))
    assert [p.title for p in catalog] == ["Linked"]
    (skipped,) = catalog.skipped
    assert skipped.reason == "it is a symbolic link to a file outside the site"


def test_a_slug_of_zero_is_kept_as_ruby_keeps_it(tmp_path):
    # `0 in (None, False)` is true in Python; 0 is truthy in Ruby
    post = _post(tmp_path, "_posts/2020-01-01-foo.md", "---\nslug: 0\n---\n")
    assert post.slug == "0"


def test_a_scan_with_a_cache_reads_only_changed_files(tmp_path):
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2020-01-01-a.md").write_text("---\ntitle: A\n---\nA\n", "utf-8")
    (posts / "2020-01-02-b.md").write_text("---\ntitle: B\n---\nB\n", "utf-8")
    cache = ReadCache()
    settings = SiteSettings(timezone="UTC")
    first = scan_site(tmp_path, settings, cache=cache)
    (posts / "2020-01-02-b.md").write_text("---\ntitle: B, edited\n---\nB\n", "utf-8")
    second = scan_site(tmp_path, settings, cache=cache)
    assert second.posts[0] is first.posts[0]
    assert second.posts[1].title == "B, edited"
    other = scan_site(tmp_path, SiteSettings(timezone="Asia/Shanghai"), cache=cache)
    assert other.posts[0] is not first.posts[0]  # other settings: read again
    assert other.posts[0].date.utcoffset() == dt.timedelta(hours=8)
