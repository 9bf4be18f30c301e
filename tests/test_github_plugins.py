"""GitHub Pages' plugins as they change posts (tests/roots/test-github-plugins):
jemoji, jekyll-mentions, and links to a post's ``.md`` source.

The expected HTML is what ``jekyll build`` (Jekyll 4.3.1) wrote for the same
posts, with jekyll-mentions 1.6.0 and html-pipeline 2.14.3 as Debian ships
them and jemoji 0.13.0 with gemoji 4.1.0 (GitHub Pages' versions) loaded from
their sources; only the attributes Sphinx adds (``reference external``, the
order of attributes) differ.
"""

from __future__ import annotations

import io
import re
import shutil
import time

import pytest
from conftest import ROOTS, href, page, warnings_of
from hypothesis import example, given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll.github_plugins import (
    EMOJI_ROOT,
    GitHubPlugins,
    emoji_image_url,
    emoji_spans,
    github_plugins_of,
    load_gemoji,
    mention_spans,
    post_mentions_base,
    rewritten_html,
)
from sphinxext_jekyllposts.jekyll.site import settings_from_config

EMOJI = "_posts/2018-01-01-emoji"
MENTIONS = "_posts/2018-01-02-mentions"
TADA = (
    '<img alt=":tada:" class="emoji" height="20" '
    'src="https://github.githubassets.com/images/icons/emoji/unicode/1f389.png" '
    'title=":tada:" width="20"/>'
)


def _build(srcdir, builder="html"):
    app = SphinxTestApp(builder, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO())
    app.build()
    return app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("github") / "site"
    shutil.copytree(ROOTS / "test-github-plugins", srcdir)
    app = _build(srcdir)
    yield app
    app.cleanup()


@pytest.fixture(scope="module")
def built_off(tmp_path_factory):
    """The same site, its ``_config.yml`` listing neither plugin."""
    srcdir = tmp_path_factory.mktemp("github-off") / "site"
    shutil.copytree(ROOTS / "test-github-plugins", srcdir)
    (srcdir / "_config.yml").write_text("title: No plugins\nplugins:\n  - jekyll-feed\n")
    app = _build(srcdir)
    yield app
    app.cleanup()


def paragraphs(app, docname):
    """The post's own paragraphs (without the header and footer we add)."""
    main = page(app, docname).find(attrs={"role": "main"})
    for added in main.select(".jekyllposts-post-header, .jekyllposts-post-footer"):
        added.decompose()
    return [str(p) for p in main.find_all("p")]


def test_emoji_images_as_jemoji_writes_them(built):
    first = paragraphs(built, EMOJI)[0]
    assert first.startswith(f"<p>Done {TADA} and ")
    assert 'title=":+1:"' in first
    assert first.count('title=":smile:"') == 2  # `:+1::smile:` and `x:smile:y`
    assert ", 10:30:00, :nope: :octocat: " in first  # no such names in gemoji 4.1.0
    assert "unicode/1f468-1f469-1f466.png" in first  # zero-width joiners left out


def test_emoji_not_in_code_but_in_links_and_headings(built):
    main = page(built, EMOJI).find(attrs={"role": "main"})
    second = paragraphs(built, EMOJI)[1]
    assert '<span class="pre">:tada:</span>' in second
    assert "<code>:tada:</code> <tt>:sparkles:</tt>" in second
    link = main.find("a", href="https://example.org/:tada:/")
    assert link.find("img", class_="emoji")["alt"] == ":bug:"
    assert '<span><img alt=":wave:" class="emoji"' in second
    assert main.find("img", src="https://example.org/party.png")["alt"] == ":tada:"
    assert ":tada: in a code block" in main.find("pre").get_text()
    heading = main.find("section", id="fixed-bug")  # kramdown's id, from `:bug:`
    assert heading.find("h2").find("img", class_="emoji")["alt"] == ":bug:"
    title = main.find("h1")
    assert title.find("img", class_="emoji")["alt"] == ":tada:"


def test_emoji_in_a_title_with_inline_html_but_not_in_its_code(built):
    title = page(built, "_posts/2018-01-05-styled-title").find(attrs={"role": "main"}).find("h1")
    assert title.find("code").get_text() == ":tada:"
    assert [img["alt"] for img in title.find_all("img", class_="emoji")] == [":rocket:"]


