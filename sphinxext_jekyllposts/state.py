"""Where the extension keeps what it knows: three places, one of each kind.

1. **Per document**, in the environment: the data of :class:`JekyllPostsDomain`
   (Sphinx pickles it, forgets a document's part when the document is read
   again, and merges it back from parallel readers, as it does for
   ``sphinx.ext.todo``): ``pages`` (each post's :class:`~.collector.PostPage`),
   ``toctrees`` (what each page's category toctrees asked for), ``listings``
   (each page's ``post-list`` nodes), ``site_paths`` (the site paths its raw
   HTML and links name, :mod:`.static_links`) and ``menu`` (a digest of the
   menu a ``site-menu`` showed, :mod:`.menu`).
2. **Per environment**, from one build to the next, in the same domain data:
   ``site`` (the :class:`~.catalog.SiteState` of the last scan), ``read_cache``
   (the front matter of unchanged posts), ``generated`` (the docnames of the
   generated pages) and ``shown`` (per builder and output folder, digests of
   what listings, sidebars and feed links showed when their pages were written).
3. **Per build**, one :class:`BuildState`, made at ``builder-inited`` and dropped
   at ``build-finished``. It lives on the domain object, which Sphinx makes
   anew for every application and never pickles, so nothing of one build is
   seen by the next one in the same process (sphinx-autobuild, tests).

The files the extension writes into the output folder (feeds, redirect pages,
the pages of posts and generated pages) are listed in one record,
:class:`WrittenFiles`, a JSON file in the doctree folder: the output is
written after the environment is saved, so the environment cannot hold it.

There is no module-level mutable state in the package: ``-j`` forks readers and
writers, and one process may run many builds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from sphinx.domains import Domain

from .output import write_if_changed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from collections.abc import Set as AbstractSet

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .catalog import SiteState
    from .collector import PostPage
    from .jekyll.catalog import Post, PostFolders, ReadCache
    from .jekyll.problems import Problem
    from .jekyll.site import SiteSettings

T = TypeVar("T")

DOMAIN = "jekyllposts"
WRITTEN_RECORD = "jekyllposts-written.json"


class JekyllPostsDomain(Domain):
    """The extension's data on the environment (no directives or roles of its own)."""

    name = DOMAIN
    label = "Jekyll posts"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        # per document
        "pages": {},
        "toctrees": {},
        "listings": {},
        "site_paths": {},
        "menu": {},
        # per environment
        "site": None,
        "read_cache": None,
        "generated": set(),
        "shown": {},
    }
    #: The keys of :attr:`initial_data` that hold one entry per document.
    PER_DOCUMENT: ClassVar[tuple[str, ...]] = (
        "pages",
        "toctrees",
        "listings",
        "site_paths",
        "menu",
    )

    build: BuildState | None = None

    def clear_doc(self, docname: str) -> None:
        for key in self.PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for key in self.PER_DOCUMENT:
            ours, theirs = self.data[key], otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]
        # A reading process sends back copies of the catalog's records: point
        # at the catalog's own, so that the saved environment has each once.
        site: SiteState | None = self.data["site"]
        if site is None:
            return
        pages: dict[str, PostPage] = self.data["pages"]
        for docname in docnames:
            page, post = pages.get(docname), site.post(docname)
            if page is not None and post is not None and page.post == post:
                pages[docname] = type(page)(post, page.stats)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # the domain has no objects to refer to


def _domain(env: BuildEnvironment) -> JekyllPostsDomain:
    return cast("JekyllPostsDomain", env.get_domain(DOMAIN))


def _data(env: BuildEnvironment) -> dict[str, Any]:
    return _domain(env).data


def site_state(env: BuildEnvironment) -> SiteState | None:
    """The site as this build scanned it (``None`` before ``builder-inited``)."""
    state: SiteState | None = _data(env)["site"]
    return state


def post_for(env: BuildEnvironment, docname: str) -> Post | None:
    """The typed post record of ``docname``, or ``None`` if it is not a post."""
    state = site_state(env)
    return state.post(docname) if state is not None else None


