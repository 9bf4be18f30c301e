"""Comments as the site's theme turns them on in ``_config.yml``, and the
thread each post's comments are kept in.

Three families of keys are read (each theme's own names, and the names the
others use where they mean the same):

- Minimal Mistakes: ``comments.provider`` (``disqus``, ``discourse``,
  ``utterances``, ``giscus``), ``comments.disqus.shortname``,
  ``comments.discourse.server``, ``comments.utterances.*``,
  ``comments.giscus.*`` (``category_name``, ``discussion_term``) and the site's
  ``repository``; a post has comments when its ``comments`` is true.
- Chirpy: ``comments.provider`` (or ``comments.active``, its name before 6.0),
  ``comments.giscus.*`` (``repo``, ``category``, ``mapping``,
  ``input_position``), ``comments.utterances.*``, ``comments.disqus.shortname``;
  a post has comments when its ``comments`` is true (Chirpy's starter sets it
  for every post in ``defaults``).
- minima: ``disqus.shortname``; every post has comments unless it says
  ``comments: false``.

The thread keys are those the theme's own snippet gives the provider, so a
migrated blog keeps its threads wherever its pages are now served: Disqus'
``page.identifier`` and ``page.url``; for giscus and utterances, whose
``pathname`` mapping takes the browser's address, the same term computed from
the post's Jekyll URL and given as a specific term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .config_values import as_text, kind_of
from .frontmatter import ruby_truthy
from .snippets import attribute, script_string
from .theme_keys import theme_family

if TYPE_CHECKING:
    from collections.abc import Callable

#: The providers built, by the name ``comments.provider`` gives them.
PROVIDERS = ("disqus", "discourse", "giscus", "utterances")
#: Providers themes have that are not built (each warns once).
NOT_BUILT = ("staticman", "staticman_v2", "facebook", "custom", "isso", "remark42")

#: What giscus and utterances call the ways of finding a page's thread.
_GISCUS_MAPPINGS = ("pathname", "url", "title", "og:title", "specific", "number")
_EXTENSION = re.compile(r"\.\w+$")


@dataclass(frozen=True)
class CommentsSettings:
    """Which comments the site shows, and the provider's settings.

    ``attributes`` are the provider's own settings (giscus' ``data-*``
    attributes without ``data-``, utterances' attributes), without the thread's
    term, which is per post (:func:`thread_of`)."""

    provider: str = ""
    """One of :data:`PROVIDERS`, or ``""``: no comments."""
    family: str = ""
    """Whose rules posts follow: one of :data:`.theme_keys.FAMILIES`, or ``""``
    (minima's)."""
    shortname: str = ""
    """Disqus' shortname."""
    server: str = ""
    """Discourse's host name (``meta.discourse.org``)."""
    mapping: str = "pathname"
    """How giscus (``mapping``) or utterances (``issue_term``) finds a thread."""
    attributes: tuple[tuple[str, str], ...] = ()

    def shown_on(self, data: dict[str, Any]) -> bool:
        """Whether a post with front matter ``data`` (defaults merged) shows comments."""
        if not self.provider:
            return False
        value = data.get("comments")
        if self.family in ("minimal-mistakes", "chirpy"):
            return ruby_truthy(value) and value != "false"
        return value is not False and value != "false"


@dataclass(frozen=True)
class Thread:
    """What a provider is told of one post's thread."""

    url: str
    """The post's absolute URL as the theme writes it (``site.url`` + ``baseurl``
    + the post's URL; without ``site.url``, from the site root)."""
    identifier: str
    """Disqus' ``page.identifier``."""
    term: str | None
    """The giscus or utterances term, ``None`` to leave the mapping as set."""


def comments_settings(
    data: dict[str, Any],
    warn: Callable[[str, str], None],
    override: dict[str, Any] | None = None,
) -> CommentsSettings:
    """The comments of a site whose ``_config.yml`` is ``data``; ``override``
    (``jekyllposts_comments``) replaces its provider and that provider's keys
    (``{"provider": "giscus", "repo": ..., "repo_id": ...}``). Each problem is
    given to ``warn(message, top_level_key)``; the comments it concerns are off."""
    family = theme_family(data)
    block = data.get("comments")
    block = block if isinstance(block, dict) else {}
    if override is not None:
        name = as_text(override.get("provider")) or ""
        block = {**block, "provider": name, name: dict(override)}
    key = "comments"
    provider = as_text(block.get("provider")) or as_text(block.get("active")) or ""
    provider = provider.strip().lower()
    minima = data.get("disqus")
    if not provider and isinstance(minima, dict) and as_text(minima.get("shortname")):
        provider, key = "disqus", "disqus"
    if provider in ("", "false"):
        return CommentsSettings(family=family)
    if provider not in PROVIDERS:
        built = ", ".join(PROVIDERS)
        if provider in NOT_BUILT:
            warn(
                f"comments provider {provider!r} is not supported ({built} are); "
                "posts show no comments",
                key,
            )
        else:
            warn(
                f"unknown comments provider {provider!r} ({built} are supported); "
                "posts show no comments",
                key,
            )
        return CommentsSettings(family=family)
    keys = _Keys(provider, block.get(provider), key, warn)
    if provider == "disqus":
        shortname = keys.text("shortname") or (
            str(as_text(minima.get("shortname")) or "").strip() if isinstance(minima, dict) else ""
        )
        if keys.missing(shortname=shortname):
            return CommentsSettings(family=family)
        return CommentsSettings("disqus", family, shortname=shortname)
    if provider == "discourse":
        server = keys.text("server").removeprefix("https://").removeprefix("//").strip("/")
        if keys.missing(server=server):
            return CommentsSettings(family=family)
        return CommentsSettings("discourse", family, server=server)
    return _github_settings(keys, data, family)


class _Keys:
    """The keys of one provider's block (``comments.giscus``), as text."""

    def __init__(
        self, provider: str, block: object, key: str, warn: Callable[[str, str], None]
    ) -> None:
        self.provider = provider
        self.block = block if isinstance(block, dict) else {}
        self.key = key
        self.warn = warn

    def text(self, *names: str, default: str = "") -> str:
        """The first of ``names`` set to text (stripped), else ``default``."""
        for name in names:
            value = as_text(self.block.get(name))
            if value is not None and value.strip():
                return value.strip()
        return default

    def missing(self, **values: str) -> bool:
        """Whether any of ``values`` is empty (then a warning names each)."""
        empty = [name for name, value in values.items() if not value]
        if empty:
            self.warn(
                f"comments: {self.provider} needs {', '.join(empty)}; posts show no comments",
                self.key,
            )
        return bool(empty)


def _github_settings(keys: _Keys, data: dict[str, Any], family: str) -> CommentsSettings:
    """giscus' or utterances' settings: both keep threads in a GitHub repository."""
    repo = keys.text("repo") or (as_text(data.get("repository")) or "").strip()
    repo = re.sub(r"^https?://github\.com/", "", repo).strip("/")
    chirpy = family == "chirpy"
    if keys.provider == "utterances":
        if keys.missing(repo=repo):
            return CommentsSettings(family=family)
        mapping = keys.text("issue_term", "issue-term", default="pathname")
        theme = keys.text("theme", default="preferred-color-scheme" if chirpy else "github-light")
        attributes = [("repo", repo), ("theme", theme)]
        label = keys.text("label")
        if label:
            attributes.append(("label", label))
        return CommentsSettings("utterances", family, mapping=mapping, attributes=tuple(attributes))
    fields = {
        "repo": repo.lower() if family == "minimal-mistakes" else repo,
        "repo-id": keys.text("repo_id", "repo-id"),
        "category": keys.text("category", "category_name"),
        "category-id": keys.text("category_id", "category-id"),
    }
    if keys.missing(**{name.replace("-", "_"): value for name, value in fields.items()}):
        return CommentsSettings(family=family)
    mapping = keys.text("mapping", "discussion_term", default="pathname")
    if mapping not in _GISCUS_MAPPINGS:
        keys.warn(
            f"comments: giscus mapping {mapping!r} is not one of "
            f"{', '.join(_GISCUS_MAPPINGS)}; 'pathname' is used",
            keys.key,
        )
        mapping = "pathname"
    lang = keys.text("lang") or ((as_text(data.get("lang")) or "en") if chirpy else "en")
    attributes = [
        *fields.items(),
        ("strict", keys.text("strict", default="0")),
        ("reactions-enabled", keys.text("reactions_enabled", default="1")),
        ("emit-metadata", keys.text("emit_metadata", "metadata", default="0")),
        (
            "input-position",
            keys.text("input_position", "position", default="bottom" if chirpy else "top"),
        ),
        ("theme", keys.text("theme", default="preferred_color_scheme" if chirpy else "light")),
        ("lang", lang),
    ]
    if ruby_truthy(keys.block.get("lazy")) or keys.text("loading") == "lazy":
        attributes.append(("loading", "lazy"))
    return CommentsSettings("giscus", family, mapping=mapping, attributes=tuple(attributes))


def pathname_term(path: str) -> str:
    """The term giscus' and utterances' ``pathname`` mapping makes of a page's
    address path (``/2018/05/18/slug.html``): without its first ``/`` and its
    file extension (``2018/05/18/slug``); ``index`` for the root."""
    if len(path) < 2:
        return "index"
    return _EXTENSION.sub("", path[1:])


def thread_of(
    settings: CommentsSettings,
    *,
    site_url: str,
    baseurl: str,
    url: str,
    post_id: str,
    permalink: str,
) -> Thread:
    """The thread of the post at Jekyll URL ``url`` (``post_id``: Jekyll's
    ``page.id``; ``permalink``: the site's posts permalink, which Minimal
    Mistakes' Discourse snippet looks at)."""
    path = "/" + "/".join(part for part in (baseurl.strip("/"), url.lstrip("/")) if part)
    if url.endswith("/") and not path.endswith("/"):
        path += "/"
    absolute = site_url.rstrip("/") + path
    identifier = absolute
    if settings.family == "minimal-mistakes":
        identifier = post_id
    elif settings.family == "chirpy":
        identifier = url
    term: str | None = None
    if settings.provider == "discourse" and ".html" not in permalink:
        absolute = absolute.removesuffix("index.html").rstrip("/")
    if settings.provider in ("giscus", "utterances"):
        if settings.mapping == "pathname":
            term = pathname_term(path)
        elif settings.mapping == "url" and site_url:
            term = absolute
    return Thread(url=absolute, identifier=identifier, term=term)


def override_problem(value: object) -> str:
    """Why ``jekyllposts_comments`` cannot be used, or ``""``."""
    if value is None or value is False:
        return ""
    if not isinstance(value, dict):
        return f"must be None, False or a mapping with a 'provider', not {kind_of(value)}"
    provider = as_text(value.get("provider"))
    if provider not in PROVIDERS:
        given = kind_of(value.get("provider"))
        return f"'provider' must be one of {', '.join(PROVIDERS)}, not {given}"
    return ""


def snippet(settings: CommentsSettings, thread: Thread) -> str:
    """The HTML that loads the thread, as the theme's snippet does (the same
    provider settings and thread keys); ``""`` without a provider."""
    if settings.provider == "disqus":
        url, identifier = script_string(thread.url), script_string(thread.identifier)
        config = f"this.page.url = {url}; this.page.identifier = {identifier};"
        source = script_string(f"https://{settings.shortname}.disqus.com/embed.js")
        return (
            '<div id="disqus_thread"></div>\n'
            f"<script>var disqus_config = function () {{ {config} }};\n"
            "(function () { var d = document, s = d.createElement('script');\n"
            f"s.src = {source}; s.setAttribute('data-timestamp', +new Date());\n"
            "(d.head || d.body).appendChild(s); })();</script>\n"
            '<noscript><a href="https://disqus.com/?ref_noscript" rel="nofollow">'
            "Comments powered by Disqus.</a></noscript>"
        )
    if settings.provider == "discourse":
        server = script_string(f"https://{settings.server}/")
        embed = f"DiscourseEmbed = {{ discourseUrl: {server}, "
        embed += f"discourseEmbedUrl: {script_string(thread.url)} }};"
        return (
            '<div id="discourse-comments"></div>\n'
            f"<script>{embed}\n"
            "(function () { var d = document.createElement('script'); d.async = true;\n"
            "d.src = DiscourseEmbed.discourseUrl + 'javascripts/embed.js';\n"
            "(document.head || document.body).appendChild(d); })();</script>"
        )
    if settings.provider == "giscus":
        attributes = [(f"data-{name}", value) for name, value in settings.attributes]
        if thread.term is not None:
            attributes += [("data-mapping", "specific"), ("data-term", thread.term)]
        else:
            attributes.append(("data-mapping", settings.mapping))
        return _script("https://giscus.app/client.js", attributes, before='<div class="giscus">')
    if settings.provider == "utterances":
        term = thread.term if thread.term is not None else settings.mapping
        attributes = [*settings.attributes, ("issue-term", term)]
        return _script("https://utteranc.es/client.js", attributes)
    return ""


def _script(source: str, attributes: list[tuple[str, str]], *, before: str = "") -> str:
    written = " ".join(f'{name}="{attribute(value)}"' for name, value in attributes)
    container = f"{before}</div>\n" if before else ""
    return f'{container}<script src="{source}" {written} crossorigin="anonymous" async></script>'
