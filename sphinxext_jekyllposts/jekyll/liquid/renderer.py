"""The renderer: :class:`LiquidRenderer` renders posts' Liquid for one site, on
a :class:`JekyllEnvironment` (python-liquid's, with Jekyll's tags and filters,
the linear lexer and the limits), with ``site`` and ``page`` as Jekyll gives
them (:func:`page_drop`, :class:`RubyTime`).

Before a post is parsed, :func:`_unbalanced` looks for a block never closed
or an end tag closing nothing: such a post is shown as written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from typing import TYPE_CHECKING, Any

from liquid import Environment, Mode, Token
from liquid.exceptions import (
    LiquidError,
    LoopIterationLimitError,
    OutputStreamLimitError,
)
from liquid.token import TOKEN_TAG

from ..excerpts import has_liquid
from .buffer import _line_map, _Output
from .data import load_site_data
from .filters import _add_filters
from .guards import _GuardedOutput, _GuardedTemplate
from .includes import _Include, _IncludeCached, _IncludeRelative
from .lexer import linear_lexer
from .plugin_tags import _Figure, _Gist, mapped_tag
from .state import MAX_EXPRESSION, LiquidLimits, LiquidProblem, Rendered, _RenderState, _Stop
from .tags import _Content, _Highlight, _Link, _PostUrl, _UnknownTag

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

    from ..catalog import Post, PostCatalog
    from .state import Resolver


# The name of an end tag: linear (the name is a run of word characters).
_END_TAG = re.compile(r"\{%-?\s*end(\w+)")


class JekyllEnvironment(Environment):
    """A python-liquid environment with Jekyll's tags and filters."""

    template_comments = False
    template_class = _GuardedTemplate

    def __init__(
        self,
        site_dir: Path | None,
        includes_dir: str,
        limits: LiquidLimits,
        mapped_tags: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)
        #: ``jekyllposts_liquid_tags``: a tag name, its include template.
        self.mapped_tags = dict(mapped_tags or {})
        self._closed_in: str | None = None
        self._closed: frozenset[str] = frozenset()
        self.site_dir = site_dir
        self.includes_dir = includes_dir
        self.limits = limits
        self.loop_iteration_limit = limits.loop_iterations  # type: ignore[misc]
        self.render_state = _RenderState("", 1, limits, None, "")
        #: The parsed includes, by real path (:func:`.includes.include_file`).
        self.include_templates: dict[Path, Any] = {}
        self.recording = True
        for tag in (
            _Content,
            _GuardedOutput,
            _UnknownTag,
            _Highlight,
            _PostUrl,
            _Link,
            _Include,
            _IncludeCached,
            _IncludeRelative,
            _Gist,
            _Figure,
        ):
            self.add_tag(tag)
        for name, template in self.mapped_tags.items():
            self.add_tag(mapped_tag(name, template))

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        if isinstance(exc, (_Stop, LoopIterationLimitError, OutputStreamLimitError)):
            raise exc
        if not self.recording:
            raise exc
        message = exc.message if hasattr(exc, "message") else str(exc)
        self.render_state.problem(exc.token or token, "liquid", f"Liquid: {message}")

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        # python-liquid's lexer is a regexp that backtracks quadratically on some
        # posts: the same tokens in linear time, the clock read between them.
        return linear_lexer(self._lexed)

    def _lexed(self, source: str, start: int, expression: int) -> None:
        self.render_state.check_time()
        if expression > MAX_EXPRESSION:
            raise _Stop(
                f"a Liquid tag or output has more than {MAX_EXPRESSION:,} characters inside",
                token=Token(TOKEN_TAG, "", start_index=start, source=source),
            )

    def unknown_tag(self, name: str, token: Token) -> None:
        state = self.render_state
        # The token, not its line: two on one line are two uses (a loop's
        # rendering one again is not); the post and its includes stay parsed
        # while it renders, so no two tokens share an id.
        place = (state.line_of(token), id(token))
        if place in state.unknown_tags:
            return
        state.unknown_tags.add(place)
        state.problem(
            token,
            "liquid_tag",
            f"unknown Liquid tag '{name}' (a Jekyll plugin's? see jekyllposts_liquid_tags); "
            "it renders nothing",
            tag=name,
        )

    def closed_tags(self, source: str) -> frozenset[str]:
        """The tags of :attr:`mapped_tags` that ``source`` has an end tag of
        (``{% endnote %}``): there, they are blocks."""
        if source is not self._closed_in:
            names = {m[1] for m in _END_TAG.finditer(source)} if self.mapped_tags else ()
            self._closed = frozenset(n for n in names if n in self.mapped_tags)
            self._closed_in = source
        return self._closed