def test_in_html_blocks_as_in_the_rest(built):
    html = str(page(built, EMOJI).find("div", class_="note"))
    bouquet = (
        '<img alt=":bouquet:" class="emoji" height="20" '
        'src="https://github.githubassets.com/images/icons/emoji/unicode/1f490.png" '
        'title=":bouquet:" width="20"/>'
    )
    mention = '<a class="user-mention" href="https://github.com/frank">@frank</a>'
    assert f'{bouquet} <span title=":tada:">for {mention}</span> {bouquet}' in html
    assert "<pre>:tada: @pre</pre> <code>:tada:</code> <!-- :tada: --> <tt>:tada:</tt>" in html
    assert '<a href="https://example.org/">@linked <img alt=":tada:" class="emoji"' in html


def test_html_blocks_shown_as_written_without_raw_html(tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-github-plugins", srcdir)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("jekyllposts_raw_html = False\n")
    app = _build(srcdir)
    try:
        text = page(app, EMOJI).find(attrs={"role": "main"}).get_text()
    finally:
        app.cleanup()
    assert ":bouquet: <span" in text
    assert ">for @frank</span> :bouquet:" in text


def test_mentions_as_jekyll_mentions_links_them(built):
    first, second = paragraphs(built, MENTIONS)[:2]
    links = re.findall(r'<a class="user-mention reference external" href="([^"]+)">@', first)
    users = ["alice", "bob-x", "zh", "dot", "trail-", "_under", "a-"]
    assert links == [f"https://github.com/{user}" for user in users]
    assert first.endswith("@a-</a>@b.</p>")
    assert "user-mention" not in second
    assert "a@b.com" in second
    assert "<code>@html</code>" in second
    assert '<a class="reference external" href="https://example.org">@linked</a>' in second


def test_mentions_off_or_elsewhere_by_front_matter(built):
    text = paragraphs(built, "_posts/2018-01-03-no-mentions")[0]
    assert "Hello @alice <img" in text
    other = paragraphs(built, "_posts/2018-01-04-other-base")[0]
    assert 'href="https://gitlab.example.org/~alice">@alice</a>' in other


def test_links_to_post_sources_link_the_posts(built):
    main = page(built, MENTIONS).find(attrs={"role": "main"})
    hrefs = [a["href"] for a in main.find("section", id="thanks").find_all("a", href=True)]
    emoji = href(built, MENTIONS, EMOJI)
    assert emoji == "../01/emoji.html"  # at its Jekyll URL
    assert hrefs[-4:] == [
        emoji,
        emoji,
        f"{emoji}#fixed-bug",
        "/missing.md",  # neither a post nor a page: as written, as in Jekyll
    ]
    index = page(built, "index").find(attrs={"role": "main"}).find("p")
    assert [a["href"] for a in index.find_all("a")] == [
        href(built, "index", EMOJI),
        href(built, "index", MENTIONS) + "#thanks",
    ]


def test_nothing_changes_without_the_plugins(built_off):
    first = paragraphs(built_off, EMOJI)[0]
    assert first.startswith("<p>Done :tada: and :+1::smile: x:smile:y,")
    assert "emoji" not in str(page(built_off, EMOJI).find(attrs={"role": "main"}))
    mentions = paragraphs(built_off, MENTIONS)[0]
    assert mentions.startswith("<p>Thanks @alice and @bob-x, 中@zh")
    assert f'href="{href(built_off, MENTIONS, EMOJI)}"' in str(page(built_off, MENTIONS))
    assert "user-mention" not in warnings_of(built_off)


def test_listing_a_plugin_reads_the_posts_again(tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-github-plugins", srcdir)
    config = srcdir / "_config.yml"
    listed = config.read_text()
    config.write_text("title: No plugins\n")
    _build(srcdir).cleanup()
    config.write_text(listed)
    app = _build(srcdir)
    app.cleanup()
    assert "5 changed" in app.status.getvalue()
    assert TADA in paragraphs(app, EMOJI)[0]
    again = _build(srcdir)
    again.cleanup()
    assert "0 changed" in again.status.getvalue()


@pytest.mark.parametrize(("builder", "suffix"), [("text", "txt"), ("epub", "xhtml")])
def test_emoji_is_its_character_in_other_builders(tmp_path, builder, suffix):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-github-plugins", srcdir)
    app = _build(srcdir, builder)
    try:
        text = (app.outdir / f"{EMOJI}.{suffix}").read_text("utf-8")
    finally:
        app.cleanup()
    assert "Release \U0001f389" in text
    assert "Done \U0001f389 and \U0001f44d\U0001f604 x\U0001f604y" in text
    # The HTML block keeps what jemoji wrote in it (raw HTML, as the post's own).
    outside = re.sub(r'<div class="note">.*?</div>', "", text, flags=re.S)
    assert "githubassets" not in outside


# The rules on their own.


def test_settings_from_config():
    settings, problems = settings_from_config({"gems": ["jemoji"]})
    assert settings.github == GitHubPlugins(emoji_root=EMOJI_ROOT)
    assert not problems
    data = {
        "plugins": ["jemoji", "jekyll-mentions"],
        "emoji": {"src": "https://cdn.example.org/icons"},
        "jekyll-mentions": "https://gitlab.example.org",
    }
    settings, _ = settings_from_config(data)
    assert settings.github == GitHubPlugins(
        "https://cdn.example.org/icons", "https://gitlab.example.org"
    )
    assert settings_from_config({"plugins": ["jekyll-feed"]})[0].github == GitHubPlugins()
    found = []
    plugins = github_plugins_of(
        {"jekyll-mentions": 3}, ["jekyll-mentions"], lambda m, k: found.append(k)
    )
    assert plugins.mentions_base == "https://github.com"
    assert found == ["jekyll-mentions"]


def test_post_mentions_base():
    site = GitHubPlugins(mentions_base="https://github.com")
    assert post_mentions_base(site, {}) == "https://github.com"
    assert post_mentions_base(site, {"jekyll-mentions": False}) is None
    assert post_mentions_base(site, {"jekyll-mentions": {"base_url": "https://x"}}) == "https://x"
    assert post_mentions_base(GitHubPlugins(), {"jekyll-mentions": "https://x"}) is None


def test_gemoji_names():
    names = load_gemoji()
    assert len(names) == 1913
    assert names["tada"] == "1f389"
    assert names["+1"] == names["thumbsup"]
    assert "octocat" not in names  # gemoji 4 has no custom emoji
    url = emoji_image_url(EMOJI_ROOT, names["relaxed"])
    assert url == "https://github.githubassets.com/images/icons/emoji/unicode/263a.png"


def _ruby_emoji(text, names):
    """html-pipeline's EmojiFilter: ``gsub(/:(name|...):/)``, names sorted."""
    pattern = re.compile(":(" + "|".join(re.escape(n) for n in sorted(names)) + "):")
    return [m.group(1) for m in pattern.finditer(text)]


_NAMES = {"a": "61", "ab": "62", "+1": "31", "b-c": "63"}


@given(st.text(alphabet=":ab+1-c x", max_size=40))
def test_emoji_spans_are_html_pipeline_s(text):
    spans = list(emoji_spans(text, _NAMES))
    found = [piece for piece, points in spans if points is not None]
    assert found == _ruby_emoji(text, _NAMES)
    assert "".join(f":{p}:" if points else p for p, points in spans) == text


# html-pipeline's MentionPatterns with jekyll-mentions' username pattern;
# Ruby's \w and \W are ASCII, its ^ and $ match at lines.
_RUBY_MENTION = re.compile(
    r"(?:^|\W)@((?>[\w][\w-]*))(?!/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)",
    re.ASCII | re.IGNORECASE | re.MULTILINE,
)


@given(st.text(alphabet="@a1_-./ \n中", max_size=40))
def test_mention_spans_are_html_pipeline_s(text):
    spans = list(mention_spans(text))
    expected = [
        m.group(1)
        for m in _RUBY_MENTION.finditer(text)
        if m.group(1).lower() not in {"mention", "mentions", "mentioned", "mentioning"}
    ]
    assert [piece for piece, is_login in spans if is_login] == expected
    assert "".join(f"@{p}" if is_login else p for p, is_login in spans) == text


@given(st.text(alphabet="<>/!-a :tada@b", max_size=50))
@example("</@a>")  # a bogus comment, not text (found by this test in CI)
@example("<!a @b> <?a @b>")
def test_html_is_rewritten_only_in_its_text(markup):
    names = {"tada": "1f389"}
    assert rewritten_html(markup, None, names, None) == markup
    rewritten = rewritten_html(markup, EMOJI_ROOT, names, "https://github.com")
    if ":tada:" not in markup and "@" not in markup:
        assert rewritten == markup
    for tag in re.findall(r"<[A-Za-z/][^<>]*>", markup):
        assert tag in rewritten


@pytest.mark.parametrize(
    "text",
    [
        ":" * 100_000,
        ":a" * 50_000,
        "@" * 100_000,
        "@a" * 50_000,
        "@a." + "." * 100_000,
        "<a" * 50_000,
        "<!--" * 25_000,
        "<a>:tada:@b" * 10_000,
    ],
)
def test_the_rules_are_linear(text):
    names = load_gemoji()
    start = time.perf_counter()
    list(emoji_spans(text, names))
    list(mention_spans(text))
    rewritten_html(text, EMOJI_ROOT, names, "https://github.com")
    assert time.perf_counter() - start < 2.0
