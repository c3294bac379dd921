"""Writing export files so that a failure never leaves half a file, or half a set of files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


class ExportWriteError(Exception):
    """A file could not be written; the message names it and says why, on one line."""


def write_files_atomically(targets: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write each file under a temporary name beside it, then rename them all.

    If any write fails, every temporary file is removed and no target is touched.
    """
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in targets:
            if not path.parent.is_dir():
                raise ExportWriteError(f"{path}: folder {path.parent} does not exist")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                temps.append((tmp, path))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(content.encode("utf-8") if isinstance(content, str) else content)
                # mkstemp makes the file private; an export gets the usual permissions.
                os.chmod(tmp, usual_mode())
            except OSError as exc:
                raise ExportWriteError(f"{path}: cannot write ({exc.strerror})") from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise ExportWriteError(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def usual_mode() -> int:
    """The permissions a newly created file gets under the user's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
