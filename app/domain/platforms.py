"""The platforms a blogger posts on, with their text limits, daily caps and colours."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum


class Counting(StrEnum):
    """How a platform counts the length of a post."""

    CHARACTERS = "characters"
    X_WEIGHTED = "x"  # URLs weigh 23, emoji and CJK weigh 2
    MASTODON = "mastodon"  # a URL weighs 23
    GRAPHEMES = "graphemes"  # Bluesky


@dataclass(frozen=True, slots=True)
class Platform:
    """A platform as the planner knows it; limits and caps are the user's to edit."""

    id: str
    name: str
    text_limit: int | None
    daily_cap: int | None
    colour: str
    counting: Counting = Counting.CHARACTERS
    builtin: bool = False
    hidden: bool = False  # left out of the editors' and goals' choices; its posts still show
    # Limits beyond length (None: none): hashtags and links in a post, and how long its
    # first comment may be (SPEC section 9).
    hashtag_limit: int | None = None
    link_limit: int | None = None
    comment_limit: int | None = None

    def with_(self, **changes: object) -> Platform:
        return replace(self, **changes)  # type: ignore[arg-type]


_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def is_valid_slug(slug: str) -> bool:
    """Platform ids are lowercase slugs, as in the SPEC (`x`, `bluesky`, `my-forum`)."""
    return bool(_SLUG.match(slug))


# Limits: each platform's published post length; caps: published posting-frequency guidance.
BUILTIN_PLATFORMS: tuple[Platform, ...] = (
    Platform("x", "X", 280, 5, "#1d1d1f", Counting.X_WEIGHTED, True),
    Platform("bluesky", "Bluesky", 300, 5, "#1185fe", Counting.GRAPHEMES, True),
    Platform("mastodon", "Mastodon", 500, 5, "#6364ff", Counting.MASTODON, True),
    Platform("threads", "Threads", 500, 5, "#7a7a7a", Counting.CHARACTERS, True, link_limit=5),
    Platform("linkedin", "LinkedIn", 3000, 2, "#0a66c2", Counting.CHARACTERS, True, comment_limit=1250),
    Platform("facebook", "Facebook", 63206, 2, "#1877f2", Counting.CHARACTERS, True, comment_limit=8000),
    # Instagram takes at most 5 hashtags a post since December 2025.
    Platform("instagram", "Instagram", 2200, 1, "#d62976", Counting.CHARACTERS, True, hashtag_limit=5,
             comment_limit=2200),
    Platform("pinterest", "Pinterest", 500, 10, "#e60023", Counting.CHARACTERS, True),
    Platform("tiktok", "TikTok", 2200, 3, "#25a8a0", Counting.CHARACTERS, True),
    Platform("youtube", "YouTube", 5000, 1, "#ff0000", Counting.CHARACTERS, True),
    Platform("reddit", "Reddit", 40000, 2, "#ff4500", Counting.CHARACTERS, True),
)

BUILTIN_BY_ID: dict[str, Platform] = {p.id: p for p in BUILTIN_PLATFORMS}
