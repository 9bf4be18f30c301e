"""``site.data``: the YAML, JSON, CSV and TSV files under ``_data/``
(:func:`load_site_data`), each at most :data:`MAX_DATA_BYTES` long, with lone
surrogates replaced (:func:`without_surrogates`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..files import (
    SURROGATE,
    FileTooLarge,
    RefusedFile,
    folder_link_refusal,
    read_site_file,
    real_path,
)
from ..frontmatter import load_yaml
from ..problems import Problem, ProblemKind

MAX_DATA_BYTES = 5_000_000


@dataclass
class SiteData:
    """``site.data``, the files it was read from and what could not be read."""

    data: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Each file or folder not read, at its path relative to the site folder."""


def load_site_data(site_dir: Path, folder: str = "_data") -> SiteData:
    """``site.data``: the YAML, JSON, CSV and TSV files under ``_data/``.

    Only regular files inside the site are read (never a named pipe, a link
    loop, a link out of the site or a ``_data`` folder that is one); a lone
    surrogate in a string (JSON's ``"\\ud800"``) becomes U+FFFD, since no
    page or feed can hold it.
    """
    root = site_dir / folder
    found = SiteData()
    data, problems = found.data, found.problems
    resolved_site = real_path(site_dir)

    def problem(path: Path, kind: ProblemKind, message: str) -> None:
        relative = os.path.relpath(path, site_dir).replace(os.sep, "/")
        problems.append(Problem(relative, 1, kind, message))

    why = folder_link_refusal(root, resolved_site)
    if why:
        problem(root, ProblemKind.FILE, f"the {folder}/ folder is not read: {why}")
        return found
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        for name in [d for d in dirnames if (here / d).is_symlink()]:
            problem(
                here / name,
                ProblemKind.FILE,
                "the folder is not read: it is a symbolic link to a folder",
            )
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()
        )
        target = data
        for part in here.relative_to(root).parts:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                break
        else:
            for filename in sorted(filenames):
                path = here / filename
                stem, _, suffix = filename.rpartition(".")
                if not stem or suffix.lower() not in {"yml", "yaml", "json", "csv", "tsv"}:
                    continue
                try:
                    raw = read_site_file(path, inside=resolved_site, max_bytes=MAX_DATA_BYTES)
                    found.files.append(path)
                    text = raw.decode("utf-8-sig")
                    target[stem] = without_surrogates(_parse_data(text, suffix.lower()))
                except RefusedFile as error:
                    problem(path, ProblemKind.FILE, f"the data file is not read: {error}")
                except FileTooLarge:
                    problem(
                        path, ProblemKind.LIMIT, f"larger than {MAX_DATA_BYTES:,} bytes; ignored"
                    )
                except (
                    OSError,
                    UnicodeDecodeError,
                    ValueError,
                    RecursionError,
                    yaml.YAMLError,
                    csv.Error,
                ) as error:
                    problem(path, ProblemKind.CONFIG, f"cannot be read ({error}); ignored")
    return found


def without_surrogates(value: Any) -> Any:
    """``value`` (loaded JSON or YAML) with every lone surrogate in its strings
    replaced by U+FFFD, in place; shared (aliased) parts are visited once."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or not isinstance(item, dict | list | set):
            continue
        seen.add(id(item))
        if isinstance(item, list):
            for index, element in enumerate(item):
                if isinstance(element, str):
                    item[index] = SURROGATE.sub("\ufffd", element)
                else:
                    stack.append(element)
        elif isinstance(item, set):
            if any(isinstance(e, str) and SURROGATE.search(e) for e in item):
                members = {without_surrogates(e) if isinstance(e, str) else e for e in item}
                item.clear()
                item.update(members)
        else:
            for key, element in list(item.items()):
                if isinstance(element, str):
                    item[key] = SURROGATE.sub("\ufffd", element)
                else:
                    stack.append(element)
            if any(isinstance(key, str) and SURROGATE.search(key) for key in item):
                cleaned = {
                    without_surrogates(k) if isinstance(k, str) else k: v for k, v in item.items()
                }
                item.clear()
                item.update(cleaned)
    return value


def _parse_data(text: str, suffix: str) -> Any:
    if suffix == "json":
        return json.loads(text)
    if suffix in {"csv", "tsv"}:
        return list(csv.DictReader(io.StringIO(text), delimiter="," if suffix == "csv" else "\t"))
    return load_yaml(text)
