"""Check a built site at its Jekyll addresses (issue 14's "Done when").

    python benchmarks/site_check.py ../shared/corpora/mzlogin            # builds it first
    python benchmarks/site_check.py SITE --out OUT                       # an existing build
    python benchmarks/site_check.py SITE --out OUT --json --check        # JSON; exit 1 on a failure

``SITE`` is a Jekyll site folder (``_config.yml``, ``_posts``); ``OUT`` what
``jekyllposts build SITE OUT`` wrote. The posts come from the site's
``jekyll-manifest.json`` (each post's ``path`` and Jekyll ``url``, as the folders
of ``../shared/corpora`` have), or else from ``jekyllposts inspect SITE --json``.
Four checks:

- **posts**: the file that serves each post's URL (``/a/b/`` -> ``a/b/index.html``,
  ``/a/b.html`` -> ``a/b.html``, ``/a/b`` -> ``a/b``, ``a/b.html`` or
  ``a/b/index.html``; percent-decoded; below the output's root, without the
  ``baseurl``) exists, is not a redirect page (our marker or a meta refresh) and
  has the post's title in an ``<h1>``;
- **links**: every local ``href``, ``src`` and ``srcset`` entry of every ``.html``
  file of the output resolves to a file of the output (relative to the page's
  folder, or to the root, after the ``baseurl``, when it starts with ``/``; query
  and fragment stripped, percent-decoded; a folder means its ``index.html``, a
  path without a file its ``.html``); ``http:``, ``//host``, ``mailto:``, any other
  scheme and a bare ``#fragment`` are not local. A link that is broken in
  Jekyll's output too is counted apart, not failed: its URL is in Jekyll's
  rendering of the posts (``jekyll-content.json``) or written in a page's
  source (a corpus ships no rendering of its pages), and the site has nothing
  where it leads (pages are where Jekyll writes them, so a relative URL leads
  where it led there);
- **static files**: every static file of the site, by Jekyll's rule (computed
  here, independently of the package: the oracle), is in the output at its path;
- **.nojekyll**: the output has one (so GitHub Pages serves ``_static/``).
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from jekyll_files import baseurl_of, site_config, site_lacks, source_names, static_files

REDIRECT_MARKER = "<!-- written by sphinxext-jekyllposts: a redirect -->"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.IGNORECASE)
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)
_LINK_ATTRIBUTES = frozenset({"href", "src", "srcset"})


@dataclass(frozen=True)
class Failure:
    """One failed check: what (``page`` or file), the ``target`` looked for, and why."""

    check: str
    why: str
    page: str
    target: str = ""


@dataclass
class SiteReport:
    name: str
    posts_served: int = 0
    posts: int = 0
    links_ok: int = 0
    links_as_jekyll: int = 0
    links: int = 0
    static_present: int = 0
    static: int = 0
    nojekyll: bool = False
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> dict[str, bool]:
        return {
            "posts": self.posts_served == self.posts,
            "links": self.links_ok + self.links_as_jekyll == self.links,
            "static files": self.static_present == self.static,
            ".nojekyll": self.nojekyll,
        }

    def row(self) -> str:
        return (
            f"| {self.name} | {self.posts_served} / {self.posts} | {self.links_ok} / {self.links} "
            f"| {self.links_as_jekyll} "
            f"| {self.static_present} / {self.static} | {'yes' if self.nojekyll else 'no'} |"
        )

    def failure_kinds(self) -> Counter[tuple[str, str]]:
        return Counter((f.check, f.why) for f in self.failures)

    def as_json(self, first: int) -> dict[str, object]:
        kinds = self.failure_kinds()
        return {
            "site": self.name,
            "posts": {"served": self.posts_served, "total": self.posts},
            "links": {
                "ok": self.links_ok,
                "as Jekyll's": self.links_as_jekyll,
                "total": self.links,
            },
            "static files": {"present": self.static_present, "total": self.static},
            ".nojekyll": self.nojekyll,
            "passed": self.passed,
            "failures": [
                {
                    "check": check,
                    "why": why,
                    "count": count,
                    "first": [asdict(f) for f in self.failures if (f.check, f.why) == (check, why)][
                        :first
                    ],
                }
                for (check, why), count in kinds.most_common()
            ],
        }


HEADER = (
    "| site | posts at URL served | local links ok | broken as in Jekyll's output "
    "| static files present | .nojekyll |\n| --- | --- | --- | --- | --- | --- |"
)


# --- the posts and the files that serve their URLs -------------------------------------


def posts_of(site: Path) -> list[dict[str, object]]:
    """Each post's ``path``, ``url`` and ``title``: the manifest, or ``jekyllposts inspect``."""
    manifest = site / "jekyll-manifest.json"
    if manifest.is_file():
        entries = json.loads(manifest.read_text("utf-8"))
    else:
        command = [sys.executable, "-m", "sphinxext_jekyllposts", "inspect", str(site), "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        entries = json.loads(done.stdout)
    return [entry for entry in entries if isinstance(entry, dict)]


def _inside(out: Path, relative: str) -> str | None:
    """``relative`` normalized, or None when it leaves the output folder."""
    normal = posixpath.normpath(relative) if relative else "."
    if normal == ".." or normal.startswith(("../", "/")):
        return None
    return "" if normal == "." else normal


def serving_file(out: Path, path: str) -> Path | None:
    """The file a static server gives for ``path`` (decoded, from the output root):
    a folder's ``index.html``, the file itself, or the file with ``.html``."""
    relative = _inside(out, path.lstrip("/"))
    if relative is None:
        return None
    if path.endswith("/") or relative == "":
        candidates = [posixpath.join(relative, "index.html")]
    else:
        candidates = [relative, relative + ".html", posixpath.join(relative, "index.html")]
    for candidate in candidates:
        file = out / candidate
        if file.is_file():
            return file
    return None


def is_redirect(markup: str) -> bool:
    return REDIRECT_MARKER in markup or _REFRESH.search(markup) is not None


class _Headings(HTMLParser):
    """The text of every ``<h1>``, without header links (Sphinx's ``¶``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self._depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self._depth += 1
            self.headings.append("")
        elif self._depth and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._depth:
            self._depth -= 1
        elif tag == "a" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.headings[-1] += data


def _plain(text: str) -> str:
    """Text compared as a reader sees it: tags dropped, unescaped, NFKC, typographic
    quotes and dashes folded (a theme may "smartify" a title), spaces folded."""
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(re.sub(r"-{2,}", "-", text).split())


def has_title(markup: str, title: str) -> bool:
    parser = _Headings()
    parser.feed(markup)
    wanted = _plain(title)
    return any(wanted and wanted in _plain(heading) for heading in parser.headings)


def check_post(out: Path, entry: dict[str, object]) -> Failure | None:
    url, path = str(entry.get("url") or ""), str(entry.get("path") or "")
    file = serving_file(out, unquote(url))
    if file is None:
        return Failure("posts", "no file serves the URL", path, url)
    markup = file.read_text("utf-8", errors="replace")
    served = file.relative_to(out).as_posix()
    if is_redirect(markup):
        return Failure("posts", "a redirect page", path, served)
    if not has_title(markup, str(entry.get("title") or "")):
        return Failure("posts", "no <h1> with the post's title", path, served)
    return None


# --- local links ---------------------------------------------------------------------


class _Links(HTMLParser):
    """Every ``href``, ``src`` and ``srcset`` entry of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name not in _LINK_ATTRIBUTES or value is None:
                continue
            if name == "srcset":
                # "a.png 1x, b.png 2x": each entry's URL, before its descriptor.
                for candidate in value.split(","):
                    if candidate.strip():
                        self.links.append((f"{tag} {name}", candidate.split()[0]))
            else:
                self.links.append((f"{tag} {name}", value))

    handle_startendtag = handle_starttag


def is_local(url: str) -> bool:
    url = url.strip()
    return not (url == "" or url.startswith(("#", "//")) or _SCHEME.match(url))


def resolve_link(out: Path, page: str, url: str, *, baseurl: str = "") -> tuple[bool, str]:
    """Whether the local ``url`` on the output's ``page`` resolves to a file of the
    output: (True, the file) or (False, why)."""
    target = unquote(re.split(r"[?#]", url.strip(), maxsplit=1)[0])
    if target.startswith("/"):
        if baseurl and not (target == baseurl or target.startswith(baseurl + "/")):
            return False, f"absolute, not below the baseurl {baseurl}"
        relative = target[len(baseurl) :].lstrip("/")
    elif target == "":
        return True, page  # "?query" alone: the page itself
    else:
        relative = posixpath.join(posixpath.dirname(page), target)
    normal = _inside(out, relative)
    if normal is None:
        return False, "outside the output folder"
    file = serving_file(out, normal + ("/" if target.endswith("/") else ""))
    if file is not None:
        return True, file.relative_to(out).as_posix()
    if (out / normal).is_dir():
        return False, "a folder without index.html"
    return False, "no such file"


def check_links(
    out: Path, *, baseurl: str = "", failures: list[Failure] | None = None
) -> tuple[int, int]:
    """(ok, total) over every local link of every ``.html`` file of ``out`` (but
    those in ``.``-prefixed folders, which are not pages)."""
    ok = total = 0
    cache: dict[tuple[str, str], tuple[bool, str]] = {}
    for file in sorted(out.rglob("*.html")):
        page = file.relative_to(out).as_posix()
        # Not a page: a build's own files (`.jekyllposts/`: doctrees, feed fragments).
        if any(part.startswith(".") for part in page.split("/")):
            continue
        parser = _Links()
        parser.feed(file.read_text("utf-8", errors="replace"))
        folder = posixpath.dirname(page)
        for where, url in parser.links:
            if not is_local(url):
                continue
            total += 1
            key = (folder, url)
            if key not in cache:
                cache[key] = resolve_link(out, page, url, baseurl=baseurl)
            resolved, why = cache[key]
            if resolved:
                ok += 1
            elif failures is not None:
                failures.append(Failure("links", why, page, f"{where}={url}"))
    return ok, total


# --- links Jekyll's own output has broken ---------------------------------------------


def jekyll_links(site: Path) -> frozenset[str]:
    """Every ``href``, ``src`` and ``srcset`` URL of the posts as Jekyll rendered them
    (``jekyll-content.json``; none without it), and every root-absolute URL the
    Markdown pages and collection documents link to as written (Jekyll writes
    a page's ``[text](/docs/x/)`` as it is: the oracle has no pages)."""
    oracle = site / "jekyll-content.json"
    if not oracle.is_file():
        return frozenset()
    parser = _Links()
    for content in json.loads(oracle.read_text("utf-8")).values():
        parser.feed(str(content))
    found = {url for _, url in parser.links}
    for source in site.rglob("*.md"):
        if "_posts" in source.parts or "_drafts" in source.parts:
            continue
        text = source.read_text("utf-8", errors="replace")
        found.update(match.group(1) for match in _WRITTEN_LINK.finditer(text))
    return frozenset(found)


#: A URL as written in a page's source: a Markdown link's, an attribute's, a
#: quoted site path given to a filter (``{{ '/x/' | relative_url }}``).
_WRITTEN_LINK = re.compile(r"""[("'](\.{0,2}/[^)"'\s]*)[)"']""")


def as_in_jekyll(failure: Failure, jekyll: frozenset[str], lacks: dict[str, bool]) -> bool:
    """A link that is broken in Jekyll's output too: Jekyll wrote this URL, and
    the site has nothing where it leads from its page (``lacks``: target ->
    :func:`jekyll_files.site_lacks`)."""
    url = failure.target.split("=", 1)[-1]
    if url not in jekyll:
        return False
    return lacks.get(_site_target(failure.page, url), False)


def _site_target(page: str, url: str) -> str:
    """The site path ``url`` on the output page ``page`` names (decoded, from the
    root): pages are where Jekyll writes them, so a relative URL leads where
    it led in Jekyll's output."""
    path = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
    if path.startswith("/"):
        return path
    return "/" + posixpath.normpath(posixpath.join(posixpath.dirname(page), path)).lstrip("/")


# --- one site ------------------------------------------------------------------------


def check_site(site: Path, out: Path, *, name: str | None = None) -> SiteReport:
    config = site_config(site)
    report = SiteReport(name or site.name)
    for entry in posts_of(site):
        report.posts += 1
        failure = check_post(out, entry)
        if failure is None:
            report.posts_served += 1
        else:
            report.failures.append(failure)
    baseurl = baseurl_of(config)
    broken: list[Failure] = []
    report.links_ok, report.links = check_links(out, baseurl=baseurl, failures=broken)
    jekyll = jekyll_links(site)
    names = source_names(site) if jekyll else frozenset()
    lacks: dict[str, bool] = {}
    for failure in broken:
        url = failure.target.split("=", 1)[-1]
        target = _site_target(failure.page, url)
        if url in jekyll and not target.startswith("/..") and target not in lacks:
            below = target[len(baseurl) :] if target.startswith(baseurl + "/") else target
            lacks[target] = site_lacks(site, below, names)
        if as_in_jekyll(failure, jekyll, lacks):
            report.links_as_jekyll += 1
        else:
            report.failures.append(failure)
    skip = out if out.resolve().is_relative_to(site.resolve()) else None
    for relative in static_files(site, skip=skip):
        report.static += 1
        if (out / relative).is_file():
            report.static_present += 1
        else:
            report.failures.append(Failure("static files", "not in the output", relative))
    report.nojekyll = (out / ".nojekyll").is_file()
    if not report.nojekyll:
        report.failures.append(Failure(".nojekyll", "not in the output", ".nojekyll"))
    return report


def failures_text(report: SiteReport, first: int) -> list[str]:
    """The first ``first`` failures of each kind, under a count of the kind."""
    lines = []
    for (check, why), count in report.failure_kinds().most_common():
        lines.append(f"{report.name}: {check}: {why}: {count}")
        shown = [f for f in report.failures if (f.check, f.why) == (check, why)][:first]
        lines += [f"  {f.page}" + (f" -> {f.target}" if f.target else "") for f in shown]
    return lines


def build(site: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinxext_jekyllposts", "build", str(site), str(out)]
    return subprocess.run(
        [*command, "-q", "-j", str(jobs)], capture_output=True, text=True, check=False
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="Jekyll site folders")
    parser.add_argument("--out", type=Path, help="an existing build of the (one) site")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes for the build")
    parser.add_argument("--failures", type=int, default=5, help="failures shown of each kind")
    parser.add_argument(
        "--json", nargs="?", const="-", help="write the figures as JSON (to stdout without a file)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a check fails")
    args = parser.parse_args(argv)
    if args.out is not None and len(args.sites) != 1:
        parser.error("--out is the build of one site")
    reports: list[SiteReport] = []
    failed = False
    for site in args.sites:
        with tempfile.TemporaryDirectory() as temporary:
            out = args.out or Path(temporary) / "out"
            if args.out is None:
                result = build(site, out, args.jobs)
                if result.returncode:
                    print(f"{site.name}: build failed: {result.stderr[-500:]!r}", file=sys.stderr)
                    failed = True
                    continue
            reports.append(check_site(site, out))
    failed |= any(not all(report.passed.values()) for report in reports)
    if args.json is not None:
        figures = json.dumps([r.as_json(args.failures) for r in reports], ensure_ascii=False)
        if args.json == "-":
            print(figures)
        else:
            Path(args.json).write_text(figures, "utf-8")
    if args.json != "-":
        print(HEADER)
        for report in reports:
            print(report.row())
        sys.stdout.flush()
        for report in reports:
            print("\n".join(failures_text(report, args.failures)), file=sys.stderr)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
