"""The backlog above the week: ideas dragged onto a day and cards dragged back, free posting
times marked, a new post taking the next free one, and "Fill the week..." with its preview;
each one undoable edit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.domain.ideas import Idea
from app.domain.items import Activity, Post, PostKind, Slot
from app.domain.weeks import Week
from app.domain.zones import get_zone, local
from app.services import planning
from app.storage import backlog
from app.storage.repository import Repository
from app.ui.backlog_panel import IDEA_MIME
from app.ui.main_window import MainWindow
from app.ui.week_model import MIME_TYPE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

BERLIN = get_zone("Europe/Berlin")
IDEAS = (Idea("x", PostKind.OWN, "Five things I learned walking the coast road", "https://slowroads.blog/coast"),
         Idea("x", PostKind.CURATED, "This essay on slow travel is worth your morning",
              "https://example.org/slow"),
         Idea("x", PostKind.CONVERSATION, "What is the road you keep coming back to?"))


def next_week() -> Week:
    return Week.containing(datetime.now(BERLIN).date(), BERLIN).shifted(1)


@pytest.fixture
def planner(qtbot, repo: Repository, layout: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """Next week (every posting time still to come): a daily reply slot on X, three ideas,
    X posting times on weekdays at 09:00 and 13:00."""
    week = next_week()
    repo.set_setting("zone", "Europe/Berlin")
    repo.add(Slot("x", local(week.monday, time(17), BERLIN), 20, Activity.REPLY, "FREQ=DAILY"))
    backlog.add_ideas(repo, IDEAS)
    planning.set_posting_times(repo, "x", ((d, time(h)) for d in range(5) for h in (9, 13)))  # type: ignore[arg-type]
    win = MainWindow(repo, layout, week)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.poll.stop()
    win.show()  # drops reach visible widgets only
    qtbot.waitExposed(win)
    yield win


def drop(widget, mime_type: str, payload: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """A drop as Qt delivers it to a widget (the drag itself needs a real pointer)."""
    mime = QMimeData()
    mime.setData(mime_type, QByteArray(json.dumps(payload).encode()))
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(QPoint(20, 20)), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def day_posts(window: MainWindow, col: int) -> list[Post]:
    return [c.post for c in window.week_model.days[col].cards() if c.post is not None]


def test_the_backlog_shows_its_ideas_and_the_days_their_free_posting_times(planner: MainWindow) -> None:
    panel = planner.backlog.panel
    assert panel.list.count() == 3
    assert panel.toggle.text() == "Backlog · 3"
    assert "Five things I learned" in panel.list.item(0).text()
    views = planner.week_view.views
    assert views[0].free_marks == ["09:00 X", "13:00 X"]
    assert views[5].free_marks == []  # no posting times on Saturday
    assert "Free posting times: 09:00 X, 13:00 X" in views[0].toolTip()

    # Collapsed from the View menu, and the choice is remembered.
    from app.ui.actions import ActionId

    planner.registry[ActionId.BACKLOG].setChecked(False)
    assert panel.collapsed and not panel.list.isVisibleTo(planner)
    assert planner.settings.value("window/backlog_hidden", type=bool) is True
    planner.registry[ActionId.BACKLOG].setChecked(True)
    assert not panel.collapsed


def test_an_idea_dropped_on_a_day_takes_its_next_free_posting_time_and_undoes(
        planner: MainWindow, repo: Repository) -> None:
    first = backlog.ideas(repo)[0]
    tuesday = planner.week_view.views[1]
    drop(tuesday.viewport(), IDEA_MIME, {"ideas": [first.id]})

    (post,) = day_posts(planner, 1)
    assert post.text == first.text and post.start.astimezone(BERLIN).time() == time(9)
    assert [i.id for i in backlog.ideas(repo)] == [i.id for i in backlog.ideas(repo) if i.id != first.id]
    assert planner.backlog.panel.list.count() == 2
    assert planner.week_view.views[1].free_marks == ["13:00 X"]
    assert planner.undo_stack.undoText() == "plan idea on Tuesday"

    planner.undo_stack.undo()
    assert day_posts(planner, 1) == []
    assert backlog.ideas(repo)[0] == first  # back, with its id and place in the backlog
    planner.undo_stack.redo()
    assert [p.text for p in day_posts(planner, 1)] == [first.text]


def test_a_card_dropped_on_the_backlog_becomes_an_idea_again(planner: MainWindow, repo: Repository) -> None:
    week = planner.week
    post = repo.add(Post("x", local(week.monday + timedelta(days=2), time(9), BERLIN), PostKind.OWN,
                         text="Rain on the ridge", link="https://slowroads.blog/rain"))
    planner.refresh()
    drop(planner.backlog.panel.list.viewport(), MIME_TYPE,
         {"day": (week.monday + timedelta(days=2)).isoformat(), "items": [post.id], "occurrences": {}})
    assert day_posts(planner, 2) == []
    assert backlog.ideas(repo)[-1].text == "Rain on the ridge"
    assert planner.undo_stack.undoText() == "move post to the backlog"
    planner.undo_stack.undo()
    assert [p.id for p in day_posts(planner, 2)] == [post.id]
    assert [i.text for i in backlog.ideas(repo)] == [i.text for i in IDEAS]


def test_a_new_post_takes_the_next_free_posting_time(planner: MainWindow, repo: Repository) -> None:
    week = planner.week
    repo.add(Post("x", local(week.monday, time(9), BERLIN), PostKind.OWN, text="Taken"))
    planner.refresh()
    planner.week_view.views[0].setFocus()
    editor = planner.new_post(week.monday)
    assert editor.original.start.astimezone(BERLIN) == local(week.monday, time(13), BERLIN)
    editor.reject()


def test_fill_the_week_previews_then_places_as_one_undoable_edit(qtbot, planner: MainWindow,  # type: ignore[no-untyped-def]
                                                                 repo: Repository) -> None:
    dialog = planner.backlog.open_fill()
    assert dialog.table.rowCount() == 3
    assert dialog.place_button.text() == "Place 3 posts"
    assert "None of them adds a warning or an error." in dialog.intro.text()
    assert backlog.ideas(repo) != []  # a preview writes nothing
    dialog.accept()
    placed = [p for col in range(7) for p in day_posts(planner, col)]
    assert sorted(p.text for p in placed) == sorted(i.text for i in IDEAS)
    assert backlog.ideas(repo) == []
    assert not [f for f in planner.findings if f.blocks]
    assert planner.undo_stack.undoText() == "fill the week (3 posts)"
    planner.undo_stack.undo()
    assert [p for col in range(7) for p in day_posts(planner, col)] == []
    assert [i.text for i in backlog.ideas(repo)] == [i.text for i in IDEAS]

    # Nothing to place: the button says so and stays off.
    planning.set_posting_times(repo, "x", ())
    planner.refresh()
    dialog = planner.backlog.open_fill()
    assert not dialog.place_button.isEnabled()
    assert "no free posting time" in dialog.intro.text()
    dialog.reject()


def test_posting_times_are_edited_in_the_settings_and_checked_as_the_command_line_checks_them(
        qtbot, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui.settings_dialog import SettingsDialog

    planning.set_posting_times(repo, "x", ((0, time(9)),))
    dialog = SettingsDialog(repo)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    table = dialog.platform_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "x")
    table.setCurrentCell(row, 1)
    assert dialog.posting_label.text() == "Post&ing times on X:"
    assert dialog.posting_edit.text() == "mon 09:00"
    qtbot.keyClicks(dialog.posting_edit, "; fry 10:00")
    assert not ok.isEnabled()
    assert dialog.error.text() == "Posting times on x: 'fry' is not a day (mon, tue, wed, thu, fri, sat, sun)"
    dialog.posting_edit.clear()
    qtbot.keyClicks(dialog.posting_edit, "mon-fri 09:00,13:00; sat 10:00")
    assert ok.isEnabled()
    dialog.accept()
    assert planning.posting_times(repo)["x"] == tuple(
        sorted({(d, time(h)) for d in range(5) for h in (9, 13)} | {(5, time(10))}))


def test_an_evergreen_post_marked_in_the_editor_runs_again_in_a_fill(planner: MainWindow,
                                                                      repo: Repository) -> None:
    from app.domain.ideas import Evergreen
    from app.domain.items import PostStatus

    week = planner.week
    old = repo.add(Post("x", local(week.monday - timedelta(days=40), time(10), BERLIN), PostKind.OWN,
                        PostStatus.POSTED, "Ten quiet streets of Lisbon", "https://slowroads.blog/quiet"))
    editor = planner.edit_item(old.id)
    assert editor.evergreen.record.text() == ""
    editor.evergreen.on.setChecked(True)
    editor.evergreen.gap.setValue(30)
    editor.evergreen.most.setValue(2)
    editor.accept()
    assert backlog.evergreen(repo) == {old.id: Evergreen(30, 2)}
    assert planner.undo_stack.undoText() == "mark own post evergreen"
    planner.undo_stack.undo()
    assert backlog.evergreen(repo) == {}
    planner.undo_stack.redo()
    assert backlog.evergreen(repo) == {old.id: Evergreen(30, 2)}

    dialog = planner.backlog.open_fill()
    runs = [row for row in range(dialog.table.rowCount())
            if dialog.table.item(row, 4).text() == "evergreen run"]
    assert len(runs) == 1
    dialog.accept()
    (run_id,) = backlog.runs(repo)[old.id]
    run = repo.get(run_id)
    assert run.text == old.text and run.link == old.link and week.contains(run.start)
    assert run.status is PostStatus.SCHEDULED
    editor = planner.edit_item(old.id)
    assert editor.evergreen.record.text() == "Ran again 1 time."
    editor.reject()
    planner.undo_stack.undo()  # the fill
    assert repo.get(run_id) is None and backlog.runs(repo) == {}


def test_a_snippet_is_kept_from_a_selection_and_inserted_where_the_cursor_is(
        planner: MainWindow, repo: Repository) -> None:
    editor = planner.new_post(planner.week.monday)
    editor.text.setPlainText("Walk slowly. — Ana, slowroads.blog")
    cursor = editor.text.textCursor()
    cursor.setPosition(13)
    cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)
    editor.snippets.last_edit = editor.text
    editor.snippets.keep("x", name="Sign-off")
    assert repo.setting("snippets") == [
        {"name": "Sign-off", "text": "— Ana, slowroads.blog", "platform": "x"}]

    editor.text.setPlainText("New essay on the coast road.")
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    editor.snippets.fill_menu()
    (action,) = [a for a in editor.snippets.menu.actions() if a.text() == "Sign-off (x)"]
    action.trigger()
    assert editor.text.toPlainText() == "New essay on the coast road. — Ana, slowroads.blog"
    editor.reject()


def test_an_empty_backlog_is_one_line_that_still_takes_a_card_and_delete_removes_ideas(
        qtbot, planner: MainWindow, repo: Repository) -> None:  # type: ignore[no-untyped-def]
    panel = planner.backlog.panel
    panel.list.selectAll()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert backlog.ideas(repo) == []
    assert planner.undo_stack.undoText() == "delete 3 ideas"
    assert not panel.list.isVisibleTo(planner)
    assert panel.hint.text().startswith("No ideas waiting")
    assert panel.height() < 2 * panel.fill_button.sizeHint().height()

    post = repo.add(Post("x", local(planner.week.monday, time(9), BERLIN), PostKind.OWN, text="Dusk"))
    planner.refresh()
    drop(panel, MIME_TYPE, {"day": planner.week.monday.isoformat(), "items": [post.id], "occurrences": {}})
    assert [i.text for i in backlog.ideas(repo)] == ["Dusk"]
    assert panel.list.isVisibleTo(planner) and panel.list.count() == 1
    planner.undo_stack.undo()
    planner.undo_stack.undo()
    assert [i.text for i in backlog.ideas(repo)] == [i.text for i in IDEAS]
