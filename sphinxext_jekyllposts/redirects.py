"""Old links keep working: redirect pages at each post's Jekyll URL.

At the end of an HTML build, for every post a small page is written at the
path of its Jekyll URL (both ``/a/b/`` and ``/a/b.html`` forms, CJK and
percent-encoded paths as the files a web server looks for) that sends the
reader to the post's Sphinx page, as jekyll-redirect-from does: meta refresh,
a script, a canonical link and ``noindex``. ``redirect_from:`` paths get the
same; a post with ``redirect_to:`` becomes such a page itself.

No path outside the output folder is ever written (``../``, absolute paths,
drive letters and NUL are refused with a warning), no page Sphinx wrote is
overwritten, two posts claiming the same URL warn, and redirect pages of URLs
that no post has any more are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import posixpath
import re
import urllib.parse
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from .feeds import feed_settings
from .jekyll.problems import ProblemKind
from .output import (
    SITE_BUILDERS,
    name_problem,
    output_file,
    safe_parts,
    shown,
    starts_with,
    write_if_changed,
)
from .page_addresses import JekyllAddressesBuilder, addresses_for, public_uri
from .reporting import warn
from .state import build_state, site_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .catalog import SiteState

MARKER = "<!-- written by sphinxext-jekyllposts: a redirect -->"


def redirect_page(target: str, canonical: str | None) -> str:
    """The HTML of a page that sends the reader to ``target``."""
    url = html.escape(target, quote=True)
    canonical_link = (
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n' if canonical else ""
    )
    script_url = json.dumps(target).replace("<", "\\u003c")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en">\n{MARKER}\n<meta charset="utf-8">\n<title>Redirecting…</title>\n'
        f"{canonical_link}"
        f"<script>location.replace({script_url})</script>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<h1>Redirecting…</h1>\n<a href="{url}">Click here if you are not redirected.</a>\n'
        "</html>\n"
    )


def url_files(url: str, prefix: str = "") -> list[str] | None:
    """The files (relative to the output folder, below the site's folder
    ``prefix``) that serve a site URL, or ``None`` when the URL would lead
    outside the output folder."""
    path = urllib.parse.urlsplit(url).path
    parts = safe_parts(path)
    if parts is None:
        return None
    if not parts:
        return [f"{prefix}index.html"]
    relative = prefix + "/".join(parts)
    suffix = PurePosixPath(relative).suffix
    if path.endswith("/") or suffix in ("", ".html"):
        stem = relative.removesuffix(suffix) if suffix == ".html" else relative
        return [f"{stem}/index.html", f"{stem}.html"]
    # Any other extension is the file's own (an HTML post `/2020/01/01/a.htm`).
    return [relative]


def _redirect_from(value: object, docname: str, line: int) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    warn(
        "redirect_from must be a path or a list of paths; what is not text is ignored",
        ProblemKind.PERMALINK,
        location=(docname, line),
    )
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


class Redirect(NamedTuple):
    """A redirect page to write: the post it sends to, and the URL and front
    matter line that asked for it."""

    docname: str
    url: str
    line: int
    sphinx_path: bool = False
    """Whether this is the post's Sphinx path, where an earlier build may have
    written the post's page itself (which the redirect replaces)."""
    other_form: bool = False
    """Whether this is the other form of the URL of a post written at it
    (``slug.html`` of ``slug/``): given up without a word when the file is taken."""


class _Claim(NamedTuple):
    docname: str
    path: str  # the post's file, for messages
    url: str
    key: str  # "permalink": the post's own Jekyll URL; or "redirect_from"
    line: int


