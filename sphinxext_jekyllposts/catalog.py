"""The post catalog on the Sphinx environment.

Before Sphinx reads anything (``builder-inited``), the site's ``_config.yml``
and every post's front matter are scanned into a
:class:`~.jekyll.catalog.PostCatalog` and put on the environment, where it
pickles and is inherited by parallel readers. Then (``env-get-outdated``):

- files in post folders that Jekyll would not build (no date in the name,
  ``published: false``, drafts, future posts) are taken out of the document
  set, so Sphinx never reads them; a post that was built before and is no
  longer (now unpublished) is removed, its page deleted;
- posts whose record changed since the last build (a new ``timezone`` in
  ``_config.yml``, say) are re-read even though their file did not change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .config import JekyllPostsConfig, configured, validated
from .jekyll.archives import Archive, archives
from .jekyll.catalog import (
    DRAFTS_DIR,
    POSTS_DIR,
    DerivedOnLoad,
    Post,
    PostCatalog,
    PostFolders,
    ReadCache,
    Skipped,
    entries_to_avoid,
    scan_site,
    survey_post_folders,
)
from .jekyll.files import real_path
from .jekyll.frontmatter import value_text
from .jekyll.problems import Problem, ProblemKind
from .jekyll.site import load_site_settings
from .output import NAME_MAX, name_problem, output_record
from .reporting import info, printable, report, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .jekyll.site import SiteSettings

T = TypeVar("T")


@dataclass(frozen=True)
class SiteState(DerivedOnLoad):
    """What the extension knows about the site for one build; pickled on the env."""

    config: JekyllPostsConfig
    site_dir: Path
    catalog: PostCatalog
    docnames: dict[str, str]
    """Each post's docname to its path relative to the site root."""
    site_docdir: str = ""
    """The site folder as a docname prefix (``news/``), empty for the source folder."""
    archives: dict[str, tuple[Archive, ...]] = dataclasses.field(default_factory=dict)
    """The archive pages of each enabled kind (``category``, ``tag``, ``year``)."""

    def __post_init__(self) -> None:
        paths = {path: docname for docname, path in self.docnames.items()}
        object.__setattr__(self, "_docname_of", paths)
        pages = {
            (archive.kind, archive.name): self.archive_docname(archive)
            for kind in self.archives.values()
            for archive in kind
        }
        object.__setattr__(self, "_archive_docs", pages)
        order = [paths[p.path] for p in self.catalog if p.path in paths]
        object.__setattr__(self, "_order", order)
        object.__setattr__(self, "_position", {d: i for i, d in enumerate(order)})
        posts = [(paths[p.path], p) for p in self.catalog if p.path in paths]
        object.__setattr__(self, "_posts", posts)

    def post(self, docname: str) -> Post | None:
        """The post read as ``docname``, or ``None`` for any other document."""
        path = self.docnames.get(docname)
        return self.catalog.by_path(path) if path is not None else None

    def docname(self, post: Post) -> str | None:
        """The docname a post is read as (``None`` when Sphinx does not read it)."""
        found: str | None = self._docname_of.get(post.path)  # type: ignore[attr-defined]
        return found

    def posts(self) -> list[tuple[str, Post]]:
        """(docname, post) of every post Sphinx reads, oldest first."""
        return list(self._posts)  # type: ignore[attr-defined]

    def archive_docname(self, archive: Archive) -> str:
        """The docname of an archive's generated page, e.g. ``news/category/技术``."""
        folder = {
            "category": self.config.category_dir,
            "tag": self.config.tag_dir,
            "year": self.config.year_dir,
        }[archive.kind]
        return f"{self.site_docdir}{(folder or '').strip('/')}/{archive.slug}"

    def archive_index_docname(self, kind: str) -> str:
        """The docname of the generated page listing every archive of ``kind``."""
        folder = {"category": self.config.category_dir, "tag": self.config.tag_dir}.get(
            kind, self.config.year_dir
        )
        return f"{self.site_docdir}{(folder or '').strip('/')}/index"

    def archive_by_reference(self, reference: str) -> Archive | None:
        """The archive named ``kind/slug`` (how generated pages refer to theirs)."""
        kind, _, slug = reference.partition("/")
        for archive in self.archives.get(kind, ()):
            if archive.slug == slug:
                return archive
        return None

    def archive_page(self, kind: str, name: str) -> str | None:
        """The docname of the page of category/tag/year ``name``, if there is one."""
        found: str | None = self._archive_docs.get((kind, name))  # type: ignore[attr-defined]
        return found

    def per_page(self) -> int:
        """Posts per page of the paginated list of all posts (0: none)."""
        if self.config.paginate is not None:
            return self.config.paginate
        return self.catalog.settings.paginate

    def pagination(self) -> list[str]:
        """The docnames of the pages of all posts, first page first."""
        per_page = self.per_page()
        if not per_page:
            return []
        # Both checked (paginate_path_problem) where they are read, with a warning.
        pattern = (self.config.paginate_path or self.catalog.settings.paginate_path).strip("/")
        count = max(1, -(-len(self._order) // per_page))  # type: ignore[attr-defined]

        def page(number: int) -> str:
            path = pattern.replace(":num", str(number)).removesuffix("index.html")
            return self.site_docdir + (path.removesuffix(".html").strip("/") or f"page{number}")

        return [page(number) for number in range(1, count + 1)]

    def neighbours(self, docname: str) -> tuple[str | None, str | None]:
        """The docnames of the post before (older) and after (newer) ``docname``."""
        order: list[str] = self._order  # type: ignore[attr-defined]
        index: int | None = self._position.get(docname)  # type: ignore[attr-defined]
        if index is None:
            return None, None
        older = order[index - 1] if index > 0 else None
        newer = order[index + 1] if index + 1 < len(order) else None
        return older, newer

    def related(self, docname: str) -> list[str]:
        """Up to ``jekyllposts_related_posts`` posts sharing the most tags with
        ``docname`` (then the most categories), newest first among equals."""
        limit = self.config.related_posts
        post = self.post(docname)
        if not limit or post is None:
            return []
        scored = []
        for other_docname, other in reversed(self.posts()):
            if other_docname == docname:
                continue
            tags = len(set(post.tags) & set(other.tags))
            categories = len(set(post.categories) & set(other.categories))
            if tags or categories:
                scored.append((-tags, -categories, other_docname))
        scored.sort(key=lambda item: item[:2])  # stable: newest first among equals
        return [docname for _, _, docname in scored[:limit]]


def site_state(env: BuildEnvironment) -> SiteState | None:
    """The extension's state on ``env`` (``None`` before ``builder-inited``)."""
    return getattr(env, "jekyllposts_site", None)


_derived: dict[str, tuple[SiteState, object, Any]] = {}


def derived(state: SiteState, name: str, compute: Callable[[], T], *, key: object = None) -> T:
    """``compute()``, once per build (its ``state``) and ``key`` in this process:
    for what every page of a build shares (a sidebar, the posts feeds show)."""
    known = _derived.get(name)
    if known is not None and known[0] is state and known[1] == key:
        value: T = known[2]
        return value
    value = compute()
    _derived[name] = (state, key, value)
    return value


def post_for(env: BuildEnvironment, docname: str) -> Post | None:
    """The typed post record of ``docname``, or ``None`` if it is not a post."""
    state = site_state(env)
    return state.post(docname) if state is not None else None


class _SiteLoader:
    """The scan of one build, carried from ``builder-inited`` to ``env-get-outdated``."""

    def __init__(self) -> None:
        self.changed: set[str] = set()
        self.not_built: set[str] = set()
        self.survey: PostFolders | None = None
        self.site: tuple[SiteSettings, tuple[Problem, ...]] | None = None

    def on_config_inited(self, app: Sphinx, config: Config) -> None:
        options = configured(config)
        site_dir = _site_dir(app, options)
        if site_dir.is_dir():
            # Read once per build: reported at builder-inited, when warnings have a place.
            self.site = load_site_settings(site_dir)
            self.survey = prepare_discovery(app, config, site_dir, self.site[0])

    def on_builder_inited(self, app: Sphinx) -> None:
        env = app.env
        config = configured(app.config)
        site_dir = _site_dir(app, config)
        if site_dir.is_dir():
            site, problems = self.site or load_site_settings(site_dir)
            for problem in problems:
                report(problem, site_dir=site_dir)
            # Kept on the environment: an unchanged post is not read again.
            cache = env.__dict__.setdefault("jekyllposts_read_cache", ReadCache())
            catalog = scan_site(
                site_dir,
                config.site_settings(site),
                skip_dirs=(Path(app.outdir), Path(app.doctreedir)),
                cache=cache,
                survey=self.survey,
            )
        else:
            warn(
                f"jekyllposts_site_dir = {config.site_dir!r}: "
                f"{site_dir} is not a folder; no posts are read",
                ProblemKind.CONFIG,
            )
            catalog = PostCatalog()
        self.survey = self.site = None  # the next build's discovery reads again
        previous = site_state(env)
        # A post's docname depends on its path only (and on settings whose
        # change rebuilds the environment): known ones are not computed again.
        known: dict[str, str] = {}
        if previous is not None and previous.site_dir == site_dir:
            known = {path: docname for docname, path in previous.docnames.items()}
        docnames: dict[str, str] = {}
        for post in catalog:
            docname = known.get(post.path) or env.path2doc(str(site_dir / post.path))
            if docname is not None:
                docnames[docname] = post.path
        catalog = _without_unbuildable(app, catalog, docnames, site_dir)
        try:
            prefix = site_dir.relative_to(Path(app.srcdir).resolve()).as_posix()
        except ValueError:
            prefix = "."
        site_docdir = "" if prefix == "." else f"{prefix}/"
        enabled = {
            "category": config.category_dir,
            "tag": config.tag_dir,
            "year": config.year_dir,
        }
        state = SiteState(
            config,
            site_dir,
            catalog,
            docnames,
            site_docdir,
            {kind: archives(catalog, kind) for kind, folder in enabled.items() if folder},
        )
        env.jekyllposts_site = state  # type: ignore[attr-defined]
        self.not_built = set()
        for skipped in catalog.skipped:
            docname = env.path2doc(str(site_dir / skipped.path))
            if skipped.problem is not None:
                report(skipped.problem, site_dir=site_dir)
            elif docname is not None or skipped.folder:
                # No location: Sphinx takes a location without a line for a
                # docname, and showed "post.md.rst".
                info(f"not built: {printable(skipped.path)}: {printable(skipped.reason)}")
            if docname is not None:
                self.not_built.add(docname)
        self.changed = set()
        if previous is not None:
            for docname in docnames:
                if _changed(previous, state, docname):
                    self.changed.add(docname)
        same = previous is not None and _same_catalog(previous, state) and not self.changed
        derived(state, "catalog-unchanged", lambda: same)

    def on_env_get_outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        # Files Jekyll would not build are taken out of the document set here,
        # not through exclude_patterns: a config change would re-read everything.
        for docname in self.not_built:
            env.found_docs.discard(docname)
            added.discard(docname)
            changed.discard(docname)
            if docname in env.all_docs:
                removed.add(docname)  # a post that was built before, e.g. now unpublished
        return sorted(self.changed - added - changed)


def _site_dir(app: Sphinx, config: JekyllPostsConfig) -> Path:
    # os.path.realpath, not Path.resolve: that raises on a link loop before Python 3.13.
    return Path(real_path(Path(app.srcdir) / config.site_dir))


def _unbuildable(post: Post, docname: str | None, site_dir: Path) -> str:
    """Why Sphinx cannot make a page of a post Jekyll builds ("" when it can)."""
    if "\n" in post.path:
        # Sphinx's file discovery never matches a name with a line break.
        return (
            "the file name has a line break, so Sphinx cannot make a page of it; "
            "the post is not built (rename the file)"
        )
    composed = unicodedata.normalize("NFC", post.path)
    if composed != post.path and not (site_dir / composed).exists():
        # Sphinx finds documents by their NFC names, and cannot open this one by it.
        return (
            "the file name is not in Unicode NFC form (its accents are separate "
            "characters, as macOS may write them), so Sphinx cannot read it; "
            "the post is not built (rename the file)"
        )
    if docname is None:
        return (
            f"Sphinx has no source suffix {post.ext!r} (add it to source_suffix, or "
            "rename the file); the post is not built"
        )
    return ""


def prepare_discovery(
    app: Sphinx, config: Config, site_dir: Path, site: SiteSettings
) -> PostFolders:
    """Before Sphinx looks for documents (it follows links): keep it out of
    the links the scan refuses and of the folder links no walk may follow
    (through a link to a parent folder Sphinx walks the site forty times over,
    through a link out of the site any folder of the machine), and give it
    every suffix the posts have (Jekyll's are case-insensitive, Sphinx's are
    not: ``.MD``, ``.Markdown``). At config-inited, so the environment's
    config is the same on every build. ``site`` is the site's ``_config.yml``.
    Returns what it found of the post folders, for the scan."""
    settings = configured(config).site_settings(site)
    outputs = (Path(app.outdir), Path(app.doctreedir))
    survey = survey_post_folders(site_dir, settings, skip_dirs=outputs)
    refused = list(survey.refused)
    for path, why in entries_to_avoid(site_dir, settings, skip_dirs=outputs):
        if path in survey.refused:
            continue
        refused.append(path)
        if not {POSTS_DIR, DRAFTS_DIR} & set(path.split("/")):  # the scan warns about those
            # No location: before the environment exists, Sphinx would take it for a docname.
            info(f"not read: {printable(str(site_dir / path))}: {printable(why)}")
    relative = os.path.relpath(site_dir, real_path(app.srcdir)).replace(os.sep, "/")
    if refused and not relative.startswith(".."):  # else Sphinx does not look there
        base = "" if relative == "." else relative + "/"
        patterns = [_glob_literal(base + path) for path in refused]
        config.exclude_patterns = [*config.exclude_patterns, *patterns]
    suffixes = config.source_suffix
    known = {suffixes} if isinstance(suffixes, str) else set(suffixes)
    missing = sorted(survey.extensions - known - set(app.registry.source_suffix))
    if missing and isinstance(suffixes, dict):
        # Sphinx merges added suffixes into this dict, which can be the default
        # value every Sphinx application in the process shares: this build's own.
        config.source_suffix = dict(suffixes)
    for suffix in missing:
        app.add_source_suffix(suffix, "markdown")
    return survey


def _glob_literal(path: str) -> str:
    """``path`` as a Sphinx exclude pattern that matches only itself."""
    return re.sub(r"([\[*?])", r"[\1]", path)


def catalog_unchanged(state: SiteState) -> bool:
    """Whether this build's catalog is the last build's: the same posts (the
    same records, not read again), docnames and archives."""
    return derived(state, "catalog-unchanged", lambda: False)


def _same_catalog(previous: SiteState, state: SiteState) -> bool:
    old, new = previous.catalog.posts, state.catalog.posts
    return (
        len(old) == len(new)
        and all(a is b for a, b in zip(old, new, strict=True))
        and previous.docnames == state.docnames
        and previous.archives == state.archives
        and previous.config == state.config
    )


def _without_unbuildable(
    app: Sphinx, catalog: PostCatalog, docnames: dict[str, str], site_dir: Path
) -> PostCatalog:
    """The catalog without the posts Sphinx cannot make a page of (taken out of
    ``docnames`` too): skipped, with a warning, like a post Jekyll does not
    build, so that no listing or feed links to them."""
    docname_of = {path: docname for docname, path in docnames.items()}
    unbuildable: list[Skipped] = []
    for post in catalog:
        docname = docname_of.get(post.path)
        problem = None
        reason = _unbuildable(post, docname, site_dir)
        if reason:
            problem = Problem(post.path, 1, ProblemKind.FILE, reason)
        elif docname is not None:
            reason = _page_name_problem(app, docname, post.ext)
            message = f"{reason}: the post is skipped; give it a shorter file name"
            problem = Problem(post.path, 1, ProblemKind.WRITE, message) if reason else None
        if problem is not None:
            unbuildable.append(Skipped(post.path, reason, problem))
            docnames.pop(docname or "", None)
    if not unbuildable:
        return catalog
    left_out = {skipped.path for skipped in unbuildable}
    return PostCatalog(
        tuple(post for post in catalog if post.path not in left_out),
        tuple(sorted((*catalog.skipped, *unbuildable), key=lambda skipped: skipped.path)),
        catalog.settings,
    )


def _page_name_problem(app: Sphinx, docname: str, ext: str) -> str:
    """Why Sphinx cannot write the files of a page ``docname`` (its doctree
    ``<docname>.doctree``, its page, its copied source), or ''."""
    stem = docname.rsplit("/", 1)[-1]
    suffixes = [".doctree", getattr(app.builder, "out_suffix", "")]
    if getattr(app.builder, "copysource", False) and app.config.html_copy_source:
        suffixes.append(ext + app.config.html_sourcelink_suffix)
    suffix = max(suffixes, key=lambda text: len(text.encode("utf-8")))
    longest = len((stem + suffix).encode("utf-8"))
    if longest > NAME_MAX:
        size = len(stem.encode("utf-8")) + len(ext.encode("utf-8"))
        return (
            f"the file name is {size} bytes; Sphinx needs the page's name and {suffix!r} "
            f"in at most {NAME_MAX} bytes (it would be {longest})"
        )
    for folder in (app.doctreedir, app.outdir):
        problem = name_problem(docname + suffix, Path(folder))
        if problem:
            return f"Sphinx cannot write the page's files: {problem}"
    return ""


def _page_files(app: Sphinx, docname: str) -> list[str]:
    """The files (relative to the output folder) Sphinx writes for ``docname``:
    its page and its copied source."""
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:
        return []
    outdir = Path(app.outdir)
    files = [Path(output_path(docname)).relative_to(outdir).as_posix()]
    if getattr(app.builder, "copysource", False) and app.config.html_copy_source:
        suffix = Path(app.env.doc2path(docname, False)).suffix
        link_suffix = app.config.html_sourcelink_suffix
        files.append(f"_sources/{docname}{suffix}{'' if suffix == link_suffix else link_suffix}")
    return files


def remove_old_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Delete what Sphinx wrote for posts and generated pages that are gone
    (deleted, renamed, now unpublished, a category no post has any more): their
    page and copied source, and only these files, as recorded for this builder
    and output folder in the build that made them. Sphinx itself leaves them.

    Runs after the generated pages are added (priority 700), so ``removed``
    holds exactly the documents gone from this build.
    """
    record = output_record(env, app, "pages")
    outdir = Path(app.outdir).resolve()
    for docname in sorted(removed & record.keys()):
        for relative in json.loads(record.pop(docname)):
            path = outdir / relative
            with contextlib.suppress(OSError):
                if path.resolve().is_relative_to(outdir) and path.is_file():
                    path.unlink()
    state = site_state(env)
    ours = set(state.docnames) if state is not None else set()
    ours |= env.__dict__.get("jekyllposts_generated", set())
    for docname in sorted((ours & env.found_docs) - record.keys()):
        record[docname] = json.dumps(_page_files(app, docname))
    return []


def _changed(previous: SiteState, state: SiteState, docname: str) -> bool:
    """Whether a post's page would show something else than last time: its
    record, or what it links to (its category and tag pages, the posts before
    and after it)."""
    old, new = previous.post(docname), state.post(docname)
    if old is None or new is None:
        return old is not new
    # A post the scan did not read again is the very same record.
    if old is not new and _record_text(old) != _record_text(new):
        return True
    return _links(previous, docname, old) != _links(state, docname, new)


def _record_text(post: Post) -> str:
    """The record as text. Not ``==``: aware datetimes compare as instants (a
    post shown in another zone did change), NaN never equals itself, and YAML
    aliases can make front matter exponentially large when compared item by item."""
    fields = dataclasses.replace(post, data={}, problems=())
    return f"{fields!r} {post.date.isoformat()} {value_text(post.data)}"


def _links(state: SiteState, docname: str, post: Post) -> tuple[object, ...]:
    links = [state.archive_page("category", c) for c in post.categories]
    links += [state.archive_page("tag", t) for t in post.tags]
    links += [state.archive_page("year", f"{post.date.year:04d}")]
    return (links, state.neighbours(docname), state.related(docname))


def setup_catalog(app: Sphinx) -> None:
    """Scan the site before reading, and keep the catalog on the environment."""
    loader = _SiteLoader()
    app.connect("config-inited", lambda app, config: validated(config))
    app.connect("config-inited", loader.on_config_inited)
    app.connect("builder-inited", loader.on_builder_inited)
    app.connect("env-get-outdated", loader.on_env_get_outdated)
    app.connect("env-get-outdated", remove_old_pages, priority=700)
