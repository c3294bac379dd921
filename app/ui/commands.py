"""Undo commands: each wraps one service-layer Change and says in words what it did."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.rules.explain import rule_name
from app.services.daily import Marking, apply_marking
from app.services.edits import Change, apply
from app.storage.errors import ReadWriteError, StorageError
from app.storage.repository import Repository

Notify = Callable[[Change, bool], None]  # the change now in force, and whether it was an undo


class ChangeCommand(QUndoCommand):
    """An edit already written by the service layer; undo writes its inverse, redo it again."""

    def __init__(self, text: str, repo: Repository, change: Change, notify: Notify,
                 on_error: Callable[[str], None]) -> None:
        super().__init__(text)
        self.repo = repo
        self.change = change
        self.notify = notify
        self.on_error = on_error
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit was made before the command was pushed
            self._first = False
        else:
            try:
                self.change = apply(self.repo, self.change)
            except (KeyError, ValueError, ReadWriteError) as exc:
                self.on_error(f"Cannot redo {self.text()}: {exc}")
                return
        self.notify(self.change, False)

    def undo(self) -> None:
        inverse = self.change.inverse()
        try:
            apply(self.repo, inverse)
        except (KeyError, ValueError, ReadWriteError) as exc:
            # Another program changed these items meanwhile; say so rather than guess.
            self.on_error(f"Cannot undo {self.text()}: {exc}")
            return
        self.notify(inverse, True)


class WrittenCommand(QUndoCommand):
    """An edit a service already wrote (settings, goals): undo and redo are the service's
    writes of the change's inverse and of the change again, each one transaction."""

    # What a write that another program got in the way of raises; said in one line.
    errors: tuple[type[Exception], ...] = (KeyError, ValueError, StorageError, ReadWriteError)

    def __init__(self, text: str, undo: Callable[[], object], redo: Callable[[], object],
                 notify: Callable[[], object], on_error: Callable[[str], None]) -> None:
        super().__init__(text)
        self._undo, self._redo = undo, redo
        self.notify = notify
        self.on_error = on_error
        self._first = True

    def _write(self, write: Callable[[], object], verb: str) -> None:
        try:
            write()
        except self.errors as exc:
            self.on_error(f"Cannot {verb} {self.text()}: {exc}")
            return
        self.notify()

    def redo(self) -> None:
        if self._first:  # written before the command was pushed
            self._first = False
            self.notify()
        else:
            self._write(self._redo, "redo")

    def undo(self) -> None:
        self._write(self._undo, "undo")


class SetAsideCommand(WrittenCommand):
    """A problem set aside until its items change, or brought back; undo does the other.

    Written before it is pushed (`write`), so a database that refuses it (read-only, too
    old) leaves nothing on the stack; redo writes it again after an undo.
    """

    errors = (StorageError, ReadWriteError)

    def __init__(self, repo: Repository, week: str, key: str, rule: str, message: str,
                 aside: bool, notify: Callable[[], object], on_error: Callable[[str], None]) -> None:
        name = rule_name(rule)
        super().__init__(f"set aside '{name}'" if aside else f"bring back '{name}'",
                         lambda: self.write(not aside), lambda: self.write(aside), notify, on_error)
        self.repo = repo
        self.week, self.key, self.rule, self.message = week, key, rule, message
        self.aside = aside

    def write(self, aside: bool) -> None:
        if aside:
            self.repo.ignore(self.key, self.week, self.rule, self.message)
        else:
            self.repo.unignore(self.key)


class MarkCommand(WrittenCommand):
    """A mark (posted, skipped, done, or back to waiting) already written by
    app.services.daily: the status change and the record beside it, undone together."""

    def __init__(self, text: str, repo: Repository, marking: Marking, notify: Callable[[], object],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(text, lambda: apply_marking(repo, marking.inverse()),
                         lambda: apply_marking(repo, marking), notify, on_error)
        self.repo = repo
        self.marking = marking
