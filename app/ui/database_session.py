"""The window's hold on its database file: noticing what other programs commit to it, and
letting go of it for a while (a restore replaces the file under the same name)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer, Signal

from app.storage.errors import ReadWriteError
from app.storage.repository import Repository


class DatabaseSession(QObject):
    """The open file, polled every `interval_ms` for commits made elsewhere."""

    changed_elsewhere = Signal()  # another program (the command line, a sync) committed

    def __init__(self, repo: Repository, parent: QObject | None, interval_ms: int) -> None:
        super().__init__(parent)
        self.repo = repo
        self._version = repo.data_version()
        self.poll = QTimer(self)
        self.poll.setInterval(interval_ms)
        self.poll.timeout.connect(self.check)

    def start(self) -> None:
        self.poll.start()

    def stop(self) -> None:
        self.poll.stop()

    def check(self) -> None:
        """Say whether the file changed since it was last seen (a failed read says nothing)."""
        try:
            version = self.repo.data_version()
        except ReadWriteError:
            return
        if version != self._version:
            self._version = version
            self.changed_elsewhere.emit()

    def seen(self) -> None:
        """The file as it is now is known (read, or written by this window's own helpers)."""
        self._version = self.repo.data_version()

    @contextmanager
    def released(self) -> Iterator[None]:
        """Close the connection for the block and open it again after, even when the block
        fails (a StorageError from reopening is the caller's to tell); polling pauses."""
        self.poll.stop()
        self.repo.close()
        try:
            yield
        finally:
            self.repo.reopen()
            self.seen()
            self.poll.start()
