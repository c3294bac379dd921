"""A realistic sample week for a solo blogger, with a few deliberate megaphone habits.

Ana writes a slow-travel blog and plans on Mastodon, LinkedIn, X and Instagram. Her
Mastodon week is a good conversation; the rest shows what Presence warns about: a
launch pushed too hard on LinkedIn, the same link again and again on X, no time kept
for Instagram, a promo from her personal account and a post too long for X.
"""

from __future__ import annotations

from datetime import time, timedelta

from app.domain.items import (
    Account,
    AccountUse,
    Activity,
    Goal,
    GoalMetric,
    Post,
    PostKind,
    PostStatus,
    Slot,
)
from app.domain.weeks import Week
from app.domain.zones import local
from app.storage.repository import Repository

BLOG = "https://www.slowroads.blog"
GUIDE = f"{BLOG}/lisbon-on-foot"
COURSE = f"{BLOG}/shop/photo-walks-course"


def demo_items(week: Week) -> list[Post | Slot]:
    """The sample week's posts and slots, placed on `week`'s days in its zone."""
    zone = week.zone
    day = week.monday

    def at(offset: int, hh: int, mm: int = 0):  # type: ignore[no-untyped-def]
        return local(day + timedelta(days=offset), time(hh, mm), zone)

    P, S = Post, Slot
    K, St, A = PostKind, PostStatus, Activity
    return [
        # Mastodon: a conversation, with time kept every weekday morning.
        S("mastodon", at(0, 8, 30), 20, A.REPLY, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
          "Answer replies and mentions before writing."),
        P("mastodon", at(0, 9), K.CONVERSATION, St.SCHEDULED,
          "Which city surprised you most on foot? Mine was Porto: every hill had a view.",
          tags=("travel", "question")),
        P("mastodon", at(1, 12), K.CURATED, St.SCHEDULED,
          "Lovely essay on walking as a way of seeing a city; the part on getting lost is gold.",
          "https://walkingcities.example.org/essays/getting-lost", ("walking",)),
        P("mastodon", at(2, 9, 15), K.OWN, St.SCHEDULED,
          "New on the blog: Lisbon on foot, seven walks and where to rest your legs.",
          f"{GUIDE}?utm_source=mastodon", ("lisbon",)),
        P("mastodon", at(3, 17), K.CURATED, St.DRAFT,
          "", "https://photo.example.net/blue-hour-guide"),
        S("mastodon", at(4, 16), 30, A.LISTEN, None, "Read the #slowtravel tag; boost three posts."),
        # LinkedIn: the course launch pushed too hard, and no time kept to answer.
        P("linkedin", at(0, 8), K.PROMO, St.SCHEDULED,
          "My photo-walks course opens today! Early-bird price until Friday.", COURSE,
          ("launch",), account="ana-lopes"),
        P("linkedin", at(1, 8), K.PROMO, St.SCHEDULED,
          "Only a few early-bird places left in the photo-walks course.", COURSE, ("launch",),
          account="ana-lopes"),
        P("linkedin", at(2, 12), K.OWN, St.SCHEDULED,
          "What five years of travel blogging taught me about saying no to sponsors.",
          f"{BLOG}/saying-no", account="ana-lopes"),
        P("linkedin", at(3, 8), K.PROMO, St.IDEA,
          "Last call: early-bird ends tomorrow.", COURSE, ("launch",), account="ana-lopes"),
        S("linkedin", at(2, 13), 15, A.COMMENT, None, "Comment on three posts from my network."),
        # X: the same guide link again and again, a burst, and a post too long for X.
        P("x", at(2, 9, 16), K.OWN, St.SCHEDULED, "Lisbon on foot: seven walks.",
          f"{GUIDE}?utm_source=x", account="slowroads"),
        P("x", at(2, 9, 30), K.PROMO, St.SCHEDULED, "Seven walks in Lisbon, read it now!",
          GUIDE, account="slowroads"),
        P("x", at(2, 9, 50), K.PROMO, St.SCHEDULED, "In case you missed it: Lisbon on foot.",
          "http://slowroads.blog/lisbon-on-foot/", account="slowroads"),
        P("x", at(2, 10), K.PROMO, St.SCHEDULED, "Lisbon walks, the full guide.",
          GUIDE, account="slowroads"),
        P("x", at(4, 18), K.PROMO, St.DRAFT,
          "The photo-walks course is open: eight lessons on finding light in a city, "
          "composing in crowds, shooting at blue hour without a tripod, editing on the road, "
          "and building a small daily habit of looking. Early-bird price until Friday, and a "
          "free first lesson for everyone on the newsletter. Join us and see your own street "
          "anew this winter.", COURSE, account="ana-personal"),
        P("x", at(5, 11), K.CURATED, St.SCHEDULED, "",
          "https://walkingcities.example.org/essays/getting-lost", account="slowroads"),
        S("x", at(3, 19), 15, A.REPLY, None, "Reply to mentions."),
        # Instagram: posts, but no time kept to answer comments.
        P("instagram", at(1, 19), K.OWN, St.SCHEDULED,
          "Blue hour over Alfama. Full walk on the blog (link in bio).", tags=("lisbon",)),
        P("instagram", at(5, 10), K.PROMO, St.SCHEDULED,
          "Learn to shoot like this: the photo-walks course is open.", COURSE),
        P("instagram", at(6, 10), K.CONVERSATION, St.IDEA,
          "Your favourite street photo of the week? Tag me, I'll share my three favourites."),
        # A post already skipped never counts.
        P("mastodon", at(6, 20), K.PROMO, St.SKIPPED, "Course reminder.", COURSE),
    ]


def demo_accounts() -> list[Account]:
    return [
        Account("linkedin", "ana-lopes", AccountUse.BUSINESS),
        Account("x", "slowroads", AccountUse.BUSINESS),
        Account("x", "ana-personal", AccountUse.PERSONAL),
        Account("mastodon", "ana@travel.social", AccountUse.PERSONAL),
    ]


def demo_goals(week: Week) -> list[Goal]:
    return [
        Goal(week.label, "linkedin", 10, Activity.COMMENT.value, GoalMetric.AT_LEAST),
        Goal(week.label, "x", 2, PostKind.PROMO.value, GoalMetric.AT_MOST),
        Goal(week.label, "mastodon", 2, PostKind.CURATED.value, GoalMetric.AT_LEAST),
    ]


def fill_demo(repo: Repository, week: Week) -> int:
    """Add the demo week unless the week is already planned; returns items added."""
    posts, slots = repo.items_between(week.start, week.end)
    if posts or any(not s.rrule for s in slots):
        return 0
    for account in demo_accounts():
        repo.save_account(account)
    added = repo.add_many(demo_items(week))
    for goal in demo_goals(week):
        repo.save_goal(goal)
    return len(added)
