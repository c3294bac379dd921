"""Counting a post's length the way its platform counts it.

A planner that disagrees with the platform's own counter is worse than none, so:

- X (twitter-text v3): a URL weighs 23, code points outside Latin and general punctuation
  (CJK, most symbols) weigh 2, an emoji (even a ZWJ family or a flag) weighs 2 in all.
  The link field is posted after the text, so it adds a space and a URL.
- Mastodon: code points, a URL weighs 23, `@user@instance` counts as `@user`; the link
  field is appended like on X.
- Bluesky: grapheme clusters (what a reader sees as one character); the link field
  becomes a link card and does not count.
- Others: code points; the link field is a separate field or card and does not count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from app.domain.platforms import Counting, Platform

URL_WEIGHT = 23

# Common TLDs for links written without a scheme ("slowroads.blog/walks"), as X sees them.
_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|co|me|ai|app|dev|blog|news|shop|store|site|"
    "online|tech|xyz|tv|fm|ly|gl|to|cc|uk|us|ca|de|fr|es|it|nl|be|ch|at|pt|pl|se|no|dk|fi|"
    "ie|eu|jp|cn|kr|in|au|nz|br|mx|ar|ru|social|page|link|art|travel|photo|photography"
)
_X_URL = (
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS + r")\b(?:/[^\s<>\"]*)?"
)
_SCHEME_URL = r"https?://[^\s<>\"]+"
_MASTODON_MENTION = r"(?<![\w/])(@\w+)@[\w.-]+\.\w+"


@cache
def _pattern(source: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compiled on first use: `presence lint` should not pay for X's URL grammar up front."""
    return re.compile(source, flags)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def count_length(text: str, link: str, platform: Platform) -> int:
    """The length the platform's own counter shows for this text and link field."""
    return _count(text, link.strip(), platform.counting.value)


def is_too_long(text: str, link: str, platform: Platform) -> bool:
    """True when the post exceeds the platform's limit; cheap for the common short post."""
    limit = platform.text_limit
    if limit is None:
        return False
    counting = platform.counting
    if counting in (Counting.CHARACTERS, Counting.GRAPHEMES) and len(text) <= limit:
        return False  # graphemes never outnumber code points
    return count_length(text, link, platform) > limit


@lru_cache(maxsize=4096)
def _count(text: str, link: str, counting: str) -> int:
    if counting == Counting.X_WEIGHTED:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return _x_weight(text) + _appended_link(text, link)
    if counting == Counting.MASTODON:
        return _mastodon_length(text) + _appended_link(text, link)
    if counting == Counting.GRAPHEMES:
        return grapheme_count(text)
    return len(text)


def _appended_link(text: str, link: str) -> int:
    """A link field posted after the text: a separating space and a URL, unless already in it."""
    if not link or link in text:
        return 0
    return URL_WEIGHT + (1 if text and not text[-1].isspace() else 0)


def _url_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        spans.append((start, end))
    return spans


def _mastodon_length(text: str) -> int:
    total = 0
    position = 0
    for start, end in _url_spans(_pattern(_SCHEME_URL), text):
        total += _mastodon_plain(text[position:start]) + URL_WEIGHT
        position = end
    return total + _mastodon_plain(text[position:])


def _mastodon_plain(text: str) -> int:
    """A remote mention counts as the user name alone: `@ana@travel.social` is `@ana`."""
    if "@" not in text:
        return len(text)
    return len(_pattern(_MASTODON_MENTION, re.ASCII).sub(r"\1", text))


def _x_weight(text: str) -> int:
    total = 0
    position = 0
    for start, end in _url_spans(_pattern(_X_URL), text):
        total += _x_plain_weight(text[position:start]) + URL_WEIGHT
        position = end
    return total + _x_plain_weight(text[position:])


# Code points X weighs 1 (twitter-text v3 config); all others weigh 2.
_X_LIGHT = "\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037"
_PICT = (
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff\U0001fc00-\U0001fffd"
    "\u2600-\u27bf\u2300-\u23ff\u2b05-\u2b55\u203c\u2049\u2122\u2139\u3030\u303d"
    "\u3297\u3299"
)
_EMOJI_PART = "(?:[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]|[\u0300-\u036f])"
# One emoji, however many code points: a flag, a keycap, or pictographs joined by ZWJ.
_X_EMOJI = (
    f"(?:[\U0001f1e6-\U0001f1ff]{{1,2}}{_EMOJI_PART}*"
    f"|[#*0-9]\ufe0f?\u20e3{_EMOJI_PART}*"
    f"|[\u00a9\u00ae]\ufe0f{_EMOJI_PART}*"
    f"|[{_PICT}]{_EMOJI_PART}*(?:\u200d[{_PICT}]{_EMOJI_PART}*)*)\u200d?"
)


