"""Time kept to answer and listen: `no-engagement` and `engagement-gap` (seeds 000, 003, 004).

Posting without reading back is a megaphone; these rules ask for engagement slots on the
platforms and days where people are most likely to answer.
"""

from __future__ import annotations

from datetime import date

from app.domain.items import PostKind
from app.rules.context import Context, PostEntry, item_ids, plural
from app.rules.findings import Finding, Severity


def no_engagement(ctx: Context) -> list[Finding]:
    """A platform with posts this week and no engagement slot at all."""
    findings = []
    for platform, entries in ctx.week_by_platform.items():
        if ctx.slots_by_platform.get(platform):
            continue
        name = ctx.name(platform)
        first = entries[0]
        findings.append(Finding(
            "no-engagement", Severity.WARNING, platform, None, item_ids(entries),
            f"You post {_times(len(entries))} on {name} this week but keep no time there to "
            "answer or to listen.",
            f"Add a reply slot on {name} on {ctx.on(first.day)} after your "
            f"{first.local:%H:%M} post; 15 minutes is a start.",
        ))
    return findings


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def engagement_gap(ctx: Context) -> list[Finding]:
    """A day with a promo post on a platform and no engagement slot on it that day."""
    findings = []
    for platform in ctx.week_by_platform:
        promos_all = ctx.kinds(platform)[PostKind.PROMO]
        if not promos_all:
            continue
        slot_days = {s.day for s in ctx.slots_by_platform.get(platform, ())}
        promo_days: dict[date, list[PostEntry]] = {}
        for entry in promos_all:
            day = entry.day
            if day not in slot_days:
                promo_days.setdefault(day, []).append(entry)
        name = ctx.name(platform)
        for day, promos in promo_days.items():
            last = promos[-1]
            if len(promos) == 1:
                what = f"The {name} promo post on {ctx.on(day)} has"
                reach = "it reaches"
            else:
                what = f"{plural(len(promos), name + ' promo post')} on {ctx.on(day)} have"
                reach = "they reach"
            findings.append(Finding(
                "engagement-gap", Severity.WARNING, platform, day, item_ids(promos),
                f"{what} no time kept that day to answer the people {reach}.",
                f"Add a reply slot on {name} on {ctx.on(day)} after the "
                f"{last.local:%H:%M} post.",
            ))
    return findings
