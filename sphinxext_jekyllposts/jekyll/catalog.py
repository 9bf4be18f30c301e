"""The post catalog: every post of a Jekyll site, read from front matter only.

:func:`scan_site` walks the site as Jekyll's reader does (``_posts`` and
``_drafts`` folders at any depth not hidden by a leading ``.``/``_``/``#``/``~``
or by ``exclude``), reads each candidate's front matter and computes what Jekyll
4.3 computes for it: date, slug, title, categories, tags, draft and whether it
is published in this build.
"""

# The scan runs for every file on every build: plain strings and os.path there,
# not Path objects (a third of a no-change rebuild's scan went to pathlib).
# ruff: noqa: PTH114, PTH116, PTH118

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .dates import Zone, date_from_yaml, in_zone, now_in, parse_date
from .excerpts import excerpt_separator, excerpt_source, excerpt_text, html_text
from .files import (
    FileTooLarge,
    RefusedFile,
    file_link_refusal,
    folder_link_refusal,
    is_inside,
    read_site_file,
    real_path,
    refusal,
    refused_problem,
    unusual_entries,
)
from .frontmatter import FrontMatter, ruby_str, ruby_truthy, split_front_matter
from .names import matches_post_name, parse_post_name, titleize_slug
from .permalinks import placeholders, render_url
from .problems import Problem, ProblemKind
from .site import SiteSettings, deep_merge, defaults_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

POSTS_DIR = "_posts"
DRAFTS_DIR = "_drafts"
_SPECIAL_LEADING = (".", "_", "#", "~")


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
    """The excerpt: the body up to the separator (Markdown), or ``excerpt:``."""
    excerpt_from_front_matter: bool = False
    """Whether ``excerpt_source`` is the ``excerpt:`` text, which Jekyll leaves as
    written (no Markdown)."""
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
        return excerpt_text(self.excerpt_source)

    @property
    def display_title(self) -> str:
        """The title to show: Jekyll's, or the titleized slug when that is empty."""
        title = " ".join(self.title.split())
        return title or titleize_slug(self.slug) or self.slug or self.path


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


@dataclass
class ReadCache:
    """What :func:`scan_site` read last time: each file's outcome, by path, with
    the file's modification time and size; valid for the same settings only."""

    settings: SiteSettings | None = None
    entries: dict[str, tuple[tuple[int, int], Post | Skipped]] = field(default_factory=dict)


