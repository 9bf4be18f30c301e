"""The site's menu, where the themes people use keep it.

The first of these the site has is its menu, in order:

- ``_data/navigation.yml``, its ``main`` list of ``title`` and ``url``
  (Minimal Mistakes and the themes built on it);
- ``navs`` in ``_config.yml``, a list of ``label`` and ``href`` (the Chinese
  blog themes of the mzlogin family);
- ``header_pages`` in ``_config.yml``, a list of page files (minima);
- the documents of a ``tabs`` collection, by their ``order`` (Chirpy).

Each entry is a title (empty: the page's own) and either a URL (a site path
or an external address) or a page's file (relative to the site root).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .files import FileTooLarge, RefusedFile, read_site_file
from .frontmatter import load_yaml_mapping, ruby_str, ruby_truthy, top_level_key_lines
from .problems import Problem, ProblemKind
from .site import CONFIG_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .records import Post
    from .site import SiteSettings

#: The most bytes of a data file read for the menu.
_MAX_DATA = 1_000_000


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the site's menu."""

    title: str
    """As the menu shows it; empty for a page's own title."""
    url: str = ""
    """A site path (``/about/``) or an external URL; empty for a page's file."""
    path: str = ""
    """A page's file, relative to the site root (``about.md``)."""


@dataclass(frozen=True)
class Menu:
    """The menu and where it was found (a file relative to the site root)."""

    entries: tuple[MenuEntry, ...] = ()
    source: str = ""
    problems: tuple[Problem, ...] = ()
    line: int = 1
    """The line of the menu's key in its file (``main:``, ``navs:``)."""


def site_menu(
    site_dir: str | os.PathLike[str], settings: SiteSettings, pages: Iterable[Post]
) -> Menu:
    """The menu of the site (see the module's documentation); an empty
    :class:`Menu` when it has none."""
    raw = settings.raw
    data_dir = raw.get("data_dir")
    data_dir = data_dir.strip("/") if isinstance(data_dir, str) and data_dir.strip("/") else "_data"
    for name in ("navigation.yml", "navigation.yaml"):
        relative = f"{data_dir}/{name}"
        path = os.path.join(site_dir, *relative.split("/"))  # noqa: PTH118
        if os.path.isfile(path):  # noqa: PTH113
            menu = _navigation_file(path, relative)
            if menu.entries or menu.problems:
                return menu
    navs = raw.get("navs")
    if isinstance(navs, list) and navs:
        line = _key_line(os.path.join(site_dir, CONFIG_FILE), "navs")  # noqa: PTH118
        return _entries(navs, CONFIG_FILE, title_key="label", url_key="href", line=line)
    header_pages = raw.get("header_pages")
    if isinstance(header_pages, list) and header_pages:
        entries = tuple(MenuEntry("", path=ruby_str(p)) for p in header_pages if ruby_truthy(p))
        line = _key_line(os.path.join(site_dir, CONFIG_FILE), "header_pages")  # noqa: PTH118
        return Menu(entries, CONFIG_FILE, line=line)
    tabs = sorted(
        (page for page in pages if page.path.split("/", 1)[0] == "_tabs"),
        key=lambda page: (_order(page.data.get("order")), page.path),
    )
    if tabs:
        return Menu(tuple(MenuEntry("", path=page.path) for page in tabs), "_tabs")
    return Menu()


def _key_line(path: str, key: str) -> int:
    """The line of the top-level ``key`` in the YAML file at ``path`` (1 if unknown)."""
    try:
        text = read_site_file(path, max_bytes=_MAX_DATA).decode("utf-8-sig")
    except (RefusedFile, FileTooLarge, OSError, UnicodeDecodeError):
        return 1
    return top_level_key_lines(text).get(key, 1)


def _order(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return float("inf")
    return float(value)


def _navigation_file(path: str, relative: str) -> Menu:
    try:
        raw = read_site_file(path, max_bytes=_MAX_DATA)
        text = raw.decode("utf-8-sig")
    except (RefusedFile, FileTooLarge, OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "reason", None) or str(error)
        message = f"the site's menu cannot be read: {reason}; the menu is left out"
        return Menu((), relative, (Problem(relative, 1, ProblemKind.CONFIG, message),))
    data, problems = load_yaml_mapping(text, path=relative, first_line=1)
    main = data.get("main")
    line = top_level_key_lines(text).get("main", 1)
    if main is None:
        return Menu((), relative, problems)
    if not isinstance(main, list):
        message = "main: is not a list of menu entries; the menu is left out"
        problem = Problem(relative, line, ProblemKind.CONFIG, message)
        return Menu((), relative, (*problems, problem), line)
    menu = _entries(main, relative, title_key="title", url_key="url", line=line)
    return Menu(menu.entries, relative, (*problems, *menu.problems), line)


def _entries(items: list[Any], source: str, *, title_key: str, url_key: str, line: int) -> Menu:
    entries: list[MenuEntry] = []
    problems: list[Problem] = []
    for number, item in enumerate(items, start=1):
        url = item.get(url_key) if isinstance(item, dict) else None
        if not isinstance(url, str) or not url.strip():
            message = (
                f"menu entry {number} has no {url_key}: (a site path or a URL); it is left out"
            )
            problems.append(Problem(source, line, ProblemKind.CONFIG, message))
            continue
        title = item.get(title_key)
        entries.append(
            MenuEntry(" ".join(ruby_str(title).split()) if title else "", url=url.strip())
        )
    return Menu(tuple(entries), source, tuple(problems), line)
