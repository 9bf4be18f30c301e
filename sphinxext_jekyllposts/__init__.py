"""Build a Jekyll blog's ``_posts`` with Sphinx."""

__version__ = "0.1.0.dev0"
