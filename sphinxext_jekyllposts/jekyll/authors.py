"""Authors as the themes read them: a post's ``author:`` (a name, a key of
``_data/authors.yml``, a mapping) or ``authors:`` list, each resolved through
``_data/authors.yml`` (Minimal Mistakes' and Chirpy's), and the site's
``author:`` block (Minimal Mistakes' profile: ``avatar``, ``bio``, ``links``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config_values import as_text

#: The most authors one post names (a list longer than that is cut).
_MAX_AUTHORS = 20


@dataclass(frozen=True)
class Author:
    """One author's profile; ``key`` is how posts name them."""

    key: str
    name: str
    avatar: str = ""
    bio: str = ""
    url: str = ""
    links: tuple[tuple[str, str], ...] = ()
    """``(label, url)`` of each of their links."""

    @property
    def has_profile(self) -> bool:
        """Whether there is more to show than a name."""
        return bool(self.avatar or self.bio or self.links or self.url)


def _text(value: object) -> str:
    found = as_text(value)
    return " ".join(found.split()) if found is not None else ""


def author_keys(data: dict[str, Any]) -> tuple[str, ...]:
    """The authors a post's front matter names, in order, each once:
    ``authors:`` (a list, or one name), else ``author:`` (a name or key, a
    list of them, or a mapping's ``name``)."""
    value = data.get("authors")
    if value is None or value == []:
        value = data.get("author")
    items = value[:_MAX_AUTHORS] if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in found:
            found.append(name)
    return tuple(found)


def profile(key: str, value: object) -> Author:
    """The :class:`Author` a ``_data/authors.yml`` entry (or the site's
    ``author:`` block) describes; a name alone when it is not a mapping."""
    if not isinstance(value, dict):
        return Author(key, _text(value) or key)
    links = []
    given = value.get("links")
    for link in given[:50] if isinstance(given, list) else []:
        if isinstance(link, dict) and _text(link.get("url")):
            links.append((_text(link.get("label")) or _text(link.get("url")), _text(link["url"])))
        elif isinstance(link, str) and _text(link):
            links.append((_text(link), _text(link)))
    url = _text(value.get("url")) or _text(value.get("uri")) or _text(value.get("web"))
    return Author(
        key,
        _text(value.get("name")) or _text(value.get("display_name")) or key,
        avatar=_text(value.get("avatar")) or _text(value.get("picture")),
        bio=_text(value.get("bio")),
        url=url,
        links=tuple(links),
    )


def post_authors(
    data: dict[str, Any], authors: dict[str, Any], site_author: object
) -> tuple[Author, ...]:
    """The authors of a post with front matter ``data``: each one it names,
    with their ``_data/authors.yml`` entry (``authors``) if any, the site's
    ``author`` block when the name is the site author's; the site's author
    when it names none."""
    site = profile("", site_author) if site_author is not None else None
    keys = author_keys(data)
    if not keys:
        return (site,) if site is not None and site.name else ()
    found = []
    for key in keys:
        if key in authors:
            found.append(profile(key, authors[key]))
        elif site is not None and site.name == key:
            found.append(Author(key, site.name, site.avatar, site.bio, site.url, site.links))
        else:
            found.append(Author(key, key))
    return tuple(found)
