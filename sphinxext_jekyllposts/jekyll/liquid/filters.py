"""Jekyll's filters (``relative_url``, ``markdownify``, ``where``,
``jsonify``, ``date_to_string``, ...), added to an environment by
:func:`_add_filters`, with Ruby's way of making a value text (:func:`_text`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
import re
import urllib.parse
from functools import cache
from typing import TYPE_CHECKING, Any

from liquid import is_undefined
from liquid.filter import with_context
from markdown_it import MarkdownIt

from ..dates import parse_date, resolve_zone
from ..frontmatter import ruby_str
from ..names import slugify
from .state import _render_inline

if TYPE_CHECKING:
    from collections.abc import Callable

    from liquid import Environment, RenderContext


def _add_filters(env: Environment, site_url: str, baseurl: str) -> None:
    # One Markdown parser per environment, made when a filter first needs it.
    markdown = cache(_markdown)

    def relative_url(value: object) -> str:
        text = _text(value)
        if urllib.parse.urlsplit(text).scheme:
            return text
        path = "/" + text.lstrip("/") if text else ""
        base = ("/" + baseurl.strip("/")) if baseurl.strip("/") else ""
        return (base + path) or "/"

    def absolute_url(value: object) -> str:
        text = _text(value)
        if urllib.parse.urlsplit(text).scheme:
            return text
        return site_url.rstrip("/") + relative_url(text)

    @with_context
    def where_exp(
        value: object, variable: str, expression: str, *, context: RenderContext
    ) -> list[Any]:
        return [item for item in _items(value) if _test(context, variable, expression, item)]

    @with_context
    def find_exp(value: object, variable: str, expression: str, *, context: RenderContext) -> Any:
        return next((i for i in _items(value) if _test(context, variable, expression, i)), None)

    @with_context
    def group_by_exp(
        value: object, variable: str, expression: str, *, context: RenderContext
    ) -> list[Any]:
        groups: dict[str, list[Any]] = {}
        for item in _items(value):
            key = _render_inline_with(context, variable, item, "{{ " + expression + " }}")
            groups.setdefault(key, []).append(item)
        return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]

    filters: dict[str, Callable[..., Any]] = {
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "markdownify": lambda value: markdown().render(_text(value)),
        "smartify": lambda value: markdown().renderInline(_text(value)),
        "jsonify": lambda value: json.dumps(value, ensure_ascii=False, default=_json_default),
        "slugify": lambda value, mode="default": slugify(_text(value), str(mode)),
        "xml_escape": lambda value: (
            html.escape(_text(value), quote=True) if value is not None else ""
        ),
        "cgi_escape": lambda value: urllib.parse.quote_plus(_text(value)),
        "uri_escape": lambda value: urllib.parse.quote(_text(value), safe="!#$&'()*+,/:;=?@[]~"),
        "date_to_xmlschema": lambda value: _date(value, lambda d: d.isoformat()),
        "date_to_rfc822": lambda value: _date(
            value, lambda d: d.strftime("%a, %d %b %Y %H:%M:%S %z")
        ),
        "date_to_string": lambda value, kind="", style="": _date(
            value, lambda d: _date_string(d, "%b", kind, style)
        ),
        "date_to_long_string": lambda value, kind="", style="": _date(
            value, lambda d: _date_string(d, "%B", kind, style)
        ),
        "number_of_words": _number_of_words,
        "array_to_sentence_string": _sentence,
        "normalize_whitespace": lambda value: " ".join(_text(value).split()),
        "where": _where,
        "where_exp": where_exp,
        "find_exp": find_exp,
        "group_by": _group_by,
        "group_by_exp": group_by_exp,
        "sample": lambda value, count=None: _sample(value, count),
        "pop": lambda value, count=1: _items(value)[: -int(count) or None],
        "shift": lambda value, count=1: _items(value)[int(count) :],
        "push": lambda value, item: [*_items(value), item],
        "unshift": lambda value, item: [item, *_items(value)],
        "inspect": lambda value: json.dumps(value, ensure_ascii=False, default=_json_default),
        "to_integer": lambda value: (
            int(float(_text(value) or 0)) if not isinstance(value, bool) else int(value)
        ),
    }
    for name, function in filters.items():
        env.add_filter(name, function)


def _text(value: object) -> str:
    if value is None or is_undefined(value):
        return ""
    if isinstance(value, list | tuple | dict):
        # Ruby's to_s, as Jekyll's filters take it; cut short, where Python's
        # would write out a list nested in itself 2**40 times.
        return ruby_str(list(value) if isinstance(value, tuple) else value)
    return value if isinstance(value, str) else str(value)


def _items(value: object) -> list[Any]:
    if isinstance(value, dict):
        return [[k, v] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if value is None or not _text(value) else [value]


def _property(item: object, name: str) -> object:
    if isinstance(item, dict):
        return item.get(name)
    return None


def _where(value: object, prop: str, target: object = None) -> list[Any]:
    wanted = _text(target)
    found = []
    for item in _items(value):
        have = _property(item, str(prop))
        if isinstance(have, (list, tuple)):
            if wanted in (_text(v) for v in have):
                found.append(item)
        elif _text(have) == wanted:
            found.append(item)
    return found


def _group_by(value: object, prop: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in _items(value):
        have = _property(item, str(prop))
        key = ", ".join(map(_text, have)) if isinstance(have, (list, tuple)) else _text(have)
        groups.setdefault(key, []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def _test(context: RenderContext, variable: str, expression: str, item: object) -> bool:
    return (
        _render_inline_with(context, variable, item, "{% if " + expression + " %}1{% endif %}")
        == "1"
    )


def _render_inline_with(context: RenderContext, variable: str, item: object, source: str) -> str:
    with context.extend({str(variable): item}):
        return _render_inline(context, source)


def _sample(value: object, count: object) -> Any:
    items = _items(value)
    if count is None:
        return random.choice(items) if items else None
    return random.sample(items, min(len(items), int(str(count))))


def _sentence(value: object, connector: str = "and") -> str:
    items = [_text(v) for v in _items(value)]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {connector} {items[1]}"
    return ", ".join(items[:-1]) + f", {connector} {items[-1]}"


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _number_of_words(value: object, mode: str = "") -> int:
    text = _text(value)
    if mode == "cjk":
        return len(_CJK.findall(text)) + len(_CJK.sub(" ", text).split())
    if mode == "auto" and _CJK.search(text):
        return _number_of_words(text, "cjk")
    return len(text.split())


def _as_datetime(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value:
        return parse_date(value, resolve_zone(None))
    return None


def _date(value: object, format_: Any) -> str:
    date = _as_datetime(value)
    return _text(value) if date is None else str(format_(date))


def _date_string(date: dt.datetime, month: str, kind: str, style: str) -> str:
    if kind == "ordinal":
        day = date.day
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        if style == "US":
            return date.strftime(f"{month} ") + f"{day}{suffix}, {date.year}"
        return f"{day}{suffix} " + date.strftime(f"{month} %Y")
    return f"{date.day:02d} " + date.strftime(f"{month} %Y")


def _json_default(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    return _text(value)


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )
