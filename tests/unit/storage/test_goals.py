"""Standing goals: they hold every week from their first until removed; a week's own goal wins."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.domain.items import Goal, GoalMetric
from app.domain.weeks import Week
from app.storage import database, schema
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")


def standing(platform: str, target: int, subject: str, since: str,
             metric: GoalMetric = GoalMetric.AT_LEAST) -> Goal:
    return Goal(since, platform, target, subject, metric, since=since)


def test_a_standing_goal_holds_from_its_first_week_on(repo: Repository) -> None:
    goal = repo.save_goal(standing("linkedin", 10, "comment", "2026-W48"))
    assert goal.standing and goal.id is not None
    assert repo.goals("2026-W47") == []
    for week in ("2026-W48", "2026-W49", "2027-W10"):
        [held] = repo.goals(week)
        assert (held.id, held.week, held.since, held.target) == (goal.id, week, "2026-W48", 10)
    row = repo.conn.execute("SELECT week, since FROM goals WHERE id = ?", (goal.id,)).fetchone()
    assert row == (None, "2026-W48")


def test_a_goal_for_one_week_overrides_the_standing_one_of_the_same_thing(repo: Repository) -> None:
    repo.save_goal(standing("x", 2, "promo", "2026-W40", GoalMetric.AT_MOST))
    other_bound = repo.save_goal(standing("x", 1, "promo", "2026-W40", GoalMetric.AT_LEAST))
    launch = repo.save_goal(Goal("2026-W48", "x", 4, "promo", GoalMetric.AT_MOST))
    in_force = repo.goals("2026-W48")
    assert {(g.id, g.target, g.standing) for g in in_force} == {
        (launch.id, 4, False), (other_bound.id, 1, True)}
    # The week after, the standing cap is back.
    assert {g.target for g in repo.goals("2026-W49") if g.metric is GoalMetric.AT_MOST} == {2}


def test_the_plan_the_rules_read_holds_standing_goals(repo: Repository) -> None:
    repo.save_goal(standing("mastodon", 3, "reply", "2026-W45"))
    plan = repo.load_plan(Week.parse("2026-W48", BERLIN))
    assert [(g.platform, g.week, g.subject) for g in plan.goals] == [("mastodon", "2026-W48", "reply")]


def test_removing_a_standing_goal_removes_it_from_every_week(repo: Repository) -> None:
    goal = repo.save_goal(standing("mastodon", 3, "reply", "2026-W45"))
    assert repo.goal(goal.id or 0) == goal
    repo.delete_goal(goal.id or 0)
    assert repo.goals("2026-W45") == [] and repo.goals("2030-W01") == []
    assert repo.goal(goal.id or 0) is None


def test_a_read_only_schema_2_file_has_no_standing_goals(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    old = database.open_database(db_path)
    old.execute("INSERT INTO goals (week, platform, subject, metric, target)"
                " VALUES ('2026-W48', 'x', 'promo', 'at_most', 2)")
    old.close()
    monkeypatch.undo()
    with Repository.open(db_path, readonly=True) as repo:  # as `presence goal list` opens it
        assert [(g.week, g.target) for g in repo.goals("2026-W48")] == [("2026-W48", 2)]
        assert repo.standing_goals() == []
    check = sqlite3.connect(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    check.close()
