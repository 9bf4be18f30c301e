"""Web analytics as the site's theme turns them on in ``_config.yml``, and the
snippet each writes into every page's ``<head>``.

- minima: ``google_analytics: G-…`` (gtag.js, as minima 2.5-stable writes it).
- Minimal Mistakes: ``analytics.provider: google-gtag`` with
  ``analytics.google.tracking_id`` and ``anonymize_ip``; ``google`` and
  ``google-universal`` are Google's retired ga.js and analytics.js (warned
  about, not written); ``custom`` is the site's own include (warned about).
- Chirpy: ``analytics.google.id``, ``.goatcounter.id``, ``.umami.id`` and
  ``.domain``, ``.cloudflare.id``, ``.matomo.id`` and ``.domain``,
  ``.fathom.id`` (each one set is written); before Chirpy 5,
  ``google_analytics.id``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .config_values import as_text
from .frontmatter import ruby_truthy
from .snippets import attribute, script_string

if TYPE_CHECKING:
    from collections.abc import Callable

#: Chirpy's trackers, each with the keys it needs.
CHIRPY = MappingProxyType(
    {
        "google": ("id",),
        "goatcounter": ("id",),
        "umami": ("id", "domain"),
        "cloudflare": ("id",),
        "matomo": ("id", "domain"),
        "fathom": ("id",),
    }
)
_RETIRED = ("google", "google-universal")


@dataclass(frozen=True)
class Tracker:
    """One analytics snippet: its provider and the settings it is written with."""

    provider: str
    id: str
    domain: str = ""
    anonymize_ip: bool = False


def _text(value: object) -> str:
    found = as_text(value)
    return found.strip() if found is not None else ""


def analytics_of(data: dict[str, Any], warn: Callable[[str, str], None]) -> tuple[Tracker, ...]:
    """The trackers ``_config.yml`` (``data``) turns on; each problem is given
    to ``warn(message, top_level_key)`` and its tracker left out."""
    found: list[Tracker] = []
    minima = data.get("google_analytics")
    if isinstance(minima, dict):  # Chirpy before 5
        minima = minima.get("id")
    if _text(minima):
        found.append(Tracker("google", _text(minima)))
    block = data.get("analytics")
    if not isinstance(block, dict):
        return tuple(found)
    if "provider" in block:
        return (*found, *_minimal_mistakes(block, warn))
    for provider, needs in CHIRPY.items():
        keys = block.get(provider)
        if not isinstance(keys, dict) or not any(_text(keys.get(k)) for k in needs):
            continue
        missing = [k for k in needs if not _text(keys.get(k))]
        if missing:
            warn(f"analytics: {provider} needs {', '.join(missing)}; it is left out", "analytics")
            continue
        found.append(Tracker(provider, _text(keys.get("id")), _text(keys.get("domain"))))
    return tuple(found)


def _minimal_mistakes(block: dict[str, Any], warn: Callable[[str, str], None]) -> list[Tracker]:
    provider = _text(block.get("provider")).lower()
    if provider in ("", "false"):
        return []
    if provider in _RETIRED:
        warn(
            f"analytics: provider {provider!r} is Google's retired Universal Analytics "
            "(it collects nothing since 2023); no snippet is written: use 'google-gtag' "
            "with a G- measurement id",
            "analytics",
        )
        return []
    if provider != "google-gtag":
        warn(
            f"analytics: provider {provider!r} is not supported ('google-gtag' is); "
            "no snippet is written",
            "analytics",
        )
        return []
    google = block.get("google")
    google = google if isinstance(google, dict) else {}
    tracking_id = _text(google.get("tracking_id"))
    if not tracking_id:
        warn("analytics: google-gtag needs google.tracking_id; no snippet is written", "analytics")
        return []
    return [Tracker("google", tracking_id, anonymize_ip=ruby_truthy(google.get("anonymize_ip")))]


def tracker_html(tracker: Tracker) -> str:
    """The snippet of ``tracker``, as its theme writes it."""
    ident, domain = script_string(tracker.id), tracker.domain.removeprefix("https://").strip("/")
    if tracker.provider == "google":
        options = ", { 'anonymize_ip': true }" if tracker.anonymize_ip else ""
        source = "https://www.googletagmanager.com/gtag/js?id=" + tracker.id
        return (
            f'<script async src="{attribute(source)}"></script>\n'
            "<script>window.dataLayer = window.dataLayer || [];\n"
            "function gtag(){dataLayer.push(arguments);}\n"
            f"gtag('js', new Date()); gtag('config', {ident}{options});</script>"
        )
    if tracker.provider == "goatcounter":
        counter = f"https://{tracker.id}.goatcounter.com/count"
        return (
            f'<script async src="https://gc.zgo.at/count.js" '
            f'data-goatcounter="{attribute(counter)}"></script>'
        )
    if tracker.provider == "umami":
        return (
            f'<script defer src="{attribute(f"https://{domain}/script.js")}" '
            f'data-website-id="{attribute(tracker.id)}"></script>'
        )
    if tracker.provider == "cloudflare":
        beacon = json.dumps({"token": tracker.id})
        return (
            '<script defer src="https://static.cloudflareinsights.com/beacon.min.js" '
            f'data-cf-beacon="{attribute(beacon)}"></script>'
        )
    if tracker.provider == "matomo":
        return (
            "<script>var _paq = window._paq = window._paq || [];\n"
            "_paq.push(['trackPageView']); _paq.push(['enableLinkTracking']);\n"
            f"(function () {{ var u = {script_string('//' + domain + '/')};\n"
            "_paq.push(['setTrackerUrl', u + 'matomo.php']);\n"
            f"_paq.push(['setSiteId', {ident}]);\n"
            "var d = document, g = d.createElement('script'), "
            "s = d.getElementsByTagName('script')[0];\n"
            "g.async = true; g.src = u + 'matomo.js'; s.parentNode.insertBefore(g, s); })();"
            "</script>"
        )
    if tracker.provider == "fathom":
        return (
            '<script src="https://cdn.usefathom.com/script.js" '
            f'data-site="{attribute(tracker.id)}" defer></script>'
        )
    return ""
