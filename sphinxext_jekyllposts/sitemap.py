"""``sitemap.xml`` as jekyll-sitemap writes it, when the site's ``plugins``
list it: every post and page at its Jekyll URL, with ``<lastmod>`` (a post's
last modification, else its date; a page's ``last_modified_at``), without
those whose front matter says ``sitemap: false``; and a ``robots.txt``
pointing to it when the site has none.

With sphinx-sitemap in ``extensions`` it writes the sitemap instead (the
posts reach it at their Jekyll URLs): one sitemap, never two.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .feeds import absolute, base_url
from .jekyll.dates import date_from_yaml
from .jekyll.problems import ProblemKind
from .modified import modified_date
from .output import SITE_BUILDERS, output_file, starts_with, write_if_changed
from .page_addresses import public_uri
from .reporting import warn
from .state import build_state, site_state

if TYPE_CHECKING:
    import datetime as dt

    from sphinx.application import Sphinx

    from .catalog import SiteState

PLUGIN = "jekyll-sitemap"
GENERATOR = "<!-- written by sphinxext-jekyllposts (jekyll-sitemap) -->"
_LEFT_OUT = ("search", "genindex", "py-modindex")


def sitemap_entries(app: Sphinx, state: SiteState, base: str) -> list[tuple[str, str]]:
    """The sitemap's ``(loc, lastmod)`` pairs (``lastmod`` may be ``""``), in
    the order of the URLs."""
    zone = state.catalog.settings.zone
    entries = []
    for docname in sorted(app.env.found_docs):
        if docname.rsplit("/", 1)[-1] in _LEFT_OUT:
            continue
        post = state.post(docname)
        record = post or state.page(docname)
        data = record.data if record is not None else {}
        if data.get("sitemap") is False:
            continue
        lastmod: dt.datetime | None = None
        if post is not None:
            lastmod = modified_date(app.env, docname) or post.date
        elif data.get("last_modified_at") is not None:
            lastmod = date_from_yaml(data["last_modified_at"], zone)
        uri = public_uri(app, docname)
        entries.append((absolute(base, uri), lastmod.isoformat() if lastmod else ""))
    return sorted(entries)


def sitemap_xml(entries: list[tuple[str, str]]) -> bytes:
    """The ``urlset`` of ``entries``."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        GENERATOR,
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, lastmod in entries:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{modified}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``sitemap.xml`` (and ``robots.txt``) for a site with jekyll-sitemap."""
    state = site_state(app.env)
    if (
        exception is not None
        or app.builder.name not in SITE_BUILDERS
        or state is None
        or PLUGIN not in state.catalog.settings.plugins
        or "sphinx_sitemap" in app.extensions
    ):
        return
    base = base_url(app.config.html_baseurl, state.catalog.settings)
    if not base:
        warn(
            "jekyll-sitemap: no sitemap.xml is written: a sitemap needs absolute URLs; set "
            "html_baseurl in conf.py (or url in _config.yml)",
            ProblemKind.CONFIG,
        )
        return
    outdir = Path(app.outdir)
    build = build_state(app.env)
    target = output_file(outdir, "sitemap.xml", resolved=build.resolved_folders)
    if target is None or (target.is_file() and not _ours(target)):
        warn("sitemap.xml exists and is not this extension's; not replaced", ProblemKind.CONFIG)
        return
    xml = sitemap_xml(sitemap_entries(app, state, base))
    write_if_changed(target, xml, what="the sitemap", made=build.made_folders)
    robots = output_file(outdir, "robots.txt", resolved=build.resolved_folders)
    if robots is not None and not (state.site_dir / "robots.txt").exists():
        text = f"Sitemap: {absolute(base, 'sitemap.xml')}\n"
        write_if_changed(robots, text.encode("utf-8"), what="robots.txt", made=build.made_folders)


def _ours(path: Path) -> bool:
    prefix = b'<?xml version="1.0" encoding="UTF-8"?>\n' + GENERATOR.encode()
    return starts_with(path, prefix)


def setup_sitemap(app: Sphinx) -> None:
    """Write jekyll-sitemap's files when the build is done."""
    app.connect("build-finished", write_sitemap)
