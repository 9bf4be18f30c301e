"""The hostile-post corpus (tests/roots/test-hostile): every broken or hostile
post gives its warning at its line and is built or skipped as stated; the good
posts come out exactly as without it; nothing is written outside the output
folder; no post's text reaches the output unescaped."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, page_file, served, warnings_of
from sphinx.testing.util import SphinxTestApp

BUILT, SKIPPED = "built", "skipped"

#: Each post of the corpus: whether it is built, and its warnings (line, subtype).
EXPECTED: dict[str, tuple[str, set[tuple[int, str]]]] = {
    "2019-01-01-good-1.md": (BUILT, set()),
    "2019-02-01-good-2.md": (BUILT, set()),
    "2019-03-01-good-3.md": (BUILT, set()),
    "2020-01-01-malformed-yaml.md": (BUILT, {(3, "front_matter")}),
    "2020-01-02-tabs-in-yaml.md": (BUILT, {(4, "front_matter")}),
    "2020-01-03-unclosed.md": (BUILT, {(1, "front_matter")}),
    "2020-01-04-list-front-matter.md": (BUILT, {(1, "front_matter")}),
    "2020-01-05-scalar-front-matter.md": (BUILT, {(1, "front_matter")}),
    "2020-01-06-duplicate-keys.md": (BUILT, {(3, "front_matter")}),
    "2020-01-07-python-tag.md": (BUILT, {(2, "front_matter")}),
    "2020-01-08-alias-bomb.md": (BUILT, {(10, "taxonomy"), (11, "title")}),
    "2020-01-09-deep-nesting.md": (BUILT, {(3, "front_matter")}),
    "2020-01-10-binary.md": (SKIPPED, {(1, "encoding")}),
    "2020-01-11-latin1.md": (SKIPPED, {(2, "encoding")}),
    "2020-01-12-bom.md": (BUILT, set()),
    "2020-01-13-crlf.md": (BUILT, set()),
    "0000-00-00-zero-date.md": (SKIPPED, {(1, "date")}),
    "2020-01-14-zero-date-key.md": (BUILT, {(3, "date")}),
    "9999-12-31-far-future.md": (BUILT, set()),
    "2020-01-15-number-title.md": (BUILT, set()),
    "2020-01-16-list-title.md": (BUILT, {(2, "title")}),
    "2020-01-17-empty-title.md": (BUILT, {(2, "title")}),
    "2020-01-18-dict-categories.md": (BUILT, {(3, "taxonomy"), (4, "taxonomy")}),
    "2020-01-19-unbalanced-liquid.md": (BUILT, {(4, "liquid")}),
    "2020-01-20-enormous-range.md": (BUILT, {(4, "limit")}),
    "2020-01-21-nested-loops.md": (BUILT, {(4, "limit")}),
    "2020-01-22-self-include.md": (BUILT, {(4, "include")}),
    "2020-01-23-script-body.md": (BUILT, set()),
    "2020-01-24-script-title.md": (BUILT, set()),
    "2020-01-25-permalink-escape.md": (BUILT, {(3, "permalink"), (4, "permalink")}),
    "2020-01-26-name with spaces.md": (BUILT, set()),
    "2020-01-27-c#sharp.md": (BUILT, set()),
    "2020-01-28-100%-sure.md": (BUILT, set()),
    "2020-01-29-what?.md": (BUILT, set()),
    "2020-01-30-【标点】，测试。.md": (BUILT, set()),
    "2020-01-31-control-chars.md": (BUILT, set()),
    # Directives, roles and local files (issue 12)
    "2020-03-01-myst-front-matter.md": (BUILT, set()),
    "2020-03-02-files-outside.md": (
        BUILT,
        {(n, "untrusted") for n in (4, 6, 8, 10, 13, 16, 20, 24, 28)},
    ),
    "2020-03-03-raw-directives.md": (BUILT, {(n, "untrusted") for n in (4, 8, 14, 29)}),
    "2020-03-04-toctree-root.md": (BUILT, {(4, "untrusted"), (8, "untrusted")}),
    # Writes and names (issue 12)
    "2019-12-01-long-permalink.md": (BUILT, {(3, "permalink")}),
    "2019-12-02-long-redirect-from.md": (BUILT, {(3, "permalink")}),
    "2019-12-03-long-category-url.md": (BUILT, {(3, "permalink")}),
    "2019-12-04-" + "a" * 241 + ".md": (SKIPPED, {(1, "write")}),
    # Written by the test, too large to keep in the repository:
    "2020-02-01-huge-front-matter.md": (BUILT, {(1, "limit")}),
    "2020-02-02-twenty-megabytes.md": (SKIPPED, {(1, "limit")}),
    # Files and names (issue 12)
    "2018-12-01-upper-case.MD": (BUILT, set()),
    "2018-12-02-capitalized.Markdown": (BUILT, set()),
    "2018-12-03-cr-only.md": (BUILT, {(1, "front_matter")}),
    # Linear parsers and bounded Liquid (issue 12)
    "2018-12-01-unclosed-blank-lines.md": (BUILT, {(1, "front_matter")}),
    "2018-12-02-unclosed-crlf-spaces.md": (BUILT, {(1, "front_matter")}),
    "2018-12-03-unclosed-ials.md": (BUILT, set()),
    "2018-12-04-liquid-not-rendered.md": (BUILT, set()),
    "2018-12-05-append-doubling.md": (BUILT, {(23, "limit")}),
    "2018-12-06-abbreviation-prefixes.md": (BUILT, {(305, "limit")}),
    "2018-12-07-unclosed-outputs.md": (BUILT, {(4, "liquid")}),
    "2018-12-08-unclosed-tag-word.md": (BUILT, {(4, "liquid")}),
    "2018-12-09-tag-space.md": (BUILT, set()),
    "2018-12-10-long-expression.md": (BUILT, {(4, "limit")}),
}
GOOD = [name for name in EXPECTED if "-good-" in name]
HOSTILE_TEXT = re.compile(r"<script>alert|<img src=x onerror")
#: In a file beside the site, which posts refer to: it must never reach the output.
OUTSIDE_SECRET = "OUTSIDE-THE-SITE-SECRET"


def write_generated(posts: Path) -> None:
    lines = "".join(f"key{n}: value {n}\n" for n in range(8000))
    (posts / "2020-02-01-huge-front-matter.md").write_text(
        f"---\ntitle: Huge\n{lines}---\nBody after a huge front matter.\n", "utf-8"
    )
    paragraph = "Twenty megabytes of words. " * 40 + "\n\n"
    (posts / "2020-02-02-twenty-megabytes.md").write_text(
        "---\ntitle: Big\n---\n" + paragraph * (20_000_000 // len(paragraph)), "utf-8"
    )
    # Linear parsers and bounded Liquid (issue 12): each took from seconds to
    # minutes to read before.
    (posts / "2018-12-01-unclosed-blank-lines.md").write_text(
        "---\n" + "\n" * 50_000 + "x", "utf-8"
    )
    (posts / "2018-12-02-unclosed-crlf-spaces.md").write_bytes(
        b"---\r\n" + b" \r\n" * 50_000 + b"x"
    )
    (posts / "2018-12-03-unclosed-ials.md").write_text(
        "---\ntitle: IALs\n---\n{:" + " " * 50_000 + "x\n\n" + "{:" * 25_000 + "\n", "utf-8"
    )
    (posts / "2018-12-04-liquid-not-rendered.md").write_text(
        "---\ntitle: Tags\nrender_with_liquid: false\n---\n" + "{%" * 20_000 + "\n", "utf-8"
    )
    liquid = {
        "07-unclosed-outputs": "{{" * 20_000,
        "08-unclosed-tag-word": "{% " + "a" * 50_000,
        "09-tag-space": "{% if true" + " " * 50_000 + "%}Shown.{% endif %}",
        "10-long-expression": "{{ " + "(" * 20_000 + " }}",
    }
    for name, body in liquid.items():
        (posts / f"2018-12-{name}.md").write_text(f"---\ntitle: {name}\n---\n{body}\n", "utf-8")
    names = "".join(f"*[{'!' * k}x]: Bang {k}\n" for k in range(1, 301))
    (posts / "2018-12-06-abbreviation-prefixes.md").write_text(
        "---\ntitle: Abbreviations\n---\n" + names + "\n" + "!" * 50_000 + "\n", "utf-8"
    )


def snapshot(folder: Path, *, skip: tuple[Path, ...]) -> dict[str, float]:
    found = {}
    for current, dirnames, filenames in os.walk(folder):
        here = Path(current)
        dirnames[:] = [d for d in dirnames if here / d not in skip]
        for name in filenames:
            path = here / name
            found[str(path)] = path.stat().st_mtime
    return found


def build(srcdir: Path, **overrides):
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=io.StringIO(),
        warning=io.StringIO(),
        confoverrides=overrides,
    )
    app.build()
    return app


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus built once, with a snapshot of everything around it before."""
    top = tmp_path_factory.mktemp("hostile")
    srcdir = top / "site"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    write_generated(srcdir / "_posts")
    (top / "outside.txt").write_text(f"{OUTSIDE_SECRET},1\n", "utf-8")
    out = srcdir / "_build"
    before = snapshot(top, skip=(out,))
    app = build(srcdir)
    yield app, top, before
    app.cleanup()


