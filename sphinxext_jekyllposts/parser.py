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
    file_level_config,
    markdown_parser,
    warn_in_document,
)
from ._compat.sphinx import registered_source_suffixes
from .github_plugins import render_jemoji, use_github_plugins
from .jekyll.excerpts import excerpt_separator
from .jekyll.frontmatter import body_start
from .jekyll.kramdown import gfm_id, kramdown_plugin, prepare_lines
from .jekyll.problems import ProblemKind
from .jekyll.site import DEFAULT_MARKDOWN_EXT
from .liquid import lines_remapped, render_post_liquid, site_source_link
from .reporting import report, warn
from .state import post_for, site_state
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
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SKIPPABLE_BEFORE_TITLE = frozenset({"html_block"})


def markdown_literal(text: str) -> str:
    """``text`` escaped so that Markdown renders it as exactly that text."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def starts_with_h1(tokens: Sequence[Token]) -> bool:
    """Whether the first block of the body (comments aside) is a level-1 heading."""
    for token in tokens:
        if token.type in _SKIPPABLE_BEFORE_TITLE:
            continue
        return token.type == "heading_open" and token.tag == "h1"
    return False


class JekyllPostRenderer(RendererWithStart):
    """MyST's Sphinx renderer, adding the post's title when the body has none."""

    def render(
        self, tokens: Sequence[Token], options: Any, md_env: MutableMapping[str, Any]
    ) -> nodes.document:
        post: Post = options["jekyllposts_post"]
        self._jekyllposts_raw_html = bool(options.get("jekyllposts_raw_html", True))
        self._jekyllposts_policy: PostPolicy = options["jekyllposts_policy"]
        self._jekyllposts_title = None if starts_with_h1(tokens) else post.display_title
        self._jekyllposts_adding_title = False
        if self._jekyllposts_title is not None and tokens and tokens[0].type == "hr":
            # A rule right under the title is a docutils error ("transition at
            # the start of the section"); it is dropped, nothing else is lost.
            tokens = tokens[1:]
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

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        if self._jekyllposts_raw_html:
            super().render_html_inline(token)
        else:
            self.current_node.append(nodes.Text(token.content))

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        if self._jekyllposts_raw_html:
            super().render_html_block(token)
            return
        # `jekyllposts_raw_html = False`: the HTML is shown, never run.
        paragraph = nodes.paragraph(token.content, token.content.rstrip("\n"))
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
        if href == "#" or (href.startswith("/") and not href.startswith("//")):
            # In a Jekyll post, `/docs/x/` is a URL on the site, not a Sphinx
            # document, and `#` the top of the page: kept as written, as in Jekyll.
            self.render_link_url(token)
            return
        super().render_link(token)

    def at_start(self) -> None:
        if self._jekyllposts_title is not None:
            # Rendered through MyST's own heading code, so the section, its id
            # and the heading levels below it are exactly those of a "# Title".
            self._jekyllposts_adding_title = True
            self.nested_render_text("# " + markdown_literal(self._jekyllposts_title), 0)
            self._jekyllposts_adding_title = False


class JekyllPostParser(MystParser):
    """myst-parser's Sphinx parser; Jekyll posts get :class:`JekyllPostRenderer`."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        post = post_for(env, env.docname)
        if post is None:
            super().parse(inputstring, document)
            return
        # Reported on reading, so an unchanged post does not warn again, as with
        # any Sphinx warning.
        for problem in post.problems:
            report(problem, site_dir=Path(env.srcdir), docname=env.docname)
        # Sphinx reads with universal newlines: a file whose lines end in CR
        # alone has front matter here, not for Jekyll (nor in the catalog).
        offset, line = body_start(inputstring) if post.body_line > 1 else (0, 1)
        body = inputstring[offset:]
        rendered = render_post_liquid(env, post, body, line)
        if rendered is None:
            lines = list(range(line, line + body.count("\n") + 1))
        else:
            body, lines = rendered.text, rendered.lines
        separator = post_separator(env, post)
        body, lines = prepare_lines(
            body, lines, separator=separator if isinstance(separator, str) else ""
        )
        mapping = list(range(1, line)) + lines
        identity = all(number == index for index, number in enumerate(mapping, 1))

        def warning(wtype: Any, msg: str) -> None:
            warn_in_document(document, msg, wtype, line=1)

        policy = PostPolicy(site_state(env).config)  # type: ignore[union-attr]
        config = env.myst_config
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
        parser.use(kramdown_plugin)
        use_github_plugins(parser, env, post)
        parser.options["document"] = document
        parser.options["jekyllposts_post"] = post
        parser.options["jekyllposts_raw_html"] = env.config.jekyllposts_raw_html
        parser.options["jekyllposts_policy"] = policy
        md_env: dict[str, Any] = {}
        with lines_remapped(document, None if identity else mapping):
            parser.render("\n" * (line - 1) + body, md_env)
            for at, message in md_env.get("jekyllposts_limits", ()):
                warn(message, ProblemKind.LIMIT, location=(env.docname, at))


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
    registered = registered_source_suffixes(app)
    for suffix in (f".{ext}" for ext in DEFAULT_MARKDOWN_EXT):
        if suffix not in registered:
            app.add_source_suffix(suffix, "markdown")
