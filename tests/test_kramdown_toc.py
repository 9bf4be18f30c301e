"""kramdown's ``{:toc}`` table of contents as Jekyll renders it.

tests/roots/test-kramdown-toc has one post per case; its ``jekyll-content.json``
is what ``jekyll build`` (Jekyll 4.3.1, kramdown 2.4.0) made of them, and each
table of contents here is compared with Jekyll's.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import ROOTS, page, served, warnings_of
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxext_jekyllposts.jekyll.kramdown_toc import DEFAULT_LEVELS, nest, toc_levels

ROOT = ROOTS / "test-kramdown-toc"
ORACLE = json.loads((ROOT / "jekyll-content.json").read_text("utf-8"))
POSTS = sorted(path.removesuffix(".md") for path in ORACLE)


def _build(srcdir: Path, builder: str = "html", **overrides):
    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        status=io.StringIO(),
        warning=io.StringIO(),
        confoverrides=overrides,
    )
    app.build()
    app.cleanup()
    return app


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("toc") / "site"
    shutil.copytree(ROOT, srcdir)
    return _build(srcdir)


def tree(toc: Tag | None) -> object:
    """A table of contents as ``(list tag, [(href, link id, entry HTML, sub-tree)])``."""
    if toc is None:
        return None
    entries = []
    for item in toc.find_all("li", recursive=False):
        link = item.find("a")
        inner = "".join(str(child) for child in link.children)
        sub = item.find(["ul", "ol"], recursive=False)
        entries.append((link["href"], link.get("id"), _plain(inner), tree(sub)))
    return toc.name, entries


def _plain(markup: str) -> str:
    """Entry markup without the classes either side gives ``code`` and spans."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(True):
        tag.attrs = {}
    for span in soup.find_all("span"):
        if span.parent is not None and span.parent.name == "code":
            span.unwrap()
    return str(soup)


def ours(app, docname: str) -> BeautifulSoup:
    return page(app, docname).find(attrs={"role": "main"})


@pytest.mark.parametrize("docname", POSTS)
def test_the_table_of_contents_is_jekylls(built, docname):
    """Every heading of the post, wherever the TOC stands, nested as kramdown
    nests them, with kramdown's ids."""
    theirs = BeautifulSoup(ORACLE[docname + ".md"], "html.parser")
    main = ours(built, docname)
    assert tree(main.find(id="markdown-toc")) == tree(theirs.find(id="markdown-toc"))
    # each link leads to its heading's section
    for link in main.select("#markdown-toc a"):
        target = main.find(id=link["href"][1:])
        assert target is not None, link
        assert target.name in {"section", "h2", "h3"}, (
            link
        )  # h2, h3: a heading in a quote or list item (a rubric)


def test_what_jekyll_lists(built):
    """The cases, spelled out (from jekyll build)."""
    top = tree(ours(built, "_posts/2020-01-02-end").find(id="markdown-toc"))
    assert top == (
        "ul",
        [
            ("#alpha", "markdown-toc-alpha", "Alpha", None),
            ("#beta", "markdown-toc-beta", "Beta", None),
        ],
    )
    skip = tree(ours(built, "_posts/2020-01-04-skip").find(id="markdown-toc"))
    assert [(href, [e[0] for e in sub[1]] if sub else []) for href, _, _, sub in skip[1]] == [
        ("#a", ["#b", "#c"]),
        ("#d", []),
    ]
    notoc = tree(ours(built, "_posts/2020-01-05-notoc").find(id="markdown-toc"))
    assert notoc == (
        "ol",
        [("#a", "markdown-toc-a", "A", ("ol", [("#a2", "markdown-toc-a2", "A2", None)]))],
    )
    inline = ours(built, "_posts/2020-01-06-inline").find(id="markdown-toc")
    first = inline.find("a")
    assert _plain("".join(map(str, first.children))) == (
        "Use <code>code</code> and link and <em>em</em> <strong>strong</strong>"
    )
    assert [a["href"] for a in inline.find_all("a")][1:] == [
        "#中文-标题",
        "#中文-标题-1",
        "#dup",
        "#dup-1",
        "#my-id",
        "#a--b-html",
    ]
    # the post's own H1 is listed, the title we add is not
    own = tree(ours(built, "_posts/2020-01-08-own").find(id="markdown-toc"))
    assert [entry[0] for entry in own[1]] == ["#own-title"]
    h1 = tree(ours(built, "_posts/2020-01-03-h1").find(id="markdown-toc"))
    assert [entry[0] for entry in h1[1]] == ["#a", "#c"]
    # no headings: nothing
    assert ours(built, "_posts/2020-01-09-none").find(id="markdown-toc") is None


def test_footnotes_stay_out_of_entries_and_ids(built):
    """``## Part[^n] one``: Jekyll's id is ``part-one`` and its entry ``Part one``."""
    main = ours(built, "_posts/2020-01-10-footnote")
    assert tree(main.find(id="markdown-toc")) == (
        "ul",
        [("#part-one", "markdown-toc-part-one", "Part one", None)],
    )
    assert main.find("section", id="part-one") is not None


def test_headings_have_no_back_links_and_no_text_is_left(built):
    for docname in POSTS:
        main = ours(built, docname)
        assert not main.select("a.toc-backref"), docname
        assert "{:" not in main.get_text(), docname
        assert "TOC" not in main.get_text(), docname
    assert "WARNING" not in warnings_of(built)