def _stat_key(path: str) -> tuple[tuple[int, int] | None, str]:
    """The file's (modification time, size), and why it is not read ("" if it is)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None, refusal(path)
    return (stat.st_mtime_ns, stat.st_size), refusal(path, stat)


def scan_site(
    site_dir: Path,
    settings: SiteSettings,
    *,
    now: dt.datetime | None = None,
    skip_dirs: tuple[Path, ...] = (),
    cache: ReadCache | None = None,
    survey: PostFolders | None = None,
) -> PostCatalog:
    """Read every post and draft of the site at ``site_dir``.

    ``now`` decides which posts are in the future (default: the current time);
    ``skip_dirs`` are folders never to walk (a build output inside the site).
    With a ``cache`` (updated in place), a file whose modification time and size
    are those it had last time, read with the same settings, is not read again.
    A ``survey`` of the same site, settings and ``skip_dirs`` (made moments
    before) saves walking the post folders again.
    Never raises for bad posts: see ``Post.problems`` and ``PostCatalog.skipped``.
    """
    reusable = cache.entries if cache is not None and cache.settings == settings else {}
    remembered: dict[str, tuple[tuple[int, int], Post | Skipped]] = {}
    zone = settings.zone
    now = now or now_in(zone)
    posts: list[Post] = []
    skipped: list[Skipped] = []
    if survey is not None and survey.settings == settings:
        listing: Iterable[tuple[Path, str, str] | Skipped] = survey.files
    else:
        listing = _post_files(site_dir, settings, {real_path(p) for p in skip_dirs})
    folders: dict[Path, str] = {}
    globs: dict[str, tuple[str, ...]] = {}  # the defaults' globs, once per scan
    for found in listing:
        if isinstance(found, Skipped):
            skipped.append(found)
            continue
        folder, relative_entry, ignored = found
        if folder not in folders:
            folders[folder] = folder.relative_to(site_dir).as_posix()
        relative_path = f"{folders[folder]}/{relative_entry}"
        draft = folder.name == DRAFTS_DIR
        if ignored:
            skipped.append(Skipped(relative_path, ignored))
            continue
        if not draft and not matches_post_name(relative_entry):
            skipped.append(Skipped(relative_path, "its name has no YYYY-MM-DD- date"))
            continue
        stat, refused = _stat_key(os.path.join(site_dir, relative_path))
        if refused:
            # A named pipe would block the read forever; a link loop cannot be read.
            skipped.append(_refused(relative_path, refused))
            continue
        known = reusable.get(relative_path)
        if known is not None and stat is not None and known[0] == stat:
            outcome = known[1]
        else:
            outcome = read_post(
                site_dir / relative_path,
                relative_path=relative_path,
                settings=settings,
                zone=zone,
                draft=draft,
                site_dir=site_dir,
                globs=globs,
            )
        if stat is not None:
            remembered[relative_path] = (stat, outcome)
        if isinstance(outcome, Skipped):
            skipped.append(outcome)
            continue
        reason = _not_published(outcome, settings, now)
        if reason:
            skipped.append(Skipped(relative_path, reason))
        else:
            posts.append(outcome)
    if cache is not None:
        cache.settings, cache.entries = settings, remembered
    posts.sort(key=lambda post: (post.date, post.path))
    return PostCatalog(tuple(posts), tuple(sorted(skipped, key=lambda s: s.path)), settings)


@dataclass(frozen=True)
class PostFolders:
    """What a site's post folders hold, found without reading any file."""

    refused: tuple[str, ...] = ()
    """The symbolic links in post folders that are not followed (relative to
    the site root): a post folder that is a link out of the site or to one of
    its parents, a link to a folder inside a post folder, a link to a file
    outside the site, a link loop."""
    extensions: frozenset[str] = frozenset()
    """The extensions (``.md``, ``.MD``) of the Markdown files in post folders."""
    files: tuple[tuple[Path, str, str] | Skipped, ...] = ()
    """What the walk found, for :func:`scan_site`."""
    settings: SiteSettings | None = None
    """The settings the walk was made with."""


def survey_post_folders(
    site_dir: Path, settings: SiteSettings, *, skip_dirs: tuple[Path, ...] = ()
) -> PostFolders:
    """The folders :func:`scan_site` refuses and the extensions of the posts it
    reads, from the folder listings alone (so cheap to know before a scan)."""
    refused: list[str] = []
    extensions: set[str] = set()
    markdown = {ext.lower() for ext in settings.markdown_ext}
    files = tuple(_post_files(site_dir, settings, {real_path(p) for p in skip_dirs}))
    for found in files:
        if isinstance(found, Skipped):
            refused.append(found.path)
            continue
        _folder, entry, ignored = found
        ext = PurePosixPath(entry).suffix
        if not ignored and ext.lstrip(".").lower() in markdown:
            extensions.add(ext)
    return PostFolders(tuple(refused), frozenset(extensions), files, settings)


