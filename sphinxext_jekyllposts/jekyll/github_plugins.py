"""GitHub Pages' plugins that change a post's text once it is HTML: jemoji
(``:tada:`` becomes GitHub's emoji image) and jekyll-mentions (``@user``
becomes a link to the user's GitHub page).

Both are ``post_render`` hooks in Jekyll: they rewrite the text nodes of the
page's HTML, jemoji outside ``<pre>``, ``<code>`` and ``<tt>`` (html-pipeline's
``EmojiFilter``), jekyll-mentions outside ``<pre>``, ``<code>``, ``<a>``,
``<style>`` and ``<script>`` (``MentionFilter``). Here the same is a
markdown-it core rule over the text of each inline token, after every other
inline rule, so code spans, code blocks, link destinations and image ``alt``
texts are never touched, and raw inline HTML opens and closes the same
ignored elements; the text of HTML blocks is rewritten into the HTML the
plugins write (:func:`rewritten_html`). Each is on when ``_config.yml`` lists it in ``plugins``
(or ``gems``), as in Jekyll.

The emoji names are those of gemoji 4.1.0, the version GitHub Pages builds
with (``gemoji.tsv`` beside this module, generated from gemoji's
``db/emoji.json``; MIT, its notice is in the file).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

JEMOJI = "jemoji"
MENTIONS = "jekyll-mentions"
#: jemoji's asset root when ``_config.yml`` has no ``emoji: src:``.
EMOJI_ROOT = "https://github.githubassets.com/images/icons/"
#: jekyll-mentions' base URL when ``_config.yml`` has no ``jekyll-mentions:``.
MENTIONS_BASE = "https://github.com"
#: Names that html-pipeline leaves as text (they would link to "more info").
_NOT_MENTIONS = frozenset({"mention", "mentions", "mentioned", "mentioning"})
_EMOJI_IGNORED = frozenset({"pre", "code", "tt"})
_MENTIONS_IGNORED = frozenset({"pre", "code", "a", "style", "script"})
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
#: What starts a bogus comment in HTML: ``</`` not followed by a letter or
#: ``>``, ``<!`` (not ``<!--``), ``<?``.
_BOGUS_COMMENT = re.compile(r"</[^A-Za-z>]|<[!?]")
_USERNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_JOINERS = re.compile(r"-(?:fe0f|200d)\b")


@dataclass(frozen=True)
class GitHubPlugins:
    """What the site's jemoji and jekyll-mentions do (``None``: not listed)."""

    emoji_root: str | None = None
    """The emoji images' asset root (``emoji: src:``, else GitHub's)."""
    mentions_base: str | None = None
    """The URL ``@user`` links are made under (``jekyll-mentions:``)."""


def _mentions_base(value: object, warn: Callable[[str, str], None]) -> str:
    if value is None:
        return MENTIONS_BASE
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        base = value.get("base_url", MENTIONS_BASE)
        if isinstance(base, str):
            return base
    warn(
        f"'{MENTIONS}' must be a base URL or a mapping with 'base_url'; "
        f"mentions link to {MENTIONS_BASE}",
        MENTIONS,
    )
    return MENTIONS_BASE


def github_plugins_of(
    data: Mapping[str, Any], plugins: Sequence[str], warn: Callable[[str, str], None]
) -> GitHubPlugins:
    """The settings of jemoji and jekyll-mentions in ``_config.yml`` (``data``),
    each only when ``plugins`` lists it."""
    emoji_root = None
    if JEMOJI in plugins:
        emoji = data.get("emoji")
        src = emoji.get("src") if isinstance(emoji, dict) else None
        if src is not None and not isinstance(src, str):
            warn("'emoji: src' must be a URL; GitHub's emoji images are used", "emoji")
            src = None
        emoji_root = src or EMOJI_ROOT
    mentions = _mentions_base(data.get(MENTIONS), warn) if MENTIONS in plugins else None
    return GitHubPlugins(emoji_root=emoji_root, mentions_base=mentions)


def post_mentions_base(site: GitHubPlugins, post_data: Mapping[str, Any]) -> str | None:
    """The mentions base URL for one post: its front matter's ``jekyll-mentions``
    (``false``: none in this post) replaces the site's, as in jekyll-mentions."""
    if site.mentions_base is None or MENTIONS not in post_data:
        return site.mentions_base
    value = post_data[MENTIONS]
    if value is False:
        return None
    return _mentions_base(value, lambda message, key: None)


def load_gemoji() -> Mapping[str, str]:
    """gemoji's names, each to its emoji's code points (``tada`` -> ``1f389``)."""
    text = resources.files(__package__).joinpath("gemoji.tsv").read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, points = line.partition("\t")
            names[name] = points
    return MappingProxyType(names)


