"""How a value of ``_config.yml`` is read: as the text Ruby's ``to_s`` makes
of it, and the typed blocks the plugins read (jekyll-feed's ``feed:``, an
``author``, ``plugins``, jekyll-paginate's ``paginate``). A wrong value is a
message (``warn(message, key)``) and the default is used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .frontmatter import ruby_str, ruby_truthy
from .kramdown_toc import DEFAULT_LEVELS as DEFAULT_TOC_LEVELS
from .kramdown_toc import toc_levels

if TYPE_CHECKING:
    from collections.abc import Callable

#: The feed of all posts when ``feed: path:`` is not set (jekyll-feed's).
DEFAULT_FEED_PATH = "feed.xml"
#: How many posts a feed has when ``feed: posts_limit:`` is not set (jekyll-feed's).
DEFAULT_FEED_POSTS_LIMIT = 10


@dataclass(frozen=True)
class FeedBlock:
    """jekyll-feed's ``feed:`` block of ``_config.yml``, as read (the
    ``jekyllposts_feed_*`` settings are applied where the feeds are made)."""

    path: str = DEFAULT_FEED_PATH
    """Where the feed of all posts goes in the output; ``""``: no feeds (also
    for ``path:`` given as null)."""
    posts_limit: int = DEFAULT_FEED_POSTS_LIMIT
    """How many of the newest posts a feed has (at least 1)."""
    excerpt_only: bool = False
    categories: tuple[str, ...] = ()
    """The categories that get a feed of their own."""
    tags: bool | tuple[str, ...] = False
    """A feed per tag: for every tag (``True``, or ``tags:`` a mapping without
    ``only:``), for those listed (a list, or ``only:``), or none."""
    except_tags: tuple[str, ...] = ()
    """The tags of ``except:`` (``tags:`` a mapping), which get no feed."""


@dataclass(frozen=True)
class SiteAuthor:
    """An ``author``: a name, or the ``name``, ``email`` and ``uri`` of a
    mapping (the fields of an Atom author); ``None`` where not given."""

    name: str | None = None
    email: str | None = None
    uri: str | None = None

    def fields(self) -> dict[str, str]:
        """The fields given, by name."""
        given = {"name": self.name, "email": self.email, "uri": self.uri}
        return {key: value for key, value in given.items() if value is not None}


def kind_of(value: object) -> str:
    """What a value of ``_config.yml`` is, for a message (never the value
    itself when it could be long)."""
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("…" if len(value) > 40 else "")
    if isinstance(value, int | float):
        return f"the number {value!r}"
    return f"a {type(value).__name__}"


def as_text(value: object) -> str | None:
    """``value`` as the text Jekyll makes of it (``to_s``) when it is text, a
    number or a date; ``None`` for anything else (``true``, a list, a mapping)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | dt.date):
        return None
    return ruby_str(value)


def text_of(
    data: dict[str, Any], key: str, warn: Callable[[str, str], None], default: str = ""
) -> str:
    """The text of ``key`` (``default`` when it is not set, or not text)."""
    value = data.get(key)
    if value is None:
        return default
    found = as_text(value)
    if found is None:
        used = f"{default!r} is used" if default else "it is ignored"
        warn(f"'{key}' must be text, not {kind_of(value)}; {used}", key)
        return default
    return found


def parse_author(value: object) -> tuple[SiteAuthor, tuple[str, ...]]:
    """An ``author`` (of ``_config.yml`` or of a post) as jekyll-feed takes it:
    a name, or a mapping whose ``name``, ``email`` and ``uri`` are text or
    numbers (other keys are the theme's); and what in it is not understood,
    each ignored."""
    if value is None:
        return SiteAuthor(), ()
    if isinstance(value, str):
        return SiteAuthor(name=value.strip() or None), ()
    if not isinstance(value, dict):
        return SiteAuthor(), (
            f"must be a name or a mapping with name, email and uri, not {kind_of(value)}; "
            "it is ignored",
        )
    fields: dict[str, str] = {}
    ignored = []
    for key in ("name", "email", "uri"):
        item = value.get(key)
        if item is None:
            continue
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            fields[key] = str(item)
        else:
            ignored.append(f"{key}: must be text, not {kind_of(item)}; it is ignored")
    return SiteAuthor(**fields), tuple(ignored)


def site_author(value: object, warn: Callable[[str, str], None]) -> SiteAuthor:
    author, ignored = parse_author(value)
    for message in ignored:
        warn(f"author: {message}", "author")
    return author


