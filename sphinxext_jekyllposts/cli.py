"""The ``jekyllposts`` command: inspect, build and start posts of a Jekyll site.

``jekyllposts inspect SITE`` shows the posts as Jekyll would see them;
``jekyllposts build SITE OUT`` builds the site with Sphinx, no ``conf.py``
needed; ``jekyllposts serve SITE`` serves it and rebuilds it on changes
(``serve.py``); ``jekyllposts new "Title"`` writes a correctly named post.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml
from sphinx.cmd.build import build_main

from . import __version__
from .discovery import glob_literal
from .jekyll.catalog import DRAFTS_DIR, POSTS_DIR, PostCatalog, scan_site
from .jekyll.dates import now_in
from .jekyll.excerpts import has_liquid
from .jekyll.files import real_path
from .jekyll.names import slugify
from .jekyll.site import (
    CONFIG_FILE,
    SOURCE_NOT_READ,
    SiteSettings,
    load_site_settings,
    with_overrides,
)
from .output import replace_if_changed
from .post_titles import markdown_literal
from .reporting import printable
from .site_copy import config_of_content, content_folder, mirror_site, page_files, site_paths

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .jekyll.catalog import Post
    from .jekyll.problems import Problem

PROG = "jekyllposts"
#: Where ``build`` keeps its generated configuration and source mirror, in OUT_DIR.
WORK_DIR = ".jekyllposts"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        status: int = args.run(args)
    except BrokenPipeError:
        # the reader went away (`jekyllposts inspect SITE | head`): stop quietly
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 (closed at exit)
        return 0
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read, build and write the posts of a Jekyll site with Sphinx.",
        epilog=(
            "examples:\n"
            "  jekyllposts inspect ~/blog            a table of the posts Jekyll would build\n"
            "  jekyllposts inspect ~/blog --json     the same as JSON\n"
            "  jekyllposts build ~/blog /tmp/html    the site as a Sphinx HTML site\n"
            "  jekyllposts serve ~/blog --drafts     served at 127.0.0.1:4000, rebuilt on changes\n"
            '  jekyllposts new "Hello, world" --category notes --site ~/blog\n'
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    inspect = commands.add_parser(
        "inspect",
        help="list the posts as Jekyll 4.3 sees them",
        description=(
            "List every post of a Jekyll site as Jekyll 4.3 sees it: path, date, title, "
            "slug, categories, tags, URL, draft and excerpt. Problems with posts are "
            "reported on stderr with file and line; they do not stop the rest."
        ),
    )
    inspect.add_argument("site", metavar="SITE_DIR", type=Path, help="the Jekyll site folder")
    inspect.add_argument(
        "--json", action="store_true", help="print a JSON array instead of a table"
    )
    add_site_options(inspect)
    inspect.set_defaults(run=_inspect)

    build = commands.add_parser(
        "build",
        help="build the site's posts with Sphinx",
        description=(
            "Build a Jekyll site's posts with Sphinx and this extension. Without a conf.py "
            "in SITE_DIR, settings come from its _config.yml and a root page listing the "
            "posts is generated; with one, that conf.py is used. Nothing is written into "
            f"SITE_DIR: the output, and a {WORK_DIR}/ folder of generated files, go to OUT_DIR."
        ),
    )
    build.add_argument("site", metavar="SITE_DIR", type=Path, help="the Jekyll site folder")
    build.add_argument("out", metavar="OUT_DIR", type=Path, help="where the built site goes")
    build.add_argument("-b", "--builder", default="html", help="Sphinx builder (default: html)")
    build.add_argument("-j", "--jobs", default="1", help="parallel jobs, a number or 'auto'")
    build.add_argument("-E", "--fresh", action="store_true", help="read every post again")
    build.add_argument("-W", "--fail-on-warning", action="store_true", help="fail on warnings")
    build.add_argument("-q", "--quiet", action="store_true", help="show only warnings")
    build.add_argument("--theme", help="HTML theme when there is no conf.py (default: alabaster)")
    add_site_options(build)
    build.set_defaults(run=_build)

    from .serve import add_serve_parser  # noqa: PLC0415 (serve.py imports this module)

    add_serve_parser(commands)

    new = commands.add_parser(
        "new",
        help="write a new, correctly named post",
        description=(
            "Write SITE/_posts/YYYY-MM-DD-slug.md with front matter for a new post, dated "
            "now in the site's time zone. An existing file is never overwritten."
        ),
    )
    new.add_argument("title", help="the post's title")
    new.add_argument(
        "--site", type=Path, default=Path(), help="the Jekyll site folder (default: .)"
    )
    new.add_argument("--category", action="append", default=[], help="a category (repeatable)")
    new.add_argument("--tags", nargs="+", default=[], metavar="TAG", help="tags")
    new.add_argument("--slug", help="the slug in the file name (default: from the title)")
    new.add_argument("--draft", action="store_true", help=f"write into {DRAFTS_DIR}/ instead")
    new.set_defaults(run=_new)
    return parser


def add_site_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("site settings (override _config.yml)")
    group.add_argument("--drafts", action="store_true", help="include posts in _drafts/")
    group.add_argument("--future", action="store_true", help="include posts dated in the future")
    group.add_argument(
        "--unpublished", action="store_true", help="include posts with published: false"
    )
    group.add_argument("--timezone", help="IANA time zone for dates, e.g. Asia/Shanghai")
    group.add_argument(
        "--environment",
        metavar="NAME",
        help="Jekyll's jekyll.environment; comments show only in production "
        "(default: $JEKYLL_ENV, else production; for serve, development)",
    )


def site_settings(args: argparse.Namespace) -> tuple[SiteSettings, tuple[Problem, ...]]:
    settings, problems = load_site_settings(args.site)
    overridden = with_overrides(
        settings,
        timezone=args.timezone,
        drafts=args.drafts or None,
        future=args.future or None,
        unpublished=args.unpublished or None,
    )
    return overridden, problems


def check_site(site: Path) -> bool:
    if not site.is_dir():
        print(f"{PROG}: error: {site} is not a folder", file=sys.stderr)
        return False
    return True


def _scan(args: argparse.Namespace, *, report: bool = True) -> PostCatalog | None:
    if not check_site(args.site):
        return None
    settings, problems = site_settings(args)
    try:
        settings.zone  # noqa: B018 (validates the zone name)
    except ValueError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return None
    content = content_folder(args.site, settings)
    catalog = scan_site(content, settings)
    if not report:
        return catalog
    _report_config(args.site, content, problems)
    for post in catalog:
        for problem in post.problems:
            _report(content, problem)
    for skipped in catalog.skipped:
        if skipped.problem is not None:
            _report(content, skipped.problem)
    return catalog


def _report_config(site: Path, content: Path, problems: tuple[Problem, ...]) -> None:
    """The problems of ``_config.yml``; a ``source:`` the command reads is none."""
    for problem in problems:
        if content == site or not problem.message.startswith(SOURCE_NOT_READ):
            _report(site, problem)


def _report(site: Path, problem: Problem, stream: TextIO | None = None) -> None:
    print(
        f"{printable(str(site / problem.path))}:{problem.line}: warning: "
        f"{printable(problem.message)} [jekyllposts.{problem.kind.value}]",
        file=stream or sys.stderr,
    )


def post_summary(post: Post) -> dict[str, Any]:
    """One post as ``inspect --json`` prints it (the fields of jekyll-manifest.json)."""
    return {
        "path": post.path,
        "title": post.title,
        "date": post.date.isoformat(),
        "slug": post.slug,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "url": post.url,
        "id": post.id,
        "draft": post.draft,
        "excerpt": post.excerpt,
    }


def _inspect(args: argparse.Namespace) -> int:
    catalog = _scan(args)
    if catalog is None:
        return 2
    if any(has_liquid(p.excerpt_source) and not p.excerpt_from_front_matter for p in catalog):
        # python-liquid is imported only when an excerpt has Liquid to render.
        from .jekyll.liquid import with_rendered_excerpts  # noqa: PLC0415

        catalog = with_rendered_excerpts(catalog, args.site)
    if args.json:
        text = json.dumps([post_summary(post) for post in catalog], ensure_ascii=False, indent=2)
        sys.stdout.write(_json_printable(text) + "\n")
        return 0
    rows = [["date", "title", "categories", "tags", "url"]]
    for post in catalog:
        # A title is anyone's text: an escape sequence in it would drive the terminal.
        rows.append(
            [
                post.date.strftime("%Y-%m-%d %H:%M") + (" (draft)" if post.draft else ""),
                _shorten(printable(post.text_title), 48),
                printable(", ".join(post.categories)),
                _shorten(printable(", ".join(post.tags)), 30),
                printable(post.url),
            ]
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
    print(f"\n{len(catalog)} posts; {len(catalog.skipped)} files in post folders not built")
    return 0


# JSON escapes only C0 controls; C1 controls (U+009B is a terminal's CSI) and
# bidi overrides can only be in its strings, where \uXXXX means the same.
_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _json_printable(text: str) -> str:
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shorten(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    while _width(text) > width - 1:
        text = text[:-1]
    return text + "…"


# A post's file name, less ".md" and with ".doctree", must fit in 255 bytes
# (Sphinx names its doctree after it).
_MAX_NEW_NAME = 250
_MAX_TITLE_SLUG = 100


def _short_slug(slug: str) -> str:
    """A slug made from a long title, cut after a whole word to at most 100 bytes."""
    if len(slug.encode("utf-8")) <= _MAX_TITLE_SLUG:
        return slug
    cut = slug.encode("utf-8")[: _MAX_TITLE_SLUG + 1].decode("utf-8", "ignore")
    return cut.rsplit("-", 1)[0] if "-" in cut.strip("-") else cut[:-1]


def _new(args: argparse.Namespace) -> int:
    if not check_site(args.site):
        return 2
    settings, problems = load_site_settings(args.site)
    content = content_folder(args.site, settings)
    _report_config(args.site, content, problems)
    title = " ".join(args.title.split())
    if not title:
        print(f"{PROG}: error: the title is empty", file=sys.stderr)
        return 2
    now = now_in(settings.zone).replace(microsecond=0)
    slug = slugify(args.slug or title) or "post"
    if not args.slug:
        slug = _short_slug(slug)
    folder = content / (DRAFTS_DIR if args.draft else POSTS_DIR)
    name = f"{slug}.md" if args.draft else f"{now:%Y-%m-%d}-{slug}.md"
    size = len(name.encode("utf-8"))
    if size > _MAX_NEW_NAME:
        print(
            f"{PROG}: error: the file name would be {size} bytes; Sphinx can build a post "
            f"whose name has at most {_MAX_NEW_NAME}: give a shorter --slug",
            file=sys.stderr,
        )
        return 2
    path = folder / name
    front: dict[str, Any] = {
        "layout": "post",
        "title": title,
        "date": now.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    if args.category:
        front["categories"] = args.category
    if args.tags:
        front["tags"] = args.tags
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        print(f"{PROG}: error: {path} exists; nothing was written", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"{PROG}: error: {path} cannot be written: {error.strerror or error}", file=sys.stderr
        )
        return 1
    print(path)
    return 0


def _build(args: argparse.Namespace) -> int:
    # os.path.realpath, not Path.resolve: that raises on a link loop before Python 3.13.
    site = Path(real_path(args.site))
    out = Path(real_path(args.out))
    if not check_site(site):
        return 2
    refusal = output_folder_refusal(site, out, "OUT_DIR")
    if refusal:
        print(f"{PROG}: error: {refusal}", file=sys.stderr)
        return 2
    return build_site(args, site, out)


def output_folder_refusal(site: Path, out: Path, name: str) -> str:
    """Why ``out`` (real paths both) cannot hold the built ``site``, or ``""``."""
    if out == site or site.is_relative_to(out):
        return f"{name} must not be SITE_DIR or contain it"
    if out.is_relative_to(site) and not _ignored_by_jekyll(out.relative_to(site)):
        return (
            f"{name} inside SITE_DIR must be a folder Jekyll ignores, "
            "one whose name starts with '_' or '.' (such as _build), and not a post folder"
        )
    return ""


def build_site(args: argparse.Namespace, site: Path, out: Path) -> int:
    """Build ``site`` into ``out`` as ``jekyllposts build`` does (both real paths,
    checked): ``_config.yml`` read again, the mirror and the generated ``conf.py``
    and ``index.md`` made again, then an incremental Sphinx build. Returns the
    exit status. ``jekyllposts serve`` calls it for every rebuild."""
    work = out / WORK_DIR
    options = ["-b", args.builder, "-j", str(args.jobs), "-d", str(work / "doctrees")]
    options += ["-E"] if args.fresh else []
    options += ["-W", "--keep-going"] if args.fail_on_warning else []
    options += ["-q"] if args.quiet else []
    overrides = {
        "jekyllposts_drafts": args.drafts or None,
        "jekyllposts_future": args.future or None,
        "jekyllposts_unpublished": args.unpublished or None,
        "jekyllposts_timezone": args.timezone,
        "jekyllposts_environment": getattr(args, "environment", None),
    }
    for name, value in overrides.items():
        if value is not None:
            options += ["-D", f"{name}={int(value) if isinstance(value, bool) else value}"]
    if (site / "conf.py").is_file():
        # The site is a Sphinx project of its own: build it as it says.
        return int(build_main([*options, str(site), str(out)]))
    catalog = _scan(args, report=False)  # Sphinx reports the problems itself
    if catalog is None:
        return 2
    source = work / "source"
    content = content_folder(site, catalog.settings)
    kept = () if content == site else (CONFIG_FILE,)
    not_mirrored = mirror_site(content, source, skip=out, also_generated=kept)
    for problem in not_mirrored:
        _report(content, problem)
    pages = page_files(source, catalog.settings)
    generated = {
        "conf.py": _generated_conf(catalog, args, pages=pages, content=content),
        "index.md": _generated_index(catalog),
    }
    if content != site:
        generated[CONFIG_FILE] = config_of_content(site)
    for name, text in generated.items():
        try:
            replace_if_changed(source / name, text.encode("utf-8"))
        except OSError as error:
            print(
                f"{PROG}: error: {source / name} cannot be written: {error.strerror or error}",
                file=sys.stderr,
            )
            return 1
    with site_paths(source, content):
        status = int(build_main([*options, "-c", str(source), str(source), str(out)]))
    return max(status, 1) if not_mirrored and args.fail_on_warning else status


def _ignored_by_jekyll(relative: Path) -> bool:
    top = relative.parts[0]
    posts = {POSTS_DIR, DRAFTS_DIR}
    return top.startswith(("_", ".")) and not posts.intersection(relative.parts)


def _site_title(catalog: PostCatalog, fallback: str) -> str:
    return " ".join(catalog.settings.title.split()) or fallback


def _copyright(catalog: PostCatalog, title: str) -> str:
    """The footer's line as a blog has it: the years of its posts and its author
    (the site title without an author), never Sphinx's empty "©. |"."""
    years = sorted({post.date.year for post in catalog.posts})
    span = (
        "" if not years else f"{years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    )
    owner = " ".join((catalog.settings.author.name or "").split()) or title
    return ", ".join(part for part in (span, owner) if part)


def _generated_conf(
    catalog: PostCatalog,
    args: argparse.Namespace,
    *,
    pages: Sequence[str] = (),
    content: Path | None = None,
) -> str:
    settings = catalog.settings
    title = _site_title(catalog, Path(real_path(args.site)).name)
    values: dict[str, Any] = {
        "project": title,
        # The blog's name in every tab and header, not "<project> documentation".
        "html_title": title,
        "copyright": _copyright(catalog, title),
        "extensions": ["sphinxext_jekyllposts"],
        # A site folder is a Jekyll site, with or without a _config.yml.
        "jekyllposts_pages": True,
        # Its git history, not the copy's, dates posts (jekyll-last-modified-at).
        "jekyllposts_history_dir": str(real_path(content or args.site)),
        "root_doc": "index",
        "include_patterns": [
            "index.md",
            f"{POSTS_DIR}/**",
            f"**/{POSTS_DIR}/**",
            f"{DRAFTS_DIR}/**",
            f"**/{DRAFTS_DIR}/**",
            # Jekyll's pages and output collections' documents, each by name:
            # a README or an include is no page.
            *(glob_literal(page) for page in pages),
        ],
        "exclude_patterns": [],
        "html_theme": args.theme or "alabaster",
        "html_show_sourcelink": False,
    }
    favicon = Path(real_path(content or args.site)) / "favicon.ico"
    if favicon.is_file() and not favicon.is_symlink():
        values["html_favicon"] = str(favicon)
    if settings.lang.strip():
        values["language"] = settings.lang.strip().replace("-", "_")
    if settings.url.startswith(("http://", "https://")):
        values["html_baseurl"] = settings.url.rstrip("/") + "/" + settings.baseurl.strip("/")
    lines = [
        f"# Generated by `{PROG} build` from {CONFIG_FILE}; it is rewritten on every build.",
        "# To change it, put a conf.py of your own in the site folder.",
    ]
    lines += [f"{name} = {value!r}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def _generated_index(catalog: PostCatalog) -> str:
    title = _site_title(catalog, "Posts")
    description = catalog.settings.description
    lines = [f"# {markdown_literal(title)}", ""]
    if description.strip():
        lines += [markdown_literal(description), ""]
    # The category pages (and the posts without a category: the root page's
    # children, so no post is outside the toctree), then every post, newest first.
    # The site's menu (its pages and links, in its order), then the categories:
    # the navigation every theme shows.
    lines += ["```{site-menu}", ":hidden:", "```", ""]
    lines += ["```{category-toctree}", ":maxdepth: 1", "```", ""]
    lines += ["```{post-list}", "```", ""]
    return "\n".join(lines)
