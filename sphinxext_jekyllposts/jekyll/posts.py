"""One post as Jekyll 4.3 reads it: its file read safely, its front matter
merged with the site's ``defaults``, and the date, slug, title, categories,
tags, URL and excerpt computed from them (``Document#read``)."""

# ruff: noqa: PTH114

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .dates import Zone, date_from_yaml, in_zone, parse_date
from .defaults import deep_merge, defaults_for
from .excerpts import excerpt_separator, excerpt_source
from .files import (
    SURROGATE,
    FileTooLarge,
    RefusedFile,
    read_site_file,
    real_path,
)
from .frontmatter import FrontMatter, ruby_str, ruby_truthy, split_front_matter
from .names import parse_post_name, titleize_slug
from .permalinks import front_matter_permalink, placeholders, render_url
from .problems import Problem, ProblemKind

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .site import SiteSettings

from .folders import refused_entry
from .records import DRAFTS_DIR, HTML_EXTENSIONS, POSTS_DIR, Post, Skipped


def read_post(
    file: Path,
    *,
    relative_path: str,
    settings: SiteSettings,
    zone: Zone,
    draft: bool,
    site_dir: Path | None = None,
    text: str | None = None,
    globs: dict[str, tuple[str, ...]] | None = None,
) -> Post | Skipped:
    """Read one post or draft file (or ``text``, when given) as Jekyll would.
    ``globs``: the scan's ``defaults`` globs (:func:`~.defaults.defaults_for`)."""
    if text is None:
        try:
            # A link is read only to a file inside the site (checked again here).
            linked = site_dir is not None and os.path.islink(file)
            inside = real_path(site_dir) if site_dir is not None and linked else None
            raw = read_site_file(file, inside=inside, max_bytes=settings.max_post_size)
        except RefusedFile as error:
            return refused_entry(relative_path, error.reason)
        except FileTooLarge as error:
            problem = Problem(
                relative_path,
                1,
                ProblemKind.LIMIT,
                f"the post is {error.size:,} bytes, more than the {settings.max_post_size:,} "
                "read (jekyllposts_max_post_size); it is skipped",
            )
            return Skipped(relative_path, "it is too large", problem)
        except OSError as error:
            problem = Problem(relative_path, 1, ProblemKind.ENCODING, f"cannot read post: {error}")
            return Skipped(relative_path, "it cannot be read", problem)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            problem = Problem(
                relative_path,
                line,
                ProblemKind.ENCODING,
                f"not valid UTF-8 (byte {error.start}); the post is skipped, as Jekyll skips it",
            )
            return Skipped(relative_path, "it is not valid UTF-8", problem)
    ext = PurePosixPath(relative_path).suffix
    markup = post_markup(ext, settings.markdown_ext)
    if markup is None:
        problem = Problem(
            relative_path,
            1,
            ProblemKind.FORMAT,
            f"'{ext}' is not a Markdown extension (markdown_ext) and not HTML "
            "(.html, .htm, .xhtml); Jekyll writes such a post out unconverted, "
            "this one is skipped",
        )
        return Skipped(relative_path, "it is neither Markdown nor HTML", problem)
    front = split_front_matter(text, path=relative_path, max_chars=settings.max_front_matter)
    return post_from_front_matter(
        front,
        relative_path=relative_path,
        settings=settings,
        zone=zone,
        draft=draft,
        file=file,
        site_dir=site_dir,
        body=text[front.body_offset :],
        globs=globs,
        markup=markup,
    )


def post_markup(ext: str, markdown_ext: tuple[str, ...]) -> str | None:
    """How Jekyll converts a post with extension ``ext`` (``.md``, ``.HTML``):
    ``"markdown"`` for one of ``markdown_ext`` (case-insensitively, even
    ``.html`` when it is listed there), ``"html"`` for an HTML file (Jekyll's
    identity converter: the text after Liquid is the content), ``None`` for
    any other (Jekyll writes those out as they are too; not built here)."""
    name = ext.lstrip(".").lower()
    if name in markdown_ext:
        return "markdown"
    return "html" if name in HTML_EXTENSIONS else None


