"""Settings shared with the command line: rule thresholds and preset, week start, zone,
platforms (limits, caps, colours) and accounts (business or personal use).

Everything here lives in the database, so `presence lint` judges the week as the window
does; OK writes it all at once and stays disabled while a value is invalid.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import Account, AccountUse
from app.domain.platforms import Counting, Platform, is_valid_slug
from app.domain.zones import get_zone
from app.storage.repository import Repository
from app.ui.editor_fields import ErrorLine, zone_field

LABELS = {
    "promo_ratio": "Largest share of promo posts",
    "link_repeat_hours": "Same link again within (hours)",
    "link_burst_count": "Link burst: this many of one link",
    "link_burst_minutes": "... within (minutes)",
    "post_burst_max": "Post burst: more posts than",
    "post_burst_minutes": "... within (minutes)",
    "curation_min_posts": "Judge curation balance from (posts)",
    "bare_reshare_share": "Share of curated posts with commentary",
    "bare_reshare_min_curated": "Judge commentary from (curated posts)",
    "echo_only_min_posts": "Judge all-curated from (posts)",
    "cross_blast_platforms": "Cross-blast: one link on this many platforms",
    "cross_blast_minutes": "... within (minutes)",
}
CUSTOM = "custom"
PLATFORM_COLUMNS = ("Id", "Name", "Text limit", "Daily cap", "Colour", "Counting")
ACCOUNT_COLUMNS = ("Platform", "Handle", "Use")


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(colour))
    return QIcon(pix)


def _table(columns: tuple[str, ...], name: str, parent: QWidget) -> QTableWidget:
    """An editable table without row numbers whose second column takes the spare width."""
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


class SettingsDialog(QDialog):
    """Four tabs: Rules, Week, Platforms, Accounts."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.rules.settings import PRESETS, RULE_IDS, RuleSettings

        self.repo = repo
        self.setWindowTitle("Settings")
        self.setMinimumSize(680, 560)
        try:
            self.rules = RuleSettings.load(repo)
        except ValueError:
            self.rules = RuleSettings()
        self._presets = PRESETS
        self.tabs = QTabWidget(self)
        self.error = ErrorLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._build_rules(RULE_IDS)
        self._build_week()
        self._build_platforms()
        self._build_accounts()
        self._validate()

    # -- rules -----------------------------------------------------------------------

    def _build_rules(self, rule_ids: tuple[str, ...]) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.preset = QComboBox(page)
        self.preset.setAccessibleName("Preset")
        for name in self._presets:
            self.preset.addItem(name, name)
        self.preset.addItem("custom share", CUSTOM)
        form.addRow("&Preset", self.preset)
        self.thresholds: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for f in fields(self.rules):
            if f.name == "disabled":
                continue
            value = getattr(self.rules, f.name)
            box: QSpinBox | QDoubleSpinBox
            if isinstance(value, float):
                box = QDoubleSpinBox(page)
                if f.name.endswith("hours"):
                    box.setRange(0.5, 72.0)
                    box.setDecimals(1)
                else:
                    box.setRange(0.0, 1.0)
                    box.setSingleStep(0.05)
                    box.setDecimals(3)
            else:
                box = QSpinBox(page)
                box.setRange(1, 1000)
            box.setValue(value)
            box.setAccessibleName(LABELS.get(f.name, f.name))
            box.valueChanged.connect(self._validate)
            self.thresholds[f.name] = box
            form.addRow(LABELS.get(f.name, f.name), box)
        self.preset.setCurrentIndex(max(self.preset.findData(self.rules.preset or CUSTOM), 0))
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.thresholds["promo_ratio"].valueChanged.connect(self._ratio_changed)
        checks = QGridLayout()
        self.rule_boxes: dict[str, QCheckBox] = {}
        for i, rule in enumerate(rule_ids):
            box = QCheckBox(rule, page)
            box.setChecked(self.rules.enabled(rule))
            box.setAccessibleName(f"Check {rule}")
            box.toggled.connect(self._validate)
            self.rule_boxes[rule] = box
            checks.addWidget(box, i // 3, i % 3)
        form.addRow(QLabel("Rules in use", page))
        form.addRow(checks)
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, "&Rules")

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if name in self._presets:
            box = self.thresholds["promo_ratio"]
            box.blockSignals(True)
            box.setValue(self._presets[name])
            box.blockSignals(False)
        self._validate()

    def _ratio_changed(self, value: float) -> None:
        match = next((n for n, r in self._presets.items() if abs(r - value) < 5e-4), CUSTOM)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(match))
        self.preset.blockSignals(False)

    def rule_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: box.value() for name, box in self.thresholds.items()}
        preset = self.preset.currentData()
        if preset in self._presets:
            values["promo_ratio"] = self._presets[preset]
        values["disabled"] = sorted(r for r, box in self.rule_boxes.items() if not box.isChecked())
        return values

    # -- week --------------------------------------------------------------------------

    def _build_week(self) -> None:
        page = QWidget(self)
        form = QFormLayout(page)
        self.week_start = QComboBox(page)
        self.week_start.addItem("Monday (ISO weeks)", "monday")
        self.week_start.addItem("Sunday", "sunday")
        self.week_start.setCurrentIndex(1 if self.repo.setting("week_start") == "sunday" else 0)
        self.week_start.setAccessibleName("Week starts on")
        from app.domain.zones import system_zone

        self.zone = zone_field(self.repo.setting("zone") or system_zone().key, page)
        self.zone.textChanged.connect(self._validate)
        form.addRow("Week &starts on", self.week_start)
        form.addRow("Default &time zone", self.zone)
        form.addRow(QLabel("New posts and slots are planned in this zone; the week's days are "
                           "its local days. The command line reads the same settings.", page))
        self.tabs.addTab(page, "&Week")

    def _add_table_page(self, page: QWidget, table: QTableWidget, buttons: tuple[QPushButton, ...],
                        hint: str, title: str) -> None:
        """A tab with the table, its buttons in a row under it and a hint at the bottom."""
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        layout.addLayout(row)
        layout.addWidget(QLabel(hint, page))
        self.tabs.addTab(page, title)

    # -- platforms ---------------------------------------------------------------------

    def _build_platforms(self) -> None:
        page = QWidget(self)
        self.platform_table = _table(PLATFORM_COLUMNS, "Platforms", page)
        self.platform_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for platform in self.repo.platforms().values():
            self._add_platform_row(platform, existing=True)
        self.platform_table.itemChanged.connect(self._validate)
        self.platform_table.cellDoubleClicked.connect(self._pick_colour)
        add = QPushButton("&Add platform", page)
        add.clicked.connect(lambda: self._add_platform_row(
            Platform("", "", None, None, "#7a7a7a"), existing=False))
        colour = QPushButton("&Colour...", page)
        colour.clicked.connect(lambda: self._pick_colour(self.platform_table.currentRow(), 4))
        self._add_table_page(page, self.platform_table, (add, colour),
                             "Empty limit or cap: none. Double-click a colour to change it.", "&Platforms")

    def _add_platform_row(self, platform: Platform, *, existing: bool) -> None:
        table = self.platform_table
        table.blockSignals(True)
        r = table.rowCount()
        table.insertRow(r)
        ident = QTableWidgetItem(platform.id)
        if existing:
            ident.setFlags(ident.flags() & ~Qt.ItemFlag.ItemIsEditable)
        ident.setData(Qt.ItemDataRole.UserRole, existing)
        ident.setData(Qt.ItemDataRole.UserRole + 1, platform.builtin)
        table.setItem(r, 0, ident)
        table.setItem(r, 1, QTableWidgetItem(platform.name))
        table.setItem(r, 2, QTableWidgetItem("" if platform.text_limit is None else str(platform.text_limit)))
        table.setItem(r, 3, QTableWidgetItem("" if platform.daily_cap is None else str(platform.daily_cap)))
        colour = QTableWidgetItem(platform.colour)
        colour.setIcon(_swatch(platform.colour))
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(r, 4, colour)
        counting = QComboBox(table)
        for c in Counting:
            counting.addItem(c.value, c.value)
        counting.setCurrentIndex(counting.findData(platform.counting.value))
        table.setCellWidget(r, 5, counting)
        table.blockSignals(False)
        if not existing:
            table.setCurrentCell(r, 0)
            table.editItem(table.item(r, 0))
        self._validate()

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 4 or row < 0:
            return
        item = self.platform_table.item(row, 4)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Platform colour")
        if chosen.isValid():
            item.setText(chosen.name())
            item.setIcon(_swatch(chosen.name()))

    def platform_rows(self) -> tuple[list[Platform], str]:
        """The platforms as edited, or the first problem found."""
        out: list[Platform] = []
        seen: set[str] = set()
        table = self.platform_table
        for r in range(table.rowCount()):
            ident = table.item(r, 0).text().strip()
            name = table.item(r, 1).text().strip()
            where = f"Platforms, row {r + 1}"
            if not is_valid_slug(ident):
                return [], f"{where}: id {ident!r} must be a lowercase slug like my-forum"
            if ident in seen:
                return [], f"{where}: id {ident!r} is used twice"
            seen.add(ident)
            if not name:
                return [], f"{where}: give the platform a name"
            numbers: list[int | None] = []
            for col, label in ((2, "text limit"), (3, "daily cap")):
                text = table.item(r, col).text().strip()
                if not text:
                    numbers.append(None)
                    continue
                if not text.isdigit() or int(text) < 1:
                    return [], f"{where}: {label} {text!r} must be a whole number from 1, or empty"
                numbers.append(int(text))
            counting = table.cellWidget(r, 5)
            assert isinstance(counting, QComboBox)
            builtin = bool(table.item(r, 0).data(Qt.ItemDataRole.UserRole + 1))
            out.append(Platform(ident, name, numbers[0], numbers[1], table.item(r, 4).text(),
                                Counting(counting.currentData()), builtin))
        return out, ""

    # -- accounts ----------------------------------------------------------------------

    def _build_accounts(self) -> None:
        page = QWidget(self)
        self.account_table = _table(ACCOUNT_COLUMNS, "Accounts", page)
        self._removed_accounts: list[int] = []
        for account in self.repo.accounts():
            self._add_account_row(account)
        self.account_table.itemChanged.connect(self._validate)
        add = QPushButton("A&dd account", page)
        add.clicked.connect(lambda: self._add_account_row(None))
        remove = QPushButton("&Remove account", page)
        remove.clicked.connect(self._remove_account)
        self._add_table_page(page, self.account_table, (add, remove),
                             "Promo posts from a personal account are flagged (account-mix).", "&Accounts")

    def _add_account_row(self, account: Account | None) -> None:
        table = self.account_table
        table.blockSignals(True)
        r = table.rowCount()
        table.insertRow(r)
        platform = QComboBox(table)
        for pid, p in self.repo.platforms().items():
            platform.addItem(p.name, pid)
        if account is not None:
            platform.setCurrentIndex(max(platform.findData(account.platform), 0))
        table.setCellWidget(r, 0, platform)
        handle = QTableWidgetItem(account.handle if account else "")
        handle.setData(Qt.ItemDataRole.UserRole, account.id if account else None)
        table.setItem(r, 1, handle)
        use = QComboBox(table)
        for u in AccountUse:
            use.addItem(u.value, u.value)
        if account is not None:
            use.setCurrentIndex(use.findData(account.use.value))
        table.setCellWidget(r, 2, use)
        table.blockSignals(False)
        if account is None:
            table.setCurrentCell(r, 1)
            table.editItem(handle)
        self._validate()

    def _remove_account(self) -> None:
        r = self.account_table.currentRow()
        if r < 0:
            return
        account_id = self.account_table.item(r, 1).data(Qt.ItemDataRole.UserRole)
        if account_id is not None:
            self._removed_accounts.append(int(account_id))
        self.account_table.removeRow(r)
        self._validate()

    def account_rows(self) -> tuple[list[Account], str]:
        out: list[Account] = []
        table = self.account_table
        for r in range(table.rowCount()):
            handle = table.item(r, 1).text().strip()
            if not handle or any(c.isspace() for c in handle):
                return [], f"Accounts, row {r + 1}: a handle is one word, like ana-lopes"
            platform = table.cellWidget(r, 0)
            use = table.cellWidget(r, 2)
            assert isinstance(platform, QComboBox) and isinstance(use, QComboBox)
            account_id = table.item(r, 1).data(Qt.ItemDataRole.UserRole)
            out.append(Account(platform.currentData(), handle, AccountUse(use.currentData()),
                               int(account_id) if account_id is not None else None))
        return out, ""

    # -- validation and saving ---------------------------------------------------------

    def problem(self) -> str:
        from app.rules.settings import RuleSettings

        try:
            RuleSettings.from_dict(self.rule_values())
        except ValueError as exc:
            return f"Rules: {exc}"
        try:
            get_zone(self.zone.text().strip())
        except ValueError:
            return f"Week: {self.zone.text().strip() or '(empty)'} is not an IANA time zone"
        for rows in (self.platform_rows, self.account_rows):
            _values, error = rows()
            if error:
                return error
        return ""

    def _validate(self, *_: object) -> None:
        if not hasattr(self, "account_table"):
            return
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
        else:
            self.error.show_note("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def save(self) -> None:
        from app.rules.settings import RuleSettings

        rules = RuleSettings.from_dict(self.rule_values())
        platforms, _ = self.platform_rows()
        accounts, _ = self.account_rows()
        with self.repo.transaction():
            self.repo.set_setting("rules", rules.to_dict())
            self.repo.set_setting("week_start", self.week_start.currentData())
            self.repo.set_setting("zone", self.zone.text().strip())
            for platform in platforms:
                self.repo.save_platform(platform)
            for account_id in self._removed_accounts:
                self.repo.delete_account(account_id)
            for account in accounts:
                self.repo.save_account(account)

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            if self.problem():
                return
            try:
                self.save()
            except (ValueError, sqlite3.Error) as exc:  # e.g. the same handle twice
                self.error.show_error(f"Not saved: {exc}")
                return
        super().done(result)
