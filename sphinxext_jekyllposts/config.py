"""Every ``jekyllposts_*`` setting, declared once.

:class:`JekyllPostsConfig` lists each option with its type, default, what a
change rebuilds and its help text; :func:`setup_config` registers them as
``jekyllposts_<name>`` config values and :func:`validated` checks them at
``config-inited``: a bad value warns and falls back to its default. The option
table in the documentation is generated from this class.

Where Jekyll has the same setting in ``_config.yml`` (``timezone``,
``show_drafts``, ``future``, ``unpublished``, ``defaults``, ``permalink``,
``excerpt_separator``), the option is
``None`` by default, meaning "what ``_config.yml`` says"; any other value
overrides the site's.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config_checks import HEADER_FIELDS, option_problem
from .jekyll.problems import ProblemKind
from .jekyll.site import with_overrides
from .reporting import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .jekyll.site import SiteSettings


def _option(default: Any, help: str, *, types: tuple[type, ...], rebuild: str = "env") -> Any:
    return field(default=default, metadata={"help": help, "types": types, "rebuild": rebuild})


@dataclass(frozen=True)
class JekyllPostsConfig:
    """The extension's options, as given in ``conf.py`` (``jekyllposts_`` + name)."""

    site_dir: str = _option(
        "",
        "Folder of the Jekyll site (where ``_config.yml`` and ``_posts`` are), "
        "relative to the Sphinx source folder. Empty: the source folder itself.",
        types=(str,),
    )
    pages: bool | None = _option(
        None,
        "Build the site's pages as Jekyll does: each Markdown file with front matter "
        "outside ``_posts`` and ``_drafts`` that Jekyll reads (``about.md``, "
        "``404.md``, an ``include:``\\ d ``_pages/``) and each Markdown document of a "
        "collection with ``output: true``, with its Liquid and kramdown, its "
        "front-matter title, at its Jekyll URL. ``None``: when the site folder has a "
        "``_config.yml``. ``False``: such files are plain MyST documents.",
        types=(bool, type(None)),
    )
    timezone: str | None = _option(
        None,
        "IANA time zone for post dates, e.g. ``'Asia/Shanghai'``. "
        "``None``: ``timezone`` from ``_config.yml``, else the machine's zone (as Jekyll).",
        types=(str, type(None)),
    )
    drafts: bool | None = _option(
        None,
        "Build the posts in ``_drafts/``. ``None``: ``show_drafts`` from ``_config.yml`` "
        "(off by default).",
        types=(bool, type(None)),
    )
    future: bool | None = _option(
        None,
        "Build posts dated in the future. ``None``: ``future`` from ``_config.yml`` "
        "(off by default).",
        types=(bool, type(None)),
    )
    unpublished: bool | None = _option(
        None,
        "Build posts with ``published: false``. ``None``: ``unpublished`` from "
        "``_config.yml`` (off by default).",
        types=(bool, type(None)),
    )
    permalink: str | None = _option(
        None,
        "URL style or pattern of posts, as Jekyll's ``permalink`` (``'date'``, "
        "``'pretty'``, ``'ordinal'``, ``'weekdate'``, ``'none'`` or a pattern such as "
        "``'/:categories/:year/:title/'``). ``None``: ``collections.posts.permalink``, "
        "else ``permalink``, from ``_config.yml`` (``'date'`` by default).",
        types=(str, type(None)),
    )
    excerpt_separator: str | None = _option(
        None,
        "Where a post's excerpt ends, as Jekyll's ``excerpt_separator`` (a post's own "
        "``excerpt_separator:`` still wins). ``None``: ``_config.yml``'s, else a blank "
        "line (the first paragraph). ``''``: no excerpts.",
        types=(str, type(None)),
    )
    defaults: list[dict[str, Any]] | None = _option(
        None,
        "Front matter defaults, the same list of ``{'scope': ..., 'values': ...}`` "
        "sets as Jekyll's ``defaults``. ``None``: those of ``_config.yml``.",
        types=(list, type(None)),
    )
    category_dir: str | None = _option(
        "category",
        "Folder (relative to the site folder) of the generated page of each category. "
        "``None``: no category pages.",
        types=(str, type(None)),
    )
    tag_dir: str | None = _option(
        "tag",
        "Folder (relative to the site folder) of the generated page of each tag. "
        "``None``: no tag pages.",
        types=(str, type(None)),
    )
    year_dir: str | None = _option(
        "year",
        "Folder (relative to the site folder) of the generated page of each year. "
        "``None``: no year pages.",
        types=(str, type(None)),
    )
    author_dir: str | None = _option(
        "author",
        "Folder (relative to the site folder) of the generated page of each author a "
        "post names (``author:``, ``authors:``), with their posts and, with feeds, their "
        "feed (``feed/by_author/<name>.xml``). ``None``: no author pages.",
        types=(str, type(None)),
    )
    author_box: bool = _option(
        True,
        "Show a box after each post with its authors' avatar, name, bio and links, from "
        "``_data/authors.yml`` or the site's ``author:`` block (authors with only a name "
        "get none).",
        types=(bool,),
        rebuild="html",
    )
    paginate: int | None = _option(
        None,
        "Posts per page of the generated 'all posts' pages, as jekyll-paginate's "
        "``paginate``. ``None``: ``paginate`` from ``_config.yml``; ``0``: no pagination.",
        types=(int, type(None)),
    )
    paginate_path: str | None = _option(
        None,
        "Where the pages of all posts go, relative to the site folder, with ``:num`` "
        "for the page number, as jekyll-paginate's ``paginate_path``. ``None``: "
        "``paginate_path`` from ``_config.yml``, else ``'page:num'``.",
        types=(str, type(None)),
    )
    jekyll_urls: bool | str = _option(
        True,
        "``True``: with the ``html`` and ``dirhtml`` builders, each post's page is written "
        "at its Jekyll URL (``/2018/05/18/slug.html`` as ``2018/05/18/slug.html``, "
        "``/2018/05/18/slug/`` as ``2018/05/18/slug/index.html``), and its Sphinx path "
        "(``_posts/2018-05-18-slug.html``) is a redirect page. ``'redirect'``: the page "
        "stays at its Sphinx path and a redirect page is written at the Jekyll URL. "
        "``False``: neither. ``redirect_from:`` paths get a redirect page regardless.",
        types=(bool, str),
        rebuild="html",
    )
    static_files: bool = _option(
        True,
        "Copy the site's static files (every file Jekyll copies as it is: ``assets/``, "
        "``images/``, ``favicon.ico``, ``CNAME``, ...) into the output of the ``html`` and "
        "``dirhtml`` builders, at the same paths, and make site paths to them in posts' raw "
        "HTML and links (``/assets/a.png``, ``{{ site.baseurl }}/assets/a.png``) relative "
        "to each page. See :doc:`feeds-and-urls`.",
        types=(bool,),
        rebuild="html",
    )
    feed_path: str | None = _option(
        None,
        "Path of the Atom feed of all posts in the output, as jekyll-feed's ``feed.path``. "
        "``None``: ``feed: path:`` from ``_config.yml``, else ``'feed.xml'``; ``''``: no feeds.",
        types=(str, type(None)),
    )
    feed_posts_limit: int | None = _option(
        None,
        "How many of the newest posts a feed has. ``None``: ``feed: posts_limit:``, else 10.",
        types=(int, type(None)),
    )
    feed_excerpt_only: bool | None = _option(
        None,
        "Feed entries without the post's full content, only the excerpt as summary. "
        "``None``: ``feed: excerpt_only:``, else ``False``.",
        types=(bool, type(None)),
    )
    feed_categories: list[str] | None = _option(
        None,
        "Categories that get a feed of their own (``feed/<category>.xml``). "
        "``None``: ``feed: categories:``, else none.",
        types=(list, type(None)),
    )
    feed_tags: bool | list[str] | None = _option(
        None,
        "``True`` for a feed per tag (``feed/by_tag/<tag>.xml``), or a list of the tags "
        "that get one. ``None``: ``feed: tags:`` (``true``, or ``only:``/``except:`` lists).",
        types=(bool, list, type(None)),
    )
    posts_in_navigation: bool = _option(
        False,
        "``True`` lists each post under its category in the navigation that themes "
        "print on every page (sidebars, Furo's and Read the Docs' trees): every page "
        "then carries every post, and a blog of N posts builds in time and output size "
        "growing with N squared. ``False`` (the default) keeps the posts their category "
        "page's children (breadcrumbs, previous/next, no 'not in any toctree' warning) "
        "but prints only the category pages, and a post's page shows the navigation of "
        "its category page, with that category as the current entry.",
        types=(bool,),
    )
    post_navigation: bool = _option(
        True,
        "Links to the previous (older) and next (newer) post at the end of each post.",
        types=(bool,),
    )
    related_posts: int = _option(
        0,
        "How many related posts (sharing the most tags, then categories) to list at the "
        "end of each post. ``0``: none.",
        types=(int,),
    )
    post_header: bool = _option(
        True,
        "Show a header under each post's title with its date, author, categories, "
        "tags and reading time.",
        types=(bool,),
    )
    header_fields: tuple[str, ...] = _option(
        HEADER_FIELDS,
        "Which fields the post header shows, in order; any of "
        + ", ".join(f"``{name!r}``" for name in HEADER_FIELDS)
        + ".",
        types=(tuple, list),
    )
    date_format: str | None = _option(
        None,
        "How the post header writes dates, with ``strftime``-style codes "
        "(``'%Y-%m-%d'``), localised through Sphinx's ``format_date``. "
        "``None``: the long date of the document's ``language`` "
        "(``May 18, 2018``; ``2018年5月18日`` for ``zh_CN``).",
        types=(str, type(None)),
    )
    words_per_minute: int = _option(
        200,
        "Reading speed for words of space-separated scripts, for the reading time.",
        types=(int,),
    )
    cjk_chars_per_minute: int = _option(
        400,
        "Reading speed for Chinese, Japanese and Korean characters, which are "
        "counted one by one rather than as words.",
        types=(int,),
    )

    liquid: bool = _option(
        True,
        "Render the Liquid in posts (``{% include %}``, ``{{ site.title }}``, "
        "``{% highlight %}``, ...) as Jekyll does, before the Markdown is read. A post "
        "with ``render_with_liquid: false`` is never rendered.",
        types=(bool,),
    )
    liquid_timeout: float = _option(
        10.0,
        "Seconds one post's Liquid may take; a post that takes longer is shown as "
        "written, with a warning.",
        types=(int, float),
    )
    liquid_max_output: int = _option(
        5_000_000,
        "Characters one post's Liquid may write, and the most it may hold: in one "
        "value (a filter's result, a capture) and in all its variables together. A "
        "post that goes past it is shown as written, with a warning.",
        types=(int,),
    )
    liquid_tags: tuple[tuple[str, str], ...] | None = _option(
        None,
        "Liquid tags of Jekyll plugins (``_plugins/*.rb``, gems) mapped to include "
        "templates, e.g. ``{'youtube': 'youtube.html'}``: ``{% youtube abc 640 %}`` "
        "renders ``_includes/youtube.html`` with ``include.args`` (the positional "
        "arguments, also ``include.arg1``, ``include.arg2``, ...), every "
        '``key="value"`` as ``include.key`` and ``include.markup`` (the text after '
        "the tag's name). A tag with an ``{% end<name> %}`` after it is a block: its "
        "rendered content is ``include.content``. ``None``: no tags mapped. See "
        ":doc:`liquid-and-kramdown`.",
        types=(dict, type(None)),
    )

    max_front_matter: int = _option(
        100_000,
        "The most characters of front matter read from a post; longer front matter is "
        "ignored with a warning (the post builds without it).",
        types=(int,),
    )
    max_post_size: int = _option(
        10_000_000,
        "The largest post file read, in bytes; a larger post is skipped with a warning.",
        types=(int,),
    )
    raw_html: bool = _option(
        True,
        "Pass raw HTML in posts (``<div>``, ``<script>``, HTML from Liquid) to the "
        "output, as Jekyll does. ``False`` shows it as text instead (an HTML post, "
        "``_posts/*.html``, as its text without its markup): set it when posts "
        "come from people you do not trust with your site's pages.",
        types=(bool,),
    )
    trusted_posts: bool = _option(
        False,
        "Trust every post's author with the build: a post's ``myst:`` front matter "
        "configures MyST, and it may run any directive or role (``include``, "
        "``literalinclude``, ``raw``, ``eval-rst``, ``toctree``, ...), read files anywhere "
        "and use MyST substitutions. ``False``: a post is a document only (see "
        ":doc:`untrusted-posts`).",
        types=(bool,),
    )
    post_directives: tuple[str, ...] = _option(
        (),
        "More directives posts may use, beside the harmless ones always allowed "
        "(admonitions, ``figure``, ``code-block``, ``math``, ...; see :doc:`untrusted-posts`), "
        "e.g. ``['mermaid', 'tab-set', 'tab-item']``.",
        types=(list, tuple),
    )
    post_roles: tuple[str, ...] = _option(
        (),
        "More roles posts may use, beside the inline markup and cross-reference roles "
        "always allowed (see :doc:`untrusted-posts`).",
        types=(list, tuple),
    )

    environment: str | None = _option(
        None,
        "Jekyll's ``jekyll.environment``: comments are shown only in ``'production'``. "
        "``None``: the ``JEKYLL_ENV`` environment variable, else ``'production'`` "
        "(``jekyllposts serve`` builds with ``'development'`` unless told otherwise).",
        types=(str, type(None)),
        rebuild="html",
    )
    history_dir: str = _option(
        "",
        "The folder whose git history gives posts their last-modified dates, when the "
        "site uses jekyll-last-modified-at (``jekyllposts build`` sets it to the site "
        "folder it builds). Empty: the site folder.",
        types=(str,),
        rebuild="html",
    )
    mermaid: bool | None = _option(
        None,
        "Draw the posts' ``mermaid`` code fences as diagrams (kramdown shows them as "
        "code; the theme's script draws them). ``None``: in posts with ``mermaid: true`` "
        "(as Chirpy); ``True``: in every post; ``False``: never.",
        types=(bool, type(None)),
    )
    mermaid_js: str = _option(
        "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js",
        "Where pages with a diagram load the mermaid script from (its classic, non-module build).",
        types=(str,),
        rebuild="html",
    )
    analytics: bool | None = _option(
        None,
        "The site's web analytics (see :doc:`coming-from-a-theme`). ``None``: those "
        "``_config.yml`` turns on (minima's ``google_analytics``, Minimal Mistakes' "
        "``analytics``, Chirpy's ``analytics``), in a production build only. ``False``: none.",
        types=(bool, type(None)),
        rebuild="html",
    )
    seo: bool | None = _option(
        None,
        "Write jekyll-seo-tag's tags into every page's head: \"Post | Site\" titles, the "
        "description, Open Graph and Twitter card tags, JSON-LD (see "
        ":doc:`coming-from-a-theme`). ``None``: when ``_config.yml`` lists "
        "``jekyll-seo-tag`` in ``plugins`` or names a theme that writes them (Minimal "
        "Mistakes, Chirpy, minima).",
        types=(bool, type(None)),
        rebuild="html",
    )
    comments: Any = _option(
        None,
        "The posts' comments (see :doc:`coming-from-a-theme`). ``None``: as "
        "``_config.yml`` turns them on, with the keys of Minimal Mistakes, Chirpy or "
        "minima. ``False``: none. A "
        "mapping replaces the site's provider: ``{'provider': 'giscus', 'repo': "
        "'me/blog', 'repo_id': ..., 'category': ..., 'category_id': ...}``, "
        "``{'provider': 'utterances', 'repo': 'me/blog'}``, ``{'provider': 'disqus', "
        "'shortname': ...}`` or ``{'provider': 'discourse', 'server': ...}``.",
        types=(dict, bool, type(None)),
        rebuild="html",
    )

    def site_settings(self, site: SiteSettings) -> SiteSettings:
        """``site`` (from ``_config.yml``) with this configuration's overrides applied."""
        return with_overrides(
            site,
            timezone=self.timezone,
            drafts=self.drafts,
            future=self.future,
            unpublished=self.unpublished,
            defaults=self.defaults,
            permalink=self.permalink,
            excerpt_separator=self.excerpt_separator,
            max_front_matter=self.max_front_matter,
            max_post_size=self.max_post_size,
        )


