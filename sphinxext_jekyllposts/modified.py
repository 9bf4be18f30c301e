"""When each post was last changed, as the site's themes and plugins say it:
its front matter's ``last_modified_at``; else, when the site uses
jekyll-last-modified-at, the time of the last commit of its file (its
modification time when git does not know it), as that plugin computes it.

Decided once per build, in the main process (``env-updated``); the post
header ("Updated …"), the JSON-LD's ``dateModified`` and the feeds'
``<updated>`` read it. A post whose date changed without its file changing
(a commit) is written again.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .jekyll.dates import date_from_yaml, in_zone
from .state import build_running, build_state, site_state, stale_documents

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState

PLUGIN = "jekyll-last-modified-at"
_GIT_SECONDS = 60


def commit_times(folder: Path) -> dict[str, int]:
    """The time (Unix seconds) of the last commit of each file below ``folder``
    that git knows, by its path relative to ``folder``; empty when ``folder``
    is in no git work tree (or git is missing or fails)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "--relative", "--name-only", "--format=%x00%ct"],
            capture_output=True,
            check=False,
            timeout=_GIT_SECONDS,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode:
        return {}
    found: dict[str, int] = {}
    seconds = 0
    for line in done.stdout.decode("utf-8", errors="surrogateescape").splitlines():
        if line.startswith("\x00"):
            seconds = int(line[1:] or 0)
        elif line and line not in found:
            found[line] = seconds  # the log is newest first
    return found


def last_modified_dates(app: Sphinx, state: SiteState) -> dict[str, dt.datetime]:
    """Each post's last modification, by docname, for the posts that have one."""
    settings = state.catalog.settings
    zone = settings.zone
    plugin = PLUGIN in settings.plugins
    folder = Path(app.config.jekyllposts_history_dir or state.site_dir)
    history = commit_times(folder) if plugin else {}
    found: dict[str, dt.datetime] = {}
    for docname, post in state.posts():
        value = post.data.get("last_modified_at")
        parsed = date_from_yaml(value, zone) if value is not None else None
        if parsed is not None:
            found[docname] = parsed
            continue
        if not plugin:
            continue
        seconds: float | None = history.get(post.path)
        if seconds is None:
            try:
                seconds = (state.site_dir / post.path).stat().st_mtime
            except OSError:
                continue
        found[docname] = in_zone(dt.datetime.fromtimestamp(seconds, dt.UTC), zone)
    return found


def modified_date(env: BuildEnvironment, docname: str) -> dt.datetime | None:
    """When the post ``docname`` was last changed (``None``: not known)."""
    if not build_running(env):
        return None
    dates: dict[str, dt.datetime] = build_state(env).shared_value("modified", dict)
    return dates.get(docname)


def posts_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Decide every post's date (before any page is written); the posts whose
    date is not the one they were written with."""
    state = site_state(env)
    if state is None:
        return []
    dates = last_modified_dates(app, state)
    build_state(env).shared["modified"] = (None, dates)
    shown = {d: dates[d].isoformat() if d in dates else "" for d in state.docnames}
    return stale_documents(app, "modified", shown)


def setup_modified(app: Sphinx) -> None:
    """Decide the posts' last-modified dates once per build."""
    app.connect("env-updated", posts_to_rewrite, priority=400)