class LiquidRenderer:
    """Renders posts' Liquid for one site; build one per build (or process)."""

    def __init__(
        self,
        catalog: PostCatalog,
        site_dir: Path | None,
        *,
        limits: LiquidLimits | None = None,
        data: Mapping[str, Any] | None = None,
        now: dt.datetime | None = None,
        mapped_tags: Mapping[str, str] | None = None,
    ) -> None:
        settings = catalog.settings
        raw = settings.raw
        self.env = JekyllEnvironment(
            site_dir, settings.includes_dir, limits or LiquidLimits(), mapped_tags
        )
        self.site_dir = site_dir
        self.catalog = catalog
        _add_filters(self.env, settings.url, settings.baseurl)
        posts = [page_drop(post) for post in catalog]
        by_path = {post.path: drop for post, drop in zip(catalog, posts, strict=True)}
        self._pages = by_path
        categories: dict[str, list[dict[str, Any]]] = {}
        tags: dict[str, list[dict[str, Any]]] = {}
        self._index = {post.path: i for i, post in enumerate(catalog)}
        for post, drop in reversed(list(zip(catalog, posts, strict=True))):
            for name in post.categories:
                categories.setdefault(name, []).append(drop)
            for name in post.tags:
                tags.setdefault(name, []).append(drop)
        self.site: dict[str, Any] = {
            **raw,
            "time": RubyTime.of(now or dt.datetime.now(dt.UTC)),
            "posts": posts[::-1],
            "categories": categories,
            "tags": tags,
            "data": dict(data or {}),
            "pages": [],
            "static_files": [],
            "html_pages": [],
            "collections": [],
            "documents": posts,
            "baseurl": settings.baseurl,
            "url": settings.url,
        }

    def _neighbours(self, post: Post) -> dict[str, Post]:
        posts = self.catalog.posts
        index = self._index.get(post.path)
        if index is None:
            return {}
        found = {}
        # The catalog is oldest first: Jekyll's `previous` is the older post.
        if index > 0:
            found["previous"] = posts[index - 1]
        if index + 1 < len(posts):
            found["next"] = posts[index + 1]
        return found

    def render(
        self,
        post: Post,
        body: str,
        *,
        first_line: int,
        resolver: Resolver | None = None,
    ) -> Rendered:
        """``body`` (starting on ``first_line`` of the post's file) rendered."""
        identity = Rendered(body, list(range(first_line, first_line + body.count("\n") + 1)))
        if not has_liquid(body):
            return identity
        env = self.env
        post_dir = post.path.rsplit("/", 1)[0] if "/" in post.path else ""
        state = _RenderState(
            body, first_line, env.limits, resolver, post_dir, html=post.markup == "html"
        )
        page = dict(self._pages.get(post.path) or page_drop(post))
        page.update({key: self._pages.get(p.path) for key, p in self._neighbours(post).items()})
        out = _Output(state)
        state.deadline = time.monotonic() + env.limits.seconds
        env.render_state = state
        try:
            unbalanced = _unbalanced(env, body, state)
            if unbalanced is not None:
                identity.problems = [unbalanced]
                return identity
            template = env.from_string(body, path=post.path)
            context = template.context_class(
                template, globals=template.make_globals({"site": self.site, "page": page})
            )
            template.render_with_context(context, out)
        except _Stop as stop:
            line = state.line_of(stop.token) if stop.token is not None else first_line
            identity.problems = [
                *state.problems,
                LiquidProblem(line, "limit", f"not rendered: {stop.message}"),
            ]
            return identity
        except LoopIterationLimitError:
            identity.problems = [
                *state.problems,
                LiquidProblem(
                    first_line,
                    "limit",
                    f"not rendered: its loops passed {env.limits.loop_iterations:,} iterations",
                ),
            ]
            return identity
        except Exception as error:  # a post must never stop the build
            message = getattr(error, "message", None) or str(error) or type(error).__name__
            problem = LiquidProblem(
                state.line_of(getattr(error, "token", None)),
                "liquid",
                f"Liquid: {message}; the post is shown without its Liquid rendered",
            )
            identity.problems = [*state.problems, problem]
            return identity
        finally:
            env.render_state = _RenderState("", 1, env.limits, None, "")
        text = out.getvalue()
        return Rendered(
            text, _line_map(text, out.marks, first_line), state.problems, state.dependencies
        )

    def excerpt(self, post: Post) -> str | None:
        """The post's excerpt (Markdown) with its Liquid rendered, as Jekyll renders
        an excerpt: on its own, in the post's context, its unclosed blocks closed;
        None when there is nothing to render (no Liquid, ``excerpt:`` front
        matter, ``render_with_liquid: false``) or it does not render (its problems
        are the body's, reported when the body is)."""
        source = post.excerpt_source
        if post.excerpt_from_front_matter or not has_liquid(source):
            return None
        if post.data.get("render_with_liquid") is False:
            return None
        closed = _closed_blocks(self.env, source)
        if closed is None:
            return None
        links = _CatalogLinks(self.catalog)
        rendered = self.render(post, closed, first_line=post.body_line, resolver=links)
        if rendered.problems and rendered.text == closed:
            return None
        return rendered.text


