"""Showing a week stays cheap in a ten-year file: every query it runs searches an index,
and a routine ticked daily for years brings only the week's marks."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.domain.items import Activity, Post, PostKind, PostStatus, Slot
from app.domain.weeks import Week
from app.domain.zones import to_epoch
from app.services import edits
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)
TICKS = 3_700  # every day from 2 January 2017 to February 2027


def _ten_years(repo: Repository) -> Slot:
    """Posts over ten years, many ended series, and a daily routine ticked since 2017."""
    first = datetime(2017, 1, 2, 9, tzinfo=BERLIN)
    items: list[Post | Slot] = []
    for n in range(520):
        start = first + timedelta(weeks=n)
        items.append(Post("x", start, PostKind.OWN, PostStatus.POSTED, f"post {n}"))
        items.append(Slot("x", start, 15, Activity.REPLY, "FREQ=DAILY;COUNT=5"))
    repo.add_many(items)
    routine = repo.add(Slot("mastodon", first.replace(hour=8), 20, Activity.REPLY, "FREQ=DAILY"))
    ticks = [(routine.id, to_epoch(first.replace(hour=8) + timedelta(days=d))) for d in range(TICKS)]
    with repo.transaction() as tx:
        tx.executemany("INSERT INTO slot_done (item_id, occurrence_utc) VALUES (?, ?)", ticks)
    assert isinstance(routine, Slot)
    return routine


def _statements(repo: Repository, week: Week) -> list[str]:
    """The SELECTs `load_plan` runs, with their values filled in."""
    seen: list[str] = []
    repo.conn.set_trace_callback(seen.append)
    try:
        repo.load_plan(week)
    finally:
        repo.conn.set_trace_callback(None)
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_every_query_of_a_week_searches_an_index_and_none_walks_a_table(repo: Repository) -> None:
    _ten_years(repo)
    repo.conn.execute("ANALYZE")
    statements = _statements(repo, WEEK)
    assert any("FROM items" in s for s in statements)
    assert any("FROM slot_done" in s for s in statements)
    for sql in statements:
        plan = [row[3] for row in repo.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        small = ("accounts", "platforms", "goals", "settings", "post_extras")
        walks = [step for step in plan if step.startswith("SCAN")
                 and not any(f"SCAN {table}" in step for table in small)]
        # A SCAN of items or slot_done reads rows of every year; the week needs a search.
        assert not walks, f"{sql}\n{plan}"
    items_plan = " ".join(row[3] for sql in statements if "FROM items" in sql
                          for row in repo.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "items_by_start" in items_plan and "items_recurring_by_end" in items_plan


def test_a_week_reads_only_its_own_done_marks_and_an_edit_keeps_the_others(repo: Repository) -> None:
    routine = _ten_years(repo)
    plan = repo.load_plan(WEEK)
    shown = next(s for s in plan_slots(plan) if s.id == routine.id)
    low, high = WEEK.start - plan.margin, WEEK.end + plan.margin
    assert shown.done and all(low <= d < high for d in shown.done)
    assert len(shown.done) <= 13  # the week and its 72-hour margins, not ten years
    assert all(o.done for o in plan.week_occurrences() if o.id == routine.id)
    # Unticking one occurrence of this week (an edit) leaves every other year's ticks.
    occurrence = next(o for o in plan.week_occurrences() if o.id == routine.id)
    edits.set_occurrence_done(repo, routine.id, occurrence.start, False)
    whole = repo.get(routine.id)
    assert isinstance(whole, Slot)
    assert len(whole.done) == TICKS - 1


def plan_slots(plan: object) -> list[Slot]:
    return list({o.slot.id: o.slot for o in plan.occurrences}.values())  # type: ignore[attr-defined]
