"""Build the same generated blog several ways and compare, in one run.

    python benchmarks/run.py --posts 100 1000 --runs 3
    python benchmarks/run.py --posts 1000 2000 --theme furo --docs docs/benchmark

Variants (each skipped when what it needs is missing):

- ``floor``: plain MyST, posts in no toctree (the cost of reading and writing);
- ``glob``: plain MyST, all posts in one glob toctree (what a plain Sphinx user gets);
- ``ours``: this extension with full navigation (``category-toctree``,
  ``post-list``, generated category/tag/year pages, feeds, post headers,
  previous/next);
- ``ablog``: ABlog with its equivalents, when ``ablog`` can be imported;
- ``jekyll``: Jekyll with a trivial layout, when ``jekyll`` is on the PATH.

Scenarios: full build, no-change rebuild, one-post edit, one-post add, and a
``-j 2`` full build. Runs alternate between variants to cancel drift; medians
are reported, with ratios against ``floor``, peak memory, environment and
output sizes, and the pages each scenario wrote. Results go to
``benchmarks/results/<posts>-<theme>.json``; with ``--docs DIR``, the report
(Markdown) and a chart (PNG, with matplotlib) of every size measured also go
to ``DIR/<theme>.md`` and ``DIR/<theme>.png`` for the documentation.
"""

from __future__ import annotations

import argparse
import compileall
import html
import http.client
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
VARIANTS = ("floor", "glob", "ours", "ablog", "jekyll")
SCENARIOS = ("full", "nochange", "edit", "add", "full-j2")
CATEGORIES = ("技术", "随笔", "python", "linux", "cloud", "web", "data", "notes")
TAGS = tuple(f"tag{i}" for i in range(40))
# Runs sphinx-build in a child and reports its peak memory (KiB) on stderr.
_RUNNER = (
    "import resource, sys\n"
    "from sphinx.cmd.build import build_main\n"
    "status = build_main(sys.argv[1:])\n"
    "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(status)\n"
)


def post_text(number: int, *, variant: str) -> tuple[str, str]:
    """File name and text of post ``number``: front matter, paragraphs, code, a list, CJK."""
    rnd = random.Random(number)
    year, month, day = 2010 + number % 12, 1 + number % 12, 1 + number % 28
    categories = rnd.sample(CATEGORIES, 1 + number % 2)
    tags = rnd.sample(TAGS, 3)
    front = [
        f"title: Post number {number}",
        f"categories: [{', '.join(categories)}]",
        f"tags: [{', '.join(tags)}]",
    ]
    if variant in ("floor", "glob", "ablog"):
        front.append(f"date: {year}-{month:02d}-{day:02d}")
    if variant == "floor":
        front.append("orphan: true")
    if variant == "ablog":
        front += [f"category: {', '.join(categories)}", f"tags: {', '.join(tags)}"]
        front = [line for line in front if not line.startswith(("categories:", "tags: ["))]
    paragraphs = [
        f"Paragraph {k} of post {number}: some words about builds, blogs and Sphinx. "
        f"中文内容，第{k}段，用来测试阅读时间。" * 2
        for k in range(4)
    ]
    body = "\n\n".join(paragraphs) + "\n\n```python\nprint('hello')\n```\n\n- one\n- two\n"
    heading = "" if variant in ("ours", "jekyll") else f"# Post number {number}\n\n"
    name = f"{year}-{month:02d}-{day:02d}-post-{number}.md"
    return name, "---\n" + "\n".join(front) + "\n---\n\n" + heading + body


def make_site(root: Path, variant: str, posts: int, theme: str = "alabaster") -> Path:
    """Write a site of ``posts`` posts for ``variant``; returns its folder."""
    site = root / variant
    (site / "_posts").mkdir(parents=True)
    for number in range(posts):
        name, text = post_text(number, variant=variant)
        (site / "_posts" / name).write_text(text, encoding="utf-8")
    common = f'project = "Bench"\nexclude_patterns = ["_build"]\nhtml_theme = "{theme}"\n'
    if variant == "floor":
        (site / "conf.py").write_text(common + 'extensions = ["myst_parser"]\n')
        (site / "index.md").write_text("# Bench\n\nNo toctree.\n")
    elif variant == "glob":
        (site / "conf.py").write_text(common + 'extensions = ["myst_parser"]\n')
        (site / "index.md").write_text("# Bench\n\n```{toctree}\n:glob:\n_posts/*\n```\n")
    elif variant == "ours":
        (site / "conf.py").write_text(
            common + 'extensions = ["sphinxext_jekyllposts"]\n'
            'html_baseurl = "https://example.org/"\njekyllposts_timezone = "UTC"\n'
        )
        (site / "index.md").write_text(
            "# Bench\n\n```{category-toctree}\n:maxdepth: 1\n```\n\n"
            "```{post-list}\n:limit: 10\n:excerpts:\n```\n"
        )
    elif variant == "ablog":
        (site / "conf.py").write_text(
            common + 'extensions = ["ablog", "myst_parser"]\n'
            'blog_baseurl = "https://example.org/"\nblog_path = "blog"\n'
            'blog_post_pattern = ["_posts/*"]\n'
            "post_auto_image = 0\nfontawesome_included = True\n"
        )
        (site / "index.md").write_text('# Bench\n\n```{postlist}\n:format: "{title}"\n```\n')
    elif variant == "jekyll":
        (site / "_config.yml").write_text("title: Bench\ntimezone: UTC\n")
        (site / "_layouts").mkdir()
        (site / "_layouts" / "default.html").write_text("<html><body>{{ content }}</body></html>\n")
        (site / "index.html").write_text(
            "---\nlayout: default\n---\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n"
        )
    return site