def post_from_front_matter(
    front: FrontMatter,
    *,
    relative_path: str,
    settings: SiteSettings,
    zone: Zone,
    draft: bool,
    file: Path | None = None,
    site_dir: Path | None = None,
    body: str = "",
    globs: dict[str, tuple[str, ...]] | None = None,
    markup: str = "markdown",
) -> Post | Skipped:
    """Jekyll's ``Document#read`` semantics, from already split front matter.
    ``markup``: ``"markdown"`` or ``"html"`` (:func:`post_markup`)."""
    problems = list(front.problems)

    def problem(kind: ProblemKind, message: str, key: str = "") -> None:
        found = Problem(relative_path, front.line_of(key), kind, message)
        if found not in problems:
            problems.append(found)

    special = DRAFTS_DIR if draft else POSTS_DIR
    data: dict[str, Any] = {}
    _merge(data, {"categories": _path_categories(relative_path, special)}, problem)
    _merge(data, defaults_for(settings, relative_path, site_dir, globs), problem)
    _merge(data, front.data, problem)

    name = parse_post_name(relative_path)
    date = None
    if ruby_truthy(data.get("date")):
        date = date_from_yaml(data["date"], zone)
        if date is None:
            problem(
                ProblemKind.DATE,
                f"date: {_preview(data['date'])!r} is not a date Jekyll understands; "
                + ("the date in the file name is used" if name.date else "it is ignored"),
                "date",
            )
    if date is None and name.date:
        date = parse_date(name.date, zone)
        if date is None:
            message = (
                f"the date in the file name, {name.date!r}, does not exist; the post is skipped"
            )
            return Skipped(
                relative_path,
                "its file name date does not exist",
                Problem(relative_path, 1, ProblemKind.DATE, message),
            )
    if date is None:
        date = _file_time(file, zone)

    slug_value = data.get("slug")
    if isinstance(slug_value, list | dict):
        problem(ProblemKind.TITLE, "slug is not text; the file name's is used", "slug")
        slug_value = None
    slug = _text(ruby_str(slug_value) if ruby_truthy(slug_value) else name.slug)
    # Jekyll titles an untitled post from its file name, even when `slug:` is set.
    title = _text(_title(data.get("title"), name.slug, problem))
    categories = _categories(data, problem)
    tags = _tags(data, problem)
    url = _url(
        relative_path=relative_path,
        ext=name.ext,
        data=data,
        settings=settings,
        date=date,
        slug=slug,
        categories=categories,
        problem=problem,
        # Jekyll's identity converter keeps the extension: `/2020/01/01/a.htm`.
        converted_ext=".html" if markup == "markdown" else name.ext,
    )
    from_front_matter = ruby_truthy(data.get("excerpt"))
    if from_front_matter:
        excerpt = ruby_str(data["excerpt"])
    else:
        excerpt = excerpt_source(body, excerpt_separator(data, settings.excerpt_separator))
    return Post(
        path=relative_path,
        title=title,
        date=date,
        slug=slug,
        ext=name.ext,
        categories=categories,
        tags=tags,
        draft=draft,
        author=_author(data.get("author")),
        data=data,
        url=url,
        excerpt_source=excerpt,
        excerpt_from_front_matter=from_front_matter,
        markup=markup,
        body_line=front.body_line,
        problems=tuple(problems),
        key_lines=front.key_lines,
    )


def _url(
    *,
    relative_path: str,
    ext: str,
    data: dict[str, Any],
    settings: SiteSettings,
    date: dt.datetime,
    slug: str,
    categories: tuple[str, ...],
    problem: Any,
    converted_ext: str = ".html",
) -> str:
    """``Document#url``: the front matter permalink, else the posts template."""
    permalink, ignored = front_matter_permalink(data)
    if ignored:
        problem(ProblemKind.PERMALINK, ignored, "permalink")
    stem = relative_path[: -len(ext)] if ext else relative_path
    values = placeholders(
        date=date,
        slug=slug,
        basename=stem.rsplit("/", 1)[-1],
        categories=categories,
        # cleaned_relative_path: the first "_posts" removed, trailing dots too
        path=stem.replace(POSTS_DIR, "", 1).rstrip("."),
        permalink=permalink or None,
        converted_ext=converted_ext,
    )
    url, unknown = render_url(permalink or settings.permalink, values)
    if permalink and ".." in permalink:
        problem(
            ProblemKind.PERMALINK,
            f"the permalink {_preview(permalink)!r} contains '..', which Jekyll removes; "
            f"the URL is {url!r}",
            "permalink",
        )
    for name in unknown:
        problem(
            ProblemKind.PERMALINK,
            f"the permalink has an unknown placeholder ':{name}'; it is kept as written",
            "permalink" if permalink else "",
        )
    return url


def _file_time(file: Path | None, zone: Zone) -> dt.datetime:
    # A draft without a date gets its file's modification time, as in Jekyll.
    try:
        stamp = file.stat().st_mtime if file is not None else 0.0
    except OSError:
        stamp = 0.0
    return in_zone(dt.datetime.fromtimestamp(stamp, dt.UTC), zone)


def _path_categories(relative_path: str, special: str) -> list[str]:
    """``categories_from_path``: folders above the ``_posts`` folder (not below)."""
    if relative_path.startswith(special):
        return []
    prefix = relative_path.split(special, 1)[0]
    basename = relative_path.rsplit("/", 1)[-1]
    return [part for part in prefix.split("/") if part and part not in (special, basename)]