def warnings_by_file(app) -> dict[str, set[tuple[int, str]]]:
    found: dict[str, set[tuple[int, str]]] = {}
    for name, line, kind in re.findall(
        r"_posts/([^:\n]+\.\w+):(\d+): WARNING: .*?\[jekyllposts\.(\w+)\]", warnings_of(app)
    ):
        found.setdefault(name, set()).add((int(line), kind))
    return found


def html_of(app, name: str) -> Path:
    # any extension: `.md`, `.MD`, `.Markdown`
    return served(Path(app.outdir) / "_posts" / (name.rsplit(".", 1)[0] + ".html"))


@pytest.mark.parametrize("name", EXPECTED)
def test_each_post_gives_its_warning_and_is_built_or_skipped(corpus, name):
    app, _, _ = corpus
    outcome, warnings = EXPECTED[name]
    assert warnings_by_file(app).get(name, set()) == warnings
    # os.path: Path.is_file raises for a name too long (Python < 3.13)
    assert os.path.isfile(html_of(app, name)) == (outcome == BUILT)  # noqa: PTH113


def test_no_warning_other_than_the_expected_ones_and_no_crash(corpus):
    app, _, _ = corpus
    text = warnings_of(app)
    assert "Traceback" not in text
    others = [
        line
        for line in text.splitlines()
        if "WARNING" in line and not re.search(r"_posts/[^:]+\.\w+:\d+: WARNING", line)
    ]
    assert others == []
    assert set(warnings_by_file(app)) <= set(EXPECTED)


