"""Shared fixtures: the test roots, parsed output, and the shared corpora."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
SHARED = Path(__file__).parents[1].parent / "shared"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the project; tests that need it skip without it."""
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


def page_file(app, docname: str) -> Path:
    """The file of ``docname``'s built page (a post's is at its Jekyll URL)."""
    return Path(app.builder.get_output_path(docname))


def served(path: Path) -> Path:
    """The file that serves the page at ``path``: a post's page, when ``path``
    is the redirect page at its Sphinx path (the post is at its Jekyll URL)."""
    if not os.path.isfile(path):  # noqa: PTH113 (Path.is_file raises for a name too long)
        return path
    head = path.read_text("utf-8", errors="replace")[:1000]
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', head)
    if "written by sphinxext-jekyllposts: a redirect" not in head or target is None:
        return path
    relative = urllib.parse.unquote(html.unescape(target.group(1)))
    found = path.parent / relative
    return (found / "index.html" if relative.endswith("/") else found).resolve()


def page(app, docname: str) -> BeautifulSoup:
    """The built HTML page of ``docname``."""
    return BeautifulSoup(page_file(app, docname).read_text("utf-8"), "html.parser")


def href(app, from_doc: str, to_doc: str) -> str:
    """The link from ``from_doc``'s page to ``to_doc``'s, as the builder makes it
    (a post's page is at its Jekyll URL: the link follows)."""
    return app.builder.get_relative_uri(from_doc, to_doc)


def warnings_of(app) -> str:
    """Every warning of the build, without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def copy_root(name: str, tmp_path: Path) -> Path:
    """A copy of the test root ``test-<name>`` that a test may change between builds."""
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


def built_root(name: str, tmp_path_factory, **overrides):
    """One HTML build of a copy of the test root ``test-<name>``, for the tests
    of a module (``yield from`` it in a module-scoped fixture); cleaned up after."""
    srcdir = copy_root(name, tmp_path_factory.mktemp(name))
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        confoverrides=overrides,
        status=io.StringIO(),
        warning=io.StringIO(),
    )
    app.build()
    yield app
    app.cleanup()


def build_once(make_app, srcdir: Path):
    """One HTML build of ``srcdir``; its app is cleaned up, so that another can build."""
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    return app


def run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The ``jekyllposts`` command in a process of its own, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sphinxext_jekyllposts", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def site_from(root: str, tmp_path: Path, *, keep_conf: bool = False) -> Path:
    """A Jekyll site folder made of the test root ``root`` (``test-pages``),
    without its ``conf.py`` and ``index.md`` unless ``keep_conf``."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / root, site)
    if not keep_conf:
        (site / "conf.py").unlink()
        (site / "index.md").unlink()
    return site
