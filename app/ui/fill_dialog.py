"""The preview of "Fill the week...": what would be placed where, and what could not be and why.

Nothing is written until the user confirms; the fill is then one undoable edit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.platforms import Platform
from app.services.planning import FillPlan

COLUMNS = ("Day", "Time", "Platform", "Kind", "From", "Text")


class FillDialog(QDialog):
    """A table of the placements, the ideas left with their reasons, Place / Cancel."""

    def __init__(self, filled: FillPlan, platforms: dict[str, Platform],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filled = filled
        self.setWindowTitle(f"Fill the week {filled.week.label}")
        count = len(filled.placements)
        zone = filled.week.zone

        def name(pid: str) -> str:
            return platforms[pid].name if pid in platforms else pid

        if count:
            intro = (f"{count} post{'' if count == 1 else 's'} would go into the "
                     f"{filled.free} free posting time{'' if filled.free == 1 else 's'} of the week. "
                     "None of them adds a warning or an error.")
        elif not filled.free:
            intro = ("The week has no free posting time left. Set posting times per platform in "
                     "File > Settings > Platforms (or `presence config posting_times.x`).")
        else:
            intro = "Nothing can be placed without adding a warning or an error."
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)

        self.table = QTableWidget(count, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Posts the fill would place")
        for row, placement in enumerate(filled.placements):
            post = placement.post
            seen = post.start.astimezone(zone)
            cells = (f"{seen:%a %d %b}", f"{seen.hour:02d}:{seen.minute:02d}", name(post.platform),
                     post.kind.value, "idea" if placement.idea is not None else "evergreen run",
                     " ".join((post.text or post.link).split()))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == len(cells) - 1:
                    item.setToolTip(post.text + (f"\n{post.link}" if post.link else ""))
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(count))

        left_lines = [f"• {x.title[:60]} ({name(x.platform)}): {x.reason}" for x in filled.left]
        self.left = QLabel(("Not placed:\n" + "\n".join(left_lines)) if left_lines else "", self)
        self.left.setWordWrap(True)
        self.left.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.left.setVisible(bool(left_lines))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.place_button = self.buttons.addButton(
            f"Place {count} post{'' if count == 1 else 's'}" if count else "Place",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.place_button.setEnabled(bool(count))
        self.place_button.setDefault(bool(count))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.left)
        layout.addWidget(self.buttons)
        self.resize(720, 420 if count else 200)
