"""The week's mix on each platform: `promo-ratio`, `curation-balance`, `bare-reshare`,
`echo-only`. Seeds 002 and 004: share more of others' work than your own, say why you
share it, and do not only echo others either.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from app.domain.items import Post, PostKind, PostStatus
from app.rules.context import Context, PostEntry, item_ids, plural
from app.rules.findings import Finding, Severity

_EPSILON = 1e-9


def share_phrase(ratio: float) -> str:
    """1/3 -> "1 in 3", 0.25 -> "1 in 4", 0.3 -> "30%"."""
    if ratio <= 0:
        return "none"
    inverse = 1 / ratio
    if abs(inverse - round(inverse)) < 1e-6:
        return f"1 in {round(inverse)}"
    return f"{ratio:.0%}"


def posts_to_skip(counted: Sequence[Post], ratio: float) -> list[Post] | None:
    """The latest unposted promo posts that, skipped, bring the promo share down to `ratio`.

    Skipped posts no longer count, so more must go than a rewording would need; None when
    there are not enough unposted ones. `counted` is the platform's counted posts.
    """
    if ratio >= 1:
        return None
    promos = [p for p in counted if p.kind is PostKind.PROMO]
    need = math.ceil((len(promos) - ratio * len(counted)) / (1 - ratio) - _EPSILON)
    candidates = [p for p in promos if p.status is not PostStatus.POSTED]
    if need < 1 or need > len(candidates):
        return None
    return sorted(candidates, key=lambda p: p.start)[-need:]


def promo_ratio(ctx: Context) -> list[Finding]:
    """Promo posts above the allowed share of a platform's posts this week."""
    ratio = ctx.settings.promo_ratio
    findings = []
    for platform, entries in ctx.week_by_platform.items():
        promos = ctx.kinds(platform)[PostKind.PROMO]
        total = len(entries)
        if not promos or len(promos) <= ratio * total + _EPSILON:
            continue
        allowed = math.floor(ratio * total + _EPSILON)
        swap = len(promos) - allowed
        name = ctx.name(platform)
        skip = posts_to_skip([e.post for e in entries], ratio)
        # The quick fix does the second half: skipping these exact posts (SPEC section 8).
        also = f", or skip {'it' if len(promos) == 1 else f'{len(skip)} of them'}" if skip else ""
        findings.append(Finding(
            "promo-ratio", Severity.WARNING, platform, None, item_ids(promos),
            f"Promotion is {len(promos)} of your {plural(total, name + ' post')} this week; "
            + (f"keep it to {share_phrase(ratio)}." if ratio > 0 else "this week is for others."),
            f"Turn {plural(swap, 'promo post')} into something useful of your own or a share "
            f"of someone else's work{also}.",
        ))
    return findings


def curation_balance(ctx: Context) -> list[Finding]:
    """Fewer curated posts than own and promo together, judged from 3 posts up."""
    minimum = ctx.settings.curation_min_posts
    findings = []
    for platform, entries in ctx.week_by_platform.items():
        if len(entries) < minimum:
            continue
        kinds = ctx.kinds(platform)
        curated = len(kinds[PostKind.CURATED])
        if curated >= len(kinds[PostKind.OWN]) + len(kinds[PostKind.PROMO]):
            continue
        yours = sorted(kinds[PostKind.OWN] + kinds[PostKind.PROMO], key=_ts)
        name = ctx.name(platform)
        more = len(yours) - curated
        findings.append(Finding(
            "curation-balance", Severity.INFO, platform, None, item_ids(yours),
            f"On {name} you share {plural(curated, 'post')} from others against "
            f"{len(yours)} of your own this week.",
            f"Share {more} more from people you follow, with a word on why, or hold back "
            f"{'one' if more == 1 else 'some'} of yours: give more than you take.",
        ))
    return findings


@lru_cache(maxsize=4096)
def has_commentary(text: str, link: str) -> bool:
    """Commentary is the text beyond the link: anything left once links are taken out."""
    rest = text.replace(link, " ") if link else text
    if "http" not in rest and "www." not in rest:
        return bool(rest.strip())
    return bool(re.sub(r"(?:https?://|www\.)\S+", " ", rest, flags=re.IGNORECASE).strip())


def bare_reshare(ctx: Context) -> list[Finding]:
    """Fewer than half of a platform's curated posts carry commentary (from 2 curated up)."""
    settings = ctx.settings
    findings = []
    for platform in ctx.week_by_platform:
        curated = ctx.kinds(platform)[PostKind.CURATED]
        if len(curated) < settings.bare_reshare_min_curated:
            continue
        bare = [e for e in curated if not has_commentary(e.post.text, e.post.link)]
        with_words = len(curated) - len(bare)
        if with_words >= settings.bare_reshare_share * len(curated) - _EPSILON:
            continue
        name = ctx.name(platform)
        findings.append(Finding(
            "bare-reshare", Severity.INFO, platform, None, item_ids(bare),
            f"{len(bare)} of your {len(curated)} shares on {name} pass a link on without a "
            "word of your own.",
            "Add a line to each on why it is worth reading: a comment is what starts a "
            "conversation.",
        ))
    return findings


def _ts(entry: PostEntry) -> float:
    return entry.ts


def echo_only(ctx: Context) -> list[Finding]:
    """Three or more posts on a platform, all of them others' work."""
    minimum = ctx.settings.echo_only_min_posts
    findings = []
    for platform, entries in ctx.week_by_platform.items():
        if len(entries) < minimum or len(ctx.kinds(platform)[PostKind.CURATED]) < len(entries):
            continue
        name = ctx.name(platform)
        findings.append(Finding(
            "echo-only", Severity.INFO, platform, None, item_ids(entries),
            f"All {len(entries)} of your {name} posts this week share others' work; none is "
            "yours.",
            f"Add a post of your own or a question to your readers on {name}, so people "
            "know who is sharing.",
        ))
    return findings
