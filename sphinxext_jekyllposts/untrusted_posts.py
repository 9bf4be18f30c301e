"""What a post may do when its authors are not trusted with the build.

A Jekyll post is a document, not a configuration file: unless
``jekyllposts_trusted_posts`` is set,

- its front matter never configures MyST or Sphinx (``myst:``,
  ``substitutions``, ``html_meta`` are plain metadata), and MyST's Jinja2
  substitutions are off in posts;
- only the directives and roles people write posts with run
  (:data:`POST_DIRECTIVES`, :data:`POST_ROLES`, plus the site's
  ``jekyllposts_post_directives`` and ``jekyllposts_post_roles``); any other,
  and any directive given a ``:file:`` or ``:url:``, is a warning and is shown
  as the text it was written as;
- docutils' ``file_insertion_enabled`` and ``raw_enabled`` are off;
- a local image or downloadable file must be a regular file inside the site
  folder (symbolic links resolved): anything else is a warning, and the image
  or link is shown as its text, never copied to the output.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ._compat.myst import directive_options
from .jekyll.files import is_inside, real_path, refusal
from .jekyll.problems import ProblemKind
from .reporting import warn
from .state import document_for, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .config import JekyllPostsConfig

#: Directives a post may use: they write what the post says and nothing else.
POST_DIRECTIVES = frozenset(
    {
        # admonitions
        "admonition",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "tip",
        "warning",
        "seealso",
        "todo",
        "versionadded",
        "versionchanged",
        "versionremoved",
        "deprecated",
        # code and math
        "code",
        "code-block",
        "sourcecode",
        "highlight",
        "parsed-literal",
        "math",
        # body elements
        "image",
        "figure",
        "topic",
        "sidebar",
        "rubric",
        "epigraph",
        "highlights",
        "pull-quote",
        "compound",
        "container",
        "line-block",
        "centered",
        "hlist",
        "glossary",
        "table",
        "list-table",
        "csv-table",
        "tabularcolumns",
        "class",
        "rst-class",
        "contents",
        "only",
        "index",
        # this extension's listing (never a toctree: a post is a leaf of the site)
        "post-list",
    }
)

#: Roles a post may use: inline markup and cross-references.
POST_ROLES = frozenset(
    {
        # docutils
        "abbreviation",
        "ab",
        "acronym",
        "ac",
        "code",
        "emphasis",
        "literal",
        "math",
        "pep-reference",
        "pep",
        "rfc-reference",
        "rfc",
        "strong",
        "subscript",
        "sub",
        "superscript",
        "sup",
        "title-reference",
        "title",
        "t",
        # Sphinx
        "abbr",
        "any",
        "command",
        "dfn",
        "doc",
        "download",
        "envvar",
        "eq",
        "file",
        "guilabel",
        "index",
        "kbd",
        "keyword",
        "mailheader",
        "makevar",
        "manpage",
        "menuselection",
        "mimetype",
        "newsgroup",
        "numref",
        "option",
        "program",
        "ref",
        "regexp",
        "samp",
        "term",
        "token",
        # MyST
        "sub-ref",
    }
)

#: Options through which an otherwise harmless directive reads a file or a URL.
_FILE_OPTIONS = frozenset({"file", "url", "source"})


class PostPolicy:
    """What a post may run, from the site's settings."""

    def __init__(self, config: JekyllPostsConfig) -> None:
        self.trusted = config.trusted_posts
        self.directives = POST_DIRECTIVES | set(config.post_directives)
        self.roles = POST_ROLES | set(config.post_roles)

    def directive_allowed(self, name: str, option_names: set[str]) -> bool:
        """Whether the directive ``name`` (with these options) runs in a post."""
        if self.trusted:
            return True
        return name in self.directives and not (option_names & _FILE_OPTIONS)

    def role_allowed(self, name: str) -> bool:
        """Whether the role ``name`` runs in a post. Domain roles (``py:func``)
        are cross-references, and allowed."""
        return self.trusted or name in self.roles or _is_domain_role(name)


def _is_domain_role(name: str) -> bool:
    domain, _, role = name.partition(":")
    return bool(domain and role) and domain not in {"raw"} and not role.startswith("raw")


def given_options(
    directive: Any,
    first_line: str,
    content: str,
    line: int,
    additional: dict[str, str] | None,
) -> set[str]:
    """The options a MyST directive is given; parsed only for a directive that
    takes a file or a URL (the others' options cannot make it read one)."""
    if not _FILE_OPTIONS & set(getattr(directive, "option_spec", None) or {}):
        return set()
    # None: MyST cannot parse the block, and reports it when it runs it.
    return directive_options(directive, first_line, content, line, additional) or set()


def refused(what: str, name: str, *, docname: str, line: int, text: str) -> nodes.Element:
    """Warn that ``what`` (``directive``/``role``) ``name`` is not run in a post,
    and return ``text`` as the node that shows it instead."""
    warn(
        f"the {what} {name!r} is not run in a post: it can read files, write raw output "
        "or reach outside the post; it is shown as text "
        "(jekyllposts_trusted_posts, or "
        f"jekyllposts_post_{what}s to allow it)",
        ProblemKind.UNTRUSTED,
        location=(docname, line),
    )
    if what == "role":
        return nodes.literal(text, text)
    block = nodes.literal_block(text, text, language="text")  # shown, never highlighted
    block.line = line
    return block


def restricted_settings(document: nodes.document) -> None:
    """Turn off docutils' file insertion and raw output for this document only
    (Sphinx 8 shares one settings object between the documents it reads)."""
    settings = copy.copy(document.settings)
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    document.settings = settings


class LocalFilesInsideSite(SphinxTransform):
    """A post's local images and downloadable files must be regular files inside
    the site folder; others are shown as their text and never copied."""

    # Before Sphinx's image and download collectors (doctree-read) note them.
    default_priority = 100

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        post = document_for(env, env.docname)
        state = site_state(env)
        if post is None or state is None or state.config.trusted_posts:
            return
        site = real_path(state.site_dir)
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if _is_local(uri) and not self._inside(uri, site, image, "image"):
                alt = str(image.get("alt") or uri)
                image.replace_self(nodes.inline(alt, alt))
        for link in list(self.document.findall(addnodes.download_reference)):
            target = str(link.get("reftarget", ""))
            if _is_local(target) and not self._inside(target, site, link, "link"):
                link.replace_self(nodes.inline("", "", *link.children))

    def _inside(self, uri: str, site: str, node: nodes.Element, what: str) -> bool:
        path = uri.split("?", 1)[0].split("#", 1)[0]
        _, absolute = self.env.relfn2path(path, self.env.docname)
        problem = ""
        if not is_inside(absolute, site):
            problem = "is outside the site folder"
        elif "*" not in path and refusal(real_path(absolute)):
            # (a missing file is no refusal: Sphinx's own warning says so)
            problem = "is not a regular file"
        if not problem:
            return True
        warn(
            f"the {what} {uri!r} {problem}; it is shown as text and not copied",
            ProblemKind.UNTRUSTED,
            location=(self.env.docname, node.line or 1),
        )
        return False


def _is_local(uri: str) -> bool:
    return bool(uri) and "://" not in uri and not uri.startswith(("data:", "mailto:", "//"))


def setup_untrusted_posts(app: Sphinx) -> None:
    """What posts may run; see the module's docstring."""
    app.add_transform(LocalFilesInsideSite)
