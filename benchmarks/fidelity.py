"""Compare every post as we render it with what Jekyll rendered (the oracle).

    python benchmarks/fidelity.py ../shared/corpora/mzlogin            # builds it first
    python benchmarks/fidelity.py SITE OUT                             # an existing build
    python benchmarks/fidelity.py SITE --worst 10 --check              # exit 1 below target

``SITE`` is a Jekyll site folder with ``jekyll-content.json`` (post ``path`` ->
the HTML Jekyll 4.3.1 produced after Liquid and Markdown, before the layout),
as the folders of ``../shared/corpora`` have. Without ``OUT`` the site is built
with ``jekyllposts build`` into a temporary folder.

For each post, our page's post body (the page without the post header and
footer, navigation, header links and the title we add) is compared with
Jekyll's content. jemoji's images and jekyll-mentions' links are read back as
the ``:name:`` and ``@user`` text they replace: those plugins change the page
after its layout, so the oracle, taken before, does not have them. Code line
numbers are left out of the text on both sides: Rouge writes them all in a
gutter column before the code, Pygments at the start of each line, so the same
numbers would read as a difference (whether both show them is a test of its
own, ``tests/test_code_blocks.py``).

- **similarity**: both sides' text (tags stripped, HTML unescaped, NFKC,
  typographic quotes and dashes folded, white space removed), as
  :class:`difflib.SequenceMatcher` ratio;
- **lost**: the share of Jekyll's words (CJK: characters) missing from ours;
- **structure**: counts of headings, paragraphs, list items, tables, code
  blocks, images, links, footnotes and math blocks, each equal or not.

The target (issue 17): similarity >= 0.98 on at least 97% of posts, at most
0.5% of posts losing 5% or more of their text, structure equal on at least 95%.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Tag

TARGET_SIMILAR = 0.97
TARGET_LOSING = 0.005
TARGET_STRUCTURE = 0.95
SIMILAR = 0.98
LOSING = 0.05

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+")
# What our page adds around the post body.
_OURS = (
    ".jekyllposts-post-header",
    ".jekyllposts-post-footer",
    ".jekyllposts-post-navigation",
    ".jekyllposts-related",
    ".jekyllposts-header-image",
    ".jekyllposts-toc",
    ".jekyllposts-comments",
    ".jekyllposts-author-box",
    "a.headerlink",
)
STRUCTURE = (
    "headings",
    "paragraphs",
    "list items",
    "tables",
    "code blocks",
    "images",
    "links",
    "footnotes",
    "math blocks",
)
# A paragraph inside these is a formatting choice (kramdown leaves tight list
# items and table cells bare; docutils wraps some), not a paragraph of the post.
# Line-numbered code: Rouge and Pygments put the numbers and the code in a table
# (Rouge's inside the code block's ``pre``).
_CODE_TABLE = frozenset({"rouge-table", "highlighttable"})
_GUTTERS = frozenset({"rouge-gutter", "linenos"})
_NOT_PARAGRAPH_PARENTS = frozenset({"li", "td", "th", "dd", "dt", "aside", "figcaption"})


@dataclass
class PostResult:
    path: str
    similarity: float
    lost: float
    ours: dict[str, int] = field(default_factory=dict)
    theirs: dict[str, int] = field(default_factory=dict)
    missing_page: bool = False
    missing_words: list[str] = field(default_factory=list)

    @property
    def structure_equal(self) -> bool:
        return not self.missing_page and self.ours == self.theirs


def text_of(markup: str | Tag) -> str:
    """The text a reader sees, normalized as the issue describes (spaces kept)."""
    soup = markup if isinstance(markup, Tag) else BeautifulSoup(markup, "html.parser")
    text = html.unescape(soup.get_text())
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in _WORDS.findall(text))


def _is_footnote_link(a: Tag) -> bool:
    classes = set(a.get("class") or ())
    href = str(a.get("href") or "")
    return bool(
        classes & {"footnote", "reversefootnote", "footnote-reference", "fn-backref"}
        or href.startswith(("#fn:", "#fnref:"))
        or a.find_parent(attrs={"role": "doc-backlink"}) is not None
        or a.find_parent("span", class_="backrefs") is not None
    )


def _in_gutter(node: Tag) -> bool:
    cell = node.find_parent("td")
    return cell is not None and bool(_GUTTERS & set(cell.get("class") or ()))


def structure(root: Tag) -> dict[str, int]:
    """Counts of the elements a reader tells apart, the same way on both sides."""
    counts = dict.fromkeys(STRUCTURE, 0)
    footnotes = root.select("div.footnotes li, aside.footnote, dl.footnote > dt")
    in_footnotes = {id(n) for note in footnotes for n in note.descendants}
    for node in root.find_all(True):
        name = node.name
        if id(node) in in_footnotes:
            continue
        if re.fullmatch(r"h[1-6]", name):
            counts["headings"] += 1
        elif name == "p":
            bare = node.find_parent(list(_NOT_PARAGRAPH_PARENTS)) is None
            if bare and (node.get_text(strip=True) or node.find("img")):
                counts["paragraphs"] += 1
        elif name == "li" and node.find_parent(class_="footnotes") is None:
            counts["list items"] += 1
        elif (
            name == "table"
            and node.find_parent("pre") is None
            and not _CODE_TABLE & set(node.get("class") or ())
        ):
            counts["tables"] += 1
        elif name == "pre" and node.find_parent("pre") is None and not _in_gutter(node):
            counts["code blocks"] += 1
        elif name == "img":
            counts["images"] += 1
        elif name == "a" and node.get("href") is not None and not _is_footnote_link(node):
            counts["links"] += 1
    counts["footnotes"] = len(footnotes)
    counts["math blocks"] = len(root.select("div.math, div.kdmath")) + sum(
        1
        for text in root.find_all(string=True)
        if text.parent is not None
        and text.parent.name not in ("pre", "code", "script")
        and not text.find_parent(class_="math")
        and text.strip().startswith("\\[")
        and text.strip().endswith("\\]")
    )
    return counts


def our_body(page: str, jekyll_starts_with_h1: bool) -> Tag:
    """Our page's post body: the main part without what we add around the post."""
    soup = BeautifulSoup(page, "html.parser")
    main = soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    for selector in _OURS:
        for node in main.select(selector):
            node.decompose()
    # The title we add (a Jekyll layout's, not the post's); before it was
    # marked, the first heading unless the post starts with its own.
    title = main.select_one("h1.jekyllposts-post-title")
    if title is None and not jekyll_starts_with_h1:
        title = main.find("h1")
    if title is not None:
        title.decompose()
    for target in main.select("span[id]:empty"):
        target.decompose()
    # jemoji and jekyll-mentions run after the layout (post_render), so the
    # oracle has their input: an emoji image is read as its `:name:`, a mention
    # link as its text.
    for emoji in main.select("img.emoji"):
        emoji.replace_with(str(emoji.get("alt") or ""))
    for mention in main.select("a.user-mention"):
        mention.unwrap()
    return main


