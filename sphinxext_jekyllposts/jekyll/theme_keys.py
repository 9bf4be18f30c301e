"""Which theme a site follows (:func:`theme_family`), and what the popular
themes read from a post's front matter beside Jekyll's own keys: a subtitle,
header and teaser images, pinned and hidden posts, a table of contents. Each
post function takes the front matter (defaults merged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config_values import as_text
from .frontmatter import ruby_truthy

#: The themes whose keys are read, as :func:`theme_family` names them.
FAMILIES = ("minimal-mistakes", "chirpy", "minima")


def theme_family(data: dict[str, Any]) -> str:
    """Which theme's comment rules a site follows: its ``theme`` or
    ``remote_theme``, else the keys it has."""
    for key in ("theme", "remote_theme"):
        name = (as_text(data.get(key)) or "").lower()
        for family in FAMILIES:
            if family in name:
                return family
    comments = data.get("comments")
    if isinstance(comments, dict):
        giscus = comments.get("giscus")
        if "active" in comments or (isinstance(giscus, dict) and "repo" in giscus):
            return "chirpy"
        if "provider" in comments:
            return "minimal-mistakes"
    return ""


@dataclass(frozen=True)
class Image:
    """An image a theme shows for a post: its path or URL as written, and its text."""

    path: str
    alt: str = ""


def _text(value: object) -> str:
    found = as_text(value)
    return " ".join(found.split()) if found is not None else ""


def _image(value: object, alt: str = "") -> Image | None:
    """``value`` as an image: a path, or Chirpy's ``{path, alt}``."""
    if isinstance(value, dict):
        path = _text(value.get("path")) or _text(value.get("url")) or _text(value.get("src"))
        return Image(path, _text(value.get("alt")) or alt) if path else None
    path = _text(value)
    return Image(path, alt) if path else None


def _header(data: dict[str, Any]) -> dict[str, Any]:
    header = data.get("header")
    return header if isinstance(header, dict) else {}


def header_image(data: dict[str, Any], family: str = "") -> Image | None:
    """The image at the top of the post: Minimal Mistakes' ``header.overlay_image``
    or ``header.image``, Clean Blog's ``header-img``; with Chirpy (``family``),
    its ``image`` (``image.path``), which other themes only share (``og:image``)."""
    header = _header(data)
    alt = _text(header.get("image_description"))
    for value in (header.get("overlay_image"), header.get("image")):
        found = _image(value, alt)
        if found is not None:
            return found
    if family == "chirpy":
        found = _image(data.get("image"))
        if found is not None:
            return found
    return _image(data.get("header-img"))


def image_url(image: Image, data: dict[str, Any], site: dict[str, Any]) -> Image:
    """``image`` where Chirpy serves it: a relative path below the post's
    ``media_subpath`` (``img_path`` before Chirpy 7), then a site path on the
    site's ``img_cdn``."""
    path = image.path
    if "://" in path or path.startswith("//"):
        return image
    subpath = _text(data.get("media_subpath")) or _text(data.get("img_path"))
    if subpath and not path.startswith("/"):
        path = subpath.rstrip("/") + "/" + path
    cdn = _text(site.get("img_cdn"))
    if cdn and path.startswith("/"):
        path = cdn.rstrip("/") + path
    return Image(path, image.alt)


def share_image(data: dict[str, Any]) -> Image | None:
    """The image a link to the post shows (``og:image``): ``image``, else
    Minimal Mistakes' ``header.og_image``, ``header.image``, ``header.teaser``;
    else the top image."""
    header = _header(data)
    for value in (data.get("image"), header.get("og_image"), header.get("image")):
        found = _image(value)
        if found is not None:
            return found
    return _image(header.get("teaser")) or header_image(data)


def teaser_image(data: dict[str, Any], family: str = "") -> Image | None:
    """The image a listing shows for the post: Minimal Mistakes' ``header.teaser``,
    else its header image."""
    return _image(_header(data).get("teaser")) or header_image(data, family)


def subtitle(data: dict[str, Any]) -> str:
    """The post's ``subtitle`` (Clean Blog, Hydejack, Beautiful Jekyll), as text."""
    return _text(data.get("subtitle"))


def pinned(data: dict[str, Any]) -> bool:
    """Whether the post is listed first: Chirpy's ``pin: true``, or ``sticky: true``."""
    return any(data.get(key) is True or data.get(key) == "true" for key in ("pin", "sticky"))


def hidden(data: dict[str, Any]) -> bool:
    """Whether the post is left out of listings but built (Chirpy's ``hidden: true``)."""
    value = data.get("hidden")
    return value is True or value == "true"


def wants_toc(data: dict[str, Any], site: dict[str, Any], family: str) -> bool:
    """Whether the post shows a table of contents: its ``toc: true`` (Minimal
    Mistakes and most themes); with Chirpy, the site's ``toc`` (on by default)
    unless the post says ``toc: false``."""
    if family == "chirpy":
        own = data.get("toc")
        if own is not None:
            return ruby_truthy(own) and own != "false"
        return site.get("toc", True) is not False
    return data.get("toc") is True or data.get("toc") == "true"
