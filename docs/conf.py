"""Documentation of sphinxext-jekyllposts, with a demo blog built by the extension."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinxext-jekyllposts"
author = "The sphinxext-jekyllposts developers"
copyright = "2026, The sphinxext-jekyllposts developers"

extensions = ["sphinxext_jekyllposts", "jekyllposts_docs"]

# The demo blog: a Jekyll site folder (its own _config.yml and _posts) in news/.
jekyllposts_site_dir = "news"

# benchmark/*.md: tables written by benchmarks/run.py, included by performance.md.
exclude_patterns = ["_build", "benchmark/*.md"]

# On Read the Docs, the address of this version; feeds and canonical links use it.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme = "alabaster"
myst_heading_anchors = 3
nitpicky = True

# The demo blog's sidebars (see "Listings, category pages and navigation") are
# set for the theme in use by _ext/jekyllposts_docs.py.
