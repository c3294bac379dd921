"""The week model alone, without a view: cards per day, badges, find, drag payloads."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt

from app.domain.weeks import Week
from app.rules.engine import lint
from app.storage.repository import Repository
from app.ui.week_model import MIME_TYPE, CardRole, WeekModel

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = "2026-W48"  # the demo week of the demo_repo fixture


def model_for(repo: Repository) -> WeekModel:
    plan = repo.load_plan(Week.parse(WEEK, BERLIN))
    model = WeekModel()
    model.set_plan(plan, lint(plan))
    return model


def test_each_day_holds_its_cards_in_time_order(demo_repo: Repository) -> None:
    model = model_for(demo_repo)
    assert [m.day for m in model.days] == [date(2026, 11, 23 + i) for i in range(7)]
    for day in model.days:
        starts = [day.index(r, 0).data(CardRole.START) for r in range(day.rowCount())]
        assert starts == sorted(starts)
        assert all(s.date() == day.day for s in starts)
    assert day.rowCount(day.index(0, 0)) == 0  # a list: no children


def test_the_worst_finding_gives_the_badge(demo_repo: Repository) -> None:
    model = model_for(demo_repo)
    wednesday = model.days[2]
    severities = {wednesday.card(r).post.platform if wednesday.card(r).post else "slot":
                  wednesday.index(r, 0).data(CardRole.SEVERITY) for r in range(wednesday.rowCount())}
    assert severities["x"] == "error"


def test_find_keeps_only_matching_cards(demo_repo: Repository) -> None:
    model = model_for(demo_repo)
    model.set_filter("mastodon reply")
    shown = [c for d in model.days for c in d.cards()]
    assert shown and all(c.is_slot and c.platform.id == "mastodon" for c in shown)


def test_a_drag_carries_the_item_ids_and_its_day(demo_repo: Repository) -> None:
    model = model_for(demo_repo)
    tuesday = model.days[1]
    post_row = next(r for r in range(tuesday.rowCount()) if not tuesday.card(r).is_slot)
    mime = tuesday.mimeData([tuesday.index(post_row, 0)])
    assert mime.hasFormat(MIME_TYPE)
    moves: list[tuple[int, date]] = []
    model.days[4].move_requested.connect(lambda item, day: moves.append((item, day)))
    model.days[4].dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert moves == [(tuesday.card(post_row).item_id, date(2026, 11, 27))]


def test_a_cards_tooltip_counts_its_findings_in_words(demo_repo: Repository) -> None:
    model = model_for(demo_repo)
    tips = {model.days[c].card(r).finding_count: model.days[c].index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
            for c in range(7) for r in range(model.days[c].rowCount())}
    assert "\n1 finding: " in tips[1]
    many = max(tips)
    assert many > 1 and f"\n{many} findings: " in tips[many]
    assert not any("(s)" in tip for tip in tips.values())
