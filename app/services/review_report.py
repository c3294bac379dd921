"""The plain-text review of a week and its 12-week trend: `presence review` prints it, and so
does the window's Print review."""

from __future__ import annotations

from app.rules.context import plural
from app.services.review import Counts, TrendPoint, WeekReview, percent


def _counts(label: str, c: Counts, minutes: str = "") -> str:
    return f"  {label:<16}{c.planned:>8}{c.posted:>8}{c.skipped:>9}{c.missed:>8}{c.to_come:>9}  {minutes}"


def render(review: WeekReview, points: list[TrendPoint]) -> str:
    week = review.week
    days = week.days
    totals = review.totals
    lines = [f"Week {week.label} ({days[0]:%a %d %b} – {days[-1]:%a %d %b %Y})"]
    if not review.platforms:
        lines.append("Nothing was planned this week.")
    else:
        lines.append(
            f"{plural(totals.planned, 'post')} planned: {totals.posted} posted, {totals.skipped} "
            f"skipped, {totals.missed} missed, {totals.to_come} still to come; engagement "
            f"{review.engagement_min_done} of {review.engagement_min_planned} minutes done")
        lines.append("")
        lines.append(f"  {'':<16}{'planned':>8}{'posted':>8}{'skipped':>9}{'missed':>8}{'to come':>9}"
                     "  engagement min done / planned")
        for p in review.platforms:
            minutes = f"{p.engagement_min_done} / {p.engagement_min_planned}" \
                if p.engagement_min_planned else "none kept"
            lines.append(_counts(p.name, p.posts, minutes))
            for kind, counts in p.kinds.items():
                if counts.planned:
                    lines.append(_counts(f"  {kind}", counts))
    lines.append("")
    if review.goals:
        lines.append(f"Goals: {review.goals_met} of {len(review.goals)} met")
        for g in review.goals:
            lines.append(f"  [{'x' if g.met else ' '}] {g.text}: {g.actual} done")
    else:
        lines.append("Goals: none set for this week")
    lines.append("")
    lines.append(f"Last {len(points)} weeks (shares of the posts that went out)")
    lines.append(f"  {'week':<10}{'posted':>12}{'promo':>8}{'curated':>9}{'engagement min':>17}"
                 f"{'goals met':>11}")
    for t in points:
        goals = f"{t.goals_met} / {t.goals_total}" if t.goals_total else "–"
        lines.append(f"  {t.week.label:<10}{f'{t.posted} / {t.planned}':>12}{percent(t.promo_share):>8}"
                     f"{percent(t.curated_share):>9}"
                     f"{f'{t.engagement_min_done} / {t.engagement_min_planned}':>17}{goals:>11}")
    return "\n".join(lines) + "\n"