def document_for(env: BuildEnvironment, docname: str) -> Post | None:
    """The record ``docname`` is rendered from: its post's, or its page's (a
    page or collection document of the site), else ``None``."""
    state = site_state(env)
    if state is None:
        return None
    return state.post(docname) or state.page(docname)


def set_site_state(env: BuildEnvironment, state: SiteState) -> None:
    """Keep this build's scan of the site on the environment."""
    _data(env)["site"] = state


def read_cache(env: BuildEnvironment, make: Callable[[], ReadCache]) -> ReadCache:
    """The front matter already read, kept so that unchanged posts are not read again."""
    data = _data(env)
    if data["read_cache"] is None:
        data["read_cache"] = make()
    cache: ReadCache = data["read_cache"]
    return cache


def generated_docnames(env: BuildEnvironment) -> set[str]:
    """The docnames of the generated pages (category, tag, year, pagination)."""
    docnames: set[str] = _data(env)["generated"]
    return docnames


def set_generated_docnames(env: BuildEnvironment, docnames: Iterable[str]) -> None:
    _data(env)["generated"] = set(docnames)


def per_document(env: BuildEnvironment, key: str) -> dict[str, Any]:
    """One of the domain's per-document stores (``pages``, ``toctrees``,
    ``listings``, ``site_paths``, ``menu``): docname to what the document contributed."""
    if key not in JekyllPostsDomain.PER_DOCUMENT:
        raise KeyError(key)
    store: dict[str, Any] = _data(env)[key]
    return store


def post_pages(env: BuildEnvironment) -> dict[str, PostPage]:
    """Every post document read so far, by docname."""
    return per_document(env, "pages")


def _output_key(app: Sphinx) -> str:
    """This builder and output folder, as the records name them."""
    return f"{app.builder.name}:{app.outdir}"


def shown_record(app: Sphinx, name: str) -> dict[str, Any]:
    """Digests of what pages showed when this builder last wrote them into this
    output folder, under ``name`` (``listings``, ``sidebars``, ``feeds``).

    On the environment, which builders with the same doctree folder share:
    hence one record per builder and output folder.
    """
    key = _output_key(app)
    shown: dict[str, dict[str, dict[str, str]]] = _data(app.env)["shown"]
    return shown.setdefault(key, {}).setdefault(name, {})


def rewritten_when_changed(
    app: Sphinx, name: str, shown: object, docnames: Iterable[str]
) -> list[str]:
    """``docnames`` (sorted) when ``shown`` (what they show of ``name``: any
    value with a stable ``repr``) is not what this builder last wrote them
    with, else none; for ``env-updated``."""
    digest = hashlib.blake2b(repr(shown).encode("utf-8"), digest_size=12).hexdigest()
    record = shown_record(app, name)
    if record.get("digest") == digest:
        return []
    record["digest"] = digest
    return sorted(docnames)


def stale_documents(app: Sphinx, name: str, shown: dict[str, str]) -> list[str]:
    """The documents whose entry in ``shown`` (docname to a digest of what its
    page shows of ``name``; every document that has a record, and only those)
    is not what this builder last wrote them with; the record is brought up
    to date, forgetting documents gone. For ``env-updated``."""
    record = shown_record(app, name)
    stale = []
    for docname, digest in shown.items():
        if record.get(docname, "") != digest:
            record[docname] = digest
            stale.append(docname)
    for gone in set(record) - set(shown):
        del record[gone]
    return stale