def with_rendered_excerpts(catalog: PostCatalog, site_dir: Path) -> PostCatalog:
    """``catalog`` with the Liquid of its excerpts rendered, as
    ``jekyllposts inspect`` shows them (the Sphinx side renders its own)."""
    renderer = LiquidRenderer(catalog, site_dir, data=load_site_data(site_dir).data)
    posts = [
        post
        if (text := renderer.excerpt(post)) is None
        else dataclasses.replace(post, excerpt_source=text, excerpt_liquid_rendered=True)
        for post in catalog
    ]
    return dataclasses.replace(catalog, posts=tuple(posts))


class _CatalogLinks:
    """``post_url`` and ``link`` answered with the Jekyll URL of the post (an
    excerpt is text: where a link goes does not show)."""

    def __init__(self, catalog: PostCatalog) -> None:
        self.catalog = catalog

    def post_url(self, name: str) -> str | None:
        folder, _, stem = name.strip().strip("/").rpartition("/")
        for post in self.catalog:
            base = post.path.rsplit("/", 1)[-1]
            if base.rsplit(".", 1)[0] == stem and (not folder or f"/{folder}/" in f"/{post.path}"):
                return post.url
        return None

    def link(self, path: str) -> str | None:
        post = self.catalog.by_path(path.strip().lstrip("/"))
        return post.url if post is not None else "/" + path.strip().lstrip("/")


def _closed_blocks(env: JekyllEnvironment, head: str) -> str | None:
    """``head`` with an end tag added for each block it opens and never closes,
    as Jekyll's ``Excerpt#sanctify_liquid_tags`` adds them (the excerpt
    separator fell inside the block); None when its Liquid cannot be split."""
    try:
        names = [t.value for t in env.tokenizer()(head) if t.kind == TOKEN_TAG]
    except LiquidError:
        return None
    blocks = _BLOCKS | {"raw"} | env.closed_tags(head)
    ends = {name[3:] for name in names if name.startswith("end")}
    for name in reversed(names):
        if name in blocks and name not in ends:
            head += f"\n{{% end{name} %}}"
            ends.add(name)
    return head


#: Liquid's and Jekyll's block tags (``raw`` is the lexer's).
_BLOCKS = frozenset(
    {
        "if",
        "unless",
        "case",
        "for",
        "tablerow",
        "capture",
        "comment",
        "highlight",
        "ifchanged",
        "figure",
    }
)


def _unbalanced(env: Environment, source: str, state: _RenderState) -> LiquidProblem | None:
    """A block tag that is never closed, or an end tag that closes nothing."""
    stack: list[Token] = []
    blocks = _BLOCKS | env.closed_tags(source) if isinstance(env, JekyllEnvironment) else _BLOCKS
    try:
        tokens = list(env.tokenizer()(source))
    except _Stop:
        raise
    except LiquidError as error:
        return LiquidProblem(
            state.line_of(error.token),
            "liquid",
            f"Liquid: {error.message}; the post is shown without its Liquid rendered",
        )
    for token in tokens:
        if token.kind != TOKEN_TAG:
            continue
        name = token.value
        if stack and stack[-1].value == "comment" and name not in {"comment", "endcomment"}:
            continue
        if name in blocks:
            stack.append(token)
        elif name.startswith("end") and name[3:] in blocks:
            if stack and stack[-1].value == name[3:]:
                stack.pop()
                continue
            if stack:
                opener = stack[-1]
                where = state.line_of(opener)
                why = f"'{{% {name} %}}' where '{{% {opener.value} %}}' (line {where}) is open"
            else:
                why = f"'{{% {name} %}}' closes no block"
            return LiquidProblem(
                state.line_of(token),
                "liquid",
                f"Liquid: {why}; the post is shown without its Liquid rendered",
            )
    if stack:
        opener = stack[-1]
        return LiquidProblem(
            state.line_of(opener),
            "liquid",
            f"Liquid: '{{% {opener.value} %}}' is never closed; the post is shown without "
            "its Liquid rendered",
        )
    return None


class RubyTime(dt.datetime):
    """A datetime that prints as Ruby's ``Time#to_s`` (``2018-05-18 00:00:00 +0800``)."""

    @classmethod
    def of(cls, value: dt.datetime) -> RubyTime:
        return cls(
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.tzinfo,
        )

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").strip()


def page_drop(post: Post) -> dict[str, Any]:
    """The post as Liquid's ``page`` (and an entry of ``site.posts``)."""
    name = post.path.rsplit("/", 1)[-1]
    return {
        **post.data,
        "title": post.title,
        "date": RubyTime.of(post.date),
        "slug": post.slug,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "url": post.url,
        "id": post.id,
        "path": post.path,
        "relative_path": post.path,
        "name": name,
        "ext": post.ext,
        "draft": post.draft,
        "excerpt": post.excerpt,
        "collection": "posts",
        "layout": post.data.get("layout", ""),
    }
