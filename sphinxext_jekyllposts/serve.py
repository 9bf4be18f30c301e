"""``jekyllposts serve``: build a Jekyll site, serve it, rebuild it on changes.

As ``jekyll serve`` does: a first build, then the site served at
``http://127.0.0.1:4000`` under its ``baseurl``, and an incremental rebuild
(``jekyllposts build``'s, :func:`~sphinxext_jekyllposts.cli.build_site`) after
every change to the site folder, with the page reloaded in the browser when
asked. The watcher, the rebuild in a child process and the live reload are
sphinx-autobuild's (through ``_compat/autobuild.py``); the server is uvicorn
with Starlette's static files, as sphinx-autobuild serves.
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ._compat.autobuild import RELOAD_PATH, Watcher, live_reload, rebuild_without_fork
from .cli import (
    PROG,
    add_site_options,
    build_site,
    check_site,
    output_folder_refusal,
    site_settings,
)
from .jekyll.files import real_path
from .jekyll.site import load_site_settings
from .reporting import printable
from .site_copy import NOT_MIRRORED, NOT_MIRRORED_PATHS

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import FrameType

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import RequestResponseEndpoint
    from starlette.requests import Request
    from starlette.responses import Response

#: Where ``jekyll serve`` listens.
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 4000

#: Names of the files editors write next to the one being edited.
_EDITOR_NAMES = frozenset({"4913", ".DS_Store"})
_EDITOR_SUFFIXES = (
    ".swp",
    ".swo",
    ".swx",
    ".tmp",
    "~",
    ".kate-swp",
    "___jb_tmp___",
    "___jb_old___",
)


def add_serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the ``jekyllposts`` commands."""
    serve = commands.add_parser(
        "serve",
        help="build the site, serve it and rebuild it on every change",
        description=(
            "Build a Jekyll site as 'jekyllposts build' does, serve it under its baseurl "
            f"(http://{DEFAULT_HOST}:{DEFAULT_PORT}/ by default) and rebuild it, "
            "incrementally, whenever a file of the site folder changes. Ctrl-C stops it."
        ),
    )
    serve.add_argument(
        "site",
        metavar="SITE_DIR",
        type=Path,
        nargs="?",
        default=Path(),
        help="the Jekyll site folder (default: .)",
    )
    serve.add_argument("-H", "--host", default=DEFAULT_HOST, help=f"default: {DEFAULT_HOST}")
    serve.add_argument(
        "-P", "--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}; 0: any"
    )
    serve.add_argument(
        "-d",
        "--destination",
        type=Path,
        metavar="DIR",
        help="where the built site goes (default: a temporary folder, removed on exit)",
    )
    serve.add_argument(
        "-l", "--livereload", action="store_true", help="reload the page after each rebuild"
    )
    serve.add_argument("-o", "--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--theme", help="HTML theme when there is no conf.py (default: alabaster)")
    serve.add_argument("-q", "--quiet", action="store_true", help="show only warnings")
    add_site_options(serve)
    serve.set_defaults(
        run=_serve,
        builder="html",
        jobs="1",
        fresh=False,
        fail_on_warning=False,
        # As `jekyll serve`: no comments (nor analytics) while writing.
        environment=os.environ.get("JEKYLL_ENV") or "development",
    )


@dataclass
class _Stop:
    """A signal handler that stops the server (SIGTERM as Ctrl-C does), and
    remembers that it did: Sphinx turns a KeyboardInterrupt in a build into
    a failed build."""

    signals: list[int] = field(default_factory=list)

    def __call__(self, signum: int, frame: FrameType | None) -> NoReturn:
        self.signals.append(signum)
        raise KeyboardInterrupt


