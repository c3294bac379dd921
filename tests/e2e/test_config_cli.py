"""`presence config` as a user runs it: a real process on a real database file."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, time, timedelta
from pathlib import Path

from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.zones import get_zone, local
from app.storage.repository import Repository
from tests.e2e.support import presence

BERLIN = get_zone("Europe/Berlin")
MONDAY = date(2026, 11, 23)  # 2026-W48


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_promo_in_four(db_path: Path) -> None:
    """A LinkedIn week of four posts, one of them promo, with time kept to answer every day."""
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        kinds = (PostKind.PROMO, PostKind.OWN, PostKind.CURATED, PostKind.CURATED)
        for i, kind in enumerate(kinds):
            day = MONDAY + timedelta(days=i)
            repo.add(Post("linkedin", local(day, time(9), BERLIN), kind,
                          text=f"Post {i}: a thought on slow travel, with my own words on it"))
            repo.add(Slot("linkedin", local(day, time(10), BERLIN), 15, Activity.REPLY))


def promo_findings(db_path: Path) -> list[dict[str, object]]:
    out = presence("lint", "--db", str(db_path), "--week", "2026-W48", "--json")
    assert out.returncode in (0, 1), out.stderr
    return [f for f in json.loads(out.stdout)["findings"] if f["rule"] == "promo-ratio"]


def test_lint_judges_by_the_share_set_from_the_command_line(db_path: Path) -> None:
    one_promo_in_four(db_path)
    assert promo_findings(db_path) == []  # 1 in 4 is within the rule of thirds
    out = presence("config", "--db", str(db_path), "rules.promo_ratio", "1 in 5")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "rules.promo_ratio: 1 in 5 (was 1 in 3)\n"
    assert [f["platform"] for f in promo_findings(db_path)] == ["linkedin"]
    assert presence("--db", str(db_path), "config", "rules.preset").stdout == "80-20\n"
    # An empty value puts the default back.
    assert presence("config", "--db", str(db_path), "rules.promo_ratio", "").returncode == 0
    assert promo_findings(db_path) == []
    assert presence("config", "--db", str(db_path), "rules.promo_ratio").stdout == "1 in 3\n"


def test_a_bad_value_or_key_is_one_line_exit_2_and_changes_nothing(db_path: Path) -> None:
    one_promo_in_four(db_path)
    before = digest(db_path)
    for args, message in [
        (("rules.promo_ratio", "lots"),
         """presence: rules.promo_ratio: must be a share like "1 in 3" or 33%, not 'lots'\n"""),
        (("rules.link_burst_count", "1"),
         "presence: rules.link_burst_count: must be a whole number from 2 to 1000, not '1'\n"),
        (("week_start", "friday"), "presence: week_start: must be monday or sunday, not 'friday'\n"),
        (("rules.disabled", "promo-ratio,nagging"),
         "presence: rules.disabled: unknown rule 'nagging' (the rules are promo-ratio, link-repeat, "),
        (("colour", "red"), "presence: colour: no such setting (`presence config` lists them)\n"),
    ]:
        out = presence("config", "--db", str(db_path), *args)
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.startswith(message) and out.stderr.count("\n") == 1
        assert digest(db_path) == before
    assert promo_findings(db_path) == []


def test_the_listing_shows_every_setting_in_plain_words(db_path: Path) -> None:
    one_promo_in_four(db_path)
    assert presence("config", "--db", str(db_path), "rules.link_repeat_hours", "48h").returncode == 0
    out = presence("config", "--db", str(db_path))
    assert out.returncode == 0, out.stderr
    lines = {line.split()[0]: line for line in out.stdout.splitlines()}
    assert {"zone", "week_start", "rules.preset", "rules.promo_ratio", "rules.link_repeat_hours",
            "rules.disabled"} <= set(lines)
    assert lines["rules.promo_ratio"].split(None, 1)[1].startswith("1 in 3   ")
    assert "promote your own work" in lines["rules.promo_ratio"]
    assert " 48 hours " in lines["rules.link_repeat_hours"]
    assert " Europe/Berlin " in lines["zone"]

    document = json.loads(presence("config", "--db", str(db_path), "--json").stdout)
    rows = {row["key"]: row for row in document["settings"]}
    hours = rows["rules.link_repeat_hours"]
    assert (hours["value"], hours["default"], hours["text"]) == (48.0, 72.0, "48 hours")
    assert rows["rules.promo_ratio"]["text"] == "1 in 3"
    assert rows["rules.disabled"]["value"] == [] and rows["week_start"]["value"] == "monday"
    assert all(row["label"] and row["explanation"] for row in rows.values())


def test_settings_can_be_made_before_the_first_week(tmp_path: Path) -> None:
    fresh = tmp_path / "new.db"
    out = presence("config", "--db", str(fresh), "zone", "europe/lisbon")
    assert out.returncode == 0, out.stderr
    assert presence("config", "--db", str(fresh), "zone").stdout == "Europe/Lisbon\n"


def test_a_platform_limit_set_from_the_command_line_is_what_lint_counts_against(db_path: Path) -> None:
    with Repository.open(db_path) as repo:
        repo.set_setting("zone", "Europe/Berlin")
        repo.add(Post("mastodon", local(MONDAY, time(9), BERLIN), PostKind.OWN, text="Slow travel. " * 50))
        repo.add(Slot("mastodon", local(MONDAY, time(10), BERLIN), 15, Activity.REPLY))

    def too_long() -> list[object]:
        out = presence("lint", "--db", str(db_path), "--week", "2026-W48", "--json")
        return [f["platform"] for f in json.loads(out.stdout)["findings"] if f["rule"] == "text-limit"]

    assert too_long() == ["mastodon"]  # 650 characters over Mastodon's 500
    out = presence("config", "--db", str(db_path), "platforms.mastodon.text_limit", "1000")
    assert out.stdout == "platforms.mastodon.text_limit: 1000 (was 500)\n", out.stderr
    assert too_long() == []
    listing = presence("config", "--db", str(db_path)).stdout
    assert re.search(r"^platforms\.mastodon\.text_limit +1000 +Longest post Mastodon takes", listing, re.M)
    assert presence("config", "--db", str(db_path), "platforms.pinterest.shown", "no").returncode == 0
    assert presence("config", "--db", str(db_path), "platforms.pinterest.shown").stdout == "no\n"


def test_a_refused_setting_leaves_no_new_file_behind(tmp_path: Path) -> None:
    fresh = tmp_path / "new.db"
    out = presence("config", "--db", str(fresh), "platforms.blog.daily_cap", "3")
    assert out.returncode == 2 and out.stderr == (
        "presence: platforms.blog.daily_cap: no such platform; add it first with "
        "`presence config platforms.blog.name NAME`\n")
    assert list(tmp_path.iterdir()) == []