PRODUCTION = "production"


def environment(config: Config) -> str:
    """Jekyll's ``jekyll.environment`` for this build (``jekyllposts_environment``,
    else ``JEKYLL_ENV``, else production)."""
    given = config.jekyllposts_environment
    return (given or os.environ.get("JEKYLL_ENV") or PRODUCTION).strip()


def options() -> tuple[dataclasses.Field[Any], ...]:
    """The declared options, in order."""
    return dataclasses.fields(JekyllPostsConfig)


def setup_config(app: Sphinx) -> None:
    """Register every option as a ``jekyllposts_*`` config value."""
    for option in options():
        app.add_config_value(
            f"jekyllposts_{option.name}",
            option.default,
            option.metadata["rebuild"],
            types=option.metadata["types"],
            description=option.metadata["help"],
        )


def validated(config: Config) -> JekyllPostsConfig:
    """Check every option of ``config``; warn and use the default for bad ones.

    Bad values are also replaced in ``config`` itself, so nothing downstream
    sees them.
    """
    values: dict[str, Any] = {}
    for option in options():
        name = f"jekyllposts_{option.name}"
        value = getattr(config, name)
        problem = option_problem(option.name, value, option.metadata["types"])
        if problem:
            warn(
                f"{name} = {value!r}: {problem}; using the default, {option.default!r}",
                ProblemKind.CONFIG,
            )
            value = option.default
            setattr(config, name, value)
        if option.name in _SEQUENCES:
            value = tuple(value)
        values[option.name] = _hashable(option.name, value)
    folders: dict[str, str] = {}
    for kind in ("category_dir", "tag_dir", "year_dir", "author_dir"):
        folder = (values[kind] or "").strip("/")
        if folder and folder in folders:
            warn(
                f"jekyllposts_{kind} = {values[kind]!r} is also jekyllposts_{folders[folder]}; "
                f"no {kind.removesuffix('_dir')} pages are made",
                ProblemKind.CONFIG,
            )
            values[kind] = None
            setattr(config, f"jekyllposts_{kind}", None)
        elif folder:
            folders[folder] = kind
    return JekyllPostsConfig(**values)


def configured(config: Config) -> JekyllPostsConfig:
    """The options of an already :func:`validated` ``config``."""
    values = {option.name: getattr(config, f"jekyllposts_{option.name}") for option in options()}
    for name in (*_SEQUENCES, *_MAPPINGS, "comments"):
        values[name] = _hashable(name, values[name])
    return JekyllPostsConfig(**values)


def _hashable(name: str, value: Any) -> Any:
    """An option's value as :class:`JekyllPostsConfig` keeps it (compared and hashed)."""
    if name in _SEQUENCES:
        return tuple(value)
    if name in _MAPPINGS or (name == "comments" and isinstance(value, dict)):
        return tuple(sorted((value or {}).items()))
    return value


#: Options given as lists, kept as tuples (the settings are compared and hashed).
_SEQUENCES = ("header_fields", "post_directives", "post_roles")
#: Options given as mappings, kept as sorted tuples of pairs (the same reason).
_MAPPINGS = ("liquid_tags",)
