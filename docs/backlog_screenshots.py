"""Retake the README's backlog screenshots: a week half planned, the ideas backlog above it
and the free posting times marked in the days, light and dark (1100x700).

    xvfb-run -a -s '-screen 0 1920x1200x24' .venv/bin/python docs/backlog_screenshots.py docs/

Writes backlog.png and backlog-dark.png, on a fresh database in a temporary folder. The
week is 2027-W03: free posting times are marked only while they are still to come.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication
from shots import main_window, settle, start, use_palette

WEEK = "2027-W03"
IDEAS = (
    ("x", "own", "Five things I learned walking the coast road", "https://slowroads.blog/coast"),
    ("x", "curated", "This essay on slow travel is worth your morning", "https://example.org/slow"),
    ("mastodon", "conversation", "What is the road you keep coming back to?", ""),
    ("linkedin", "own", "How I plan a photo walk in 20 minutes", "https://slowroads.blog/plan"),
    ("x", "curated", "Old bridges, and why they last: a photo series", "https://example.net/bridges"),
    ("linkedin", "curated", "A good read on slow work, with a note of mine", "https://example.com/work"),
    ("x", "promo", "The photo-walks course opens in March", "https://slowroads.blog/course"),
)


def plan(repo: object, week: object) -> None:
    from app.domain.ideas import Idea, parse_posting_times
    from app.domain.items import Activity, Post, PostKind, Slot
    from app.domain.zones import local
    from app.services import planning
    from app.storage import backlog

    zone = week.zone  # type: ignore[attr-defined]
    monday = week.monday  # type: ignore[attr-defined]

    def at(day: int, hour: int, minute: int = 0) -> object:
        return local(monday + timedelta(days=day), time(hour, minute), zone)

    for item in (
        Slot("x", at(0, 17), 20, Activity.REPLY, "FREQ=DAILY"),
        Slot("linkedin", at(0, 12, 30), 15, Activity.COMMENT, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        Slot("mastodon", at(0, 8, 30), 15, Activity.LISTEN, "FREQ=DAILY"),
        Post("x", at(0, 9), PostKind.OWN, text="Rain on the ridge: a walk in photos",
             link="https://slowroads.blog/rain"),
        Post("linkedin", at(1, 8, 30), PostKind.OWN, text="What a year of slow travel taught me "
             "about planning less"),
        Post("x", at(2, 13), PostKind.CURATED, text="Lovely piece on walking cities at dawn",
             link="https://example.org/dawn"),
        Post("mastodon", at(3, 12), PostKind.CONVERSATION, text="Which small town surprised you?"),
    ):
        repo.add(item)  # type: ignore[attr-defined]
    backlog.add_ideas(repo, [Idea(p, PostKind(k), t, link) for p, k, t, link in IDEAS])  # type: ignore[arg-type]
    for pid, text in (("x", "mon-fri 09:00,13:00"), ("linkedin", "tue,thu 08:30"),
                      ("mastodon", "mon,wed,fri 12:00")):
        planning.set_posting_times(repo, pid, parse_posting_times(text))  # type: ignore[arg-type]


def shoot(app: QApplication, folder: Path, dark: bool) -> Path:
    from app.domain.weeks import Week
    from app.domain.zones import get_zone
    from app.storage.repository import Repository

    use_palette(app, dark)
    target = folder / ("backlog-dark.png" if dark else "backlog.png")
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "presence.db")
        repo.set_setting("zone", "Europe/Berlin")
        week = Week.parse(WEEK, get_zone("Europe/Berlin"))
        plan(repo, week)
        window = main_window(repo, tmp, week, 1100, 700)
        settle(app)
        window.grab().save(str(target))
        window.close()
        repo.close()
    return target


def main(folder: str) -> None:
    app, out = start(folder)
    for dark in (False, True):
        print(shoot(app, out, dark))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
