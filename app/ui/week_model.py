"""The week as seven list models of cards (posts and slot occurrences), one per day.

Models are adapters: `WeekModel.set_plan()` builds the cards from a WeekPlan and its
findings, each `DayModel` holds its day's cards in time order, and a delegate paints them.
Dropping a card on another day asks (by signal) for a move; the window does the edit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.domain.items import Occurrence, Post
from app.domain.plan import WeekPlan
from app.domain.platforms import Platform

MIME_TYPE = "application/x-presence-items"
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

ModelIndex = QModelIndex | QPersistentModelIndex
_CARD = Qt.ItemDataRole.UserRole + 1
_IS_SLOT = Qt.ItemDataRole.UserRole + 3


class CardRole(IntEnum):
    """Named roles a delegate, a test or another view reads cards by."""

    CARD = Qt.ItemDataRole.UserRole + 1
    ITEM_ID = Qt.ItemDataRole.UserRole + 2
    IS_SLOT = Qt.ItemDataRole.UserRole + 3
    SEVERITY = Qt.ItemDataRole.UserRole + 4
    START = Qt.ItemDataRole.UserRole + 5


@dataclass(frozen=True, slots=True)
class Card:
    """One thing on a day: a post, or one occurrence of an engagement slot."""

    item_id: int
    start: datetime  # in the week's zone
    platform: Platform
    post: Post | None = None
    occurrence: Occurrence | None = None
    severity: str | None = None  # the worst finding naming this item
    finding_count: int = 0

    @property
    def is_slot(self) -> bool:
        return self.occurrence is not None

    @property
    def draggable(self) -> bool:
        """Every card; for a repeating slot the window asks which occurrences move."""
        return True

    @property
    def repeats(self) -> bool:
        return self.occurrence is not None and bool(self.occurrence.slot.rrule)

    def summary(self) -> str:
        """One line for screen readers, tooltips and find."""
        when = f"{self.start:%H:%M}"
        if self.post is not None:
            p = self.post
            text = p.text or p.link or "(no text yet)"
            return f"{when} {self.platform.name} {p.kind.value} post, {p.status.value}: {text}"
        assert self.occurrence is not None
        done = ", done" if self.occurrence.done else ""
        return (f"{when} {self.platform.name} {self.occurrence.activity.value} slot, "
                f"{self.occurrence.duration_min} min{done}")

    def matches(self, query: str) -> bool:
        """Find: every word must appear in the text, link, tags, notes, platform or kind."""
        words = query.lower().split()
        if not words:
            return True
        hay = [self.platform.id, self.platform.name]
        if self.post is not None:
            p = self.post
            hay += [p.text, p.link, p.notes, p.kind.value, p.status.value, p.account or ""]
            hay += [f"#{t}" for t in p.tags]
        else:
            assert self.occurrence is not None
            hay += [self.occurrence.activity.value, self.occurrence.slot.notes, "slot"]
        text = "\n".join(hay).lower()
        return all(w in text for w in words)


class DayModel(QAbstractListModel):
    """The cards of one day, in time order."""

    move_requested = Signal(int, object)  # item id, target date
    retime_requested = Signal(int, object)  # item id, new local wall time (aware, this day)
    # One occurrence of a repeating slot dropped: item id, the occurrence's start, and the
    # target (a date for another day, an aware wall time for another place in this day).
    occurrence_move_requested = Signal(int, object, object)

    def __init__(self, day: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.day = day
        self._cards: list[Card] = []

    def set_cards(self, day: date, cards: Sequence[Card]) -> None:
        self.beginResetModel()
        self.day = day
        self._cards = list(cards)
        self.endResetModel()

    def set_badges(self, severities: dict[int, tuple[str, int]]) -> list[int]:
        """New finding badges on the same cards; the rows changed. No reset and no
        dataChanged: a badge changes no card's height, and QListView lays every card out
        again on dataChanged (~1,400 size hints in a busy week). WeekModel.badges_changed
        tells the views to repaint."""
        unmarked = (None, 0)
        changed = []
        for row, card in enumerate(self._cards):
            severity, count = severities.get(card.item_id, unmarked)
            if (card.severity, card.finding_count) != (severity, count):
                self._cards[row] = replace(card, severity=severity, finding_count=count)
                changed.append(row)
        return changed

    def cards(self) -> list[Card]:
        return list(self._cards)

    def card(self, row: int) -> Card:
        return self._cards[row]

    def rows_of(self, item_ids: Iterable[int]) -> list[int]:
        wanted = set(item_ids)
        return [row for row, card in enumerate(self._cards) if card.item_id in wanted]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._cards) or not index.isValid():
            return None
        card = self._cards[row]
        # The delegate asks for these for every card on every layout: answered first, by
        # plain int (comparing with an enum member costs more than the rest of the call).
        if role == _CARD:
            return card
        if role == _IS_SLOT:
            return card.occurrence is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card.summary()
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = card.summary()
            if card.finding_count:
                count = card.finding_count
                tip += f"\n{count} finding{'' if count == 1 else 's'}: see the panel on the right"
            return tip
        if role == CardRole.CARD:
            return card
        if role == CardRole.ITEM_ID:
            return card.item_id
        if role == CardRole.IS_SLOT:
            return card.is_slot
        if role == CardRole.SEVERITY:
            return card.severity
        if role == CardRole.START:
            return card.start
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._cards[index.row()].draggable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        cards = [self._cards[i.row()] for i in indexes if i.isValid() and self._cards[i.row()].draggable]
        ids = sorted({c.item_id for c in cards})
        mime = QMimeData()
        payload = {"day": self.day.isoformat(), "items": ids, "occurrences": {
            str(c.item_id): c.occurrence.start.isoformat() for c in cards
            if c.repeats and c.occurrence is not None}}
        mime.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ModelIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        """Ask for the move and report False: the window redraws from the database."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        ids = [int(i) for i in payload.get("items", [])]
        repeating = {int(k): datetime.fromisoformat(v) for k, v in payload.get("occurrences", {}).items()}
        target: date | datetime | None = self.day
        if payload.get("day") == self.day.isoformat():  # another place in the order: another time
            if row < 0:
                row = parent.row() if parent.isValid() else len(self._cards)
            target = self.time_between(row, set(ids))
        if target is None:
            return False
        for item_id in ids:
            if item_id in repeating:
                self.occurrence_move_requested.emit(item_id, repeating[item_id], target)
            elif isinstance(target, datetime):
                self.retime_requested.emit(item_id, target)
            else:  # another day: same time
                self.move_requested.emit(item_id, target)
        return False

    def time_between(self, row: int, moving: set[int]) -> datetime | None:
        """The time a card dropped before `row` takes: between its new neighbours.

        Halfway between them (on a 5-minute step), an hour after the last or before the
        first, never leaving the day; None when the drop changes nothing.
        """
        before = [c for c in self._cards[:row] if c.item_id not in moving]
        after = [c for c in self._cards[row:] if c.item_id not in moving]
        moved = [c for c in self._cards if c.item_id in moving]
        if before + moved + after == self._cards:  # dropped where it already is
            return None
        prev = before[-1].start if before else None
        nxt = after[0].start if after else None
        if prev is None and nxt is None:
            return None
        anchor = prev if prev is not None else nxt
        assert anchor is not None
        zone = anchor.tzinfo
        day_start = datetime.combine(self.day, datetime.min.time()).replace(tzinfo=zone)
        if prev is not None and nxt is not None:
            minutes = (prev.hour * 60 + prev.minute + nxt.hour * 60 + nxt.minute) // 2
        elif prev is not None:
            minutes = min(prev.hour * 60 + prev.minute + 60, 23 * 60 + 55)
        else:
            assert nxt is not None
            minutes = max(nxt.hour * 60 + nxt.minute - 60, 0)
        minutes -= minutes % 5
        at = day_start + timedelta(minutes=minutes)
        if moved and all(c.start.hour * 60 + c.start.minute == minutes for c in moved):
            return None
        return at


