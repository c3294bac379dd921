"""Counting a post's length the way its platform counts it.

A planner that disagrees with the platform's own counter is worse than none, so each
counter is checked against the platform's own public test suite (tests/conformance/):

- X (twitter-text v3): a URL weighs 23, code points outside Latin and general punctuation
  (CJK, most symbols) weigh 2, an emoji (even a ZWJ family or a flag) weighs 2 in all.
  URLs are found by twitter-text's rules (no letter or digit right before one, a valid
  host of at most 63 characters a label once punycoded, at most 4,096 characters).
  The link field is posted after the text, so it adds a space and a URL.
- Mastodon: grapheme clusters; a URL with its scheme (where Mastodon links it) weighs 23,
  `@user@instance` counts as `@user` (unless the domain is longer than 253); the link
  field is appended like on X.
- Bluesky: grapheme clusters (Unicode's current rules, Indic conjuncts included), and at
  most 3,000 UTF-8 bytes; the link field becomes a link card and does not count.
- Others: code points; the link field is a separate field or card and does not count.

Grapheme clusters and emoji properties come from the `regex` module, whose Unicode
tables are current (Python's own `unicodedata` lags behind). It is imported on first use:
`presence lint` on an ASCII week never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from app.domain.platforms import Counting, Platform

URL_WEIGHT = 23
BLUESKY_MAX_BYTES = 3000  # a Bluesky post's text: 300 graphemes and at most 3,000 UTF-8 bytes
MAX_URL_LENGTH = 4096  # twitter-text: a longer URL is not a link
MAX_LABEL_LENGTH = 63  # a domain label, punycoded
MASTODON_MAX_DOMAIN = 253

# twitter-text config v3: code points in these ranges weigh 1, all others 2 (scaled by 100).
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
X_MAX_WEIGHT = 280

_INVALID = "\ufffe\ufeff\uffff"
_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_SPACES = "\\x09-\\x0d\\x20\\x85\\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PUNCT = "!'#%&()*+,\\\\\\-./:;<=>?@\\[\\]^_{|}~$"
_LATIN_ACCENTS = (
    "\\xc0-\\xd6\\xd8-\\xf6\\xf8-\\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
# Common generic TLDs for links written without a scheme ("slowroads.blog/walks"); any
# two-letter country code counts too. With a scheme, any alphabetic TLD does.
_GTLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|name|pro|mobi|asia|tel|travel|jobs|museum|aero|coop|"
    "io|ai|app|dev|blog|news|shop|store|site|online|tech|xyz|social|page|link|art|photo|"
    "photography|photos|design|studio|club|live|life|world|today|travel|media|network|email|"
    "cloud|space|website|guide|tours|garden|food|cafe|wiki|works|zone|city|earth"
)


@dataclass(frozen=True, slots=True)
class XParse:
    """twitter-text's parseTweet result: ranges are UTF-16 indices, inclusive."""

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_end: int
    display_range_end: int


@cache
def _re() -> Any:
    """The `regex` module, imported when first needed."""
    import regex

    return regex


@cache
def _x_url_pattern() -> Any:
    dc = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    subdomain = f"(?:(?:{dc}(?:[_-]|{dc})*)?{dc}\\.)"
    domain_name = f"(?:(?:{dc}(?:-|{dc})*)?{dc}\\.)"
    # any script's letters (and their marks): no digit, punctuation, space or emoji
    tld = (f"(?:xn--[-0-9a-z]+|[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}0-9"
           "\u2600-\u27bf\U0001f000-\U0001faff]{2,})(?=[^0-9a-zA-Z@+-]|$)")
    path_char = f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~@|&{_LATIN_ACCENTS}]"
    parens = f"\\((?:{path_char}+|(?:{path_char}*\\({path_char}+\\){path_char}*))\\)"
    path_end = f"(?:[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|{parens})"
    path = f"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:@{path_char}+/))"
    query = "[a-z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]*[a-z0-9\\-_&=#/]"
    source = (
        f"(?P<before>[^A-Za-z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}]|^)"
        f"(?P<url>(?P<scheme>https?://)?(?P<domain>{subdomain}*{domain_name}{tld})"
        f"(?::[0-9]+)?(?P<path>/{path}*)?(?:\\?{query})?)"
    )
    return re.compile(source, re.IGNORECASE)


