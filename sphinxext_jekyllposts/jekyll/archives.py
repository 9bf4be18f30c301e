"""Archive pages (one per category, tag and year) and their slugs.

Slugs follow Jekyll's ``slugify`` (so CJK stays: ``技术``), are never empty
and never collide: names that slugify alike (``C++``, ``C#`` and ``C`` all give
``c``) are told apart deterministically, whatever order posts come in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .authors import author_keys
from .names import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .catalog import Post, PostCatalog

KINDS = ("category", "tag", "year", "author")
_MAX_SLUG_BYTES = 120
_RESERVED = frozenset({"index"})


@dataclass(frozen=True)
class Archive:
    """One archive page: its kind, the name shown, its slug and its posts (newest first)."""

    kind: str
    name: str
    slug: str
    posts: tuple[Post, ...]

    @property
    def label(self) -> str:
        """The reference label of the page, e.g. ``category-技术``."""
        return f"{self.kind}-{self.slug}"


def archive_slugs(names: Iterable[str]) -> dict[str, str]:
    """A unique, non-empty slug for each name.

    The plain ``slugify`` result goes to the name it represents best (the one
    whose lowercase form *is* the slug, else the first in sorted order);
    others sharing it get a short hash of their name appended, which does not
    depend on which other names exist.
    """
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        slug = slugify(name)
        if len(slug.encode("utf-8")) > _MAX_SLUG_BYTES:
            # file names have a limit (255 bytes); keep a readable start
            slug = (
                slug.encode("utf-8")[:_MAX_SLUG_BYTES].decode("utf-8", "ignore")
                + "-"
                + _short_hash(name)
            )
        if slug in _RESERVED:
            slug = f"{slug}-{_short_hash(name)}"  # `index` is the page listing them all
        by_slug.setdefault(slug, []).append(name)
    slugs: dict[str, str] = {}
    for slug, group in by_slug.items():
        if not slug:
            for name in group:
                slugs[name] = f"x-{_short_hash(name)}"
            continue
        exact = [name for name in group if name.lower() == slug]
        first = exact[0] if exact else group[0]
        for name in group:
            slugs[name] = slug if name == first else f"{slug}-{_short_hash(name)}"
    return slugs


def _short_hash(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]


def archives(catalog: PostCatalog, kind: str) -> tuple[Archive, ...]:
    """Every archive of ``kind`` (``category``, ``tag``, ``year`` or ``author``:
    each name a post's ``author:`` or ``authors:`` gives), in name order
    (years newest first), each with its posts newest first."""
    if kind == "category":
        groups = catalog.categories()
    elif kind == "tag":
        groups = catalog.tags()
    elif kind == "year":
        years: dict[str, list[Post]] = {}
        for post in reversed(catalog.posts):
            years.setdefault(f"{post.date.year:04d}", []).append(post)
        groups = {year: tuple(posts) for year, posts in years.items()}
    elif kind == "author":
        names: dict[str, list[Post]] = {}
        for post in reversed(catalog.posts):
            for name in author_keys(post.data):
                names.setdefault(name, []).append(post)
        groups = {name: tuple(posts) for name, posts in names.items()}
    else:
        raise ValueError(f"unknown archive kind {kind!r}")
    slugs = archive_slugs(groups) if kind != "year" else {name: name for name in groups}
    order = sorted(groups, reverse=True) if kind == "year" else sorted(groups, key=str.lower)
    return tuple(Archive(kind, name, slugs[name], groups[name]) for name in order)
