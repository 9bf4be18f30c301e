"""Render a Jekyll site's posts with Jekyll 4.3.1 itself: the oracle of ``fidelity.py``
for sites outside ``../shared``.

    python benchmarks/jekyll_oracle.py SITE OUTDIR
    python benchmarks/jekyll_oracle.py SITE OUTDIR --every 24     # a sample of a big site

``SITE`` is copied to ``OUTDIR`` (a fresh folder, without ``.git``) and Jekyll builds
the copy, writing ``OUTDIR/jekyll-content.json``: each post's ``path`` (relative to
``SITE``, so ``src/_posts/...`` when the site's ``source:`` is ``src``) to its HTML
after Liquid and Markdown, before the layout, as ``../shared/corpora`` has it (on
those four sites it gives their file exactly). ``fidelity.py OUTDIR`` then compares
our build of the same copy with it.

Real sites name a theme gem and plugins that are not installed here, so Jekyll runs
without Bundler and with an extra config that drops the theme (``theme: false``, as
Jekyll's merge skips a ``null``), every plugin that does not load (one that is not
installed can be lent from its gem's ``lib`` folder with ``RUBYLIB``), and the
layouts, as the corpora were made: a layout cannot change the content before it, and
a theme's layouts that loop over ``site.posts`` for every post kept Jekyll busy for
more than 20 minutes on a 1,005-post site that builds in 17 s without them. An
include Jekyll cannot find (usually the theme's) becomes an empty file in the copy,
as the corpora's theme includes are, and a file of the site's ``_plugins`` that
fails is deleted from the copy. ``--every N`` keeps every Nth post (by path), deleting the
others from the copy before Jekyll runs; a post a kept one links with
``{% post_url %}`` is put back.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HOOKS = Path(__file__).with_name("jekyll_oracle.rb")
CONFIG_FILES = ("_config.yml", "_config.yaml", "_config.toml")
# Each retry fixes one failure (an include stubbed, a plugin deleted, a post put back).
MAX_RUNS = 100
_MISSING_INCLUDE = re.compile(
    r"Could not locate the included file '([^']+)' in any of \[\"([^\"]+)\""
)
_MISSING_POST = re.compile(r"Could not find post \"([^\"]+)\" in tag 'post_url'")
_SITE_PLUGIN = re.compile(r"(/[^\s:'\"]+?/_plugins/[^\s:'\"]+?\.rb)")


def _posts(folder: Path) -> list[Path]:
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and "_posts" in path.relative_to(folder).parts
    )


def _ruby(
    copy: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = ["ruby", "-r", str(HOOKS.resolve()), *args]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)


def _failing_plugin(output: str, copy: Path) -> Path | None:
    """The site's own plugin file the failure comes from, if any."""
    for found in _SITE_PLUGIN.findall(output):
        path = Path(found)
        if path.is_file() and path.resolve().is_relative_to(copy):
            return path
    return None


def _stub_include(output: str, copy: Path) -> Path | None:
    found = _MISSING_INCLUDE.search(output)
    if found is None:
        return None
    stub = Path(found.group(2), found.group(1)).resolve()
    if not stub.is_relative_to(copy) or stub.exists():
        return None
    stub.parent.mkdir(parents=True, exist_ok=True)
    stub.touch()
    return stub


def _put_back(output: str, site: Path, copy: Path, removed: list[Path]) -> Path | None:
    """A post the sample removed that a kept post links to, copied back."""
    found = _MISSING_POST.search(output)
    if found is None:
        return None
    name = found.group(1).strip("/")
    for post in removed:
        stem = post.with_suffix("").as_posix()
        if (stem == name or stem.endswith(f"/{name}")) and not (copy / post).exists():
            shutil.copy2(site / post, copy / post)
            return copy / post
    return None


def _names(paths: list[Path], copy: Path) -> str:
    names = ", ".join(str(path.relative_to(copy)) for path in paths)
    return f"{len(paths)} ({names})" if paths else "0"


def render(site: Path, out: Path, *, every: int = 1) -> int:
    """Copy ``site`` to ``out`` and write ``out/jekyll-content.json``; 0 on success."""
    shutil.copytree(site, out, ignore=shutil.ignore_patterns(".git"), symlinks=True)
    copy = out.resolve()
    removed = [post for index, post in enumerate(_posts(copy)) if index % every]
    for post in removed:
        (copy / post).unlink()
    if every > 1:
        print(f"sample: kept {len(_posts(copy))} posts (every {every}th by path)")
    configs = [name for name in CONFIG_FILES if (copy / name).is_file()]
    loads = json.loads(_ruby(copy, "-e", "JekyllOracle.plugins(ARGV)", *configs).stdout or "{}")
    kept = [name for name, ok in loads.items() if ok]
    dropped = [name for name, ok in loads.items() if not ok]
    stubs: list[Path] = []
    deleted: list[Path] = []
    put_back: list[Path] = []
    with tempfile.TemporaryDirectory() as work:
        extra = Path(work, "_oracle.yml")
        extra.write_text(
            "theme: false\nremote_theme: false\nlayouts_dir: _jekyll_oracle_no_layouts\n"
            f"plugins: {json.dumps(kept)}\n",
            "utf-8",
        )
        content = copy / "jekyll-content.json"
        content.unlink(missing_ok=True)
        env = {**os.environ, "JEKYLL_ORACLE_OUT": str(content), "JEKYLL_NO_BUNDLER_REQUIRE": "1"}
        env["JEKYLL_ORACLE_PLUGINS"] = ",".join(kept)
        jekyll = shutil.which("jekyll") or "jekyll"
        build = [jekyll, "build", "--trace", "--disable-disk-cache", "-d", str(Path(work, "_site"))]
        build += ["--config", ",".join([*configs, str(extra)])]
        for _ in range(MAX_RUNS):
            result = _ruby(copy, *build, env=env)
            output = result.stdout + result.stderr
            if result.returncode == 0:
                break
            if stub := _stub_include(output, copy):
                stubs.append(stub)
            elif plugin := _failing_plugin(output, copy):
                plugin.unlink()
                deleted.append(plugin)
            elif back := _put_back(output, site, copy, removed):
                put_back.append(back)
            else:
                break
    print(f"plugins dropped: {', '.join(dropped) or 'none'}; kept: {', '.join(kept) or 'none'}")
    print(f"site plugins deleted (they failed): {_names(deleted, copy)}")
    print(f"includes stubbed: {_names(stubs, copy)}")
    if every > 1:
        print(f"posts put back, for a post_url: {_names(put_back, copy)}")
    if result.returncode:
        print(f"jekyll failed:\n{output[-3000:]}", file=sys.stderr)
        return 1
    kinds = Counter(
        re.sub(r" requested in .*|\x1b\[\d+m", "", line).strip()
        for line in output.splitlines()
        if "\x1b[33m" in line  # Jekyll's warnings are yellow
    )
    print("jekyll warnings:" + "".join(f"\n  {n} x {kind}" for kind, n in kinds.most_common(8)))
    print(f"posts written: {len(json.loads(content.read_text('utf-8')))} to {content}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the Jekyll site folder")
    parser.add_argument(
        "out", type=Path, help="a fresh folder for the copy and its jekyll-content.json"
    )
    parser.add_argument("--every", type=int, default=1, help="keep every Nth post only")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; give a fresh folder")
    return render(args.site.resolve(), args.out, every=args.every)


if __name__ == "__main__":
    sys.exit(main())
