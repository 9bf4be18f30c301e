"""One test per function of ``sphinxext_jekyllposts._compat`` (Sphinx, MyST,
themes): each fails, naming what changed, when a release of Sphinx, MyST or a
theme no longer does what the function relies on."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import copy_root, page, warnings_of
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive
from docutils.parsers.rst.directives.images import Image
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.docutils_ import Parser as MystDocutilsParser
from pygments.lexers.special import TextLexer
from sphinx import highlighting
from sphinx.testing.util import SphinxTestApp
from sphinx.util import logging as sphinx_logging

from sphinxext_jekyllposts._compat import myst as myst_compat
from sphinxext_jekyllposts._compat import sphinx as sphinx_compat
from sphinxext_jekyllposts._compat.themes import edit_pydata_sidebar

POST = "_posts/2016-01-01-post-0"


@pytest.fixture(scope="module")
def blog(make_app_module):
    """test-blog, built once with the HTML builder."""
    app = make_app_module("html")
    app.build()
    return app


@pytest.fixture(scope="module")
def make_app_module(tmp_path_factory):
    made = []

    def make(buildername: str, **kwargs):
        srcdir = copy_root("blog", tmp_path_factory.mktemp(buildername))
        app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
        made.append(app)
        return app

    yield make
    for app in made:
        app.cleanup()


# -- Sphinx: the project -------------------------------------------------------


def test_add_document_makes_a_file_outside_the_source_folder_a_document(blog, tmp_path):
    project = blog.env.project
    for name in ("_docname_to_path", "_path_to_docname"):
        assert isinstance(getattr(project, name, None), dict), (
            f"Sphinx's Project has no dict {name}: add_document must change"
        )
    path = tmp_path / "generated.md"
    relative = Path("..") / "generated.md"
    sphinx_compat.add_document(blog.env, "generated/page", path, relative)
    assert "generated/page" in blog.env.found_docs
    assert Path(blog.env.doc2path("generated/page", False)) == relative
    assert blog.env.path2doc(str(path)) == "generated/page", (
        "Project.path2doc no longer reads _path_to_docname"
    )


def test_forget_documents_takes_them_out_of_the_found_documents(blog):
    assert "links" in blog.env.found_docs
    sphinx_compat.forget_documents(blog.env, ["links"])
    assert "links" not in blog.env.found_docs, "env.found_docs is no longer the project's set"
    assert "links" not in blog.env.project.docnames
    blog.env.project.docnames.add("links")


def test_was_read_knows_the_documents_read(blog):
    assert sphinx_compat.was_read(blog.env, POST), "env.all_docs no longer lists documents read"
    assert not sphinx_compat.was_read(blog.env, "no/such/page")


def test_registered_source_suffixes_has_those_extensions_add(blog):
    suffixes = sphinx_compat.registered_source_suffixes(blog)
    assert {".md", ".markdown"} <= suffixes, "app.registry.source_suffix no longer lists them"


def test_sphinx_lexer_names_has_sphinxs_own_and_those_extensions_add(blog):
    assert {"none", "python", "pycon", "rest"} <= sphinx_compat.sphinx_lexer_names(), (
        "sphinx.highlighting.lexer_classes no longer holds Sphinx's own lexers"
    )
    blog.add_lexer("jekyllposts-test", TextLexer)
    try:
        assert "jekyllposts-test" in sphinx_compat.sphinx_lexer_names(), (
            "app.add_lexer no longer adds to sphinx.highlighting.lexer_classes"
        )
    finally:
        highlighting.lexer_classes.pop("jekyllposts-test", None)  # a process-wide table


# -- Sphinx: navigation --------------------------------------------------------


def test_page_tocs_and_toctree_children_are_the_navigation_sphinx_made(blog):
    toc = sphinx_compat.page_toc(blog.env, "index")
    assert isinstance(toc, nodes.bullet_list), "env.tocs no longer holds each page's toc"
    assert any(t is toc for t in sphinx_compat.page_tocs(blog.env))
    children = sphinx_compat.toctree_children(blog.env)
    assert "listings" in children["index"], "env.toctree_includes no longer lists children"


def test_navigation_html_is_sphinxs_own_toctree_from_another_page(blog):
    builder = blog.builder
    assert sphinx_compat.has_navigation_html(builder)
    for kwargs in ({}, {"collapse": False, "maxdepth": "2", "titles_only": True}):
        ours = sphinx_compat.navigation_html(builder, "index", "index", **dict(kwargs))
        theirs = builder._get_local_toctree("index", **dict(kwargs))
        assert ours == theirs, f"the toctree() template function changed ({kwargs})"
    # From a post folders down (at its Jekyll URL), every link climbs out of them.
    from_post = sphinx_compat.navigation_html(builder, "index", POST)
    depth = builder.get_target_uri(POST).count("/")
    assert depth >= 1
    assert f'href="{"../" * depth}year/index.html"' in from_post
    assert 'href="year/index.html"' in sphinx_compat.navigation_html(builder, "index", "index")


def test_marked_navigation_is_relinked_as_the_builder_links_from_each_page(blog):
    builder = blog.builder
    marked = sphinx_compat.marked_navigation_html(builder, "index")
    assert "jekyllposts-link:" in marked, "the toctree no longer asks get_relative_uri"
    for pagename in ("index", POST):
        relinked = sphinx_compat.relink(builder, marked, pagename)
        assert relinked == sphinx_compat.navigation_html(builder, "index", pagename)
        assert "jekyllposts-link:" not in relinked
    assert sphinx_compat.relink(builder, marked, "index") == builder._get_local_toctree("index")


def test_navigation_html_needs_an_html_builder(make_app_module):
    text = make_app_module("text")
    assert not sphinx_compat.has_navigation_html(text.builder)


def test_render_fragment_writes_a_node_as_the_html_builder_does(blog):
    paragraph = nodes.paragraph("", "", nodes.strong("bold", "bold"))
    assert sphinx_compat.render_fragment(blog.builder, paragraph) == (
        "<p><strong>bold</strong></p>\n"
    ), "StandaloneHTMLBuilder.render_partial no longer gives the fragment"
    assert sphinx_compat.render_fragment(blog.builder, None) == ""


# -- Sphinx: logging -----------------------------------------------------------


class _MoveTo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Sphinx has made the location "path:line" by then (its own filter comes first).
        record.location = "moved/here.md:7"
        return True


def test_log_filter_sees_each_message_before_it_is_shown(make_app, tmp_path):
    app = make_app("html", srcdir=copy_root("blog", tmp_path))
    logger = sphinx_logging.getLogger("sphinxext_jekyllposts.test")
    with sphinx_compat.log_filter(_MoveTo()):
        logger.warning("a message moved", location=("index", 1))
    logger.warning("a message left", location=("index", 2))
    shown = warnings_of(app)
    assert "moved/here.md:7: WARNING: a message moved" in shown, (
        "Sphinx no longer shows messages through the handlers of the 'sphinx' logger"
    )
    assert "index.md:2: WARNING: a message left" in shown


# -- MyST ----------------------------------------------------------------------


def test_renderer_with_start_runs_before_the_first_token(blog):
    """``RendererWithStart.at_start`` runs from MyST's ``_render_initialise``."""
    assert callable(getattr(SphinxRenderer, "_render_initialise", None)), (
        "MyST's renderer has no _render_initialise any more"
    )
    # A post without a heading gets its title as a heading, from at_start.
    heading = page(blog, POST).select_one("h1")
    assert heading is not None
    assert "第0篇 post 0" in heading.text


