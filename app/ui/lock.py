"""One window per database: a QLockFile next to the file; a crashed owner's lock is taken over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


class DatabaseLock:
    """Holds the lock for as long as the window is open."""

    def __init__(self, db: Path) -> None:
        self.path = lock_path(db)
        self._lock = QLockFile(str(self.path))
        # Never stale by age (a planner stays open for days); only when its process is gone.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> str:
        """'' when we hold the lock, else a one-line reason naming the other owner."""
        if self._lock.tryLock(100):
            return ""
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            # tryLock already removed a lock whose process is gone; this one is alive.
            info = self._lock.getLockInfo()  # PySide: (pid, host, app), or False if unreadable
            owner = ""
            if isinstance(info, tuple) and len(info) >= 2:
                owner = f" (process {info[0]}{' on ' + info[1] if info[1] else ''})"
            return f"{self.path.with_suffix('')} is already open in another Presence window{owner}"
        return f"{self.path}: cannot create the lock file (permission denied?)"

    def release(self) -> None:
        self._lock.unlock()
