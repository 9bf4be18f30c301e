"""The post catalog on the Sphinx environment.

Before Sphinx reads anything (``config-inited``), the site's ``_config.yml``
and every post's front matter are scanned into a
:class:`~.jekyll.catalog.PostCatalog`. Files in post folders that Jekyll would
not build (no date in the name, ``published: false``, drafts, future posts)
are added to ``exclude_patterns``, so Sphinx never reads them. At
``builder-inited`` the catalog is put on the environment, where it pickles and
is inherited by parallel readers; posts whose record changed since the last
build (a new ``timezone``, say) are re-read even if their file did not change.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import JekyllPostsConfig, validated
from .jekyll.catalog import Post, PostCatalog, scan_site
from .jekyll.problems import ProblemKind
from .jekyll.site import load_site_settings
from .reporting import info, report, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

# File types a skipped file must have for it to be worth excluding from Sphinx.
_SOURCE_LIKE = frozenset({"rst", "txt", "ipynb", "myst"})


@dataclass(frozen=True)
class SiteState:
    """What the extension knows about the site for one build; pickled on the env."""

    config: JekyllPostsConfig
    site_dir: Path
    catalog: PostCatalog
    docnames: dict[str, str]
    """Each post's docname to its path relative to the site root."""

    def post(self, docname: str) -> Post | None:
        """The post read as ``docname``, or ``None`` for any other document."""
        path = self.docnames.get(docname)
        return self.catalog.by_path(path) if path is not None else None


def site_state(env: BuildEnvironment) -> SiteState | None:
    """The extension's state on ``env`` (``None`` before ``builder-inited``)."""
    return getattr(env, "jekyllposts_site", None)


def post_for(env: BuildEnvironment, docname: str) -> Post | None:
    """The typed post record of ``docname``, or ``None`` if it is not a post."""
    state = site_state(env)
    return state.post(docname) if state is not None else None


class _SiteLoader:
    """Carries the scan from ``config-inited`` to ``builder-inited`` for one app."""

    def __init__(self) -> None:
        self.config: JekyllPostsConfig | None = None
        self.site_dir: Path | None = None
        self.catalog: PostCatalog | None = None
        self.changed: set[str] = set()

    def on_config_inited(self, app: Sphinx, config: Config) -> None:
        self.config = validated(config)
        srcdir = Path(app.srcdir)
        self.site_dir = (srcdir / self.config.site_dir).resolve()
        if not self.site_dir.is_dir():
            warn(
                f"jekyllposts_site_dir = {self.config.site_dir!r}: "
                f"{self.site_dir} is not a folder; no posts are read",
                ProblemKind.CONFIG,
            )
            self.catalog = PostCatalog()
            return
        site, problems = load_site_settings(self.site_dir)
        for problem in problems:
            report(problem, site_dir=self.site_dir)
        settings = self.config.site_settings(site)
        self.catalog = scan_site(
            self.site_dir,
            settings,
            skip_dirs=(Path(app.outdir), Path(app.doctreedir)),
        )
        extensions = set(settings.markdown_ext) | _SOURCE_LIKE
        excluded = []
        built = [
            (self.site_dir / post.path).relative_to(srcdir).as_posix()
            for post in self.catalog
            if (self.site_dir / post.path).is_relative_to(srcdir)
        ]
        for skipped in self.catalog.skipped:
            source = self.site_dir / skipped.path
            if source.suffix.lstrip(".").lower() not in extensions:
                continue
            try:
                relative = source.relative_to(srcdir).as_posix()
            except ValueError:
                continue  # the site is outside the Sphinx project
            pattern = _exclude_pattern(relative)
            if pattern != relative and any(fnmatch.fnmatchcase(p, pattern) for p in built):
                continue  # the wildcard would also hide a real post; rather read it
            excluded.append(pattern)
        if excluded:
            config.exclude_patterns = [*config.exclude_patterns, *sorted(excluded)]

    def on_builder_inited(self, app: Sphinx) -> None:
        env = app.env
        assert self.catalog is not None
        assert self.config is not None
        assert self.site_dir is not None
        previous = site_state(env)
        docnames: dict[str, str] = {}
        for post in self.catalog:
            docname = env.path2doc(str(self.site_dir / post.path))
            if docname is not None:
                docnames[docname] = post.path
        state = SiteState(self.config, self.site_dir, self.catalog, docnames)
        env.jekyllposts_site = state  # type: ignore[attr-defined]
        markdown = {f".{ext}" for ext in self.catalog.settings.markdown_ext}
        for skipped in self.catalog.skipped:
            if skipped.problem is not None:
                report(skipped.problem, site_dir=self.site_dir)
            elif Path(skipped.path).suffix.lower() in markdown:
                info(
                    f"not built: {skipped.path}: {skipped.reason}",
                    location=str(self.site_dir / skipped.path),
                )
        self.changed = set()
        if previous is not None:
            for docname in docnames:
                if not _same_record(previous.post(docname), state.post(docname)):
                    self.changed.add(docname)

    def on_env_get_outdated(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        return sorted(self.changed - added - changed)


def _exclude_pattern(relative: str) -> str:
    """An ``exclude_patterns`` entry for one file.

    Sphinx patterns have no escape for ``[``: ``glob.escape`` gives ``[[]``,
    which Python's ``re`` flags with a FutureWarning. Pattern characters become
    ``?`` (any one character) instead.
    """
    return relative.translate(_PATTERN_CHARS)


_PATTERN_CHARS = str.maketrans({"[": "?", "]": "?", "*": "?"})


def _same_record(old: Post | None, new: Post | None) -> bool:
    # Aware datetimes compare as instants; a post shown in another zone changed.
    if old is None or new is None:
        return old is new
    return old == new and old.date.isoformat() == new.date.isoformat()


def setup_catalog(app: Sphinx) -> dict[str, Any]:
    """Scan the site before reading, and keep the catalog on the environment."""
    loader = _SiteLoader()
    app.connect("config-inited", loader.on_config_inited)
    app.connect("builder-inited", loader.on_builder_inited)
    app.connect("env-get-outdated", loader.on_env_get_outdated)
    return {}
