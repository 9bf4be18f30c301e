"""What makes a ``jekyllposts_*`` value wrong (:func:`option_problem`), apart
from the declarations in :mod:`.config`."""

from __future__ import annotations

import re
from typing import Any

from .jekyll.comments import override_problem
from .jekyll.dates import resolve_zone
from .jekyll.site import paginate_path_problem

HEADER_FIELDS = ("date", "updated", "author", "categories", "tags", "reading_time")
_TAG_NAME = re.compile(r"[A-Za-z_]\w*", re.ASCII)
#: Tags no ``jekyllposts_liquid_tags`` entry may take the place of: Liquid's
#: structure, and the names that end a block.
_CORE_TAGS = frozenset(
    {
        "if",
        "elsif",
        "else",
        "unless",
        "case",
        "when",
        "for",
        "break",
        "continue",
        "tablerow",
        "cycle",
        "assign",
        "capture",
        "increment",
        "decrement",
        "comment",
        "raw",
        "ifchanged",
        "echo",
        "liquid",
        "render",
        "include",
    }
)


def _comments_problem(value: Any) -> str:
    if value is True:
        return "expected None, False or a mapping with a 'provider'"
    problem = override_problem(value)
    if not problem and isinstance(value, dict):
        bad = [k for k, v in value.items() if not isinstance(v, str | int | float | bool)]
        if bad:
            return f"the values of {bad!r} must be text, numbers or true/false"
    return problem


def option_problem(name: str, given: object, types: tuple[type, ...]) -> str:
    """Why ``given`` cannot be option ``name`` (declared with ``types``), or ``""``."""
    if (isinstance(given, bool) and bool not in types) or not isinstance(given, types):
        return "expected " + " or ".join(t.__name__ for t in types)
    value: Any = given  # of one of the declared types from here on
    if name == "timezone" and value:
        try:
            resolve_zone(value)
        except ValueError as error:
            return str(error)
    if name in ("post_directives", "post_roles") and not all(
        isinstance(item, str) for item in value
    ):
        return "expected a list of names"
    if name == "liquid_tags" and value is not None:
        bad = [
            k
            for k, v in value.items()
            if not (isinstance(k, str) and _TAG_NAME.fullmatch(k) and isinstance(v, str) and v)
        ]
        if bad:
            return f"expected tag names mapped to include files; not {bad!r}"
        core = sorted(set(value) & _CORE_TAGS)
        if core:
            return f"{core!r}: Liquid's own tags cannot be replaced"
    if name == "header_fields":
        unknown = [f for f in value if f not in HEADER_FIELDS]
        if unknown:
            return f"unknown field(s) {unknown!r}"
    if name in ("liquid_timeout", "liquid_max_output", "max_front_matter", "max_post_size") and (
        value <= 0
    ):
        return "must be a positive number"
    if name == "jekyll_urls" and isinstance(value, str) and value != "redirect":
        return "expected True, False or 'redirect'"
    if name == "comments":
        return _comments_problem(value)
    if name == "environment" and value is not None and not value.strip():
        return "expected a name such as 'production' or 'development'"
    if name == "related_posts" and value < 0:
        return "must be 0 or more"
    if name in ("words_per_minute", "cjk_chars_per_minute") and value <= 0:
        return "must be a positive number"
    if name == "paginate" and value is not None and value < 0:
        return "must be 0 (no pagination) or a number of posts per page"
    if name == "paginate_path" and value is not None:
        return paginate_path_problem(value)
    if name in ("category_dir", "tag_dir", "year_dir", "author_dir") and value is not None:
        parts = value.replace("\\", "/").split("/")
        if not value.strip("/") or ".." in parts or value.startswith("/") or ":" in value:
            return "must be a relative folder such as 'category', inside the site folder"
    if name == "defaults" and value is not None:
        bad = [s for s in value if not (isinstance(s, dict) and isinstance(s.get("values"), dict))]
        if bad:
            return "each set must be a mapping with a 'values' mapping"
    return ""
