"""Code blocks in posts as Jekyll shows them (kramdown's Rouge), with Pygments.

- Rouge shows a block whose language it does not know (```` ```mermaid ````,
  ```` ```Python ````: its names are lower case) as plain text, and never
  stops at a token it cannot lex: in a post, such a block is plain text
  (Sphinx's ``none``) and every block is highlighted as the ``code-block``
  directive's ``:force:`` option does, so neither gives a message ("Pygments
  lexer name 'mermaid' is not known", "Lexing literal_block ... Retrying in
  relaxed mode"). Pages that are not posts keep Sphinx's messages.
- A language Rouge knows under a name Pygments does not (``viml``,
  ``plaintext``) is highlighted with Pygments' lexer of that language
  (:data:`.jekyll.rouge.PYGMENTS_NAMES`).
- With ``line_numbers`` in ``_config.yml``'s ``kramdown:
  syntax_highlighter_opts:`` (or its ``block:``), every fenced or indented
  code block Rouge highlights is numbered from ``start_line``, as Rouge
  numbers them; ``{% highlight %}`` blocks only with ``linenos``, as in Jekyll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

from ._compat.sphinx import sphinx_lexer_names
from .jekyll.rouge import PYGMENTS_NAMES, ROUGE_NAMES

if TYPE_CHECKING:
    from .jekyll.config_values import CodeBlockOptions

# What Sphinx's PygmentsBridge.get_lexer takes before asking Pygments.
_SPHINX_NAMES = frozenset({"default", "guess", "none", "py", "py3", "python3", "pycon3"})


def _pygments_knows(name: str) -> bool:
    try:
        find_lexer_class_by_name(name)
    except ClassNotFound:
        return False
    return True


def highlighted_as(language: str) -> str:
    """The language Sphinx highlights a post's ``language`` with: itself when
    Sphinx or Pygments knows it, Pygments' name for Rouge's, else ``none``."""
    if language in _SPHINX_NAMES or language in sphinx_lexer_names() or _pygments_knows(language):
        return language
    mapped = PYGMENTS_NAMES.get(language)
    return mapped if mapped is not None and _pygments_knows(mapped) else "none"


def rouge_highlights(language: str | None) -> bool:
    """Whether Rouge highlights a Markdown code block of ``language`` (``None``:
    none given, which Rouge shows as ``plaintext``)."""
    return language is None or language in ROUGE_NAMES


def markdown_code_block(
    node: nodes.Element, language: str | None, options: CodeBlockOptions
) -> None:
    """Make the literal block of a fenced or indented code block of a post
    (``language`` as written, ``None`` when none is) show as Rouge shows it;
    a mermaid fence is marked, for :mod:`.mermaid` to draw."""
    if language == "mermaid":
        node["jekyllposts_mermaid"] = True
    if language is None:
        # Rouge's plaintext: no colours (Sphinx's default language would lex
        # it as Python), line numbers as for any language.
        node["language"] = "none"
    if not rouge_highlights(language):
        node["language"] = "none"
        node["linenos"] = False
        node.get("highlight_args", {}).pop("linenostart", None)
    elif options.line_numbers and not node.get("linenos"):
        node["linenos"] = True
        if options.start_line != 1:
            node.setdefault("highlight_args", {})["linenostart"] = options.start_line
    post_code_block(node)


def post_code_block(node: nodes.Element) -> None:
    """Make any literal block of a post (a ``code-block`` directive's too)
    highlight as Rouge does: known languages by their Pygments name, unknown
    ones as plain text, lexing errors shown rather than retried."""
    language = node.get("language")
    if isinstance(language, str):
        node["language"] = highlighted_as(language)
    node["force"] = True


def post_code_blocks(document: nodes.document) -> None:
    """:func:`post_code_block` for every literal block of a post's doctree."""
    for node in document.findall(nodes.literal_block):
        post_code_block(node)
