"""Composing for each platform (SPEC section 9): length per thread part, hashtags, links,
the first comment and alt text.

`text-limit` counts each part of a thread on its own (the link field goes with the first
part), and a Bluesky post is also held to 3,000 UTF-8 bytes. The other rules read the
platform's own limits (`hashtag_limit`, `link_limit`, `comment_limit`), which the user can
edit per platform; a platform without one is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.domain.items import THREAD_PLATFORMS, Post
from app.domain.platforms import Counting, Platform
from app.rules.context import Context, item_ids, plural
from app.rules.findings import Finding, Severity
from app.rules.text_length import (
    BLUESKY_MAX_BYTES,
    count_length,
    is_too_long,
    link_candidates,
    url_spans,
    utf8_length,
)

# A hashtag: '#' at the start or after a non-word character, then letters, digits or '_',
# not digits alone ("#1" is a number, not a tag).
_HASHTAG = re.compile(r"(?<![\w&#])[#\uff03](?!\d+\b)\w+")

_HOW = {
    Counting.X_WEIGHTED: " (X counts each link as 23 and emoji or CJK as 2)",
    Counting.MASTODON: " (Mastodon counts each link as 23)",
}


def part_texts(post: Post) -> tuple[str, ...]:
    """What is counted on its own: each part of a thread, or the whole text."""
    return post.parts if post.platform in THREAD_PLATFORMS else (post.text,)


def part_over(part: str, link: str, platform: Platform) -> tuple[int, int, str] | None:
    """(length, limit, unit) when one part is too long for the platform, else None."""
    if not is_too_long(part, link, platform):
        return None
    if platform.counting is Counting.GRAPHEMES:
        size = utf8_length(part)
        if size > BLUESKY_MAX_BYTES:
            return size, BLUESKY_MAX_BYTES, "byte"
    length = count_length(part, link, platform)
    assert platform.text_limit is not None
    return length, platform.text_limit, "character"


def text_limit(ctx: Context) -> list[Finding]:
    """A post (or a part of a thread) longer than its platform allows, counted its way."""
    findings = []
    platforms = ctx.plan.platforms
    for entry in ctx.week_posts:
        post = entry.post
        platform = platforms.get(post.platform)
        if platform is None or (platform.text_limit is None and platform.counting is not Counting.GRAPHEMES):
            continue
        parts = part_texts(post)
        for number, part in enumerate(parts, 1):
            over = part_over(part, post.link if number == 1 else "", platform)
            if over is None:
                continue
            length, limit, unit = over
            what = (f"Part {number} of {len(parts)} of the {platform.name} thread" if len(parts) > 1
                    else f"The {platform.name} post")
            how = _HOW.get(platform.counting, "") if unit == "character" else " (UTF-8)"
            over_by = f"{length - limit:,} {unit}{'' if length - limit == 1 else 's'}"
            cut = (f"Cut {over_by}, or split it into a short thread." if len(parts) == 1 else
                   f"Cut {over_by} from part {number}, or split the thread again.")
            findings.append(Finding(
                "text-limit", Severity.ERROR, post.platform, entry.day, item_ids([entry]),
                f"{what} on {ctx.when(entry.local)} is {length:,} {unit}s long, "
                f"{length - limit:,} over {platform.name}'s {limit:,}{how}.",
                cut,
            ))
            break  # one finding a post: its quick fix re-splits the whole thread
    return findings


def hashtags(text: str) -> list[str]:
    """The hashtags of a text, as a platform would link them."""
    if "#" not in text and "\uff03" not in text:
        return []
    return _HASHTAG.findall(text)


def link_count(post: Post) -> int:
    """Links in the post: those in its text (any part) and the link field if not among them."""
    count = 0
    for part in part_texts(post):
        count += len(url_spans(part)) if ("." in part) else 0
    if post.link.strip() and post.link.strip() not in post.text:
        count += 1
    return count


def _over_limit(ctx: Context, rule: str, noun: str, limit_of: Callable[[Platform], int | None],
                count: Callable[[Post, int], int | None], has: str, keep: str) -> list[Finding]:
    """Posts with more `noun`s than their platform takes (`count` says None for a post that
    cannot be over the limit, to skip the full count): an error each."""
    findings = []
    platforms = ctx.plan.platforms
    for entry in ctx.week_posts:
        post = entry.post
        platform = platforms.get(post.platform)
        limit = None if platform is None else limit_of(platform)
        if platform is None or limit is None:
            continue
        found = count(post, limit)
        if found is None or found <= limit:
            continue
        findings.append(Finding(
            rule, Severity.ERROR, post.platform, entry.day, item_ids([entry]),
            f"The {platform.name} post on {ctx.when(entry.local)} {has} {found} {noun}s; "
            f"{platform.name} takes at most {limit}.",
            f"Keep the {plural(limit, noun)} that {keep} and drop {found - limit}.",
        ))
    return findings


def _hashtags_in_a_part(post: Post, _limit: int) -> int | None:
    """The most hashtags in one part of the post."""
    if "#" not in post.text and "\uff03" not in post.text:
        return None
    return max(len(hashtags(part)) for part in part_texts(post))


def _links(post: Post, limit: int) -> int | None:
    if link_candidates(post.text) + 1 <= limit:
        return None  # too few places a link could be for too many links
    return link_count(post)


def hashtag_limit(ctx: Context) -> list[Finding]:
    """More hashtags than the platform takes (Instagram: 5 since December 2025)."""
    return _over_limit(ctx, "hashtag-limit", "hashtag", lambda p: p.hashtag_limit, _hashtags_in_a_part,
                       "has", "say most")


def link_limit(ctx: Context) -> list[Finding]:
    """More links in one post than the platform takes (Threads: 5)."""
    return _over_limit(ctx, "link-limit", "link", lambda p: p.link_limit, _links, "carries", "matter")


def first_comment(ctx: Context) -> list[Finding]:
    """A first comment longer than the platform takes for a comment."""
    findings = []
    platforms = ctx.plan.platforms
    for entry in ctx.week_posts:
        post = entry.post
        comment = post.first_comment
        if not comment:
            continue
        platform = platforms.get(post.platform)
        if platform is None or platform.comment_limit is None or len(comment) <= platform.comment_limit:
            continue
        over = len(comment) - platform.comment_limit
        findings.append(Finding(
            "first-comment", Severity.ERROR, post.platform, entry.day, item_ids([entry]),
            f"The first comment of the {platform.name} post on {ctx.when(entry.local)} is "
            f"{len(comment):,} characters long, {over:,} over the {platform.comment_limit:,} "
            f"{platform.name} takes in a comment.",
            f"Cut {plural(over, 'character')} from the first comment.",
        ))
    return findings


def alt_text(ctx: Context) -> list[Finding]:
    """A post marked as carrying an image, without alt text for it."""
    findings = []
    for entry in ctx.week_posts:
        post = entry.post
        if not post.has_image or post.alt_text.strip():
            continue
        findings.append(Finding(
            "alt-text", Severity.INFO, post.platform, entry.day, item_ids([entry]),
            f"The {ctx.name(post.platform)} post on {ctx.when(entry.local)} will carry an "
            "image without alt text.",
            "Describe the image in a sentence, for readers who cannot see it.",
        ))
    return findings
