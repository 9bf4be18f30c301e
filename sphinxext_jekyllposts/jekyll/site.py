"""A Jekyll site's settings: ``_config.yml`` and front matter ``defaults``."""

from __future__ import annotations

import copy
import dataclasses
import functools
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
    from collections.abc import Sequence
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


@dataclass(frozen=True)
class SiteSettings:
    """The settings that decide which posts exist and what they mean.

    Built from ``_config.yml`` by :func:`load_site_settings`; the Sphinx side
    replaces fields with ``jekyllposts_*`` values where those are set.
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
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """The whole ``_config.yml`` mapping, for settings read elsewhere."""

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
        warn(f"'timezone' must be a zone name such as 'Asia/Shanghai', not {timezone!r}")
        timezone = None
    if timezone:
        try:
            resolve_zone(timezone)
        except ValueError as error:
            warn(f"{error}; dates use the machine's local time zone")
            timezone = None
    defaults = data.get("defaults") or []
    valid_defaults: list[dict[str, Any]] = []
    if isinstance(defaults, list):
        for entry in defaults:
            if isinstance(entry, dict) and isinstance(entry.get("values"), dict):
                valid_defaults.append(entry)
            else:
                warn(f"an invalid front matter default set is ignored: {entry!r}")
    else:
        warn("'defaults' must be a list of {scope, values} sets; it is ignored")
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
            excerpt_separator=ruby_str(data.get("excerpt_separator", DEFAULT_SEPARATOR)),
            baseurl=ruby_str(data.get("baseurl") or ""),
            paginate_path=(
                paginate_path
                if isinstance(paginate_path, str) and not problem
                else DEFAULT_PAGINATE_PATH
            ),
            raw=data,
        ),
        tuple(found),
    )


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
    settings: SiteSettings, relative_path: str, site_dir: Path | None = None
) -> dict[str, Any]:
    """The merged ``defaults`` values that apply to a post at ``relative_path``.

    As ``FrontmatterDefaults#all`` for a document of type ``posts``: sets whose
    scope matches are merged in order, a more specific (longer) scope path, or
    an equally long one that names a type, taking precedence. Scope paths with
    ``*`` are globbed in ``site_dir``.
    """
    merged: dict[str, Any] = {}
    old_scope: dict[str, Any] | None = None
    for entry in settings.defaults:
        scope = entry.get("scope")
        if scope is None:
            scope = {}
        if not isinstance(scope, dict) or not _scope_applies(scope, relative_path, site_dir):
            continue
        values = entry["values"]
        if _has_precedence(old_scope, scope):
            merged = deep_merge(merged, values)
            old_scope = scope
        else:
            merged = deep_merge(values, merged)
    return merged


def _scope_applies(scope: dict[str, Any], relative_path: str, site_dir: Path | None) -> bool:
    scope_type = scope.get("type")
    if "type" in scope and str(scope_type) not in ("posts", "post"):
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" in scope_path:
        if site_dir is None:
            return False
        return any(relative_path.startswith(m) for m in _globbed(site_dir, scope_path))
    return relative_path.startswith(_sanitize(scope_path))


@functools.lru_cache(maxsize=256)
def _globbed(site_dir: Path, pattern: str) -> tuple[str, ...]:
    # Jekyll caches its globs for the build too (FrontmatterDefaults#glob_cache).
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
