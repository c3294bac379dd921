"""The daily loop's core without Qt: what is due, told once, composers, marks and review."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from app.domain.items import Activity, Goal, GoalMetric, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.services import daily
from app.services.daily import DueNow, State
from app.services.review import review_week, trend
from app.storage.repository import Repository
from tests.conftest import BERLIN
from tests.daily_clock import Clock, at

WEEK = Week.parse("2026-W48", BERLIN)


def post(platform: str = "x", hour: int = 9, **kw: object) -> Post:
    values: dict[str, object] = {"text": "Seven walks in Lisbon", "link": "https://slowroads.blog/lisbon"}
    values.update(kw)
    return Post(platform, at(hour), PostKind.OWN, **values)  # type: ignore[arg-type]


# -- composers -----------------------------------------------------------------------------


@pytest.mark.parametrize(("platform", "host", "path"), [
    ("x", "x.com", "/intent/post"),
    ("bluesky", "bsky.app", "/intent/compose"),
    ("threads", "www.threads.net", "/intent/post"),
    ("linkedin", "www.linkedin.com", "/feed/"),
])
def test_composers_that_take_the_text_get_text_and_link(platform: str, host: str, path: str) -> None:
    target = daily.composer(post(platform))
    assert target.fills_text and target.url is not None
    parts = urlsplit(target.url)
    assert (parts.netloc, parts.path) == (host, path)
    assert parse_qs(parts.query)["text"] == ["Seven walks in Lisbon\nhttps://slowroads.blog/lisbon"]


def test_mastodon_needs_the_server_then_shares_the_text() -> None:
    assert daily.composer(post("mastodon")).needs_instance
    target = daily.composer(post("mastodon"), "fosstodon.org")
    assert target.url == ("https://fosstodon.org/share?text=Seven%20walks%20in%20Lisbon%0A"
                          "https%3A%2F%2Fslowroads.blog%2Flisbon")
    assert daily.check_instance(" https://Fosstodon.org/ ") == "fosstodon.org"
    with pytest.raises(ValueError, match="not a server name"):
        daily.check_instance("my server")


def test_facebook_and_reddit_take_the_link_only() -> None:
    facebook = daily.composer(post("facebook"))
    assert not facebook.fills_text
    assert facebook.url == "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fslowroads.blog%2Flisbon"
    reddit = urlsplit(daily.composer(post("reddit")).url or "")
    assert parse_qs(reddit.query) == {"url": ["https://slowroads.blog/lisbon"],
                                      "title": ["Seven walks in Lisbon"]}
    assert daily.composer(post("facebook", link="")).url == "https://www.facebook.com/"
    assert daily.composer(post("my-forum")).url is None


def test_the_clipboard_holds_the_link_once() -> None:
    assert daily.clipboard_text(post()) == "Seven walks in Lisbon\nhttps://slowroads.blog/lisbon"
    inline = post(text="Read https://slowroads.blog/lisbon today")
    assert daily.clipboard_text(inline) == "Read https://slowroads.blog/lisbon today"
    assert daily.clipboard_text(post(text="")) == "https://slowroads.blog/lisbon"


# -- due now -------------------------------------------------------------------------------


def test_each_notice_is_told_once_and_the_next_due_moment_is_known(repo: Repository) -> None:
    first = repo.add(post("x", 9))
    repo.add(post("bluesky", 9, status=PostStatus.POSTED))  # gone out: never due
    repo.add(post("threads", 9, status=PostStatus.IDEA))
    repo.add(Slot("mastodon", at(10), 30, Activity.REPLY, rrule="FREQ=DAILY"))
    clock = Clock(at(8))
    due = DueNow(repo, BERLIN, clock)
    assert due.check(starting=True).due == [] and due.next_due() == at(9)
    clock.now = at(9)
    [event] = due.check().due
    assert (event.item_id, event.due) == (first.id, at(9))
    assert due.check().due == []  # told already
    assert due.next_due() == at(10)
    clock.now = at(10, 1)
    assert [e.due for e in due.check().due] == [at(10)]
    assert due.next_due() == at(10, day=1)  # the slot's next occurrence
    # Restarting does not tell again, nor does a clock that went back.
    again = DueNow(repo, BERLIN, Clock(at(10, 2)))
    assert again.check(starting=True).due == [] and again.check(starting=True).missed == []
    assert DueNow(repo, BERLIN, Clock(at(7))).check().due == []


def test_what_came_due_while_closed_is_missed_once_except_in_the_last_minutes(repo: Repository) -> None:
    repo.add(post("x", 9))
    repo.add(post("bluesky", 11))
    late = repo.add(Post("linkedin", at(11, 59), PostKind.PROMO, text="Course opens"))
    DueNow(repo, BERLIN, Clock(at(8))).check(starting=True)
    told = DueNow(repo, BERLIN, Clock(at(12))).check(starting=True)
    assert [e.platform for e in told.missed] == ["x", "bluesky"]
    assert [e.item_id for e in told.due] == [late.id]  # a minute ago: due now, not missed
    assert DueNow(repo, BERLIN, Clock(at(13))).check(starting=True).missed == []


def test_a_file_never_watched_starts_watching_at_its_first_start(repo: Repository) -> None:
    repo.add(Post("x", at(9), PostKind.OWN, text="filled in by the demo a moment ago"))
    repo.add(Post("x", at(11, 59), PostKind.OWN, text="due a minute ago"))
    told = DueNow(repo, BERLIN, Clock(at(12))).check(starting=True)
    assert told.missed == [] and [e.due for e in told.due] == [at(11, 59)]
    assert repo.watched_until() == at(12)


# -- marks and the Today list --------------------------------------------------------------


def test_marks_keep_time_address_and_reason_and_undo_whole(repo: Repository) -> None:
    a, b = repo.add(post("x", 9)), repo.add(post("bluesky", 12))
    assert a.id is not None and b.id is not None
    marking = daily.mark_posts(repo, [a.id], PostStatus.POSTED, at(9, 4), "https://x.com/ana/status/1")
    mark = repo.post_marks([a.id])[a.id]
    assert (repo.get(a.id).status, mark.at, mark.url) == (PostStatus.POSTED, at(9, 4), "https://x.com/ana/status/1")
    daily.apply_marking(repo, marking.inverse())
    assert repo.get(a.id).status is PostStatus.SCHEDULED and repo.post_marks([a.id]) == {}
    daily.mark_posts(repo, [b.id], PostStatus.SKIPPED, at(11), reason="The link is broken")
    daily.unmark_posts(repo, [b.id])
    assert repo.get(b.id).status is PostStatus.SCHEDULED and repo.post_marks([b.id]) == {}
    with pytest.raises(TypeError, match="slot"):
        slot = repo.add(Slot("x", at(10), 15, Activity.REPLY))
        daily.mark_posts(repo, [slot.id or 0], PostStatus.POSTED, at(10))


def test_today_lists_the_day_in_order_with_where_each_stands(repo: Repository) -> None:
    late = repo.add(post("x", 17))
    early = repo.add(post("bluesky", 8))
    slot = repo.add(Slot("mastodon", at(10), 30, Activity.REPLY))
    repo.add(Post("x", at(9, day=1), PostKind.OWN, text="tomorrow"))
    daily.mark_posts(repo, [early.id or 0], PostStatus.POSTED, at(8, 5))
    daily.mark_done(repo, slot.id or 0, at(10))
    entries = daily.today(repo, BERLIN, at(12))
    assert [(e.item_id, e.state) for e in entries] == [
        (early.id, State.POSTED), (slot.id, State.DONE), (late.id, State.LATER)]
    assert entries[0].mark is not None and entries[0].mark.at == at(8, 5)
    # Set back to scheduled in the editor: waiting again, the old mark not shown.
    repo.update(repo.get(early.id or 0).with_(status=PostStatus.SCHEDULED))  # type: ignore[union-attr]
    again = daily.today(repo, BERLIN, at(12))[0]
    assert (again.state, again.mark) == (State.DUE, None)


# -- review --------------------------------------------------------------------------------


def test_a_post_is_missed_only_once_its_day_is_over(repo: Repository) -> None:
    repo.add(post("x", 9))
    assert review_week(repo, WEEK, at(20)).to_json()["platforms"]["x"]["missed"] == 0
    assert review_week(repo, WEEK, at(0, day=1)).to_json()["platforms"]["x"]["missed"] == 1


def test_goals_are_met_by_what_happened_not_by_the_plan(repo: Repository) -> None:
    one = repo.add(Post("x", at(9), PostKind.PROMO, text="Buy"))
    repo.add(Post("x", at(10), PostKind.PROMO, text="Buy now"))
    slot = repo.add(Slot("linkedin", at(12), 20, Activity.COMMENT, rrule="FREQ=DAILY;COUNT=3"))
    repo.save_goal(Goal(WEEK.label, "x", 1, "promo", GoalMetric.AT_MOST))
    repo.save_goal(Goal(WEEK.label, "linkedin", 2, "comment", GoalMetric.AT_LEAST))
    daily.mark_posts(repo, [one.id or 0], PostStatus.POSTED, at(9))
    daily.mark_done(repo, slot.id or 0, at(12))
    daily.mark_done(repo, slot.id or 0, at(12, day=1))
    review = review_week(repo, WEEK, at(12, day=3))
    assert [(g.actual, g.met) for g in review.goals] == [(2, True), (1, True)]
    assert review.to_json()["platforms"]["linkedin"]["engagement_min_done"] == 40
    assert review.to_json()["platforms"]["linkedin"]["engagement_min_planned"] == 60


def test_the_trend_has_twelve_weeks_and_shares_of_what_went_out(repo: Repository) -> None:
    earlier = Week.parse("2026-W45", BERLIN)
    a = repo.add(Post("x", at(9, day=-21), PostKind.PROMO, text="Buy"))
    b = repo.add(Post("x", at(10, day=-21), PostKind.CURATED, text="Read", link="https://e.org"))
    repo.add(Post("x", at(11, day=-21), PostKind.CURATED, text="Not posted"))
    daily.mark_posts(repo, [a.id or 0, b.id or 0], PostStatus.POSTED, at(12, day=-21))
    points = trend(repo, WEEK, at(12))
    assert points[0].week.label == "2026-W37" and points[-1].week == WEEK and len(points) == 12
    week45 = next(p for p in points if p.week == earlier)
    assert (week45.promo_share, week45.curated_share, week45.posted, week45.planned) == (0.5, 0.5, 2, 3)
    assert points[-1].promo_share is None  # nothing went out this week


def test_an_older_read_only_file_has_no_marks_and_reviews_from_status(tmp_path, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    repo.add(post("x", 9, status=PostStatus.POSTED))
    repo.conn.execute("DROP TABLE post_marks")
    repo.conn.execute("PRAGMA user_version = 4")
    repo.close()
    old = Repository.open(repo.path, readonly=True)  # type: ignore[arg-type]
    try:
        assert not old.has_marks and old.post_marks([1]) == {}
        assert review_week(old, WEEK, at(12)).to_json()["platforms"]["x"]["posted"] == 1
    finally:
        old.close()
