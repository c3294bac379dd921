"""Per-post and per-day limits: `text-limit`, `daily-cap` and `account-mix`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from app.domain.items import AccountUse, PostKind
from app.rules.context import Context, item_ids, plural
from app.rules.findings import Finding, Severity


def quiet_day(per_day: Mapping[date, int], day: date, days: Sequence[date], cap: int) -> date | None:
    """The day `daily-cap` names for the extra posts: the emptiest, then the nearest one."""
    quiet = [d for d in days if d != day and per_day.get(d, 0) < cap]
    quiet.sort(key=lambda d: (per_day.get(d, 0), abs((d - day).days)))
    return quiet[0] if quiet else None


def daily_cap(ctx: Context) -> list[Finding]:
    """More posts on a platform in one local day than its daily cap."""
    findings = []
    platforms = ctx.plan.platforms
    days = ctx.week.days
    for platform_id, entries in ctx.week_by_platform.items():
        platform = platforms.get(platform_id)
        if platform is None or platform.daily_cap is None or len(entries) <= platform.daily_cap:
            continue
        cap = platform.daily_cap
        per_day = ctx.days(platform_id)
        for day, posts in per_day.items():
            if len(posts) <= cap:
                continue
            extra = len(posts) - cap
            quiet = quiet_day({d: len(p) for d, p in per_day.items()}, day, days, cap)
            where = f", for example to {ctx.on(quiet)}" if quiet else " or to next week"
            findings.append(Finding(
                "daily-cap", Severity.WARNING, platform_id, day, item_ids(posts),
                f"{plural(len(posts), platform.name + ' post')} on {ctx.on(day)}, more than "
                f"the {cap} a day your {platform.name} followers will read.",
                f"Move {extra} to a quieter day{where}.",
            ))
    return findings


def account_mix(ctx: Context) -> list[Finding]:
    """A promo post from an account marked personal."""
    personal = {
        (a.platform, a.handle) for a in ctx.plan.accounts if a.use is AccountUse.PERSONAL
    }
    if not personal:
        return []
    findings = []
    for entry in ctx.week_posts:
        post = entry.post
        if post.kind is not PostKind.PROMO or (post.platform, post.account) not in personal:
            continue
        name = ctx.name(post.platform)
        findings.append(Finding(
            "account-mix", Severity.WARNING, post.platform, entry.day, item_ids([entry]),
            f"The {name} promo post on {ctx.when(entry.local)} goes out from your personal "
            f"account {post.account}.",
            "Post it from your business account, or tell it as a personal story instead of a pitch.",
        ))
    return findings