def test_nothing_is_written_outside_the_output_folder(corpus):
    app, top, before = corpus
    after = snapshot(top, skip=(Path(app.srcdir) / "_build",))
    assert after == before
    assert not Path("/tmp/pwned").exists()  # the !!python/object post ran nothing


def test_the_good_posts_are_the_same_as_without_the_hostile_ones(corpus, tmp_path):
    app, _, _ = corpus
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    for path in (srcdir / "_posts").iterdir():
        if path.name not in GOOD:
            path.unlink()
    alone = build(srcdir)
    try:
        for name in GOOD:
            with_hostile = BeautifulSoup(html_of(app, name).read_text("utf-8"), "html.parser")
            without = BeautifulSoup(html_of(alone, name).read_text("utf-8"), "html.parser")
            main = str(with_hostile.find(attrs={"role": "main"}))
            assert main == str(without.find(attrs={"role": "main"}))
    finally:
        alone.cleanup()


def test_no_post_text_reaches_the_output_unescaped(corpus):
    app, _, _ = corpus
    out = Path(app.outdir)
    leaks = [
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.suffix in {".html", ".xml", ".json", ".js"}
        and path.name != "searchindex.js"
        and HOSTILE_TEXT.search(path.read_text("utf-8", errors="replace"))
    ]
    # A title's HTML is read as a layout's {{ page.title }} shows it (tests/test_titles.py):
    # a script never, so "</title><script>...</script>" has no text, and the
    # post is titled from its slug; nothing of the script reaches the output.
    index = (out / "searchindex.js").read_text("utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    titles = dict(zip(data["docnames"], data["titles"], strict=True))
    assert html.unescape(titles["_posts/2020-01-24-script-title"]) == "Script Title"
    # The one post whose body is raw HTML keeps it, as Jekyll does.
    body = page_file(app, "_posts/2020-01-23-script-body").relative_to(out).as_posix()
    assert body == "2020/01/23/script-body.html"  # at its Jekyll URL
    assert leaks == [body]
    title = BeautifulSoup(
        html_of(app, "2020-01-24-script-title.md").read_text("utf-8"), "html.parser"
    )
    assert title.title.get_text().startswith("Script Title")
    assert title.find("h1").get_text().rstrip("¶") == "Script Title"
    assert title.find("script", string=re.compile("alert")) is None


def test_the_feed_stays_well_formed(corpus):
    app, _, _ = corpus
    feed = feedparser.parse((Path(app.outdir) / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = {entry.title for entry in feed.entries}
    # A script in a title is no text of it: the post is titled from its slug.
    assert "Script Title" in titles
    assert not any("alert(" in title for title in titles)


def test_raw_html_can_be_shown_as_text(tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-hostile", srcdir)
    app = build(srcdir, jekyllposts_raw_html=False)
    try:
        page = html_of(app, "2020-01-23-script-body.md").read_text("utf-8")
        assert "<script>alert" not in page
        main = BeautifulSoup(page, "html.parser").find(attrs={"role": "main"})
        assert "<script>alert(‘body’)</script>" in main.get_text()
    finally:
        app.cleanup()


def test_no_file_from_outside_the_site_reaches_the_output(corpus):
    app, _, _ = corpus
    out = Path(app.outdir)
    assert not (out / "_images").exists()
    assert not (out / "_downloads").exists()
    leaks = [
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file() and OUTSIDE_SECRET.encode() in path.read_bytes()
    ]
    assert leaks == []
    page = BeautifulSoup(
        html_of(app, "2020-03-02-files-outside.md").read_text("utf-8"), "html.parser"
    )
    main = page.find(attrs={"role": "main"})
    # Each refused directive is shown as the text it was written as.
    shown = [block.get_text() for block in main.select("pre")]
    assert any(text.startswith("```{include} ../../outside.txt") for text in shown)
    assert any(":file: ../../outside.txt" in text for text in shown)
    assert "secret" in main.get_text()  # the image's alt text
    assert "Text after." in main.get_text()


def test_front_matter_configures_neither_myst_nor_sphinx(corpus):
    app, _, _ = corpus
    page = html_of(app, "2020-03-01-myst-front-matter.md").read_text("utf-8")
    assert "attacker.invalid" not in page
    assert "http-equiv" not in page.lower()
    main = BeautifulSoup(page, "html.parser").find(attrs={"role": "main"})
    # No Jinja2 substitution ran: the text is shown as written.
    assert "{{ name }}" in main.get_text()
    assert "substituted" not in main.get_text()
    assert not Path("/tmp/pwned").exists()


def test_raw_output_directives_are_text_and_harmless_ones_run(corpus):
    app, _, _ = corpus
    page = html_of(app, "2020-03-03-raw-directives.md").read_text("utf-8")
    assert "<script>alert" not in page
    main = BeautifulSoup(page, "html.parser").find(attrs={"role": "main"})
    assert "<script>alert('raw directive')</script>" in main.get_text()
    assert main.select_one("div.admonition.note kbd") is not None
    assert main.select_one("div.highlight-python") is not None
    assert main.select_one("div.math") is not None
    assert main.select_one("div.admonition pre") is not None  # the nested raw, as text


def test_a_toctree_in_a_post_is_text(corpus):
    app, _, _ = corpus
    main = BeautifulSoup(
        html_of(app, "2020-03-04-toctree-root.md").read_text("utf-8"), "html.parser"
    ).find(attrs={"role": "main"})
    assert "/index" in main.get_text()
    assert main.select_one("div.toctree-wrapper") is None
    assert "Text after." in main.get_text()


def test_a_post_with_an_upper_case_extension_is_a_post(corpus):
    app, _, _ = corpus
    for name, title in [
        ("2018-12-01-upper-case.MD", "Upper-case extension"),
        ("2018-12-02-capitalized.Markdown", "Capitalized extension"),
    ]:
        page = BeautifulSoup(html_of(app, name).read_text("utf-8"), "html.parser")
        main = page.find(attrs={"role": "main"})
        assert main.find("h1").get_text().rstrip("¶") == title
        assert "Built although its extension is" in main.get_text()
        assert main.find(class_="jekyllposts-post-header") is not None


def test_a_post_whose_lines_end_in_cr_alone_has_no_front_matter_as_in_jekyll(corpus):
    app, _, _ = corpus
    line = next(line for line in warnings_of(app).splitlines() if "2018-12-03-cr-only.md:1" in line)
    assert "carriage return alone" in line
    page = BeautifulSoup(html_of(app, "2018-12-03-cr-only.md").read_text("utf-8"), "html.parser")
    main = page.find(attrs={"role": "main"})
    # Jekyll 4.3.1: titled from the file name, the "front matter" is body text.
    assert main.find("h1").get_text().rstrip("¶") == "Cr Only"
    assert "title: Classic Mac" in main.get_text()
    assert "Lines that end in a carriage return alone." in main.get_text()
