"""What the theme snippets (comments, analytics, SEO) are written with: text
made safe inside a ``<script>`` element or an attribute, whatever
``_config.yml`` or a post's front matter says."""

from __future__ import annotations

import html
import json


def script_string(text: str) -> str:
    """``text`` as a JavaScript string literal inside a ``<script>`` element
    (no ``</script>`` or ``<!--`` can end or change the element)."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")


def script_json(value: object) -> str:
    """``value`` as JSON inside a ``<script>`` element (JSON-LD)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def attribute(text: str) -> str:
    """``text`` as a double-quoted attribute value."""
    return html.escape(text, quote=True)
