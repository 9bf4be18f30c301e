"""Links to anchors of the post, its table of contents and its rules, as
Jekyll renders them, with a warning only for what is truly wrong
(tests/roots/test-anchors; the expected links and rules are those ``jekyll
build`` gave)."""

from __future__ import annotations

import re
import time

import pytest
from conftest import build_once, built_root, copy_root, href, page, warnings_of
from hypothesis import given
from hypothesis import strategies as st

from sphinxext_jekyllposts.jekyll.html_ids import html_ids

POST = "_posts/2020-01-01-anchors"
LINKS = {
    "中文": "#中文-标题",
    "a raw anchor": "#raw-anchor",
    "a span": "#sp",
    "a paragraph": "#note-1",
    "a heading": "#second",
    "nowhere": "#nowhere",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("anchors", tmp_path_factory)


def main_of(app):
    return page(app, POST).find(attrs={"role": "main"})


def test_links_to_anchors_of_the_post_go_where_jekylls_go(built):
    main = main_of(built)
    paragraph = next(p for p in main.find_all("p") if p.get_text().startswith("Links to"))
    links = {a.get_text(): a["href"] for a in paragraph.find_all("a")}
    assert links == LINKS
    ids = {node["id"] for node in main.find_all(id=True)} | {
        node["name"] for node in main.find_all("a", attrs={"name": True})
    }
    assert {href[1:] for href in LINKS.values()} - ids == {"nowhere"}


def test_only_the_anchor_that_exists_nowhere_warns(built):
    found = re.findall(r"/([^/\s]+\.md):(\d+): WARNING: (.*?) \[(\S+)\]", warnings_of(built))
    assert sorted(found) == [
        (
            "2020-01-01-anchors.md",
            "24",
            "'{% link _posts/nosuch.md %}': no file of that name",
            "jekyllposts.link",
        ),
        (
            "2020-01-01-anchors.md",
            "6",
            "'myst' cross-reference target not found: 'nowhere'",
            "myst.xref_missing",
        ),
        (
            "2020-01-02-links.md",
            "4",  # the paragraph's line: MyST's for every link in it
            "local id not found in doc '_posts/2020-01-01-anchors': 'nowhere-else'",
            "myst.xref_missing",
        ),
    ]
    # The missing page's anchor is not looked for in this one: one warning.
    assert main_of(built).find("a", string="the notes")["href"] == "##part"


def test_links_from_another_post_find_its_anchors(built):
    main = page(built, "_posts/2020-01-02-links").find(attrs={"role": "main"})
    paragraph = next(p for p in main.find_all("p") if p.get_text().startswith("To "))
    links = {a.get_text(): a["href"] for a in paragraph.find_all("a")}
    target = href(built, "_posts/2020-01-02-links", POST)
    assert target == "../01/anchors.html"  # the posts are at their Jekyll URLs
    assert links == {
        "its heading": f"{target}#中文-标题",
        "its raw anchor": f"{target}#raw-anchor",
        "its paragraph": f"{target}#note-1",
        "its second heading": f"{target}#second",
        "what it does not have": f"{target}#nowhere-else",
    }


def test_the_table_of_contents_makes_no_heading_a_link(built):
    main = main_of(built)
    toc = main.find(id="markdown-toc")  # kramdown's table of contents
    assert [a["href"] for a in toc.find_all("a")] == ["#中文-标题", "#second"]
    assert main.select("a.toc-backref") == []
    for heading in main.find_all("h2"):
        assert [a.get("class") for a in heading.find_all("a")] == [["headerlink"]]


def test_every_rule_stays_without_a_message(built):
    # kramdown: one at the start, one right under a heading, two in a row, one at the end.
    assert len(main_of(built).find_all("hr")) == 5
    assert "transition" not in warnings_of(built)


def test_without_raw_html_its_anchors_do_not_exist_and_links_to_them_warn(make_app, tmp_path):
    srcdir = copy_root("anchors", tmp_path)
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text("utf-8") + "jekyllposts_raw_html = False\n", "utf-8"
    )
    app = build_once(make_app, srcdir)
    missing = re.findall(r"target not found: '([^']+)'", warnings_of(app))
    assert sorted(missing) == ["nowhere", "raw-anchor", "sp"]
    assert re.findall(r"local id not found in doc \S+ '([^']+)'", warnings_of(app)) == [
        "raw-anchor",
        "nowhere-else",
    ]


@pytest.mark.parametrize(
    ("markup", "ids"),
    [
        ('<a name="raw"></a>', {"raw"}),
        ("<span id=sp>x</span>", {"sp"}),
        ("<DIV ID = 'Y&amp;z'>", {"Y&z"}),
        ('<input name="q"> <meta name="x">', set()),  # only an <a>'s name is an anchor
        ('<div data-id="no" title="id">', set()),
        ('<h2 id="">', set()),
        ("<a<a<a id=x", set()),
    ],
)
def test_html_ids(markup, ids):
    assert html_ids(markup) == ids


@given(st.text(alphabet="<>a idname=\"'/ x&;", max_size=80))
def test_html_ids_are_in_the_markup(markup):
    for found in html_ids(markup):
        assert found in markup or "&" in markup


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "<a" * n,
        lambda n: "<a " + "id=" * n,
        lambda n: "<a id='" * n,
        lambda n: "<a " + " " * n + "id",
        lambda n: "<a " + 'x="' * n + ">",
    ],
)
def test_html_ids_take_linear_time(shape):
    for size in (25_000, 100_000):
        start = time.perf_counter()
        html_ids(shape(size))
        assert time.perf_counter() - start < 2.0