def entries_to_avoid(
    site_dir: Path, settings: SiteSettings, *, skip_dirs: tuple[Path, ...] = ()
) -> tuple[tuple[str, str], ...]:
    """What a walk of the whole site (Sphinx's, looking for documents) must not
    enter or open, each with why (relative paths): a link to one of its own
    parent folders (a walk through it never ends); a link out of the site where
    Jekyll has no pages, below a folder named ``_...`` or ``....``
    (``_includes``, ``_data``; a link out in a folder of pages is the site's
    own layout); a file that is not a regular file (reading a named pipe waits
    for ever). Folders in ``exclude`` (``node_modules``, ``vendor/bundle``) and
    ``skip_dirs`` are not looked into."""
    site_real = real_path(site_dir)
    skip = {os.path.relpath(real_path(p), site_real).replace(os.sep, "/") for p in skip_dirs}

    def pruned(relative: str) -> bool:
        return relative in skip or _excluded(relative, settings)

    found = []
    for relative, link in unusual_entries(site_dir, pruned=pruned):
        path = os.path.join(site_dir, relative)
        if not link:
            found.append((relative, refusal(path) or "it is not a regular file"))
            continue
        why = folder_link_refusal(path, site_real)
        jekylls = any(part.startswith(_SPECIAL_LEADING) for part in relative.split("/"))
        if why and (jekylls or is_inside(path, site_real)):
            found.append((relative, why))
    return tuple(found)


def _not_published(post: Post, settings: SiteSettings, now: dt.datetime) -> str:
    if post.draft and not settings.show_drafts:
        return "it is a draft (drafts are not shown)"
    published = post.data.get("published", True)
    if not ruby_truthy(published) and not settings.unpublished:
        return "its front matter says published: false"
    if post.date > now and not settings.future:
        return f"it is dated in the future ({post.date.isoformat()})"
    return ""


def _post_files(
    site_dir: Path, settings: SiteSettings, skip: set[str]
) -> Iterator[tuple[Path, str, str] | Skipped]:
    """Each (post folder, entry relative to it, why Jekyll ignores it or ""),
    and each file or folder that is refused outright (a :class:`Skipped`)."""
    site_real = real_path(site_dir)
    for current, dirnames, files in os.walk(site_dir):
        here = Path(current)
        relative_here = here.relative_to(site_dir).as_posix()
        for name in (POSTS_DIR, DRAFTS_DIR):
            if name in files and os.path.islink(os.path.join(current, name)):
                # a link to a folder that does not exist, or a loop
                relative = name if relative_here == "." else f"{relative_here}/{name}"
                why = refusal(os.path.join(current, name)) or "it is not a folder"
                yield _refused(relative, why, folder=True)
        keep = []
        for name in sorted(dirnames):
            child = here / name
            relative = name if relative_here == "." else f"{relative_here}/{name}"
            posts = name in (POSTS_DIR, DRAFTS_DIR) and not _excluded(relative, settings)
            why = folder_link_refusal(child, site_real) if os.path.islink(child) else ""
            if why:
                # Refused even where Jekyll would not look (`_includes`, an excluded
                # folder): Sphinx follows links when it looks for documents.
                refused = _refused(relative, why, folder=True)
                yield refused if posts else dataclasses.replace(refused, problem=None)
            elif posts:
                yield from _entries(child, site_dir, settings, site_real)
            elif (
                name in (POSTS_DIR, DRAFTS_DIR)
                or name.startswith(_SPECIAL_LEADING)
                or _excluded(relative, settings)
                or os.path.islink(child)
                or real_path(child) in skip
            ):
                continue
            else:
                keep.append(name)
        dirnames[:] = keep


def _refused(relative_path: str, why: str, *, folder: bool = False) -> Skipped:
    problem = refused_problem(relative_path, why, folder=folder)
    return Skipped(relative_path, why, problem, folder=folder)


