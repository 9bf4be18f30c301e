"""File names, slugs and titles as Jekyll 4.3 derives them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Document::DATE_FILENAME_MATCHER; Ruby's \d is ASCII only, hence re.ASCII. Its
# atomic group keeps it linear; DATELESS_FILENAME_MATCHER is :func:`_dateless`.
_DATE_FILENAME = re.compile(r"^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$", re.ASCII)


@dataclass(frozen=True)
class PostName:
    """What a post's path says: the date text (if any), the slug and the extension."""

    date: str | None
    slug: str
    ext: str


def matches_post_name(relative_entry: str) -> bool:
    """Whether Jekyll reads this entry of a ``_posts`` folder as a post."""
    return _DATE_FILENAME.match(relative_entry) is not None


def parse_post_name(relative_path: str) -> PostName:
    """Date, slug and extension from a post's or draft's path (``/`` separated).

    As ``Document#populate_title``: the dated pattern first, then the dateless
    one; trailing dots are removed from the slug.
    """
    match = _DATE_FILENAME.match(relative_path)
    if match:
        date, slug, ext = match.groups()
    elif dateless := _dateless(relative_path):
        date, (slug, ext) = None, dateless
    else:
        base = relative_path.rsplit("/", 1)[-1]
        date, slug, ext = (None, base.split(".", 1)[0] if base.startswith(".") else base, "")
    return PostName(date, slug.rstrip("."), ext)


def _dateless(path: str) -> tuple[str, str] | None:
    """Slug and extension as DATELESS_FILENAME_MATCHER takes them, without its
    nested repetition (exponential in the folders when nothing matched): the
    extension from the last dot on, the slug from the last ``/`` before it (not
    the first character); no newline may come before the dot, as ``.`` is not one.
    """
    dot = path.rfind(".")
    if dot < 0 or dot == len(path) - 1 or "\n" in path[:dot]:
        return None
    return path[path.rfind("/", 1, dot) + 1 : dot], path[dot:]


def titleize_slug(slug: str) -> str:
    """``Utils.titleize_slug``: each ``-`` separated word capitalized (the rest lowercased)."""
    return " ".join(word.capitalize() for word in slug.split("-"))


SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")


def slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify``.

    ``default`` keeps letters, marks and decimal digits of every script (so CJK
    stays), replacing runs of anything else by one ``-``; ``pretty`` also keeps
    ``._~!$&'()+,;=@``; ``ascii`` keeps only ``A-Za-z0-9``; ``latin`` first drops
    accents, then acts as ``ascii`` for what remains (others become ``-``);
    ``raw`` only replaces whitespace. Any other mode just lowercases. Leading
    and trailing hyphens are removed; the result is lowercased unless ``cased``.
    """
    if mode not in SLUGIFY_MODES:
        return text if cased else text.lower()
    if mode == "raw":
        slug = re.sub(r"\s+", "-", text)
    else:
        if mode == "latin":
            text = _transliterate(text)
            mode = "default"
        keep = _ascii_alnum if mode == "ascii" else _letter_mark_digit
        extra = _PRETTY_KEEP if mode == "pretty" else frozenset()
        slug = "".join(ch if keep(ch) or ch in extra else "-" for ch in text)
        slug = re.sub(r"-{2,}", "-", slug) if "--" in slug else slug
    # Ruby's gsub(/^-|-$/) removes one hyphen at each line start and end.
    slug = re.sub(r"^-|-$", "", slug, flags=re.M)
    return slug if cased else slug.lower()


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _letter_mark_digit(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nd"


def _transliterate(text: str) -> str:
    """Like ``I18n.transliterate``: accents dropped, other non-ASCII become ``?``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch if ch.isascii() else "?" for ch in stripped)
