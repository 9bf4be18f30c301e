"""Sidebar templates: recent posts, categories, tags and archives.

Add any of ``jekyllposts/recent-posts.html``, ``jekyllposts/categories.html``,
``jekyllposts/tags.html`` and ``jekyllposts/archives.html`` to
``html_sidebars`` in a theme that has sidebars. They read a ``jekyllposts``
variable this module puts into every page's template context. When what they
show changes (a post added, renamed or re-dated), every page that shows them is
rewritten, since each page carries its own copy of the sidebar.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .jekyll.theme_keys import hidden
from .presentation import _, format_post_date
from .state import build_state, shown_record, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

TEMPLATES = Path(__file__).parent / "templates"
SIDEBARS = tuple(
    f"jekyllposts/{name}.html" for name in ("recent-posts", "categories", "tags", "archives")
)
RECENT = 5


def sidebar_context(app: Sphinx) -> dict[str, Any] | None:
    """What the sidebar templates show, for the current state of the site."""
    state = site_state(app.env)
    if state is None:
        return None
    config = state.config
    recent = []
    shown = [(docname, post) for docname, post in state.posts() if not hidden(post.data)]
    for docname, post in list(reversed(shown))[:RECENT]:
        title = app.env.titles.get(docname)
        date = format_post_date(
            post.date, date_format=config.date_format, language=app.config.language
        )
        recent.append(
            {
                "docname": docname,
                "title": title.astext() if title else post.text_title,
                "date": date,
            }
        )

    def archive_items(kind: str) -> list[dict[str, Any]]:
        return [
            {"docname": state.archive_docname(a), "name": a.name, "count": len(a.posts)}
            for a in state.archives.get(kind, ())
        ]

    return {
        "recent": recent,
        "categories": archive_items("category"),
        "tags": archive_items("tag"),
        "years": archive_items("year"),
        "labels": {
            "recent": _("Recent posts"),
            "categories": _("Categories"),
            "tags": _("Tags"),
            "archives": _("Archive"),
        },
    }


def add_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    context["jekyllposts"] = _shared_context(app)


def _shared_context(app: Sphinx) -> dict[str, Any] | None:
    """The sidebars' context, the same for every page of a build: computed
    once (per writing process), and not at all when nothing changed since the
    last build (its context is kept, as JSON keeps it, beside its digest)."""
    if site_state(app.env) is None:
        return None
    build = build_state(app.env)
    record = shown_record(app, "sidebars")

    def compute() -> dict[str, Any] | None:
        if build.nothing_changed and isinstance(record.get("context"), dict):
            kept: dict[str, Any] = record["context"]
            return kept
        context: dict[str, Any] | None = json.loads(json.dumps(sidebar_context(app), default=str))
        record["context"] = context
        return context

    return build.shared_value("sidebars", compute)


def add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _uses_sidebars(config: Config) -> bool:
    sidebars = getattr(config, "html_sidebars", {}) or {}
    return any(name in SIDEBARS for names in sidebars.values() for name in names)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the sidebars they show have changed since the last build."""
    # Made now, before the environment is saved: a later build can keep it.
    context = _shared_context(app)
    if not _uses_sidebars(app.config):
        return []
    digest = hashlib.sha256(
        json.dumps(context, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    record = shown_record(app, "sidebars")
    if record.get("digest") == digest:
        return []
    record["digest"] = digest
    return sorted(env.found_docs)


def setup_sidebars(app: Sphinx) -> None:
    """Provide the sidebar templates and their data."""
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", add_context)
    app.connect("env-updated", pages_to_rewrite)
