"""Every parser that reads post text, ``_config.yml`` or ``_data`` finishes in
linear time on the inputs that made the old regular expressions backtrack for
minutes (issue 12), and gives the same answer as they did.

The timed tests are not benchmarks: the bound (seconds, on inputs that took
minutes) catches catastrophic backtracking only. The property tests keep the
old regular expressions as oracles, on inputs small enough for them.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinxext_jekyllposts.jekyll import frontmatter

if TYPE_CHECKING:
    from collections.abc import Callable

#: The size of the hostile inputs; every parser here took seconds to minutes on it.
N = 100_000
#: Far above what a linear parser needs for N characters, far below quadratic.
SECONDS = 2.0


def finishes_quickly(parse: Callable[[str], object], text: str) -> None:
    start = time.perf_counter()
    parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{elapsed:.1f} s for {len(text):,} characters"


def grown(shape: Callable[[int], str]) -> list[str]:
    """The hostile shape at a quarter of N and at N."""
    return [shape(N // 4), shape(N)]


# Front matter -------------------------------------------------------------------

OLD_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((?:---|\.\.\.)\s*$\n?)", re.S | re.M)
FRONT_MATTER_SHAPES = {
    "blank lines": lambda n: "---\n" + "\n" * n + "x",
    "spaces and newlines": lambda n: "---\n" + " \n" * n + "x",
    "CRLF": lambda n: "---\r\n" + "\r\n" * n + "x",
    "tabs": lambda n: "--- \t\n" + "\t\n" * n + "x",
    "many false closings": lambda n: "---\n" + "---x\n" * (n // 5),
    "closing with long white space": lambda n: "---\na: 1\n---" + " " * n + "x",
}


@pytest.mark.parametrize("shape", FRONT_MATTER_SHAPES.values(), ids=FRONT_MATTER_SHAPES)
def test_an_unclosed_front_matter_is_found_unclosed_in_linear_time(shape):
    for text in grown(shape):
        finishes_quickly(frontmatter.split_front_matter, text)
        finishes_quickly(frontmatter.body_start, text)


@given(st.text(alphabet="-.\n\r \t{:}%x", max_size=60))
def test_the_front_matter_regexp_matches_as_jekylls_did(text):
    for candidate in (text, "---" + text, "---\n" + text):
        old, new = OLD_FRONT_MATTER.match(candidate), frontmatter._FRONT_MATTER.match(candidate)
        assert (new and (new.span(), new.groups())) == (old and (old.span(), old.groups()))


OLD_TOP_LEVEL_KEY = re.compile(r"""^((?:"[^"]*"|'[^']*'|[^\s#:'"][^:]*?))\s*:(?:\s|$)""")


def test_a_long_front_matter_line_is_read_in_linear_time():
    for text in grown(lambda n: "a" + " " * n + "x"):
        finishes_quickly(frontmatter.top_level_key, text)
        finishes_quickly(frontmatter.split_front_matter, f"---\n{text}\n---\n")


@given(st.text(alphabet="\"' \t#:ax", max_size=40))
def test_a_top_level_key_is_found_as_before(line):
    old = OLD_TOP_LEVEL_KEY.match(line)
    assert frontmatter.top_level_key(line) == (old and old.group(1).strip("'\""))
