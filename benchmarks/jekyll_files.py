"""What Jekyll 4.3 makes of a site folder, for ``site_check.py``: its ``_config.yml``,
its static files, and whether it has anything Jekyll could serve at an address.

Written from Jekyll's rules (``EntryFilter``, ``Utils.has_yaml_header?``), not from
the package: it is the oracle the package's output is checked against.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from pathlib import Path

import yaml

# Jekyll 4.3 adds these to every `exclude:` (Configuration::DEFAULT_EXCLUDES).
DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)
DEFAULT_INCLUDES = (".htaccess",)
_SPECIAL = (".", "_", "#", "~")


def site_config(site: Path) -> dict[str, object]:
    path = site / "_config.yml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text("utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def baseurl_of(config: dict[str, object]) -> str:
    """The ``baseurl`` as a path prefix: ``""`` or ``/blog`` (no trailing slash)."""
    value = config.get("baseurl")
    if not isinstance(value, str):
        return ""
    value = value.strip().strip("/")
    return f"/{value}" if value else ""


def _patterns(config: dict[str, object], key: str) -> list[str]:
    """``include:`` (the site's replaces Jekyll's default) or ``exclude:`` (Jekyll 4.3
    appends its defaults to the site's own)."""
    value = config.get(key)
    if not isinstance(value, list):
        return list(DEFAULT_INCLUDES if key == "include" else DEFAULT_EXCLUDES)
    given = [str(item) for item in value]
    if key == "include":
        return given
    return given + [item for item in DEFAULT_EXCLUDES if item not in given]


def _glob_matches(patterns: list[str], site: Path, relative: str) -> bool:
    """Jekyll's ``EntryFilter#glob_include?``: an ``fnmatch`` without
    ``FNM_PATHNAME`` (``*`` crosses ``/``), or a string prefix, both from the site root."""
    entry = "/" + relative
    is_folder = (site / relative).is_dir()
    for pattern in patterns:
        item = "/" + pattern.lstrip("/")
        if (
            fnmatch.fnmatchcase(entry, item)
            or entry.startswith(item)
            or (is_folder and item == entry + "/")
        ):
            return True
    return False


def _has_front_matter(path: Path) -> bool:
    """Jekyll's ``Utils.has_yaml_header?``: the first line is ``---`` (and spaces)."""
    try:
        with path.open("rb") as file:
            first = file.readline()
    except OSError:
        return False
    return re.match(rb"---[ \t\r\f\v]*\n", first) is not None


def static_files(site: Path, *, skip: Path | None = None) -> list[str]:
    """Every static file of ``site`` as Jekyll 4.3 reads it, ``/``-separated from its root.

    Jekyll's reader walks the folders, keeping an entry unless it is excluded (and
    not included), or it starts with ``.``, ``_``, ``#`` or ``~``, or ends with
    ``~`` (unless included); a kept file without front matter is a static file.
    ``skip`` is a folder left out (the output, when it is inside the site).
    """
    config = site_config(site)
    include = _patterns(config, "include")
    exclude = [p for p in _patterns(config, "exclude") if p not in include]
    skipped = skip.resolve() if skip is not None else None
    found: list[str] = []

    def keep(relative: str) -> bool:
        name = posixpath.basename(relative)
        included = _glob_matches(include, site, relative) or _glob_matches(include, site, name)
        if _glob_matches(exclude, site, relative) and not included:
            return False
        return included or not (name.startswith(_SPECIAL) or name.endswith("~"))

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            relative = prefix + entry.name
            if not keep(relative):
                continue
            path = Path(entry.path)
            if entry.is_dir():
                if skipped is None or path.resolve() != skipped:
                    walk(path, relative + "/")
            elif entry.is_file() and not _has_front_matter(path):
                found.append(relative)

    walk(site, "")
    return found


def source_names(site: Path) -> frozenset[str]:
    """The stems of the site's files with front matter that are not posts (pages and
    collection documents, which Jekyll serves at ``/.../stem/``), and the names of the
    folders holding an ``index``."""
    names: set[str] = set()
    for path in site.rglob("*"):
        if "_posts" in path.parts or "_drafts" in path.parts or not path.is_file():
            continue
        if _has_front_matter(path):
            names.add(path.parent.name.lstrip("_") if path.stem == "index" else path.stem)
    return frozenset(names)


def site_lacks(site: Path, path: str, names: frozenset[str]) -> bool:
    """Whether the site has nothing Jekyll could serve at ``path`` (decoded, from the
    root, without the ``baseurl``): no file or folder there and, for a page's address
    (``/a/b/``, ``/a/b.html``, ``/a/b``), no page or collection document named ``b``."""
    relative = path.strip("/")
    if relative and (site / relative).exists():
        return False
    last = posixpath.basename(relative)
    stem, suffix = posixpath.splitext(last)
    if path.endswith("/") or suffix in ("", ".html"):
        return (stem or last) not in names
    return True
