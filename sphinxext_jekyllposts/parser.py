"""The source parser: myst-parser's, taught to read a Jekyll post.

For a document that is not a post, :class:`JekyllPostParser` is exactly
myst-parser's parser. For a post it

- hands MyST the body only, with the front matter replaced by blank lines so
  every line number stays that of the original file (MyST would otherwise
  render the front matter as JSON fields, and it does not know Jekyll's
  ``...`` terminator);
- runs only what :mod:`.untrusted_posts` allows a post (a ``myst:`` key in the
  front matter configures MyST only with ``jekyllposts_trusted_posts``);
- gives the post its front matter title as a top-level heading, unless the
  body already starts with one;
- keeps site-absolute links (``[x](/docs/)``) as the URLs they are in Jekyll,
  rather than looking for a Sphinx document called ``/docs``;
- does not warn when headings skip a level (``#`` then ``###``): a post is a
  fragment under its layout's title, where that is normal.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.parsers.sphinx_ import MystParser

from ._compat.myst import (
    HEADING_SKIPS_LEVEL,
    RendererWithStart,
    add_link_targets,
    file_level_config,
    markdown_parser,
    myst_settings,
    warn_in_document,
    without_line_comments,
)
from ._compat.sphinx import highlight_language, registered_source_suffixes
from .code_blocks import markdown_code_block, post_code_blocks
from .github_plugins import emojify_title, render_jemoji, use_github_plugins
from .horizontal_rules import PostRules
from .jekyll.config_values import CodeBlockOptions
from .jekyll.excerpts import excerpt_separator
from .jekyll.frontmatter import body_start
from .jekyll.html_ids import html_ids
from .jekyll.kramdown import gfm_id, kramdown_plugin, prepare_lines
from .jekyll.pages import is_listing
from .jekyll.problems import ProblemKind
from .jekyll.site import DEFAULT_MARKDOWN_EXT
from .jekyll.titles import parts_text, title_parts
from .liquid import lines_remapped, render_post_liquid, site_source_link
from .post_titles import markdown_literal, one_title_section, starts_with_title, title_nodes
from .presentation import _
from .reporting import report, warn
from .state import document_for, site_state
from .toc import LEVEL as HEADING_LEVEL
from .toc import KramdownToc, heading_text, render_kramdown_toc
from .untrusted_posts import PostPolicy, given_options, refused, restricted_settings

if TYPE_CHECKING:
    from collections.abc import MutableMapping, Sequence

    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode
    from sphinx.application import Sphinx

    from .jekyll.catalog import Post

_KRAMDOWN_EXTENSIONS = ("deflist", "tasklist")


def raw_html_ids(tokens: Sequence[Token]) -> set[str]:
    """The anchors (``id``, ``<a name>``) of the raw HTML among ``tokens``."""
    found: set[str] = set()
    for token in tokens:
        if token.type == "html_block":
            found |= html_ids(token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                found |= html_ids(child.content)
    return found


class JekyllPostRenderer(RendererWithStart):
    """MyST's Sphinx renderer, adding the post's title when the body has none."""

    def render(
        self, tokens: Sequence[Token], options: Any, md_env: MutableMapping[str, Any]
    ) -> nodes.document:
        post: Post = options["jekyllposts_post"]
        self._jekyllposts_raw_html = bool(options.get("jekyllposts_raw_html", True))
        self._jekyllposts_policy: PostPolicy = options["jekyllposts_policy"]
        self._jekyllposts_code_options: CodeBlockOptions = options["jekyllposts_code_options"]
        self._jekyllposts_title = None if starts_with_title(tokens, post) else post.display_title
        self._jekyllposts_adding_title = False
        # The anchors of the post's raw HTML, which `[x](#id)` may point at.
        if self._jekyllposts_raw_html:
            md_env["jekyllposts_html_ids"] = raw_html_ids(tokens)
        return super().render(tokens, options, md_env)

    def create_warning(
        self, message: str, subtype: Any, **kwargs: Any
    ) -> nodes.system_message | None:
        if subtype == HEADING_SKIPS_LEVEL:
            # A post is an HTML fragment under a layout's <h1>: Jekyll authors
            # start at ## or ### as they please, and that is valid HTML.
            return None
        result: nodes.system_message | None = super().create_warning(message, subtype, **kwargs)
        return result

    def render_heading(self, token: SyntaxTreeNode) -> None:
        # kramdown (GFM) heading ids: `## 中文 标题` is `#中文-标题`, not `#id1`;
        # `## Title {#custom}` is `#custom`.
        before = self.current_node
        count = len(before.children) if before is not None else 0
        super().render_heading(token)
        heading: nodes.Element | None = self.current_node
        if heading is before:
            # In a block quote, a list item or a `<div markdown="1">`: a rubric.
            added = before.children[count:] if before is not None else []
            heading = next((node for node in added if isinstance(node, nodes.rubric)), None)
            title = heading
            if heading is not None and heading.get("level") in range(1, 7):
                # Shown as the <h4> kramdown writes (Sphinx's rubric `heading-level`).
                heading["heading-level"] = heading["level"]
        elif isinstance(heading, nodes.section):
            title = heading[0]
        else:
            return
        if heading is None or not isinstance(title, nodes.Element):
            return
        seen = self.md_env.setdefault("jekyllposts_ids", {})
        explicit = token.meta.get("jekyll_id")
        wanted = explicit or gfm_id(heading_text(title), seen)
        if wanted and wanted not in self.document.ids:
            heading["ids"].insert(0, wanted)
            self.document.ids[wanted] = heading
        if not self._jekyllposts_adding_title:
            heading[HEADING_LEVEL] = int(token.tag[1:])  # for kramdown's {:toc} (toc.py)

    def render_footnote_reference(self, token: SyntaxTreeNode) -> None:
        # A footnote definition. myst-parser 4 drops one whose label is also a
        # heading's name ("## Footnote" and `[^footnote]`, as a duplicate);
        # kramdown and myst-parser 5 keep it: a heading's name is implicit, and
        # docutils lets an explicit name (the footnote's) take it over.
        label = token.meta.get("label")
        ids = self.document.nameids
        if label not in ids or self.document.nametypes.get(label):
            super().render_footnote_reference(token)
            return
        implicit = ids.pop(label)
        super().render_footnote_reference(token)
        ids.setdefault(label, implicit)

    def render_table(self, token: SyntaxTreeNode) -> None:
        columns = token.meta.get("kramdown_columns")
        if not columns:
            super().render_table(token)
            return
        # kramdown's tables (jekyll/kramdown_tables.py): maybe no header row,
        # maybe several.
        table = nodes.table(classes=["colwidths-auto"])
        self.copy_attributes(token, table, ("class", "id"))
        self.add_line_and_source_path(table, token)
        self.current_node.append(table)
        tgroup = nodes.tgroup(cols=columns)
        table += tgroup
        tgroup.extend(nodes.colspec(colwidth=100 // columns) for _ in range(columns))
        for part in token.children or []:
            group = nodes.thead() if part.type == "thead" else nodes.tbody()
            tgroup += group
            with self.current_node_context(group):
                for row in part.children or []:
                    self.render_table_row(row)

    def create_highlighted_code_block(
        self, text: str, lexer_name: str | None, *args: Any, **kwargs: Any
    ) -> nodes.Element:
        # A fenced or indented code block, as Rouge shows it (.code_blocks).
        node: nodes.Element = super().create_highlighted_code_block(
            text, lexer_name, *args, **kwargs
        )
        env = self.sphinx_env
        default = highlight_language(env)
        written = None if lexer_name in (None, "", default) else lexer_name
        markdown_code_block(node, written, self._jekyllposts_code_options)
        return node

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        if self._jekyllposts_raw_html:
            super().render_html_inline(token)
        else:
            self.current_node.append(nodes.Text(token.content))

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        if self._jekyllposts_raw_html:
            super().render_html_block(token)
            return
        # `jekyllposts_raw_html = False`: the HTML is shown as written, never run.
        text = str(token.meta.get("source", token.content))
        paragraph = nodes.paragraph(text, text.rstrip("\n"))
        self.add_line_and_source_path(paragraph, token)
        self.current_node.append(paragraph)

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> list[nodes.Element]:
        policy = self._jekyllposts_policy
        if not policy.trusted:
            found, _ = directives.directive(name, self.language_module_rst, self.document)
            if found is not None and not policy.directive_allowed(
                name, given_options(found, first_line, content, position, additional_options)
            ):
                text = kwargs.get("block_text") or f"```{{{name}}} {first_line}\n{content}\n```"
                docname = self.sphinx_env.docname
                return [refused("directive", name, docname=docname, line=position, text=text)]
        result: list[nodes.Element] = super().run_directive(
            name, first_line, content, position, additional_options, **kwargs
        )
        return result

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        if self._jekyllposts_policy.trusted:
            super().render_restructuredtext(token)
            return
        # reStructuredText is a second markup with its own directives: not in posts.
        text = f"{token.markup}{token.info}\n{token.content}{token.markup}"
        line = token.map[0] if token.map else 1  # MyST counts lines as its directives do
        docname = self.sphinx_env.docname
        self.current_node.append(
            refused("directive", "eval-rst", docname=docname, line=line, text=text)
        )

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        name = str(token.meta["name"])
        if self._jekyllposts_policy.role_allowed(name):
            super().render_myst_role(token)
            return
        line = token.map[0] if token.map else 1  # MyST counts lines as its directives do
        text = f"{{{name}}}`{token.content}`"
        docname = self.sphinx_env.docname
        self.current_node.append(refused("role", name, docname=docname, line=line, text=text))

    def render_abbr(self, token: SyntaxTreeNode) -> None:
        """A kramdown abbreviation (``*[HTML]: ...``): ``<abbr title="...">``."""
        node = nodes.abbreviation(
            token.content, token.content, explanation=str(token.meta.get("explanation", ""))
        )
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    render_jemoji = render_jemoji  # jemoji's `:tada:` (github_plugins.py)
    render_kramdown_toc = render_kramdown_toc  # `* TOC` + `{:toc}` (toc.py)

    def render_del(self, token: SyntaxTreeNode) -> None:
        """kramdown's ``~~strike~~``: ``<del>`` in HTML, the text elsewhere."""
        self.current_node.append(nodes.raw("", "<del>", format="html"))
        self.render_children(token)
        self.current_node.append(nodes.raw("", "</del>", format="html"))

    def render_link(self, token: SyntaxTreeNode) -> None:
        href = str(token.attrGet("href") or "")
        if href.startswith("/") and not href.startswith("//"):
            # `/_posts/2018-01-01-x.md#part`, `/about.md`: the post's or page's
            # source, linked as a relative `x.md` is (jekyll-relative-links).
            path, hash_, fragment = href.partition("#")
            source = site_source_link(self.sphinx_env, self.sphinx_env.docname, unquote(path))
            if source is not None:
                token.attrs["href"] = source + hash_ + fragment
                super().render_link(token)
                return
        if href == "#" or href.startswith("/"):
            # In a Jekyll post, `/docs/x/` is a URL on the site, not a Sphinx
            # document, `//host/x` a URL on another host and `#` the top of the
            # page: kept as written, as in Jekyll.
            self.render_link_url(token)
            return
        if href.startswith("##"):
            # `{% link missing.md %}#part`: the tag gave "#" and a warning
            # already; the part cannot be found in this page, and is not looked for.
            self.render_link_url(token)
            return
        if (_PLAIN_URL.match(href) and not href.startswith(_MYST_SCHEMES)) or not names_a_source(
            self.sphinx_env, href
        ):
            # `../ubuntu/`, `irc://host/#room`, `youtu.be/x`, `notes.html`, ``: a
            # URL relative to the page's Jekyll URL (where the page is written)
            # or of any scheme, kept as written, as in Jekyll; MyST would look
            # for a document of that name, and warn.
            self.render_link_url(token)
            return
        super().render_link(token)

    def at_start(self) -> None:
        if self._jekyllposts_title is not None:
            # Rendered through MyST's own heading code, so the section, its id
            # and the heading levels below it are exactly those of a "# Title";
            # then the title's text is given the title's inline markup.
            parts = title_parts(self._jekyllposts_title)
            self._jekyllposts_adding_title = True
            self.nested_render_text("# " + markdown_literal(parts_text(parts)), 0)
            self._jekyllposts_adding_title = False
            section = self.current_node
            if isinstance(section, nodes.section) and isinstance(section[0], nodes.title):
                section[0]["classes"].append("jekyllposts-post-title")
            styled = any(not isinstance(part, str) for part in parts)
            # A plain title keeps what the Markdown rules made of it (jemoji's
            # images); one with inline HTML gets its styled parts.
            if (
                styled
                and isinstance(section, nodes.section)
                and isinstance(section[0], nodes.title)
            ):
                section[0][:] = title_nodes(parts)
                emojify_title(section[0], self.sphinx_env, self.md.options["jekyllposts_post"])


