"""The Today panel: what is planned today in time order, each with its one-click actions.

A post waiting to go out offers Copy (text and link to the clipboard), Open (the
platform's web composer, text filled in where it takes one), Posted (marked now; its
address can be added after) and Skip (with a reason). A slot offers Done. Every mark is
an ordinary undoable edit of the window. What came due while Presence was closed is said
once, in a banner at the top.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.platforms import Platform
from app.services.daily import FILLS_TEXT, State, TodayEntry
from app.ui.palette import mix, readable_on

TEXT_CHARS = 120


def _short(text: str, limit: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def composer_words(platform: Platform) -> tuple[str, str]:
    """The Open button's words (the platform's name when short enough for half a row)
    and its tooltip."""
    words = f"Open {platform.name}" if len(platform.name) <= 10 else "Open site"
    if platform.id in FILLS_TEXT:
        return words, f"Open {platform.name}'s composer with the text filled in (also copied)"
    return words, f"Open {platform.name} in the browser; the text and link are on the clipboard to paste"


class TodayRow(QFrame):
    """One post or slot occurrence of today."""

    def __init__(self, entry: TodayEntry, platform: Platform, panel: TodayPanel) -> None:
        super().__init__(panel)
        self.entry = entry
        self.item_id = entry.item_id
        self.setObjectName(f"today_row_{entry.item_id}_{entry.at:%H%M}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)

        pal = panel.palette()
        base = pal.color(QPalette.ColorRole.Base)
        colour = readable_on(QColor(platform.colour), base, 2.0)
        head = QHBoxLayout()
        head.setSpacing(6)
        chip = QLabel(self)
        chip.setFixedSize(10, 10)
        chip.setStyleSheet(f"background: {colour.name()}; border-radius: 5px;")
        head.addWidget(chip)
        post, occ = entry.post, entry.occurrence
        if post is not None:
            what = post.kind.value
        else:
            assert occ is not None  # an entry is a post or a slot's occurrence
            what = occ.activity.value
        if occ is not None:
            what = f"{what} · {occ.duration_min} min"
        title = QLabel(f"<b>{entry.at:%H:%M}</b>&nbsp; {platform.name} · {what}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setToolTip(title.text().replace("&nbsp;", " ").replace("<b>", "").replace("</b>", ""))
        # The title gives way (its words are in the tooltip); the state is always read whole.
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head.addWidget(title, 1)
        self.state_label = QLabel(self._state_words(), self)
        self.state_label.setObjectName("state")
        head.addWidget(self.state_label)
        layout.addLayout(head)

        if post is not None:
            words = post.text.strip() or post.link
            text = QLabel(_short(words), self)
            text.setWordWrap(True)
            text.setToolTip(words)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(text)
        if entry.mark is not None and (entry.mark.url or entry.mark.reason):
            mark = entry.mark
            extra = QLabel(self)
            extra.setWordWrap(True)
            extra.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            if mark.url:
                extra.setText(f'<a href="{_attr(mark.url)}">{_html(_short(mark.url, 60))}</a>')
                extra.setTextFormat(Qt.TextFormat.RichText)
                extra.setOpenExternalLinks(True)
            else:
                extra.setText(f"Why: {_short(mark.reason, 80)}")
            layout.addWidget(extra)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        if post is not None and entry.state in (State.DUE, State.LATER):
            open_words, open_tip = composer_words(platform)
            spec = [("copy", "Copy", "Copy the text and link to the clipboard"),
                    ("compose", open_words, open_tip),
                    ("posted", "Posted", "Mark it posted now (add its address after, if you like)"),
                    ("skip", "Skip…", "Mark it skipped, with a reason")]
        elif post is not None:
            spec = [("address", "Address…" if entry.state is State.POSTED else "Reason…",
                     "When it went out and where" if entry.state is State.POSTED else "Why it was skipped"),
                    ("unmark", "Not " + entry.state.value,
                     "Put it back to scheduled (Ctrl+Z undoes a mark too)")]
        else:
            spec = [("done", "Not done" if entry.state is State.DONE else "Done",
                     "Tick this occurrence of the slot done, or not")]
        for index, (key, words, tip) in enumerate(spec):
            button = QPushButton(words, self)
            button.setToolTip(tip)
            button.setObjectName(f"today_{key}")
            button.setAutoDefault(False)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(words) + 16)
            button.clicked.connect(lambda _=False, k=key: panel.act(self, k))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[key] = button
        layout.addLayout(grid)
        self._tint(pal)

    def _state_words(self) -> str:
        e = self.entry
        if e.state is State.POSTED:
            at = e.mark.at.astimezone(e.at.tzinfo) if e.mark is not None else None
            return f"posted {at:%H:%M}" if at is not None else "posted"
        if e.state is State.DUE:
            return "due now" if e.post is not None else "to do"
        return e.state.value

    def _tint(self, pal: QPalette) -> None:
        pal = QPalette(pal)
        base = pal.color(QPalette.ColorRole.Base)
        if self.entry.state is State.DUE:
            background = mix(base, pal.color(QPalette.ColorRole.Highlight), 0.16)
        elif self.entry.state in (State.POSTED, State.SKIPPED, State.DONE):
            background = mix(base, pal.color(QPalette.ColorRole.Window), 0.6)
            pal.setColor(QPalette.ColorRole.WindowText,
                         mix(pal.color(QPalette.ColorRole.Text), background, 0.25))
        else:
            background = base
        pal.setColor(QPalette.ColorRole.Window, background)
        self.setPalette(pal)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _html(text).replace('"', "&quot;")


class TodayPanel(QWidget):
    """The list; asks the window to act through signals (item id, and for a slot the
    occurrence's start)."""

    action_requested = Signal(str, object)  # action key, TodayEntry
    banner_dismissed = Signal()
    missed_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_panel")
        self.setAccessibleName("Today")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(6)
        top = QHBoxLayout()
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        top.addWidget(self.header, 1)
        hide = QToolButton(self)
        hide.setText("✕")
        hide.setAutoRaise(True)
        hide.setToolTip("Hide the Today panel (View > Today shows it again)")
        hide.setAccessibleName("Hide the Today panel")
        hide.clicked.connect(self.close_requested.emit)
        top.addWidget(hide, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        self.banner = QFrame(self)
        self.banner.setObjectName("missed_banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.banner_title = QLabel(self.banner)
        self.banner_title.setWordWrap(True)
        self.banner_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.banner_title.font()
        font.setBold(True)
        self.banner_title.setFont(font)
        top.addWidget(self.banner_title, 1)
        close = QToolButton(self.banner)
        close.setText("✕")
        close.setToolTip("Dismiss")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss_banner)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addLayout(top)
        self.banner_body = QLabel(self.banner)
        self.banner_body.setWordWrap(True)
        self.banner_body.setTextFormat(Qt.TextFormat.PlainText)
        banner_layout.addWidget(self.banner_body)
        show = QPushButton("Show them", self.banner)
        show.setObjectName("missed_show")
        show.setToolTip("Select them in their week")
        show.clicked.connect(self.missed_requested.emit)
        banner_layout.addWidget(show, 0, Qt.AlignmentFlag.AlignLeft)
        self.banner.hide()
        outer.addWidget(self.banner)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list = QWidget(self.scroll_area)
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.scroll_area.setWidget(self.list)
        outer.addWidget(self.scroll_area, 1)
        self.rows: list[TodayRow] = []
        self.empty = QLabel("Nothing planned today.", self.list)
        self.empty.setWordWrap(True)
        self.day: date | None = None
        self._entries: list[TodayEntry] = []
        self._platforms: dict[str, Platform] = {}

    def set_entries(self, day: date, entries: list[TodayEntry], platforms: dict[str, Platform]) -> None:
        if day == self.day and entries == self._entries and platforms == self._platforms:
            return  # nothing changed: keep the rows (and the focus on a button)
        self.day, self._entries, self._platforms = day, list(entries), dict(platforms)
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        while self.list_layout.count():
            self.list_layout.takeAt(0)
        for entry in entries:
            platform = platforms.get(entry.platform)
            if platform is None:
                platform = Platform(entry.platform, entry.platform, None, None, "#808080")
            row = TodayRow(entry, platform, self)
            self.rows.append(row)
            self.list_layout.addWidget(row)
        self.empty.setVisible(not entries)
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        waiting = sum(1 for e in entries if e.post is not None and e.state in (State.DUE, State.LATER))
        due = sum(1 for e in entries if e.state is State.DUE)
        posted = sum(1 for e in entries if e.state is State.POSTED)
        parts = [f"{waiting} to post" if waiting else "", f"{posted} posted" if posted else "",
                 f"{due} due now" if due else ""]
        summary = ", ".join(p for p in parts if p) or ("all done" if entries else "")
        self.header.setText(f"<b>Today</b> · {day:%a %d %b}" + (f"<br>{summary}" if summary else ""))

    def act(self, row: TodayRow, key: str) -> None:
        self.action_requested.emit(key, row.entry)

    def row_of(self, item_id: int, at: datetime | None = None) -> TodayRow | None:
        for row in self.rows:
            if row.item_id == item_id and (at is None or row.entry.at == at):
                return row
        return None

    def show_banner(self, title: str, body: str) -> None:
        self.banner_title.setText(title)
        self.banner_body.setText(body)
        pal = QPalette(self.palette())
        window = pal.color(QPalette.ColorRole.Window)
        pal.setColor(QPalette.ColorRole.Window, mix(window, QColor("#f2a900"), 0.22))
        self.banner.setPalette(pal)
        self.banner.show()

    def dismiss_banner(self) -> None:
        self.banner.hide()
        self.banner_dismissed.emit()

    def focus_item(self, item_id: int, at: datetime | None = None) -> bool:
        """Scroll to an item's row and put the focus on its first button."""
        row = self.row_of(item_id, at)
        if row is None:
            return False
        self.scroll_area.ensureWidgetVisible(row)
        if row.buttons:
            next(iter(row.buttons.values())).setFocus(Qt.FocusReason.OtherFocusReason)
        return True
