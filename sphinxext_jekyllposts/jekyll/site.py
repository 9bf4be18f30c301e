"""A Jekyll site's settings: ``_config.yml`` and front matter ``defaults``."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .dates import Zone, resolve_zone
from .excerpts import DEFAULT_SEPARATOR
from .files import RefusedFile, read_site_file, real_path
from .frontmatter import load_yaml_mapping, ruby_str, ruby_truthy, top_level_key_lines
from .permalinks import STYLES, posts_template
from .problems import Problem, ProblemKind

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

CONFIG_FILE = "_config.yml"

#: Jekyll's default ``markdown_ext``.
DEFAULT_MARKDOWN_EXT = ("markdown", "mkdown", "mkdn", "mkd", "md")

#: jekyll-paginate's ``paginate_path`` when none is set (site-relative, as ``/page:num/``).
DEFAULT_PAGINATE_PATH = "page:num"
_CONTROL = re.compile("[\x00-\x1f\x7f]")
# The longest paginate_path taken: its pages are files inside the output and
# doctree folders, whose own paths come on top (4095 bytes in all).
_MAX_PAGINATE_PATH = 1024

#: What Jekyll never reads: its default ``exclude``, added to every site's.
DEFAULT_EXCLUDE = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)


#: The feed of all posts when ``feed: path:`` is not set (jekyll-feed's).
DEFAULT_FEED_PATH = "feed.xml"
#: How many posts a feed has when ``feed: posts_limit:`` is not set (jekyll-feed's).
DEFAULT_FEED_POSTS_LIMIT = 10
#: Jekyll's ``includes_dir``.
DEFAULT_INCLUDES_DIR = "_includes"


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


@dataclass(frozen=True)
class SiteSettings:
    """The site's settings, each ``_config.yml`` key the extension uses as a
    typed field: first those that decide which posts exist and what they mean,
    then what the site's pages, feeds and Liquid show of the site.

    Built from ``_config.yml`` by :func:`load_site_settings`, a value of the
    wrong type being a problem (and the default used); the Sphinx side and the
    command line replace fields by :func:`with_overrides`.
    """

    timezone: str | None = None
    show_drafts: bool = False
    future: bool = False
    unpublished: bool = False
    defaults: tuple[dict[str, Any], ...] = ()
    markdown_ext: tuple[str, ...] = DEFAULT_MARKDOWN_EXT
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    include: tuple[str, ...] = ()
    permalink: str = posts_template({})
    """The URL template of posts: ``collections.posts.permalink``, else the
    ``permalink`` style or pattern."""
    excerpt_separator: str = DEFAULT_SEPARATOR
    baseurl: str = ""
    paginate_path: str = DEFAULT_PAGINATE_PATH
    """Where the pages of all posts go, with ``:num`` (jekyll-paginate), checked
    by :func:`paginate_path_problem`."""
    max_front_matter: int = 100_000
    """The most characters of front matter read (``jekyllposts_max_front_matter``)."""
    max_post_size: int = 10_000_000
    """The largest post file read, in bytes (``jekyllposts_max_post_size``)."""
    # What the site's pages, feeds and Liquid show: no post's record depends on
    # it, so it is left out of comparisons, and a new title does not make the
    # scan read every post again (ReadCache).
    title: str = field(default="", compare=False)
    """``title``, else ``name`` (as text; ``""`` when neither is set)."""
    description: str = field(default="", compare=False)
    author: SiteAuthor = field(default_factory=SiteAuthor, compare=False)
    url: str = field(default="", compare=False)
    """``url``, as written (``https://example.org``)."""
    lang: str = field(default="", compare=False)
    plugins: tuple[str, ...] = field(default=(), compare=False)
    """The names in ``plugins`` (and in ``gems``, its name before Jekyll 4)."""
    includes_dir: str = field(default=DEFAULT_INCLUDES_DIR, compare=False)
    paginate: int = field(default=0, compare=False)
    """jekyll-paginate's posts per page (``paginate``); 0: no pagination."""
    feed: FeedBlock | None = field(default=None, compare=False)
    """The ``feed:`` block; ``None`` when ``_config.yml`` has no ``feed:`` key."""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """The whole ``_config.yml`` mapping, for Liquid's ``site`` variable (which
    shows every key); every setting the extension uses is a field above."""

    @property
    def zone(self) -> Zone:
        """The ``tzinfo`` of ``timezone`` (``None``: local); ValueError if unknown."""
        return resolve_zone(self.timezone)


def with_overrides(
    site: SiteSettings,
    *,
    timezone: str | None = None,
    drafts: bool | None = None,
    future: bool | None = None,
    unpublished: bool | None = None,
    defaults: Sequence[dict[str, Any]] | None = None,
    permalink: str | None = None,
    excerpt_separator: str | None = None,
    max_front_matter: int | None = None,
    max_post_size: int | None = None,
) -> SiteSettings:
    """``site`` (from ``_config.yml``) with what ``conf.py`` (the ``jekyllposts_*``
    settings of the same names) or the command line sets instead; ``None``
    leaves the site's. ``timezone=""`` is the machine's zone; ``permalink`` is a
    style name or a pattern, as in ``_config.yml``."""
    overrides: dict[str, Any] = {}
    if timezone is not None:
        overrides["timezone"] = timezone or None
    if drafts is not None:
        overrides["show_drafts"] = drafts
    if future is not None:
        overrides["future"] = future
    if unpublished is not None:
        overrides["unpublished"] = unpublished
    if defaults is not None:
        overrides["defaults"] = tuple(defaults)
    if permalink is not None:
        overrides["permalink"] = STYLES.get(permalink, permalink)
    if excerpt_separator is not None:
        overrides["excerpt_separator"] = excerpt_separator
    if max_front_matter is not None:
        overrides["max_front_matter"] = max_front_matter
    if max_post_size is not None:
        overrides["max_post_size"] = max_post_size
    return dataclasses.replace(site, **overrides)


def load_site_settings(site_dir: Path) -> tuple[SiteSettings, tuple[Problem, ...]]:
    """Read ``site_dir/_config.yml`` (absent is fine: Jekyll's defaults)."""
    path = site_dir / CONFIG_FILE
    try:
        text = read_site_file(path, inside=real_path(site_dir)).decode("utf-8-sig")
    except FileNotFoundError:
        return SiteSettings(), ()
    except RefusedFile as error:
        return SiteSettings(), (
            Problem(CONFIG_FILE, 1, ProblemKind.FILE, f"{CONFIG_FILE} is not read: {error}"),
        )
    except (OSError, UnicodeDecodeError) as error:
        return SiteSettings(), (
            Problem(
                CONFIG_FILE,
                1,
                ProblemKind.CONFIG,
                f"cannot read {CONFIG_FILE}: {error}",
            ),
        )
    data, problems = load_yaml_mapping(text, path=CONFIG_FILE, first_line=1)
    return settings_from_config(data, problems, key_lines=top_level_key_lines(text))


def settings_from_config(
    data: dict[str, Any],
    problems: tuple[Problem, ...] = (),
    *,
    key_lines: dict[str, int] | None = None,
) -> tuple[SiteSettings, tuple[Problem, ...]]:
    """:class:`SiteSettings` from a loaded ``_config.yml`` mapping (``key_lines``:
    the line of each top-level key, where problems with it are reported)."""
    found = list(problems)
    lines = key_lines or {}

    def warn(message: str, key: str = "") -> None:
        found.append(Problem(CONFIG_FILE, lines.get(key, 1), ProblemKind.CONFIG, message))

    timezone = data.get("timezone")
    if timezone is not None and not isinstance(timezone, str):
        warn(
            f"'timezone' must be a zone name such as 'Asia/Shanghai', not {_kind(timezone)}",
            "timezone",
        )
        timezone = None
    if timezone:
        try:
            resolve_zone(timezone)
        except ValueError as error:
            warn(f"{error}; dates use the machine's local time zone", "timezone")
            timezone = None
    defaults = data.get("defaults") or []
    valid_defaults: list[dict[str, Any]] = []
    if isinstance(defaults, list):
        for entry in defaults:
            if isinstance(entry, dict) and isinstance(entry.get("values"), dict):
                valid_defaults.append(entry)
            else:
                what = "has no 'values' mapping" if isinstance(entry, dict) else _kind(entry)
                warn(f"an invalid front matter default set is ignored: {what}", "defaults")
    else:
        warn("'defaults' must be a list of {scope, values} sets; it is ignored", "defaults")
    paginate_path = data.get("paginate_path")
    problem = paginate_path_problem(paginate_path) if paginate_path is not None else ""
    if problem:
        warn(
            f"paginate_path: {problem}; the default, {DEFAULT_PAGINATE_PATH!r}, is used",
            "paginate_path",
        )
    markdown_ext = data.get("markdown_ext")
    extensions: tuple[str, ...] = DEFAULT_MARKDOWN_EXT
    if isinstance(markdown_ext, str) and markdown_ext.strip():
        # Jekyll compares extensions case-insensitively (`.MD` is Markdown).
        extensions = tuple(
            e.strip().lstrip(".").lower() for e in markdown_ext.split(",") if e.strip()
        )
    elif markdown_ext is not None and not isinstance(markdown_ext, str):
        warn(
            f"'markdown_ext' must be text such as 'md,markdown', not {_kind(markdown_ext)}; "
            "Jekyll's default is used",
            "markdown_ext",
        )
    for key in ("exclude", "include"):
        value = data.get(key)
        if value is not None and not isinstance(value, str | list):
            warn(f"'{key}' must be a list of paths, not {_kind(value)}; it is ignored", key)
    return (
        SiteSettings(
            timezone=timezone or None,
            show_drafts=ruby_truthy(data.get("show_drafts")),
            future=ruby_truthy(data.get("future")),
            unpublished=ruby_truthy(data.get("unpublished")),
            defaults=tuple(valid_defaults),
            markdown_ext=extensions,
            # Jekyll always adds its default excludes to the site's.
            exclude=tuple(dict.fromkeys(_string_list(data.get("exclude")) + DEFAULT_EXCLUDE)),
            include=_string_list(data.get("include")),
            permalink=posts_template(data),
            excerpt_separator=_excerpt_separator(data, warn),
            baseurl=_text(data, "baseurl", warn),
            paginate_path=(
                paginate_path
                if isinstance(paginate_path, str) and not problem
                else DEFAULT_PAGINATE_PATH
            ),
            title=_text(data, "title", warn) or _text(data, "name", warn),
            description=_text(data, "description", warn),
            author=_site_author(data.get("author"), warn),
            url=_text(data, "url", warn),
            lang=_text(data, "lang", warn),
            plugins=_plugins(data, warn),
            includes_dir=(
                _text(data, "includes_dir", warn, DEFAULT_INCLUDES_DIR) or DEFAULT_INCLUDES_DIR
            ),
            paginate=_paginate(data.get("paginate"), warn),
            feed=_feed_block(data["feed"], warn) if "feed" in data else None,
            raw=data,
        ),
        tuple(found),
    )


def _kind(value: object) -> str:
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


def _text(
    data: dict[str, Any], key: str, warn: Callable[[str, str], None], default: str = ""
) -> str:
    """The text of ``key`` (``default`` when it is not set, or not text)."""
    value = data.get(key)
    if value is None:
        return default
    found = as_text(value)
    if found is None:
        used = f"{default!r} is used" if default else "it is ignored"
        warn(f"'{key}' must be text, not {_kind(value)}; {used}", key)
        return default
    return found


def _excerpt_separator(data: dict[str, Any], warn: Callable[[str, str], None]) -> str:
    value = data.get("excerpt_separator", DEFAULT_SEPARATOR)
    if value is None:
        return ""  # what it has always been here (Jekyll keeps its default, a blank line)
    found = as_text(value)
    if found is None:
        warn(
            f"'excerpt_separator' must be text ('' for no excerpts), not {_kind(value)}; "
            "the default, a blank line, is used",
            "excerpt_separator",
        )
        return DEFAULT_SEPARATOR
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
            f"must be a name or a mapping with name, email and uri, not {_kind(value)}; "
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
            ignored.append(f"{key}: must be text, not {_kind(item)}; it is ignored")
    return SiteAuthor(**fields), tuple(ignored)


def _site_author(value: object, warn: Callable[[str, str], None]) -> SiteAuthor:
    author, ignored = parse_author(value)
    for message in ignored:
        warn(f"author: {message}", "author")
    return author


def _plugins(data: dict[str, Any], warn: Callable[[str, str], None]) -> tuple[str, ...]:
    names: list[str] = []
    for key in ("plugins", "gems"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            warn(f"'{key}' must be a list of plugin names, not {_kind(value)}; it is ignored", key)
            continue
        listed = [item for item in value if isinstance(item, str)]
        if len(listed) < len(value):
            warn(f"'{key}' lists something that is not a plugin name; it is ignored", key)
        names += listed
    return tuple(names)


def _paginate(value: object, warn: Callable[[str, str], None]) -> int:
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    warn(
        f"'paginate' must be a number of posts per page, not {_kind(value)}; "
        "the posts are not paginated",
        "paginate",
    )
    return 0


def _feed_block(block: object, warn: Callable[[str, str], None]) -> FeedBlock:
    """jekyll-feed's ``feed:`` block; a value of the wrong type warns (at the
    ``feed`` key) and jekyll-feed's default is used."""
    if block is None:
        return FeedBlock()
    if not isinstance(block, dict):
        warn(
            f"'feed' must be a mapping (path:, posts_limit:, ...), not {_kind(block)}; "
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
            problem(f"path: must be text, not {_kind(path)}; {DEFAULT_FEED_PATH!r} is used")
        else:
            fields["path"] = found
    limit = block.get("posts_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        fields["posts_limit"] = limit
    elif limit is not None:
        problem(
            f"posts_limit: must be a number of posts, 1 or more, not {_kind(limit)}; "
            f"{DEFAULT_FEED_POSTS_LIMIT} is used"
        )
    excerpt_only = block.get("excerpt_only")
    if isinstance(excerpt_only, bool):
        fields["excerpt_only"] = excerpt_only
    elif excerpt_only is not None:
        problem(f"excerpt_only: must be true or false, not {_kind(excerpt_only)}; false is used")
    categories = block.get("categories")
    if isinstance(categories, list):
        fields["categories"] = _names(categories, "categories", problem)
    elif categories is not None:
        problem(f"categories: must be a list of categories, not {_kind(categories)}; none is used")
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
            f"lists, not {_kind(tags)}; no tag gets a feed"
        )
        return {}
    fields: dict[str, Any] = {"tags": True}
    only, excepted = tags.get("only"), tags.get("except")
    if isinstance(only, list):
        fields["tags"] = _names(only, "tags: only", problem)
    elif only is not None:
        problem(f"tags: only: must be a list of tags, not {_kind(only)}; every tag gets a feed")
    if isinstance(excepted, list):
        fields["except_tags"] = _names(excepted, "tags: except", problem)
    elif excepted is not None:
        problem(f"tags: except: must be a list of tags, not {_kind(excepted)}; it is ignored")
    return fields


def paginate_path_problem(value: object) -> str:
    """Why ``value`` cannot say where the pages of all posts go (jekyll-paginate's
    ``paginate_path``: a path inside the site folder with ``:num`` for the page
    number, such as ``/blog/page:num/``), or ''."""
    if not isinstance(value, str):
        return "must be text such as '/blog/page:num/'"
    if ":num" not in value:
        return "must contain ':num', the page number"
    control = _CONTROL.search(value)
    if control:
        return f"has a control character, {control.group()!r}, which a file name should not have"
    parts = value.strip("/").split("/")
    if "\\" in value or ":" in value.replace(":num", "") or ".." in parts:
        return "must be a path inside the site folder, such as '/blog/page:num/'"
    # Each page is a Sphinx document: its name and ".doctree" in one file name.
    longest = max(len(part.replace(":num", "99999").encode("utf-8")) for part in parts)
    if longest + len(".doctree") > 255:
        return f"a name in it is {longest} bytes; file systems allow 255 with '.doctree'"
    if len(value.encode("utf-8")) > _MAX_PAGINATE_PATH:
        return f"is longer than {_MAX_PAGINATE_PATH} bytes"
    return ""


def _string_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return ()


def defaults_for(
    settings: SiteSettings,
    relative_path: str,
    site_dir: Path | None = None,
    globs: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, Any]:
    """The merged ``defaults`` values that apply to a post at ``relative_path``.

    As ``FrontmatterDefaults#all`` for a document of type ``posts``: sets whose
    scope matches are merged in order, a more specific (longer) scope path, or
    an equally long one that names a type, taking precedence. Scope paths with
    ``*`` are globbed in ``site_dir``, once per pattern kept in ``globs`` (a
    scan's: Jekyll, too, globs once per build, ``FrontmatterDefaults#glob_cache``).
    """
    merged: dict[str, Any] = {}
    old_scope: dict[str, Any] | None = None
    for entry in settings.defaults:
        scope = entry.get("scope")
        if scope is None:
            scope = {}
        if not isinstance(scope, dict) or not _scope_applies(scope, relative_path, site_dir, globs):
            continue
        values = entry["values"]
        if _has_precedence(old_scope, scope):
            merged = deep_merge(merged, values)
            old_scope = scope
        else:
            merged = deep_merge(values, merged)
    return merged


def _scope_applies(
    scope: dict[str, Any],
    relative_path: str,
    site_dir: Path | None,
    globs: dict[str, tuple[str, ...]] | None,
) -> bool:
    scope_type = scope.get("type")
    if "type" in scope and str(scope_type) not in ("posts", "post"):
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" in scope_path:
        if site_dir is None:
            return False
        if globs is None:
            globs = {}
        if scope_path not in globs:
            globs[scope_path] = _globbed(site_dir, scope_path)
        return any(relative_path.startswith(m) for m in globs[scope_path])
    return relative_path.startswith(_sanitize(scope_path))


def _globbed(site_dir: Path, pattern: str) -> tuple[str, ...]:
    return tuple(m.relative_to(site_dir).as_posix() for m in site_dir.glob(pattern.lstrip("/")))


def _sanitize(path: object) -> str:
    if not isinstance(path, str) or not path:
        return ""
    # Jekyll removes only the leading slash.
    return path[1:] if path.startswith("/") else path


def _has_precedence(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new:
        return True
    return "type" not in old


def deep_merge(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """``Utils.deep_merge_hashes``: ``other`` wins, nested mappings merge, and a
    ``null`` in ``other`` keeps the value it would replace."""
    merged = copy.copy(base)
    for key, value in other.items():
        if value is None and key in merged:
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
