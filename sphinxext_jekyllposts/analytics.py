"""The site's web analytics on every page, as its theme wrote them
(:mod:`.jekyll.analytics`), only in a production build: never while
``jekyllposts serve`` builds for development. ``jekyllposts_analytics = False``
leaves them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import PRODUCTION, environment
from .jekyll.analytics import tracker_html
from .state import rewritten_when_changed, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def add_analytics(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Put the site's analytics snippets into the page's ``<head>``."""
    state = site_state(app.env)
    if (
        state is None
        or app.builder.format != "html"
        or app.config.jekyllposts_analytics is False
        or environment(app.config) != PRODUCTION
    ):
        return
    trackers = state.catalog.settings.analytics
    if trackers:
        snippets = "\n".join(tracker_html(tracker) for tracker in trackers)
        context["metatags"] = context.get("metatags", "") + "\n" + snippets


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the site's analytics changed."""
    state = site_state(env)
    trackers = state.catalog.settings.analytics if state is not None else ()
    return rewritten_when_changed(app, "analytics", trackers, env.found_docs)


def setup_analytics(app: Sphinx) -> None:
    """Write the analytics snippets when each page is written."""
    app.connect("env-updated", pages_to_rewrite)
    app.connect("html-page-context", add_analytics)
