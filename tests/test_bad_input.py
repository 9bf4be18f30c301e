"""Bad posts warn with file, line and subtype; they never crash or vanish silently."""

from __future__ import annotations

import re

import pytest
from conftest import page, warnings_of

from sphinxext_jekyllposts.state import post_for


@pytest.fixture
def built(app):
    app.build()
    return app


def warning_for(app, filename: str) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if filename in line]


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_malformed_yaml_warns_at_its_line_and_the_post_builds(built):
    (line,) = warning_for(built, "2020-01-01-malformed-yaml.md")
    assert re.search(
        r"2020-01-01-malformed-yaml\.md:\d+: WARNING: malformed YAML front matter", line
    )
    assert line.endswith("[jekyllposts.front_matter]")
    html = page(built, "_posts/2020-01-01-malformed-yaml")
    assert "The body still builds." in html.get_text()
    assert html.find("h1").get_text().rstrip("¶") == "Malformed Yaml"


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_front_matter_that_is_a_list_warns(built):
    (line,) = warning_for(built, "2020-01-02-list-front-matter.md")
    assert "2020-01-02-list-front-matter.md:1: WARNING: front matter is a list" in line
    assert (built.outdir / "_posts/2020-01-02-list-front-matter.html").exists()


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_an_unparseable_date_warns_at_its_key_and_the_file_name_date_is_used(built):
    (line,) = warning_for(built, "2020-01-03-bad-date.md")
    assert "2020-01-03-bad-date.md:3: WARNING: date: 'not a date at all'" in line
    assert line.endswith("[jekyllposts.date]")
    assert post_for(built.env, "_posts/2020-01-03-bad-date").date.date().isoformat() == "2020-01-03"


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_a_title_that_is_a_list_warns_and_the_slug_titles_the_page(built):
    (line,) = warning_for(built, "2020-01-04-list-title.md")
    assert "2020-01-04-list-title.md:3: WARNING: title is a list" in line
    assert line.endswith("[jekyllposts.title]")
    assert (
        page(built, "_posts/2020-01-04-list-title").find("h1").get_text().rstrip("¶")
        == "List Title"
    )


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_unclosed_front_matter_warns_and_the_file_is_the_body(built):
    (line,) = warning_for(built, "2020-01-05-unclosed.md")
    assert (
        "2020-01-05-unclosed.md:1: WARNING: front matter is opened with '---' but never closed"
        in line
    )
    assert "Never closed" in page(built, "_posts/2020-01-05-unclosed").get_text()


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_a_category_that_is_a_mapping_is_ignored_with_a_warning(built):
    (line,) = warning_for(built, "2020-01-06-dict-category.md")
    assert "2020-01-06-dict-category.md:3: WARNING: a category entry is a mapping" in line
    assert post_for(built.env, "_posts/2020-01-06-dict-category").categories == ("fine",)


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_a_file_that_is_not_utf8_is_skipped_with_a_warning(built):
    (line,) = warning_for(built, "2020-01-07-latin1.md")
    assert "2020-01-07-latin1.md:5: WARNING: not valid UTF-8" in line
    assert line.endswith("[jekyllposts.encoding]")
    assert "_posts/2020-01-07-latin1" not in built.env.found_docs


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_an_impossible_file_name_date_skips_the_post_with_a_warning(built):
    (line,) = warning_for(built, "2020-13-45-impossible-date.md")
    assert "does not exist; the post is skipped" in line
    assert "_posts/2020-13-45-impossible-date" not in built.env.found_docs


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_good_posts_are_untouched_by_bad_neighbours(built):
    assert warning_for(built, "2020-01-08-good.md") == []
    html = page(built, "_posts/2020-01-08-good")
    assert html.find("h1").get_text().rstrip("¶") == "Good"


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_every_warning_is_of_type_jekyllposts(built):
    lines = [line for line in warnings_of(built).splitlines() if "WARNING" in line]
    assert len(lines) == 9
    assert sum("[jekyllposts." in line for line in lines) == 8


@pytest.mark.sphinx(
    "html",
    testroot="bad-input",
    freshenv=True,
    confoverrides={"suppress_warnings": ["jekyllposts.date"]},
)
def test_a_kind_of_warning_can_be_silenced(built):
    assert warning_for(built, "2020-01-03-bad-date.md") == []
    assert warning_for(built, "2020-01-01-malformed-yaml.md") != []


@pytest.mark.sphinx("html", testroot="bad-config")
def test_bad_settings_warn_and_use_their_defaults(built):
    warnings = warnings_of(built)
    assert "jekyllposts_words_per_minute = 'fast': expected int; using the default, 200" in warnings
    assert "jekyllposts_header_fields = ['colour']: unknown field(s) ['colour']" in warnings
    assert "jekyllposts_drafts = 'yes': expected bool or NoneType" in warnings
    assert "jekyllposts_site_dir = 'no/such/folder'" in warnings
    assert "is not a folder; no posts are read" in warnings
    # no duplicate complaint from Sphinx's own type check
    assert "config value" not in warnings


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_myst_warnings_in_a_post_point_at_the_line_of_the_file(built):
    (line,) = warning_for(built, "2020-01-09-line-numbers.md")
    # myst-parser 4 names the file "....md.rst" here; the line is what matters
    assert re.search(r"2020-01-09-line-numbers\.md(\.rst)?:10: WARNING: Unknown directive", line)


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_infinite_tocdepth_and_nan_values_do_not_crash(built):
    assert warning_for(built, "2020-01-10-odd-numbers.md") == []
    assert built.env.metadata["_posts/2020-01-10-odd-numbers"]["tocdepth"] == 0
    assert built.env.metadata["_posts/2020-01-10-odd-numbers"]["score"] == "nan"
