"""The post editor's threads, first comment, alt text and "Copy to" as a user meets them."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.items import Post, PostKind, join_thread
from app.domain.platforms import BUILTIN_PLATFORMS
from app.domain.zones import local
from app.storage.repository import Repository
from app.ui.post_editor import PostEditor

from .conftest import BERLIN

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PLATFORMS = {p.id: p for p in BUILTIN_PLATFORMS}
SENTENCE = "Lisbon on foot is a city of hills, trams and viewpoints worth the climb. "


def editor_for(qtbot, platform: str = "x", **fields: object) -> PostEditor:  # type: ignore[no-untyped-def]
    post = Post(platform, local(date(2026, 11, 24), time(9), BERLIN), PostKind.OWN, **fields)  # type: ignore[arg-type]
    editor = PostEditor(PLATFORMS, [], post)
    qtbot.addWidget(editor)
    return editor


def test_split_into_thread_gives_parts_that_each_fit(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot)
    editor.text.setPlainText(SENTENCE * 8)
    assert "over the X limit" in editor.counter.text()
    assert editor.thread_row.isVisibleTo(editor)
    editor.numbered.setChecked(True)
    qtbot.mouseClick(editor.split, qtbot_button())
    assert len(editor.part_edits) == 3
    assert [c.text().split(" (")[0].split(" / ")[1] for c in editor.part_counters] == ["280"] * 3
    assert all("left)" in c.text() for c in editor.part_counters)
    assert [t.text() for t in editor.part_titles] == ["Part 1 of 3", "Part 2 of 3", "Part 3 of 3"]
    post = editor.result_post()
    assert len(post.parts) == 3 and post.parts[2].endswith("3/3")


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_thread_opens_as_its_parts_and_a_part_over_is_shown_on_that_part(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, text=join_thread(["First.", "b" * 290]))
    assert [e.toPlainText() for e in editor.part_edits] == ["First.", "b" * 290]
    assert editor.part_counters[0].text() == "6 / 280 (274 left)"
    assert editor.part_counters[1].text().startswith("290 / 280: 10 over the X limit")
    editor.join_parts()
    assert len(editor.part_edits) == 1 and editor.result_post().text == "First.\n\n" + "b" * 290


def test_a_platform_without_threads_joins_the_parts(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, text=join_thread(["One.", "Two."]))
    editor.platform.setCurrentIndex(editor.platform.findData("linkedin"))
    assert len(editor.part_edits) == 1 and not editor.thread_row.isVisibleTo(editor)
    assert editor.result_post().text == "One.\n\nTwo."


def test_first_comment_and_alt_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = editor_for(qtbot, "instagram", text="Blue hour over the river")
    assert editor.first_comment.isVisibleTo(editor) or not editor.isVisible()
    editor.first_comment.setPlainText("x" * 2210)
    assert editor.comment_counter.text() == "2,210 / 2,200: 10 over what Instagram takes in a comment"
    assert not editor.alt_text.isEnabled()
    editor.has_image.setChecked(True)
    assert editor.alt_text.isEnabled()
    editor.alt_text.setText("The river at blue hour, a tram on the bridge")
    post = editor.result_post()
    assert post.has_image and post.alt_text.startswith("The river") and len(post.first_comment) == 2210


def test_copy_to_x_saves_the_original_and_opens_the_thread_proposal(  # type: ignore[no-untyped-def]
        qtbot, window, demo_repo: Repository) -> None:
    editor = window.new_post(date(2026, 11, 24))
    editor.platform.setCurrentIndex(editor.platform.findData("linkedin"))
    editor.text.setPlainText(SENTENCE * 10)
    editor.copy_menu.aboutToShow.emit()
    offered = [a.data() for a in editor.copy_menu.actions()]
    assert "x" in offered and "linkedin" not in offered  # not onto its own platform
    before = demo_repo.count()
    editor.copy_to("x")
    qtbot.waitUntil(lambda: window.editor is not None and window.editor is not editor)
    copy = window.editor
    assert demo_repo.count() == before + 1  # the LinkedIn post was saved as typed
    assert copy.platform.currentData() == "x" and len(copy.part_edits) == 4  # 3 sentences a part
    assert copy.error.text() == "Copied to X as a thread of 4 parts, each within its 280."
    copy.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert demo_repo.count() == before + 2
    saved = [p for p in demo_repo.load_plan(window.week).posts if p.platform == "x" and p.is_thread]
    assert len(saved) == 1 and len(saved[0].parts) == 4

