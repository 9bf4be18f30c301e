"""Horizontal rules in posts where kramdown has them.

kramdown writes an ``<hr />`` for every rule (``---``, ``***``, ``- - -``):
two in a row, one at the very start of the post or at its end. Docutils
calls each of these an error ("At least one body element must separate
transitions", "Document may not end with a transition"), a message no
Jekyll user ever saw. In a post, :class:`PostRules` puts an empty comment
(which no builder writes) where docutils wants a body element, so every rule
stays where it is, without a message. Other documents keep docutils' rules.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .state import document_for


class PostRules(SphinxTransform):
    """Before docutils' ``Transitions`` (830): in a post, each rule that
    starts a section, follows a title or another rule, or ends its section
    gets an empty comment beside it."""

    default_priority = 829

    def apply(self, **kwargs: Any) -> None:
        if document_for(self.env, self.env.docname) is None:
            return
        for rule in list(self.document.findall(nodes.transition)):
            parent = rule.parent
            if not isinstance(parent, nodes.document | nodes.section):
                continue
            index = parent.index(rule)
            before = parent[index - 1] if index else None
            if before is None or isinstance(
                before, nodes.transition | nodes.title | nodes.subtitle | nodes.meta
            ):
                parent.insert(index, nodes.comment())
            if rule is parent[-1]:
                parent.append(nodes.comment())