@dataclass
class WrittenFiles:
    """The files the extension wrote for one builder and output folder, by kind:
    ``pages`` (docname to the files Sphinx wrote for a post or generated page),
    ``feeds`` (feed path to ``""``), ``redirects`` (path to a digest of the page),
    ``static`` (the path of each copied static file to the site file's path,
    size and modification time), ``static_pages`` (the site files found to
    have front matter, with their size and modification time: not read again
    while unchanged) and ``inputs`` (kind to a digest of what it was made from).

    Read at ``builder-inited`` from the doctree folder, saved at
    ``build-finished`` when it changed (also after a failed build: what was
    written is on disk)."""

    path: Path
    key: str
    kinds: dict[str, dict[str, Any]]
    loaded: str

    KINDS: ClassVar[tuple[str, ...]] = (
        "pages",
        "feeds",
        "redirects",
        "static",
        "static_pages",
        "inputs",
    )

    @classmethod
    def load(cls, app: Sphinx) -> WrittenFiles:
        path = Path(app.doctreedir) / WRITTEN_RECORD
        key = _output_key(app)
        kinds: dict[str, dict[str, Any]] = {kind: {} for kind in cls.KINDS}
        try:
            everything = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            everything = {}  # missing or damaged: nothing is known to be ours
        mine = everything.get(key) if isinstance(everything, dict) else None
        if isinstance(mine, dict):
            for kind in cls.KINDS:
                if isinstance(mine.get(kind), dict):
                    kinds[kind] = mine[kind]
        return cls(path, key, kinds, json.dumps(kinds, sort_keys=True))

    def of(self, kind: str) -> dict[str, Any]:
        """The record of one kind of file, to read and change."""
        return self.kinds[kind]

    def save(self) -> None:
        text = json.dumps(self.kinds, sort_keys=True)
        if text == self.loaded:
            return
        try:
            everything = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            everything = {}
        if not isinstance(everything, dict):
            everything = {}
        everything[self.key] = self.kinds
        content = json.dumps(everything, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if write_if_changed(self.path, content, what="the list of files written"):
            self.loaded = text


@dataclass
class BuildState:
    """What one build knows and computes once, from ``builder-inited`` to
    ``build-finished``; never saved. In a forked ``-j`` process, a copy."""

    written: WrittenFiles
    site: tuple[SiteSettings, tuple[Problem, ...]] | None = None
    """The site's ``_config.yml``, read at ``config-inited``."""
    survey: PostFolders | None = None
    """The post folders as discovery found them at ``config-inited``."""
    changed: set[str] = field(default_factory=set)
    """Posts to read again though their file did not change."""
    not_built: set[str] = field(default_factory=set)
    """Documents in post folders that Jekyll would not build."""
    catalog_unchanged: bool = False
    """Whether the scan found the last build's catalog: the same posts (the
    same records, not read again), docnames and archives."""
    documents_read: bool = True
    """Whether Sphinx reads any document in this build (known once it starts reading)."""
    made_folders: set[Path] = field(default_factory=set)
    """Output folders known to exist."""
    resolved_folders: dict[Path, Path] = field(default_factory=dict)
    """Output folders with their links resolved."""
    shared: dict[str, tuple[object, Any]] = field(default_factory=dict)

    @property
    def nothing_changed(self) -> bool:
        """Whether the catalog is the last build's and Sphinx reads no document:
        then no page shows anything new."""
        return self.catalog_unchanged and not self.documents_read

    def shared_value(self, name: str, compute: Callable[[], T], *, key: object = None) -> T:
        """``compute()``, once per build and ``key``: for what every page of a
        build shares (a sidebar, the posts feeds show, the Liquid renderer)."""
        known = self.shared.get(name)
        if known is not None and known[0] == key:
            value: T = known[1]
            return value
        value = compute()
        self.shared[name] = (key, value)
        return value


def start_build(app: Sphinx, *, site: Any = None, survey: Any = None) -> BuildState:
    """Make this build's :class:`BuildState` (at ``builder-inited``)."""
    build = BuildState(WrittenFiles.load(app), site=site, survey=survey)
    _domain(app.env).build = build
    return build


def build_state(env: BuildEnvironment) -> BuildState:
    """This build's :class:`BuildState`."""
    build = _domain(env).build
    if build is None:
        raise RuntimeError("jekyllposts: no build is running (builder-inited has not run)")
    return build


def build_running(env: BuildEnvironment) -> bool:
    """Whether this build's :class:`BuildState` exists (``builder-inited`` ran
    since the last ``build-finished``)."""
    return _domain(env).build is not None


def finish_build(app: Sphinx, exception: BaseException | None) -> None:
    """Save the record of written files and drop the build's state."""
    domain = _domain(app.env)
    if domain.build is not None:
        domain.build.written.save()
    domain.build = None


def setup_state(app: Sphinx) -> None:
    """Register the domain; save the record and drop the build state at the end."""
    app.add_domain(JekyllPostsDomain)
    app.connect("build-finished", finish_build, priority=900)
