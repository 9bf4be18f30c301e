"""The anchors a post's raw HTML makes: ``id="..."`` on any element and
``<a name="...">``, which a link ``[x](#id)`` in the post can point at (the
browser finds them in the page, as in Jekyll's)."""

from __future__ import annotations

import html
import re

# A start tag: its name, then what is up to its ">" (never past another "<",
# so a "<" without a ">" is passed over once).
START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*+)([^<>]*+)>")
_ANCHOR_ATTRIBUTE = re.compile(
    r"""(?<![^\s"'])(id|name)\s*+=\s*+"""  # after white space or a quote: not data-id=
    r"""(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++))""",
    re.IGNORECASE,
)


def html_ids(markup: str) -> set[str]:
    """Every anchor of ``markup``: each element's ``id`` and each ``<a>``'s
    ``name``, entities read."""
    found: set[str] = set()
    if "=" not in markup:
        return found
    for tag in START_TAG.finditer(markup):
        attributes = tag[2]
        if "=" not in attributes:
            continue
        is_a = tag[1].lower() == "a"
        for attribute in _ANCHOR_ATTRIBUTE.finditer(attributes):
            if attribute[1].lower() == "name" and not is_a:
                continue
            value = attribute[2] if attribute[2] is not None else attribute[3] or attribute[4]
            if value:
                found.add(html.unescape(value))
    return found
