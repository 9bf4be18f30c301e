"""``jekyllposts serve``: started as a user starts it, fetched over HTTP, edited,
stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxext_jekyllposts.redirects import MARKER

PROJECT = Path(__file__).parents[1]
#: Generous bounds: a rebuild takes a second or two, a slow machine longer.
WAIT = 60
SERVE = (sys.executable, "-m", "sphinxext_jekyllposts", "serve")


def free_port() -> int:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
    except OSError as error:
        pytest.skip(f"cannot bind a local port: {error}")


class Server:
    """``jekyllposts serve SITE ...`` in a separate process."""

    def __init__(self, tmp_path: Path, site: Path, *options: str) -> None:
        self.port = free_port()
        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self.log = tmp_path / "serve.log"
        env = {**os.environ, "TMPDIR": str(self.tmp), "PYTHONUNBUFFERED": "1"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*SERVE, str(site), "--port", str(self.port), *options],
                cwd=PROJECT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def get(self, path: str) -> tuple[str, str]:
        """The page at ``path`` and the URL it was found at (after redirects,
        those of HTTP and the redirect page at a post's Sphinx path)."""
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as reply:
            text, url = reply.read().decode("utf-8"), reply.geturl()
        moved = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)
        if MARKER in text and moved:
            url = urllib.parse.urljoin(url, html.unescape(moved.group(1)))
            with urllib.request.urlopen(url, timeout=10) as reply:
                text, url = reply.read().decode("utf-8"), reply.geturl()
        return text, url

    def wait_for(self, path: str, text: str) -> str:
        """The page at ``path`` once it shows ``text`` (fails after WAIT seconds)."""
        deadline = time.monotonic() + WAIT
        seen = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                seen = self.get(path)[0]
            except (urllib.error.URLError, ConnectionError, TimeoutError, HTTPException):
                # (a page read while a rebuild replaces it may come short: IncompleteRead)
                seen = ""
            if text in seen:
                return seen
            time.sleep(0.3)
        pytest.fail(f"{path} never showed {text!r}:\n{seen[-2000:]}\n--- log:\n{self.output()}")

    def stop(self) -> int:
        """Ctrl-C, and the exit status."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail(f"serve did not stop on SIGINT:\n{self.output()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path):
    started: list[Server] = []

    def start(site: Path, *options: str) -> Server:
        server = Server(tmp_path, site, *options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def copy_root(root: str, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOTS / root, site)
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


POST = "/blog/_posts/2020-01-01-hello.html"
DRAFT = "/blog/_drafts/work-in-progress.html"


def test_serve_rebuilds_posts_drafts_and_config_under_the_baseurl(tmp_path, serve):
    site = copy_root("test-serve", tmp_path)
    server = serve(site, "--drafts", "--livereload")
    page = server.wait_for(POST, "The first version of the post.")
    assert "/websocket-reload" in page  # --livereload
    index, url = server.get("/")
    assert url.endswith("/blog/")  # the root redirects to the baseurl
    assert "Served blog" in index
    assert "A draft, not yet published." in server.get(DRAFT)[0]

    edit(site / "_posts" / "2020-01-01-hello.md", "The first version", "The second version")
    server.wait_for(POST, "The second version of the post.")
    edit(site / "_drafts" / "work-in-progress.md", "not yet published", "still in the works")
    server.wait_for(DRAFT, "A draft, still in the works.")
    edit(site / "_config.yml", "title: Served blog", "title: Renamed blog")
    server.wait_for("/blog/", "Renamed blog")

    assert server.stop() == 0
    assert not list(server.tmp.glob("jekyllposts-serve-*")), "the temporary folder is left"
    assert "rebuilding" in server.output()


def test_serve_shows_an_error_page_while_a_build_fails(tmp_path, serve):
    site = copy_root("test-seed", tmp_path)  # a site with a conf.py of its own
    destination = tmp_path / "html"
    server = serve(site, "--destination", str(destination))
    post = "/_posts/2018-05-18-2018-openstack-vancouver-summit.html"
    page = server.wait_for(post, "又一届 OpenStack 峰会结束了。")
    assert "/websocket-reload" not in page  # no --livereload

    conf = site / "conf.py"
    good = conf.read_text("utf-8")
    conf.write_text(good + "this is not Python (\n", "utf-8")
    deadline = time.monotonic() + WAIT
    while "the build failed" not in server.output():
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.3)
    with pytest.raises(urllib.error.HTTPError) as failed:
        server.get(post)
    assert failed.value.code == 500
    assert "The build failed" in failed.value.read().decode("utf-8")
    assert server.get("/_static/basic.css")[0]  # what is not a page is still served

    conf.write_text(good, "utf-8")
    edit(site / "_posts" / "2018-05-18-2018-openstack-vancouver-summit.md", "又一届", "再一届")
    server.wait_for(post, "再一届 OpenStack 峰会结束了。")
    assert server.stop() == 0
    assert (destination / "index.html").is_file()  # a destination given is kept


def test_serve_refuses_a_destination_among_the_sites_files(tmp_path):
    site = copy_root("test-serve", tmp_path)
    result = subprocess.run(
        [*SERVE, str(site), "--destination", str(site / "_posts" / "html")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--destination inside SITE_DIR must be a folder Jekyll ignores" in result.stderr
    assert not (site / "_posts" / "html").exists()


def test_serve_says_so_when_the_port_is_taken(tmp_path):
    site = copy_root("test-serve", tmp_path)
    try:
        taken = socket.create_server(("127.0.0.1", 0))
    except OSError as error:
        pytest.skip(f"cannot bind a local port: {error}")
    with taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*SERVE, str(site), "--port", str(port)],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "TMPDIR": str(tmp_path)},
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert not list(tmp_path.glob("jekyllposts-serve-*"))


def test_ctrl_c_in_the_first_build_stops_cleanly(tmp_path, serve):
    site = copy_root("test-serve", tmp_path)
    server = serve(site)
    deadline = time.monotonic() + WAIT
    while "building" not in server.output():
        assert time.monotonic() < deadline, server.output()
        assert server.process.poll() is None, server.output()
        time.sleep(0.05)
    assert server.stop() == 0, server.output()
    assert "stopped" in server.output()
    assert not list(server.tmp.glob("jekyllposts-serve-*")), "the temporary folder is left"
