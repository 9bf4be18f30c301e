"""A Jekyll site's settings: ``_config.yml`` and front matter ``defaults``."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .analytics import Tracker, analytics_of
from .archive_urls import ArchivesBlock, archives_block
from .comments import CommentsSettings, comments_settings
from .config_values import (
    CodeBlockOptions,
    FeedBlock,
    SiteAuthor,
    as_text,
    code_block_options,
    feed_block,
    kind_of,
    paginate_of,
    plugin_names,
    site_author,
    text_of,
)
from .dates import Zone, resolve_zone
from .excerpts import DEFAULT_SEPARATOR
from .files import RefusedFile, read_site_file, real_path
from .frontmatter import load_yaml_mapping, ruby_truthy, top_level_key_lines
from .github_plugins import GitHubPlugins, github_plugins_of
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

#: Jekyll's ``includes_dir``.
DEFAULT_INCLUDES_DIR = "_includes"


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
    archives: ArchivesBlock | None = field(default=None, compare=False)
    """The ``jekyll-archives:`` block: where its pages are; ``None`` without it."""
    github: GitHubPlugins = field(default_factory=GitHubPlugins, compare=False)
    """What jemoji and jekyll-mentions do to posts, when ``plugins`` lists them."""
    code_blocks: CodeBlockOptions = field(default_factory=CodeBlockOptions, compare=False)
    """How code blocks are shown (``kramdown: syntax_highlighter_opts:``): what
    posts are parsed with, not what their records hold (a change makes every
    post read again)."""
    comments: CommentsSettings = field(default_factory=CommentsSettings, compare=False)
    """Which comments posts show, as the theme's keys turn them on (:mod:`.comments`)."""
    analytics: tuple[Tracker, ...] = field(default=(), compare=False)
    """The analytics snippets the theme's keys turn on (:mod:`.analytics`)."""
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


#: How the problem of a ``source:`` the extension does not read begins.
SOURCE_NOT_READ = "'source: "


def source_folder(data: dict[str, Any]) -> str:
    """``source:``, the site's folder below the one of ``_config.yml``, as a
    relative path (``""`` when it is that folder)."""
    source = data.get("source")
    if not isinstance(source, str):
        return ""
    folder = source.strip().strip("/")
    return "" if folder in ("", ".") else folder


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

    source = source_folder(data)
    if source:
        warn(
            f"{SOURCE_NOT_READ}{source}' is not read: the site is read from the folder of "
            f"{CONFIG_FILE}, so the posts under {source} get its name as a category "
            "and its _includes, _data and pages are not the site's (`jekyllposts build` "
            "follows it; here, set jekyllposts_site_dir to that folder and copy "
            f"{CONFIG_FILE} into it without 'source:')",
            "source",
        )
    timezone = data.get("timezone")
    if timezone is not None and not isinstance(timezone, str):
        warn(
            f"'timezone' must be a zone name such as 'Asia/Shanghai', not {kind_of(timezone)}",
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
                what = "has no 'values' mapping" if isinstance(entry, dict) else kind_of(entry)
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
            f"'markdown_ext' must be text such as 'md,markdown', not {kind_of(markdown_ext)}; "
            "Jekyll's default is used",
            "markdown_ext",
        )
    plugins = plugin_names(data, warn)
    for key in ("exclude", "include"):
        value = data.get(key)
        if value is not None and not isinstance(value, str | list):
            warn(f"'{key}' must be a list of paths, not {kind_of(value)}; it is ignored", key)
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
            baseurl=text_of(data, "baseurl", warn),
            paginate_path=(
                paginate_path
                if isinstance(paginate_path, str) and not problem
                else DEFAULT_PAGINATE_PATH
            ),
            title=text_of(data, "title", warn) or text_of(data, "name", warn),
            description=text_of(data, "description", warn),
            author=site_author(data.get("author"), warn),
            url=text_of(data, "url", warn),
            lang=text_of(data, "lang", warn),
            plugins=plugins,
            includes_dir=(
                text_of(data, "includes_dir", warn, DEFAULT_INCLUDES_DIR) or DEFAULT_INCLUDES_DIR
            ),
            paginate=paginate_of(data.get("paginate"), warn),
            feed=feed_block(data["feed"], warn) if "feed" in data else None,
            archives=archives_block(data.get("jekyll-archives"), warn),
            github=github_plugins_of(data, plugins, warn),
            code_blocks=code_block_options(data.get("kramdown"), warn),
            comments=comments_settings(data, warn),
            analytics=analytics_of(data, warn),
            raw=data,
        ),
        tuple(found),
    )


def _excerpt_separator(data: dict[str, Any], warn: Callable[[str, str], None]) -> str:
    value = data.get("excerpt_separator")
    if value is None:
        return DEFAULT_SEPARATOR  # null keeps Jekyll's default (Utils.merge_values)
    found = as_text(value)
    if found is None:
        warn(
            f"'excerpt_separator' must be text ('' for no excerpts), not {kind_of(value)}; "
            "the default, a blank line, is used",
            "excerpt_separator",
        )
        return DEFAULT_SEPARATOR
    return found


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