class WeekModel(QObject):
    """Seven DayModels fed from one plan; also answers which days show which items."""

    changed = Signal()
    badges_changed = Signal(object)  # per day, the rows whose badge changed: repaint them

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.days = [DayModel(date.min, self) for _ in range(7)]
        self._plan: WeekPlan | None = None
        self._severity: dict[int, tuple[str, int]] = {}
        self._query = ""

    @property
    def plan(self) -> WeekPlan | None:
        return self._plan

    def set_plan(self, plan: WeekPlan, findings: Iterable[Any] = ()) -> None:
        """Rebuild the cards; `findings` give each card its badge (worst severity, count)."""
        self._plan = plan
        self._severity = self._worst(findings)
        self._rebuild()

    def adopt(self, plan: WeekPlan) -> None:
        """The same week with its margins read: the cards stay (their items are the same)."""
        assert self._plan is not None and plan.week == self._plan.week
        self._plan = plan

    def set_findings(self, plan: WeekPlan, findings: Iterable[Any]) -> None:
        """The badges of `plan`'s findings: on the cards shown if they show that plan (a
        week linted after its first paint), else the cards rebuilt."""
        if plan is not self._plan:
            self.set_plan(plan, findings)
            return
        self._severity = self._worst(findings)
        changed = [model.set_badges(self._severity) for model in self.days]
        if any(changed):
            self.badges_changed.emit(changed)

    @staticmethod
    def _worst(findings: Iterable[Any]) -> dict[int, tuple[str, int]]:
        worst: dict[int, tuple[str, int]] = {}
        for finding in findings:
            severity = str(finding.severity)
            for item_id in set(finding.items):
                old = worst.get(item_id)
                if old is None:
                    worst[item_id] = (severity, 1)
                else:
                    best = min(old[0], severity, key=lambda s: SEVERITY_RANK.get(s, 9))
                    worst[item_id] = (best, old[1] + 1)
        return worst

    def set_filter(self, query: str) -> None:
        self._query = query.strip()
        self._rebuild()

    @property
    def query(self) -> str:
        return self._query

    def _rebuild(self) -> None:
        plan = self._plan
        if plan is None:
            return
        per_day = self.cards_of(plan, self._severity)
        query = self._query
        for model, day in zip(self.days, plan.week.days, strict=True):
            cards = [c for c in per_day.get(day, []) if c.matches(query)] if query \
                else per_day.get(day, [])
            model.set_cards(day, cards)
        self.changed.emit()

    def cards_for(self, plan: WeekPlan, findings: Iterable[Any]) -> list[list[Card]]:
        """The cards each day of `plan` would show, in order (unfiltered): for drawing a
        week read ahead before it is shown."""
        per_day = self.cards_of(plan, self._worst(findings))
        return [per_day.get(day, []) for day in plan.week.days]

    def cards_of(self, plan: WeekPlan, severities: dict[int, tuple[str, int]]) -> dict[date, list[Card]]:
        zone = plan.week.zone
        per_day: dict[date, list[Card]] = {d: [] for d in plan.week.days}
        platforms: dict[str, Platform] = {}  # looked up once per platform, not per card
        unmarked = (None, 0)
        def add(item_id: int | None, platform_id: str, moment: datetime, **item: Any) -> None:
            start = moment.astimezone(zone)
            assert item_id is not None
            severity, count = severities.get(item_id, unmarked)
            platform = platforms.get(platform_id)
            if platform is None:
                platform = platforms[platform_id] = plan.platforms.get(platform_id) or Platform(
                    platform_id, platform_id, None, None, "#808080")
            per_day.setdefault(start.date(), []).append(
                Card(item_id, start, platform, severity=severity, finding_count=count, **item))

        for post in plan.week_posts():
            add(post.id, post.platform, post.start, post=post)
        for occ in plan.week_occurrences():
            add(occ.id, occ.platform, occ.start, occurrence=occ)
        for cards in per_day.values():
            cards.sort(key=lambda c: (c.start, c.is_slot, c.item_id))
        return per_day
