"""Fields both editors share: platform, enum choices, local date-time with its zone, the error line."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QComboBox, QCompleter, QDateTimeEdit, QLabel, QLineEdit, QWidget

from app.domain.platforms import Platform
from app.domain.zones import get_zone, local
from app.exchange.csv_format import FIRST_YEAR, LAST_YEAR
from app.ui.palette import readable_on


@lru_cache(maxsize=1)
def zone_names() -> list[str]:
    return sorted(available_timezones())


def swatch_icon(colour: str, palette: QPalette, size: int = 12) -> QIcon:
    """A platform's colour as a square with an outline that stands out from the list behind it
    (X's near-black would vanish on a dark palette without one)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    base = palette.color(QPalette.ColorRole.Base)
    painter.setPen(readable_on(palette.color(QPalette.ColorRole.Text), base, 3.0))
    painter.setBrush(QColor(colour))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pix)


def platform_combo(platforms: Mapping[str, Platform], current: str | None, parent: QWidget) -> QComboBox:
    """The platforms to choose from; hidden ones only when the item is already on one."""
    combo = QComboBox(parent)
    for pid, platform in platforms.items():
        if platform.hidden and pid != current:
            continue
        combo.addItem(swatch_icon(platform.colour, combo.palette()), platform.name, pid)
    if current is not None:
        found = combo.findData(current)
        if found < 0:  # an item on a platform since removed still shows what it was
            combo.addItem(current, current)
            found = combo.count() - 1
        combo.setCurrentIndex(found)
    combo.setAccessibleName("Platform")
    return combo


def choice_combo(current: StrEnum, name: str, parent: QWidget) -> QComboBox:
    """A combo of every value of `current`'s enum, showing `current`; each item's data is its value."""
    combo = QComboBox(parent)
    for choice in type(current):
        combo.addItem(choice.value, choice.value)
    combo.setCurrentIndex(combo.findData(current.value))
    combo.setAccessibleName(name)
    return combo


def zone_field(zone: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(zone, parent)
    completer = QCompleter(zone_names(), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    edit.setAccessibleName("Time zone")
    edit.setPlaceholderText("IANA zone, e.g. Europe/Lisbon")
    return edit


def datetime_field(moment: datetime, parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd yyyy-MM-dd  HH:mm")
    # Wall-clock fields only: a UTC QDateTime never shifts a time the system zone skips.
    utc = QTimeZone(QTimeZone.Initialization.UTC)
    edit.setTimeZone(utc)
    # The years the CSV import takes: beyond them a zone's offset overflows the date.
    edit.setDateTimeRange(QDateTime(QDate(FIRST_YEAR, 1, 1), QTime(0, 0), utc),
                          QDateTime(QDate(LAST_YEAR, 12, 31), QTime(23, 59), utc))
    edit.setDateTime(QDateTime(QDate(moment.year, moment.month, moment.day),
                               QTime(moment.hour, moment.minute), utc))
    edit.setAccessibleName("Date and time")
    return edit


def py_date(day: QDate) -> date:
    """A QDate as a date (the stubs type QDate.toPython() as a bare object)."""
    return date(day.year(), day.month(), day.day())


def read_start(edit: QDateTimeEdit, zone_text: str) -> tuple[datetime | None, str]:
    """The aware start from the fields, or None and the reason it is not valid."""
    try:
        zone: ZoneInfo = get_zone(zone_text.strip())
    except ValueError:
        return None, f"Time zone: {zone_text.strip() or '(empty)'} is not an IANA zone name"
    qdt = edit.dateTime()
    day = py_date(qdt.date())
    at = time(qdt.time().hour(), qdt.time().minute())
    start = local(day, at, zone)
    note = ""
    if start.time().replace(tzinfo=None) != at:
        note = (f"{at:%H:%M} does not exist on {day:%d %b} in {zone.key} (clocks go forward); "
                f"it will be {start:%H:%M}")
    return start, note


def buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A form label whose Alt+letter moves to `buddy` (a row made of a layout has none)."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


class ErrorLine(QLabel):
    """The reason the dialog cannot be saved (red), or a note (plain)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Validation message")

    def show_error(self, text: str) -> None:
        pal = self.palette()
        colour = readable_on(QColor("#d32f2f"), pal.color(QPalette.ColorRole.Window), 3.5)
        self.setStyleSheet(f"color: {colour.name()};")
        self.setText(text)

    def show_note(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)
