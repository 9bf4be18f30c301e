"""Shared fixtures: the test roots, parsed output, and the shared corpora."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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


def page(app, docname: str) -> BeautifulSoup:
    """The built HTML page of ``docname``."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"), "html.parser")


def warnings_of(app) -> str:
    """Every warning of the build, without colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