class JekyllPostParser(MystParser):
    """myst-parser's Sphinx parser; Jekyll posts get :class:`JekyllPostRenderer`."""

    @staticmethod
    def liquid_body(env: Any, post: Post, inputstring: str) -> tuple[str, list[int], int]:
        """The post's body after its front matter, Liquid rendered; the source
        line of each of its lines; the line it starts at. Its problems are
        reported (on reading, so an unchanged post does not warn again)."""
        report_problems(env, post)
        # Sphinx reads with universal newlines: a file whose lines end in CR
        # alone has front matter here, not for Jekyll (nor in the catalog).
        offset, line = body_start(inputstring) if post.body_line > 1 else (0, 1)
        body = inputstring[offset:]
        rendered = render_post_liquid(env, post, body, line)
        if rendered is None:
            return body, list(range(line, line + body.count("\n") + 1)), line
        return rendered.text, rendered.lines, line

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        post = document_for(env, env.docname)
        if post is None:
            super().parse(inputstring, document)
            return
        if self.listing_page(document, post, inputstring):
            return
        body, lines, line = self.liquid_body(env, post, inputstring)
        separator = post_separator(env, post)
        body, lines = prepare_lines(
            body, lines, separator=separator if isinstance(separator, str) else ""
        )
        mapping = list(range(1, line)) + lines
        identity = all(number == index for index, number in enumerate(mapping, 1))
        self.render_markdown(document, post, body, line, None if identity else mapping)

    def listing_page(self, document: nodes.document, post: Post, inputstring: str) -> bool:
        """For a Jekyll page (not a post): mark it orphan (it is in no toctree;
        the site's menu links it), and when it lists the posts
        (:func:`.jekyll.pages.is_listing`), render the extension's listing
        into ``document`` and say so."""
        env = document.settings.env
        state = site_state(env)
        if state is None or state.page(env.docname) is None:
            return False
        env.metadata[env.docname]["orphan"] = True
        offset, line = body_start(inputstring) if post.body_line > 1 else (0, 1)
        if not is_listing(post, inputstring[offset:]):
            return False
        report_problems(env, post)
        # A theme's list of posts (its Liquid loops over posts this build does
        # not have as Liquid objects): the extension's listing.
        listing = dataclasses.replace(post, title=post.title or _("Posts"), markup="markdown")
        self.render_markdown(document, listing, LISTING_BODY, line)
        return True

    def render_markdown(
        self,
        document: nodes.document,
        post: Post,
        body: str,
        line: int,
        mapping: list[int] | None = None,
    ) -> None:
        """Render ``body`` (starting at ``line`` of the post's file; ``mapping``
        gives each rendered line's line in the file) with MyST and the kramdown
        rules into ``document``, titled as a post is."""
        env = document.settings.env

        def warning(wtype: Any, msg: str) -> None:
            warn_in_document(document, msg, wtype, line=1)

        policy = PostPolicy(site_state(env).config)  # type: ignore[union-attr]
        config = myst_settings(env)
        if policy.trusted:
            config = file_level_config(config, post.data, warning)
        extensions = {*config.enable_extensions, *_KRAMDOWN_EXTENSIONS}
        if not policy.trusted:
            # Substitutions are Jinja2 templates, which can run code: never in posts.
            extensions.discard("substitution")
            restricted_settings(document)
        # kramdown (GFM) has definition lists and task lists.
        config = dataclasses.replace(config, enable_extensions=extensions)
        parser = markdown_parser(config, JekyllPostRenderer)
        # The front matter is Jekyll's, taken out above; a `---` block left at
        # the top (lines ending in CR alone) is the body's, as in Jekyll.
        parser.disable("front_matter")
        without_line_comments(parser)  # `% text` is text in kramdown
        parser.use(kramdown_plugin)
        use_github_plugins(parser, env, post)
        parser.options["document"] = document
        parser.options["jekyllposts_post"] = post
        parser.options["jekyllposts_raw_html"] = env.config.jekyllposts_raw_html
        parser.options["jekyllposts_policy"] = policy
        state = site_state(env)
        parser.options["jekyllposts_code_options"] = (
            state.catalog.settings.code_blocks if state is not None else CodeBlockOptions()
        )
        md_env: dict[str, Any] = {}
        with lines_remapped(document, mapping):
            parser.render("\n" * (line - 1) + body, md_env)
            post_code_blocks(document)
            one_title_section(document)
            for at, message in md_env.get("jekyllposts_limits", ()):
                warn(message, ProblemKind.LIMIT, location=(env.docname, at))
        # `[x](#中文-标题)` finds the anchor, and `[x](this-post.md#中文-标题)` in
        # another page.
        add_link_targets(document, page_anchors(document, md_env))