def plugin_names(data: dict[str, Any], warn: Callable[[str, str], None]) -> tuple[str, ...]:
    names: list[str] = []
    for key in ("plugins", "gems"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            warn(
                f"'{key}' must be a list of plugin names, not {kind_of(value)}; it is ignored", key
            )
            continue
        listed = [item for item in value if isinstance(item, str)]
        if len(listed) < len(value):
            warn(f"'{key}' lists something that is not a plugin name; it is ignored", key)
        names += listed
    return tuple(names)


def paginate_of(value: object, warn: Callable[[str, str], None]) -> int:
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    warn(
        f"'paginate' must be a number of posts per page, not {kind_of(value)}; "
        "the posts are not paginated",
        "paginate",
    )
    return 0


def feed_block(block: object, warn: Callable[[str, str], None]) -> FeedBlock:
    """jekyll-feed's ``feed:`` block; a value of the wrong type warns (at the
    ``feed`` key) and jekyll-feed's default is used."""
    if block is None:
        return FeedBlock()
    if not isinstance(block, dict):
        warn(
            f"'feed' must be a mapping (path:, posts_limit:, ...), not {kind_of(block)}; "
            "jekyll-feed's defaults are used",
            "feed",
        )
        return FeedBlock()

    def problem(message: str) -> None:
        warn(f"feed: {message}", "feed")

    fields: dict[str, Any] = {}
    if "path" in block:
        path = block["path"]
        found = "" if path is None else as_text(path)  # null: no feeds, as it has been
        if found is None:
            problem(f"path: must be text, not {kind_of(path)}; {DEFAULT_FEED_PATH!r} is used")
        else:
            fields["path"] = found
    limit = block.get("posts_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        fields["posts_limit"] = limit
    elif limit is not None:
        problem(
            f"posts_limit: must be a number of posts, 1 or more, not {kind_of(limit)}; "
            f"{DEFAULT_FEED_POSTS_LIMIT} is used"
        )
    excerpt_only = block.get("excerpt_only")
    if isinstance(excerpt_only, bool):
        fields["excerpt_only"] = excerpt_only
    elif excerpt_only is not None:
        problem(f"excerpt_only: must be true or false, not {kind_of(excerpt_only)}; false is used")
    categories = block.get("categories")
    if isinstance(categories, list):
        fields["categories"] = _names(categories, "categories", problem)
    elif categories is not None:
        problem(
            f"categories: must be a list of categories, not {kind_of(categories)}; none is used"
        )
    fields.update(_feed_tags(block.get("tags"), problem))
    return FeedBlock(**fields)


def _names(values: list[Any], key: str, problem: Callable[[str], None]) -> tuple[str, ...]:
    """The categories or tags of a list, as text; anything else in it (a list,
    a mapping, ``true``) is left out with a problem."""
    names = [as_text(value) for value in values]
    if None in names:
        problem(f"{key}: lists something that is not a name; it is left out")
    return tuple(name for name in names if name is not None)


def _feed_tags(tags: object, problem: Callable[[str], None]) -> dict[str, Any]:
    if tags is None:
        return {}
    if isinstance(tags, bool):
        return {"tags": tags}
    if isinstance(tags, list):
        return {"tags": _names(tags, "tags", problem)}
    if not isinstance(tags, dict):
        problem(
            "tags: must be true, false, a list of tags or a mapping of only: and except: "
            f"lists, not {kind_of(tags)}; no tag gets a feed"
        )
        return {}
    fields: dict[str, Any] = {"tags": True}
    only, excepted = tags.get("only"), tags.get("except")
    if isinstance(only, list):
        fields["tags"] = _names(only, "tags: only", problem)
    elif only is not None:
        problem(f"tags: only: must be a list of tags, not {kind_of(only)}; every tag gets a feed")
    if isinstance(excepted, list):
        fields["except_tags"] = _names(excepted, "tags: except", problem)
    elif excepted is not None:
        problem(f"tags: except: must be a list of tags, not {kind_of(excepted)}; it is ignored")
    return fields


@dataclass(frozen=True)
class CodeBlockOptions:
    """How kramdown's Rouge shows code blocks: ``kramdown:
    syntax_highlighter_opts:`` (its own keys, then those of ``block:``), and
    which headings its table of contents lists (``kramdown: toc_levels:``)."""

    line_numbers: bool = False
    start_line: int = 1
    toc_levels: frozenset[int] = DEFAULT_TOC_LEVELS


def code_block_options(kramdown: object, warn: Callable[[str, str], None]) -> CodeBlockOptions:
    """The ``kramdown:`` block's options for code blocks; a value of the wrong
    type warns (at the ``kramdown`` key) and kramdown's default is used."""
    if kramdown is None:
        return CodeBlockOptions()
    if not isinstance(kramdown, dict):
        warn(f"'kramdown' must be a mapping of options, not {kind_of(kramdown)}", "kramdown")
        return CodeBlockOptions()
    levels = toc_levels(kramdown.get("toc_levels"))
    if levels is None:
        warn(
            "kramdown: toc_levels: must be levels from 1 to 6 like '2..3' or '2,3', not "
            f"{kramdown.get('toc_levels')!r}; the table of contents lists levels 1 to 6",
            "kramdown",
        )
        levels = DEFAULT_TOC_LEVELS
    options = kramdown.get("syntax_highlighter_opts")
    if options is None:
        return CodeBlockOptions(toc_levels=levels)
    if not isinstance(options, dict):
        warn(
            f"kramdown: syntax_highlighter_opts: must be a mapping, not {kind_of(options)}",
            "kramdown",
        )
        return CodeBlockOptions(toc_levels=levels)
    merged = {key: value for key, value in options.items() if key not in ("block", "span")}
    block = options.get("block")
    if isinstance(block, dict):
        merged.update(block)  # as kramdown merges them for a code block
    elif block is not None:
        warn(
            f"kramdown: syntax_highlighter_opts: block: must be a mapping, not {kind_of(block)}",
            "kramdown",
        )
    start = merged.get("start_line", 1)
    if not isinstance(start, int) or isinstance(start, bool):
        warn(
            f"kramdown: syntax_highlighter_opts: start_line: must be a number, not "
            f"{kind_of(start)}; 1 is used",
            "kramdown",
        )
        start = 1
    return CodeBlockOptions(
        line_numbers=ruby_truthy(merged.get("line_numbers")), start_line=start, toc_levels=levels
    )
