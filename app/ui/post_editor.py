"""The post editor: every field of a post, a live character count, validation as you type.

On X, Bluesky, Threads and Mastodon a post may be a thread: its parts are edited one under
the other, each with its own counter, and "Split into thread" cuts an over-long text at
sentence ends (numbered 1/3 when asked). A first comment (where the platform has a limit
for one), an image mark with its alt text, and "Copy to" another platform complete it.

While the user types, `draft_changed` carries the post as it would be saved (or None when
the fields do not make a post yet), so the window can lint the week before anything is
written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.items import THREAD_PLATFORMS, Account, Post, PostKind, PostStatus, join_thread
from app.domain.platforms import Counting, Platform
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
    copy_requested = Signal(object, str)  # the copy (a new Post) and a note on what changed

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
        # Thread parts, one editor and counter each; part 1 is `text` and `counter`.
        self.parts_box = QVBoxLayout()
        self.parts_box.setContentsMargins(0, 0, 0, 0)
        self.part_edits: list[QPlainTextEdit] = []
        self.part_counters: list[QLabel] = []
        self.part_titles: list[QLabel] = []
        parts = post.parts if post.platform in THREAD_PLATFORMS else (post.text,)
        for part in parts:
            self._add_part(part)
        self.text = self.part_edits[0]
        self.counter = self.part_counters[0]
        self.split = QPushButton("Spl&it into thread", self)
        self.split.setToolTip("Cut the text into parts that each fit, at sentence ends, then between words")
        self.numbered = QCheckBox("Number parts (1/3)", self)
        self.add_part = QPushButton("Add part", self)
        self.join = QPushButton("Join parts", self)
        self.split.clicked.connect(self.split_into_thread)
        self.add_part.clicked.connect(lambda: self._add_part("", focus=True))
        self.join.clicked.connect(self.join_parts)
        self.thread_row = QWidget(self)
        thread_buttons = QHBoxLayout(self.thread_row)
        thread_buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.split, self.numbered, self.add_part, self.join):
            thread_buttons.addWidget(widget)
        thread_buttons.addStretch(1)
        self.first_comment = QPlainTextEdit(post.first_comment, self)
        self.first_comment.setAccessibleName("First comment")
        self.first_comment.setTabChangesFocus(True)
        self.first_comment.setPlaceholderText("Posted as the first comment under the post")
        self.first_comment.setFixedHeight(52)
        self.comment_counter = QLabel(self)
        self.comment_counter.setAccessibleName("First comment count")
        self.has_image = QCheckBox("Carries an ima&ge", self)
        self.has_image.setChecked(post.has_image)
        self.alt_text = QLineEdit(post.alt_text, self)
        self.alt_text.setAccessibleName("Alt text")
        self.alt_text.setPlaceholderText("What the image shows, in a sentence")
        self.alt_text.setCursorPosition(0)
        self.copy = QPushButton("Cop&y to…", self)
        self.copy.setToolTip("Duplicate this post onto another platform, counted there (a long "
                             "post becomes a thread where the platform has threads)")
        self.copy_menu = QMenu(self.copy)
        self.copy_menu.aboutToShow.connect(self._fill_copy_menu)
        self.copy_menu.triggered.connect(lambda action: self.copy_to(action.data()))
        self.copy.setMenu(self.copy_menu)
        self._fill_copy_menu()
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
        text_label = buddy_label("&Text", self.text, self)
        text_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(text_label, self.parts_box)
        form.addRow("", self.thread_row)
        form.addRow("&Link", self.link)
        form.addRow("Ta&gs", self.tags)
        comment_box = QVBoxLayout()
        comment_box.setSpacing(2)
        comment_box.addWidget(self.first_comment)
        comment_box.addWidget(self.comment_counter)
        self.comment_label = buddy_label("First co&mment", self.first_comment, self)
        form.addRow(self.comment_label, comment_box)
        form.addRow("Image", self.has_image)
        form.addRow(buddy_label("Alt te&xt", self.alt_text, self), self.alt_text)
        self.form = form

        self._fill_accounts(post.account)
        self.platform.currentIndexChanged.connect(lambda _: self._fill_accounts(self.account.currentText()))
        self.platform.currentIndexChanged.connect(lambda _: self._platform_changed())
        self._finish(form, 60, (
            self.account.editTextChanged, self.kind.currentIndexChanged,
            self.status.currentIndexChanged, self.link.textChanged,
            self.tags.textChanged, self.first_comment.textChanged, self.has_image.toggled,
            self.alt_text.textChanged))
        self.buttons.addButton(self.copy, self.buttons.ButtonRole.ActionRole)
        self._platform_changed()
        self.text.setFocus()

    # -- thread parts ---------------------------------------------------------------------

    def _add_part(self, text: str, focus: bool = False) -> QPlainTextEdit:
        title = QLabel(self)
        edit = QPlainTextEdit(text, self)
        edit.setTabChangesFocus(True)
        counter = QLabel(self)
        counter.setAccessibleName("Character count")
        self.part_titles.append(title)
        self.part_edits.append(edit)
        self.part_counters.append(counter)
        self.parts_box.addWidget(title)
        self.parts_box.addWidget(edit)
        self.parts_box.addWidget(counter)
        edit.textChanged.connect(self._changed)
        self._relabel_parts()
        if focus:
            edit.setFocus()
            self._changed()
        return edit

    def _relabel_parts(self) -> None:
        several = len(self.part_edits) > 1
        for number, (title, edit) in enumerate(zip(self.part_titles, self.part_edits, strict=True), 1):
            title.setText(f"Part {number} of {len(self.part_edits)}")
            title.setVisible(several)
            edit.setAccessibleName("Text" if number == 1 else f"Part {number}")
            if several:  # each part about five lines high, so a thread of three fits
                lines = edit.fontMetrics().lineSpacing() * 5 + 12
                edit.setMinimumHeight(lines)
                edit.setMaximumHeight(lines)
            else:
                edit.setMinimumHeight(110)
                edit.setMaximumHeight(16777215)
        if hasattr(self, "join"):
            self.join.setEnabled(several)

    def set_parts(self, parts: Sequence[str]) -> None:
        """Show these parts (at least one), reusing the editors there are."""
        parts = list(parts) or [""]
        while len(self.part_edits) > len(parts):
            for widgets in (self.part_titles, self.part_edits, self.part_counters):
                widget = widgets.pop()
                self.parts_box.removeWidget(widget)
                widget.deleteLater()
        for edit, part in zip(self.part_edits, parts, strict=False):
            if edit.toPlainText() != part:
                edit.setPlainText(part)
        for part in parts[len(self.part_edits):]:
            self._add_part(part)
        self._relabel_parts()
        self._changed()

    def parts(self) -> list[str]:
        return [edit.toPlainText() for edit in self.part_edits]

    def split_into_thread(self) -> None:
        """Cut the whole text into parts that each fit the platform."""
        from app.services.threads import split_thread_text

        platform = self.current_platform()
        if platform is None:
            return
        split = split_thread_text(join_thread(self.parts()), self.link.text().strip(), platform,
                                  self.numbered.isChecked())
        if split:
            self.set_parts(split)

    def join_parts(self) -> None:
        self.set_parts(["\n\n".join(p.strip() for p in self.parts() if p.strip())])

    def _platform_changed(self) -> None:
        platform = self.current_platform()
        threads = platform is not None and platform.id in THREAD_PLATFORMS
        if not threads and len(self.part_edits) > 1:
            self.join_parts()  # no threads there: one text
        self.thread_row.setVisible(threads)
        comments = (platform is not None and platform.comment_limit is not None) or bool(
            self.first_comment.toPlainText())
        self.form.setRowVisible(self.comment_label, comments)
        self._changed()

    def _fill_copy_menu(self) -> None:
        """Every shown platform but the post's own."""
        self.copy_menu.clear()
        for pid, target in self.platforms.items():
            if not target.hidden and pid != self.platform.currentData():
                self.copy_menu.addAction(target.name).setData(pid)

    def copy_to(self, pid: str) -> None:
        """Ask the window to open a copy of this post on another platform."""
        from app.services.threads import copy_to_platform

        post = self.draft()[0]
        target = self.platforms.get(pid)
        if post is None or target is None:
            return
        copy = copy_to_platform(post, target, self.numbered.isChecked())
        self.copy_requested.emit(copy.post, copy.note)

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
        if not "".join(self.parts()).strip() and not link:
            # Not an error yet (a new post starts empty), but nothing to save: say what is missing.
            return None, "", BLANK_POST
        post = Post(
            platform=platform.id, start=start, kind=PostKind(self.kind.currentData()),
            status=PostStatus(self.status.currentData()), text=self._draft_text(platform),
            link=link, tags=parse_tags(self.tags.text()), notes=self.notes.toPlainText(),
            account=handle or None, id=self.original.id,
            first_comment=self.first_comment.toPlainText().strip(),
            has_image=self.has_image.isChecked(),
            alt_text=self.alt_text.text().strip() if self.has_image.isChecked() else "",
        )
        return post, "", note

    def _draft_text(self, platform: Platform) -> str:
        parts = self.parts()
        if platform.id in THREAD_PLATFORMS and len(parts) > 1:
            return join_thread([p.strip() for p in parts])
        return "\n\n".join(parts)

    def _changed(self, *_: object) -> None:
        if not hasattr(self, "buttons"):
            return  # still building the form
        self._update_counter()
        super()._changed()

    def _over_style(self) -> str:
        colour = readable_on(QColor("#d32f2f"), self.palette().color(QPalette.ColorRole.Window), 3.5)
        return f"color: {colour.name()}; font-weight: bold;"

    def _update_counter(self) -> None:
        from app.rules.text_length import BLUESKY_MAX_BYTES, count_length, utf8_length

        platform = self.current_platform()
        self.alt_text.setEnabled(self.has_image.isChecked())
        self._update_comment_counter(platform)
        if platform is None:
            for counter in self.part_counters:
                counter.setText("")
            return
        link = self.link.text().strip()
        for number, (edit, counter) in enumerate(zip(self.part_edits, self.part_counters, strict=True)):
            part = edit.toPlainText()
            length = count_length(part, link if number == 0 else "", platform)
            if platform.counting is Counting.GRAPHEMES and utf8_length(part) > BLUESKY_MAX_BYTES:
                counter.setStyleSheet(self._over_style())
                counter.setText(f"{utf8_length(part):,} bytes: over the {BLUESKY_MAX_BYTES:,} bytes "
                                f"{platform.name} takes")
                continue
            if platform.text_limit is None:
                counter.setText(f"{length} characters ({platform.name} sets no limit)")
                counter.setStyleSheet("")
                continue
            left = platform.text_limit - length
            if left < 0:
                counter.setStyleSheet(self._over_style())
                counter.setText(f"{length:,} / {platform.text_limit:,}: {-left:,} over the "
                                f"{platform.name} limit, counted as {platform.name} counts")
            else:
                counter.setStyleSheet("")
                counter.setText(f"{length:,} / {platform.text_limit:,} ({left:,} left)")

    def _update_comment_counter(self, platform: Platform | None) -> None:
        comment = self.first_comment.toPlainText().strip()
        limit = platform.comment_limit if platform is not None else None
        if limit is None:
            self.comment_counter.setText(f"{len(comment)} characters" if comment else "")
            self.comment_counter.setStyleSheet("")
            return
        assert platform is not None
        left = limit - len(comment)
        self.comment_counter.setStyleSheet(self._over_style() if left < 0 else "")
        self.comment_counter.setText(
            f"{len(comment):,} / {limit:,}: {-left:,} over what {platform.name} takes in a comment"
            if left < 0 else f"{len(comment):,} / {limit:,} ({left:,} left)")

    def result_post(self) -> Post:
        post: Post = self._result()
        return post


def default_post(platform: str, start: datetime) -> Post:
    return Post(platform=platform, start=start, kind=PostKind.OWN, status=PostStatus.DRAFT)
