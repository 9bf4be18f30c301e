"""Post URLs as Jekyll 4.3 computes them (``Jekyll::URL`` and ``UrlDrop``).

The template is the post's ``permalink:`` front matter, else the ``posts``
collection's ``permalink``, else the site's ``permalink`` style (``date`` by
default) turned into a pattern. Each ``:placeholder`` is replaced by the
post's value, percent-encoded as Jekyll (Addressable) encodes it; then the URL
is sanitised (``..`` and ``./`` removed, slashes squeezed).
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .names import slugify

if TYPE_CHECKING:
    import datetime as dt

STYLES = MappingProxyType(
    {
        "none": "/:categories/:title:output_ext",
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    }
)

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
# What Addressable leaves alone in a path: unreserved, sub-delims, ":@/?".
_ADDRESSABLE_KEEP = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def posts_template(config: dict[str, Any]) -> str:
    """The URL template of the ``posts`` collection for a ``_config.yml`` mapping."""
    collections = config.get("collections")
    if isinstance(collections, dict):
        posts = collections.get("posts")
        if isinstance(posts, dict) and isinstance(posts.get("permalink"), str):
            return str(posts["permalink"])
    style = config.get("permalink", "date")
    if style is None:
        style = "date"
    return STYLES.get(str(style), str(style))


def front_matter_permalink(data: dict[str, Any]) -> tuple[str | None, str]:
    """The front matter's ``permalink`` (``None`` without one, or empty), and
    why it is ignored (``""`` when it is not): it must be text."""
    permalink = data.get("permalink")
    if permalink is not None and not isinstance(permalink, str):
        return None, "permalink must be text; it is ignored"
    return permalink or None, ""


def escape_path(value: str) -> str:
    """``Jekyll::URL.escape_path``: percent-encode what Addressable would."""
    if not value or _SAFE_PATH.match(value):
        return value
    out = []
    for char in value:
        if char in _ADDRESSABLE_KEEP:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def sanitize_url(url: str) -> str:
    """``Jekyll::URL#sanitize_url``."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def output_ext(permalink: str | None, converted_ext: str = ".html") -> str:
    """``Renderer#output_ext``: the extension a front matter permalink ends in,
    else the converter's (``.html`` for Markdown, the file's own for HTML)."""
    if permalink and not permalink.endswith("/"):
        last = permalink.rsplit("/", 1)[-1]
        if "." in last.lstrip("."):
            return "." + last.rsplit(".", 1)[-1]
    return converted_ext


def placeholders(
    *,
    date: dt.datetime,
    slug: str,
    basename: str,
    categories: tuple[str, ...],
    path: str,
    permalink: str | None,
    converted_ext: str = ".html",
) -> dict[str, str]:
    """Every placeholder a post's URL template may use (``Drops::UrlDrop``).

    ``path`` is the post's path below its ``_posts`` folder, without extension.
    """
    iso_year, iso_week, iso_day = date.isocalendar()
    return {
        "collection": "posts",
        "name": slugify(basename),
        "title": slugify(slug, "pretty", cased=True) or slugify(basename, "pretty", cased=True),
        "slug": slugify(slug) or slugify(basename),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(slugify(c) for c in categories)),
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "i_day": str(date.day),
        "i_month": str(date.month),
        "short_month": _MONTHS[date.month - 1],
        "long_month": _LONG_MONTHS[date.month - 1],
        "short_year": f"{date.year % 100:02d}",
        "w_year": str(iso_year),
        "week": f"{iso_week:02d}",
        "w_day": str(iso_day),
        "short_day": _DAYS[date.weekday()],
        "long_day": _LONG_DAYS[date.weekday()],
        "y_day": f"{date.timetuple().tm_yday:03d}",
        "output_ext": output_ext(permalink, converted_ext),
        "path": path,
    }


def render_url(template: str, values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The sanitised URL, and the placeholders the template used but no post has.

    Jekyll stops the build on an unknown placeholder; here it stays in the URL
    as written and is reported.
    """
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in (name, name.removesuffix("_")) if name.endswith("_") else (name,):
            if key in values:
                replacement = escape_path(values[key])
                return match.group(0).replace(f":{key}", replacement, 1)
        unknown.append(name)
        return match.group(0)

    return sanitize_url(_PLACEHOLDER.sub(replace, template)), tuple(unknown)
