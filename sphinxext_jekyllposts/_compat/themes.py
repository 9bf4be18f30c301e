"""What the extension needs of HTML themes beyond Sphinx's template context.

Checked with pydata-sphinx-theme 0.20 (and sphinx-book-theme 1.4, built on
it); ``tests/test_compat.py`` fails when a release changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def edit_pydata_sidebar(context: dict[str, Any], edit: Callable[[Any], None]) -> bool:
    """Have ``edit`` change the PyData theme's left sidebar (a BeautifulSoup
    tree) each time the page's template makes it; ``False`` for another theme.

    The PyData theme resolves that sidebar itself, through the undocumented
    ``generate_toctree_html(kind, ...)`` it puts into the page's context;
    ``kind == "sidebar"`` is the left sidebar, and the function returns the
    tree it made.
    """
    generate = context.get("generate_toctree_html")
    if generate is None:
        return False

    def generate_and_edit(kind: str, *args: Any, **kwargs: Any) -> Any:
        soup = generate(kind, *args, **kwargs)
        if kind == "sidebar" and hasattr(soup, "select"):
            edit(soup)
        return soup

    context["generate_toctree_html"] = generate_and_edit
    return True