def names_a_source(env: Any, href: str) -> bool:
    """Whether MyST is to resolve the relative link ``href`` of the document
    being read: it names a document (``other``, ``#part`` of this one), a
    Markdown file (``other.md``: MyST warns when there is none) or a file beside
    the document (``files/a.pdf``, which MyST copies)."""
    if href.startswith(_MYST_SCHEMES):
        return True
    path = unquote(href.partition("#")[0].partition("?")[0])
    if not path:
        return href.startswith("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(env.docname), path))
    stem, suffix = posixpath.splitext(target)
    if target in env.found_docs or suffix.lower().lstrip(".") in DEFAULT_MARKDOWN_EXT:
        return True
    if suffix in env.config.source_suffix and stem in env.found_docs:
        return True
    try:
        return (Path(env.doc2path(env.docname)).parent / path).is_file()
    except (OSError, ValueError):
        return False


def report_problems(env: Any, post: Post) -> None:
    """Warn about what reading the post's (or page's) record found wrong (on
    reading it, so that an unchanged post does not warn again)."""
    for problem in post.problems:
        report(problem, site_dir=Path(env.srcdir), docname=env.docname)


#: A link that names no source file: a folder's URL (``../ubuntu/``,
#: ``x/#part``), or a URL of any scheme (``irc:``, ``ftp:``).
_PLAIN_URL = re.compile(r"[^#?]*/(?:[#?]|$)|[A-Za-z][A-Za-z0-9+.-]*:")
#: MyST's own link schemes, which name documents and objects.
_MYST_SCHEMES = ("project:", "path:", "inv:", "doc:")

#: What a page that lists the site's posts is made of (:func:`.jekyll.pages.is_listing`).
LISTING_BODY = "```{post-list}\n:excerpts:\n```\n"


def page_anchors(document: nodes.document, md_env: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every anchor of a post's page, with its text: the ids of its sections
    (kramdown's heading ids), of its elements (``{: #id}``) and of its raw HTML."""
    anchors: dict[str, tuple[str, str]] = {}
    for anchor, node in document.ids.items():
        title = node[0] if isinstance(node, nodes.section) and node.children else None
        anchors[anchor] = (anchor, title.astext() if isinstance(title, nodes.title) else "")
    for anchor in md_env.get("jekyllposts_html_ids", ()):
        anchors.setdefault(anchor, (anchor, ""))
    return anchors


def post_separator(env: Any, post: Post) -> str:
    """The post's excerpt separator, as the catalog took its excerpt with
    (:func:`.jekyll.excerpts.excerpt_separator`)."""
    state = site_state(env)
    site = state.catalog.settings.excerpt_separator if state is not None else ""
    return excerpt_separator(post.data, site)


def setup_parser(app: Sphinx) -> None:
    """Use :class:`JekyllPostParser` for Markdown, and Jekyll's Markdown suffixes."""
    app.add_source_parser(JekyllPostParser, override=True)
    app.add_transform(KramdownToc)
    app.add_transform(PostRules)
    registered = registered_source_suffixes(app)
    for suffix in (f".{ext}" for ext in DEFAULT_MARKDOWN_EXT):
        if suffix not in registered:
            app.add_source_suffix(suffix, "markdown")