def _starts_with_h1(markup: str) -> bool:
    first = BeautifulSoup(markup, "html.parser").find(True)
    return first is not None and first.name == "h1"


# Rouge's gutter (``td.rouge-gutter``) and Pygments' numbers (``span.linenos``,
# or ``td.linenos`` in table mode).
_LINE_NUMBERS = "td.rouge-gutter, pre.lineno, span.linenos, td.linenos"


def _without_line_numbers(root: Tag) -> Tag:
    for node in root.select(_LINE_NUMBERS):
        node.decompose()
    return root


def compare_post(path: str, theirs_html: str, page: Path) -> PostResult:
    theirs = _without_line_numbers(BeautifulSoup(theirs_html, "html.parser"))
    theirs_text = text_of(theirs)
    if not page.is_file():
        return PostResult(path, 0.0, 1.0 if theirs_text.strip() else 0.0, missing_page=True)
    ours = _without_line_numbers(our_body(page.read_text("utf-8"), _starts_with_h1(theirs_html)))
    ours_text = text_of(ours)
    a, b = re.sub(r"\s+", "", ours_text), re.sub(r"\s+", "", theirs_text)
    similarity = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a or b else 1.0
    expected = words(theirs_text)
    total = sum(expected.values())
    missing = expected - words(ours_text)
    lost = sum(missing.values()) / total if total else 0.0
    result = PostResult(path, similarity, lost, structure(ours), structure(theirs))
    result.missing_words = [word for word, _ in missing.most_common(8)]
    return result


REDIRECT_MARKER = "<!-- written by sphinxext-jekyllposts: a redirect -->"


def page_of(out: Path, path: str) -> Path:
    """Where ``jekyllposts build`` writes the page of the post at ``path``: at
    its Jekyll URL, to which its Sphinx path (``_posts/x.html``) redirects."""
    page = out / (path.rsplit(".", 1)[0] + ".html")
    if not page.is_file():
        return page
    head = page.read_text("utf-8", errors="replace")[:1000]
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', head)
    if REDIRECT_MARKER not in head or target is None:
        return page
    relative = urllib.parse.unquote(html.unescape(target.group(1)))
    found = page.parent / relative
    return found / "index.html" if relative.endswith("/") else found


