"""Front matter ``defaults`` of ``_config.yml``, as Jekyll's
``FrontmatterDefaults`` applies them to a post: which sets' scopes match its
path, in which order they merge."""

from __future__ import annotations

import copy
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from .site import SiteSettings


def defaults_for(
    settings: SiteSettings,
    relative_path: str,
    site_dir: Path | None = None,
    globs: dict[str, tuple[str, ...]] | None = None,
    *,
    doc_type: str = "posts",
) -> dict[str, Any]:
    """The merged ``defaults`` values that apply to a file at ``relative_path``.

    As ``FrontmatterDefaults#all`` for a document of type ``doc_type``
    (``posts``, ``pages`` or a collection's label): sets whose
    scope matches are merged in order, a more specific (longer) scope path, or
    an equally long one that names a type, taking precedence. Scope paths with
    ``*`` are globbed in ``site_dir``, once per pattern kept in ``globs`` (a
    scan's: Jekyll, too, globs once per build, ``FrontmatterDefaults#glob_cache``).
    """
    merged: dict[str, Any] = {}
    old_scope: dict[str, Any] | None = None
    for entry in settings.defaults:
        scope = entry.get("scope")
        if scope is None:
            scope = {}
        if not isinstance(scope, dict) or not _scope_applies(
            scope, relative_path, site_dir, globs, doc_type
        ):
            continue
        values = entry["values"]
        if _has_precedence(old_scope, scope):
            merged = deep_merge(merged, values)
            old_scope = scope
        else:
            merged = deep_merge(values, merged)
    return merged


def _scope_applies(
    scope: dict[str, Any],
    relative_path: str,
    site_dir: Path | None,
    globs: dict[str, tuple[str, ...]] | None,
    doc_type: str = "posts",
) -> bool:
    scope_type = scope.get("type")
    # Jekyll still reads the singular names of Jekyll 2 (update_deprecated_types).
    names = {doc_type, _DEPRECATED_TYPES.get(doc_type, doc_type)}
    if "type" in scope and str(scope_type) not in names:
        return False
    scope_path = scope.get("path")
    if not isinstance(scope_path, str) or not scope_path:
        return True
    if "*" in scope_path:
        if site_dir is None:
            return False
        if globs is None:
            globs = {}
        if scope_path not in globs:
            globs[scope_path] = _globbed(site_dir, scope_path)
        return any(relative_path.startswith(m) for m in globs[scope_path])
    return relative_path.startswith(_sanitize(scope_path))


_DEPRECATED_TYPES = MappingProxyType({"posts": "post", "pages": "page", "drafts": "draft"})


def _globbed(site_dir: Path, pattern: str) -> tuple[str, ...]:
    return tuple(m.relative_to(site_dir).as_posix() for m in site_dir.glob(pattern.lstrip("/")))


def _sanitize(path: object) -> str:
    if not isinstance(path, str) or not path:
        return ""
    # Jekyll removes only the leading slash.
    return path[1:] if path.startswith("/") else path


def _has_precedence(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if old is None:
        return True
    new_path, old_path = _sanitize(new.get("path")), _sanitize(old.get("path"))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if "type" in new:
        return True
    return "type" not in old


def deep_merge(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """``Utils.deep_merge_hashes``: ``other`` wins, nested mappings merge, and a
    ``null`` in ``other`` keeps the value it would replace."""
    merged = copy.copy(base)
    for key, value in other.items():
        if value is None and key in merged:
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