def test_without_line_comments_keeps_a_percent_line_as_text():
    parser = myst_compat.markdown_parser(MdParserConfig(), SphinxRenderer)
    assert [t.type for t in parser.parse("% a comment\n")] == ["myst_line_comment"]
    myst_compat.without_line_comments(parser)  # raises if the rule is gone or renamed
    assert [t.type for t in parser.parse("% text\n")][:2] == ["paragraph_open", "inline"]


def test_markdown_parser_renders_with_the_renderer_given():
    parser = myst_compat.markdown_parser(MdParserConfig(), SphinxRenderer)
    assert isinstance(parser.renderer, SphinxRenderer)
    assert [token.type for token in parser.parse("# T")][:2] == ["heading_open", "inline"]


def test_file_level_config_applies_a_documents_myst_settings():
    seen = []
    config = myst_compat.file_level_config(
        MdParserConfig(),
        {"myst": {"heading_anchors": 2, "no_such_setting": 1}},
        lambda kind, message: seen.append(message),
    )
    assert config.heading_anchors == 2, "merge_file_level no longer reads the myst: key"
    assert seen, "merge_file_level no longer warns about an unknown setting"


def test_warn_in_document_appends_a_warning():
    document = new_document("post.md", get_default_settings(MystDocutilsParser))
    myst_compat.warn_in_document(
        document, "something is wrong", myst_compat.HEADING_SKIPS_LEVEL, line=3
    )
    messages = list(document.findall(nodes.system_message))
    assert messages, "create_warning no longer appends to the document"
    assert "something is wrong" in messages[0].astext()
    assert messages[0]["line"] == 3


