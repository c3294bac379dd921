"""Retake the README's daily-loop screenshots: the Today panel and the weekly review.

    xvfb-run -a -s '-screen 0 1920x1200x24' .venv/bin/python docs/daily_screenshots.py docs/

(or QT_QPA_PLATFORM=offscreen). On a fresh database in a temporary folder: eleven weeks
of history played with marks (posted, skipped, missed, slots done) and the demo week
2026-W48. today.png is the window at Tuesday 24 November 12:30, review.png the review of
that week once it is over; the -dark variants use a dark palette. The clock is injected,
so the pictures do not depend on the day they are taken.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication
from shots import main_window, settle, start, use_palette

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = "2026-W48"


def history(repo, week) -> None:  # type: ignore[no-untyped-def]
    """Eleven weeks before `week`: less promotion and more engagement as the weeks go."""
    from app.domain.items import Activity, Goal, GoalMetric, Post, PostKind, PostStatus, Slot
    from app.services import daily

    kinds = [PostKind.OWN, PostKind.CURATED, PostKind.CONVERSATION, PostKind.CURATED]
    repo.save_goal(Goal(week.shifted(-11).label, "mastodon", 2, "curated", GoalMetric.AT_LEAST,
                        since=week.shifted(-11).label))
    repo.save_goal(Goal(week.shifted(-11).label, "x", 2, "promo", GoalMetric.AT_MOST,
                        since=week.shifted(-11).label))
    repo.save_goal(Goal(week.shifted(-6).label, "linkedin", 3, "comment", GoalMetric.AT_LEAST,
                        since=week.shifted(-6).label))
    for back in range(11, 0, -1):
        w = week.shifted(-back)
        n = 11 - back  # 0 (oldest) .. 10
        promos = 3 if n < 4 else 2 if n < 8 else 1
        ids_posted, ids_skipped = [], []
        for i in range(promos + 5):
            kind = PostKind.PROMO if i < promos else kinds[(i + n) % 4]
            platform = ("x", "mastodon", "linkedin")[i % 3]
            start = datetime.combine(w.days[i % 5], datetime.min.time(), BERLIN).replace(hour=9 + i % 4)
            p = repo.add(Post(platform, start, kind, text=f"Week {n} post {i}", link="https://slowroads.blog"))
            if (i + n) % 7 == 3:
                ids_skipped.append(p.id)
            elif (i + n) % 5 != 1 or n > 7:
                ids_posted.append(p.id)
        when = datetime.combine(w.days[4], datetime.min.time(), BERLIN).replace(hour=18)
        daily.mark_posts(repo, ids_posted, PostStatus.POSTED, when)
        daily.mark_posts(repo, ids_skipped, PostStatus.SKIPPED, when, reason="No time today")
        slot = repo.add(Slot("linkedin", datetime.combine(w.days[0], datetime.min.time(), BERLIN)
                             .replace(hour=13), 15, Activity.COMMENT, "FREQ=DAILY;COUNT=5"))
        for d in range(min(5, 1 + n // 2)):
            daily.mark_done(repo, slot.id or 0,
                            datetime.combine(w.days[d], datetime.min.time(), BERLIN).replace(hour=13))


def shoot(app: QApplication, folder: Path, dark: bool) -> None:
    from app.domain.items import PostStatus
    from app.domain.weeks import Week
    from app.services import daily
    from app.services.demo import fill_demo
    from app.storage.repository import Repository

    use_palette(app, dark)
    suffix = "-dark" if dark else ""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "presence.db")
        repo.set_setting("zone", "Europe/Berlin")
        week = Week.parse(WEEK, BERLIN)
        fill_demo(repo, week)  # first: its items are 1..22
        history(repo, week)
        # Monday went as planned; Tuesday's 08:00 post is out, with its address.
        mon = datetime(2026, 11, 23, tzinfo=BERLIN)
        daily.mark_posts(repo, [2, 7], PostStatus.POSTED, mon.replace(hour=9, minute=3),
                         "https://mastodon.social/@ana/1")
        daily.mark_done(repo, 1, mon.replace(hour=8, minute=30))
        tue = mon + timedelta(days=1)
        daily.mark_posts(repo, [8], PostStatus.POSTED, tue.replace(hour=8, minute=4),
                         "https://www.linkedin.com/feed/update/urn:li:activity:1")
        repo.record_notices([], tue.replace(hour=8, minute=20), tue.replace(hour=8, minute=20))
        clock = {"now": tue.replace(hour=12, minute=30)}
        window = main_window(repo, tmp, week, 1280, 800, clock=lambda: clock["now"])
        settle(app)
        window.grab().save(str(folder / f"today{suffix}.png"))
        print(folder / f"today{suffix}.png")

        # The rest of the week, played: then its review.
        daily.mark_posts(repo, [3, 4, 9, 12, 13, 17, 19], PostStatus.POSTED, tue + timedelta(days=1))
        daily.mark_posts(repo, [14], PostStatus.SKIPPED, tue + timedelta(days=1),
                         reason="Too much promotion this week")
        for d in range(1, 5):
            daily.mark_done(repo, 1, (mon + timedelta(days=d)).replace(hour=8, minute=30))
        daily.mark_done(repo, 11, (mon + timedelta(days=2)).replace(hour=13))
        clock["now"] = datetime(2026, 11, 30, 9, tzinfo=BERLIN)
        dialog = window.daily.open_review()
        dialog.resize(900, 780)
        settle(app)
        dialog.grab().save(str(folder / f"review{suffix}.png"))
        print(folder / f"review{suffix}.png")
        dialog.close()
        window.close()
        repo.close()


def main(folder: str) -> None:
    app, out = start(folder)
    for dark in (False, True):
        shoot(app, out, dark)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
