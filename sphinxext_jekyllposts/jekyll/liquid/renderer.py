"""The renderer: :class:`LiquidRenderer` renders posts' Liquid for one site, on
a :class:`JekyllEnvironment` (python-liquid's, with Jekyll's tags and filters,
the linear lexer and the limits), with ``site`` and ``page`` as Jekyll gives
them (:func:`page_drop`, :class:`RubyTime`).

Before a post is parsed, :func:`_unbalanced` looks for a block never closed
or an end tag closing nothing: such a post is shown as written.
"""

from __future__ import annotations

import datetime as dt
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
from .filters import _add_filters
from .guards import _GuardedOutput, _GuardedTemplate
from .includes import _Include, _IncludeRelative
from .lexer import linear_lexer
from .state import MAX_EXPRESSION, LiquidLimits, LiquidProblem, Rendered, _RenderState, _Stop
from .tags import _Content, _Highlight, _Link, _PostUrl, _UnknownTag

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path

    from ..catalog import Post, PostCatalog
    from .state import Resolver


class JekyllEnvironment(Environment):
    """A python-liquid environment with Jekyll's tags and filters."""

    template_comments = False
    template_class = _GuardedTemplate

    def __init__(self, site_dir: Path | None, includes_dir: str, limits: LiquidLimits) -> None:
        super().__init__(tolerance=Mode.STRICT, strict_filters=True)
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
            _IncludeRelative,
        ):
            self.add_tag(tag)

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
        self.render_state.problem(
            token,
            "liquid_tag",
            f"unknown Liquid tag '{name}' (a Jekyll plugin's?); it renders nothing",
            tag=name,
        )


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
    ) -> None:
        settings = catalog.settings
        raw = settings.raw
        self.env = JekyllEnvironment(site_dir, settings.includes_dir, limits or LiquidLimits())
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


_BLOCKS = frozenset(
    {"if", "unless", "case", "for", "tablerow", "capture", "comment", "highlight", "ifchanged"}
)


def _unbalanced(env: Environment, source: str, state: _RenderState) -> LiquidProblem | None:
    """A block tag that is never closed, or an end tag that closes nothing."""
    stack: list[Token] = []
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
        if name in _BLOCKS:
            stack.append(token)
        elif name.startswith("end") and name[3:] in _BLOCKS:
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