def test_heading_skips_level_is_the_header_warning():
    assert myst_compat.HEADING_SKIPS_LEVEL.value == "header"


def test_directive_options_are_those_the_block_gives():
    options = myst_compat.directive_options(Image, "a.png", ":width: 10px\n:alt: x", 1, None)
    assert options == {"width", "alt"}, "parse_directive_text no longer returns the options"
    given = myst_compat.directive_options(Image, "a.png", "", 1, {"target": "b"})
    assert given == {"target"}, "parse_directive_text no longer takes additional_options"
    # No argument for a directive that needs one: MyST reports it when it runs it.
    assert myst_compat.directive_options(Image, "", "", 1, None) is None


# -- themes --------------------------------------------------------------------


def test_edit_pydata_sidebar_edits_the_left_sidebar(tmp_path, make_app):
    srcdir = copy_root("blog", tmp_path)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": "pydata_sphinx_theme"})
    edited = []

    def wrap(app, pagename, templatename, context, doctree):
        if not pagename.startswith("_posts/"):
            assert edit_pydata_sidebar(context, lambda soup: edited.append(soup.select("a"))), (
                "the PyData theme no longer puts generate_toctree_html into the context"
            )

    app.connect("html-page-context", wrap, priority=950)
    app.build()
    assert edited, "the PyData theme no longer makes its sidebar through generate_toctree_html"
    assert any(edited), "generate_toctree_html('sidebar') gives no tree of links on any page"
    assert not edit_pydata_sidebar({}, lambda soup: None)


ANCHOR_CONF = """
extensions = ["myst_parser"]
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinxext_jekyllposts._compat.myst import add_link_targets

class Targets(SphinxTransform):
    default_priority = 500  # before MyST's ResolveAnchorIds (879)

    def apply(self):
        if self.env.docname == "a":
            add_link_targets(self.document, {"made-up": ("made-up-id", "Made up")})

def setup(app):
    app.add_transform(Targets)
"""


def test_add_link_targets_lets_myst_links_find_them(tmp_path):
    """Links to an anchor MyST did not make resolve in the document itself
    and from another one, with no "not found" warning."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(ANCHOR_CONF)
    (srcdir / "index.md").write_text("# Index\n\n```{toctree}\na\nb\n```\n")
    (srcdir / "a.md").write_text('# A\n\n<span id="made-up-id"></span>\n\n[here](#made-up)\n')
    (srcdir / "b.md").write_text("# B\n\n[there](a.md#made-up)\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        assert "WARNING" not in warnings_of(app), warnings_of(app)
        assert page(app, "a").find("a", string="here")["href"] == "#made-up-id"
        assert page(app, "b").find("a", string="there")["href"] == "a.html#made-up-id"
    finally:
        app.cleanup()


def test_highlight_language_follows_the_highlight_directive(tmp_path):
    """What the ``highlight`` directive sets for the rest of a document."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    seen = []
    (srcdir / "conf.py").write_text('highlight_language = "python"\n')
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. highlight:: ruby\n\n.. seen::\n")

    class Seen(Directive):
        def run(self):
            seen.append(sphinx_compat.highlight_language(self.state.document.settings.env))
            return []

    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.add_directive("seen", Seen)
        app.build()
    finally:
        app.cleanup()
    assert seen == ["ruby"]


def test_myst_settings_are_those_of_conf_py(blog):
    settings = myst_compat.myst_settings(blog.env)
    assert isinstance(settings, MdParserConfig)
    assert settings.heading_anchors == blog.config.myst_heading_anchors