def _entries(
    folder: Path, site_dir: Path, settings: SiteSettings, site_real: str
) -> Iterator[tuple[Path, str, str] | Skipped]:
    """Files below a post folder, each with why Jekyll's ``EntryFilter`` drops it
    (or ``""`` when it does not); links to folders, which are not followed."""
    # Plain strings, not Path objects: this runs for every file of every build.
    folder_text = os.fspath(folder)
    inside = os.fspath(folder.relative_to(site_dir).as_posix())
    for current, dirnames, files in os.walk(folder_text):
        below = os.path.relpath(current, folder_text).replace(os.sep, "/")
        prefix = "" if below == "." else below + "/"
        followed = []
        for name in sorted(dirnames):
            link = os.path.join(current, name)
            if os.path.islink(link):
                # Jekyll does not read posts through a link to a folder; Sphinx
                # would (and loop through a link to a parent): refused, with a warning.
                why = folder_link_refusal(link, site_real)
                yield _refused(
                    f"{inside}/{prefix}{name}",
                    why or "it is a symbolic link to a folder, which Jekyll does not follow",
                    folder=True,
                )
            else:
                followed.append(name)
        dirnames[:] = followed
        for name in sorted(files):
            entry = prefix + name
            path = os.path.join(current, name)
            if _SURROGATE.search(entry):
                # os.walk gives undecodable bytes as lone surrogates, which no page,
                # URL or message can hold; Jekyll stops the build on such a name.
                yield _refused(f"{inside}/{entry}", "its name is not valid UTF-8")
            elif entry.startswith(_SPECIAL_LEADING) or name.startswith(_SPECIAL_LEADING):
                yield folder, entry, "Jekyll ignores names starting with . _ # or ~"
            elif name.endswith("~"):
                yield folder, entry, "Jekyll ignores backup files ending in ~"
            elif os.path.islink(path) and (why := file_link_refusal(path, site_real)):
                yield _refused(f"{inside}/{entry}", why)
            elif _excluded(f"{inside}/{entry}", settings):
                yield folder, entry, "it is in exclude"
            else:
                yield folder, entry, ""


def _excluded(relative: str, settings: SiteSettings) -> bool:
    return _exclusion(settings.exclude, settings.include)(relative)


@lru_cache(maxsize=16)
def _exclusion(exclude: tuple[str, ...], include: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a path (relative to the site) is in ``exclude`` and not ``include``d:
    the path itself, a folder above it, or a glob matching it. One regular
    expression: this is asked of every file of every build."""
    alternatives = []
    for pattern in exclude:
        if pattern in include:
            continue
        clean = pattern.strip("/")
        alternatives.append(re.escape(clean) + r"(?:/.*)?\Z")
        alternatives.append(fnmatch.translate(clean))
    if not alternatives:
        return lambda relative: False
    matcher = re.compile("|".join(f"(?:{a})" for a in alternatives), re.S)
    return lambda relative: matcher.match(relative) is not None


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
    ``globs``: the scan's ``defaults`` globs (:func:`~.site.defaults_for`)."""
    if text is None:
        try:
            # A link is read only to a file inside the site (checked again here).
            linked = site_dir is not None and os.path.islink(file)
            inside = real_path(site_dir) if site_dir is not None and linked else None
            raw = read_site_file(file, inside=inside, max_bytes=settings.max_post_size)
        except RefusedFile as error:
            return _refused(relative_path, error.reason)
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
    if ext.lstrip(".").lower() not in settings.markdown_ext:
        problem = Problem(
            relative_path,
            1,
            ProblemKind.FORMAT,
            f"'{ext}' is not a Markdown extension (markdown_ext); "
            "only Markdown posts are built, this one is skipped",
        )
        return Skipped(relative_path, "it is not Markdown", problem)
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
    )


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
) -> Post | Skipped:
    """Jekyll's ``Document#read`` semantics, from already split front matter."""
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
) -> str:
    """``Document#url``: the front matter permalink, else the posts template."""
    permalink = data.get("permalink")
    if permalink is not None and not isinstance(permalink, str):
        problem(ProblemKind.PERMALINK, "permalink must be text; it is ignored", "permalink")
        permalink = None
    stem = relative_path[: -len(ext)] if ext else relative_path
    values = placeholders(
        date=date,
        slug=slug,
        basename=stem.rsplit("/", 1)[-1],
        categories=categories,
        # cleaned_relative_path: the first "_posts" removed, trailing dots too
        path=stem.replace(POSTS_DIR, "", 1).rstrip("."),
        permalink=permalink or None,
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    # YAML's "\ud800" escape makes a lone surrogate, which no file, URL or
    # page can hold: it becomes U+FFFD, the replacement character.
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


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
