"""Settings shared with the command line: which rules are in use and how strict each is, week
start, time zone, platforms (limits, caps, colours, shown or hidden, added) and accounts.

Everything here lives in the database, so `presence lint` judges the week as the window
does; OK writes it all at once and stays disabled while a value is invalid. Values are
checked by the catalogue `presence config` uses (app/services/config.py), so both refuse a
bad value with the same reason. Rules are named as a person would name them, shares read
"1 in 3", and each threshold carries its line of explanation.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import Account, AccountUse
from app.domain.platforms import Counting, Platform, is_valid_slug
from app.domain.zones import system_zone
from app.services import config
from app.services.config import SETTINGS, ConfigError, Setting, show_share
from app.services.setup import SetupChange, save_setup
from app.storage.errors import ReadWriteError
from app.storage.repository import Repository
from app.ui.editor_fields import ErrorLine, swatch_icon, zone_names
from app.ui.palette import mix

CUSTOM = "custom"
PLATFORM_COLUMNS = ("Id", "Name", "Text limit", "Daily cap", "Colour", "Counts", "In editors")
SHOWN = 6  # the column of the "shown in the editors" tick
ACCOUNT_COLUMNS = ("Platform", "Handle", "Use")
COUNTING_WORDS = {
    Counting.CHARACTERS: ("Characters", "Every character counts one"),
    Counting.X_WEIGHTED: ("As X does", "A link counts 23, an emoji or a CJK character 2"),
    Counting.MASTODON: ("As Mastodon does", "A link counts 23"),
    Counting.GRAPHEMES: ("As Bluesky does", "Each character as you see it counts one (an emoji too)"),
}
SHARE_CHOICES = (1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 10)


class _Table(QTableWidget):
    """A table whose every cell holds an item (the rows are built whole)."""

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None, (row, column)
        return item


def _line_edit(combo: QComboBox) -> QLineEdit:
    """The text field of an editable combo box."""
    edit = combo.lineEdit()
    assert edit is not None  # the box is made editable first
    return edit


def _table(columns: tuple[str, ...], name: str, parent: QWidget) -> _Table:
    """An editable table without row numbers whose second column takes the spare width."""
    table = _Table(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _slug(name: str) -> str:
    """An id made from a platform's name: "My Forum!" -> "my-forum"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:32]


def _say_shown(item: QTableWidgetItem) -> None:
    """The tick's state in words too: an empty box is hard to see on some dark palettes."""
    item.setText("shown" if item.checkState() == Qt.CheckState.Checked else "hidden")


def _hint(text: str, parent: QWidget) -> QLabel:
    """A line of explanation in the dimmer text colour, wrapped."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    pal = label.palette()
    dim = mix(pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window), 0.3)
    pal.setColor(QPalette.ColorRole.WindowText, dim)
    label.setPalette(pal)
    return label


class ShareEdit(QComboBox):
    """A share typed or chosen as "1 in 3", 33% or 1/3, read by the catalogue's parser."""

    def __init__(self, setting: Setting, value: float, parent: QWidget) -> None:
        super().__init__(parent)
        self.setting = setting
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for share in SHARE_CHOICES:
            self.addItem(show_share(share))
        _line_edit(self).setPlaceholderText('"1 in 3" or 33%')
        self.setValue(value)

    def setValue(self, value: float) -> None:  # named as the spin boxes' beside it
        self.setEditText(show_share(value))

    def value(self) -> float | None:
        """The share typed, or None while it is not one (`problem` says why)."""
        try:
            return float(self.setting.parse(self.currentText()))
        except ConfigError:
            return None

    def problem(self) -> str:
        try:
            self.setting.parse(self.currentText())
        except ConfigError as exc:
            return f"{self.setting.label}: {exc.reason}"
        return ""


