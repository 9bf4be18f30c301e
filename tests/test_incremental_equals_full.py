"""After any change, an incremental build's output equals a full build's.

A seeded random sequence of the changes a blogger makes (add, delete, rename,
retitle a post; its date, categories, tags, ``published``, ``permalink``,
``redirect_from``; an include, a ``_data`` file, ``_config.yml``, the text),
and after each step the incremental build compared, file by file, with a full
build of the same sources into a fresh folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx.cmd.build import build_main

if TYPE_CHECKING:
    from pathlib import Path

CONF = """\
extensions = ["sphinxext_jekyllposts"]
project = "Changes"
language = "en"
html_baseurl = "https://example.org/"
jekyllposts_related_posts = 2
jekyllposts_timezone = "UTC"
"""
INDEX = """\
# Changes

```{category-toctree}
:maxdepth: 1
```

```{post-list}
:limit: 3
:excerpts:
```
"""
CATEGORIES = ["技术", "notes", "Edge Case"]
TAGS = ["python", "云计算", "k8s"]
#: Files every build writes anew whatever changed.
VOLATILE = {".buildinfo"}


class Site:
    """A small Jekyll site that a test changes step by step."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.posts = root / "_posts"
        self.posts.mkdir(parents=True)
        (root / "conf.py").write_text(CONF, "utf-8")
        (root / "index.md").write_text(INDEX, "utf-8")
        (root / "_includes").mkdir()
        (root / "_data").mkdir()
        self.write("_config.yml", "title: Changes\npaginate: 2\n")
        self.write("_includes/note.html", "<aside>Note: {{ include.text }}</aside>\n")
        self.write("_data/team.yml", "lead: Ada\n")
        self.count = 0
        for _ in range(5):
            self.add_post()

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.write_text(text, "utf-8")
        later = path.stat().st_mtime + 2 + self.rng.random()  # always newer than the last build
        os.utime(path, (later, later))

    def files(self) -> list[Path]:
        return sorted(self.posts.glob("*.md"))

    def add_post(self) -> str:
        self.count += 1
        day = self.rng.randrange(1, 28)
        name = f"2020-{self.rng.randrange(1, 13):02d}-{day:02d}-post-{self.count}.md"
        categories = self.rng.sample(CATEGORIES, self.rng.randrange(0, 3))
        tags = self.rng.sample(TAGS, self.rng.randrange(0, 3))
        body = f"First paragraph of post {self.count}.\n\nMore text.\n"
        if self.count % 3 == 0:
            body += '\n{% include note.html text="included" %}\n'
        if self.count % 4 == 0:
            body += "\nLed by {{ site.data.team.lead }}.\n"
        front = f"title: Post {self.count}\ncategories: {categories}\ntags: {tags}\n"
        self.write(f"_posts/{name}", f"---\n{front}---\n\n{body}")
        return f"add {name}"

    def edit_front(self, path: Path, key: str, value: str | None) -> None:
        text = path.read_text("utf-8")
        front, _, body = text.removeprefix("---\n").partition("---\n")
        lines = [line for line in front.splitlines() if not line.startswith(f"{key}:")]
        if value is not None:
            lines.append(f"{key}: {value}")
        self.write(str(path.relative_to(self.root)), "---\n" + "\n".join(lines) + "\n---\n" + body)

    def step(self) -> str:
        files = self.files()
        post = self.rng.choice(files)
        change = self.rng.choice(
            [
                "add", "delete", "rename", "title", "date", "categories", "tags",
                "published", "permalink", "redirect_from", "include", "data",
                "config", "text",
            ]
        )  # fmt: skip
        if change == "add" or len(files) < 3:
            return self.add_post()
        if change == "delete":
            post.unlink()
        elif change == "rename":
            post.rename(post.with_name(post.name.replace("post-", "renamed-", 1)))
        elif change == "title":
            self.edit_front(post, "title", f"Retitled {self.rng.randrange(1000)}")
        elif change == "date":
            self.edit_front(post, "date", f"2021-0{self.rng.randrange(1, 10)}-15 10:00:00 +0800")
        elif change == "categories":
            self.edit_front(post, "categories", str(self.rng.sample(CATEGORIES, 1)))
        elif change == "tags":
            self.edit_front(post, "tags", str(self.rng.sample(TAGS, self.rng.randrange(0, 3))))
        elif change == "published":
            self.edit_front(post, "published", self.rng.choice(["false", None]))
        elif change == "permalink":
            self.edit_front(post, "permalink", f"/p/{self.rng.randrange(100)}/")
        elif change == "redirect_from":
            self.edit_front(post, "redirect_from", f"[/old/{self.rng.randrange(100)}.html]")
        elif change == "include":
            self.write("_includes/note.html", f"<aside>Note {self.rng.randrange(100)}</aside>\n")
        elif change == "data":
            self.write("_data/team.yml", f"lead: Grace {self.rng.randrange(100)}\n")
        elif change == "config":
            self.write("_config.yml", f"title: Changes {self.rng.randrange(100)}\npaginate: 2\n")
        else:
            self.write(str(post.relative_to(self.root)), post.read_text("utf-8") + "\nMore.\n")
        return f"{change} {post.name}"


def _build(source: Path, out: Path, *extra: str) -> None:
    status = build_main(
        ["-q", "-b", "html", *extra, "-d", str(out / ".doctrees"), str(source), str(out)]
    )
    assert status == 0


def _search_index(content: bytes) -> bytes:
    """The search index without the terms no page has any more: Sphinx's own
    incremental index keeps them, emptied (as in any Sphinx project)."""
    data = json.loads(content.decode("utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    for key in ("terms", "titleterms"):
        data[key] = {term: pages for term, pages in data[key].items() if pages != []}
    return json.dumps(data, sort_keys=True).encode("utf-8")


def _output(out: Path) -> dict[str, bytes]:
    # Generated pages' sources are in the doctree folder, named relative to the
    # source folder (the search index lists them): the same name for both builds.
    files = {
        path.relative_to(out).as_posix(): path.read_bytes().replace(out.name.encode(), b"OUT")
        for path in sorted(out.rglob("*"))
        if path.is_file()
        and ".doctrees" not in path.relative_to(out).parts
        and path.name not in VOLATILE
    }
    if "searchindex.js" in files:
        files["searchindex.js"] = _search_index(files["searchindex.js"])
    return files


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_incremental_build_equals_a_full_build(tmp_path, seed):
    rng = random.Random(seed)
    site = Site(tmp_path / "site", rng)
    incremental = tmp_path / "__incremental__"
    _build(site.root, incremental)
    for number in range(24):  # "a few dozen steps" in all: 72 over the three seeds
        change = site.step()
        _build(site.root, incremental)
        full = tmp_path / f"__full{number}__"
        _build(site.root, full)
        ours, theirs = _output(incremental), _output(full)
        assert sorted(ours) == sorted(theirs), f"step {number} ({change}): other files"
        for name, content in theirs.items():
            assert ours[name] == content, f"step {number} ({change}): {name} differs"
        shutil.rmtree(full)
