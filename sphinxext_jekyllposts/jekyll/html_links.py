"""The URLs in a post's raw HTML: ``src``, ``href``, ``srcset`` and ``poster``
of every start tag, each found and, if asked, replaced.

The start tags are those :mod:`.html_ids` finds; their attributes are read one
after the other (so a quoted value's text is never taken for an attribute),
and a ``srcset``'s candidates one by one. Every scan is linear.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from .html_ids import START_TAG

if TYPE_CHECKING:
    from collections.abc import Callable

#: The attributes whose value is a URL (``srcset``: a list of them).
URL_ATTRIBUTES = frozenset({"src", "href", "srcset", "poster"})

# One attribute: its name, then maybe "=" and a value, quoted or not. A quote
# never closed ends no value (the name alone matches), so each quote starts at
# most one scan that fails: linear.
_ATTRIBUTE = re.compile(
    r"""([^\s"'<>/=]++)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++)))?"""
)


def rewrite_links(markup: str, replace: Callable[[str, str, int], str | None]) -> str:
    """``markup`` with every URL of a ``src``, ``href``, ``srcset`` or ``poster``
    attribute given to ``replace(url, attribute, offset)`` (entities read;
    ``offset``: where the value starts in ``markup``), and replaced by what it
    returns unless ``None`` (written back double-quoted and escaped); the
    markup as it was when nothing is replaced."""
    if "=" not in markup:
        return markup
    pieces: list[str] = []
    done = 0
    for tag in START_TAG.finditer(markup):
        attributes = tag[2]
        if "=" not in attributes:
            continue
        base = tag.start(2)
        for attribute in _ATTRIBUTE.finditer(attributes):
            name = attribute[1].lower()
            if name not in URL_ATTRIBUTES:
                continue
            group = next((g for g in (2, 3, 4) if attribute[g] is not None), None)
            if group is None:
                continue
            raw = attribute[group]
            start = base + attribute.start(group)
            value = html.unescape(raw)
            if name == "srcset":
                new = _rewrite_srcset(value, _Candidate(replace, start))
            else:
                found = replace(value, name, start)
                new = value if found is None else found
            if new == value:
                continue
            # The quotes go too (an unquoted value gets them).
            begin, end = (
                (start - 1, start + len(raw) + 1) if group != 4 else (start, start + len(raw))
            )
            pieces += [markup[done:begin], '"', html.escape(new, quote=True), '"']
            done = end
    if not pieces:
        return markup
    pieces.append(markup[done:])
    return "".join(pieces)


class _Candidate:
    """``replace`` asked about one candidate of a ``srcset`` at ``offset``."""

    def __init__(self, replace: Callable[[str, str, int], str | None], offset: int) -> None:
        self.replace, self.offset = replace, offset

    def __call__(self, url: str) -> str | None:
        return self.replace(url, "srcset", self.offset)


def _rewrite_srcset(value: str, replace: Callable[[str], str | None]) -> str:
    """``srcset`` with each candidate's URL replaced: a URL runs to white space
    (commas at its end separate it from the next candidate), its descriptors
    (``2x``, ``480w``) to the next comma."""
    out: list[str] = []
    size = len(value)
    i = 0
    while i < size:
        j = i
        while j < size and (value[j].isspace() or value[j] == ","):
            j += 1
        out.append(value[i:j])
        if j >= size:
            break
        k = j
        while k < size and not value[k].isspace():
            k += 1
        url = value[j:k]
        core = url.rstrip(",")
        found = replace(core) if core else None
        out += [core if found is None else found, url[len(core) :]]
        if len(core) < len(url):
            i = k  # the URL ended the candidate
            continue
        comma = value.find(",", k)
        end = size if comma < 0 else comma + 1
        out.append(value[k:end])
        i = end
    return "".join(out)
