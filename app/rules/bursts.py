"""`post-burst`: more than 3 posts on one platform within an hour crowd a timeline (seed 004)."""

from __future__ import annotations

from app.rules.context import Context, first_day_in_week, item_ids, plural, span_text
from app.rules.findings import Finding, Severity
from app.rules.windows import crowded


def post_burst(ctx: Context) -> list[Finding]:
    """More than `post_burst_max` posts on one platform within `post_burst_minutes`."""
    settings = ctx.settings
    seconds = settings.post_burst_minutes * 60
    findings = []
    for platform, entries in ctx.by_platform.items():
        for cluster in crowded(entries, seconds, settings.post_burst_max + 1):
            day = first_day_in_week(cluster)
            if day is None:
                continue
            name = ctx.name(platform)
            findings.append(Finding(
                "post-burst", Severity.WARNING, platform, day, item_ids(cluster),
                f"{plural(len(cluster), name + ' post')} within "
                f"{span_text(cluster)}, "
                f"{ctx.when(cluster[0].local)} to {cluster[-1].local:%H:%M}: "
                "a wall of posts in your followers' timelines.",
                f"Spread them over the day or the week, at most {settings.post_burst_max} an "
                "hour, with time between them to read the replies.",
            ))
    return findings
