"""The benchmark databases look like a blogger's ten years, and Presence reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.weeks import Week
from app.domain.zones import get_zone
from app.storage.repository import Repository
from bench import make_db


def test_a_built_database_spreads_posts_and_slots_over_ten_years(tmp_path: Path) -> None:
    path = tmp_path / "bench.db"
    make_db.build(2_000, path)
    with Repository.open(path, readonly=True) as repo:
        assert repo.count() == 2_000
        rows = repo.conn.execute(
            "SELECT type, count(*), min(start_utc), max(start_utc), count(DISTINCT platform),"
            " count(rrule), count(last_utc) FROM items GROUP BY type ORDER BY type").fetchall()
        posts, slots = rows
        assert posts[0] == "post" and posts[1] > slots[1] > 100
        years = (max(posts[3], slots[3]) - min(posts[2], slots[2])) / (365.25 * 86400)
        assert 9.5 < years <= 10.1
        assert posts[4] >= 8
        assert slots[5] >= 4  # repeating slots, some of them ended (last_utc known)
        assert 0 < slots[6] < slots[5]
        linked = repo.conn.execute("SELECT count(*) FROM items WHERE link <> ''").fetchone()[0]
        assert linked > posts[1] // 3
        week = Week.parse(make_db.BENCH_WEEK, get_zone(make_db.ZONE_NAME))
        plan = repo.load_plan(week)
        assert plan.week_posts() and plan.week_occurrences()


def test_the_cache_is_keyed_by_size_and_schema_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESENCE_BENCH_CACHE", str(tmp_path))
    first = make_db.database(1_000, quiet=True)
    assert first.parent == tmp_path and "1000" in first.name and "schema" in first.name
    stamp = first.stat().st_mtime_ns
    assert make_db.database(1_000, quiet=True) == first
    assert first.stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob(".*tmp*"))


def test_the_bench_weeks_are_realistic_whatever_the_size_with_ten_years_of_ticks(tmp_path: Path) -> None:
    zone = get_zone(make_db.ZONE_NAME)
    for size in (1_000, 60_000):
        path = tmp_path / f"bench-{size}.db"
        make_db.build(size, path)
        with Repository.open(path, readonly=True) as repo:
            for label in (make_db.REALISTIC_WEEKS[0], make_db.BENCH_WEEK):
                plan = repo.load_plan(Week.parse(label, zone))
                assert 100 <= len(plan.week_posts()) + len(plan.week_occurrences()) <= 160
            stress = repo.load_plan(Week.parse(make_db.STRESS_WEEK, zone))
            in_stress = len(stress.week_posts()) + len(stress.week_occurrences())
            assert (in_stress > 1_300) == (size >= make_db.STRESS_MIN_SIZE)
            # Five daily routines begun in 2017, each ticked on most days since.
            routines = repo.conn.execute(
                "SELECT i.id, count(*), min(d.occurrence_utc) FROM items i JOIN slot_done d"
                " ON d.item_id = i.id WHERE i.rrule = 'FREQ=DAILY' GROUP BY i.id").fetchall()
            assert len(routines) == make_db.ROUTINES
            assert all(2_000 < count < 3_600 for _, count, _ in routines)


def test_every_figure_goes_to_json_with_its_baseline_and_budget() -> None:
    from bench.__main__ import Figure

    ratio = Figure("cold start", 1_000, 150.0, "ms", 100.0, 1.5)
    limit = Figure("switch", 1_000, 20.0, "ms", None, 16, floor=12.0)
    assert ratio.to_json()["baseline"] == 100.0 and ratio.to_json()["budget_kind"] == "ratio"
    assert ratio.to_json()["met"] is True
    assert limit.to_json()["floor"] == 12.0 and limit.to_json()["met"] is False
    assert limit.verdict() == "missed by 25%"
