"""The Sphinx-free Liquid renderer and kramdown rules: line maps, Jekyll's
filters, include safety, limits, and (hypothesis) no exception on any input."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sphinxext_jekyllposts.jekyll.catalog import scan_site
from sphinxext_jekyllposts.jekyll.kramdown import gfm_id, kramdown_plugin, prepare_lines
from sphinxext_jekyllposts.jekyll.liquid import LiquidLimits, LiquidRenderer, load_site_data
from sphinxext_jekyllposts.jekyll.site import load_site_settings


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_config.yml").write_text("title: T\nurl: https://x.org\nbaseurl: /b\n", "utf-8")
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\ntitle: A\n---\nA\n", "utf-8")
    (tmp_path / "_posts" / "2021-01-01-b.md").write_text("---\ntitle: B\n---\nB\n", "utf-8")
    (tmp_path / "_includes" / "two.html").write_text("one\ntwo\n", "utf-8")
    return tmp_path


def renderer(site, mapped_tags=None, **limits):
    settings, _ = load_site_settings(site)
    catalog = scan_site(site, settings)
    liquid = LiquidRenderer(catalog, site, limits=LiquidLimits(**limits), mapped_tags=mapped_tags)
    return liquid, catalog


def test_each_output_line_knows_its_source_line(site):
    liquid, catalog = renderer(site)
    body = "a\n{% include two.html %}\nb\n{% for i in (1..3) %}\nrow {{ i }}\n{% endfor %}\nend"
    out = liquid.render(catalog.posts[0], body, first_line=4)
    pairs = list(zip(out.text.split("\n"), out.lines, strict=True))
    assert pairs[0] == ("a", 4)
    assert ("two", 5) in pairs
    assert ("b", 6) in pairs
    assert [line for text, line in pairs if text.startswith("row")] == [8, 8, 8]
    assert pairs[-1] == ("end", 10)


def test_the_includes_folder_and_site_url_are_the_sites_settings(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_parts").mkdir()
    (tmp_path / "_config.yml").write_text("includes_dir: _parts\nurl: https://x.org\n", "utf-8")
    (tmp_path / "_parts" / "p.html").write_text("part", "utf-8")
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text("---\n---\nA\n", "utf-8")
    liquid, catalog = renderer(tmp_path)
    body = "{% include p.html %} {{ site.url }} {{ '/a' | absolute_url }}"
    out = liquid.render(catalog.posts[0], body, first_line=1)
    assert out.text == "part https://x.org https://x.org/a"


def test_text_without_liquid_is_returned_as_is(site):
    liquid, catalog = renderer(site)
    out = liquid.render(catalog.posts[0], "plain $x\n{ not liquid }\n", first_line=3)
    assert out.text == "plain $x\n{ not liquid }\n"
    assert out.lines == [3, 4, 5]


def test_site_posts_are_newest_first_and_page_has_neighbours(site):
    liquid, catalog = renderer(site)
    body = "{{ site.posts | map: 'title' | join: ',' }} {{ page.next.title }} {{ page.date }}"
    out = liquid.render(catalog.posts[0], body, first_line=1)
    assert out.text == "B,A B 2020-01-01 00:00:00 +0000"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '/x/' | relative_url }}", "/b/x/"),
        ("{{ 'x' | absolute_url }}", "https://x.org/b/x"),
        ("{{ 'https://y.org/' | relative_url }}", "https://y.org/"),
        ("{{ 'Hello World!' | slugify }}", "hello-world"),
        ("{{ '中文 标题' | slugify }}", "中文-标题"),
        ("{{ 'a&b<c' | xml_escape }}", "a&amp;b&lt;c"),
        ("{{ 'a b/c' | uri_escape }}", "a%20b/c"),
        ("{{ 'a b' | cgi_escape }}", "a+b"),
        ("{{ page.date | date_to_xmlschema }}", "2020-01-01T00:00:00+00:00"),
        ("{{ page.date | date_to_string }}", "01 Jan 2020"),
        ("{{ page.date | date_to_long_string: 'ordinal', 'US' }}", "January 1st, 2020"),
        ("{{ 'a  b\n c' | normalize_whitespace }}", "a b c"),
        ("{{ '你好 world' | number_of_words: 'cjk' }}", "3"),
        ("{{ page.tags | array_to_sentence_string }}", ""),
        ("{{ site.posts | where: 'title', 'A' | map: 'url' | first }}", "/2020/01/01/a.html"),
        ("{{ site.posts | where_exp: 'p', \"p.title == 'B'\" | size }}", "1"),
        ("{{ site.posts | group_by: 'title' | map: 'name' | join: '' }}", "BA"),
        ("{{ 'x' | jsonify }}", '"x"'),
        ("{{ '*a*' | markdownify }}", "<p><em>a</em></p>\n"),
        ("{{ '3.7' | to_integer }}", "3"),
    ],
)
def test_jekyll_filters(site, source, expected):
    liquid, catalog = renderer(site)
    out = liquid.render(catalog.posts[0], source, first_line=1)
    assert out.problems == []
    assert out.text == expected


def test_include_symlinked_out_of_the_site_is_refused(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.html"
    outside.write_text("SECRET", "utf-8")
    (site / "_includes" / "link.html").symlink_to(outside)
    liquid, catalog = renderer(site)
    out = liquid.render(catalog.posts[0], "{% include link.html %}", first_line=1)
    assert "SECRET" not in out.text
    assert [p.kind for p in out.problems] == ["include"]


def test_output_and_time_limits_keep_the_post_as_written(site):
    liquid, catalog = renderer(site, output_chars=1000)
    body = "{% for i in (1..500) %}xxxxx{% endfor %}"
    out = liquid.render(catalog.posts[0], body, first_line=2)
    assert out.text == body
    assert [p.kind for p in out.problems] == ["limit"]
    liquid, catalog = renderer(site, seconds=0.0)
    out = liquid.render(catalog.posts[0], "{% for i in (1..50) %}x{% endfor %}", first_line=2)
    assert [(p.kind, p.line) for p in out.problems] == [("limit", 2)]


TEN = '{% assign a = "xxxxxxxxxx" %}'
#: 655,360 characters that HTML and JSON escape, under the 1,000,000 of the tests.
LONG = '{% assign a = "<<<<<<<<<<" %}' + "{% assign a = a | append: a %}" * 16
QUOTES = "{% assign a = '" + '"' * 10 + "' %}" + "{% assign a = a | append: a %}" * 16
NESTED = '{% assign a = "x" | split: "," %}' + "{% assign a = a | push: a %}" * 40


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (TEN + "\n{% assign a = a | append: a %}" * 40, 19, "'append' made a value"),
        (TEN + "\n{% assign a = a | prepend: a %}" * 40, 19, "'prepend' made a value"),
        (TEN + "{% capture a %}{{ a }}{{ a }}{% endcapture %}" * 40, 2, "a capture of"),
        (TEN + "{% assign a = a | replace: '', a %}" * 10, 2, "'replace' would make"),
        (LONG + "{{ 'a,b,c' | split: ',' | join: a }}", 2, "'join' would make"),
        (LONG + "{{ a | xml_escape }}", 2, "'xml_escape' made"),
        (LONG + "{{ a | markdownify }}", 2, "'markdownify' made"),
        (QUOTES + "{{ a | jsonify }}", 2, "'jsonify' made"),
        (LONG + "{% assign b = a %}{% assign c = a %}", 2, "variables of"),
        (NESTED + "{{ a }}", 2, "'push' made a value"),
        ("{% assign n = 99 %}" + "{% assign n = n | times: n %}" * 40, 2, "100,000 bits"),
        ("{{ (1..999999999) | sort | first }}", 2, "'sort' was given"),
        ("{{ (1..999999999) | join: ',' }}", 2, "'join' was given"),
    ],
    ids=[
        "append doubling",
        "prepend doubling",
        "capture doubling",
        "replace between every two characters",
        "join with a long separator",
        "escapes of a long text",
        "markdownify of a long text",
        "jsonify of a long text",
        "variables in all",
        "a list pushed into itself",
        "a number squared",
        "a range sorted",
        "a range joined",
    ],
)
def test_values_made_by_liquid_are_bounded_and_the_post_kept_as_written(site, body, line, words):
    liquid, catalog = renderer(site, output_chars=1_000_000)
    out = liquid.render(catalog.posts[0], body, first_line=2)
    assert out.text == body
    assert [(p.kind, p.line) for p in out.problems] == [("limit", line)]
    assert words in out.problems[0].message
    assert "jekyllposts_liquid_max_output" in out.problems[0].message or "bits" in words


def test_values_within_the_bound_render_as_before(site):
    liquid, catalog = renderer(site)
    body = (
        TEN + "{% assign a = a | append: a %}" * 10 + "{{ a | size }} "
        "{{ site.posts | map: 'title' | join: ', ' }} {{ (1..3) | join: '-' }} "
        "{% capture c %}{{ a | slice: 0, 3 }}{% endcapture %}{{ c }} {{ 12 | times: 12 }}"
    )
    out = liquid.render(catalog.posts[0], body, first_line=2)
    assert out.problems == []
    assert out.text == "10240 B, A 1-2-3 xxx 144"


def test_highlight_inside_a_list_keeps_its_indentation(site):
    liquid, catalog = renderer(site)
    body = "1. Step\n\n   {% highlight sh %}\n   echo hi\n   {% endhighlight %}\n2. Next"
    out = liquid.render(catalog.posts[0], body, first_line=1)
    assert (
        out.text == "1. Step\n\n   ```{code-block} sh\n   :force:\n   \n   echo hi\n   ```\n2. Next"
    )


def test_site_data_reads_yaml_json_and_csv(site):
    data = site / "_data"
    (data / "sub").mkdir(parents=True)
    (data / "a.yml").write_text("k: v\n", "utf-8")
    (data / "sub" / "b.json").write_text('{"n": 1}', "utf-8")
    (data / "c.csv").write_text("x,y\n1,2\n", "utf-8")
    (data / "bad.yml").write_text("k: [\n", "utf-8")
    found = load_site_data(site)
    assert found.data["a"] == {"k": "v"}
    assert found.data["sub"]["b"] == {"n": 1}
    assert found.data["c"] == [{"x": "1", "y": "2"}]
    assert "bad" not in found.data
    assert len(found.problems) == 1


def test_gfm_ids_keep_cjk_and_count_duplicates():
    seen: dict[str, int] = {}
    assert gfm_id("中文 标题", seen) == "中文-标题"
    assert gfm_id("Hello, World!", seen) == "hello-world"
    assert gfm_id("Hello, World!", seen) == "hello-world-1"
    assert gfm_id("!!!", seen) == "section"


LIQUID_PIECES = st.sampled_from(
    [
        "{% if x %}",
        "{% endif %}",
        "{% for i in (1..3) %}",
        "{% endfor %}",
        "{% raw %}",
        "{% endraw %}",
        "{{ page.title | upcase }}",
        "{{ x | nosuch }}",
        "{% include two.html a=b %}",
        "{% include_relative ../x %}",
        "{% highlight py %}",
        "{% endhighlight %}",
        "{% post_url 2020-01-01-a %}",
        "{% link x %}",
        "{% capture c %}",
        "{% endcapture %}",
        "{% youtube 1 %}",
        "{% gist a/1 f.rb %}",
        "{% gist %}",
        '{% figure caption:"*c* {{ page.title }}" class:x %}',
        "{% endfigure %}",
        "{% include_cached two.html %}",
        "{% video v w=1 %}",
        "{% endvideo %}",
        "{%",
        "}}",
        "{{",
        "%}",
        "\n",
        " text ",
        "{: .x}",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(LIQUID_PIECES | st.text(max_size=8), max_size=25))
def test_any_liquid_renders_without_an_exception(site, pieces):
    liquid, catalog = renderer(site, mapped_tags={"video": "two.html"})
    body = "".join(pieces)
    out = liquid.render(catalog.posts[0], body, first_line=3)
    assert len(out.lines) == out.text.count("\n") + 1
    assert all(3 <= line <= 3 + body.count("\n") for line in out.lines)
    # and as an excerpt, its unclosed blocks closed
    excerpt = liquid.excerpt(dataclasses.replace(catalog.posts[0], excerpt_source=body))
    assert excerpt is None or isinstance(excerpt, str)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="{}:.#*[]$`~<>=\"' \nabc-", max_size=120))
def test_kramdown_rules_never_raise(text):
    md = MarkdownIt("commonmark").use(kramdown_plugin)
    md.parse(text)
    prepared, lines = prepare_lines(text, list(range(1, text.count("\n") + 2)))
    assert len(lines) == prepared.count("\n") + 1


def test_a_long_post_maps_every_line(site):
    liquid, catalog = renderer(site)
    body = "para {{ page.title }}\n\n" * 5000
    out = liquid.render(catalog.posts[0], body, first_line=1)
    assert out.text.count("para A") == 5000
    assert out.lines == list(range(1, 10002))


def test_an_excerpt_renders_with_its_unclosed_blocks_closed(site):
    """Jekyll's ``sanctify_liquid_tags``: ``{% endif %}`` added for the ``if`` the
    separator cut; ``post_url`` gives the post's URL (an excerpt is text)."""
    liquid, catalog = renderer(site)
    post = dataclasses.replace(
        catalog.posts[1],
        excerpt_source="{% if page.title %}{{ page.title }} [a]({% post_url 2020-01-01-a %})",
    )
    assert liquid.excerpt(post) == f"B [a]({catalog.posts[0].url})\n"


@pytest.mark.parametrize(
    "changes",
    [
        {"excerpt_source": "no Liquid"},
        {"excerpt_source": "{{ page.title }}", "excerpt_from_front_matter": True},
        {"excerpt_source": "{{ page.title }}", "data": {"render_with_liquid": False}},
    ],
)
def test_an_excerpt_without_liquid_to_render_is_left_as_it_is(site, changes):
    liquid, catalog = renderer(site)
    assert liquid.excerpt(dataclasses.replace(catalog.posts[0], **changes)) is None
