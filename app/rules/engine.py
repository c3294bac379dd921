"""`lint(plan, settings)`: every rule of SPEC section 3 over one week's plan.

The window calls this on every keystroke, so the work is one pass to build the context,
then each rule over pre-grouped lists; link normalisation and text counting are cached.
"""

from __future__ import annotations

from collections.abc import Callable

from app.domain.plan import WeekPlan
from app.rules import bursts, compose, engagement, goals, limits, links, ratios
from app.rules.context import Context
from app.rules.findings import Finding, sort_key
from app.rules.settings import RuleSettings

Rule = Callable[[Context], list[Finding]]

RULES: dict[str, Rule] = {
    "promo-ratio": ratios.promo_ratio,
    "link-repeat": links.link_repeat,
    "link-burst": links.link_burst,
    "post-burst": bursts.post_burst,
    "no-engagement": engagement.no_engagement,
    "engagement-gap": engagement.engagement_gap,
    "curation-balance": ratios.curation_balance,
    "bare-reshare": ratios.bare_reshare,
    "echo-only": ratios.echo_only,
    "text-limit": compose.text_limit,
    "daily-cap": limits.daily_cap,
    "account-mix": limits.account_mix,
    "cross-blast": links.cross_blast,
    "goal-shortfall": goals.goal_shortfall,
    "hashtag-limit": compose.hashtag_limit,
    "link-limit": compose.link_limit,
    "first-comment": compose.first_comment,
    "alt-text": compose.alt_text,
}


def lint(plan: WeekPlan, settings: RuleSettings | None = None) -> list[Finding]:
    """The week's findings, errors first, then warnings and notes; by day within each."""
    settings = settings or RuleSettings()
    ctx = Context(plan, settings)
    findings: list[Finding] = []
    for rule_id, rule in RULES.items():
        if settings.enabled(rule_id):
            findings.extend(rule(ctx))
    findings.sort(key=sort_key)
    return findings

