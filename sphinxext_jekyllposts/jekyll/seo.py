"""What jekyll-seo-tag (2.8, the version GitHub Pages and Jekyll 4.3 sites
have) writes into a page's ``<head>``: the title, the description, Open Graph
and Twitter card tags, and its JSON-LD, from the page's front matter and the
site's ``_config.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config_values import as_text
from .snippets import attribute, script_json

if TYPE_CHECKING:
    import datetime as dt

#: The pages jekyll-seo-tag describes as the web site itself (``/``, ``/about/``).
_HOME = re.compile(r"^/(about/)?(index\.html?)?$")
#: Themes whose own ``<head>`` writes what jekyll-seo-tag does (Chirpy and minima
#: call it; Minimal Mistakes has its own ``seo.html`` with the same tags).
SEO_THEMES = ("minimal-mistakes", "chirpy", "minima")


@dataclass(frozen=True)
class SeoPage:
    """One page, as jekyll-seo-tag sees it (text fields plain, not HTML)."""

    title: str
    url: str
    """The page's URL from the site root (``/2018/05/18/hello.html``)."""
    canonical: str
    """Its absolute URL (front matter ``canonical_url`` wins); ``""`` without one."""
    description: str = ""
    date: dt.datetime | None = None
    modified: dt.datetime | None = None
    image: str = ""
    """The absolute URL of its image, or ``""``."""
    author: str = ""
    author_twitter: str = ""
    twitter_card: str = ""
    lang: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class SeoSite:
    """The site's settings jekyll-seo-tag reads."""

    title: str = ""
    description: str = ""
    lang: str = ""
    twitter_username: str = ""
    twitter_card: str = ""
    logo: str = ""
    """The absolute URL of ``logo``, or ``""``."""
    social_name: str = ""
    social_links: tuple[str, ...] = ()


def seo_site(data: dict[str, Any], absolute: Any) -> SeoSite:
    """:class:`SeoSite` from ``_config.yml``; ``absolute(path)`` makes a site
    path an absolute URL."""
    twitter = data.get("twitter")
    twitter = twitter if isinstance(twitter, dict) else {}
    social = data.get("social")
    social = social if isinstance(social, dict) else {}
    links = social.get("links")
    logo = _text(data.get("logo"))
    return SeoSite(
        title=_text(data.get("title")) or _text(data.get("name")),
        description=_text(data.get("tagline")) or _text(data.get("description")),
        lang=_text(data.get("lang")),
        twitter_username=_text(twitter.get("username")).lstrip("@"),
        twitter_card=_text(twitter.get("card")),
        logo=absolute(logo) if logo else "",
        social_name=_text(social.get("name")),
        social_links=tuple(_text(link) for link in links if _text(link))
        if isinstance(links, list)
        else (),
    )


def schema_type(page: SeoPage) -> str:
    """The JSON-LD ``@type``: the front matter's ``seo.type``, else ``WebSite``
    for the home page, ``BlogPosting`` for a dated page, ``WebPage``."""
    seo = page.data.get("seo")
    if isinstance(seo, dict) and _text(seo.get("type")):
        return _text(seo.get("type"))
    if _HOME.match(page.url):
        return "WebSite"
    return "BlogPosting" if page.date is not None else "WebPage"


def json_ld(page: SeoPage, site: SeoSite) -> dict[str, Any]:
    """The page's JSON-LD, keys sorted, as jekyll-seo-tag writes it."""
    kind = schema_type(page)
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": page.title or site.title,
        "description": page.description or site.description or None,
        "url": page.canonical or None,
    }
    if page.author:
        found["author"] = {"@type": "Person", "name": page.author}
    if page.date is not None:
        found["datePublished"] = page.date.isoformat()
        found["dateModified"] = (page.modified or page.date).isoformat()
    if page.image:
        found["image"] = page.image
    if site.logo:
        publisher: dict[str, Any] = {
            "@type": "Organization",
            "logo": {"@type": "ImageObject", "url": site.logo},
        }
        if page.author:
            publisher["name"] = page.author
        found["publisher"] = publisher
    if kind in ("BlogPosting", "CreativeWork") and page.canonical:
        found["mainEntityOfPage"] = {"@type": "WebPage", "@id": page.canonical}
    if kind == "WebSite":
        found["name"] = site.social_name or site.title or None
        if site.social_links:
            found["sameAs"] = list(site.social_links)
    return {key: found[key] for key in sorted(found) if found[key] is not None}


def head_tags(page: SeoPage, site: SeoSite, *, open_graph: bool = True) -> str:
    """The tags jekyll-seo-tag writes besides ``<title>`` and the canonical link
    (which the page already has); ``open_graph=False`` leaves out what
    sphinxext-opengraph writes (``og:*`` and the description)."""
    tags: list[tuple[str, str, str]] = []
    page_title = page.title or site.title
    description = page.description or site.description
    if open_graph:
        tags.append(("property", "og:title", page_title))
        if page.author:
            tags.append(("name", "author", page.author))
        locale = (page.lang or site.lang or "en_US").replace("-", "_")
        tags.append(("property", "og:locale", locale))
        if description:
            tags.append(("name", "description", description))
            tags.append(("property", "og:description", description))
        if page.canonical:
            tags.append(("property", "og:url", page.canonical))
        if site.title:
            tags.append(("property", "og:site_name", site.title))
        if page.image:
            tags.append(("property", "og:image", page.image))
        if page.date is not None:
            tags.append(("property", "og:type", "article"))
            tags.append(("property", "article:published_time", page.date.isoformat()))
        else:
            tags.append(("property", "og:type", "website"))
    if page.image:
        card = page.twitter_card or site.twitter_card or "summary_large_image"
        tags.append(("name", "twitter:card", card))
        tags.append(("property", "twitter:image", page.image))
    else:
        tags.append(("name", "twitter:card", "summary"))
    tags.append(("property", "twitter:title", page_title))
    if site.twitter_username:
        tags.append(("name", "twitter:site", "@" + site.twitter_username))
        creator = (page.author_twitter or page.author).lstrip("@")
        if creator:
            tags.append(("name", "twitter:creator", "@" + creator))
    written = [
        f'<meta {kind}="{name}" content="{attribute(content)}" />' for kind, name, content in tags
    ]
    data = script_json(json_ld(page, site))
    written.append(f'<script type="application/ld+json">{data}</script>')
    return "\n".join(written)


def _text(value: object) -> str:
    found = as_text(value)
    return " ".join(found.split()) if found is not None else ""
