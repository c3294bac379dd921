"""RuleSettings: SPEC defaults, presets, and clear refusals of bad stored values."""

from __future__ import annotations

import pytest

from app.rules.settings import PRESETS, RULE_IDS, RuleSettings


def test_defaults_are_the_specs() -> None:
    s = RuleSettings()
    assert s.promo_ratio == pytest.approx(1 / 3) and s.preset == "rule-of-thirds"
    assert (s.link_repeat_hours, s.link_burst_count, s.link_burst_minutes) == (72, 3, 60)
    assert (s.post_burst_max, s.post_burst_minutes) == (3, 60)
    assert (s.curation_min_posts, s.bare_reshare_share, s.bare_reshare_min_curated) == (3, 0.5, 2)
    assert s.echo_only_min_posts == 3
    assert (s.cross_blast_platforms, s.cross_blast_minutes) == (3, 10)
    assert len(RULE_IDS) == 18 and all(s.enabled(rule) for rule in RULE_IDS)  # SPEC 3 and 9


def test_presets() -> None:
    assert PRESETS["rule-of-thirds"] == pytest.approx(1 / 3)
    assert PRESETS["80/20"] == 0.2 and PRESETS["4-1-1"] == pytest.approx(1 / 6)
    assert RuleSettings().with_preset("4-1-1").preset == "4-1-1"
    assert RuleSettings(promo_ratio=0.25).preset is None
    with pytest.raises(ValueError, match="unknown preset '90/10'"):
        RuleSettings().with_preset("90/10")


def test_round_trip_through_a_dict() -> None:
    s = RuleSettings(promo_ratio=0.25, link_repeat_hours=48, post_burst_max=5,
                     disabled=frozenset({"echo-only", "cross-blast"}))
    data = s.to_dict()
    assert data["disabled"] == ["cross-blast", "echo-only"]
    assert RuleSettings.from_dict(data) == s
    assert RuleSettings.from_dict({}) == RuleSettings.from_dict(None) == RuleSettings()


def test_preset_key_and_an_explicit_ratio() -> None:
    assert RuleSettings.from_dict({"preset": "80/20"}).promo_ratio == 0.2
    assert RuleSettings.from_dict({"preset": "80/20", "promo_ratio": 0.1}).promo_ratio == 0.1
    assert RuleSettings.from_dict({"promo_ratio": 0.1, "preset": "80/20"}).promo_ratio == 0.1


@pytest.mark.parametrize(("data", "message"), [
    ({"promo_ratio": "a third"}, "rules.promo_ratio: must be a number from 0 to 1, not 'a third'"),
    ({"promo_ratio": 1.5}, "rules.promo_ratio: must be a number from 0 to 1, not 1.5"),
    ({"promo_ratio": float("nan")}, "rules.promo_ratio: must be a number"),
    ({"link_burst_count": True}, "rules.link_burst_count: must be a whole number from 2 to"),
    ({"link_burst_count": 1}, "rules.link_burst_count: must be a whole number from 2"),
    ({"post_burst_minutes": 2.5}, "rules.post_burst_minutes: must be a whole number"),
    ({"link_repeat_hours": 0}, "rules.link_repeat_hours: must be a number from more than 0 to 72"),
    ({"link_repeat_hours": 100}, "rules.link_repeat_hours: must be a number from more than 0 to 72"),
    ({"cross_blast_minutes": 5000}, "rules.cross_blast_minutes: must be a whole number from 1 to 4320"),
    ({"promo_ratoi": 0.2}, "rules.promo_ratoi: unknown threshold"),
    ({"preset": "90/10"}, "rules.preset: unknown preset '90/10'"),
    ({"disabled": ["echo"]}, "rules.disabled: unknown rule id 'echo'"),
    ({"disabled": "echo-only"}, "rules.disabled: must be a list of rule ids"),
    ([0.2], "rules: expected an object of thresholds, not list"),
])
def test_bad_values_are_refused_by_name(data: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        RuleSettings.from_dict(data)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_load_from_the_database(repo) -> None:
    assert RuleSettings.load(repo) == RuleSettings()
    repo.set_setting("rules", {"preset": "4-1-1", "post_burst_max": 4})
    assert RuleSettings.load(repo) == RuleSettings(promo_ratio=1 / 6, post_burst_max=4)
    repo.set_setting("rules", {"post_burst_max": -1})
    with pytest.raises(ValueError, match="post_burst_max"):
        RuleSettings.load(repo)
