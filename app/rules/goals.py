"""`goal-shortfall`: the week's measurable goals (seed 003), checked against the plan.

A goal counts planned posts of a kind (`promo`, `own`, `curated`, `conversation`) or
slot occurrences of an activity (`reply`, `comment`, `share`, `listen`, `network`).
"""

from __future__ import annotations

from app.domain.items import Activity, GoalMetric, PostKind
from app.rules.context import Context, PostEntry, SlotEntry, item_ids
from app.rules.findings import Finding, Severity

_KIND_WORDS = {
    PostKind.PROMO: ("promo post", "promo posts"),
    PostKind.OWN: ("post of your own", "posts of your own"),
    PostKind.CURATED: ("share of others' work", "shares of others' work"),
    PostKind.CONVERSATION: ("conversation post", "conversation posts"),
}
_ACTIVITY_KINDS = frozenset(a.value for a in Activity)
_POST_KINDS = frozenset(k.value for k in PostKind)


def _words(subject: str, count: int) -> str:
    if subject in _POST_KINDS:
        one, many = _KIND_WORDS[PostKind(subject)]
    else:
        one, many = f"{subject} slot", f"{subject} slots"
    return f"{count} {one if count == 1 else many}"


def _noun(subject: str, count: int) -> str:
    return _words(subject, count).split(" ", 1)[1]


def goal_shortfall(ctx: Context) -> list[Finding]:
    """A goal whose planned posts or slots fall short of its target, or exceed its cap."""
    findings = []
    label = ctx.week.label
    for goal in ctx.plan.goals:
        if goal.week != label:
            continue
        subject = goal.subject
        matched: list[PostEntry] | list[SlotEntry]
        if subject in _POST_KINDS:
            kind = PostKind(subject)
            matched = ctx.kinds(goal.platform)[kind]
        elif subject in _ACTIVITY_KINDS:
            activity = Activity(subject)
            matched = [
                s for s in ctx.slots_by_platform.get(goal.platform, ())
                if s.occurrence.slot.activity is activity
            ]
        else:
            continue
        count = len(matched)
        name = ctx.name(goal.platform)
        planned = f"{count} {'is' if count == 1 else 'are'} planned"
        if goal.metric is GoalMetric.AT_LEAST and count < goal.target:
            missing = goal.target - count
            how = (
                "spread over the week" if subject in _POST_KINDS
                else "short ones on several days rather than one long one"
            )
            findings.append(Finding(
                "goal-shortfall", Severity.WARNING, goal.platform, None, item_ids(matched),
                f"Your {name} goal is at least {_words(subject, goal.target)} this week; "
                f"{planned}.",
                f"Plan {missing} more {_noun(subject, missing)} on {name}, {how}.",
            ))
        elif goal.metric is GoalMetric.AT_MOST and count > goal.target:
            extra = count - goal.target
            action = (
                "Turn {n} into something else or move {them} to next week."
                if subject in _POST_KINDS else "Drop {n} or move {them} to next week."
            )
            findings.append(Finding(
                "goal-shortfall", Severity.WARNING, goal.platform, None, item_ids(matched),
                f"Your {name} goal is at most {_words(subject, goal.target)} this week; "
                f"{planned}.",
                action.format(n=extra, them="it" if extra == 1 else "them"),
            ))
    return findings
