"""The post catalog on the Sphinx environment.

Before Sphinx reads anything (``builder-inited``), the site's ``_config.yml``
(read at ``config-inited``) and every post's front matter are scanned into a
:class:`~.jekyll.catalog.PostCatalog`, kept as a :class:`SiteState` in the
extension's domain data (:mod:`.state`), where it pickles and is inherited by
parallel readers. The scan also decides, for ``env-get-outdated``
(:mod:`.discovery`), which files in post folders Jekyll would not build (taken
out of the document set) and which posts to read again although their file
did not change (their record changed: a new ``timezone`` in ``_config.yml``,
say, or the posts before and after them).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import JekyllPostsConfig, configured, validated
from .discovery import leave_out_unbuilt, prepare_discovery, remove_old_pages, without_unbuildable
from .jekyll.archives import Archive, archives
from .jekyll.catalog import (
    DerivedOnLoad,
    Post,
    PostCatalog,
    PostFolders,
    ReadCache,
    scan_site,
)
from .jekyll.files import real_path
from .jekyll.frontmatter import value_text
from .jekyll.pages import PageFile, find_pages, url_key
from .jekyll.problems import Problem, ProblemKind
from .jekyll.site import load_site_settings
from .liquid import rendered_excerpts
from .menu import resolved_menu
from .reporting import info, printable, report, warn
from .site_pages import docname_prefix, html_page_files, pages_enabled, site_pages
from .state import (
    build_running,
    read_cache,
    set_site_state,
    site_state,
    start_build,
)
from .static_files import sphinx_folders

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .jekyll.site import SiteSettings


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
    pages: dict[str, Post] = dataclasses.field(default_factory=dict)
    """The site's pages and output collections' documents Sphinx reads, by
    docname (:mod:`.jekyll.pages`): rendered as posts are, listed nowhere."""
    menu: tuple[tuple[str | None, str], ...] = ()
    """The site's menu (:mod:`.menu`): each entry's title (``None``: the
    page's own) and docname or external URL."""

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
        object.__setattr__(self, "_related", {})

    def post(self, docname: str) -> Post | None:
        """The post read as ``docname``, or ``None`` for any other document."""
        path = self.docnames.get(docname)
        return self.catalog.by_path(path) if path is not None else None

    def page(self, docname: str) -> Post | None:
        """The record of the page (or collection document) read as ``docname``."""
        return self.pages.get(docname)

    def docname_at(self, url: str) -> str | None:
        """The post or page whose Jekyll URL ``url`` is, in any of its forms
        (:func:`.jekyll.pages.url_key`: ``/about/``, ``/about.html``...); a
        post before a page of the same URL."""
        known: dict[str, str] | None = self.__dict__.get("_by_url")
        if known is None:  # made when first asked (not every build asks)
            known = {}
            for docname, record in [*self.posts(), *self.pages.items()]:
                known.setdefault(url_key(record.url), docname)
            object.__setattr__(self, "_by_url", known)
        return known.get(url_key(url))

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
            "author": self.config.author_dir,
        }[archive.kind]
        return f"{self.site_docdir}{(folder or '').strip('/')}/{archive.slug}"

    def archive_index_docname(self, kind: str) -> str:
        """The docname of the generated page listing every archive of ``kind``."""
        folder = {
            "category": self.config.category_dir,
            "tag": self.config.tag_dir,
            "author": self.config.author_dir,
        }.get(kind, self.config.year_dir)
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
        ``docname`` (then the most categories), newest first among equals.
        Found once per post and scan: each is a pass over every post."""
        limit = self.config.related_posts
        post = self.post(docname)
        if not limit or post is None:
            return []
        known: dict[str, list[str]] = vars(self)["_related"]
        if docname not in known:
            known[docname] = self._find_related(docname, post, limit)
        return list(known[docname])

    def _find_related(self, docname: str, post: Post, limit: int) -> list[str]:
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


class _SiteLoader:
    """What ``config-inited`` read of the site (before the environment exists),
    handed to the build's state at ``builder-inited``."""

    def __init__(self) -> None:
        self.survey: PostFolders | None = None
        self.site: tuple[SiteSettings, tuple[Problem, ...]] | None = None
        self.pages: tuple[list[PageFile], list[Problem]] | None = None

    def on_config_inited(self, app: Sphinx, config: Config) -> None:
        options = configured(config)
        site_dir = _site_dir(app, options)
        if site_dir.is_dir():
            # Read once per build: reported at builder-inited, when warnings have a place.
            self.site = load_site_settings(site_dir)
            html_pages: list[str] = []
            if pages_enabled(options, site_dir):
                settings = options.site_settings(self.site[0])
                skip = sphinx_folders(app, site_dir, docname_prefix(app, site_dir))
                self.pages = find_pages(site_dir, settings, skip=skip)
                html_pages = html_page_files(app, config, site_dir, self.pages[0])
            self.survey = prepare_discovery(
                app, config, site_dir, self.site[0], html_pages=html_pages
            )

    def on_builder_inited(self, app: Sphinx) -> None:
        env = app.env
        build = start_build(app, site=self.site, survey=self.survey)
        found_pages, self.pages = self.pages, None
        self.survey = self.site = None  # the next build's discovery reads again
        config = configured(app.config)
        site_dir = _site_dir(app, config)
        if site_dir.is_dir():
            site, problems = build.site or load_site_settings(site_dir)
            for problem in problems:
                report(problem, site_dir=site_dir)
            catalog = scan_site(
                site_dir,
                config.site_settings(site),
                skip_dirs=(Path(app.outdir), Path(app.doctreedir)),
                # Kept on the environment: an unchanged post is not read again.
                cache=read_cache(env, ReadCache),
                survey=build.survey,
            )
        else:
            warn(
                f"jekyllposts_site_dir = {config.site_dir!r}: "
                f"{site_dir} is not a folder; no posts are read",
                ProblemKind.CONFIG,
            )
            catalog = PostCatalog()
        build.site = build.survey = None
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
        catalog = without_unbuildable(app, catalog, docnames, site_dir)
        catalog = _with_excerpts(env, catalog, site_dir, config, previous)
        site_docdir = docname_prefix(app, site_dir)
        enabled = {
            "category": config.category_dir,
            "tag": config.tag_dir,
            "year": config.year_dir,
            "author": config.author_dir,
        }
        pages = site_pages(
            app,
            config,
            catalog,
            site_dir,
            site_docdir=site_docdir,
            posts=docnames,
            found=found_pages,
        )
        state = SiteState(
            config,
            site_dir,
            catalog,
            docnames,
            site_docdir,
            {
                kind: _archives(previous, catalog, kind)
                for kind, folder in enabled.items()
                if folder
            },
            pages,
        )
        state = dataclasses.replace(state, menu=resolved_menu(app, state))
        set_site_state(env, state)
        for skipped in catalog.skipped:
            docname = env.path2doc(str(site_dir / skipped.path))
            if skipped.problem is not None:
                report(skipped.problem, site_dir=site_dir)
            elif docname is not None or skipped.folder:
                # No location: Sphinx takes a location without a line for a
                # docname, and showed "post.md.rst".
                info(f"not built: {printable(skipped.path)}: {printable(skipped.reason)}")
            if docname is not None:
                build.not_built.add(docname)
        same_catalog = previous is not None and _same_catalog(previous, state)
        if previous is not None:
            # Posts are parsed with these: every one is read again when they change.
            parsed_otherwise = _parse_settings(previous) != _parse_settings(state)
            # The same records, names and archives: every post links to the same pages.
            if parsed_otherwise or not same_catalog or _github_changed(previous, state):
                for docname in docnames:
                    if parsed_otherwise or _changed(previous, state, docname):
                        build.changed.add(docname)
            for docname, page in pages.items():
                old_page = previous.page(docname)
                if (
                    parsed_otherwise
                    or old_page is None
                    or _record_text(old_page) != _record_text(page)
                ):
                    build.changed.add(docname)
        build.catalog_unchanged = same_catalog and not build.changed