def available(variant: str) -> bool:
    if variant == "ablog":
        return (
            subprocess.run(
                [sys.executable, "-c", "import ablog"], capture_output=True, check=False
            ).returncode
            == 0
        )
    if variant == "jekyll":
        return shutil.which("jekyll") is not None
    return True


def build(site: Path, variant: str, *, jobs: int = 1) -> dict[str, float]:
    """One build; wall time, peak memory and the number of pages written."""
    out = site / "_build"
    start = time.perf_counter()
    if variant == "jekyll":
        result = subprocess.run(
            ["jekyll", "build", "-q", "--source", str(site), "--destination", str(out / "html")],
            capture_output=True,
            text=True,
            check=False,
        )
        memory = 0.0
        written = float("nan")
    else:
        command = [sys.executable, "-c", _RUNNER, "-b", "html", "-j", str(jobs)]
        command += ["-d", str(out / "doctrees"), str(site), str(out / "html")]
        # plain output whatever the caller's terminal settings (CI sets FORCE_COLOR):
        # the pages written are counted in it
        env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"} | {"NO_COLOR": "1"}
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        memory = next(
            (
                float(line.split()[1])
                for line in result.stderr.splitlines()
                if line.startswith("MAXRSS")
            ),
            0.0,
        )
        written = float(result.stdout.count("writing output... ["))
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{variant} build failed:\n{result.stderr[-2000:]}")
    return {"seconds": elapsed, "peak_kib": memory, "written": written}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):  # a page replaced while read: IncompleteRead
        return ""


def _post_url(url: str) -> str:
    """Where the post at ``url`` is: the target of the redirect page at a
    post's Sphinx path (the post is at its Jekyll URL), else ``url``."""
    text = _fetch(url)
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text[:1000])
    if "written by sphinxext-jekyllposts: a redirect" in text[:300] and found:
        return urllib.parse.urljoin(url, html.unescape(found.group(1)))
    return url


