"""Writing export files so that a failure never leaves half a file, or half a set of files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

_SQLITE_MAGIC = b"SQLite format 3\x00"


class ExportWriteError(Exception):
    """A file could not be written; the message names it and says why, on one line."""


def write_files_atomically(targets: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write each file under a temporary name beside it, then rename them all.

    If any write fails, every temporary file is removed and no target is touched; if a
    rename fails after others succeeded, the files already replaced get their old content
    back (kept as a hard link until the set is complete), so a set is replaced together.
    A database is never overwritten by an export (`-o presence.db`).
    """
    temps: list[tuple[str, Path]] = []
    kept: dict[Path, str | None] = {}  # target -> hard link to its old content (None: was not there)
    done: list[Path] = []
    try:
        for path, content in targets:
            if not path.parent.is_dir():
                raise ExportWriteError(f"{path}: folder {path.parent} does not exist")
            refuse_database(path)
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                temps.append((tmp, path))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(content.encode("utf-8") if isinstance(content, str) else content)
                # mkstemp makes the file private; an export gets the usual permissions.
                os.chmod(tmp, usual_mode())
            except OSError as exc:
                raise ExportWriteError(f"{path}: cannot write ({exc.strerror})") from None
        for _tmp, path in temps:
            kept[path] = _keep(path) if len(temps) > 1 else None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                _put_back(done, kept)
                raise ExportWriteError(f"{path}: cannot write ({exc.strerror}); none of the "
                                       f"{len(temps)} files was changed") from None
            done.append(path)
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for link in kept.values():
            if link is not None and os.path.lexists(link):
                os.unlink(link)


def refuse_database(path: Path) -> None:
    """An export never overwrites an SQLite file: `-o` naming the database (or a link to
    it) would replace a planner with one week of CSV."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError:
        return  # nothing there (or nothing readable): the write says what is wrong
    if head == _SQLITE_MAGIC:
        raise ExportWriteError(f"{path}: is a database; Presence does not overwrite it with an "
                               "export (choose another file name)")


def _keep(path: Path) -> str | None:
    """A hard link to the file now at `path` (None: nothing there to keep)."""
    if not path.is_file():
        return None
    for attempt in range(100):
        link = str(path.with_name(f".{path.name}.old-{os.getpid()}-{attempt}"))
        try:
            os.link(path, link)
            return link
        except FileExistsError:
            continue
        except OSError:
            return None
    return None


def _put_back(done: list[Path], kept: dict[Path, str | None]) -> None:
    for path in done:
        link = kept.get(path)
        try:
            if link is not None:
                os.replace(link, path)
            else:
                os.unlink(path)
        except OSError:
            continue


def usual_mode() -> int:
    """The permissions a newly created file gets under the user's umask, never writable by
    others (under umask 000 an export would be 0666: anyone could change a hand-off file)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask & ~0o022