def _merge(data: dict[str, Any], other: dict[str, Any], problem: Any) -> None:
    """``Document#merge_data!``: categories accumulate, the rest deep-merges."""
    other = dict(other)
    if other.get("categories") is not None:
        value = other["categories"]
        if isinstance(value, str):
            value = _ruby_split(value)
        elif isinstance(value, int | float | bool | dt.date):
            value = [value]
        elif not isinstance(value, list):
            problem(
                ProblemKind.TAXONOMY,
                f"categories: {_preview(value)} is not a string or a list; it is ignored",
                "categories",
            )
            value = []
        current = data.get("categories")
        if isinstance(current, list):
            value = current + [item for item in value if item not in current]
        other["categories"] = value
    data.update(deep_merge(data, other))


def _text(value: str) -> str:
    # YAML's "\ud800" escape makes a lone surrogate, which no file, URL or
    # page can hold: it becomes U+FFFD, the replacement character.
    return SURROGATE.sub("\ufffd", value) if SURROGATE.search(value) else value


def _preview(value: object) -> str:
    """A value as Ruby writes it, cut short for a message."""
    text = ruby_str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _ruby_split(text: str) -> list[str]:
    # Ruby's String#split with no argument splits on ASCII whitespace only.
    return [part for part in text.translate(_ASCII_SPACE).split(" ") if part]


_ASCII_SPACE = str.maketrans("\t\n\v\f\r", "     ")


_MAX_VALUES = 10_000


def _flatten(values: list[Any], budget: list[int], depth: int = 0) -> Iterator[Any]:
    for value in values:
        if budget[0] <= 0 or depth > 64:
            return
        if isinstance(value, list):
            yield from _flatten(value, budget, depth + 1)
        else:
            budget[0] -= 1
            yield value


def _taxonomy_strings(values: list[Any], key: str, problem: Any) -> list[str]:
    strings: list[str] = []
    seen: set[str] = set()
    budget = [_MAX_VALUES]
    for value in _flatten(values, budget):
        if value is None:
            continue
        if isinstance(value, dict):
            problem(
                ProblemKind.TAXONOMY,
                f"a {key} entry is a mapping ({_preview(value)}); it is ignored",
                "categories" if key == "category" else "tags",
            )
            continue
        text = _text(value if isinstance(value, str) else ruby_str(value))
        if text not in seen:
            seen.add(text)
            strings.append(text)
    if budget[0] <= 0:
        problem(
            ProblemKind.TAXONOMY,
            f"more than {_MAX_VALUES} {key} values (YAML aliases?); only the first are used",
            "categories" if key == "category" else "tags",
        )
    return strings


def _plural(data: dict[str, Any], singular: str, plural: str, problem: Any) -> list[Any]:
    """``Utils.pluralized_array_from_hash``: the singular key wins and is not split."""
    if ruby_truthy(data.get(singular)):
        value = data[singular]
        return value if isinstance(value, list) else [value]
    value = data.get(plural)
    if isinstance(value, str):
        return _ruby_split(value)
    if isinstance(value, list):
        return value
    if value is not None:
        problem(
            ProblemKind.TAXONOMY,
            f"{plural}: {_preview(value)} is not a string or a list; "
            "Jekyll ignores it, and so do we",
            plural,
        )
    return []


def _categories(data: dict[str, Any], problem: Any) -> tuple[str, ...]:
    found = list(data.get("categories") or []) + _plural(data, "category", "categories", _ignore)
    return tuple(_taxonomy_strings(found, "category", problem))


def _tags(data: dict[str, Any], problem: Any) -> tuple[str, ...]:
    return tuple(_taxonomy_strings(_plural(data, "tag", "tags", problem), "tag", problem))


def _ignore(kind: ProblemKind, message: str, key: str = "") -> None:
    del kind, message, key


def _title(value: object, slug: str, problem: Any) -> str:
    if not ruby_truthy(value):
        return titleize_slug(slug)
    if isinstance(value, str):
        if not value.strip():
            problem(
                ProblemKind.TITLE,
                "title is empty; the page is titled from the file name",
                "title",
            )
        return value
    if isinstance(value, list | dict):
        problem(
            ProblemKind.TITLE,
            f"title is a {'list' if isinstance(value, list) else 'mapping'}, not text; "
            "the page is titled from the file name",
            "title",
        )
        return titleize_slug(slug)
    return ruby_str(value)


def _author(value: object) -> str | None:
    if isinstance(value, str):
        return _text(value.strip()) or None
    if isinstance(value, dict):
        name = value.get("name")
        return name.strip() or None if isinstance(name, str) else None
    if isinstance(value, list):
        # one level only: a list of names (or of {name: ...}), never nested lists
        names = [_author(item) for item in value[:100] if isinstance(item, str | dict)]
        return ", ".join(n for n in names if n) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ruby_str(value)
    return None
