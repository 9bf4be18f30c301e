"""Liquid in a post, rendered as Jekyll 4.3 renders it, on python-liquid.

:class:`LiquidRenderer` adds Jekyll's tags (``highlight``, ``post_url``,
``link``, ``include``, ``include_relative``; ``raw`` is python-liquid's), the
tags of the plugins sites depend on (``include_cached``, ``gist``,
``figure``), the site's tags mapped to include templates, and
filters (``relative_url``, ``markdownify``, ``where``, ``jsonify``, ...) to a
python-liquid environment, with ``site`` (``_config.yml``, ``_data/``, the
posts) and ``page`` (the post) as Jekyll gives them.

What differs from a plain ``Template.render``:

- every output line knows the source line it came from
  (:attr:`Rendered.lines`), so Sphinx's messages about the rendered Markdown
  point at the post's own lines;
- nothing raises: a syntax error, an unknown tag (a site plugin's, such as
  ``{% youtube %}``, warned at each use), a missing include, an unknown ``post_url`` target, an
  unknown filter become :class:`LiquidProblem` records with the line, and the
  rest renders; a tag no one knows renders nothing;
- ``{% highlight %}`` becomes a fenced code block (``{code-block}`` with
  ``:linenos:`` when asked) that MyST turns into a real Sphinx code block;
- ``post_url`` and ``link`` ask a resolver for the target, so the Sphinx side
  can answer with a link that works from the page being built;
- includes never leave the site folder (``..``, absolute paths, symlinks out
  are refused) and nest at most :data:`MAX_INCLUDE_DEPTH` deep;
- templates are split by :mod:`.lexer`, in linear time where
  python-liquid's regexp could take minutes, and an expression longer than
  :data:`MAX_EXPRESSION` is not parsed;
- a render is stopped, and the post kept as written, when it takes longer than
  :attr:`LiquidLimits.seconds`, writes more than
  :attr:`LiquidLimits.output_chars`, makes a value (a filter's result, a
  capture) or holds variables larger than that, or loops more than
  :attr:`LiquidLimits.loop_iterations` times.

One module per job:

- :mod:`.state`: what a render keeps and gives back (:class:`LiquidLimits`,
  :class:`LiquidProblem`, :class:`Rendered`, :class:`Resolver`), the state
  of the render under way and the exception that stops it at a limit;
- :mod:`.buffer`: the output buffer that remembers each stretch's source
  line, and the bounded buffer of a ``{% capture %}``;
- :mod:`.guards`: the sizing of values, and the filters, variables and
  ``{{ output }}`` kept to the limits;
- :mod:`.tags`: Jekyll's tags but the includes (``highlight``, ``post_url``,
  ``link``), the unknown tag, and the template text that marks its line;
- :mod:`.includes`: ``include``, ``include_cached`` and ``include_relative``,
  and the sandbox that says which files they may read;
- :mod:`.plugin_tags`: ``gist``, ``figure`` and the tags of
  ``jekyllposts_liquid_tags``;
- :mod:`.filters`: Jekyll's filters;
- :mod:`.data`: ``site.data``, read from ``_data/``;
- :mod:`.renderer`: :class:`JekyllEnvironment`, :class:`LiquidRenderer` (a
  post's body, and its excerpt as Jekyll renders it) and the ``site`` and
  ``page`` drops;
- :mod:`.lexer`: python-liquid's template lexer, in linear time.

python-liquid is imported with this package: the Sphinx side imports it when
the first post with Liquid in it is rendered.
"""

from __future__ import annotations

from .data import MAX_DATA_BYTES, SiteData, load_site_data, without_surrogates
from .includes import MAX_INCLUDE_BYTES, MAX_INCLUDE_DEPTH
from .renderer import (
    JekyllEnvironment,
    LiquidRenderer,
    RubyTime,
    page_drop,
    with_rendered_excerpts,
)
from .state import (
    MAX_EXPRESSION,
    MAX_NUMBER_BITS,
    LiquidLimits,
    LiquidProblem,
    Rendered,
    Resolver,
)

__all__ = [
    "MAX_DATA_BYTES",
    "MAX_EXPRESSION",
    "MAX_INCLUDE_BYTES",
    "MAX_INCLUDE_DEPTH",
    "MAX_NUMBER_BITS",
    "JekyllEnvironment",
    "LiquidLimits",
    "LiquidProblem",
    "LiquidRenderer",
    "Rendered",
    "Resolver",
    "RubyTime",
    "SiteData",
    "load_site_data",
    "page_drop",
    "with_rendered_excerpts",
    "without_surrogates",
]
