"""Reading what people write: platform names and repeat words as a spreadsheet holds them.

A scheduler user's file says "Twitter", "X" or "fb", and "weekly" rather than an RRULE
body. These map onto the canonical values (platform ids, RRULE bodies) that Presence
stores and exports, so an export still imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.domain.platforms import Platform

# Common names and abbreviations -> built-in platform id.
PLATFORM_ALIASES: dict[str, str] = {
    "twitter": "x", "x.com": "x", "twitter.com": "x", "tw": "x",
    "bsky": "bluesky", "bsky.app": "bluesky", "blue sky": "bluesky",
    "fb": "facebook", "facebook.com": "facebook",
    "ig": "instagram", "insta": "instagram", "instagram.com": "instagram",
    "li": "linkedin", "linked in": "linkedin", "linkedin.com": "linkedin",
    "masto": "mastodon",
    "yt": "youtube", "you tube": "youtube", "youtube.com": "youtube",
    "tik tok": "tiktok", "threads.net": "threads",
}

_WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Repeat words -> RRULE body; None stands for "weekly on the row's own weekday".
REPEAT_WORDS: dict[str, str | None] = {
    "daily": "FREQ=DAILY", "every day": "FREQ=DAILY", "each day": "FREQ=DAILY",
    "weekdays": _WEEKDAYS, "every weekday": _WEEKDAYS, "on weekdays": _WEEKDAYS,
    "mon-fri": _WEEKDAYS, "monday to friday": _WEEKDAYS, "workdays": _WEEKDAYS,
    "weekends": "FREQ=WEEKLY;BYDAY=SA,SU", "every weekend": "FREQ=WEEKLY;BYDAY=SA,SU",
    "weekly": None, "every week": None, "each week": None,
}


def _fold(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def resolve_platform(text: str, platforms: Mapping[str, Platform]) -> str | None:
    """The platform id `text` names (id or display name in any case, or a common alias)."""
    if text in platforms:
        return text
    folded = _fold(text)
    if not folded:
        return None
    for pid, platform in platforms.items():
        if folded in (pid.casefold(), _fold(platform.name)):
            return pid
    alias = PLATFORM_ALIASES.get(folded)
    return alias if alias in platforms else None


def repeat_rule(text: str, day: date | None) -> str | None:
    """The RRULE body for a repeat word ("weekly" repeats on `day`'s weekday); None if
    `text` is not one of the words (it may still be an RRULE body)."""
    folded = _fold(text)
    if folded not in REPEAT_WORDS:
        return None
    body = REPEAT_WORDS[folded]
    if body is None:
        if day is None:
            return None
        return f"FREQ=WEEKLY;BYDAY={_DAY_CODES[day.weekday()]}"
    return body


def choice(text: str, values: list[str]) -> str | None:
    """`text` as one of `values`, ignoring case and surrounding spaces."""
    folded = text.strip().casefold()
    return folded if folded in values else None
