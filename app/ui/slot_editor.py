"""The engagement-slot editor: when, how long, what for, how it repeats (as an RRULE) and
when the repeat ends (never, on a date: UNTIL, after a number of times: COUNT)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from app.domain.items import Activity, Slot
from app.domain.platforms import Platform
from app.domain.recurrence import end_of_day, last_start, rule_end, validate_rrule, with_end
from app.exchange.csv_format import LAST_YEAR
from app.ui.editor_fields import buddy_label, choice_combo, py_date
from app.ui.item_editor import ItemEditor

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"

NONE, DAILY, WEEKDAY, WEEKLY, CUSTOM = range(5)
NEVER, ON_DATE, AFTER = range(3)
MAX_TIMES = 999


def rule_for(choice: int, days: list[str], custom: str = "") -> str | None:
    """The RRULE body for a repeat choice (None: it does not repeat)."""
    if choice == DAILY:
        return "FREQ=DAILY"
    if choice == WEEKDAY:
        return WEEKDAYS
    if choice == WEEKLY:
        return "FREQ=WEEKLY;BYDAY=" + ",".join(d for d in DAYS if d in days)
    if choice == CUSTOM:
        return custom
    return None


def choice_for(rrule: str | None) -> tuple[int, list[str]]:
    """The repeat choice and days that show an existing rule; CUSTOM when no choice fits."""
    if not rrule:
        return NONE, []
    parts = dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)
    extra = set(parts) - {"FREQ", "BYDAY"}
    if extra:
        return CUSTOM, []
    if parts.get("FREQ") == "DAILY" and "BYDAY" not in parts:
        return DAILY, []
    if parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts:
        days = parts["BYDAY"].split(",")
        if not set(days) <= set(DAYS):
            return CUSTOM, []
        if sorted(days, key=DAYS.index) == list(DAYS[:5]):
            return WEEKDAY, days
        return WEEKLY, days
    return CUSTOM, []


class SlotEditor(ItemEditor):
    """Edit a new or existing engagement slot; OK stays disabled while a field is invalid.

    Opened on one occurrence of a repeating slot (`occurrence`), it shows that
    occurrence's start; the window then asks which occurrences the edit is for.
    """

    platform_gone = "Platform: choose one (this slot's platform no longer exists)"
    original: Slot

    def __init__(self, platforms: Mapping[str, Platform], slot: Slot,
                 parent: QWidget | None = None, *, new: bool = False,
                 occurrence: datetime | None = None) -> None:
        super().__init__(platforms, slot, parent, min_width=460,
                         title="New engagement slot" if new else "Edit engagement slot")
        self.occurrence = occurrence
        if occurrence is not None:
            self.start_shown = occurrence
            self.setWindowTitle(f"Edit engagement slot: the {occurrence:%a %d %b} occurrence")
        zone = slot.start.tzinfo
        assert isinstance(zone, ZoneInfo)
        end = rule_end(slot.rrule, zone) if slot.rrule else None
        # The end as stored; kept as it is unless the user changes the end fields.
        self._stored_end = (end.until, end.count) if end else (None, None)
        form = QFormLayout()
        form.addRow("&Platform", self.platform)
        self._when_row(form)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 8 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(" min")
        self.duration.setValue(slot.duration_min)
        self.duration.setAccessibleName("Duration in minutes")
        self.activity = choice_combo(slot.activity, "Activity", self)
        self.repeat = QComboBox(self)
        self.repeat.addItems(["Does not repeat", "Every day", "Every weekday (Mon–Fri)",
                              "Weekly on the days ticked"])
        self.repeat.setAccessibleName("Repeat")
        base = end.base if end else None
        choice, days = choice_for(base)
        self.custom_rule = base or ""
        if choice == CUSTOM:
            self.repeat.addItem(f"As before: {base}")
        self.day_boxes: list[QCheckBox] = []
        day_row = QHBoxLayout()
        for code, name in zip(DAYS, DAY_NAMES, strict=True):
            box = QCheckBox(name, self)
            box.setChecked(code in days)
            box.setAccessibleName(f"Repeat on {name}")
            self.day_boxes.append(box)
            day_row.addWidget(box)
        self.repeat.setCurrentIndex(choice)
        self._build_ends(slot, end.until if end else None, end.count if end else None)

        form.addRow("&Duration", self.duration)
        form.addRow("&Activity", self.activity)
        form.addRow("&Repeat", self.repeat)
        form.addRow("", day_row)
        ends_row = QHBoxLayout()
        ends_row.addWidget(self.ends, 1)
        ends_row.addWidget(self.ends_stack, 1)
        form.addRow(buddy_label("&Ends", self.ends, self), ends_row)
        # Connected before validation, so a newly chosen "Weekly" is checked with its day ticked.
        self.repeat.currentIndexChanged.connect(self._repeat_chosen)
        self._finish(form, 70, (
            self.duration.valueChanged, self.activity.currentIndexChanged,
            self.repeat.currentIndexChanged, *(box.toggled for box in self.day_boxes),
            self.ends.currentIndexChanged, self.until.dateChanged, self.times.valueChanged))

    def _build_ends(self, slot: Slot, until: datetime | None, count: int | None) -> None:
        """Ends: never / on a date / after N times; the date shown is the last occurrence's."""
        self.ends = QComboBox(self)
        self.ends.addItems(["Never", "On date", "After"])
        self.ends.setAccessibleName("Repeat ends")
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd yyyy-MM-dd")
        self.until.setDateRange(QDate(1, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.until.setAccessibleName("Repeat ends on")
        self.times = QSpinBox(self)
        self.times.setRange(1, MAX_TIMES)
        self.times.setSuffix(" times")
        self.times.setAccessibleName("Repeat ends after")
        self.ends_stack = QStackedWidget(self)
        self.ends_stack.addWidget(QWidget(self))
        self.ends_stack.addWidget(self.until)
        self.ends_stack.addWidget(self.times)
        last = last_start(slot) if until is not None else None
        shown = last.date() if last is not None else (until.astimezone(slot.start.tzinfo).date()
                                                       if until is not None else None)
        self._stored_until_day = shown
        start_day = self.start_shown.date()
        default_until = shown or date(min(start_day.year + (start_day.month + 2) // 12, LAST_YEAR),
                                      (start_day.month + 2) % 12 + 1, min(start_day.day, 28))
        self.until.setDate(QDate(default_until.year, default_until.month, default_until.day))
        self.times.setValue(count or 10)
        self.ends.setCurrentIndex(ON_DATE if until is not None else AFTER if count else NEVER)
        self.ends.currentIndexChanged.connect(self.ends_stack.setCurrentIndex)
        self.ends_stack.setCurrentIndex(self.ends.currentIndex())

    def previewed(self, item: Slot) -> Slot:
        """An occurrence's draft is linted as the whole series changed alike: the week keeps
        the occurrences before it (which "this occurrence" and "all" both keep)."""
        if self.occurrence is None or not self.original.rrule:
            return item
        return item.with_(start=self.original.start + (item.start - self.occurrence))

    def _repeat_chosen(self, choice: int) -> None:
        """Weekly with no day ticked ticks the slot's own day, as a calendar does."""
        if choice == WEEKLY and not any(box.isChecked() for box in self.day_boxes):
            weekday = self.when.dateTime().date().dayOfWeek() - 1
            self.day_boxes[weekday].setChecked(True)

    def _end(self, start: datetime) -> tuple[datetime | None, int | None, str]:
        """(UNTIL, COUNT, the error) the end fields ask for."""
        choice = self.ends.currentIndex()
        if choice == AFTER:
            return None, self.times.value(), ""
        if choice != ON_DATE:
            return None, None, ""
        day = py_date(self.until.date())
        if day < start.date():
            what = "this occurrence" if self.occurrence is not None else "the slot starts"
            return None, None, f"Ends: {day:%a %d %b %Y} is before {what} ({start:%a %d %b})"
        until, _count = self._stored_end
        zone = start.tzinfo
        assert isinstance(zone, ZoneInfo)
        if until is not None and day == self._stored_until_day and zone == self.original.start.tzinfo:
            return until, None, ""  # untouched: the stored end exactly (a split ends mid-day)
        return end_of_day(day, zone), None, ""

    def draft(self) -> tuple[Slot | None, str, str]:
        """(the slot as it would be saved or None, the error, a note)."""
        platform, start, note = self._platform_and_start()
        if platform is None or start is None:
            return None, note, ""
        choice = self.repeat.currentIndex()
        days = [code for code, box in zip(DAYS, self.day_boxes, strict=True) if box.isChecked()]
        for box in self.day_boxes:
            box.setEnabled(choice == WEEKLY)
        self.ends.setEnabled(choice != NONE)
        self.ends_stack.setEnabled(choice != NONE)
        if choice == WEEKLY and not days:
            return None, "Repeat: tick at least one day of the week", note
        rule = rule_for(choice, days, self.custom_rule)
        if rule is not None:
            until, count, problem = self._end(start)
            if problem:
                return None, problem, note
            try:
                rule = validate_rrule(with_end(rule, until, count), start)
            except ValueError as exc:
                return None, f"Repeat: {exc}", note
        slot = self.original.with_(
            platform=platform.id, start=start, duration_min=self.duration.value(),
            activity=Activity(self.activity.currentData()), rrule=rule,
            notes=self.notes.toPlainText(),
        )
        return slot, "", note

    def result_slot(self) -> Slot:
        slot: Slot = self._result()
        return slot


def default_slot(platform: str, start: datetime) -> Slot:
    return Slot(platform=platform, start=start, duration_min=20, activity=Activity.REPLY)
