"""Composing for each platform: threads counted part by part, hashtags, links, the first
comment and alt text (SPEC section 9)."""

from __future__ import annotations

from dataclasses import replace

from app.domain.items import join_thread
from app.rules.compose import hashtags


def _with(plan, post_id: int, **changes) -> None:  # type: ignore[no-untyped-def]
    plan.posts = [replace(p, **changes) if p.id == post_id else p for p in plan.posts]


def test_each_part_of_a_thread_is_counted_on_its_own(plan) -> None:
    fits = plan.post("x", plan.at(0, 9), text=join_thread(["a" * 280, "b" * 280, "c" * 10]))
    over = plan.post("x", plan.at(1, 9), text=join_thread(["a" * 200, "b" * 281]))
    found = plan.run("text-limit")
    assert [f.items for f in found] == [(over,)]
    assert found[0].message.startswith("Part 2 of 2 of the X thread on Tuesday 09:00 is 281 characters")
    assert found[0].suggestion == "Cut 1 character from part 2, or split the thread again."
    assert fits not in found[0].items


def test_a_thread_on_a_platform_without_threads_is_one_text(plan) -> None:
    # LinkedIn has no threads: a "---" line is part of the text and counts
    plan.post("linkedin", plan.at(0, 9), text=join_thread(["a" * 2000, "b" * 1000]))
    assert len(plan.run("text-limit")) == 1


def test_the_link_field_goes_with_the_first_part(plan) -> None:
    link = "https://slowroads.blog/lisbon"
    plan.post("x", plan.at(0, 9), text=join_thread(["a" * 257, "b" * 280]), link=link)  # 257 + 24
    found = plan.run("text-limit")
    assert len(found) == 1 and found[0].message.startswith("Part 1 of 2")


def test_hashtags_are_counted_as_platforms_link_them() -> None:
    assert hashtags("#lisbon #slow_travel and #1 and a#b, #café ＃walk") == [
        "#lisbon", "#slow_travel", "#café", "＃walk"]


def test_instagram_takes_five_hashtags_and_the_limit_is_the_users(plan) -> None:
    five = plan.post("instagram", plan.at(0, 9), text="Walks #a #b #c #d #e")
    six = plan.post("instagram", plan.at(1, 9), text="Walks #a #b #c #d #e #f")
    plan.post("x", plan.at(2, 9), text="#a #b #c #d #e #f #g")  # X has no hashtag limit
    found = plan.run("hashtag-limit")
    assert [f.items for f in found] == [(six,)] and five not in found[0].items
    assert found[0].severity == "error"
    assert found[0].message == ("The Instagram post on Tuesday 09:00 has 6 hashtags; "
                                "Instagram takes at most 5.")
    assert found[0].suggestion == "Keep the 5 hashtags that say most and drop 1."
    plan.platforms["instagram"] = plan.platforms["instagram"].with_(hashtag_limit=10)
    assert plan.run("hashtag-limit") == []
    plan.platforms["x"] = plan.platforms["x"].with_(hashtag_limit=3)
    assert len(plan.run("hashtag-limit")) == 1


def test_threads_takes_five_links(plan) -> None:
    links = " ".join(f"https://site{n}.example.com/page" for n in range(5))
    fine = plan.post("threads", plan.at(0, 9), text=f"Five: {links}")
    over = plan.post("threads", plan.at(1, 9), text=f"Five: {links}", link="https://slowroads.blog/walks")
    bare = plan.post("threads", plan.at(2, 9), text="Six: " + " ".join(f"site{n}.com" for n in range(6)))
    found = plan.run("link-limit")
    assert [f.items for f in found] == [(over,), (bare,)]
    assert fine not in {i for f in found for i in f.items}
    assert found[0].message == "The Threads post on Tuesday 09:00 carries 6 links; Threads takes at most 5."


def test_a_first_comment_over_its_limit(plan) -> None:
    ok = plan.post("instagram", plan.at(0, 9))
    long = plan.post("linkedin", plan.at(1, 9))
    _with(plan, ok, first_comment="x" * 2200)
    _with(plan, long, first_comment="x" * 1300)
    found = plan.run("first-comment")
    assert [f.items for f in found] == [(long,)]
    assert "1,300 characters long, 50 over the 1,250 LinkedIn takes in a comment" in found[0].message
    assert found[0].suggestion == "Cut 50 characters from the first comment."


def test_an_image_without_alt_text_is_a_note(plan) -> None:
    bare = plan.post("mastodon", plan.at(0, 9))
    described = plan.post("mastodon", plan.at(1, 9))
    plan.post("mastodon", plan.at(2, 9))  # no image: nothing to describe
    _with(plan, bare, has_image=True, alt_text="  ")
    _with(plan, described, has_image=True, alt_text="A tram climbing a hill in Lisbon.")
    found = plan.run("alt-text")
    assert [f.items for f in found] == [(bare,)] and found[0].severity == "info"
    assert found[0].message == "The Mastodon post on Monday 09:00 will carry an image without alt text."
