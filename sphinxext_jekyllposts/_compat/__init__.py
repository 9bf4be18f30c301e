"""Every use of a name that is not public API of Sphinx, docutils, MyST,
python-liquid or a theme, each in a small function with a docstring saying
what it relies on and the versions it was checked with.

No other module of the package uses such a name; ``tests/test_compat*.py``
has a test per function that fails loudly when a release changes what it
relies on. One module per library, so that the Sphinx-free core
(:mod:`sphinxext_jekyllposts.jekyll`) imports :mod:`._compat.liquid` without
importing Sphinx:

- :mod:`._compat.sphinx`: Sphinx's project (documents from outside the source
  folder), its registry, its HTML builder's navigation and its log handlers;
- :mod:`._compat.myst`: myst-parser's renderer hooks and parsing functions;
- :mod:`._compat.liquid`: python-liquid's lexer, and the pseudo tags its parser
  asks for (template text, output statements, unknown tags);
- :mod:`._compat.themes`: the PyData theme's sidebar function.
"""
