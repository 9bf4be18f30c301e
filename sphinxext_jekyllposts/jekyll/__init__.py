"""Jekyll's rules for posts, with no Sphinx import: the catalog and what feeds it.

Everything here is plain data and plain functions, tested on its own against
what Jekyll 4.3 computes.
"""

from __future__ import annotations

from .catalog import Post, PostCatalog, Skipped, read_post, scan_site
from .dates import parse_date, resolve_zone
from .frontmatter import FrontMatter, split_front_matter
from .names import parse_post_name, slugify, titleize_slug
from .problems import Problem, ProblemKind
from .site import SiteSettings, load_site_settings, settings_from_config

__all__ = [
    "FrontMatter",
    "Post",
    "PostCatalog",
    "Problem",
    "ProblemKind",
    "SiteSettings",
    "Skipped",
    "load_site_settings",
    "parse_date",
    "parse_post_name",
    "read_post",
    "resolve_zone",
    "scan_site",
    "settings_from_config",
    "slugify",
    "split_front_matter",
    "titleize_slug",
]
