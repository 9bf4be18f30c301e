"""The parts of Sphinx the feeds use beyond its documented API
(:mod:`sphinxext_jekyllposts._compat.sphinx`): these tests fail when a Sphinx
release changes what they rely on."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOTS, page_file, warnings_of

from sphinxext_jekyllposts._compat.sphinx import html_body

# What Sphinx does to a doctree after doctree-resolved (tables of contents,
# image candidates, links to resized images) and what writing a page changes
# in it (an admonition's title, a code literal's class): every kind is here.
KINDS = """\
---
title: Kinds
---

```{eval-rst}
.. note:: An admonition gets its title node when written.

A ``literal``, :code:`a code role` (its class is taken off when written) and a
footnote [#f]_.

:field: a field list
:second: with two fields

.. image:: /images/dot.*

.. image:: /images/dot.svg
   :width: 10px

.. image:: /images/none.png
   :scale: 50%

.. code-block:: python

   a code block that does not lex: $

.. code-block:: python

   print("highlighted")

.. toctree::

   /about

.. [#f] The footnote.
```
"""


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_snapshot_of_a_page_renders_as_its_body(make_app, tmp_path, builder):
    srcdir = tmp_path / "compat"
    shutil.copytree(ROOTS / "test-feed-content", srcdir)
    (srcdir / "_posts" / "2021-04-01-kinds.md").write_text(KINDS, "utf-8")
    (srcdir / "about.md").write_text("# About\n\nA page.\n", "utf-8")
    app = make_app(builder, srcdir=srcdir, confoverrides={"jekyllposts_trusted_posts": True})
    compared = []

    def compare(app, pagename, templatename, context, doctree):
        snapshot = getattr(doctree, "jekyllposts_feed_snapshot", None)
        if snapshot is not None:
            assert html_body(app.builder, snapshot.deepcopy()) == context["body"], pagename
            compared.append(pagename)

    app.connect("html-page-context", compare, priority=400)  # before the feeds' handler
    app.build()
    assert sorted(compared) == [
        "_posts/2021-01-01-first",
        "_posts/2021-02-01-second",
        "_posts/2021-03-01-third",
        "_posts/2021-04-01-kinds",
    ]
    body = page_file(app, "_posts/2021-04-01-kinds").read_text("utf-8")
    assert body.count('<p class="admonition-title">Note</p>') == 1
    assert '<a class="reference internal image-reference"' in body  # the resized image's link
    assert len(re.findall(r'src="(?:\.\./)+_images/dot\.svg"', body)) == 2
    assert 'class="toctree-wrapper compound"' in body
    assert '<li class="toctree-l1"><a class="reference internal" href="' in body
    # each warning of the page is given once, not again for the feed
    warnings = [line for line in warnings_of(app).splitlines() if line.strip()]
    # (a post's code block that does not lex gives none: .code_blocks)
    assert any("kinds.md" in line and "Could not obtain image size" in line for line in warnings)
    assert len(warnings) == len(set(warnings)), warnings