class HoursBox(QDoubleSpinBox):
    """Hours as "72 hours", not "72.0 hours"."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


class ZonePicker(QComboBox):
    """Every IANA zone in a list, found by typing any part of its name ("berl", "york")."""

    def __init__(self, zone: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(zone_names())
        self.setMaxVisibleItems(15)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        _line_edit(self).setPlaceholderText("Type part of a name: Lisbon, New_York, Tokyo")
        self.setAccessibleName("Time zone")
        self.setEditText(zone)

    def text(self) -> str:
        return self.currentText().strip()


class SettingsDialog(QDialog):
    """Four tabs: Rules, Week, Platforms, Accounts."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.rules.settings import PRESETS, RuleSettings

        self.repo = repo
        self.change: SetupChange | None = None  # what Save wrote, for the window's undo
        self.setWindowTitle("Settings")
        self.setMinimumSize(720, 580)
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

        self._build_rules()
        self._build_week()
        self._build_platforms()
        self._build_accounts()
        self._validate()

    # -- rules -----------------------------------------------------------------------

    def _build_rules(self) -> None:
        from app.rules.explain import RULE_NAMES, explanation
        from app.rules.settings import RULE_IDS

        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addWidget(_hint("Presence points out where the week turns into a megaphone. Untick "
                               "what you do not want checked; set how strict each check is.", page))
        self.rule_boxes: dict[str, QCheckBox] = {}
        self.why: dict[str, QLabel] = {}
        self.thresholds: dict[str, QSpinBox | QDoubleSpinBox | ShareEdit] = {}
        self._rule_forms: dict[str, QWidget] = {}
        self._form_labels: list[QLabel] = []
        for rule in RULE_IDS:
            box = QCheckBox(RULE_NAMES[rule], page)
            box.setChecked(self.rules.enabled(rule))
            box.setAccessibleName(f"Check: {RULE_NAMES[rule]}")
            font = box.font()
            font.setBold(True)
            box.setFont(font)
            box.toggled.connect(self._validate)
            self.rule_boxes[rule] = box
            why_button = QToolButton(page)
            why_button.setText("Why?")
            why_button.setCheckable(True)
            why_button.setAutoRaise(True)
            why_button.setAccessibleName(f"Why: {RULE_NAMES[rule]}")
            why = _hint(f"{explanation(rule)} (Its id on the command line: {rule}.)", page)
            why.setVisible(False)
            why.setContentsMargins(24, 0, 0, 0)
            why_button.toggled.connect(why.setVisible)
            self.why[rule] = why
            head = QHBoxLayout()
            head.addWidget(box)
            head.addWidget(why_button)
            head.addStretch(1)
            column.addSpacing(4)
            column.addLayout(head)
            column.addWidget(why)
            settings = [s for s in config.thresholds() if s.rule == rule]
            if rule == "promo-ratio" or settings:
                form_host = QWidget(page)
                form = QFormLayout(form_host)
                form.setContentsMargins(24, 0, 0, 0)
                if rule == "promo-ratio":
                    self._add_preset(form, form_host)
                for s in settings:
                    self._add_threshold(form, form_host, s)
                box.toggled.connect(form_host.setEnabled)
                form_host.setEnabled(box.isChecked())
                self._rule_forms[rule] = form_host
                column.addWidget(form_host)
        column.addStretch(1)
        # One label width for every rule's form, so the fields line up down the page.
        width = max(label.sizeHint().width() for label in self._form_labels)
        for label in self._form_labels:
            label.setMinimumWidth(width)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        promo = self.thresholds["promo_ratio"]
        assert isinstance(promo, ShareEdit)
        promo.editTextChanged.connect(self._ratio_changed)
        scroll = QScrollArea(self)
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, "&Rules")

    def _add_preset(self, form: QFormLayout, parent: QWidget) -> None:
        s = SETTINGS["rules.preset"]
        self.preset = QComboBox(parent)
        self.preset.setAccessibleName(s.label)
        for name, share in self._presets.items():
            title = config.PRESET_TITLES.get(name, name)
            self.preset.addItem(f"{title}: at most {show_share(share)}", name)
        self.preset.addItem("A share of your own", CUSTOM)
        self.preset.setCurrentIndex(max(self.preset.findData(self.rules.preset or CUSTOM), 0))
        self.preset.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        label = QLabel(s.label, parent)
        label.setBuddy(self.preset)
        self._form_labels.append(label)
        form.addRow(label, self.preset)

    def _add_threshold(self, form: QFormLayout, parent: QWidget, s: Setting) -> None:
        assert s.field is not None
        value = getattr(self.rules, s.field)
        box: QSpinBox | QDoubleSpinBox | ShareEdit
        if s.kind == config.SHARE:
            box = ShareEdit(s, value, parent)
            box.editTextChanged.connect(self._validate)
        elif s.kind == config.HOURS:
            box = HoursBox(parent)
            box.setDecimals(1)
            box.setRange(max(s.lowest, 0.1), s.highest)
            box.setSuffix(" hours")
            box.setValue(value)
            box.valueChanged.connect(self._validate)
        else:
            box = QSpinBox(parent)
            box.setRange(int(s.lowest), int(s.highest))
            if s.kind == config.MINUTES:
                box.setSuffix(" min")
            box.setValue(value)
            box.valueChanged.connect(self._validate)
        box.setAccessibleName(s.label)
        box.setAccessibleDescription(s.explanation)
        box.setToolTip(s.explanation)
        box.setMinimumWidth(110)
        self.thresholds[s.field] = box
        field = QWidget(parent)
        row = QVBoxLayout(field)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(box)
        line.addStretch(1)
        row.addLayout(line)
        row.addWidget(_hint(s.explanation + ".", field))
        label = QLabel(s.label, parent)
        label.setBuddy(box)
        self._form_labels.append(label)
        form.addRow(label, field)

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if name in self._presets:
            box = self.thresholds["promo_ratio"]
            assert isinstance(box, ShareEdit)
            box.blockSignals(True)
            box.setValue(self._presets[name])
            box.blockSignals(False)
        self._validate()

    def _ratio_changed(self, *_: object) -> None:
        value = self.thresholds["promo_ratio"].value()
        match = CUSTOM
        if value is not None:
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
        stored = self.repo.setting("zone")
        self._zone_stored = stored if isinstance(stored, str) else ""
        self.zone = ZonePicker(self._zone_stored or system_zone().key, page)
        self.zone.editTextChanged.connect(self._validate)
        self.zone_now = _hint("", page)
        self.zone_now.setWordWrap(False)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Week &starts on", self.week_start)
        zone_label = QLabel("Default &time zone", page)
        zone_label.setBuddy(self.zone)
        form.addRow(zone_label, self.zone)
        form.addRow("", self.zone_now)
        form.addRow(_hint("New posts and slots are planned in this zone; the week's days are its "
                          "local days. The command line reads the same settings (presence config).",
                          page))
        self.tabs.addTab(page, "&Week")

    def zone_value(self) -> str:
        """The zone chosen ("" keeps following the system's zone); ConfigError if it is none."""
        value = str(SETTINGS["zone"].parse(self.zone.text()))
        if not self._zone_stored and value == system_zone().key:
            return ""
        return value

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
        layout.addWidget(_hint(hint, page))
        self.tabs.addTab(page, title)

    # -- platforms ---------------------------------------------------------------------

    def _build_platforms(self) -> None:
        page = QWidget(self)
        self.platform_table = _table(PLATFORM_COLUMNS, "Platforms", page)
        self.platform_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header_tips = ("Short name used by import, export and the command line",
                       "The name shown on cards", "Longest post the platform takes (empty: none)",
                       "Most posts a day before Presence warns (empty: none)",
                       "Double-click to choose", "How the platform counts a post's length",
                       "Untick to leave it out of the editors' platform lists")
        for col, tip in enumerate(header_tips):
            header_item = self.platform_table.horizontalHeaderItem(col)
            assert header_item is not None  # set by the column labels
            header_item.setToolTip(tip)
        for platform in self.repo.platforms().values():
            self._add_platform_row(platform, existing=True)
        self.platform_table.itemChanged.connect(self._platform_edited)
        self.platform_table.cellDoubleClicked.connect(self._pick_colour)
        add = QPushButton("&Add platform", page)
        add.clicked.connect(lambda: self._add_platform_row(
            Platform("", "", None, None, "#7a7a7a"), existing=False))
        colour = QPushButton("&Colour...", page)
        colour.clicked.connect(lambda: self._pick_colour(self.platform_table.currentRow(), 4))
        self._add_table_page(
            page, self.platform_table, (add, colour),
            "Untick the platforms you do not use: they leave the editors' lists, and posts "
            "already planned on them stay. Empty limit or cap: none. Double-click a colour to "
            "change it.", "&Platforms")
        self._build_posting_times(page)

    def _build_posting_times(self, page: QWidget) -> None:
        """Under the table: the selected platform's posting times, checked as `presence config
        posting_times.ID` checks them."""
        from app.domain.ideas import POSTING_TIMES_EXAMPLE, show_posting_times
        from app.services.planning import posting_times

        self.posting_texts = {pid: show_posting_times(t) for pid, t in posting_times(self.repo).items()}
        self._posting_saved = dict(self.posting_texts)
        self.posting_label = QLabel(page)
        self.posting_edit = QLineEdit(page)
        self.posting_edit.setPlaceholderText(POSTING_TIMES_EXAMPLE)
        self.posting_edit.setAccessibleName("Posting times")
        self.posting_edit.setToolTip("Weekly times you like to post on this platform: days then times, "
                                     "groups separated by ';'. A new post, a dropped idea and "
                                     "Fill the week take the next free one. Empty: none.")
        self.posting_label.setBuddy(self.posting_edit)
        row = QHBoxLayout()
        row.addWidget(self.posting_label)
        row.addWidget(self.posting_edit, 1)
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(2, row)
        self.platform_table.currentCellChanged.connect(lambda *_: self._show_posting_times())
        self.posting_edit.textEdited.connect(self._posting_edited)
        self.platform_table.setCurrentCell(0, 1)
        self._show_posting_times()

    def _posting_platform(self) -> str:
        row = self.platform_table.currentRow()
        item = self.platform_table.item(row, 0) if row >= 0 else None
        return item.text().strip() if item is not None else ""

    def _show_posting_times(self) -> None:
        pid = self._posting_platform()
        name_item = self.platform_table.item(self.platform_table.currentRow(), 1)
        name = name_item.text() if name_item is not None and name_item.text() else pid
        self.posting_label.setText(f"Post&ing times on {name}:" if pid else "Post&ing times:")
        self.posting_edit.setEnabled(bool(pid))
        self.posting_edit.setText(self.posting_texts.get(pid, ""))

    def _posting_edited(self, text: str) -> None:
        pid = self._posting_platform()
        if pid:
            self.posting_texts[pid] = text
        self._validate()

    def posting_problem(self) -> str:
        for pid, text in self.posting_texts.items():
            try:
                config.posting_setting(pid).parse(text)
            except ConfigError as exc:
                return f"Posting times on {pid}: {exc.reason}"
        return ""

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
        colour.setIcon(swatch_icon(platform.colour, table.palette()))
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(r, 4, colour)
        counting = QComboBox(table)
        for c in Counting:
            word, tip = COUNTING_WORDS.get(c, (c.value, ""))
            counting.addItem(word, c.value)
            counting.setItemData(counting.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        counting.setCurrentIndex(counting.findData(platform.counting.value))
        counting.setAccessibleName(f"How {platform.name or 'the new platform'} counts")
        table.setCellWidget(r, 5, counting)
        shown = QTableWidgetItem()
        shown.setFlags((shown.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
        shown.setCheckState(Qt.CheckState.Unchecked if platform.hidden else Qt.CheckState.Checked)
        shown.setToolTip("Untick to leave the platform out of the editors' lists")
        _say_shown(shown)
        table.setItem(r, SHOWN, shown)
        table.blockSignals(False)
        if not existing:
            table.setCurrentCell(r, 1)
            table.editItem(table.cell(r, 1))
        self._validate()

    def _platform_edited(self, item: QTableWidgetItem) -> None:
        """A new platform's id follows its name until the user types one of their own."""
        table = self.platform_table
        r = item.row()
        ident = table.item(r, 0)
        if item.column() == SHOWN:
            table.blockSignals(True)
            _say_shown(item)
            table.blockSignals(False)
        if ident is None or ident.data(Qt.ItemDataRole.UserRole):
            self._validate()
            return
        made = ident.data(Qt.ItemDataRole.UserRole + 2)
        if item.column() == 1 and (not ident.text() or ident.text() == made):
            table.blockSignals(True)
            ident.setText(_slug(item.text()))
            ident.setData(Qt.ItemDataRole.UserRole + 2, ident.text())
            table.blockSignals(False)
        self._validate()

    def shown_platforms(self) -> dict[str, bool]:
        """Each platform's id and whether it is ticked as shown."""
        table = self.platform_table
        return {table.cell(r, 0).text().strip(): table.cell(r, SHOWN).checkState() == Qt.CheckState.Checked
                for r in range(table.rowCount())}

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 4 or row < 0:
            return
        item = self.platform_table.cell(row, 4)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Platform colour")
        if chosen.isValid():
            item.setText(chosen.name())
            item.setIcon(swatch_icon(chosen.name(), self.platform_table.palette()))

    def platform_rows(self) -> tuple[list[Platform], str]:
        """The platforms as edited, or the first problem found."""
        out: list[Platform] = []
        seen: set[str] = set()
        table = self.platform_table
        for r in range(table.rowCount()):
            ident = table.cell(r, 0).text().strip()
            name = table.cell(r, 1).text().strip()
            where = f"Platforms, row {r + 1}"
            if not name:
                return [], f"{where}: give the platform a name"
            if not is_valid_slug(ident):
                return [], f"{where}: id {ident!r} must be a lowercase slug like my-forum"
            if ident in seen:
                return [], f"{where}: id {ident!r} is used twice"
            seen.add(ident)
            values: list[Any] = []
            # Checked as `presence config platforms.ID.FIELD` checks them; an empty limit is none.
            for col, field in ((1, "name"), (2, "text_limit"), (3, "daily_cap")):
                text = table.cell(r, col).text().strip()
                check = config.platform_setting(ident, field, name)
                try:
                    values.append(None if not text and col > 1 else check.parse(text))
                except ConfigError as exc:
                    return [], f"{where}, {config.PLATFORM_FIELDS[field][1]}: {exc.reason}"
            counting = table.cellWidget(r, 5)
            assert isinstance(counting, QComboBox)
            builtin = bool(table.cell(r, 0).data(Qt.ItemDataRole.UserRole + 1))
            hidden = table.cell(r, SHOWN).checkState() != Qt.CheckState.Checked
            out.append(Platform(ident, values[0], values[1], values[2], table.cell(r, 4).text(),
                                Counting(counting.currentData()), builtin, hidden))
        if out and all(p.hidden for p in out):
            return [], f"Platforms: {config.KEEP_ONE_SHOWN}"
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
                             "Promo posts from a personal account are pointed out "
                             "(Promo from a personal account).", "&Accounts")

    def _add_account_row(self, account: Account | None) -> None:
        table = self.account_table
        table.blockSignals(True)
        r = table.rowCount()
        table.insertRow(r)
        platform = QComboBox(table)
        for pid, p in self.repo.platforms().items():
            if not p.hidden or (account is not None and account.platform == pid):
                platform.addItem(swatch_icon(p.colour, table.palette()), p.name, pid)
        if account is not None:
            platform.setCurrentIndex(max(platform.findData(account.platform), 0))
        platform.setAccessibleName(f"Platform, account {r + 1}")
        table.setCellWidget(r, 0, platform)
        handle = QTableWidgetItem(account.handle if account else "")
        handle.setData(Qt.ItemDataRole.UserRole, account.id if account else None)
        table.setItem(r, 1, handle)
        use = QComboBox(table)
        for u in AccountUse:
            use.addItem(u.value, u.value)
        if account is not None:
            use.setCurrentIndex(use.findData(account.use.value))
        use.setAccessibleName(f"Use, account {r + 1}")
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
        account_id = self.account_table.cell(r, 1).data(Qt.ItemDataRole.UserRole)
        if account_id is not None:
            self._removed_accounts.append(int(account_id))
        self.account_table.removeRow(r)
        self._validate()

    def account_rows(self) -> tuple[list[Account], str]:
        out: list[Account] = []
        table = self.account_table
        for r in range(table.rowCount()):
            handle = table.cell(r, 1).text().strip()
            if not handle or any(c.isspace() for c in handle):
                return [], f"Accounts, row {r + 1}: a handle is one word, like ana-lopes"
            platform = table.cellWidget(r, 0)
            use = table.cellWidget(r, 2)
            assert isinstance(platform, QComboBox) and isinstance(use, QComboBox)
            account_id = table.cell(r, 1).data(Qt.ItemDataRole.UserRole)
            out.append(Account(platform.currentData(), handle, AccountUse(use.currentData()),
                               int(account_id) if account_id is not None else None))
        return out, ""

    # -- validation and saving ---------------------------------------------------------

    def problem(self) -> str:
        from app.rules.settings import RuleSettings

        for box in self.thresholds.values():
            if isinstance(box, ShareEdit) and box.problem():
                return box.problem()
        try:
            RuleSettings.from_dict(self.rule_values())
        except ValueError as exc:
            return f"Rules: {exc}"
        try:
            self.zone_value()
        except ConfigError as exc:
            return f"{SETTINGS['zone'].label}: {exc.reason}"
        for rows in (self.platform_rows, self.account_rows):
            _values, error = rows()
            if error:
                return error
        if hasattr(self, "posting_texts"):
            return self.posting_problem()
        return ""

    def _show_zone_now(self) -> None:
        try:
            zone = self.zone_value() or system_zone().key
        except ConfigError:
            self.zone_now.setText("")
            return
        from app.domain.zones import get_zone

        now = datetime.now(get_zone(zone))
        offset = now.strftime("%z")
        self.zone_now.setText(f"It is {now:%H:%M} there now (UTC{offset[:3]}:{offset[3:]}).")

    def _validate(self, *_: object) -> None:
        if not hasattr(self, "account_table"):
            return
        self._show_zone_now()
        problem = self.problem()
        if problem:
            self.error.show_error(problem)
        else:
            self.error.show_note("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def save(self) -> SetupChange:
        """Store what the window shows in one transaction; the change is kept for undo."""
        from app.domain.ideas import parse_posting_times
        from app.rules.settings import RuleSettings

        rules = RuleSettings.from_dict(self.rule_values())
        platforms, _ = self.platform_rows()
        accounts, _ = self.account_rows()
        known = self.repo.platforms()
        times = {pid: parse_posting_times(config.posting_setting(pid).parse(text))
                 for pid, text in self.posting_texts.items()
                 if pid in known and text.strip() != self._posting_saved.get(pid, "")}
        self.change = save_setup(
            self.repo, values={"rules": rules.to_dict(), "week_start": self.week_start.currentData(),
                               "zone": self.zone_value()},
            platforms=platforms, accounts=accounts, removed_accounts=self._removed_accounts,
            posting_times=times)
        return self.change

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            if self.problem():
                return
            try:
                self.save()
            except (ValueError, ReadWriteError) as exc:  # e.g. the same handle twice
                self.error.show_error(f"Not saved: {exc}")
                return
        super().done(result)