def emoji_image_url(root: str, points: str) -> str:
    """Where jemoji's image of the emoji with these code points is
    (gemoji's ``image_filename``: no variation selector, no zero-width joiner)."""
    name = _JOINERS.sub("", points)
    return f"{root if root.endswith('/') else root + '/'}emoji/unicode/{name}.png"


def emoji_character(points: str) -> str:
    """The emoji itself, from its code points."""
    return "".join(chr(int(point, 16)) for point in points.split("-"))


def emoji_spans(text: str, names: Mapping[str, str]) -> Iterator[tuple[str, str | None]]:
    """``text`` cut into ``(text, None)`` and ``(name, code points)`` for each
    ``:name:`` of gemoji, left to right as html-pipeline's ``gsub`` finds them."""
    start = 0
    colon = text.find(":")
    while colon >= 0:
        end = text.find(":", colon + 1)
        if end < 0:
            break
        name = text[colon + 1 : end]
        points = names.get(name)
        if points is None:
            colon = end  # the closing colon may open the next name
            continue
        if colon > start:
            yield text[start:colon], None
        yield name, points
        start = end + 1
        colon = text.find(":", start)
    if start < len(text):
        yield text[start:], None


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def mention_spans(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut into ``(text, False)`` and ``(login, True)`` for each
    ``@login`` html-pipeline's ``MentionFilter`` links (with jekyll-mentions'
    username pattern ``[\\w][\\w-]*``, ASCII as Ruby's ``\\w``): after the start
    or a non-word character the previous mention did not take, not followed
    by ``/``, nor by a single ``.`` and a word character."""
    start = 0
    at = text.find("@")
    while at >= 0:
        found = _USERNAME.match(text, at + 1)
        before_ok = at == 0 or (at - 1 >= start and not _is_word(text[at - 1]))
        if found is None or not before_ok:
            at = text.find("@", at + 1)
            continue
        end = found.end()
        login = found.group()
        following = text[end : end + 1]
        if following == ".":
            dots = end
            while text[dots : dots + 1] == ".":
                dots += 1
            after = text[dots : dots + 1]
            ok = dots - end >= 2 or not after or not _is_word(after)
        else:
            ok = following != "/"
        if not ok or login.lower() in _NOT_MENTIONS:
            at = text.find("@", end)
            continue
        if at > start:
            yield text[start:at], False
        yield login, True
        start = end
        at = text.find("@", end)
    if start < len(text):
        yield text[start:], False


def github_plugins_rule(
    md: MarkdownIt,
    *,
    emoji_root: str | None,
    emoji_names: Mapping[str, str],
    mentions_base: str | None,
    raw_html: bool = True,
) -> None:
    """Add jemoji (``jemoji`` tokens, ``meta``: ``name``, ``points``, ``src``)
    and jekyll-mentions (links with class ``user-mention``) to ``md``; either
    is off when its root or base is ``None``. With ``raw_html``, the text of
    HTML blocks is rewritten too (into the HTML the plugins write); without,
    the blocks are shown as text, as written."""
    if emoji_root is None and mentions_base is None:
        return

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline" and token.children:
                token.children = _rewritten(token.children, emoji_root, emoji_names, mentions_base)
            elif token.type == "html_block" and raw_html:
                token.content = rewritten_html(
                    token.content, emoji_root, emoji_names, mentions_base
                )

    md.core.ruler.push("github_plugins", rule)


def _rewritten(
    children: list[Token],
    emoji_root: str | None,
    names: Mapping[str, str],
    mentions_base: str | None,
) -> list[Token]:
    result: list[Token] = []
    open_tags: dict[str, int] = {}
    links = 0
    for token in children:
        if token.type == "html_inline":
            tag = _TAG.match(token.content)
            if tag and not token.content.rstrip().endswith("/>"):
                name = tag.group(2).lower()
                step = -1 if tag.group(1) else 1
                open_tags[name] = max(0, open_tags.get(name, 0) + step)
        elif token.type in ("link_open", "link_close"):
            links += 1 if token.type == "link_open" else -1
        if token.type != "text" or not token.content:
            result.append(token)
            continue
        in_code = any(open_tags.get(tag) for tag in _EMOJI_IGNORED)
        pieces: list[Token] = [token]
        if emoji_root is not None and not in_code:
            pieces = _emojified(token, emoji_root, names)
        in_link = links or any(open_tags.get(tag) for tag in _MENTIONS_IGNORED)
        if mentions_base is not None and not in_link:
            pieces = [
                part
                for piece in pieces
                for part in (_mentioned(piece, mentions_base) if piece.type == "text" else [piece])
            ]
        result += pieces
    return result


def _html_pieces(markup: str) -> Iterator[tuple[str, str]]:
    """``markup`` cut into ``(text, "")`` and ``(tag, name)`` (``name``: the
    element's, ``/name`` for an end tag, ``!`` for a comment or an empty element)."""
    start = 0
    while start < len(markup):
        opening = markup.find("<", start)
        if opening < 0:
            break
        if opening > start:
            yield markup[start:opening], ""
        if markup.startswith("<!--", opening):
            end = markup.find("-->", opening + 4)
            end = len(markup) if end < 0 else end + 3
            yield markup[opening:end], "!"
            start = end
            continue
        tag = _TAG.match(markup, opening)
        if tag is None and _BOGUS_COMMENT.match(markup, opening):
            # `</@a>`, `<!x>`, `<?x>`: a bogus comment to the next `>`, as
            # HTML parsers (Nokogiri's, html-pipeline's) read it; no text.
            end = markup.find(">", opening)
            end = len(markup) if end < 0 else end + 1
            yield markup[opening:end], "!"
            start = end
            continue
        if tag is None:
            yield "<", ""
            start = opening + 1
            continue
        close = markup.find(">", opening)
        if close < 0:  # no tag ends after this one: text to the end
            start = opening
            break
        whole = markup[opening : close + 1]
        yield whole, "!" if whole.endswith("/>") else tag.group(1) + tag.group(2).lower()
        start = close + 1
    if start < len(markup):
        yield markup[start:], ""


def rewritten_html(
    markup: str, emoji_root: str | None, names: Mapping[str, str], mentions_base: str | None
) -> str:
    """An HTML block's text with jemoji's images and jekyll-mentions' links,
    as they write them, outside the elements each leaves alone."""
    if not (emoji_root and ":" in markup) and not (mentions_base is not None and "@" in markup):
        return markup
    open_tags: dict[str, int] = {}
    out = []
    for piece, name in _html_pieces(markup):
        if name:
            if name != "!":
                bare = name.lstrip("/")
                open_tags[bare] = max(0, open_tags.get(bare, 0) + (-1 if name[0] == "/" else 1))
            out.append(piece)
            continue
        if any(open_tags.get(tag) for tag in (*_EMOJI_IGNORED, "script", "style")):
            out.append(piece)
            continue
        parts: list[tuple[str, bool]] = [(piece, False)]  # (text, written markup)
        if emoji_root is not None:
            parts = [
                (_emoji_markup(emoji_root, text, points), True) if points else (text, False)
                for text, points in emoji_spans(piece, names)
            ]
        if mentions_base is not None and not any(open_tags.get(t) for t in _MENTIONS_IGNORED):
            parts = [
                (_mentions_markup(mentions_base, text), True) if not markup_done else (text, True)
                for text, markup_done in parts
            ]
        out += [text for text, _ in parts]
    return "".join(out)


def _emoji_markup(root: str, name: str, points: str) -> str:
    src = html.escape(emoji_image_url(root, points))
    return f'<img class="emoji" title=":{name}:" alt=":{name}:" src="{src}" height="20" width="20">'


def _mentions_markup(base: str, text: str) -> str:
    url = html.escape(base if base.endswith(("/", "~")) else base + "/")
    return "".join(
        f'<a href="{url}{login}" class="user-mention">@{login}</a>' if is_login else login
        for login, is_login in mention_spans(text)
    )


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0, content=content)
    token.map = like.map
    return token


def _emojified(token: Token, root: str, names: Mapping[str, str]) -> list[Token]:
    if ":" not in token.content:
        return [token]
    pieces = []
    for text, points in emoji_spans(token.content, names):
        if points is None:
            pieces.append(_text(text, token))
            continue
        emoji = Token("jemoji", "img", 0, content=f":{text}:")
        emoji.map = token.map
        emoji.meta = {"name": text, "points": points, "src": emoji_image_url(root, points)}
        pieces.append(emoji)
    return pieces


def _mentioned(token: Token, base: str) -> list[Token]:
    if "@" not in token.content:
        return [token]
    url = base if base.endswith(("/", "~")) else base + "/"
    pieces = []
    for text, is_login in mention_spans(token.content):
        if not is_login:
            pieces.append(_text(text, token))
            continue
        opening = Token("link_open", "a", 1, attrs={"href": url + text, "class": "user-mention"})
        opening.map = token.map
        pieces += [opening, _text("@" + text, token), Token("link_close", "a", -1)]
    return pieces
