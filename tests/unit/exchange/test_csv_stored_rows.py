"""A bulk export from plain rows writes exactly the file the Post-based writer writes."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.exchange.csv_format import write_csv, write_stored_csv
from app.storage.repository import Repository
from bench import make_db

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def both(repo: Repository, start: datetime, end: datetime) -> tuple[str, str]:
    posts, slots = repo.items_between(start, end)
    occurrences = expand(slots, start, end)
    objects, rows = io.StringIO(), io.StringIO()
    write_csv(objects, posts, occurrences, bom=True)
    write_stored_csv(rows, repo.post_rows_between(start, end),
                     expand(repo.slots_between(start, end), start, end), bom=True)
    return objects.getvalue(), rows.getvalue()


def test_a_year_of_a_realistic_archive_exports_the_same_either_way(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    make_db.build(3_000, path)
    with Repository.open(path) as repo:
        week = Week.parse("2026-W01", BERLIN)
        by_objects, by_rows = both(repo, week.start, week.shifted(52).start)
    assert by_objects.count("\r\n") > 300
    assert by_rows == by_objects


def test_awkward_posts_export_the_same_either_way(repo: Repository) -> None:
    at = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # the hour that happens twice
    repo.add_many([
        Post("x", at, PostKind.PROMO, PostStatus.IDEA, "=HYPERLINK(\"x\")", "+1 link",
             ("", "launch", "", "course"), "@notes", "ana"),
        Post("x", at.replace(fold=1), PostKind.OWN, text="-second 2:30", account="ana"),
        Post("mastodon", datetime(2026, 10, 25, 9, tzinfo=TOKYO), PostKind.CURATED,
             PostStatus.POSTED, "東京 👣", "https://example.org/a?utm_source=x"),
        Slot("mastodon", datetime(2026, 10, 19, 8, 30, tzinfo=BERLIN), 20, Activity.REPLY,
             "FREQ=DAILY", "=reply first"),
        Slot("x", at, 15, Activity.LISTEN),
    ])
    # Tags written by another program, with empty entries.
    repo.conn.execute("UPDATE items SET tags = ';travel;;walking;' WHERE text LIKE '東京%'")
    week = Week.parse("2026-W43", BERLIN)
    by_objects, by_rows = both(repo, week.start, week.end)
    assert "'=HYPERLINK" in by_rows and "launch;course" in by_rows and "東京" in by_rows
    assert ",travel;walking," in by_rows
    assert by_rows == by_objects
