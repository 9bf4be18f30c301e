"""sphinx-autobuild's watcher and live reload, which it does not document.

sphinx-autobuild documents only its command line; ``jekyllposts serve`` needs
its pieces to build a mirror of the site, not a Sphinx source folder, and to
serve the output under the site's ``baseurl``. It relies on (checked with
sphinx-autobuild 2024.10.3 and 2025.8.25):

- ``sphinx_autobuild.server.RebuildServer(paths, ignore_filter, change_callback)``:
  watches ``paths`` with watchfiles, leaves out every path for which
  ``ignore_filter(path)`` is true, calls ``change_callback(changed_paths=[...])``
  in a child process (a ``ProcessPoolExecutor``: the callback must pickle)
  after each batch of changes, then tells every page open on its websocket
  to reload; ``lifespan`` is the Starlette lifespan that runs the watcher,
  and the object itself is the websocket endpoint;
- ``sphinx_autobuild.middleware.JavascriptInjectorMiddleware(app, ws_url)``:
  adds a script to every HTML response that opens
  ``ws://{ws_url}/websocket-reload`` and reloads the page on a message;
- ``RebuildServer`` makes its ``ProcessPoolExecutor()`` with the default
  start method, which :func:`rebuild_without_fork` changes: forking the
  server's process (it runs watchfiles' thread) may deadlock the child, and
  Python 3.12+ warns of it.

``tests/test_compat_autobuild.py`` fails, naming the change, when a release
changes any of it.
"""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING, Any

from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.middleware import Middleware

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractAsyncContextManager
    from pathlib import Path

    from starlette.types import ASGIApp

#: The path of the websocket that the live reload script opens.
RELOAD_PATH = "/websocket-reload"


class Watcher:
    """sphinx-autobuild's ``RebuildServer``: the watcher, the rebuild in a
    child process and the websocket that reloads the pages."""

    def __init__(
        self,
        folder: Path,
        ignored: Callable[[str], bool],
        rebuild: Callable[..., None],
    ) -> None:
        self._server: Any = RebuildServer([folder], ignored, change_callback=rebuild)

    @property
    def endpoint(self) -> ASGIApp:
        """The websocket endpoint, for a route at ``RELOAD_PATH``."""
        endpoint: ASGIApp = self._server
        return endpoint

    def lifespan(self, app: object) -> AbstractAsyncContextManager[None]:
        """The Starlette lifespan that runs the watcher while the server runs."""
        lifespan: AbstractAsyncContextManager[None] = self._server.lifespan(app)
        return lifespan


def live_reload(host: str) -> Middleware:
    """The middleware that adds sphinx-autobuild's reload script to every HTML
    page, for a server the browser reaches at ``host`` (``name:port``)."""
    return Middleware(JavascriptInjectorMiddleware, ws_url=host)


def rebuild_without_fork(preload: list[str]) -> None:
    """Have sphinx-autobuild's rebuilds forked from a forkserver (a process
    with one thread, which has imported ``preload``), not from this process,
    where platforms have one (spawned processes elsewhere, as by default)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.set_forkserver_preload(preload)
        multiprocessing.set_start_method("forkserver", force=True)