def compare_site(site: Path, out: Path) -> list[PostResult]:
    oracle = json.loads((site / "jekyll-content.json").read_text("utf-8"))
    # A site whose files are in its `source:` folder is built from that folder.
    source = _source_folder(site)
    return [
        compare_post(path, content, page_of(out, path.removeprefix(source)))
        for path, content in oracle.items()
    ]


def _source_folder(site: Path) -> str:
    """``source:`` of the site's ``_config.yml`` as a path prefix (``src/``), or ``""``."""
    config = site / "_config.yml"
    data = yaml.safe_load(config.read_text("utf-8")) if config.is_file() else None
    source = data.get("source") if isinstance(data, dict) else None
    folder = source.strip().strip("/") if isinstance(source, str) else ""
    return "" if folder in ("", ".") else folder + "/"


@dataclass
class Summary:
    name: str
    posts: int
    similar: float
    losing: float
    structure_equal: float
    median_similarity: float
    missing_pages: int

    @property
    def meets_target(self) -> bool:
        return (
            self.similar >= TARGET_SIMILAR
            and self.losing <= TARGET_LOSING
            and self.structure_equal >= TARGET_STRUCTURE
        )

    def row(self) -> str:
        return (
            f"| {self.name} | {self.posts} | {self.similar:.1%} | {self.losing:.1%} | "
            f"{self.structure_equal:.1%} | {self.median_similarity:.3f} | {self.missing_pages} |"
        )


HEADER = (
    "| site | posts | similarity >= 0.98 | losing >= 5% | structure equal | median similarity "
    "| no page |\n| --- | --- | --- | --- | --- | --- | --- |"
)


def summarize(name: str, results: list[PostResult]) -> Summary:
    n = len(results) or 1
    sims = sorted(r.similarity for r in results)
    return Summary(
        name,
        len(results),
        sum(r.similarity >= SIMILAR for r in results) / n,
        sum(r.lost >= LOSING for r in results) / n,
        sum(r.structure_equal for r in results) / n,
        sims[len(sims) // 2] if sims else 1.0,
        sum(r.missing_page for r in results),
    )


def build(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinxext_jekyllposts", "build", str(site), str(out)]
    return subprocess.run([*command, "-q"], capture_output=True, text=True, check=False)


def worst(results: list[PostResult], count: int) -> list[str]:
    lines = []
    ranked = sorted(results, key=lambda r: (r.similarity, -r.lost, r.structure_equal))
    unequal = [r for r in results if not r.structure_equal and r.similarity >= SIMILAR]
    for result in ranked[:count] + unequal[:count]:
        diff = {
            k: (result.ours[k], result.theirs[k])
            for k in result.ours
            if result.ours[k] != result.theirs.get(k)
        }
        lines.append(
            f"  {result.path}: similarity {result.similarity:.3f}, lost {result.lost:.1%}"
            + (f", structure ours/Jekyll {diff}" if diff else "")
            + (" (no page)" if result.missing_page else "")
            + (f", missing {result.missing_words}" if result.missing_words else "")
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="site folders (and an output folder)")
    parser.add_argument("--out", type=Path, help="an existing build of the (one) site")
    parser.add_argument("--worst", type=int, default=0, help="list the N least similar posts")
    parser.add_argument("--check", action="store_true", help="exit 1 when a site misses the target")
    parser.add_argument("--json", type=Path, help="write every post's figures to this file")
    args = parser.parse_args(argv)
    print(HEADER)
    failed = False
    every: dict[str, list[dict[str, object]]] = {}
    for site in args.sites:
        with tempfile.TemporaryDirectory() as temporary:
            out = args.out or Path(temporary) / "out"
            if args.out is None:
                result = build(site, out)
                if result.returncode:
                    print(f"| {site.name} | build failed: {result.stderr[-500:]!r} |")
                    failed = True
                    continue
            results = compare_site(site, out)
        summary = summarize(site.name, results)
        failed |= not summary.meets_target
        print(summary.row())
        if args.worst:
            print("\n".join(worst(results, args.worst)), file=sys.stderr)
        every[site.name] = [vars(r) for r in results]
    if args.json:
        args.json.write_text(json.dumps(every, ensure_ascii=False, indent=1), "utf-8")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
