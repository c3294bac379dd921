"""link-repeat, link-burst and cross-blast, with normalised links and across week edges."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.rules.links import normalise_link
from app.rules.settings import RuleSettings

GUIDE = "https://www.slowroads.blog/lisbon-on-foot"


# -- normalisation ----------------------------------------------------------------------

def test_normalise_ignores_scheme_www_slash_and_tracking() -> None:
    same = [
        "https://www.slowroads.blog/lisbon-on-foot",
        "http://slowroads.blog/lisbon-on-foot/",
        "slowroads.blog/lisbon-on-foot",
        "HTTPS://WWW.SlowRoads.blog/lisbon-on-foot?utm_source=x&utm_medium=social",
        "https://slowroads.blog/lisbon-on-foot?fbclid=abc123#comments",
        "https://slowroads.blog:443/lisbon-on-foot/?gclid=zz",
    ]
    assert {normalise_link(link) for link in same} == {"slowroads.blog/lisbon-on-foot"}


def test_normalise_keeps_what_changes_the_page() -> None:
    assert normalise_link(GUIDE) != normalise_link(GUIDE + "-2")
    assert normalise_link(GUIDE + "?page=2") != normalise_link(GUIDE)
    assert normalise_link(GUIDE + "?b=2&a=1") == normalise_link(GUIDE + "?a=1&utm_x=9&b=2")
    assert normalise_link("https://slowroads.blog/Lisbon") != normalise_link(
        "https://slowroads.blog/lisbon")  # paths are case sensitive
    assert normalise_link("  ") == ""


_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=1, max_size=12)
_param = st.tuples(st.sampled_from(["page", "id", "lang", "q"]), _label)
_tracking = st.tuples(
    st.one_of(st.sampled_from(["fbclid", "gclid", "FBCLID"]),
              _label.map(lambda s: "utm_" + s)),
    _label,
)


@given(
    host=st.lists(_label, min_size=1, max_size=3).map(".".join),
    tld=st.sampled_from(["com", "blog", "org", "io"]),
    path=st.lists(_segment, max_size=3).map("/".join),
    params=st.lists(_param, max_size=3, unique_by=lambda p: p[0]),
    tracking=st.lists(_tracking, max_size=3),
    scheme=st.sampled_from(["https://", "http://", "", "//"]),
    www=st.booleans(),
    slash=st.booleans(),
    shout=st.booleans(),
    seed=st.randoms(use_true_random=False),
)
def test_tracking_and_spelling_never_change_the_link(
    host, tld, path, params, tracking, scheme, www, slash, shout, seed
) -> None:
    base = f"https://{host}.{tld}" + (f"/{path}" if path else "")
    query = "&".join(f"{k}={v}" for k, v in params)
    plain = base + (f"?{query}" if query else "")
    mixed = list(params) + list(tracking)
    seed.shuffle(mixed)
    domain = ("www." if www else "") + f"{host}.{tld}"
    spelled = (
        (scheme.upper() + domain.upper() if shout else scheme + domain)
        + (f"/{path}" if path else "")
        + ("/" if slash else "")
    )
    if mixed:
        spelled += "?" + "&".join(f"{k}={v}" for k, v in mixed)
    assert normalise_link(spelled) == normalise_link(plain)
    assert normalise_link(f"{host}.{tld}/{path}/more") != normalise_link(f"{host}.{tld}/{path}")


# -- link-repeat ------------------------------------------------------------------------

def test_link_repeat_twice_within_72_hours(plan) -> None:
    first = plan.post("mastodon", plan.at(0, 9), link=GUIDE + "?utm_source=mastodon")
    again = plan.post("mastodon", plan.at(2, 8), link="http://slowroads.blog/lisbon-on-foot/")
    [finding] = plan.run("link-repeat")
    assert finding.items == (first, again) and finding.severity == "warning"
    assert finding.day == date(2026, 11, 23) and finding.platform == "mastodon"
    assert "twice on Mastodon" in finding.message
    assert "Move the Wednesday 08:00 post to Thursday 09:00 or later" in finding.suggestion


def test_link_repeat_just_outside_72_hours(plan) -> None:
    plan.post("mastodon", plan.at(0, 9), link=GUIDE)
    plan.post("mastodon", plan.at(3, 9), link=GUIDE)  # exactly 72 h later
    assert plan.run("link-repeat") == []
    plan.post("mastodon", plan.at(3, 8, 59), link=GUIDE)  # 71 h 59 min after the first
    assert len(plan.run("link-repeat")) == 1


def test_link_repeat_keeps_platforms_apart_and_ignores_skipped(plan) -> None:
    plan.post("mastodon", plan.at(0, 9), link=GUIDE)
    plan.post("bluesky", plan.at(0, 10), link=GUIDE)
    plan.post("mastodon", plan.at(1, 9), link=GUIDE, status="skipped")
    assert plan.run("link-repeat") == []


def test_link_repeat_counts_a_link_written_in_the_text(plan) -> None:
    plan.post("threads", plan.at(0, 9), link=GUIDE)
    plan.post("threads", plan.at(1, 9), text=f"Seven walks: {GUIDE}?utm_source=threads.")
    assert len(plan.run("link-repeat")) == 1


def test_link_repeat_straddling_the_week_end_belongs_to_both_weeks(plan_for) -> None:
    this = plan_for("2026-W48")
    sunday = this.post("x", this.at(6, 20), link=GUIDE)
    monday = this.post("x", this.at(7, 8), link=GUIDE + "/")
    [here] = this.run("link-repeat")
    assert here.day == date(2026, 11, 29) and here.items == (sunday, monday)
    assert "next" not in here.message and "Monday 30 Nov 08:00" in here.message

    following = plan_for("2026-W49")
    following.posts = this.posts
    [there] = following.run("link-repeat")
    assert there.day == date(2026, 11, 30) and there.items == (sunday, monday)

    before = plan_for("2026-W47")
    before.posts = this.posts
    assert before.run("link-repeat") == []  # neither post is in that week


def test_link_repeat_in_the_margins_only_is_not_this_weeks(plan) -> None:
    plan.post("x", plan.at(-2, 9), link=GUIDE)
    plan.post("x", plan.at(-1, 9), link=GUIDE)
    plan.post("x", plan.at(7, 9), link=GUIDE + "-other")
    assert plan.run("link-repeat") == []


def test_link_repeat_chain_reports_once(plan) -> None:
    ids = [plan.post("linkedin", plan.at(d, 8), "promo", link=GUIDE) for d in (0, 1, 3)]
    [finding] = plan.run("link-repeat")
    assert finding.items == tuple(ids) and "three times" in finding.message


def test_link_repeat_is_left_to_link_burst_when_all_in_a_burst(plan) -> None:
    for minute in (0, 10, 20):
        plan.post("x", plan.at(2, 9, minute), link=GUIDE)
    assert plan.run("link-repeat") == []
    assert len(plan.run("link-burst")) == 1
    settings = RuleSettings(disabled=frozenset({"link-burst"}))
    assert len(plan.run("link-repeat", settings)) == 1


def test_link_repeat_window_is_a_setting(plan) -> None:
    plan.post("x", plan.at(0, 9), link=GUIDE)
    plan.post("x", plan.at(1, 10), link=GUIDE)  # 25 h later
    assert len(plan.run("link-repeat")) == 1
    assert plan.run("link-repeat", RuleSettings(link_repeat_hours=24)) == []


# -- link-burst -------------------------------------------------------------------------

def test_link_burst_three_times_within_an_hour_is_an_error(plan) -> None:
    ids = [plan.post("x", plan.at(2, 9, m), link=GUIDE + f"?utm_content={m}") for m in (0, 30, 59)]
    [finding] = plan.run("link-burst")
    assert finding.severity == "error" and finding.items == tuple(ids)
    assert finding.day == date(2026, 11, 25)
    assert "3 times on X within 59 minutes" in finding.message
    assert finding.suggestion.startswith("Keep the 09:00 post and drop the other 2")


def test_link_burst_just_outside_the_hour(plan) -> None:
    for minute in (0, 30):
        plan.post("x", plan.at(2, 9, minute), link=GUIDE)
    plan.post("x", plan.at(2, 10, 0), link=GUIDE)  # 60 min after the first
    assert plan.run("link-burst") == []


def test_link_burst_twice_is_not_a_burst_and_platforms_stay_apart(plan) -> None:
    plan.post("x", plan.at(2, 9), link=GUIDE)
    plan.post("x", plan.at(2, 9, 5), link=GUIDE)
    plan.post("bluesky", plan.at(2, 9, 10), link=GUIDE)
    plan.post("x", plan.at(2, 9, 15), link=GUIDE, status="skipped")
    assert plan.run("link-burst") == []


def test_link_burst_across_midnight_into_next_week(plan) -> None:
    ids = [plan.post("x", plan.at(6, 23, 40), link=GUIDE),
           plan.post("x", plan.at(7, 0, 5), link=GUIDE),
           plan.post("x", plan.at(7, 0, 20), link=GUIDE)]
    [finding] = plan.run("link-burst")
    assert finding.items == tuple(ids) and finding.day == date(2026, 11, 29)


# -- cross-blast ------------------------------------------------------------------------

def test_cross_blast_three_platforms_within_ten_minutes(plan) -> None:
    ids = [plan.post(p, plan.at(2, 9, m), link=GUIDE + f"?utm_source={p}")
           for p, m in (("x", 0), ("mastodon", 4), ("bluesky", 9))]
    [finding] = plan.run("cross-blast")
    assert finding.severity == "info" and finding.platform is None
    assert finding.items == tuple(ids)
    assert "X, Mastodon and Bluesky" in finding.message


def test_cross_blast_just_outside_ten_minutes_and_two_platforms(plan) -> None:
    plan.post("x", plan.at(2, 9), link=GUIDE)
    plan.post("mastodon", plan.at(2, 9, 5), link=GUIDE)
    plan.post("x", plan.at(2, 8, 58), link=GUIDE)  # same platform again: still two
    plan.post("bluesky", plan.at(2, 9, 10), link=GUIDE)  # 10 min after the first
    assert plan.run("cross-blast") == []
    plan.post("linkedin", plan.at(2, 9, 9), link=GUIDE, status="skipped")
    assert plan.run("cross-blast") == []


def test_cross_blast_other_links_do_not_mix(plan) -> None:
    plan.post("x", plan.at(2, 9), link=GUIDE)
    plan.post("mastodon", plan.at(2, 9, 1), link=GUIDE + "-2")
    plan.post("bluesky", plan.at(2, 9, 2), link=GUIDE + "-3")
    assert plan.run("cross-blast") == []


def test_week_edges_use_local_days_across_dst(plan_for) -> None:
    """Europe/Berlin leaves summer time on Sunday 25 Oct 2026: that week has 169 hours."""
    week = plan_for("2026-W43")
    assert week.week.hours == 169
    sunday_late = week.post("x", week.at(6, 23, 30), link=GUIDE)
    monday = week.post("x", week.at(7, 0, 10), link=GUIDE)
    week.post("x", week.at(7, 0, 20), link=GUIDE)
    [burst] = week.run("link-burst")
    assert burst.day == date(2026, 10, 25) and burst.items[:2] == (sunday_late, monday)
    # 72 h measured in real hours: Friday 09:00 to Monday 08:00 over the change is 72 h.
    week.posts.clear()
    week.post("mastodon", week.at(4, 9), link=GUIDE)
    week.post("mastodon", week.at(7, 8), link=GUIDE)
    assert week.week.monday + timedelta(days=7) == date(2026, 10, 26)
    assert week.run("link-repeat") == []