def _x_plain_weight(text: str) -> int:
    """Emoji sequences weigh 2 each; everything else by code point (1 or 2)."""
    if text.isascii():
        return len(text)
    rest, emoji = _pattern(_X_EMOJI, 0).subn("", text)
    heavy = len(rest) - len(_pattern(f"[^{_X_LIGHT}]+", 0).sub("", rest))
    return 2 * emoji + len(rest) + heavy


# -- grapheme clusters (UAX #29, extended clusters, without Indic conjunct rules) ----------


def grapheme_count(text: str) -> int:
    """How many user-perceived characters: what Bluesky counts against its 300."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return sum(1 for _ in graphemes(text))


def graphemes(text: str) -> list[str]:
    """Split text into extended grapheme clusters."""
    clusters: list[str] = []
    current: list[str] = []
    prev = -1  # code point before, -1 at the start
    emoji_zwj = False  # inside "ExtPict Extend* ZWJ": the next pictograph joins
    in_pictograph = False  # inside "ExtPict Extend*"
    regional_run = 0  # regional indicators in a row in the current cluster
    for char in text:
        cp = ord(char)
        if current and not _breaks(prev, cp, emoji_zwj, regional_run):
            current.append(char)
        else:
            if current:
                clusters.append("".join(current))
            current = [char]
            regional_run = 0
            in_pictograph = False
        if _is_regional(cp):
            regional_run += 1
        pictograph = _is_pictographic(cp)
        emoji_zwj = cp == 0x200D and in_pictograph
        if pictograph:
            in_pictograph = True
        elif not (_is_extend(cp) or cp == 0x200D):
            in_pictograph = False
        prev = cp
    if current:
        clusters.append("".join(current))
    return clusters


def _breaks(prev: int, cp: int, emoji_zwj: bool, regional_run: int) -> bool:
    if prev == 0x0D and cp == 0x0A:
        return False
    if _is_control(prev) or _is_control(cp):
        return True
    hangul = _hangul_pair(prev, cp)
    if hangul is not None:
        return not hangul
    if _is_extend(cp) or cp == 0x200D or _is_spacing_mark(cp):
        return False
    if emoji_zwj and _is_pictographic(cp):
        return False
    return not (_is_regional(prev) and _is_regional(cp) and regional_run % 2 == 1)


def _is_control(cp: int) -> bool:
    if cp < 0:
        return False
    if cp in (0x0D, 0x0A) or cp < 0x20 or 0x7F <= cp < 0xA0 or cp in (0x2028, 0x2029):
        return True
    return cp in (0x200B, 0xFEFF) or unicodedata.category(chr(cp)) == "Cs"


def _is_extend(cp: int) -> bool:
    if cp < 0x300:
        return False
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:  # skin tones, emoji tags
        return True
    if cp == 0x200C:  # zero width non-joiner
        return True
    return unicodedata.category(chr(cp)) in ("Mn", "Me")


def _is_spacing_mark(cp: int) -> bool:
    return cp >= 0x900 and unicodedata.category(chr(cp)) == "Mc"


def _is_regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _is_pictographic(cp: int) -> bool:
    """Extended_Pictographic, approximated by the blocks that hold emoji."""
    return (
        0x1F000 <= cp <= 0x1FAFF and not (0x1F1E6 <= cp <= 0x1F1FF or 0x1F3FB <= cp <= 0x1F3FF)
    ) or 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x23FF or 0x2B05 <= cp <= 0x2B55 or (
        0x1FC00 <= cp <= 0x1FFFD
    ) or cp in (0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299)


_L = ((0x1100, 0x115F), (0xA960, 0xA97C))
_V = ((0x1160, 0x11A7), (0xD7B0, 0xD7C6))
_T = ((0x11A8, 0x11FF), (0xD7CB, 0xD7FB))


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _hangul_kind(cp: int) -> str:
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    if cp < 0x1100:
        return ""
    if _in(cp, _L):
        return "L"
    if _in(cp, _V):
        return "V"
    if _in(cp, _T):
        return "T"
    return ""


def _hangul_pair(prev: int, cp: int) -> bool | None:
    """True: the two jamo join; None: not a Hangul question."""
    a, b = _hangul_kind(prev), _hangul_kind(cp)
    if not a or not b:
        return None
    return (
        (a == "L" and b in ("L", "V", "LV", "LVT"))
        or (a in ("LV", "V") and b in ("V", "T"))
        or (a in ("LVT", "T") and b == "T")
    )
