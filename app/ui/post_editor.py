"""The post editor: every field of a post, a live character count, validation as you type.

While the user types, `draft_changed` carries the post as it would be saved (or None when
the fields do not make a post yet), so the window can lint the week before anything is
written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.items import Account, Post, PostKind, PostStatus
from app.domain.platforms import Platform
from app.ui.editor_fields import buddy_label, choice_combo
from app.ui.item_editor import ItemEditor
from app.ui.palette import readable_on

KIND_HELP = {
    PostKind.PROMO: "promo: sells or promotes your own product, offer or page",
    PostKind.OWN: "own: your useful content that does not sell",
    PostKind.CURATED: "curated: someone else's work, with your commentary",
    PostKind.CONVERSATION: "conversation: a question or reply meant to start talk",
}


BLANK_POST = "Write the text, or give a link (an idea may be just a link), to save the post"


def link_problem(link: str) -> str:
    """Why a link cannot be saved, or '' when it is fine (or empty)."""
    if not link:
        return ""
    if any(c.isspace() for c in link):
        return "Link: a link has no spaces"
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https"):
        return "Link: start it with https:// (or http://)"
    if "." not in parts.netloc:
        return f"Link: {parts.netloc or '(nothing)'} is not a web address"
    return ""


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags separated by ';', ',' or spaces; a leading '#' is dropped."""
    raw = text.replace(",", ";").replace(" ", ";").split(";")
    return tuple(dict.fromkeys(t.strip().lstrip("#") for t in raw if t.strip().lstrip("#")))


class PostEditor(ItemEditor):
    """Edit a new or existing post; OK stays disabled while a field is invalid."""

    original: Post

    def __init__(self, platforms: Mapping[str, Platform], accounts: Sequence[Account],
                 post: Post, parent: QWidget | None = None, *, new: bool = False) -> None:
        super().__init__(platforms, post, parent, title="New post" if new else "Edit post", min_width=480)
        self.accounts = list(accounts)
        self.account = QComboBox(self)
        self.account.setEditable(True)
        self.account.setAccessibleName("Account")
        self.account.setToolTip("The handle you post from; personal accounts should not sell")
        form = QFormLayout()
        form.addRow("&Platform", self.platform)
        form.addRow("&Account", self.account)
        self._when_row(form)
        self.kind = choice_combo(post.kind, "Kind", self)
        for index, kind in enumerate(PostKind):
            self.kind.setItemData(index, KIND_HELP[kind], Qt.ItemDataRole.ToolTipRole)
        self.status = choice_combo(post.status, "Status", self)
        self.text = QPlainTextEdit(post.text, self)
        self.text.setAccessibleName("Text")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        self.counter = QLabel(self)
        self.counter.setAccessibleName("Character count")
        self.link = QLineEdit(post.link, self)
        self.link.setPlaceholderText("https://...")
        self.link.setAccessibleName("Link")
        self.tags = QLineEdit("; ".join(post.tags), self)
        self.tags.setPlaceholderText("travel; lisbon")
        self.tags.setAccessibleName("Tags")

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind, 1)
        kind_row.addWidget(buddy_label("&Status", self.status, self))
        kind_row.addWidget(self.status, 1)
        form.addRow(buddy_label("&Kind", self.kind, self), kind_row)
        form.addRow("&Text", self.text)
        form.addRow("", self.counter)
        form.addRow("&Link", self.link)
        form.addRow("Ta&gs", self.tags)

        self._fill_accounts(post.account)
        self.platform.currentIndexChanged.connect(lambda _: self._fill_accounts(self.account.currentText()))
        self._finish(form, 60, (
            self.account.editTextChanged, self.kind.currentIndexChanged,
            self.status.currentIndexChanged, self.text.textChanged, self.link.textChanged,
            self.tags.textChanged))
        self.text.setFocus()

    def _fill_accounts(self, keep: str | None) -> None:
        pid = self.platform.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        self.account.addItem("", "")
        for account in self.accounts:
            if account.platform == pid:
                self.account.addItem(f"{account.handle}", account.handle)
                self.account.setItemData(self.account.count() - 1, f"{account.use.value} account",
                                         Qt.ItemDataRole.ToolTipRole)
        self.account.setEditText(keep or "")
        self.account.blockSignals(False)

    def draft(self) -> tuple[Post | None, str, str]:
        """(the post as it would be saved or None, the error, a note)."""
        platform, start, note = self._platform_and_start()
        if platform is None or start is None:
            return None, note, ""
        handle = self.account.currentText().strip()
        if any(c.isspace() for c in handle):
            return None, "Account: a handle has no spaces", ""
        link = self.link.text().strip()
        problem = link_problem(link)
        if problem:
            return None, problem, ""
        if not self.text.toPlainText().strip() and not link:
            # Not an error yet (a new post starts empty), but nothing to save: say what is missing.
            return None, "", BLANK_POST
        post = Post(
            platform=platform.id, start=start, kind=PostKind(self.kind.currentData()),
            status=PostStatus(self.status.currentData()), text=self.text.toPlainText(),
            link=link, tags=parse_tags(self.tags.text()), notes=self.notes.toPlainText(),
            account=handle or None, id=self.original.id,
        )
        return post, "", note

    def _changed(self, *_: object) -> None:
        self._update_counter()
        super()._changed()

    def _update_counter(self) -> None:
        from app.rules.text_length import count_length

        platform = self.current_platform()
        if platform is None:
            self.counter.setText("")
            return
        length = count_length(self.text.toPlainText(), self.link.text().strip(), platform)
        if platform.text_limit is None:
            self.counter.setText(f"{length} characters ({platform.name} sets no limit)")
            self.counter.setStyleSheet("")
            return
        left = platform.text_limit - length
        if left < 0:
            colour = readable_on(QColor("#d32f2f"), self.palette().color(QPalette.ColorRole.Window), 3.5)
            self.counter.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
            self.counter.setText(f"{length} / {platform.text_limit}: {-left} over the "
                                 f"{platform.name} limit, counted as {platform.name} counts")
        else:
            self.counter.setStyleSheet("")
            self.counter.setText(f"{length} / {platform.text_limit} ({left} left)")

    def result_post(self) -> Post:
        post: Post = self._result()
        return post


def default_post(platform: str, start: datetime) -> Post:
    return Post(platform=platform, start=start, kind=PostKind.OWN, status=PostStatus.DRAFT)
