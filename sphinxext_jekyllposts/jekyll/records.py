"""The records of the catalog: a :class:`Post` as Jekyll computes it, a
:class:`Skipped` file and why, the :class:`PostCatalog` of a site."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .excerpts import excerpt_text, html_excerpt_text, html_text
from .names import titleize_slug
from .site import SiteSettings
from .titles import title_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from .problems import Problem


POSTS_DIR = "_posts"
DRAFTS_DIR = "_drafts"
#: The extensions (lowercase, without the dot) of the posts read as HTML
#: when they are not Markdown (:func:`~.posts.post_markup`).
HTML_EXTENSIONS = frozenset({"html", "htm", "xhtml"})


class DerivedOnLoad:
    """A frozen dataclass whose ``__post_init__`` derives lookup tables: they
    are made again when it is unpickled, not saved (the Sphinx environment
    that keeps it stays small)."""

    def __getstate__(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Post:
    """One post as Jekyll sees it. Immutable; ``data`` must not be mutated.

    ``path`` is relative to the site root and ``/`` separated; ``date`` is aware
    and shown in the site's time zone; ``title`` is Jekyll's (front matter, else
    the titleized slug); ``data`` is the front matter with ``defaults`` merged.
    """

    path: str
    title: str
    date: dt.datetime
    slug: str
    ext: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    author: str | None
    data: dict[str, Any] = field(compare=True, hash=False)
    url: str = ""
    """The URL Jekyll writes the post at (without ``baseurl``), percent-encoded."""
    excerpt_source: str = ""
    """The excerpt: the body up to the separator (Markdown, or HTML for an HTML
    post), or ``excerpt:``."""
    excerpt_from_front_matter: bool = False
    """Whether ``excerpt_source`` is the ``excerpt:`` text, which Jekyll leaves as
    written (no Markdown)."""
    excerpt_liquid_rendered: bool = False
    """Whether ``excerpt_source`` is the excerpt with its Liquid rendered (else
    its Liquid is left out of :attr:`excerpt`)."""
    markup: str = "markdown"
    """``"markdown"``, or ``"html"`` for a post Jekyll does not convert (an
    ``.html`` or ``.htm`` file: its content is its HTML after Liquid)."""
    body_line: int = 1
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The line of each front matter key, for warnings about it."""

    @property
    def id(self) -> str:
        """Jekyll's ``post.id``: the URL's folder and the slug (what jekyll-feed
        makes entry ids of, so feed readers know a post they have seen)."""
        return posixpath.join(posixpath.dirname(self.url.rstrip("/")), self.slug)

    @property
    def excerpt(self) -> str:
        """The excerpt as plain text."""
        if self.excerpt_from_front_matter:
            return html_text(self.excerpt_source)
        if self.markup == "html":
            return html_excerpt_text(self.excerpt_source, rendered=self.excerpt_liquid_rendered)
        return excerpt_text(self.excerpt_source, rendered=self.excerpt_liquid_rendered)

    @property
    def display_title(self) -> str:
        """The title the heading shows: Jekyll's, with the inline HTML it may
        hold (:func:`.titles.title_parts` reads it), or the titleized slug when
        it has no text."""
        title = " ".join(self.title.split())
        if title and title_text(title):
            return title
        return titleize_slug(self.slug) or self.slug or self.path

    @property
    def text_title(self) -> str:
        """The title as text (``<title>``, listings, feeds): :attr:`display_title`
        without its tags, its entities read."""
        return title_text(self.display_title)


@dataclass(frozen=True)
class Skipped:
    """A file in a post folder that is not built, and why."""

    path: str
    reason: str
    problem: Problem | None = None
    """Set when the reason is a mistake worth a warning (not a choice such as
    ``published: false``)."""
    folder: bool = False
    """Whether ``path`` is a folder none of whose files is read (a symbolic
    link out of the site, or to a folder inside a post folder)."""


@dataclass(frozen=True)
class PostCatalog(DerivedOnLoad):
    """All posts of a site, oldest first (Jekyll's order), and what was left out."""

    posts: tuple[Post, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    settings: SiteSettings = field(default_factory=SiteSettings)
    """The settings the site was read with."""

    def __iter__(self) -> Iterator[Post]:
        return iter(self.posts)

    def __len__(self) -> int:
        return len(self.posts)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_path", {post.path: post for post in self.posts})

    def by_path(self, path: str) -> Post | None:
        """The post at ``path`` (relative to the site root), if it is built."""
        found: Post | None = self._by_path.get(path)  # type: ignore[attr-defined]
        return found

    def categories(self) -> dict[str, tuple[Post, ...]]:
        """Each category with its posts, newest first, categories in first-seen order."""
        return _group(self.posts, lambda post: post.categories)

    def tags(self) -> dict[str, tuple[Post, ...]]:
        """Each tag with its posts, newest first."""
        return _group(self.posts, lambda post: post.tags)


def _group(posts: tuple[Post, ...], keys: Any) -> dict[str, tuple[Post, ...]]:
    grouped: dict[str, list[Post]] = {}
    for post in reversed(posts):
        for key in keys(post):
            grouped.setdefault(key, []).append(post)
    return {key: tuple(items) for key, items in grouped.items()}
