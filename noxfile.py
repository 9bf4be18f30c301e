"""Sessions: ``tests`` (both ends of the supported range), ``docs`` and ``lint``.

nox -s tests     # Python 3.11 + Sphinx 8 + myst-parser 4 + python-liquid 2.3.3,
                 # and 3.13 + Sphinx 9 + myst-parser 5 + the newest python-liquid 2.3
nox -s docs      # builds docs/ (with the demo blog) into docs/_build/html, -nW
nox -s lint      # ruff format --check, ruff check, mypy
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "docs", "lint"]
nox.options.reuse_existing_virtualenvs = True

# pyenv's shims answer `python3.13` only for the active version; put every
# pyenv-installed 3.11 and 3.13 on PATH so nox finds both ends.
for _bindir in sorted(Path.home().glob(".pyenv/versions/3.1[13].*/bin")):
    os.environ["PATH"] = f"{_bindir}{os.pathsep}{os.environ.get('PATH', '')}"

ENDS = [
    nox.param("3.11", "sphinx>=8,<9", "myst-parser>=4,<5", "python-liquid==2.3.3", id="oldest"),
    nox.param("3.13", "sphinx>=9,<10", "myst-parser>=5,<6", "python-liquid<2.4", id="newest"),
]


@nox.session
@nox.parametrize(("python", "sphinx", "myst", "liquid"), ENDS)
def tests(session: nox.Session, sphinx: str, myst: str, liquid: str) -> None:
    """Run the test suite against one end of the supported range."""
    session.install("-e", ".[test]", sphinx, myst, liquid)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.13")
def docs(session: nox.Session) -> None:
    """Build the documentation and demo blog with warnings as errors."""
    session.install("-e", ".")
    session.run("sphinx-build", "-nW", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session(python="3.13")
def lint(session: nox.Session) -> None:
    """Formatting, lint and types."""
    session.install("-e", ".[lint,test]")
    session.run("ruff", "format", "--check", ".")
    session.run("ruff", "check", ".")
    session.run("mypy")