def test_the_page_table_of_contents_still_lists_the_sections(tmp_path):
    """Sphinx's own local table of contents (the sidebar's) is untouched."""
    for theme, selector in (("alabaster", "div.sphinxsidebar"), ("furo", "div.toc-tree")):
        srcdir = tmp_path / theme
        shutil.copytree(ROOT, srcdir)
        app = _build(srcdir, html_theme=theme, html_sidebars={"**": ["localtoc.html"]})
        side = page(app, "_posts/2020-01-01-top").select_one(selector)
        assert side is not None, theme
        assert [a["href"] for a in side.find_all("a")][-3:] == ["#alpha", "#alpha-sub", "#beta"]


@pytest.mark.parametrize("levels", ['"2..3"', '"2,3"', "[2, 3]", "2..3"])
def test_toc_levels_from_config(tmp_path, levels):
    """``kramdown: toc_levels:`` in ``_config.yml``: ``##`` and ``###`` only."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "_config.yml").write_text(f"title: TOC\nkramdown:\n  toc_levels: {levels}\n")
    app = _build(srcdir)
    skip = tree(ours(app, "_posts/2020-01-04-skip").find(id="markdown-toc"))
    assert skip == (
        "ul",
        [("#a", "markdown-toc-a", "A", ("ul", [("#c", "markdown-toc-c", "C", None)]))],
    )
    h1 = tree(ours(app, "_posts/2020-01-03-h1").find(id="markdown-toc"))
    assert h1 == ("ul", [("#b", "markdown-toc-b", "B", None)])


def test_invalid_toc_levels_warn_and_list_every_level(tmp_path):
    """Jekyll stops on ``toc_levels: 9``; we warn and use 1 to 6."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "_config.yml").write_text("title: TOC\nkramdown:\n  toc_levels: '1..9'\n")
    app = _build(srcdir)
    warnings = warnings_of(app)
    # Once, at its line of _config.yml (not at each post's {:toc}).
    assert re.search(r"_config\.yml:2: WARNING: kramdown: toc_levels: must be levels", warnings)
    assert warnings.count("WARNING") == 1, warnings
    assert "[jekyllposts.config]" in warnings_of(app)
    skip = tree(ours(app, "_posts/2020-01-04-skip").find(id="markdown-toc"))
    assert [entry[0] for entry in skip[1]] == ["#a", "#d"]


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "latex", "epub"])
def test_the_links_resolve_in_every_builder(tmp_path, builder):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOT, srcdir)
    app = _build(srcdir, builder)
    assert ".md" not in warnings_of(app)  # (epub warns of its own settings)
    out = Path(app.outdir)
    if builder == "latex":
        tex = next(out.glob("*.tex")).read_text("utf-8")
        for name in ("alpha", "alpha-sub", "beta"):
            label = r"\detokenize{_posts/2020-01-01-top:" + name + "}"
            assert r"\hyperref[" + label + "]" in tex
            assert r"\label{" + label + "}" in tex
        return
    if builder == "dirhtml":
        html = served(out / "_posts/2020-01-01-top/index.html").read_text("utf-8")
    elif builder == "singlehtml":
        html = (out / "index.html").read_text("utf-8")
    else:
        html = (out / "_posts/2020-01-01-top.xhtml").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    links = soup.select("#markdown-toc a")
    assert links, builder
    for link in links:
        href = link["href"]
        fragment = href.partition("#")[2]
        assert soup.find(id=fragment) is not None, (builder, href)


def _fidelity():
    path = Path(__file__).parents[1] / "benchmarks" / "fidelity.py"
    spec = importlib.util.spec_from_file_location("fidelity_toc", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity_toc"] = module
    spec.loader.exec_module(module)
    return module


def test_the_fidelity_comparison_matches(built):
    """``benchmarks/fidelity.py``: every post as Jekyll rendered it."""
    fidelity = _fidelity()
    results = fidelity.compare_site(Path(built.srcdir), Path(built.outdir))
    assert len(results) == len(POSTS)
    for result in results:
        assert result.similarity == 1.0, result
        if result.path.endswith("nested.md"):
            # MyST makes a heading in a block quote or a list a rubric, not an <h2>
            continue
        assert result.structure_equal, result


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, DEFAULT_LEVELS),
        ("2..3", frozenset({2, 3})),
        ("2,4", frozenset({2, 4})),
        ([1, "3"], frozenset({1, 3})),
        ("3..2", frozenset()),
        ("1..9", None),
        (" 2..3", None),
        ("2-3", None),
        (3, None),
        ([True], None),
        (["x"], None),
        ({"a": 1}, None),
    ],
)
def test_toc_levels_reads_the_option_as_kramdown(value, expected):
    assert toc_levels(value) == expected


@given(
    st.one_of(st.none(), st.text(max_size=12), st.lists(st.integers(-3, 9) | st.text(max_size=3)))
)
def test_toc_levels_never_raises(value):
    levels = toc_levels(value)
    assert levels is None or levels <= DEFAULT_LEVELS


def test_nest_puts_each_heading_under_the_nearest_lower_level():
    entries = nest([(2, "a"), (4, "b"), (3, "c"), (1, "d"), (1, "e"), (3, "f")])
    shape = [
        (e.item, [(c.item, [g.item for g in c.children]) for c in e.children]) for e in entries
    ]
    assert shape == [("a", [("b", []), ("c", [])]), ("d", []), ("e", [("f", [])])]


@given(st.lists(st.integers(1, 6), max_size=30))
def test_nest_keeps_every_heading_in_order(levels):
    entries = nest([(level, index) for index, level in enumerate(levels)])

    def walk(items):
        for entry in items:
            assert all(child.level > entry.level for child in entry.children)
            yield entry.item
            yield from walk(entry.children)

    assert list(walk(entries)) == list(range(len(levels)))