def _serve(args: argparse.Namespace) -> int:
    site = Path(real_path(args.site))
    if not check_site(site):
        return 2
    try:
        site_settings(args)[0].zone  # noqa: B018 (validates the zone name)
    except ValueError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    if args.destination is not None:
        out = Path(real_path(args.destination))
        refusal = output_folder_refusal(site, out, "--destination")
        if refusal:
            print(f"{PROG}: error: {refusal}", file=sys.stderr)
            return 2
    try:
        listening = _listen(args.host, args.port)
    except OSError as error:
        where = f"{args.host}:{args.port}"
        print(
            f"{PROG}: error: cannot listen on {where}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    stop = _Stop()
    previous = signal.signal(signal.SIGTERM, stop)
    temporary = args.destination is None
    if temporary:
        out = Path(real_path(tempfile.mkdtemp(prefix="jekyllposts-serve-")))
    descriptor, status_name = tempfile.mkstemp(prefix="jekyllposts-serve-status-")
    os.close(descriptor)
    try:
        _run(args, (site, out, Path(status_name)), listening, stop)
    except KeyboardInterrupt:
        print(f"{PROG}: stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        listening.close()
        Path(status_name).unlink(missing_ok=True)
        if temporary:
            shutil.rmtree(out, ignore_errors=True)
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before the first build (a port in use is
    reported at once, and a browser opened early waits for the build)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)


def _run(
    args: argparse.Namespace,
    paths: tuple[Path, Path, Path],
    listening: socket.socket,
    stop: _Stop,
) -> None:
    """Build, then serve and rebuild; ``paths``: the site, the output folder and
    the file the builds' status is kept in."""
    site, out, status = paths
    import uvicorn  # noqa: PLC0415 (only serve needs the server)

    port = listening.getsockname()[1]
    shown_host = "localhost" if args.host in ("", "0.0.0.0", "::") else args.host
    host = f"[{shown_host}]:{port}" if ":" in shown_host else f"{shown_host}:{port}"
    prefix = _baseurl(site)
    url = f"http://{host}{prefix}/"
    rebuild = Rebuild(args, site, out, url, status)
    print(f"{PROG}: building {printable(str(site))} into {printable(str(out))}", flush=True)
    interrupt = signal.signal(signal.SIGINT, stop)
    try:
        exit_status = rebuild.build()
    finally:
        signal.signal(signal.SIGINT, interrupt)
    if stop.signals:  # Ctrl-C in the first build
        raise KeyboardInterrupt
    rebuild.report(exit_status)
    app = _app(site, out, prefix, rebuild, host if args.livereload else "")
    if args.open:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    print(f"{PROG}: serving {url} (Ctrl-C to stop)", flush=True)
    rebuild_without_fork([__name__])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    server.run(sockets=[listening])


def _baseurl(site: Path) -> str:
    """The site's ``baseurl`` as a path prefix: ``""`` or ``/blog``."""
    baseurl = load_site_settings(site)[0].baseurl.strip().strip("/")
    return f"/{baseurl}" if baseurl else ""


def _app(site: Path, out: Path, prefix: str, rebuild: Rebuild, reload_host: str) -> Starlette:
    from starlette.applications import Starlette  # noqa: PLC0415
    from starlette.responses import RedirectResponse  # noqa: PLC0415
    from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute  # noqa: PLC0415
    from starlette.staticfiles import StaticFiles  # noqa: PLC0415

    watcher = Watcher(site, Ignored(site, out), rebuild)
    routes: list[BaseRoute] = [WebSocketRoute(RELOAD_PATH, watcher.endpoint)]
    if prefix:

        async def to_baseurl(_request: object) -> RedirectResponse:
            return RedirectResponse(f"{prefix}/")

        routes.append(Route("/", to_baseurl))
    routes.append(Mount(prefix or "/", app=StaticFiles(directory=out, html=True)))
    middleware = [live_reload(reload_host)] if reload_host else []
    middleware.append(build_error_middleware(rebuild.status, bool(reload_host)))
    return Starlette(routes=routes, middleware=middleware, lifespan=watcher.lifespan)


@dataclass(frozen=True)
class Ignored:
    """Whether a changed path is one no rebuild needs: the output folder, a
    folder Jekyll never reads from (``.git``, ``_site``, ``.jekyll-cache``,
    ``node_modules``, ...) or an editor's temporary file."""

    site: Path
    out: Path

    def __call__(self, changed: str) -> bool:
        path = Path(changed)
        if path.is_relative_to(self.out):
            return True
        parts = path.relative_to(self.site).parts if path.is_relative_to(self.site) else ()
        if NOT_MIRRORED.intersection(parts[:-1]) or "/".join(parts[:2]) in NOT_MIRRORED_PATHS:
            return True
        name = path.name
        return (
            name in NOT_MIRRORED
            or name in _EDITOR_NAMES
            or name.endswith(_EDITOR_SUFFIXES)
            or name.startswith(".#")
            or (name.startswith("#") and name.endswith("#"))
        )


@dataclass(frozen=True)
class Rebuild:
    """One build of the site into the output folder; a failed build leaves the
    last good output served and says so. sphinx-autobuild calls it in a child
    process (it pickles), so each rebuild starts from what is on disk."""

    args: argparse.Namespace
    site: Path
    out: Path
    url: str
    status: Path
    """A file outside the output folder: empty after a good build, else what
    went wrong, which the server shows in place of every page."""

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> None:
        if changed_paths:
            # An editor's temporary files come and go: name what is there.
            names = list(dict.fromkeys(_shown(p, self.site) for p in changed_paths if p.exists()))
            more = " ..." if len(names) > 5 else ""
            shown = ", ".join(names[:5]) or "files removed"
            print(f"{PROG}: changed: {shown}{more}; rebuilding", flush=True)
        self.report(self.build())

    def build(self) -> int:
        """Build; the exit status."""
        try:
            return build_site(self.args, self.site, self.out)
        except Exception:  # a crash in a build must not stop the server
            traceback.print_exc()
            return 1

    def report(self, status: int) -> None:
        """Say how the build went, in the terminal and to the server."""
        if status:
            message = f"the build failed (exit status {status})"
            print(
                f"{PROG}: error: {message}; {self.url} shows an error page until a change fixes it",
                file=sys.stderr,
                flush=True,
            )
        else:
            message = ""
            print(f"{PROG}: built; serving {self.url}", flush=True)
        sys.stdout.flush()
        with contextlib.suppress(OSError):
            self.status.write_text(message, "utf-8")


ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>The build failed</h1>
<p>{message}. The terminal running <code>jekyllposts serve</code> shows why;
this page is served in place of every page until a change fixes it{reload}.</p>
</body></html>
"""


def build_error_middleware(status: Path, livereload: bool) -> Middleware:
    """What answers a request for a page while the last build failed: an error
    page (HTTP 500) that says so, instead of the output of an earlier build."""
    from starlette.middleware import Middleware  # noqa: PLC0415
    from starlette.middleware.base import BaseHTTPMiddleware  # noqa: PLC0415
    from starlette.responses import HTMLResponse  # noqa: PLC0415

    async def dispatch(request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            message = status.read_text("utf-8")
        except OSError:
            message = ""
        path = request.url.path
        page = path.endswith(("/", ".html", ".htm")) or "." not in path.rsplit("/", 1)[-1]
        if not message or not page:
            return await call_next(request)
        reload = " (it reloads by itself)" if livereload else ""
        text = ERROR_PAGE.format(message=html.escape(message.capitalize()), reload=reload)
        return HTMLResponse(text, status_code=500)

    return Middleware(BaseHTTPMiddleware, dispatch=dispatch)


def _shown(path: Path, site: Path) -> str:
    shown = path.relative_to(site) if path.is_relative_to(site) else path
    return printable(shown.as_posix())