def _with_excerpts(
    env: BuildEnvironment,
    catalog: PostCatalog,
    site_dir: Path,
    config: JekyllPostsConfig,
    previous: SiteState | None,
) -> PostCatalog:
    """``catalog`` with the Liquid of its excerpts rendered; a record equal to
    the last build's is that very record (so the catalog is known unchanged)."""
    excerpts = rendered_excerpts(env, catalog, site_dir, config)
    if not excerpts:
        return catalog
    posts = []
    for post in catalog:
        if post.path not in excerpts:
            posts.append(post)
            continue
        rendered = dataclasses.replace(
            post, excerpt_source=excerpts[post.path], excerpt_liquid_rendered=True
        )
        old = previous.catalog.by_path(post.path) if previous is not None else None
        same = old is not None and _record_text(old) == _record_text(rendered)
        posts.append(old if same and old is not None else rendered)
    return dataclasses.replace(catalog, posts=tuple(posts))


def _site_dir(app: Sphinx, config: JekyllPostsConfig) -> Path:
    # os.path.realpath, not Path.resolve: that raises on a link loop before Python 3.13.
    return Path(real_path(Path(app.srcdir) / config.site_dir))


def _archives(previous: SiteState | None, catalog: PostCatalog, kind: str) -> tuple[Archive, ...]:
    """The archives of ``kind``: the last build's when its posts are these
    very records (the usual rebuild), else grouped again."""
    if previous is not None and kind in previous.archives:
        old = previous.catalog.posts
        if len(old) == len(catalog.posts) and all(
            a is b for a, b in zip(old, catalog.posts, strict=True)
        ):
            return previous.archives[kind]
    return archives(catalog, kind)