def edit_to_served(site: Path, *, timeout: float = 300.0) -> float:
    """``jekyllposts serve`` on ``site``: after its first build, the seconds
    from saving an edit to one post until the server sends the edited page."""
    port = _free_port()
    out = site / "_serve"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinxext_jekyllposts", "serve", str(site)]
    command += ["--port", str(port), "--destination", str(out), "--quiet"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = sorted((site / "_posts").iterdir())[0]
        url = f"http://127.0.0.1:{port}/_posts/{first.stem}.html"
        deadline = time.monotonic() + timeout
        while "Paragraph 0 of post" not in _fetch(_post_url(url)):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("jekyllposts serve did not serve the first build")
            time.sleep(0.2)
        url = _post_url(url)
        marker = f"Served edit {random.randrange(10**9)}"
        text = first.read_text("utf-8")
        first.write_text(text + f"\n{marker}\n", encoding="utf-8")
        start = time.perf_counter()
        while marker not in _fetch(url):
            if time.perf_counter() - start > timeout:
                raise RuntimeError("the edit was never served")
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        first.write_text(text, encoding="utf-8")
        return elapsed
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(out, ignore_errors=True)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def scenario(site: Path, variant: str, name: str, posts: int) -> dict[str, float]:
    """Run one scenario from a clean state (a full build first, when it needs one)."""
    shutil.rmtree(site / "_build", ignore_errors=True)
    if name == "full":
        return build(site, variant)
    if name == "full-j2":
        return build(site, variant, jobs=2)
    build(site, variant)
    if name == "edit":
        first = sorted((site / "_posts").iterdir())[0]
        first.write_text(first.read_text("utf-8") + "\nAn edit.\n", encoding="utf-8")
    if name == "add":
        fresh = site / "_posts" / "2009-12-31-added.md"
        fresh.write_text(post_text(posts + 1, variant=variant)[1], encoding="utf-8")
    result = build(site, variant)
    if name == "add":
        (site / "_posts" / "2009-12-31-added.md").unlink()
    if name == "edit":
        first = sorted((site / "_posts").iterdir())[0]
        first.write_text(first.read_text("utf-8").removesuffix("\nAn edit.\n"), encoding="utf-8")
    return result


def measure(posts: int, runs: int, variants: list[str], theme: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="jekyllposts-bench-") as tmp:
        sites = {v: make_site(Path(tmp), v, posts, theme) for v in variants}
        samples: dict[str, dict[str, list[dict[str, float]]]] = {
            v: {s: [] for s in SCENARIOS} for v in variants
        }
        for run in range(runs):
            for name in SCENARIOS:
                order = variants if run % 2 == 0 else list(reversed(variants))
                for variant in order:
                    if variant == "jekyll" and name == "full-j2":
                        continue
                    samples[variant][name].append(scenario(sites[variant], variant, name, posts))
        results: dict[str, object] = {
            "posts": posts,
            "runs": runs,
            "theme": theme,
            "variants": {},
        }
        served = []
        if "ours" in variants:
            served = [edit_to_served(sites["ours"]) for _ in range(runs)]
        for variant in variants:
            site = sites[variant]
            build(site, variant) if not (site / "_build").exists() else None
            summary: dict[str, object] = {}
            if variant == "ours" and served:
                summary["edit_to_served_seconds"] = statistics.median(served)
            for name, values in samples[variant].items():
                if not values:
                    continue
                summary[name] = {
                    "median_seconds": statistics.median(v["seconds"] for v in values),
                    "peak_kib": max(v["peak_kib"] for v in values),
                    "written": statistics.median(v["written"] for v in values),
                }
            summary["environment_bytes"] = size(site / "_build" / "doctrees")
            summary["output_bytes"] = size(site / "_build" / "html")
            results["variants"][variant] = summary  # type: ignore[index]
        return results


def _mib(value: float) -> str:
    return f"{value / 1024 / 1024:.1f}"


def report(results: dict[str, object]) -> str:
    """A Markdown table of one size: times (ratio to ``floor``), memory, sizes."""
    variants = results["variants"]
    assert isinstance(variants, dict)
    floor = variants.get("floor", {})
    lines = [
        f"{results['posts']} posts, theme {results.get('theme', 'alabaster')}, "
        f"median of {results['runs']} runs (ratio to floor)",
        "",
        "| variant | " + " | ".join(SCENARIOS) + " | peak MiB | environment MiB | output MiB "
        "| pages written by an edit |",
        "|---" * (len(SCENARIOS) + 5) + "|",
    ]
    for variant, summary in variants.items():
        cells = []
        for name in SCENARIOS:
            if name not in summary:
                cells.append("-")
                continue
            seconds = summary[name]["median_seconds"]
            base = floor.get(name, {}).get("median_seconds")
            cells.append(f"{seconds:.2f} s ({seconds / base:.2f}x)" if base else f"{seconds:.2f} s")
        peak = max((s["peak_kib"] for k, s in summary.items() if k in SCENARIOS), default=0)
        edit = summary.get("edit", {}).get("written", float("nan"))
        written = "-" if math.isnan(edit) else f"{edit:.0f}"
        lines.append(
            f"| {variant} | "
            + " | ".join(cells)
            + f" | {peak / 1024:.0f} | {_mib(summary['environment_bytes'])} "
            f"| {_mib(summary['output_bytes'])} | {written} |"
        )
    return "\n".join(lines)


def targets(all_results: list[dict[str, object]]) -> str:
    """The issue's targets for ``ours``, checked on these results (Markdown list)."""
    by_size = {int(r["posts"]): r["variants"] for r in all_results}  # type: ignore[call-overload]
    lines = []

    def check(text: str, ok: bool) -> None:
        lines.append(f"- {'met' if ok else 'NOT met'}: {text}")

    for posts, variants in sorted(by_size.items()):
        ours, floor = variants.get("ours"), variants.get("floor")
        if not ours or not floor:
            continue

        def ratio(name: str, ours: dict = ours, floor: dict = floor) -> float:
            return ours[name]["median_seconds"] / floor[name]["median_seconds"]

        check(
            f"{posts} posts, full build at most 1.5x the floor: {ratio('full'):.2f}x",
            ratio("full") <= 1.5,
        )
        check(
            f"{posts} posts, no-change rebuild at most 1.2x the floor's: {ratio('nochange'):.2f}x",
            ratio("nochange") <= 1.2,
        )
        edit = ours["edit"]["median_seconds"] / ours["nochange"]["median_seconds"]
        check(
            f"{posts} posts, one-post edit at most 3x the no-change rebuild: {edit:.2f}x", edit <= 3
        )
        if "edit_to_served_seconds" in ours:
            served = ours["edit_to_served_seconds"]
            check(
                f"{posts} posts, an edited post served by jekyllposts serve within 2 s: "
                f"{served:.2f} s",
                served <= 2,
            )
        speedup = ours["full"]["median_seconds"] / ours["full-j2"]["median_seconds"]
        check(f"{posts} posts, -j 2 at least 1.3x faster than -j 1: {speedup:.2f}x", speedup >= 1.3)
        env = ours["environment_bytes"] / max(floor["environment_bytes"], 1)
        check(f"{posts} posts, saved environment at most 1.5x the floor's: {env:.2f}x", env <= 1.5)
        ablog = variants.get("ablog")
        if ablog:
            slower = [
                n
                for n in SCENARIOS
                if n in ablog and ours[n]["median_seconds"] >= ablog[n]["median_seconds"]
            ]
            check(
                f"{posts} posts, faster than ABlog on every row"
                + (f" (not: {', '.join(slower)})" if slower else ""),
                not slower,
            )
    sizes = sorted(by_size)
    for small, large in itertools.pairwise(sizes):
        a, b = by_size[small].get("ours"), by_size[large].get("ours")
        if not a or not b:
            continue
        growth = b["full"]["median_seconds"] / a["full"]["median_seconds"]
        limit = 1.1 * large / small
        check(
            f"{small} to {large} posts, full build grows {growth:.2f}x (at most {limit:.1f}x)",
            growth <= limit,
        )
        output = b["output_bytes"] / a["output_bytes"]
        check(
            f"{small} to {large} posts, output grows {output:.2f}x (at most {limit:.1f}x)",
            output <= limit,
        )
    return "\n".join(lines)


def chart(all_results: list[dict[str, object]], path: Path) -> bool:
    """Full-build and no-change times against the number of posts, per variant."""
    try:
        import matplotlib  # noqa: PLC0415 - only the chart needs it

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        print("no chart: matplotlib is not installed")
        return False
    sizes = sorted(int(r["posts"]) for r in all_results)  # type: ignore[call-overload]
    by_size = {int(r["posts"]): r["variants"] for r in all_results}  # type: ignore[call-overload]
    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, name, title in (
        (axes[0], "full", "full build"),
        (axes[1], "nochange", "no-change rebuild"),
    ):
        for variant in VARIANTS:
            points = [
                (n, by_size[n][variant][name]["median_seconds"])
                for n in sizes
                if variant in by_size[n] and name in by_size[n][variant]
            ]
            if points:
                axis.plot(*zip(*points, strict=True), marker="o", label=variant)
        axis.set_title(title)
        axis.set_xlabel("posts")
        axis.set_ylabel("seconds (median)")
        axis.grid(alpha=0.3)
    axes[0].legend()
    theme = all_results[0].get("theme", "alabaster")
    figure.suptitle(f"sphinxext-jekyllposts benchmark, theme {theme}")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    return True


def compile_bytecode() -> None:
    """Give this checkout's package its bytecode, as an installed wheel has it
    (Sphinx and MyST have theirs): with ``PYTHONDONTWRITEBYTECODE`` set, as on
    CI machines, every build would compile it from source again, 70 ms that
    no user pays, charged to ``ours`` alone."""
    package = HERE.parent / "sphinxext_jekyllposts"
    if package.is_dir():
        compileall.compile_dir(package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--theme", default="alabaster", help="the HTML theme of every variant")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--docs", type=Path, help="also write <theme>.md and <theme>.png here")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: report the results already in --out for these sizes",
    )
    args = parser.parse_args(argv)
    if not args.report_only:
        compile_bytecode()
    variants = [v for v in args.variants if available(v)]
    skipped = sorted(set(args.variants) - set(variants))
    if skipped:
        print(f"skipped (not installed): {', '.join(skipped)}")
    args.out.mkdir(parents=True, exist_ok=True)
    all_results = []
    for posts in args.posts:
        name = f"{posts}-{args.theme}.json"
        if args.report_only:
            results = json.loads((args.out / name).read_text("utf-8"))
        else:
            results = measure(posts, args.runs, variants, args.theme)
            (args.out / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
        all_results.append(results)
        print(report(results))
        print()
    summary = targets(all_results)
    print(summary)
    if args.docs:
        args.docs.mkdir(parents=True, exist_ok=True)
        tables = "\n\n".join(report(r) for r in all_results)
        (args.docs / f"{args.theme}.md").write_text(
            f"{tables}\n\nTargets:\n\n{summary}\n", encoding="utf-8"
        )
        chart(all_results, args.docs / f"{args.theme}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
