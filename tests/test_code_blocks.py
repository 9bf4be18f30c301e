"""Code blocks in posts as Jekyll's kramdown and Rouge show them
(tests/roots/test-code-blocks; the expected numbers and plain blocks are those
``jekyll build`` gave): line numbers from ``_config.yml``, unknown languages as
plain text, and no highlighting message a Jekyll user never saw."""

from __future__ import annotations

import re

import pytest
from conftest import build_once, built_root, copy_root, page, warnings_of

from sphinxext_jekyllposts.code_blocks import highlighted_as, rouge_highlights
from sphinxext_jekyllposts.jekyll.config_values import CodeBlockOptions, code_block_options

POST = "_posts/2020-01-01-fences"
#: Per block of the post: its Pygments language and its line numbers.
ROUGE_NUMBERED = [
    ("python", ["1", "2"]),  # ```python
    ("none", ["1"]),  # ``` (Rouge: plaintext, not Sphinx's default Python)
    ("none", ["1"]),  # indented
    ("none", []),  # ```mermaid: Rouge does not know it
    ("none", []),  # ```Python: nor this (its names are lower case)
    ("vim", ["1"]),  # ```viml: Rouge's name of Pygments' vim
    ("yaml", ["1"]),  # ```yaml that does not lex
    ("ruby", []),  # {% highlight ruby %}
    ("ruby", ["1", "2"]),  # {% highlight ruby linenos %}
    ("yaml", []),  # {% highlight yaml %} starting with ---
]


def blocks(app):
    found = []
    for block in page(app, POST).find(attrs={"role": "main"}).select("div[class^=highlight-]"):
        language = re.match(r"highlight-(\S+)", " ".join(block["class"]))[1]
        found.append((language, [n.get_text().strip() for n in block.select(".linenos")]))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_root("code-blocks", tmp_path_factory)


def test_post_code_blocks_are_numbered_and_highlighted_as_rouge_does(built):
    assert blocks(built) == ROUGE_NUMBERED
    last = page(built, POST).find(attrs={"role": "main"}).select("div.highlight-yaml")[-1]
    assert last.find("pre").get_text() == "---\nlayout: post\n---\n"  # code, not options


def test_only_pages_that_are_not_posts_keep_sphinxs_highlighting_messages(built):
    warnings = warnings_of(built).strip().splitlines()
    assert len(warnings) == 1
    assert re.search(
        r"index\.md:5: WARNING: Pygments lexer name 'mermaid' is not known", warnings[0]
    )


def test_changing_the_line_numbers_setting_reads_the_posts_again(make_app, tmp_path):
    srcdir = copy_root("code-blocks", tmp_path)
    build_once(make_app, srcdir)
    (srcdir / "_config.yml").write_text(
        "kramdown:\n  syntax_highlighter_opts:\n    line_numbers: true\n    block:\n"
        "      start_line: 5\n",
        "utf-8",
    )
    app = build_once(make_app, srcdir)
    assert [numbers for _, numbers in blocks(app)][:3] == [["5", "6"], ["5"], ["5"]]
    assert [numbers for _, numbers in blocks(app)][-2] == ["1", "2"]  # linenos: Jekyll's own
    (srcdir / "_config.yml").write_text("title: No numbers\n", "utf-8")
    app = build_once(make_app, srcdir)
    assert [numbers for _, numbers in blocks(app)] == [
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        ["1", "2"],
        [],
    ]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (None, CodeBlockOptions()),
        ({}, CodeBlockOptions()),
        ({"syntax_highlighter_opts": {"block": {"line_numbers": True}}}, CodeBlockOptions(True)),
        ({"syntax_highlighter_opts": {"line_numbers": True}}, CodeBlockOptions(True)),
        (
            {"syntax_highlighter_opts": {"line_numbers": True, "block": {"line_numbers": False}}},
            CodeBlockOptions(False),
        ),
        ({"syntax_highlighter_opts": {"span": {"line_numbers": True}}}, CodeBlockOptions()),
        (
            {"syntax_highlighter_opts": {"block": {"line_numbers": 1, "start_line": 7}}},
            CodeBlockOptions(True, 7),
        ),
    ],
)
def test_code_block_options_merge_as_kramdown_does(block, expected):
    problems = []
    assert code_block_options(block, lambda message, key: problems.append(message)) == expected
    assert problems == []


@pytest.mark.parametrize(
    "block",
    [
        "rouge",
        {"syntax_highlighter_opts": ["line_numbers"]},
        {"syntax_highlighter_opts": {"block": True}},
        {"syntax_highlighter_opts": {"block": {"start_line": "one"}}},
    ],
)
def test_wrong_code_block_options_are_problems_and_the_default_is_used(block):
    problems = []
    found = code_block_options(block, lambda message, key: problems.append((message, key)))
    assert found.start_line == 1
    assert len(problems) == 1
    assert problems[0][1] == "kramdown"


@pytest.mark.parametrize(
    ("language", "sphinx", "rouge"),
    [
        ("python", "python", True),
        ("viml", "vim", True),
        ("plaintext", "text", True),
        ("vb", "visualbasic", True),
        ("mermaid", "none", False),
        ("Python", "Python", False),  # Pygments knows it; Rouge shows it plain
        ("fluent", "text", True),  # Rouge's only: numbered, not highlighted
    ],
)
def test_languages_as_rouge_and_pygments_know_them(language, sphinx, rouge):
    assert highlighted_as(language) == sphinx
    assert rouge_highlights(language) is rouge
