"""The settings catalogue: values read and printed in plain words, checked once for window and CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules.settings import PRESETS, RANGES, RULE_IDS, RuleSettings
from app.services import config
from app.services.config import SETTINGS, ConfigError, setting, show_share
from app.storage.repository import Repository

PROMO = SETTINGS["rules.promo_ratio"]


@pytest.mark.parametrize("text", ["1/3", "33%", "0.333", "1 in 3", "1 out of 3", " 1 IN 3 ", "33.3 %", ".33"])
def test_one_in_three_however_it_is_written(text: str) -> None:
    assert PROMO.parse(text) == 1 / 3
    assert PROMO.show(PROMO.parse(text)) == "1 in 3"


@pytest.mark.parametrize(("text", "value", "shown"), [
    ("20%", 0.2, "1 in 5"), ("1/6", 1 / 6, "1 in 6"), ("17%", 1 / 6, "1 in 6"),
    ("40%", 0.4, "40%"), ("2 in 5", 0.4, "40%"), ("12%", 0.12, "12%"), ("0.3", 0.3, "30%"),
    ("0", 0.0, "0%"), ("100%", 1.0, "100%"), ("1/8", 0.125, "1 in 8"),
])
def test_shares_are_shown_as_one_in_n_or_as_a_percentage(text: str, value: float, shown: str) -> None:
    assert PROMO.parse(text) == pytest.approx(value, abs=1e-12)
    assert PROMO.show(PROMO.parse(text)) == shown


@pytest.mark.parametrize(("text", "message"), [
    ("lots", """rules.promo_ratio: must be a share like "1 in 3" or 33%, not 'lots'"""),
    ("1/0", """rules.promo_ratio: must be a share like "1 in 3" or 33%, not '1/0'"""),
    ("150%", """rules.promo_ratio: must be a share from 0% to 100%, like "1 in 3" or 33%, not '150%'"""),
    ("3", """rules.promo_ratio: must be a share from 0% to 100%, like "1 in 3" or 33%, not '3'"""),
])
def test_a_bad_share_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        PROMO.parse(text)
    assert str(caught.value) == message and "\n" not in message


def test_a_share_that_is_no_one_in_n_is_a_percentage() -> None:
    assert (show_share(2 / 3), show_share(0.055), show_share(1 / 21)) == ("66.67%", "5.5%", "4.76%")
    # A stored share near a "1 in n" keeps the decimals that stop it reading back as one.
    assert (show_share(0.14), show_share(0.333)) == ("14.0%", "33.30%")


@given(st.floats(min_value=0.0, max_value=1.0))
def test_a_shown_share_reads_back_as_itself(value: float) -> None:
    assert PROMO.parse(PROMO.show(value)) == pytest.approx(value, abs=5e-5)


@pytest.mark.parametrize(("key", "text", "value"), [
    ("rules.link_repeat_hours", "48", 48.0), ("rules.link_repeat_hours", "48h", 48.0),
    ("rules.link_repeat_hours", "90 min", 1.5), ("rules.link_repeat_hours", "3 days", 72.0),
    ("rules.link_burst_minutes", "45", 45), ("rules.link_burst_minutes", "2 hours", 120),
    ("rules.post_burst_max", "5", 5),
    ("zone", "Europe/Lisbon", "Europe/Lisbon"), ("zone", "europe/lisbon", "Europe/Lisbon"),
    ("zone", "system", ""), ("week_start", "Sunday", "sunday"), ("week_start", "mon", "monday"),
    ("rules.preset", "80/20", "80-20"), ("rules.preset", "Rule of thirds", "rule-of-thirds"),
    ("rules.disabled", "cross-blast, echo-only", frozenset({"cross-blast", "echo-only"})),
    ("rules.disabled", "none", frozenset()),
])
def test_values_are_read_as_people_write_them(key: str, text: str, value: object) -> None:
    assert SETTINGS[key].parse(text) == value


@pytest.mark.parametrize(("key", "text", "message"), [
    ("rules.link_repeat_hours", "100",
     "must be a number of hours from more than 0 to 72, like 48 or 48h, not '100'"),
    ("rules.link_repeat_hours", "0", "must be a number of hours from more than 0 to 72"),
    ("rules.link_burst_minutes", "1.5", "must be a whole number of minutes from 1 to 4320"),
    ("rules.link_burst_count", "1", "must be a whole number from 2 to 1000, not '1'"),
    ("rules.post_burst_max", "-3", "must be a whole number from 1 to 1000, not '-3'"),
    ("zone", "Atlantis/Capital", "must be an IANA time zone like Europe/Berlin, not 'Atlantis/Capital'"),
    ("zone", "berlin", "(did you mean Europe/Berlin?)"),
    ("week_start", "friday", "must be monday or sunday, not 'friday'"),
    ("rules.preset", "90/10", "must be one of rule-of-thirds, 80-20, 4-1-1, not '90/10'"),
    ("rules.preset", "custom", "is custom when you set rules.promo_ratio to a share of your own"),
    ("rules.disabled", "cross-blast,echo", "unknown rule 'echo' (did you mean echo-only?)"),
])
def test_bad_values_name_the_setting_and_the_reason(key: str, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        SETTINGS[key].parse(text)
    assert str(caught.value).startswith(f"{key}: ") and message in caught.value.reason


def test_every_setting_has_words_and_its_default_reads_back() -> None:
    fields = {s.field for s in SETTINGS.values() if s.field}
    assert fields == set(RuleSettings().to_dict())  # every threshold of the rules is a setting
    for s in SETTINGS.values():
        assert s.label and s.explanation and "\n" not in s.explanation
        if s.key != "zone":  # the zone's default is the system's, shown by name
            assert s.parse(s.show(s.default)) == s.default
        assert s.parse("") == s.default  # an empty value is the default


def test_the_ranges_are_the_ones_the_rules_take() -> None:
    for s in config.thresholds():
        assert s.field is not None
        lowest, highest = RANGES[s.field]
        integer = s.kind in (config.COUNT, config.MINUTES)
        step = 1 if integer else 0.01
        kind = int if integer else float
        allowed = [kind(highest)] + ([] if s.kind == config.HOURS else [kind(lowest)])
        for value in allowed:
            RuleSettings.from_dict({s.field: value})
        for value in (kind(lowest - step), kind(highest + step)):
            with pytest.raises(ValueError):
                RuleSettings.from_dict({s.field: value})
        if s.kind == config.HOURS:
            with pytest.raises(ValueError):
                RuleSettings.from_dict({s.field: lowest})


def test_unknown_keys_suggest_the_nearest() -> None:
    assert setting("week-start").key == "week_start"
    assert setting("rules.promo-ratio").key == "rules.promo_ratio"
    with pytest.raises(ConfigError, match=r"^promo_ratio: no such setting .*did you mean rules.promo_ratio"):
        setting("promo_ratio")
    with pytest.raises(ConfigError, match=r"^colour: no such setting \(`presence config` lists them\)$"):
        setting("colour")


def test_set_read_and_reset(repo: Repository) -> None:
    assert config.set_text(repo, "rules.promo_ratio", "1 in 5") == (1 / 3, 0.2)
    assert RuleSettings.load(repo).promo_ratio == 0.2
    assert config.read(repo)["rules.preset"] == "80-20"
    config.set_text(repo, "rules.promo_ratio", "25%")
    assert config.read(repo)["rules.preset"] == "custom"
    config.set_text(repo, "rules.preset", "4-1-1")
    assert RuleSettings.load(repo).promo_ratio == PRESETS["4-1-1"]
    config.set_text(repo, "rules.disabled", "echo-only,cross-blast")
    assert RuleSettings.load(repo).disabled == {"echo-only", "cross-blast"}
    config.set_text(repo, "zone", "Asia/Tokyo")
    config.set_text(repo, "week_start", "sunday")
    assert (repo.setting("zone"), repo.setting("week_start")) == ("Asia/Tokyo", "sunday")
    for key in SETTINGS:
        config.set_text(repo, key, "")
    assert RuleSettings.load(repo) == RuleSettings()
    values = config.read(repo)
    assert values["zone"] == "" and values["week_start"] == "monday"
    assert values["rules.preset"] == "rule-of-thirds"


def test_a_bad_value_changes_nothing(repo: Repository) -> None:
    config.set_text(repo, "rules.post_burst_max", "5")
    before = repo.setting("rules")
    with pytest.raises(ConfigError):
        config.set_text(repo, "rules.post_burst_max", "many")
    assert repo.setting("rules") == before


def test_a_damaged_threshold_reads_as_its_default_and_is_named_until_fixed(repo: Repository) -> None:
    repo.set_setting("rules", {"post_burst_max": "many", "link_burst_count": 4})
    values = config.read(repo)
    assert values["rules.post_burst_max"] == 3 and values["rules.link_burst_count"] == 4
    with pytest.raises(ConfigError) as caught:
        config.set_text(repo, "rules.echo_only_min_posts", "4")
    assert caught.value.key == "rules.post_burst_max"
    assert repo.setting("rules") == {"post_burst_max": "many", "link_burst_count": 4}
    config.set_text(repo, "rules.post_burst_max", "")  # setting the damaged one repairs it
    assert RuleSettings.load(repo).link_burst_count == 4


def test_every_rule_can_be_switched_off_by_its_id() -> None:
    disabled = SETTINGS["rules.disabled"]
    assert disabled.parse(",".join(RULE_IDS)) == frozenset(RULE_IDS)
    assert disabled.show(frozenset({"cross-blast", "promo-ratio"})) == "promo-ratio, cross-blast"


def test_the_catalogue_imports_no_qt() -> None:
    code = ("import sys, app.services.config, app.cli.config_cmd; "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(("key", "text", "value"), [
    ("platforms.mastodon.text_limit", "1000", 1000), ("platforms.mastodon.text_limit", "none", None),
    ("platforms.mastodon.text_limit", "", 500), ("platforms.x.daily_cap", "", 5),
    ("platforms.x.colour", "#1D9BF0", "#1d9bf0"), ("platforms.bluesky.counting", "Bluesky", "graphemes"),
    ("platforms.pinterest.shown", "no", False), ("platforms.pinterest.shown", "hidden", False),
    ("platforms.pinterest.shown", "yes", True), ("platform.my-forum.name", "My forum", "My forum"),
])
def test_platform_settings_are_read_as_people_write_them(key: str, text: str, value: object) -> None:
    assert setting(key).parse(text) == value


@pytest.mark.parametrize(("key", "text", "message"), [
    ("platforms.x.text_limit", "many", "platforms.x.text_limit: must be a whole number from 1, or none"),
    ("platforms.x.colour", "blue", "platforms.x.colour: must be a colour like #1185fe, not 'blue'"),
    ("platforms.x.shown", "maybe", "platforms.x.shown: must be yes or no, not 'maybe'"),
    ("platforms.x.counting", "words", "platforms.x.counting: must be one of characters, x, mastodon,"),
    ("platforms.My Forum.name", "x", "platforms.My Forum.name: platform id 'My Forum' must be a lowercase"),
    ("platforms.x.size", "3", "platforms.x.size: no such platform setting (a platform has name, text_limit,"),
])
def test_bad_platform_values_are_one_line(key: str, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        setting(key).parse(text)
    assert str(caught.value).startswith(message)


def test_platforms_are_changed_hidden_and_added(repo: Repository) -> None:
    config.set_text(repo, "platforms.mastodon.text_limit", "1000")
    config.set_text(repo, "platforms.pinterest.shown", "no")
    assert repo.platforms()["mastodon"].text_limit == 1000 and repo.platforms()["pinterest"].hidden
    assert config.set_text(repo, "platforms.mastodon.text_limit", "") == (1000, 500)  # the published limit
    with pytest.raises(ConfigError) as caught:
        config.set_text(repo, "platforms.my-forum.daily_cap", "2")
    assert caught.value.reason == ("no such platform; add it first with "
                                   "`presence config platforms.my-forum.name NAME`")
    config.set_text(repo, "platforms.my-forum.name", "My forum")
    config.set_text(repo, "platforms.my-forum.daily_cap", "2")
    added = repo.platforms()["my-forum"]
    assert (added.name, added.daily_cap, added.text_limit, added.colour, added.hidden) == (
        "My forum", 2, None, "#7a7a7a", False)
    with pytest.raises(ConfigError, match="give the platform a name"):
        config.set_text(repo, "platforms.my-forum.name", "")
    values = config.read(repo)
    assert values["platforms.my-forum.name"] == "My forum" and values["platforms.pinterest.shown"] is False
    assert [s.label for s in config.platform_settings(repo)][:2] == ["X: name", "X: text limit"]


def test_the_last_shown_platform_cannot_be_hidden(repo: Repository) -> None:
    *others, last = repo.platforms()
    for pid in others:
        config.set_text(repo, f"platforms.{pid}.shown", "no")
    with pytest.raises(ConfigError, match="keep at least one platform shown"):
        config.set_text(repo, f"platforms.{last}.shown", "no")
    assert not repo.platforms()[last].hidden