@cache
def _ascii_domain_pattern() -> Any:
    source = (
        f"(?:[\\-a-z0-9{_LATIN_ACCENTS}]+\\.)+(?:(?:{_GTLDS})|[a-z]{{2}}|xn--[-0-9a-z]+)"
        "(?=[^0-9a-zA-Z@+-]|$)"
    )
    return re.compile(source, re.IGNORECASE)


def _domain_ok(domain: str) -> bool:
    """twitter-text's IDNA check: every label 1 to 63 characters once punycoded."""
    if domain[:4].lower() == "xn--" and not domain.isascii():
        return False
    for label in domain.split("."):
        try:
            encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        except UnicodeError:
            return False
        if not 1 <= len(encoded) <= MAX_LABEL_LENGTH:
            return False
    return True


def _punycoded_length(domain: str) -> int:
    return sum(len(label) if label.isascii() else 4 + len(label.encode("punycode"))
               for label in domain.split(".")) + domain.count(".")


# Cheap checks with the standard `re`, so that most posts never need the `regex` module:
# a URL has a letter or digit, a dot and a letter ("slowroads.blog"), or a scheme; a text
# of these blocks has one grapheme per code point (no combining marks, joiners, jamo,
# skin tones or flags among them). Tests check both against the full rules.
_MAYBE_URL_SOURCE = r"\w\.[^\W\d_]|://"
# Where emoji parsing changes X's count: a sequence (joiner, presentation selector, skin
# tone, keycap, flag or tag); a lone emoji weighs 2 either way, as a code point outside the
# light ranges.
_EMOJI_SEQUENCE_SOURCE = (
    "[\u200d\ufe0f\u20e3\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_HEAVY_SOURCE = "[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]"
_ONE_CLUSTER_EACH_SOURCE = (
    "[\x00-\u02ff\u0370-\u0482\u048a-\u0590\u2000-\u200b\u200e-\u206f\u3000-\u3029"
    "\u3030-\u3098\u309b-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9d\u2190-\u2bff"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff]*")


@cache
def _std(source: str) -> re.Pattern[str]:
    """A standard-library pattern compiled on first use (these classes cost ms to compile)."""
    return re.compile(source)


def url_spans(text: str, without_scheme: bool = True) -> list[tuple[int, int]]:
    """Where twitter-text finds URLs (code point offsets); without a scheme only ASCII hosts."""
    if ":" not in text and (not without_scheme or "." not in text):
        return []
    if not _std(_MAYBE_URL_SOURCE).search(text):
        return []
    spans: list[tuple[int, int]] = []
    for match in _x_url_pattern().finditer(text):
        url, scheme, domain = match.group("url"), match.group("scheme"), match.group("domain")
        start, end = match.span("url")
        if not _domain_ok(domain):
            continue
        if len(scheme or "http://") + len(url) + _punycoded_length(domain) - len(domain) > MAX_URL_LENGTH:
            continue
        if scheme:
            spans.append((start, end))
            continue
        if not without_scheme or re.search(r"[-_./]$", match.group("before")):
            continue
        found = [m.span() for m in _ascii_domain_pattern().finditer(domain)]
        if not found:
            continue
        for a, b in found[:-1]:
            spans.append((start + a, start + b))
        a, b = found[-1]
        spans.append((start + a, end if match.group("path") else start + b))
    return spans


@cache
def _x_emoji_pattern() -> Any:
    modifier = "[\U0001f3fb-\U0001f3ff]"
    base = "[\\p{Emoji}--[\\x00-\\xff\u2122\u265f\\p{RI}\U0001f3fb-\U0001f3ff]]"
    element = f"(?:[\\xa9\\xae\u2122\u265f]\ufe0f|{base}\ufe0f?{modifier}?\ufe0f?)(?!\ufe0e)"
    source = (
        "(?:\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"
        "|[#*0-9]\ufe0f?\u20e3"
        "|\\p{RI}{1,2}"
        f"|{element}(?:\u200d{element})*"
        "|\ufe0f)"
    )
    return _re().compile(source, _re().V1)


def _x_char_weight(cp: int) -> int:
    for lo, hi in X_LIGHT_RANGES:
        if lo <= cp <= hi:
            return 100
    return 200


def _x_entities(normal: str, emoji_parsing: bool = True) -> tuple[dict[int, int], dict[int, int]]:
    """URLs and emoji of an NFC text, each as start -> end."""
    urls = {start: end for start, end in url_spans(normal)}
    emoji: dict[int, int] = {}
    if emoji_parsing and not normal.isascii() and _std(_EMOJI_SEQUENCE_SOURCE).search(normal):
        emoji = {m.start(): m.end() for m in _x_emoji_pattern().finditer(normal)}
    return urls, emoji


def _plain_weight(text: str) -> int:
    """Weight (in characters) of text with no URL or emoji: 1 or 2 a code point."""
    return len(text) + (0 if text.isascii() else len(_std(_HEAVY_SOURCE).findall(text)))


def x_weight(text: str) -> int:
    """The weighted length twitter-text's parseTweet gives (config v3), without its ranges:
    the same entities as `x_parse`, summed by segment rather than code point by code point."""
    import unicodedata

    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    urls, emoji = _x_entities(text)
    if not urls and not emoji:
        return _plain_weight(text)
    total = 0
    position = 0
    for start in sorted({*urls, *emoji}):
        if start < position:
            continue  # inside an entity already counted
        end = urls.get(start)
        total += _plain_weight(text[position:start]) + (URL_WEIGHT if end is not None else 2)
        position = end if end is not None else emoji[start]
    return total + _plain_weight(text[position:])


def x_parse(text: str, emoji_parsing: bool = True, max_weight: int = X_MAX_WEIGHT) -> XParse:
    """twitter-text's parseTweet (config v3; v2 with `emoji_parsing` off), in full."""
    import unicodedata

    normal = unicodedata.normalize("NFC", text)
    urls, emoji = _x_entities(normal, emoji_parsing)
    weight = 0
    valid = True
    valid_index = 0  # UTF-16 index of the last unit inside the limit
    units = 0  # UTF-16 units consumed so far
    i = 0
    while i < len(normal):
        end = urls.get(i)
        if end is not None:
            weight += URL_WEIGHT * 100
        else:
            end = emoji.get(i)
            if end is not None:
                weight += 200
            else:
                end = i + 1
                weight += _x_char_weight(ord(normal[i]))
        piece = normal[i:end]
        units += len(piece) + sum(1 for c in piece if ord(c) > 0xFFFF)
        if valid:
            valid = normal[end - 1] not in _INVALID  # as twitter-text: an entity's last character
        if valid and weight <= max_weight * 100:
            valid_index = units - 1
        i = end
    weighted = weight // 100
    utf16 = len(text) + sum(1 for c in text if ord(c) > 0xFFFF)
    offset = utf16 - (len(normal) + sum(1 for c in normal if ord(c) > 0xFFFF))
    return XParse(
        weighted_length=weighted,
        valid=valid and 0 < weighted <= max_weight,
        permillage=weighted * 1000 // max_weight,
        valid_range_end=valid_index + offset,
        display_range_end=max(utf16 - 1, 0),
    )


def count_length(text: str, link: str, platform: Platform) -> int:
    """The length the platform's own counter shows for this text and link field."""
    return _count(text, link.strip(), platform.counting.value)


def is_too_long(text: str, link: str, platform: Platform) -> bool:
    """True when the post exceeds the platform's limit; cheap for the common short post."""
    limit = platform.text_limit
    counting = platform.counting
    if counting is Counting.GRAPHEMES and len(text) * 4 > BLUESKY_MAX_BYTES and utf8_length(text) > (
            BLUESKY_MAX_BYTES):
        return True
    if limit is None:
        return False
    if counting in (Counting.CHARACTERS, Counting.GRAPHEMES) and len(text) <= limit:
        return False  # graphemes never outnumber code points
    if counting in (Counting.X_WEIGHTED, Counting.MASTODON) and _at_most(
            text, bool(link.strip()), counting is Counting.X_WEIGHTED) <= limit:
        return False
    return count_length(text, link, platform) > limit


@lru_cache(maxsize=4096)
def _at_most(text: str, link: bool, x: bool) -> int:
    """An upper bound of the length: a code point weighs at most 2 on X (1 on Mastodon), a
    link at most 23, the link field a space and 23. Most posts are decided without counting."""
    return ((2 if x else 1) * len(text) + URL_WEIGHT * link_candidates(text)
            + (URL_WEIGHT + 1 if link else 0))


@lru_cache(maxsize=4096)
def link_candidates(text: str) -> int:
    """At least as many as the links in the text (a letter, a dot and a letter; or ://)."""
    return len(_std(_MAYBE_URL_SOURCE).findall(text)) if "." in text or ":" in text else 0


def utf8_length(text: str) -> int:
    """Bytes in UTF-8: Bluesky refuses a post text over 3,000 of them."""
    return len(text.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=4096)
def _count(text: str, link: str, counting: str) -> int:
    if counting == Counting.X_WEIGHTED:
        return _x_weight(text) + _appended_link(text, link)
    if counting == Counting.MASTODON:
        return mastodon_length(text) + _appended_link(text, link)
    if counting == Counting.GRAPHEMES:
        return grapheme_count(text)
    return len(text)


def _appended_link(text: str, link: str) -> int:
    """A link field posted after the text: a separating space and a URL, unless already in it."""
    if not link or link in text:
        return 0
    return URL_WEIGHT + (1 if text and not text[-1].isspace() else 0)


def _x_weight(text: str) -> int:
    if text.isascii() and "." not in text:
        return len(text)  # no URL, no emoji, every character weighs 1
    return x_weight(text)


# -- Mastodon -------------------------------------------------------------------------

_MENTION = r"(?<![=/\w])@((?:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\w.-]+[\w]+)?)"
_END_MENTION = r"^(?:[@\uff20]|[^\W\d_]+://)"


def mastodon_length(text: str, spoiler_text: str = "") -> int:
    """Mastodon's StatusLengthValidator: graphemes of the content warning and the text, a
    linked URL as 23 and a remote mention as its local part."""
    entities: list[tuple[int, int, str]] = [
        (a, b, "x" * URL_WEIGHT) for a, b in url_spans(text, without_scheme=False)]
    if "@" in text:
        for match in _std("(?i)" + _MENTION).finditer(text):
            if _std(_END_MENTION).match(text[match.end():]):
                continue
            name, _, domain = match.group(1).partition("@")
            if domain and len(domain) > MASTODON_MAX_DOMAIN:
                continue
            entities.append((match.start(), match.end(), "@" + name))
    if entities:
        entities.sort()
        pieces: list[str] = []
        position = 0
        for start, end, replacement in entities:
            if start < position:
                continue  # overlapping: the earlier entity wins
            pieces.append(text[position:start])
            pieces.append(replacement)
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    return grapheme_count(spoiler_text + text)


# -- grapheme clusters ------------------------------------------------------------------


def grapheme_count(text: str) -> int:
    """How many user-perceived characters: what Bluesky counts against its 300."""
    if text.isascii() or _std(_ONE_CLUSTER_EACH_SOURCE).fullmatch(text):
        return len(text) - text.count("\r\n")
    return len(graphemes(text))


def graphemes(text: str) -> list[str]:
    """Split text into extended grapheme clusters (UAX #29 as the `regex` module has it)."""
    return _re().findall(r"\X", text)  # type: ignore[no-any-return]
