"""The post catalog: every post of a Jekyll site, read from front matter only.

:func:`scan_site` walks the site as Jekyll's reader does (``_posts`` and
``_drafts`` folders at any depth not hidden by a leading ``.``/``_``/``#``/``~``
or by ``exclude``), reads each candidate's front matter and computes what Jekyll
4.3 computes for it: date, slug, title, categories, tags, draft and whether it
is published in this build.
"""

# The scan runs for every file on every build: plain strings and os.path there,
# not Path objects (a third of a no-change rebuild's scan went to pathlib).
# ruff: noqa: PTH118

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .dates import now_in
from .files import real_path
from .folders import (
    PostFolders,
    entries_to_avoid,
    post_files,
    refused_entry,
    stat_key,
    survey_post_folders,
)
from .frontmatter import ruby_truthy
from .names import matches_post_name
from .posts import post_from_front_matter, read_post
from .records import (
    DRAFTS_DIR,
    HTML_EXTENSIONS,
    POSTS_DIR,
    DerivedOnLoad,
    Post,
    PostCatalog,
    Skipped,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path

    from .site import SiteSettings


__all__ = [
    "DRAFTS_DIR",
    "HTML_EXTENSIONS",
    "POSTS_DIR",
    "DerivedOnLoad",
    "Post",
    "PostCatalog",
    "PostFolders",
    "ReadCache",
    "Skipped",
    "entries_to_avoid",
    "post_from_front_matter",
    "read_post",
    "scan_site",
    "survey_post_folders",
]


@dataclass
class ReadCache:
    """What :func:`scan_site` read last time: each file's outcome, by path, with
    the file's modification time and size; valid for the same settings only."""

    settings: SiteSettings | None = None
    entries: dict[str, tuple[tuple[int, int], Post | Skipped]] = field(default_factory=dict)


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
        listing = post_files(site_dir, settings, {real_path(p) for p in skip_dirs})
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
        stat, refused = stat_key(os.path.join(site_dir, relative_path))
        if refused:
            # A named pipe would block the read forever; a link loop cannot be read.
            skipped.append(refused_entry(relative_path, refused))
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


def _not_published(post: Post, settings: SiteSettings, now: dt.datetime) -> str:
    if post.draft and not settings.show_drafts:
        return "it is a draft (drafts are not shown)"
    published = post.data.get("published", True)
    if not ruby_truthy(published) and not settings.unpublished:
        return "its front matter says published: false"
    if post.date > now and not settings.future:
        return f"it is dated in the future ({post.date.isoformat()})"
    return ""