def _same_catalog(previous: SiteState, state: SiteState) -> bool:
    old, new = previous.catalog.posts, state.catalog.posts
    return (
        len(old) == len(new)
        and all(a is b for a, b in zip(old, new, strict=True))
        and previous.docnames == state.docnames
        and previous.archives == state.archives
        and previous.pages == state.pages
        and previous.config == state.config
    )


def _parse_settings(state: SiteState) -> object:
    """The settings of ``_config.yml`` every post's body is parsed with (none
    of them in the posts' records). An environment saved before a setting
    existed has ``None`` for it."""
    return getattr(state.catalog.settings, "code_blocks", None)


def _changed(previous: SiteState, state: SiteState, docname: str) -> bool:
    """Whether a post's page would show something else than last time: its
    record, or what it links to (its category and tag pages, the posts before
    and after it)."""
    old, new = previous.post(docname), state.post(docname)
    if old is None or new is None:
        return old is not new
    if _github_changed(previous, state):
        return True
    # A post the scan did not read again is the very same record.
    if old is not new and _record_text(old) != _record_text(new):
        return True
    return _links(previous, docname, old) != _links(state, docname, new)


def _github_changed(previous: SiteState, state: SiteState) -> bool:
    """Whether GitHub Pages' plugins act otherwise: what jemoji and
    jekyll-mentions do is in every post's text."""
    return previous.catalog.settings.github != state.catalog.settings.github


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


def _scan_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A second ``app.build()`` of the same application gets no ``builder-inited``:
    its scan (and build state) is made here, before anything uses it."""
    if not build_running(env):
        _SiteLoader().on_builder_inited(app)
    return []


def setup_catalog(app: Sphinx) -> None:
    """Scan the site before reading, and keep the catalog on the environment."""
    loader = _SiteLoader()
    app.connect("config-inited", lambda app, config: validated(config))
    app.connect("config-inited", loader.on_config_inited)
    app.connect("builder-inited", loader.on_builder_inited)
    app.connect("env-get-outdated", _scan_again, priority=100)
    app.connect("env-get-outdated", leave_out_unbuilt)
    app.connect("env-get-outdated", remove_old_pages, priority=700)
