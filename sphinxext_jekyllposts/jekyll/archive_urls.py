"""Where jekyll-archives puts its pages: the ``jekyll-archives:`` block of
``_config.yml`` (``enabled``, ``permalinks``), read into typed settings.

jekyll-archives (2.2) makes a page per year, month, day, category and tag it
is told to (``enabled: all`` or a list of ``year``, ``month``, ``day``,
``categories``, ``tags``), at the URL of its ``permalinks`` (defaults below),
``:name`` being the slugified name and ``:year`` the year. The extension makes
category, tag and year pages; month and day pages are not made.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from .permalinks import render_url

if TYPE_CHECKING:
    from collections.abc import Callable

#: jekyll-archives' default ``permalinks``.
DEFAULT_PERMALINKS = MappingProxyType(
    {
        "year": "/:year/",
        "month": "/:year/:month/",
        "day": "/:year/:month/:day/",
        "tag": "/tag/:name/",
        "category": "/category/:name/",
    }
)
#: The names of ``enabled`` and the kinds of archive page they are.
_ENABLED = MappingProxyType(
    {"year": "year", "month": "month", "day": "day", "categories": "category", "tags": "tag"}
)


@dataclass(frozen=True)
class ArchivesBlock:
    """The ``jekyll-archives:`` block: the kinds of page it makes and their URLs."""

    enabled: frozenset[str] = frozenset()
    """``year``, ``month``, ``day``, ``category``, ``tag``."""
    permalinks: tuple[tuple[str, str], ...] = tuple(DEFAULT_PERMALINKS.items())

    def url(self, kind: str, name: str, slug: str) -> str | None:
        """The URL of the archive page of ``kind`` named ``name`` (``slug``
        slugified), ``None`` when jekyll-archives makes no such page."""
        if kind not in self.enabled:
            return None
        template = dict(self.permalinks).get(kind, DEFAULT_PERMALINKS.get(kind, ""))
        values = {"name": slug, "year": name, "type": kind}
        url, unknown = render_url(template, values)
        return None if unknown else url


def archives_block(value: object, warn: Callable[[str, str], None]) -> ArchivesBlock | None:
    """The ``jekyll-archives:`` block (``None`` when the key is absent); what
    is of the wrong type warns at the key and is left out."""
    if value is None:
        return None
    if not isinstance(value, dict):
        warn("'jekyll-archives' must be a mapping of options; it is ignored", "jekyll-archives")
        return None
    enabled = value.get("enabled", [])
    names: list[object]
    if enabled == "all":
        names = list(_ENABLED)
    elif isinstance(enabled, list):
        names = list(enabled)
    else:
        warn("jekyll-archives: enabled: must be 'all' or a list of kinds", "jekyll-archives")
        names = []
    kinds = set()
    for item in names:
        if isinstance(item, str) and item in _ENABLED:
            kinds.add(_ENABLED[item])
        else:
            warn(
                f"jekyll-archives: enabled: {item!r} is none of year, month, day, "
                "categories, tags; it is ignored",
                "jekyll-archives",
            )
    permalinks = dict(DEFAULT_PERMALINKS)
    given = value.get("permalinks")
    if isinstance(given, dict):
        for kind, template in given.items():
            if kind in DEFAULT_PERMALINKS and isinstance(template, str) and template.strip():
                permalinks[kind] = template.strip()
            else:
                warn(
                    f"jekyll-archives: permalinks: {kind!r}: {template!r} is no permalink of "
                    "year, month, day, tag or category; it is ignored",
                    "jekyll-archives",
                )
    elif given is not None:
        warn(
            "jekyll-archives: permalinks: must be a mapping; the defaults are used",
            "jekyll-archives",
        )
    return ArchivesBlock(frozenset(kinds), tuple(sorted(permalinks.items())))
