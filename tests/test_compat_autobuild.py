"""What ``_compat/autobuild.py`` relies on in sphinx-autobuild, which does not
document it: each test names the behaviour that a release changed."""

from __future__ import annotations

import asyncio
import functools
import inspect
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from sphinxext_jekyllposts._compat.autobuild import RELOAD_PATH, Watcher, live_reload

WAIT = 60
PROJECT = Path(__file__).parents[1]


def test_rebuild_server_takes_paths_an_ignore_filter_and_a_callback():
    parameters = list(inspect.signature(RebuildServer).parameters)
    assert parameters[:3] == ["paths", "ignore_filter", "change_callback"], (
        "RebuildServer(paths, ignore_filter, change_callback) changed"
    )
    assert callable(RebuildServer.lifespan), "RebuildServer.lifespan is gone"
    assert inspect.iscoroutinefunction(RebuildServer.__call__), (
        "RebuildServer is no longer the websocket's ASGI endpoint"
    )


def test_rebuilds_run_in_a_pool_of_the_default_start_method():
    source = inspect.getsource(RebuildServer.watch)
    assert "ProcessPoolExecutor()" in source, (
        "RebuildServer no longer makes its pool with the default start method: "
        "rebuild_without_fork does not choose it"
    )


def test_rebuild_without_fork_chooses_the_forkserver(tmp_path):
    script = (
        "import multiprocessing\n"
        "from sphinxext_jekyllposts._compat.autobuild import rebuild_without_fork\n"
        "rebuild_without_fork(['json'])\n"
        "print(multiprocessing.get_start_method())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    expected = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
    assert result.stdout.strip() == (expected or multiprocessing.get_start_method())


def test_the_injector_takes_the_websocket_host():
    parameters = list(inspect.signature(JavascriptInjectorMiddleware).parameters)
    assert parameters == ["app", "ws_url"], "JavascriptInjectorMiddleware(app, ws_url) changed"


def _record(marker: Path, *, changed_paths) -> None:
    """The rebuild: run in sphinx-autobuild's child process, so it writes down
    what it was told."""
    names = sorted(Path(path).name for path in changed_paths)
    with marker.open("a", encoding="utf-8") as file:
        file.write(" ".join(names) + "\n")


async def _until(condition, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        assert loop.time() < deadline, what
        await asyncio.sleep(0.1)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_change_runs_the_callback_with_the_changed_paths_and_reloads_the_pages(tmp_path):
    watched = tmp_path / "site"
    watched.mkdir()
    marker = tmp_path / "rebuilds.txt"
    watcher = Watcher(
        watched, lambda path: path.endswith(".swp"), functools.partial(_record, marker)
    )
    sent: list[dict] = []

    async def scenario() -> None:
        connect: asyncio.Queue[dict] = asyncio.Queue()
        await connect.put({"type": "websocket.connect"})

        async def send(message: dict) -> None:
            sent.append(message)

        async with watcher.lifespan(None):
            scope = {"type": "websocket", "path": RELOAD_PATH, "headers": []}
            socket = asyncio.create_task(watcher.endpoint(scope, connect.get, send))
            await _until(lambda: sent, "the reload websocket did not accept the page")
            await asyncio.sleep(1)  # the watcher starts
            (watched / "post.md.swp").write_text("ignored", "utf-8")
            (watched / "post.md").write_text("changed", "utf-8")
            await _until(marker.exists, "no rebuild after a change: change_callback not called")
            await _until(
                lambda: any(m.get("type") == "websocket.send" for m in sent),
                "the page was not told to reload after the rebuild",
            )
            await connect.put({"type": "websocket.disconnect", "code": 1000})
            await socket

    asyncio.run(scenario())
    assert marker.read_text("utf-8").split() == ["post.md"], (
        "change_callback(changed_paths=...) got other paths, or the ignore filter was not used"
    )
    assert sent[0]["type"] == "websocket.accept"


def test_the_reload_script_is_added_to_html_pages():
    async def page(_request):
        return HTMLResponse("<p>hello</p>")

    app = Starlette(routes=[Route("/", page)], middleware=[live_reload("example:4000")])
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("example", 4000),
        "root_path": "",
        "http_version": "1.1",
    }
    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    assert body.startswith(b"<p>hello</p>")
    assert f"ws://example:4000{RELOAD_PATH}".encode() in body, "the reload script changed"
    headers = dict(messages[0]["headers"])
    assert int(headers[b"content-length"]) == len(body), "Content-Length not updated"
