"""text-limit, daily-cap and account-mix."""

from __future__ import annotations

from datetime import date

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # a ZWJ family: one grapheme

LONG_URL = "https://www.slowroads.blog/lisbon-on-foot/" + "x" * 100


def test_text_limit_x_counts_weights_not_characters(plan) -> None:
    fits = plan.post("x", plan.at(0, 9), text="a" * 256, link=LONG_URL)  # 256 + 1 + 23 = 280
    over = plan.post("x", plan.at(1, 9), text="a" * 257, link=LONG_URL)
    cjk = plan.post("x", plan.at(2, 9), text="語" * 141)  # 282 by X's count, 141 characters
    found = plan.run("text-limit")
    assert [f.items for f in found] == [(over,), (cjk,)]
    assert fits not in {i for f in found for i in f.items}
    assert found[0].severity == "error" and found[0].day == date(2026, 11, 24)
    assert "281 characters long, 1 over X's 280" in found[0].message
    assert found[0].suggestion.startswith("Cut 1 character,")


FLAG = "\U0001F1F5\U0001F1F9"  # two code points, one grapheme, 8 bytes in UTF-8


def test_text_limit_bluesky_counts_graphemes(plan) -> None:
    plan.post("bluesky", plan.at(0, 9), text=FLAG * 300)  # 600 code points, 300 graphemes
    assert plan.run("text-limit") == []
    plan.post("bluesky", plan.at(1, 9), text=FLAG * 301)
    found = plan.run("text-limit")
    assert len(found) == 1 and "301 characters long, 1 over Bluesky's 300" in found[0].message


def test_text_limit_bluesky_holds_a_post_to_3000_bytes(plan) -> None:
    # 300 ZWJ families are 300 graphemes, but 5,400 bytes: Bluesky refuses the post
    post = plan.post("bluesky", plan.at(0, 9), text=FAMILY * 300)
    found = plan.run("text-limit")
    assert [f.items for f in found] == [(post,)]
    assert "5,400 bytes long, 2,400 over Bluesky's 3,000 (UTF-8)" in found[0].message


def test_text_limit_follows_the_users_limit_and_skips(plan) -> None:
    plan.post("mastodon", plan.at(0, 9), text="a" * 900)
    plan.post("x", plan.at(1, 9), text="a" * 900, status="skipped")
    plan.post("x", plan.at(-1, 9), text="a" * 900)  # last week's
    assert len(plan.run("text-limit")) == 1
    plan.platforms["mastodon"] = plan.platforms["mastodon"].with_(text_limit=1000)
    assert plan.run("text-limit") == []
    plan.platforms["mastodon"] = plan.platforms["mastodon"].with_(text_limit=None)
    assert plan.run("text-limit") == []


def test_daily_cap_over_the_platforms_cap(plan) -> None:
    ids = [plan.post("linkedin", plan.at(0, h)) for h in (8, 12, 17)]
    plan.post("linkedin", plan.at(1, 8))
    [finding] = plan.run("daily-cap")
    assert finding.items == tuple(ids) and finding.day == date(2026, 11, 23)
    assert finding.severity == "warning"
    assert finding.message.startswith("3 LinkedIn posts on Monday, more than the 2 a day")
    assert finding.suggestion == "Move 1 to a quieter day, for example to Wednesday."


def test_daily_cap_at_the_cap_local_days_and_skipped(plan) -> None:
    plan.post("linkedin", plan.at(0, 8))
    plan.post("linkedin", plan.at(0, 23, 59))
    plan.post("linkedin", plan.at(1, 0, 1))  # Tuesday in the week's zone
    plan.post("linkedin", plan.at(0, 12), status="skipped")
    plan.post("x", plan.at(0, 12))
    assert plan.run("daily-cap") == []


def test_daily_cap_is_the_users_to_edit(plan) -> None:
    for h in (8, 9):
        plan.post("youtube", plan.at(2, h))
    assert len(plan.run("daily-cap")) == 1
    plan.platforms["youtube"] = plan.platforms["youtube"].with_(daily_cap=2)
    assert plan.run("daily-cap") == []
    plan.platforms["youtube"] = plan.platforms["youtube"].with_(daily_cap=None)
    assert plan.run("daily-cap") == []


def test_daily_cap_day_follows_the_weeks_zone_not_the_posts(plan_for) -> None:
    from zoneinfo import ZoneInfo

    week = plan_for(zone="Europe/Lisbon")
    tokyo = ZoneInfo("Asia/Tokyo")
    for h in (7, 8):  # 07:00 and 08:00 Tuesday in Tokyo: Monday night in Lisbon
        week.post("youtube", week.at(1, h).replace(tzinfo=None).replace(tzinfo=tokyo))
    [finding] = week.run("daily-cap")
    assert finding.day == date(2026, 11, 23)


def test_account_mix_promo_from_a_personal_account(plan) -> None:
    plan.account("x", "ana-personal", "personal")
    plan.account("x", "slowroads", "business")
    plan.account("linkedin", "slowroads", "personal")
    bad = plan.post("x", plan.at(4, 18), "promo", account="ana-personal")
    plan.post("x", plan.at(4, 19), "own", account="ana-personal")
    plan.post("x", plan.at(4, 20), "promo", account="slowroads")
    plan.post("x", plan.at(4, 21), "promo")
    plan.post("x", plan.at(4, 22), "promo", account="ana-personal", status="skipped")
    [finding] = plan.run("account-mix")
    assert finding.items == (bad,) and finding.day == date(2026, 11, 27)
    assert "personal account ana-personal" in finding.message


def test_text_limit_mastodon_counts_a_long_url_as_23(plan) -> None:
    url = "https://walkingcities.example.org/essays/" + "getting-lost-" * 20
    fits = "a" * (500 - 23 - 1) + " " + url  # 800 characters, 500 as Mastodon counts
    plan.post("mastodon", plan.at(0, 9), text=fits)
    assert len(fits) > 500 and plan.run("text-limit") == []
    plan.post("mastodon", plan.at(1, 9), text="a" + fits)
    [finding] = plan.run("text-limit")
    assert "501 characters long, 1 over Mastodon's 500" in finding.message
