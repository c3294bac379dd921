"""Undo commands: each wraps one service-layer Change and says in words what it did."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.edits import Change, apply
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
            except (KeyError, ValueError, sqlite3.Error) as exc:
                self.on_error(f"Cannot redo {self.text()}: {exc}")
                return
        self.notify(self.change, False)

    def undo(self) -> None:
        inverse = self.change.inverse()
        try:
            apply(self.repo, inverse)
        except (KeyError, ValueError, sqlite3.Error) as exc:
            # Another program changed these items meanwhile; say so rather than guess.
            self.on_error(f"Cannot undo {self.text()}: {exc}")
            return
        self.notify(inverse, True)
