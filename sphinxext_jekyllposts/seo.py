"""The tags jekyll-seo-tag wrote into each page's ``<head>``: the
description, Open Graph and Twitter card tags, JSON-LD (:mod:`.jekyll.seo`),
when the site has them: ``jekyll-seo-tag`` in its ``plugins``, or a theme that
writes them (Minimal Mistakes, Chirpy, minima); ``jekyllposts_seo`` decides
otherwise.

Beside sphinxext-opengraph, which writes the Open Graph tags and the
description itself (from what :mod:`.collector` gives it), only the Twitter
card tags and the JSON-LD are added: no tag is written twice.
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from .feeds import absolute, base_url
from .jekyll.seo import SEO_THEMES, SeoPage, SeoSite, head_tags, seo_site
from .jekyll.theme_keys import share_image, theme_family
from .modified import modified_date
from .page_addresses import public_uri
from .state import build_state, rewritten_when_changed, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .jekyll.records import Post


def seo_enabled(app: Sphinx, state: SiteState) -> bool:
    """Whether this build writes jekyll-seo-tag's tags."""
    given = app.config.jekyllposts_seo
    if given is not None:
        return bool(given)
    settings = state.catalog.settings
    return "jekyll-seo-tag" in settings.plugins or theme_family(settings.raw) in SEO_THEMES


def _absolute(base: str, path: str) -> str:
    if urllib.parse.urlsplit(path).scheme in ("http", "https") or path.startswith("//"):
        return path
    return absolute(base, path.lstrip("/")) if base else path


def _site(app: Sphinx, state: SiteState) -> tuple[str, SeoSite]:
    base = base_url(app.config.html_baseurl, state.catalog.settings)
    return base, seo_site(state.catalog.settings.raw, lambda path: _absolute(base, path))


def seo_page(app: Sphinx, state: SiteState, docname: str, record: Post, base: str) -> SeoPage:
    """The page jekyll-seo-tag would have described for ``record``."""
    data = record.data
    canonical = data.get("canonical_url")
    if not (isinstance(canonical, str) and canonical.strip()):
        canonical = absolute(base, public_uri(app, docname)) if base else ""
    description = data.get("description")
    if not (isinstance(description, str) and description.strip()):
        description = record.excerpt
    twitter = data.get("twitter")
    image = share_image(data)
    dated = state.post(docname) is not None or "date" in data
    return SeoPage(
        title=record.text_title,
        url=record.url,
        canonical=canonical.strip(),
        description=" ".join(description.split()),
        date=record.date if dated else None,
        modified=modified_date(app.env, docname),
        image=_absolute(base, image.path) if image is not None else "",
        author=record.author or "",
        twitter_card=str(twitter.get("card") or "") if isinstance(twitter, dict) else "",
        lang=str(data.get("lang") or ""),
        data=data,
    )


def add_seo_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Write the page's tags into ``metatags``, and its canonical link at
    ``canonical_url`` when the front matter has one. (The ``<title>`` is the
    theme's, "Page — ``html_title``": ``jekyllposts build`` makes that the
    site's title.)"""
    state = site_state(app.env)
    if app.builder.format != "html" or state is None or not seo_enabled(app, state):
        return
    base, site = build_state(app.env).shared_value("seo-site", lambda: _site(app, state))
    record = state.post(pagename) or state.page(pagename)
    if record is not None:
        page = seo_page(app, state, pagename, record, base)
        if "canonical_url" in record.data and page.canonical:
            context["pageurl"] = page.canonical
    elif pagename == app.config.root_doc:
        page = SeoPage(title=site.title, url="/", canonical=base)
    else:
        return
    opengraph = "sphinxext.opengraph" in app.extensions
    tags = head_tags(page, site, open_graph=not opengraph)
    context["metatags"] = context.get("metatags", "") + "\n" + tags


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when the site's part of the tags changed (``_config.yml``'s
    title, twitter, logo...; a page's own part is read again with it)."""
    state = site_state(env)
    if state is None:
        return []
    shown = (seo_enabled(app, state), _site(app, state), "sphinxext.opengraph" in app.extensions)
    return rewritten_when_changed(app, "seo", shown, env.found_docs)


def setup_seo(app: Sphinx) -> None:
    """Write jekyll-seo-tag's tags when each page is written."""
    app.connect("env-updated", pages_to_rewrite)
    app.connect("html-page-context", add_seo_tags, priority=600)