def wanted_redirects(app: Sphinx, state: SiteState) -> dict[str, Redirect]:
    """Each redirect file to write, by its path in the output, warning about
    unsafe URLs, URLs no file can have and URLs claimed twice.

    Who gets a URL claimed twice is who Jekyll serves there: a post's own URL
    wins over any ``redirect_from`` (jekyll-redirect-from's pages are written
    before the posts, which replace them); between two posts' URLs, or two
    ``redirect_from``, the later post (Jekyll writes posts oldest first, and
    the last write stays).
    """
    outdir = Path(app.outdir)
    files: dict[str, list[str]] = {}
    claims: dict[str, _Claim] = {}  # by the first file of the URL, which decides the others
    builder = app.builder
    at_urls = isinstance(builder, JekyllAddressesBuilder) and state.config.jekyll_urls is True
    addresses = addresses_for(builder) if isinstance(builder, JekyllAddressesBuilder) else {}
    for docname, post in [*state.posts(), *state.pages.items()]:
        # A post (or page) written at its Jekyll URL still claims it: the file that is its
        # page is left alone, the URL's other form (``slug.html`` of ``slug/``)
        # sends there, and no other post's redirect_from takes either. A post
        # that could not have its URL (page_addresses warned) claims nothing.
        own = state.config.jekyll_urls and (not at_urls or docname in addresses)
        urls = [(post.url, "permalink")] if own else []
        old_paths = _redirect_from(
            post.data.get("redirect_from"), docname, post.key_lines.get("redirect_from", 1)
        )
        urls += [(url, "redirect_from") for url in old_paths]
        for url, key_name in urls:
            line = post.key_lines.get(key_name, 1)
            found = url_files(url, state.site_docdir)
            if found is None:
                warn(
                    f"{shown(url)!r} would lead outside the output folder or is no valid file "
                    "name; no redirect is written",
                    ProblemKind.PERMALINK,
                    location=(docname, line),
                )
                continue
            problem = next((p for p in (name_problem(f, outdir) for f in found) if p), "")
            if problem and at_urls and key_name == "permalink":
                found = [addresses[docname].file]  # the page's own name is valid
                problem = ""
            if problem:
                warn(
                    f"{shown(url)!r} is no valid file name: {problem}; no redirect is "
                    "written (the post is still at its own page)",
                    ProblemKind.PERMALINK,
                    location=(docname, line),
                )
                continue
            claim = _Claim(docname, post.path, url, key_name, line)
            held = claims.get(found[0])
            if held is not None and held.docname == docname:
                continue  # its own URL again (listed in redirect_from, say)
            if held is not None:
                claim = _settle(held, claim)
            claims[found[0]] = claim
            files[found[0]] = found
    wanted = {
        path: Redirect(
            claim.docname,
            claim.url,
            claim.line,
            other_form=at_urls and claim.key == "permalink",
        )
        for first, claim in claims.items()
        for path in files[first]
    }
    if isinstance(builder, JekyllAddressesBuilder):
        # A post at its Jekyll URL: its Sphinx path (search results, old links) sends there.
        for docname in addresses:
            path = builder.sphinx_output_file(docname)
            taken = wanted.get(path)
            if taken is not None and taken.docname != docname:
                # Search results and old links lead there: it stays the post's.
                warn(
                    f"{shown(taken.url)!r} is the address of the page {docname}; "
                    "no redirect is written over it",
                    ProblemKind.PERMALINK,
                    location=(taken.docname, taken.line),
                )
            wanted[path] = Redirect(docname, "/" + path, 1, sphinx_path=True)
    return wanted


def _settle(held: _Claim, new: _Claim) -> _Claim:
    """Which of two posts' claims on one URL stands (``new`` is the later
    post's), with a warning naming both: at the ``redirect_from`` line that is
    not written when a post's URL wins, else at the later post, which takes the URL."""
    if held.key == new.key == "permalink":
        warn(
            f"{shown(new.url)!r} is also the URL of {held.path}; this post is served there, "
            "as Jekyll serves the later of two posts with one URL",
            ProblemKind.PERMALINK,
            location=(new.docname, new.line),
        )
        return new
    if held.key == new.key:
        warn(
            f"redirect_from {shown(new.url)!r} is also in the redirect_from of {held.path}; "
            "this post's redirect is written there, as Jekyll writes the later post's",
            ProblemKind.PERMALINK,
            location=(new.docname, new.line),
        )
        return new
    post, redirect = (held, new) if held.key == "permalink" else (new, held)
    warn(
        f"redirect_from {shown(redirect.url)!r} is the URL of {post.path}; as in Jekyll, "
        "the post is served there and this redirect is not written",
        ProblemKind.PERMALINK,
        location=(redirect.docname, redirect.line),
    )
    return post


def write_redirects(app: Sphinx, exception: BaseException | None) -> None:
    """Write the redirect pages that changed, remove those no longer wanted.

    A page that cannot be written keeps what it had and its place in the
    record, so that it is tried again and never removed for having failed.
    """
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    state = site_state(app.env)
    if state is None:
        return
    outdir = Path(app.outdir).resolve()
    settings = feed_settings(app, state)
    base_url = settings.base_url if settings is not None else (app.config.html_baseurl or "")
    build = build_state(app.env)
    record = build.written.of("redirects")
    inputs_record = build.written.of("inputs")
    inputs_before, before = inputs_record.get("redirects"), dict(record)
    inputs = _inputs(app, state, base_url)
    if inputs == inputs_before and all(
        os.path.isfile(os.path.join(outdir, p))  # noqa: PTH113, PTH118 (thousands of files)
        for p in before
    ):
        # What decides the redirect pages is as it was, and they are all there:
        # a rebuild with no post's URL changed checks no more than that.
        return
    wanted = wanted_redirects(app, state)
    written: dict[str, str] = {}
    failed = False
    pages = _page_files(app)
    for path, (docname, url, line, sphinx_path, other_form) in sorted(wanted.items()):
        if path in pages:
            # A post's URL may be its own page, or its other form another page: nothing to do.
            if pages[path] != docname and not other_form:
                warn(
                    f"{shown(url)!r} is the address of the page {pages[path]}; "
                    "no redirect is written over it",
                    ProblemKind.PERMALINK,
                    location=(docname, line),
                )
            continue  # a page Sphinx wrote is never replaced
        content = _redirect_to_page(app, docname, path, base_url)
        digest = hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()
        if before.get(path) == digest and (outdir / path).is_file():
            # Written (at a checked path) by the last build and unchanged: the
            # usual case, which needs neither the path checked again nor the file read.
            written[path] = digest
            continue
        target = output_file(outdir, path, resolved=build.resolved_folders)
        if target is None:
            warn(
                f"{shown(url)!r}: {shown(path)} is not a file inside the output folder "
                "(a link leads out of it); no redirect is written",
                ProblemKind.PERMALINK,
                location=(docname, line),
            )
            continue
        if target.is_file() and not sphinx_path and not starts_with(target, MARKER.encode()):
            # Sphinx's (genindex.html, search.html), a theme's or yours: never replaced.
            if not other_form:
                warn(
                    f"{shown(url)!r}: {shown(path)} is a file this extension did not write; "
                    "no redirect is written over it",
                    ProblemKind.PERMALINK,
                    location=(docname, line),
                )
            continue
        if write_if_changed(
            target,
            content.encode("utf-8"),
            what="a redirect page",
            location=(docname, line),
            made=build.made_folders,
        ):
            written[path] = digest
        else:
            failed = True
            if path in before:
                written[path] = before[path]  # still ours, as it was: tried again next time
    _remove_stale(outdir, set(before) - set(wanted), build.resolved_folders)
    if failed:
        inputs = ""  # no shortcut next time: what failed is written again
    record.clear()
    record.update(written)
    inputs_record["redirects"] = inputs


