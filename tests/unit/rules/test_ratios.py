"""promo-ratio, curation-balance, bare-reshare and echo-only: the week's mix per platform."""

from __future__ import annotations

import pytest

from app.rules.settings import PRESETS, RuleSettings


def test_promo_ratio_fires_above_a_third_and_names_the_promo_posts(plan) -> None:
    promos = [plan.post("linkedin", plan.at(d, 8), "promo") for d in (0, 1)]
    plan.post("linkedin", plan.at(2, 8), "own")
    plan.post("linkedin", plan.at(3, 8), "curated")
    [finding] = plan.run("promo-ratio")
    assert finding.severity == "warning" and finding.platform == "linkedin" and finding.day is None
    assert finding.items == tuple(promos)
    assert "2 of your 4 LinkedIn posts" in finding.message and "1 in 3" in finding.message
    assert finding.suggestion.startswith("Turn 1 promo post into")


def test_promo_ratio_exactly_a_third_is_fine(plan) -> None:
    plan.post("x", plan.at(0, 8), "promo")
    plan.post("x", plan.at(1, 8), "own")
    plan.post("x", plan.at(2, 8), "curated")
    assert plan.run("promo-ratio") == []


@pytest.mark.parametrize(("preset", "total", "promos", "fires"), [
    ("80/20", 5, 1, False), ("80/20", 4, 1, True),
    ("4-1-1", 6, 1, False), ("4-1-1", 5, 1, True),
    ("rule-of-thirds", 6, 2, False), ("rule-of-thirds", 6, 3, True),
])
def test_promo_ratio_presets_at_their_edges(plan, preset, total, promos, fires) -> None:
    for i in range(total):
        plan.post("mastodon", plan.at(i % 7, 9 + i // 7), "promo" if i < promos else "own")
    settings = RuleSettings().with_preset(preset)
    assert settings.promo_ratio == PRESETS[preset]
    assert bool(plan.run("promo-ratio", settings)) is fires


def test_promo_ratio_ignores_skipped_posts_margins_and_other_platforms(plan) -> None:
    plan.post("x", plan.at(0, 8), "promo", status="skipped")
    plan.post("x", plan.at(-1, 8), "promo")  # the Sunday before: another week
    plan.post("x", plan.at(7, 8), "promo")  # the Monday after
    plan.post("linkedin", plan.at(1, 8), "promo")
    plan.post("x", plan.at(1, 9), "own")
    findings = plan.run("promo-ratio")
    assert [f.platform for f in findings] == ["linkedin"]


def test_curation_balance_judged_from_three_posts(plan) -> None:
    plan.post("bluesky", plan.at(0, 8), "own")
    plan.post("bluesky", plan.at(1, 8), "own")
    assert plan.run("curation-balance") == []  # two posts: too few to judge
    plan.post("bluesky", plan.at(2, 8), "curated")
    [finding] = plan.run("curation-balance")
    assert finding.severity == "info"
    assert "1 post from others against 2 of your own" in finding.message
    plan.post("bluesky", plan.at(3, 8), "curated")
    assert plan.run("curation-balance") == []  # as many shared as own: balanced


def test_curation_balance_conversation_posts_are_neither_side(plan) -> None:
    for day in range(4):
        plan.post("threads", plan.at(day, 8), "conversation")
    plan.post("threads", plan.at(5, 8), "own")
    plan.post("threads", plan.at(6, 8), "curated")
    assert plan.run("curation-balance") == []


def test_bare_reshare_fewer_than_half_with_commentary(plan) -> None:
    link = "https://walkingcities.example.org/essay"
    bare = plan.post("mastodon", plan.at(0, 8), "curated", text="", link=link)
    also_bare = plan.post("mastodon", plan.at(1, 8), "curated", text=f"{link}", link=link)
    [finding] = plan.run("bare-reshare")
    assert finding.items == (bare, also_bare) and finding.severity == "info"
    plan.post("mastodon", plan.at(2, 8), "curated", text="The part on getting lost is gold.",
              link=link + "2")
    assert plan.run("bare-reshare")  # 1 of 3 has words: still fewer than half
    plan.post("mastodon", plan.at(3, 8), "curated", text="Read this before Lisbon.", link=link + "3")
    assert plan.run("bare-reshare") == []  # 2 of 4: half is enough


def test_bare_reshare_needs_two_curated_posts(plan) -> None:
    plan.post("x", plan.at(0, 8), "curated", text="", link="https://a.example/1")
    assert plan.run("bare-reshare") == []


def test_echo_only_all_curated_from_three_posts(plan) -> None:
    for day in range(2):
        plan.post("pinterest", plan.at(day, 8), "curated", text="Lovely.", link=f"https://e.x/{day}")
    assert plan.run("echo-only") == []
    plan.post("pinterest", plan.at(3, 8), "curated", text="Lovely.", link="https://e.x/3")
    [finding] = plan.run("echo-only")
    assert finding.platform == "pinterest" and len(finding.items) == 3
    plan.post("pinterest", plan.at(4, 8), "conversation", text="Your favourite?")
    assert plan.run("echo-only") == []


def test_echo_only_ignores_a_skipped_post_of_your_own(plan) -> None:
    for day in range(3):
        plan.post("pinterest", plan.at(day, 8), "curated", text="Lovely.", link=f"https://e.x/{day}")
    plan.post("pinterest", plan.at(4, 8), "own", status="skipped")
    assert len(plan.run("echo-only")) == 1


def test_promo_ratio_zero_allows_no_promotion(plan) -> None:
    from app.rules.ratios import share_phrase

    for day in range(5):
        plan.post("linkedin", plan.at(day, 8), "promo" if day == 0 else "own")
    [finding] = plan.run("promo-ratio", RuleSettings(promo_ratio=0))
    assert finding.message.endswith("this week is for others.")
    assert (share_phrase(0.25), share_phrase(0.2), share_phrase(0.3)) == ("1 in 4", "1 in 5", "30%")
