"""The window's edits: each one named, made through app/services in one transaction, and
pushed on the undo stack; the window is then refreshed and shows what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from app import APP_NAME
from app.domain.items import Post, Slot
from app.domain.zones import local
from app.services import edits, setup
from app.services.edits import Change
from app.services.planning import PlanChange
from app.storage.errors import ReadWriteError, StorageError
from app.storage.repository import Repository
from app.ui.commands import ChangeCommand, SetAsideCommand, WrittenCommand

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

STATUS_MS = 5000
Written = setup.SetupChange | setup.GoalsChange | PlanChange


class _Edit(Protocol):
    @property
    def empty(self) -> bool: ...


E = TypeVar("E", bound=_Edit)


def noun(item: Post | Slot) -> str:
    """How an edit's text names an item: "own post", "reply slot"."""
    if isinstance(item, Post):
        return f"{item.kind.value} post"
    return f"{item.activity.value} slot"


class EditController:
    """Every edit the window makes; the window's signals and actions call these."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def repo(self) -> Repository:
        return self.window.repo

    def _saved(self, text: str) -> None:
        self.window.statusBar().showMessage(f"Saved: {text} (Ctrl+Z undoes it)", STATUS_MS)

    def run(self, text: str, edit: Callable[[], Change]) -> Change | None:
        """Make an edit through the service layer and push it on the undo stack."""
        return self.push(text, edit, lambda change: ChangeCommand(text, self.repo, change, self.changed,
                                                                  self.failed))

    def push(self, text: str, edit: Callable[[], E], command: Callable[[E], QUndoCommand]) -> E | None:
        """Make an edit and push its `command` on the undo stack; an edit that fails is said in
        a box, and the window shows the file as it is."""
        try:
            change = edit()
        except (KeyError, ValueError, TypeError, StorageError, ReadWriteError) as exc:
            QMessageBox.warning(self.window, APP_NAME, f"Could not {text}: {exc}")
            self.window.refresh()
            return None
        if change.empty:
            return change
        self.window.undo_stack.push(command(change))
        self._saved(text)
        return change

    def push_written(self, text: str, change: Written | None,
                     write: Callable[[Repository, Any], object], notify: Callable[[], object]) -> None:
        """Put an edit a dialog already wrote (settings, goals, an import) on the undo stack;
        undo writes its inverse with `write`, redo the change again."""
        if change is None or change.empty:
            notify()
            return
        inverse = change.inverse()
        self.window.undo_stack.push(WrittenCommand(text, lambda: write(self.repo, inverse),
                                                   lambda: write(self.repo, change), notify, self.failed))
        self._saved(text)

    def changed(self, change: Change, undo: bool) -> None:
        """An edit was made, undone or redone: show the week again with its items selected."""
        self.window.refresh()
        shown = [i.id for i in (*change.added, *(a for _b, a in change.updated)) if i.id is not None]
        if shown:
            self.window.week_view.select_items(shown)

    def failed(self, message: str) -> None:
        self.window.refresh()
        QMessageBox.warning(self.window, APP_NAME, message)

    def day_name(self, day: date) -> str:
        week = self.window.week
        return f"{day:%A}" if week.days[0] <= day <= week.days[-1] else f"{day:%a %d %b}"

    def move_item(self, item_id: int, day: date) -> None:
        item = self.repo.get(item_id)
        if item is None:
            return
        self.run(f"move {noun(item)} to {self.day_name(day)}",
                 lambda: edits.move_item(self.repo, item_id, day, self.window.zone))

    def retime_item(self, item_id: int, at: datetime) -> None:
        """A card dragged to another place in its day: the wall time between its neighbours."""
        item = self.repo.get(item_id)
        if item is None:
            return
        zone = self.window.zone
        moment = local(at.date(), at.time(), zone)
        self.run(f"move {noun(item)} to {moment:%H:%M}",
                 lambda: edits.move_item(self.repo, item_id, moment.date(), zone, at=moment))

    def move_occurrence(self, item_id: int, occurrence: datetime, target: date | datetime) -> None:
        """One occurrence of a repeating slot dropped elsewhere: ask which occurrences move."""
        from app.ui.occurrence_scope import ask_scope, scoped_text

        item = self.repo.get(item_id)
        if not isinstance(item, Slot) or not item.rrule:
            return
        zone = self.window.zone
        if isinstance(target, datetime):  # another place in the same day: another time
            to = local(target.date(), target.time(), zone)
            where = f"{to:%H:%M}"
        else:
            to = edits.moved_start(occurrence, target, zone)
            where = self.day_name(target)
        day = self.day_name(occurrence.astimezone(zone).date())
        scope = ask_scope(self.window, "Move", f"{day}'s {noun(item)}")
        if scope is None:
            return
        self.run(scoped_text("move", scope, noun(item), day, where),
                 lambda: edits.move_occurrence(self.repo, item_id, occurrence, to, scope))

    def delete_selected(self) -> None:
        """Delete the selected cards; for a repeating slot's occurrence, ask which ones."""
        from app.services.edits import Scope

        cards = self.window.week_view.selected_cards()
        if not cards:
            return
        series: dict[int, list[datetime]] = {}
        for card in cards:
            if card.repeats and card.occurrence is not None:
                series.setdefault(card.item_id, []).append(card.occurrence.start)
        ids = [i for i in dict.fromkeys(c.item_id for c in cards) if i not in series]
        items = [i for i in (self.repo.get(x) for x in (*ids, *series)) if i is not None]
        if not items:
            return
        text = f"delete {noun(items[0])}" if len(items) == 1 else f"delete {len(items)} items"
        scope = Scope.ALL
        if series:
            from app.ui.occurrence_scope import ask_scope, scoped_text

            first_id, starts = next(iter(series.items()))
            name = noun(next(i for i in items if i.id == first_id))
            day = self.day_name(starts[0].astimezone(self.window.zone).date())
            chosen = ask_scope(self.window, "Delete", f"{day}'s {name}")
            if chosen is None:
                return
            scope = chosen
            if len(cards) == 1:
                text = scoped_text("delete", scope, name, day)
            elif scope is Scope.ALL:
                text += " (every repeat)"

        def edit() -> Change:
            with self.repo.transaction():  # one edit: all of it is written, or none
                change = edits.delete_items(self.repo, ids) if ids else Change()
                for slot_id, starts in series.items():
                    picked = sorted(starts) if scope is Scope.THIS else [min(starts)]
                    for start in picked:
                        change = change + edits.delete_occurrence(self.repo, slot_id, start, scope)
                return change

        self.run(text, edit)

    def duplicate_selected(self) -> None:
        ids: Sequence[int] = self.window.week_view.selected_ids()
        if not ids:
            return
        first = self.repo.get(ids[0])
        text = "duplicate " + (noun(first) if len(ids) == 1 and first is not None else f"{len(ids)} items")
        self.run(text, lambda: edits.duplicate_items(self.repo, ids))

    def set_done(self, slot_id: int, occurrence: datetime, done: bool) -> None:
        self.run("mark slot done" if done else "mark slot not done",
                 lambda: edits.set_occurrence_done(self.repo, slot_id, occurrence, done))

    def apply_fix(self, key: str) -> None:
        """Apply a problem's quick fix (only offered when it removes the problem and adds no
        warning or error); focus goes back to the findings, so Ctrl+Z undoes it."""
        advice = self.window.advice
        fix = advice.fix(key) if advice is not None else None
        if fix is None:
            return
        label = fix.label[0].lower() + fix.label[1:]
        self.run(label, lambda: edits.apply_fix(self.repo, fix.added, fix.updated))

    def set_aside(self, key: str, aside: bool) -> None:
        """Set a problem aside until its items change, or bring it back: an undoable edit."""
        advice = self.window.advice
        entry = advice.entry(key) if advice is not None else None
        if entry is None:
            return
        command = SetAsideCommand(self.repo, self.window.week.label, entry.key, entry.finding.rule,
                                  entry.finding.message, aside, self.window.refresh, self.failed)
        try:
            command.write(aside)
        except (StorageError, ReadWriteError) as exc:
            QMessageBox.warning(self.window, APP_NAME, f"Could not {command.text()}: {exc}")
            return
        self.window.undo_stack.push(command)
        self.window.statusBar().showMessage(f"{command.text()[0].upper()}{command.text()[1:]} "
                                            "(Ctrl+Z undoes it)", STATUS_MS)