def _redirect_to_page(app: Sphinx, docname: str, path: str, base_url: str) -> str:
    """The redirect page at ``path`` (in the output) to the page of ``docname``."""
    page = app.builder.get_target_uri(docname)
    relative = posixpath.relpath(page, posixpath.dirname(path) or ".")
    if page.endswith("/") and not relative.endswith("/"):
        relative += "/"
    public = public_uri(app, docname)
    canonical = (base_url.rstrip("/") + "/" + _quote(public)) if base_url else None
    return redirect_page(_quote(relative), canonical)


def _remove_stale(outdir: Path, paths: set[str], resolved: dict[Path, Path]) -> None:
    """Delete the redirect pages no longer wanted (those we wrote only)."""
    for path in paths:
        stale = output_file(outdir, path, resolved=resolved)
        if stale is not None and stale.is_file() and starts_with(stale, MARKER.encode()):
            with contextlib.suppress(OSError):
                stale.unlink()


def _page_files(app: Sphinx) -> dict[str, str]:
    """The file of each page Sphinx writes (relative to the output folder) to its docname."""
    output_path = getattr(app.builder, "get_output_path", None)
    outdir = Path(app.outdir)
    files = {}
    for docname in app.env.found_docs:
        if output_path is not None:
            relative = os.path.relpath(output_path(docname), outdir).replace(os.sep, "/")
        else:
            relative = app.builder.get_target_uri(docname)
        files[relative] = docname
    return files


def _inputs(app: Sphinx, state: SiteState, base_url: str) -> str:
    """A digest of everything the redirect pages are made from."""
    digest = hashlib.sha1(usedforsecurity=False)
    settings = (app.builder.name, base_url, state.config.jekyll_urls, sorted(app.env.found_docs))
    digest.update(repr(settings).encode("utf-8"))
    for docname, post in [*state.posts(), *state.pages.items()]:
        old = post.data.get("redirect_from")  # any YAML: only what is used counts
        paths = [old] if isinstance(old, str) else old if isinstance(old, list) else []
        strings = [path for path in paths if isinstance(path, str)]
        digest.update(repr((docname, post.url, strings)).encode("utf-8"))
    return digest.hexdigest()


def redirect_to(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """A post with ``redirect_to:`` keeps its page, which now sends readers on."""
    state = site_state(app.env)
    post = state.post(pagename) if state is not None else None
    if post is None:
        return
    target = post.data.get("redirect_to")
    if isinstance(target, list) and target:
        target = target[0]
    if not isinstance(target, str) or not target.strip():
        return
    target = target.strip()
    if not re.match(r"^(https?:)?//|^/", target):
        warn(
            f"redirect_to: {target!r} is not an http(s) URL or a site path; ignored",
            ProblemKind.PERMALINK,
            location=(pagename, 1),
        )
        return
    escaped = html.escape(target, quote=True)
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta http-equiv="refresh" content="0; url={escaped}">'
        + '\n<meta name="robots" content="noindex">'
    )
    link = f'<a href="{escaped}">{escaped}</a>'
    context["body"] = f'<p class="jekyllposts-redirect">This post has moved to {link}.</p>'


def _quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/#%")


def setup_redirects(app: Sphinx) -> None:
    """Write redirects from Jekyll URLs and ``redirect_from``; honour ``redirect_to``."""
    app.connect("html-page-context", redirect_to)
    app.connect("build-finished", write_redirects)
